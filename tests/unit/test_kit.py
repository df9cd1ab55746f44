"""The kit: {variables} in snippets and templates, and kit items in a workspace."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from studio.domain.kit import TemplateError, fill, label, parse, variables
from studio.store import replica
from studio.store.kit import (
    approve_kit_item,
    article_values,
    create_article_from_template,
    create_kit_item,
    delete_kit_item,
    kit_item,
    kit_page,
    save_kit_item,
)
from studio.store.models import KitItem, OutboxOp
from studio.store.workspace import OperationError, Workspace

# -- variables -------------------------------------------------------------------------------


def test_variables_are_named_once_in_order_and_filled() -> None:
    text = "Dear {member_name},\n\nWelcome to {team}! — {member_name}"
    assert variables(text) == ["member_name", "team"]
    filled = fill(text, {"member_name": "Ana", "team": "Treasury"})
    assert filled == "Dear Ana,\n\nWelcome to Treasury! — Ana"


def test_doubled_braces_are_literal_braces_and_values_are_not_read_again() -> None:
    text = 'Code: `{{"a": 1}}` for {who}'
    assert variables(text) == ["who"]
    assert fill(text, {"who": "{evil}"}) == 'Code: `{"a": 1}` for {evil}'
    assert fill("{{not_a_variable}}", {}) == "{not_a_variable}"


def test_an_unknown_variable_is_named() -> None:
    with pytest.raises(TemplateError, match=r"No value was given for \{team\}"):
        fill("Hello {member_name} of {team}", {"member_name": "Ana"})


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("Hello {member_name", 1, 7, "is not closed"),
        ("ok\nthen {a\nmore}", 2, 6, "is not closed"),
        ("a } b", 1, 3, "closes nothing"),
        ("{member name}", 1, 1, "is not a variable"),
        ('{"json": 1}', 1, 1, "is not a variable"),
        ("{1st}", 1, 1, "is not a variable"),
        ("{{x}", 1, 4, "closes nothing"),
    ],
)
def test_a_broken_brace_says_where(text: str, line: int, column: int, words: str) -> None:
    with pytest.raises(TemplateError, match=words) as caught:
        parse(text)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert f"Line {line}, column {column}" in str(caught.value)


def test_huge_input_parses_in_linear_time() -> None:
    block = "Paragraph {name} with {{braces}} and text. " * 50_000  # ~2 MB
    started = time.perf_counter()
    assert variables(block) == ["name"]
    assert len(fill(block, {"name": "X"})) < len(block)
    assert time.perf_counter() - started < 2.0
    # A million braces: pairs are literal braces, the odd one out is found, at once.
    started = time.perf_counter()
    assert fill("{" * 1_000_000, {}) == "{" * 500_000
    with pytest.raises(TemplateError, match=r"Line 1, column 999999: a “\{” is not closed"):
        parse("{" * 999_999)
    with pytest.raises(TemplateError, match="closes nothing"):
        parse("}" * 999_999)
    with pytest.raises(TemplateError):
        parse("x" * 1_000_000 + "{" + "y" * 1_000_000)
    assert time.perf_counter() - started < 2.0


def test_labels_read_like_words() -> None:
    assert label("member_name") == "Member name"


# -- kit items in a workspace ---------------------------------------------------------------------


def test_create_edit_approve_delete_each_queued_for_the_hub(workspace: Workspace) -> None:
    item = create_kit_item(workspace, "Disclaimer", "Not advice, {member_name}.", tags=["legal"])
    assert kit_item(workspace, item).proposed_by == "local"
    save_kit_item(workspace, item, body="This is not investment advice, {member_name}.")
    approve_kit_item(workspace, item)
    got = kit_item(workspace, item)
    assert got.approved and got.approved_by == "local" and got.tags == ["legal"]
    with workspace.reading() as s:
        ops = s.scalars(select(OutboxOp).where(OutboxOp.record_id == item)).all()
    # The unsent create absorbs the edit and the approval: one op.
    assert [o.action for o in ops] == ["create"]
    assert ops[0].data["approved"] is True and "investment" in ops[0].data["body"]
    delete_kit_item(workspace, item)
    assert kit_page(workspace, None, 50) == []


def test_a_broken_variable_or_empty_title_is_refused_and_nothing_saved(
    workspace: Workspace,
) -> None:
    with pytest.raises(OperationError, match="The body: Line 1, column 7"):
        create_kit_item(workspace, "Broken", "Hello {member_name")
    with pytest.raises(OperationError, match="title cannot be empty"):
        create_kit_item(workspace, "  ", "x")
    assert kit_page(workspace, None, 50, everything=True) == []


def test_search_narrows_by_every_word_in_title_body_or_tags(workspace: Workspace) -> None:
    create_kit_item(workspace, "Risk warning", "Capital at risk.", tags=["compliance"])
    create_kit_item(workspace, "Webinar recap", "## Recap of {webinar}", kind="template")
    create_kit_item(workspace, "100% sure_thing", "x")
    titles = [r.title for r in kit_page(workspace, None, 50, "risk")]
    assert titles == ["Risk warning"]
    assert [r.title for r in kit_page(workspace, None, 50, "compliance capital")] == [
        "Risk warning"
    ]
    assert [r.title for r in kit_page(workspace, None, 50, "", kind="template")] == [
        "Webinar recap"
    ]
    assert [r.title for r in kit_page(workspace, None, 50, "100%")] == ["100% sure_thing"]
    assert kit_page(workspace, None, 50, "_") == kit_page(workspace, None, 50, "sure_")
    # Keyset paging: a page after the first row goes on from there.
    first = kit_page(workspace, None, 1)
    assert [r.title for r in kit_page(workspace, first[0], 50)] == ["Risk warning", "Webinar recap"]


def test_an_editor_proposes_but_does_not_approve_nor_change_others(workspace: Workspace) -> None:
    replica.link(workspace, "http://hub.invalid", "eve", "editor")
    mine = create_kit_item(workspace, "My proposal", "Text")
    assert not kit_item(workspace, mine).approved
    with pytest.raises(OperationError, match="Only an admin"):
        approve_kit_item(workspace, mine)
    with pytest.raises(OperationError, match="Only an admin"):
        create_kit_item(workspace, "Approved?", "x", approved=True)
    # Someone else's proposal (as the feed brings it) is neither offered nor changeable.
    other = create_kit_item(workspace, "Their proposal", "Text")
    with workspace.writing() as w:
        got = w.session.get(KitItem, other)
        got.proposed_by = "bob"
    assert [r.title for r in kit_page(workspace, None, 50)] == ["My proposal"]
    assert len(kit_page(workspace, None, 50, everything=True)) == 2
    with pytest.raises(OperationError, match="bob's proposal"):
        save_kit_item(workspace, other, body="changed")
    with pytest.raises(OperationError, match="bob's proposal"):
        delete_kit_item(workspace, other)


def test_an_article_from_a_template_has_its_variables_filled(workspace: Workspace) -> None:
    template = create_kit_item(
        workspace,
        "Product update",
        "# {title}\n\nBy {author}, {date}.\n\nWhat changed for {audience}.",
        kind="template",
        tags=["product"],
        language="fr",
    )
    values = {**article_values(workspace, ""), "title": "Cards v2", "author": "Ana"}
    values["audience"] = "SMEs"
    article_id = create_article_from_template(workspace, template, values)
    article = workspace.article(article_id)
    assert article.title == "Cards v2" and article.status == "draft"
    assert article.body.startswith("# Cards v2\n\nBy Ana, ")
    assert article.body.endswith("What changed for SMEs.")
    assert (article.tags, article.language) == (["product"], "fr")
    with pytest.raises(OperationError, match=r"No value was given for \{date\}, \{audience\}\."):
        create_article_from_template(workspace, template, {"title": "x", "author": "y"})


def test_article_values_come_from_its_metadata(workspace: Workspace) -> None:
    article_id = workspace.create_article("Budget 2027", "", summary="Plans", tags=["a", "b"])
    values = article_values(workspace, article_id)
    assert values["title"] == "Budget 2027" and values["summary"] == "Plans"
    assert values["tags"] == "a, b" and values["slug"] == "budget-2027" and values["date"]


def test_a_long_run_in_braces_is_named_shortened() -> None:
    with pytest.raises(TemplateError, match="is not a variable") as caught:
        parse("Text {" + "this is not a variable name " * 1000 + "} more")
    assert len(str(caught.value)) < 300
    assert variables("{" + "n" * 200 + "}") == ["n" * 200]
