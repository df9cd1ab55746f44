"""Markdown files in and out: front matter mapped to metadata, refused files leave nothing, and
an export round-trips."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from studio.domain.frontmatter import FrontMatterError, metadata, split
from studio.domain.textfile import TextFileError
from studio.store.article_files import export_html, export_markdown, import_markdown
from studio.store.models import Article
from studio.store.workspace import Workspace

HUGO = """---
title: "Trésorerie : le guide"
date: 2027-01-15T08:30:00+01:00
tags: [pme, trésorerie]
summary: Un guide pratique.
slug: tresorerie-guide
lang: fr
draft: true
---

# Heading in the body

Text with <script>alert(1)</script>.
"""


def _count(ws: Workspace) -> int:
    with ws.reading() as s:
        return s.query(Article).count()


def test_a_hugo_file_becomes_a_draft_with_its_metadata(workspace: Workspace, tmp_path: Path):
    path = tmp_path / "guide.md"
    path.write_text(HUGO, encoding="utf-8")
    article = workspace.article(import_markdown(workspace, path))
    assert article.title == "Trésorerie : le guide" and article.slug == "tresorerie-guide"
    assert article.tags == ["pme", "trésorerie"] and article.summary == "Un guide pratique."
    assert article.language == "fr" and article.status == "draft"
    assert article.publish_at == datetime(2027, 1, 15, 7, 30, tzinfo=UTC)
    assert article.body.startswith("# Heading in the body")


def test_without_front_matter_the_title_is_the_first_heading_or_the_file_name(
    workspace: Workspace, tmp_path: Path
):
    a = tmp_path / "notes.md"
    a.write_text("Intro\n\n## Real title\n\ntext\n", encoding="utf-8")
    assert workspace.article(import_markdown(workspace, a)).title == "Real title"
    b = tmp_path / "weekly-cash-notes.md"
    b.write_text("just text\n", encoding="utf-8")
    assert workspace.article(import_markdown(workspace, b)).title == "weekly cash notes"


@pytest.mark.parametrize(
    ("content", "error", "message"),
    [
        (b"---\ntitle: [unclosed\n---\nbody\n", FrontMatterError, "broken on line"),
        (b"---\n- a\n- b\n---\nbody\n", FrontMatterError, "key: value"),
        (b"---\ntags: {a: 1}\n---\nbody\n", FrontMatterError, "tags"),
        (b"---\ndate: someday\n---\nbody\n", FrontMatterError, "not a date"),
        ("caf\u00e9".encode("latin-1"), TextFileError, "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\0\0\0IHDR", TextFileError, "binary"),
    ],
    ids=["yaml", "not-a-mapping", "tags", "date", "latin-1", "binary"],
)
def test_a_bad_file_is_refused_and_nothing_is_created(
    workspace: Workspace, tmp_path: Path, content: bytes, error: type, message: str
):
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    with pytest.raises(error, match=message):
        import_markdown(workspace, path)
    assert _count(workspace) == 0


def test_export_round_trips_through_import(workspace: Workspace, tmp_path: Path):
    path = tmp_path / "guide.md"
    path.write_text(HUGO, encoding="utf-8")
    first = import_markdown(workspace, path)
    exported = export_markdown(workspace, first)
    meta, body = split(exported)
    assert body.lstrip().startswith("# Heading in the body")
    assert meta["title"] == "Trésorerie : le guide" and meta["tags"] == ["pme", "trésorerie"]
    assert metadata(meta).publish_at == datetime(2027, 1, 15, 7, 30, tzinfo=UTC)
    again = tmp_path / "again.md"
    again.write_text(exported, encoding="utf-8")
    second = workspace.article(import_markdown(workspace, again))
    assert second.body == workspace.article(first).body and second.title == meta["title"]


def test_html_export_is_a_standalone_sanitized_page(workspace: Workspace, tmp_path: Path):
    aid = workspace.create_article("A <b>bold</b> title", "# Hi\n\n<script>x()</script>text\n")
    page = export_html(workspace, aid)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<title>A &lt;b&gt;bold&lt;/b&gt; title</title>" in page
    assert "<script" not in page and '<h1 id="hi">Hi</h1>' in page
