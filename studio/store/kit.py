"""The kit in the workspace: reusable snippets and article templates, their queries and changes.

Each change is one write (the item, its outbox op and its journal entry together), queued for the
Hub like an article. The Hub's rules (hub/kit.py) are mirrored here so a refusal is told at once,
offline too: editors propose items and change or withdraw only their own waiting proposals;
admins approve. Only approved items, and one's own proposals, are offered for insertion.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import String, cast, or_, select, tuple_
from sqlalchemy.orm import Session

from studio.domain.ids import new_id
from studio.domain.kit import KINDS, TemplateError, check, fill
from studio.domain.records import RecordType
from studio.domain.roles import may
from studio.store.models import Article, KitItem, Member
from studio.store.workspace import (
    NotFound,
    OperationError,
    Workspace,
    Write,
    wire_dict,
    wire_value,
)

EDITABLE = frozenset({"title", "kind", "body", "tags", "language"})


@dataclass(frozen=True)
class KitRow:
    """A kit item as the kit's list shows it."""

    id: str
    title: str
    kind: str
    language: str
    tags: tuple[str, ...]
    approved: bool
    proposed_by: str
    local: bool
    mine: bool

    @property
    def offered(self) -> bool:
        """Offered for insertion: approved, or one's own proposal."""
        return self.approved or self.mine


@dataclass(frozen=True)
class Who:
    """Whom the workspace acts as, and whether they approve kit items."""

    account: str
    role: str

    @property
    def approves(self) -> bool:
        # A local workspace (no Hub, role "") refuses nothing.
        return not self.role or may(self.role, RecordType.KIT_ITEM, "approve")


def who(workspace: Workspace) -> Who:
    with workspace.reading() as s:
        account = workspace.actor(s)
    return Who(account, workspace.role())


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def kit_page(
    workspace: Workspace,
    after: KitRow | None,
    limit: int,
    text: str = "",
    *,
    kind: str | None = None,
    everything: bool = False,
) -> list[KitRow]:
    """Kit items by title; ``text`` keeps those whose title, body or tags hold every word.

    Only what is offered (approved items and one's own) unless ``everything`` (an admin
    reviewing proposals). ``kind`` keeps snippets or templates only.
    """
    me = who(workspace)
    stmt = select(KitItem).where(KitItem.deleted.is_(False)).order_by(KitItem.title, KitItem.id)
    if not everything:
        stmt = stmt.where(or_(KitItem.approved.is_(True), KitItem.proposed_by == me.account))
    if kind:
        stmt = stmt.where(KitItem.kind == kind)
    for word in text.split()[:10]:
        pattern = _like(word)
        stmt = stmt.where(
            or_(
                KitItem.title.ilike(pattern, escape="\\"),
                KitItem.body.ilike(pattern, escape="\\"),
                cast(KitItem.tags, String).ilike(pattern, escape="\\"),
            )
        )
    if after is not None:
        stmt = stmt.where(tuple_(KitItem.title, KitItem.id) > tuple_(after.title, after.id))
    with workspace.reading() as s:
        return [
            KitRow(
                r.id,
                r.title,
                r.kind,
                r.language,
                tuple(r.tags or ()),
                bool(r.approved),
                r.proposed_by or "",
                bool(r.local),
                bool(r.proposed_by) and r.proposed_by == me.account,
            )
            for r in s.scalars(stmt.limit(limit))
        ]


def kit_item(workspace: Workspace, item_id: str) -> KitItem:
    """The item as it is now (a detached copy); NotFound when missing or deleted."""
    with workspace.reading() as s:
        return _get(s, item_id)


def _get(session: Session, item_id: str) -> KitItem:
    item = session.get(KitItem, item_id)
    if item is None or item.deleted:
        raise NotFound(RecordType.KIT_ITEM, item_id)
    return item


