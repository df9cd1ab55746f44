"""The rendering path: Markdown features, sanitizing, the outline, block-by-block rendering
equal to a whole render, pathological input, and reading text files."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from studio.domain.markdown import BlockRenderer, blocks, defuse, headings, render
from studio.domain.textfile import TextFileError, read_text

ARTICLE = """---
title: Rates
tags: [fees]
---
# Rates in 2027

Intro with *emphasis*, a [link](https://example.org "Example") and a [reference][r].

## Table

| Fee | Amount |
|:----|-------:|
| Entry | 10 € |

```python
# not a heading
x = 1

y = 2
```

### Notes

Text with a footnote is rendered whole.

[r]: https://example.org/ref
"""


def test_markdown_features_render() -> None:
    html = render(ARTICLE).html
    assert '<h1 id="rates-in-2027">Rates in 2027</h1>' in html
    assert "<em>emphasis</em>" in html
    assert 'href="https://example.org/ref"' in html  # reference links resolve
    assert "<table>" in html and '<td align="right">10 €</td>' in html
    assert "<pre><code>" in html and "x = 1\n\ny = 2" in html
    assert "title: Rates" not in html  # front matter is metadata, not text
    assert 'rel="noopener noreferrer nofollow"' in html


def test_footnotes_and_toc_render() -> None:
    html = render("[TOC]\n\n# One\n\nSee this.[^1]\n\n[^1]: The note.\n").html
    assert "The note." in html and "<sup" in html
    assert 'href="#one"' in html


def test_the_outline_skips_code_and_front_matter_and_knows_its_lines() -> None:
    found = [(h.level, h.text, h.line) for h in headings(ARTICLE)]
    assert found == [(1, "Rates in 2027", 4), (2, "Table", 8), (3, "Notes", 21)]


def test_blocks_keep_fenced_code_whole() -> None:
    parts = blocks("a\n\n```\nx\n\ny\n```\n\nb")
    assert parts == ["a", "```\nx\n\ny\n```", "b"]


def test_block_rendering_equals_a_whole_render_and_reuses_unchanged_blocks() -> None:
    renderer = BlockRenderer()
    body = ARTICLE.replace("Text with a footnote is rendered whole.", "Plain closing text.")
    first = renderer.render(body)
    assert first.html.strip() == render(body).html.strip()
    renderer.rendered_blocks = 0
    edited = body.replace("Plain closing text.", "Closing text, edited.")
    again = renderer.render(edited)
    assert renderer.rendered_blocks == 1  # only the edited paragraph
    assert again.html.strip() == render(edited).html.strip()


def test_documents_whose_blocks_belong_together_are_rendered_whole() -> None:
    loose_list = "- one\n\n- two\n\n> quote\n\n> more quote\n"
    renderer = BlockRenderer()
    assert renderer.render(loose_list).html.strip() == render(loose_list).html.strip()


def test_a_quote_is_a_block_of_its_own_unless_it_follows_a_quote() -> None:
    renderer = BlockRenderer()
    text = "Intro.\n\n> A quote.\n\nMore text.\n\n- a list\n\n > another quote\n\nEnd.\n"
    assert renderer.render(text).html.strip() == render(text).html.strip()
    renderer.rendered_blocks = 0
    renderer.render(text.replace("End.", "The end."))
    assert renderer.rendered_blocks == 1  # rendered by blocks, not whole
    # A quote after a quote (or after definitions after one) continues it: rendered whole.
    for joined in ("> one\n\n > two\n", "> one\n\n[r]: https://x.org\n\n> two\n"):
        html = BlockRenderer().render(joined).html
        assert html.count("<blockquote>") == 1 and html.strip() == render(joined).html.strip()


def test_blocks_rendered_together_equal_blocks_rendered_one_by_one() -> None:
    text = (
        "# Notes\n\nSee [the bank][r] and *this*.\n\n## Notes\n## Notes\n\n| a | b |\n|:--|--:|\n"
        "| 1 | 2 |\n\n- one\n- two\n\n> quote\n\n```\ncode <b>\n```\n\nRaw <b>html</b>.\n\n"
        "Mid-block\n[own]: https://own.org\n\n[r]: https://bank.org\n"
    )
    together = BlockRenderer()
    html = together.render(text).html
    assert together.rendered_blocks == len(blocks(text))
    one_by_one = BlockRenderer()
    for part in blocks(text):  # each block rendered alone fills the cache the same way
        one_by_one.render(part + ("\n\n[r]: https://bank.org\n" if "[r]:" not in part else ""))
    assert one_by_one.render(text).html == html
    ids = re.findall(r'id="([^"]*)"', html)
    assert ids[0] == "notes" and len(set(ids)) == len(ids) == 3
    assert '<a href="https://bank.org"' in html


def test_duplicate_headings_get_unique_ids_across_blocks() -> None:
    html = BlockRenderer().render("## Notes\n\ntext\n\n## Notes\n").html
    assert 'id="notes"' in html and 'id="notes_1"' in html


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000,
        "![" * 5_000,
        "[a](" * 5_000,
        "<a " * 5_000,
        "`" * 10_000,
        "> " * 2_000 + "deep",
        "\n".join("  " * i + "- x" for i in range(1_000)),
        "<div>" * 5_000,
        "*" * 10_000 + "_" * 10_000,
        "x" * 2_000_000,
    ],
    ids=["brackets", "images", "links", "tags", "ticks", "quotes", "lists", "divs", "em", "2MB"],
)
def test_pathological_input_renders_or_degrades_without_raising(text: str) -> None:
    for rendered in (render(text), BlockRenderer().render(text)):
        assert rendered.html
        assert "<script" not in rendered.html


def test_too_deep_or_too_long_is_shown_as_written_with_a_reason() -> None:
    deep = "\n".join("    " * i + "- x" for i in range(300))
    rendered = render(deep)
    assert rendered.problem.startswith("This text is nested too deeply")
    assert rendered.html.startswith("<pre>")
    huge = render("y" * 4_000_001)
    assert huge.problem.startswith("This text is too long")


def test_defuse_leaves_ordinary_text_alone_and_escapes_many_unmatched() -> None:
    ordinary = "A [link](https://x.org) (aside) and a < b."
    assert defuse(ordinary) == ordinary
    crowded = "[x " * 100 + "\n```\n[[[\n```\n"
    out = defuse(crowded)
    assert out.count("\\[") == 100 and "```\n[[[\n```" in out
    assert render(crowded).html.count("[x") == 100  # shown exactly as written


def test_read_text_refuses_what_is_not_utf8_text(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_bytes("\ufeffCafé\r\nligne 2\r".encode())
    assert read_text(good) == "Café\nligne 2\n"
    latin = tmp_path / "latin.md"
    latin.write_bytes(b"ok\ncaf\xe9\n")
    with pytest.raises(TextFileError, match=r"not UTF-8 text.*line 2"):
        read_text(latin)
    binary = tmp_path / "image.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0")
    with pytest.raises(TextFileError, match="binary data"):
        read_text(binary)
    with pytest.raises(TextFileError, match="There is no file"):
        read_text(tmp_path / "missing.md")
    with pytest.raises(TextFileError, match="is a folder"):
        read_text(tmp_path)


def test_studio_render_prints_the_preview_html(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Hello\n\n<script>alert(1)</script>[x](javascript:alert(1))\n")
    done = subprocess.run(
        [sys.executable, "-m", "studio", "--data-dir", str(tmp_path / "d"), "render", str(page)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith('<h1 id="hello">Hello</h1>')
    assert "script" not in done.stdout and "javascript" not in done.stdout
    page.write_bytes(b"caf\xe9")
    done = subprocess.run(
        [sys.executable, "-m", "studio", "--data-dir", str(tmp_path / "d"), "render", str(page)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "not UTF-8 text" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_counting_line_by_line_equals_counting_the_whole() -> None:
    from bench.article_text import article
    from studio.domain.markdown import Counter, counts

    counter = Counter()
    text = article(4, 20_000)
    for edit in ("", " more words here", " 漢字かな and 12,5 mots", "\n\n---\n"):
        text = text.replace("Forecasting", "Forecasting" + edit, 1)
        assert counter.count(text) == counts(text)
    for other in ("", "---\ntitle: x\n---\nBody only.", "one\ntwo three\n\nfour"):
        assert counter.count(other) == counts(other)
