"""YAML front matter of Markdown files (Hugo and Jekyll style): read into article metadata when a
file is imported, written when an article is exported.

Reading is strict about what would lose data and lenient about what would not: broken YAML or a
front matter that is not a mapping is refused with the line at fault; unknown keys are ignored;
tags may be a list or a comma-separated string; a date may be a date, a datetime or ISO text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

import yaml

from studio.domain.markdown import FRONT_MATTER


class FrontMatterError(ValueError):
    """The front matter cannot be read; ``str()`` says where and why, for the user."""

    for_the_user = True


@dataclass
class Metadata:
    title: str = ""
    slug: str = ""
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    language: str = ""
    publish_at: datetime | None = None


def split(text: str) -> tuple[dict[str, Any], str]:
    """The front matter as a mapping (empty when there is none) and the body after it."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    block = match.group(0)
    inner = block[block.index("\n") + 1 : block.rstrip().rfind("\n") + 1]
    try:
        data = yaml.safe_load(inner) if inner.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" on line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise FrontMatterError(f"The front matter is broken{where}: {problem}.") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError("The front matter must be a list of `key: value` lines.")
    return {str(k): v for k, v in data.items()}, text[match.end() :]


def metadata(data: dict[str, Any]) -> Metadata:
    """The article metadata in a front matter mapping (keys as Hugo and Jekyll name them)."""
    found = Metadata()
    found.title = _text(data.get("title"))
    found.slug = _text(data.get("slug"))
    found.summary = _text(data.get("summary") or data.get("description") or data.get("excerpt"))
    found.language = _text(data.get("language") or data.get("lang"))
    tags = data.get("tags", data.get("keywords", []))
    if isinstance(tags, str):
        tags = [t for t in (part.strip() for part in tags.split(",")) if t]
    if not isinstance(tags, list):
        raise FrontMatterError("`tags` must be a list or comma-separated text.")
    found.tags = [_text(t) for t in tags if _text(t)]
    when = data.get("publish_at", data.get("publishDate", data.get("date")))
    found.publish_at = _instant(when)
    return found


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise FrontMatterError(f"Expected text, found {type(value).__name__}: {value!r:.60}.")
    return str(value).strip()


def _instant(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time(9, 0))
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            raise FrontMatterError(f"`date` is not a date: {value!r:.60}.") from None
    # A date without a zone is taken as UTC: the front matter has no other zone to offer.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def render(meta: dict[str, Any], body: str) -> str:
    """A Markdown file: ``meta`` as YAML front matter, then ``body``."""
    cleaned = {k: v for k, v in meta.items() if v not in (None, "", [])}
    if not cleaned:
        return body
    front = yaml.safe_dump(cleaned, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{front}---\n\n{body}"