def _checked(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fields cleaned, or OperationError saying what is wrong."""
    out = dict(fields)
    if "title" in out:
        title = str(out["title"] or "").strip()
        if not title:
            raise OperationError("The title cannot be empty.")
        if len(title) > 200:
            raise OperationError("The title is longer than 200 characters.")
        out["title"] = title
    if "kind" in out and out["kind"] not in KINDS:
        raise OperationError(f"Unknown kind {out['kind']!r}; expected snippet or template.")
    if "body" in out and len(out["body"]) > 200_000:
        raise OperationError("The text is longer than 200,000 characters.")
    if "tags" in out:
        out["tags"] = list(dict.fromkeys(str(t).strip() for t in out["tags"] if str(t).strip()))
    for name in ("title", "body"):
        if name in out:
            try:
                check(out[name])
            except TemplateError as exc:
                raise OperationError(f"The {name}: {exc}") from None
    return out


def create_kit_item(
    workspace: Workspace,
    title: str,
    body: str,
    *,
    kind: str = "snippet",
    tags: list[str] | None = None,
    language: str = "en",
    approved: bool = False,
    item_id: str | None = None,
) -> str:
    """A new kit item (a proposal, or approved at once by an admin); returns its id."""
    fields = _checked(
        {"title": title, "body": body, "kind": kind, "tags": tags or [], "language": language}
    )
    me = who(workspace)
    if approved and not me.approves:
        raise OperationError("Only an admin approves kit items; yours is saved as a proposal.")
    with workspace.writing() as w:
        item = KitItem(
            id=item_id or new_id(),
            version=0,
            approved=approved,
            approved_by=w.actor if approved else None,
            proposed_by=w.actor,
            updated_at=w.now,
            local=True,
            **fields,
        )
        w.session.add(item)
        w.session.flush()
        w.queue(
            RecordType.KIT_ITEM,
            item,
            "create",
            wire_dict(RecordType.KIT_ITEM, item),
            f"Created kit {fields['kind']} “{fields['title']}”",
        )
        return item.id


def _changeable(w: Write, item: KitItem, me: Who) -> None:
    if me.approves:
        return
    if item.approved:
        raise OperationError(
            "An approved kit item is changed by an admin; propose a new one instead."
        )
    if item.proposed_by != w.actor:
        raise OperationError(f"This kit item is {item.proposed_by or 'someone else'}'s proposal.")


def save_kit_item(workspace: Workspace, item_id: str, **fields: Any) -> None:
    """Save changed fields of a kit item (title, kind, body, tags, language)."""
    unknown = set(fields) - EDITABLE
    if unknown:
        raise OperationError(f"These kit item fields cannot be edited: {sorted(unknown)}")
    fields = _checked(fields)
    me = who(workspace)
    with workspace.writing() as w:
        item = _get(w.session, item_id)
        _changeable(w, item, me)
        changed = {k: v for k, v in fields.items() if getattr(item, k) != v}
        if not changed:
            return
        w.queue(
            RecordType.KIT_ITEM,
            item,
            "update",
            {k: wire_value(v) for k, v in changed.items()},
            f"Edited {', '.join(sorted(changed))} of kit item “{item.title}”",
        )
        for name, value in changed.items():
            setattr(item, name, value)


def delete_kit_item(workspace: Workspace, item_id: str) -> None:
    """Delete a kit item: a tombstone until the Hub confirms it."""
    me = who(workspace)
    with workspace.writing() as w:
        item = _get(w.session, item_id)
        _changeable(w, item, me)
        w.queue(RecordType.KIT_ITEM, item, "delete", {}, f"Deleted kit item “{item.title}”")
        item.deleted = True


def approve_kit_item(workspace: Workspace, item_id: str, approved: bool = True) -> None:
    """Approve a proposal (or withdraw an approval): admins only."""
    me = who(workspace)
    if not me.approves:
        raise OperationError("Only an admin approves kit items.")
    with workspace.writing() as w:
        item = _get(w.session, item_id)
        if item.approved == approved:
            return
        w.queue(
            RecordType.KIT_ITEM,
            item,
            "update",
            {"approved": approved},
            f"{'Approved' if approved else 'Withdrew the approval of'} kit item “{item.title}”",
        )
        item.approved = approved
        item.approved_by = w.actor if approved else None


def article_values(workspace: Workspace, article_id: str) -> dict[str, str]:
    """What an article's metadata gives the variables of the same name (``{title}``,
    ``{author}``, ``{summary}``, ``{language}``, ``{tags}``, ``{slug}``), and ``{date}``."""
    values = {"date": date.today().isoformat()}
    if not article_id:
        return values
    with workspace.reading() as s:
        row = s.execute(
            select(Article, Member.display_name)
            .outerjoin(Member, Member.id == Article.author_id)
            .where(Article.id == article_id, Article.deleted.is_(False))
        ).first()
    if row is None:
        return values
    article, author = row
    values.update(
        title=article.title,
        author=author or "",
        summary=article.summary,
        language=article.language,
        tags=", ".join(article.tags or []),
        slug=article.slug,
    )
    return values


def create_article_from_template(
    workspace: Workspace, item_id: str, values: Mapping[str, str], title: str = ""
) -> str:
    """A new draft from a template with its variables filled; returns the article's id.

    The title is ``title``, else the value of ``{title}``, else the template's own title.
    """
    item = kit_item(workspace, item_id)
    try:
        body = fill(item.body, values)
    except TemplateError as exc:
        raise OperationError(str(exc)) from None
    name = title.strip() or str(values.get("title") or "").strip() or item.title
    return workspace.create_article(name, body, tags=list(item.tags or []), language=item.language)
