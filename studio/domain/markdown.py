"""Markdown to safe HTML: the one rendering path of the article preview, member posts in the
moderation queue, webinar descriptions and `studio render`.

Python-Markdown (tables, fenced code, footnotes, table of contents) renders; nh3 then keeps only
an allowlist of tags, attributes and URL schemes, so no script, event attribute, style, frame or
remote-looking scheme survives, whatever the text holds. Images may only point at the
workspace's own attachments (``attachment:SHA256``); links may be http, https, mailto or an
anchor in the same document. Rendering never raises on any text: a document the renderer
cannot handle (too deep, too large) comes back as escaped text with a note.

``BlockRenderer`` renders a long document by top-level blocks and reuses the HTML of blocks that
did not change, so the preview of a 150 KB article refreshes in a fraction of a full render.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import re
import threading
from dataclasses import dataclass, field

import markdown
import nh3

#: Text beyond this many characters is not rendered (shown as escaped text, with a note).
MAX_CHARS = 4_000_000

EXTENSIONS = ["tables", "fenced_code", "footnotes", "toc", "sane_lists"]

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p",
    "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "h1": {"id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "li": {"id"},
    "sup": {"id"},
    "div": {"id"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto", "attachment"}
#: Tags whose content goes with them (the rest are unwrapped, their text kept).
DROPPED_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "embed", "noscript"}

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
REFERENCE = re.compile(r"^ {0,3}\[[^\]\^][^\]]*\]:\s*\S")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int  # 0-based line in the source text (front matter included)


@dataclass
class Rendered:
    html: str
    headings: list[Heading] = field(default_factory=list)
    #: Set when the text could not be rendered: a sentence for the user.
    problem: str = ""


def strip_front_matter(text: str) -> tuple[str, int]:
    """The text without its YAML front matter, and how many lines that front matter took."""
    match = FRONT_MATTER.match(text)
    if not match:
        return text, 0
    return text[match.end() :], match.group(0).count("\n")


_ALIGN = re.compile(r'style="text-align: (left|right|center);"')


def sanitize(fragment: str) -> str:
    """Keep only the allowlisted HTML of ``fragment`` (table alignment survives as ``align``)."""
    return nh3.clean(
        _ALIGN.sub(r'align="\1"', fragment),
        tags=TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        attribute_filter=_only_attachments,
    )


def _only_attachments(tag: str, attribute: str, value: str) -> str | None:
    """Images come from the workspace's attachments only: any other source is dropped (the
    image keeps its alt text), so nothing rendered can fetch a URL."""
    if tag == "img" and attribute == "src" and not value.startswith("attachment:"):
        return None
    return value


_local = threading.local()


def _markdown(text: str) -> str:
    # One converter per thread, reset between documents: building one loads every extension.
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown.Markdown(
            extensions=EXTENSIONS, output_format="html"
        )
    try:
        return str(converter.reset().convert(defuse(text)))
    except BaseException:
        _local.converter = None  # a converter left half-way through a document is not reused
        raise


#: More unmatched brackets than this in a document and they are escaped (see defuse()).
UNMATCHED_LIMIT = 64


def defuse(text: str) -> str:
    """Escape the unmatched ``[``, ``(`` and ``<`` of a text that has very many of them.

    Python-Markdown's inline patterns look ahead from each of them for its closing partner, so
    thousands unmatched cost quadratic time (``"[" * 10_000`` takes seconds). Escaped, they show
    exactly as before (an unmatched bracket is literal text anyway) and cost linear time. Fenced
    code is left alone; ordinary text, with few unmatched brackets, is not touched at all.
    """
    if text.count("[") + text.count("(") + text.count("<") < UNMATCHED_LIMIT:
        return text
    lines = text.split("\n")
    prose: list[int] = []  # indexes of lines outside fenced code
    fence = ""
    for number, line in enumerate(lines):
        opening = FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
        elif opening:
            fence = opening.group(1)
        else:
            prose.append(number)
    joined = "\n".join(lines[i] for i in prose)
    unmatched = _unmatched(joined)
    if len(unmatched) < UNMATCHED_LIMIT:
        return text
    marks = sorted(unmatched)
    pieces: list[str] = []
    start = 0
    for at in marks:
        pieces.append(joined[start:at])
        # "<" has no Markdown escape: its entity shows the same character.
        pieces.append("&lt;" if joined[at] == "<" else "\\" + joined[at])
        start = at + 1
    pieces.append(joined[start:])
    escaped = "".join(pieces).split("\n")
    for index, line in zip(prose, escaped, strict=True):
        lines[index] = line
    return "\n".join(lines)


def _unmatched(text: str) -> set[int]:
    """Offsets of the ``[`` and ``(`` without a closing partner, and of each ``<`` after the
    last ``>``; escaped characters (``\\[``) are skipped."""
    found: set[int] = set()
    stacks: dict[str, list[int]] = {"[": [], "(": []}
    closing = {"]": "[", ")": "("}
    escaped = False
    last_gt = text.rfind(">")
    for at, char in enumerate(text):
        if escaped:
            escaped = False
            continue
        if char == "\\":
            escaped = True
        elif char in stacks:
            stacks[char].append(at)
        elif char in closing and stacks[closing[char]]:
            stacks[closing[char]].pop()
        elif char == "<" and at > last_gt:
            found.add(at)
    for opened in stacks.values():
        found.update(opened)
    return found


def _fallback(text: str, problem: str) -> Rendered:
    shown = html.escape(text[:200_000])
    return Rendered(f"<pre>{shown}</pre>", [], problem)


#: Deeper than this (leading spaces, or ``>`` marks) and the renderer's time explodes.
MAX_INDENT = 200
MAX_QUOTES = 64
_QUOTES = re.compile(rf"^(?:[ \t]*>){{{MAX_QUOTES}}}", re.M)


def too_deep(text: str) -> bool:
    """Whether the text nests lists or quotes deeper than any real document does."""
    indent = max((len(line) - len(line.lstrip(" \t")) for line in text.split("\n")), default=0)
    return indent > MAX_INDENT or _QUOTES.search(text) is not None


DEEP = "This text is nested too deeply to preview; it is shown as written."


def render(text: str) -> Rendered:
    """The whole document rendered and sanitized; never raises."""
    if len(text) > MAX_CHARS:
        return _fallback(text, "This text is too long to preview; it is shown as written.")
    body, _skipped = strip_front_matter(text)
    if too_deep(body):
        return _fallback(body, DEEP)
    try:
        fragment = _markdown(body)
    except RecursionError:
        return _fallback(body, DEEP)
    except Exception as exc:  # noqa: BLE001 - a renderer bug must not take the editor down
        return _fallback(body, f"This text could not be previewed ({type(exc).__name__}).")
    return Rendered(sanitize(fragment), headings(text))


def headings(text: str) -> list[Heading]:
    """ATX headings outside fenced code, with their line numbers (the outline)."""
    found: list[Heading] = []
    _, skipped = strip_front_matter(text)
    fence = ""
    for number, line in enumerate(text.split("\n")):
        if number < skipped:
            continue
        opening = FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        match = HEADING.match(line)
        if match:
            found.append(Heading(len(match.group(1)), match.group(2).strip(), number))
    return found


def blocks(text: str) -> list[str]:
    """Top-level blocks: stretches between blank lines, a fenced code block kept whole."""
    out: list[str] = []
    current: list[str] = []
    fence = ""
    for line in text.split("\n"):
        opening = FENCE.match(line)
        if fence:
            current.append(line)
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            current.append(line)
            continue
        if not line.strip():
            if current:
                out.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        out.append("\n".join(current))
    return out


class BlockRenderer:
    """Renders documents block by block, reusing the HTML of blocks seen before.

    A block's HTML depends only on its text and on the document's link reference definitions
    (appended to the blocks that need them), so a cache keyed by both is exact. Documents with
    footnotes, a ``[TOC]`` marker, or blocks that only make sense together (a list or quote
    continued after a blank line) are rendered whole. Not thread-safe: one per renderer thread.
    """

    def __init__(self, capacity: int = 20_000) -> None:
        self.capacity = capacity
        self._cache: dict[str, str] = {}
        self.rendered_blocks = 0  # blocks actually rendered (not reused), for tests and benches

    def render(self, text: str) -> Rendered:
        if len(text) > MAX_CHARS:
            return render(text)
        body, _skipped = strip_front_matter(text)
        if "[^" in body or "[TOC]" in body or too_deep(body):
            return render(text)
        parts = blocks(body)
        if any(_continues(previous, part) for previous, part in itertools.pairwise(parts)):
            return render(text)
        references = "\n".join(p for p in parts if REFERENCE.match(p))
        refs_key = hashlib.sha1(references.encode("utf-8", "surrogatepass")).hexdigest()
        out: list[str] = []
        seen: set[str] = set()
        try:
            for part in parts:
                key = refs_key + "\0" + part
                fragment = self._cache.get(key)
                if fragment is None:
                    needs_refs = references and "]" in part and not REFERENCE.match(part)
                    source = part + "\n\n" + references if needs_refs else part
                    fragment = sanitize(_markdown(source))
                    self.rendered_blocks += 1
                    if len(self._cache) >= self.capacity:
                        self._cache.clear()
                    self._cache[key] = fragment
                seen.add(key)
                out.append(fragment)
        except RecursionError:
            return _fallback(body, DEEP)
        except Exception as exc:  # noqa: BLE001 - as in render(): the preview degrades
            return _fallback(body, f"This text could not be previewed ({type(exc).__name__}).")
        return Rendered(_unique_ids("\n".join(out)), headings(text))


def _continues(previous: str, part: str) -> bool:
    """Whether ``part`` belongs with the block before it (a loose list, a quote, indented code
    or a lazy continuation), which a block-by-block render would cut in two."""
    first = part.lstrip("\n").split("\n", 1)[0]
    if first.startswith(("    ", "\t", ">")):
        return True
    list_item = re.compile(r"^\s{0,3}([*+-]|\d{1,9}[.)])\s")
    last = previous.rsplit("\n", 1)[-1]
    return bool(list_item.match(first)) and bool(
        list_item.match(previous.split("\n", 1)[0]) or list_item.match(last)
    )


_ID = re.compile(r'\bid="([^"]*)"')


def _unique_ids(fragment: str) -> str:
    """Heading ids made unique across blocks (each block's toc numbering starts afresh)."""
    seen: dict[str, int] = {}

    def unique(match: re.Match[str]) -> str:
        name = match.group(1)
        count = seen.get(name, 0)
        seen[name] = count + 1
        return match.group(0) if count == 0 else f'id="{name}_{count}"'

    return _ID.sub(unique, fragment)


_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d+(?:[.,]\d+)*", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@dataclass(frozen=True)
class Counts:
    words: int
    characters: int
    minutes: int  # reading time, rounded up; 0 for an empty text


def counts(text: str) -> Counts:
    """Words and reading time of the text without its front matter (CJK characters count one
    word each; 230 words a minute, 500 CJK characters a minute)."""
    body, _ = strip_front_matter(text)
    cjk = len(_CJK.findall(body))
    words = len(_WORD.findall(_CJK.sub(" ", body)))
    seconds = words / 230 * 60 + cjk / 500 * 60
    minutes = 0 if words + cjk == 0 else max(1, -(-int(seconds) // 60))
    return Counts(words + cjk, len(body), minutes)
