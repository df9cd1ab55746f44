"""The lexicon: whole words ignoring case, patterns, bad patterns reported, and review blocked
by a high-severity hit (in the workspace, offline)."""

from __future__ import annotations

import pytest

from studio.domain.lexicon import Term, blocking_reason, compile_lexicon
from studio.store import replica
from studio.store.workspace import OperationError, Workspace

TERMS = [
    Term("t1", "guaranteed returns", "high", False),
    Term("t2", "risk-free", "medium", False),
    Term("t3", r"\b\d{2,3}\s?% (?:per|a) month\b", "high", True),
    Term("t4", "(unclosed", "low", True),
    Term("t5", "tip", "low", False),
]


def test_plain_terms_match_whole_words_ignoring_case_and_spacing() -> None:
    lexicon = compile_lexicon(TERMS)
    hits = lexicon.scan("GUARANTEED   returns and a risk-free tip; multiple tips, 12% a month.")
    assert [(h.text, h.term.id) for h in hits] == [
        ("GUARANTEED   returns", "t1"),
        ("risk-free", "t2"),
        ("tip", "t5"),
        ("12% a month", "t3"),
    ]
    assert [t.id for t, _ in lexicon.broken] == ["t4"]  # reported, not raised


def test_a_high_hit_blocks_review_and_says_where() -> None:
    lexicon = compile_lexicon(TERMS)
    hits = lexicon.check({"title": "Guaranteed returns!", "body": "A risk-free plan."})
    assert blocking_reason(hits) == (
        "The lexicon blocks this article from review: “Guaranteed returns” in the title."
    )
    assert blocking_reason(lexicon.check({"body": "A risk-free plan."})) == ""


def _with_terms(ws: Workspace) -> None:
    replica.apply_page(
        ws,
        [
            {
                "type": "lexicon_term",
                "id": t.id,
                "version": 1,
                "deleted": False,
                "data": {"pattern": t.pattern, "severity": t.severity, "is_regex": t.is_regex},
            }
            for t in TERMS
        ],
        "1",
    )


def test_the_workspace_refuses_review_while_a_blocking_hit_remains(workspace: Workspace) -> None:
    _with_terms(workspace)
    aid = workspace.create_article("Savings", "Earn 15 % per month, guaranteed returns.")
    with pytest.raises(OperationError, match="“15 % per month” in the text"):
        workspace.set_article_status(aid, "in_review")
    assert workspace.article(aid).status == "draft"
    workspace.save_article(
        aid, body="Returns are never guaranteed; a risk-free plan does not exist."
    )
    workspace.set_article_status(aid, "in_review")  # a medium hit does not block
    assert workspace.article(aid).status == "in_review"
