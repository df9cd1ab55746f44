"""Articles in and out as files: a Markdown file (with Hugo/Jekyll front matter) imported as a
new draft, an article exported as Markdown with front matter or as a standalone HTML page.

An import is one transaction: a file that is not UTF-8 text, has broken front matter or is binary
is refused with a sentence, and nothing is created.
"""

from __future__ import annotations

import html
from pathlib import Path

from studio.domain import frontmatter
from studio.domain.instants import to_wire
from studio.domain.markdown import HEADING, render
from studio.domain.textfile import read_text
from studio.store.workspace import Workspace


def import_markdown(workspace: Workspace, source: Path | bytes, name: str = "") -> str:
    """Create a draft from a Markdown file; returns the new article's id.

    Raises TextFileError, FrontMatterError or OperationError (all with a sentence for the user).
    """
    text = read_text(source)
    data, body = frontmatter.split(text)
    meta = frontmatter.metadata(data)
    stem = source.stem if isinstance(source, Path) else name
    title = meta.title or _first_heading(body) or stem.replace("-", " ").replace("_", " ")
    return workspace.create_article(
        title or "Imported article",
        body.lstrip("\n"),
        summary=meta.summary,
        tags=meta.tags,
        language=meta.language or "en",
        slug=meta.slug or None,
        publish_at=meta.publish_at,
    )


def _first_heading(body: str) -> str:
    for line in body.split("\n"):
        match = HEADING.match(line)
        if match:
            return match.group(2).strip()
    return ""


def export_markdown(workspace: Workspace, article_id: str) -> str:
    """The article as a Markdown file with YAML front matter."""
    article = workspace.article(article_id)
    meta = {
        "title": article.title,
        "slug": article.slug,
        "date": to_wire(article.publish_at) if article.publish_at else None,
        "summary": article.summary,
        "tags": list(article.tags or []),
        "language": article.language,
        "status": article.status,
    }
    return frontmatter.render(meta, article.body)


def export_html(workspace: Workspace, article_id: str) -> str:
    """The article as a standalone HTML page, through the preview's rendering path."""
    article = workspace.article(article_id)
    rendered = render(article.body)
    title = html.escape(article.title)
    language = html.escape(article.language or "en", quote=True)
    return (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n</head>\n<body>\n<article>\n{rendered.html}\n</article>\n"
        "</body>\n</html>\n"
    )
