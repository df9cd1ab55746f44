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
import re
import threading
from dataclasses import dataclass, field
from xml.etree import ElementTree as etree

import markdown
import nh3
from markdown.blockprocessors import ReferenceProcessor
from markdown.treeprocessors import Treeprocessor

#: Text beyond this many characters is not rendered (shown as escaped text, with a note).
MAX_CHARS = 4_000_000

#: Python-Markdown's extensions, by name (the converters are built with them as instances).
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
#: An opening fence as Python-Markdown's fenced_code extension takes one.
_OPENING_FENCE = re.compile(
    r"^(`{3,}|~{3,})[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*)[ ]*(?:hl_lines=(\"|')[^\n]*?\2[ ]*)?$"
)
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
    #: The HTML of each top-level block, in order (``html`` is them joined, with the blocks
    #: that render to nothing, such as link definitions); a document rendered whole is one
    #: block. The preview replaces only the blocks that changed.
    blocks: list[str] = field(default_factory=list)
    #: The line of the source text (from 0, front matter included) where each block starts.
    lines: list[int] = field(default_factory=list)
    #: False when only the first blocks were rendered (BlockRenderer.render's until_line).
    complete: bool = True

    def __post_init__(self) -> None:
        if not self.blocks:
            self.blocks, self.lines = [self.html], [0]


def strip_front_matter(text: str) -> tuple[str, int]:
    """The text without its YAML front matter, and how many lines that front matter took."""
    match = FRONT_MATTER.match(text)
    if not match:
        return text, 0
    return text[match.end() :], match.group(0).count("\n")


_ALIGN = re.compile(r'style="text-align: (left|right|center);"')


_SOURCELESS_IMAGE = re.compile(r'<img(?![^>]*\ssrc=)[^>]*?(?:\salt="([^"]*)")?[^>]*>')


def sanitize(fragment: str) -> str:
    """Keep only the allowlisted HTML of ``fragment`` (table alignment survives as ``align``);
    an image left without a source (a remote or local file) shows as its alt text, not as a
    broken picture."""
    return _SOURCELESS_IMAGE.sub(lambda m: m.group(1) or "", _clean(fragment))


def _clean(fragment: str) -> str:
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


def _converter() -> markdown.Markdown:
    """A converter with EXTENSIONS, given as instances: by name, Python-Markdown looks each up
    among the installed packages' entry points (importlib.metadata), 70–90 ms the first time
    in a process, before the first preview can show."""
    from markdown.extensions.fenced_code import FencedCodeExtension
    from markdown.extensions.footnotes import FootnoteExtension
    from markdown.extensions.sane_lists import SaneListExtension
    from markdown.extensions.tables import TableExtension
    from markdown.extensions.toc import TocExtension

    extensions = [
        TableExtension(),
        FencedCodeExtension(),
        FootnoteExtension(),
        TocExtension(),
        SaneListExtension(),
    ]
    return markdown.Markdown(extensions=extensions, output_format="html")


def _markdown(text: str) -> str:
    # One converter per thread, reset between documents: building one loads every extension.
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = _converter()
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
    return [block for _line, block in block_spans(text)]


def block_spans(text: str) -> list[tuple[int, str]]:
    """``blocks(text)``, each with the number of its first line in ``text`` (from 0)."""
    return _block_spans(text)[0]


def _block_spans(text: str) -> tuple[list[tuple[int, str]], bool]:
    """``block_spans(text)``, and whether the text ends inside a fenced block never closed.

    Fences are told as Python-Markdown's fenced_code tells them (it finds them in the whole
    text before any block is parsed): an opening fence at the start of a line, with at most a
    language or attributes after it, closed by a line of the very same fence alone."""
    out: list[tuple[int, str]] = []
    current: list[str] = []
    first = 0
    fence = ""
    for number, line in enumerate(text.split("\n")):
        if fence:
            current.append(line)
            if line.rstrip(" ") == fence:
                fence = ""
            continue
        opening = _OPENING_FENCE.match(line) if line[:3] in ("```", "~~~") else None
        if opening:
            if not current:
                first = number
            fence = opening.group(1)
            current.append(line)
            continue
        if not line.strip():
            if current:
                out.append((first, "\n".join(current)))
                current = []
            continue
        if not current:
            first = number
        current.append(line)
    if current:
        out.append((first, "\n".join(current)))
    return out, bool(fence)


class BlockRenderer:
    """Renders documents block by block, reusing the HTML of blocks seen before.

    A block's HTML depends only on its text and on the document's link reference definitions
    (appended to the blocks that need them), so a cache keyed by both is exact. Documents with
    footnotes, a ``[TOC]`` marker, or blocks that only make sense together (a list or quote
    continued after a blank line) are rendered whole. Not thread-safe: one per renderer thread.
    """

    def __init__(self, capacity: int = 20_000, cache: dict[str, str] | None = None) -> None:
        self.capacity = capacity
        #: (definitions, block) -> HTML; ``cache`` shares another renderer's (see shared()).
        self._cache: dict[str, str] = {} if cache is None else cache
        self._whole: tuple[str, Rendered] | None = None  # the last text rendered whole
        self.rendered_blocks = 0  # blocks actually rendered (not reused), for tests and benches

    def render(self, text: str, until_line: int | None = None) -> Rendered:
        """The document rendered; with ``until_line``, only its blocks that start at or before
        that line (from 0, front matter included), exactly as the whole document renders them,
        and ``complete`` False (the preview shows the part a reader sees first)."""
        if len(text) > MAX_CHARS:
            return self._render_whole(text)
        body, skipped = strip_front_matter(text)
        if "[^" in body or "[TOC]" in body or too_deep(body):
            return self._render_whole(text)
        spans, unclosed = _block_spans(body)
        parts = [part for _line, part in spans]
        if unclosed or _hang_together(parts):
            # An unclosed fence is no code block to Python-Markdown (its lines render as
            # text), while the blocks would hold everything after it as one: rendered whole.
            return self._render_whole(text)
        references = "\n".join(_definitions(parts))
        complete = True
        if until_line is not None and spans and spans[-1][0] + skipped > until_line:
            spans = [(line, part) for line, part in spans if line + skipped <= until_line]
            parts = [part for _line, part in spans]
            complete = False
        refs_key = hashlib.sha1(references.encode("utf-8", "surrogatepass")).hexdigest()
        keys = [refs_key + "\0" + part for part in parts]
        missing: dict[str, tuple[str, str]] = {}  # key -> (block, source), each block once
        for key, part in zip(keys, parts, strict=True):
            if key not in self._cache and key not in missing:
                needs_refs = references and "]" in part and not REFERENCE.match(part)
                missing[key] = (part, part + "\n\n" + references if needs_refs else part)
        try:
            new = dict(zip(missing, _render_blocks(list(missing.values())), strict=True))
        except RecursionError:
            return _fallback(body, DEEP)
        except Exception as exc:  # noqa: BLE001 - as in render(): the preview degrades
            return _fallback(body, f"This text could not be previewed ({type(exc).__name__}).")
        self.rendered_blocks += len(new)
        cache = self._cache
        found = [new[key] if key in new else cache.get(key) for key in keys]
        out = [html for html in found if html is not None]
        if len(out) < len(found):  # another renderer sharing the cache emptied it meanwhile
            return BlockRenderer().render(text, until_line)
        if len(cache) + len(new) > self.capacity:
            cache.clear()
        cache.update(new)
        shown = _unique_ids(out)
        kept = [(skipped + line, html) for (line, _part), html in zip(spans, shown, strict=True)]
        return Rendered(
            "\n".join(shown),
            headings(text),
            "",
            [html for _line, html in kept if html],
            [line for line, html in kept if html],
            complete,
        )

    def shared(self) -> BlockRenderer:
        """Another renderer (for another thread) that shares this one's rendered blocks: a
        block either renders is found by the other. The cache is a dict of immutable
        strings, each entry exact for its key, so sharing it across threads is safe."""
        return BlockRenderer(self.capacity, self._cache)

    def _render_whole(self, text: str) -> Rendered:
        if self._whole is None or self._whole[0] != text:
            self._whole = (text, render(text))
        return self._whole[1]


def _definitions(parts: list[str]) -> list[str]:
    """The link reference definitions of a document's blocks: the blocks made of them, and
    those found inside other blocks (Python-Markdown takes a definition anywhere in a block,
    and it applies to the whole document)."""
    found = []
    for part in parts:
        if REFERENCE.match(part):
            found.append(part)
        elif "]:" in part:
            found.extend(m.group(0).strip() for m in _DEFINITION.finditer(part))
    return found


#: Stands between the blocks of a batch (see _render_blocks): a paragraph of two private-use
#: characters around a word, which Markdown and the sanitizer leave as they are.
_MARK = "\ue000studio-block\ue001"
_MARK_HTML = f"<p>{_MARK}</p>"
#: A link reference definition anywhere in a block, as Python-Markdown finds them.
_DEFINITION = ReferenceProcessor.RE


def _render_blocks(items: list[tuple[str, str]]) -> list[str]:
    """Each (block, source) rendered and sanitized exactly as its source is on its own
    (``sanitize(_markdown(source))``).

    A conversion and a sanitizing pass each have a fixed cost (resetting the converter, running
    every tree processor, building the sanitizer's allowlists) that, paid per block, made the
    first render of a 150 KB article (500 blocks) half as long again as a whole render. So the
    blocks that can be are rendered together: one conversion of the sources with a marker
    paragraph between them (Python-Markdown's block parser ends lists, quotes and code at it,
    as at a document's end), heading ids made unique within each block only (_TocPerBlock),
    one sanitizing pass, and the result cut at the markers. A source with raw HTML (``<``) is
    rendered alone: an unclosed tag could swallow a marker or span two blocks; so is a block
    that defines a link reference
    but is not a block of definitions (BlockRenderer gives those to the blocks that need
    them): together, its definitions would reach the other blocks. Should the cut not give one
    piece per source, each is rendered alone.
    """
    sources = [source for _block, source in items]
    together = [
        i
        for i, (block, source) in enumerate(items)
        if "<" not in source
        and _MARK not in source
        and (REFERENCE.match(block) or not _DEFINITION.search(block))
    ]
    out: list[str | None] = [None] * len(sources)
    if len(together) > 1:
        joined = f"\n\n{_MARK}\n\n".join(defuse(sources[i]) for i in together)
        try:
            pieces = sanitize(_batch_markdown(joined)).split(_MARK_HTML)
        except RecursionError:
            pieces = []  # one of them is too deep: rendered alone, it says which
        if len(pieces) == len(together):
            for i, piece in zip(together, pieces, strict=True):
                out[i] = piece.strip()
    return [
        done if done is not None else sanitize(_markdown(s))
        for s, done in zip(sources, out, strict=True)
    ]


class _TocPerBlock(Treeprocessor):  # type: ignore[misc]  # markdown is untyped
    """The toc extension's heading ids, made unique within each block of a batch only: the ids
    each block gets when rendered alone (BlockRenderer makes them unique across blocks)."""

    def __init__(self, md: markdown.Markdown, toc: Treeprocessor) -> None:
        super().__init__(md)
        self.toc = toc

    def run(self, root: etree.Element) -> None:
        block = etree.Element("div")
        for child in list(root):
            if child.tag == "p" and child.text == _MARK and len(child) == 0:
                self.toc.run(block)
                block = etree.Element("div")
            else:
                block.append(child)  # ElementTree keeps no parent: root still holds it too
        self.toc.run(block)


def _batch_markdown(text: str) -> str:
    """_markdown() for a batch of blocks (already defused), with ids unique per block."""
    converter = getattr(_local, "batch", None)
    if converter is None:
        converter = _converter()
        toc = converter.treeprocessors["toc"]
        converter.treeprocessors.register(_TocPerBlock(converter, toc), "toc", 5)
        _local.batch = converter
    try:
        return str(converter.reset().convert(text))
    except BaseException:
        _local.batch = None
        raise


_LIST_ITEM = re.compile(r"^\s{0,3}([*+-]|\d{1,9}[.)])\s")
_QUOTE_LINE = re.compile(r"^ {0,3}>", re.M)


def _hang_together(parts: list[str]) -> bool:
    """Whether some block continues the one before it: see _continues(). A block of reference
    definitions renders to nothing, so what follows it continues the block before it."""
    previous = ""
    for part in parts:
        if previous and _continues(previous, part):
            return True
        if not REFERENCE.match(part):
            previous = part
    return False


def _continues(previous: str, part: str) -> bool:
    """Whether ``part`` belongs with the block before it (a loose list, a quote continued after
    a blank line, indented code or a list item's continuation), which a block-by-block render
    would cut in two."""
    first = part.lstrip("\n").split("\n", 1)[0]
    if first.startswith(("    ", "\t")):
        return True
    if _QUOTE_LINE.match(first):
        # Python-Markdown continues a quote only when the block before ended with one (a quote
        # after a paragraph, a list or a table is a quote of its own): any quote line in the
        # previous block is taken as that, to be safe.
        return _QUOTE_LINE.search(previous) is not None
    last = previous.rsplit("\n", 1)[-1]
    return bool(_LIST_ITEM.match(first)) and bool(
        _LIST_ITEM.match(previous.split("\n", 1)[0]) or _LIST_ITEM.match(last)
    )


_ID = re.compile(r'\bid="([^"]*)"')


def _unique_ids(fragments: list[str]) -> list[str]:
    """Heading ids made unique across blocks (each block's toc numbering starts afresh)."""
    used: set[str] = set()
    tried: dict[str, int] = {}  # name -> the last suffix taken for it

    def unique(match: re.Match[str]) -> str:
        name = candidate = match.group(1)
        while candidate in used:  # "notes" twice, and a block's own "notes_1" after them
            tried[name] = tried.get(name, 0) + 1
            candidate = f"{name}_{tried[name]}"
        used.add(candidate)
        return match.group(0) if candidate == name else f'id="{candidate}"'

    return [_ID.sub(unique, fragment) if "id=" in fragment else fragment for fragment in fragments]


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
    return _counts(words, cjk, len(body))


def _counts(words: int, cjk: int, characters: int) -> Counts:
    seconds = words / 230 * 60 + cjk / 500 * 60
    minutes = 0 if words + cjk == 0 else max(1, -(-int(seconds) // 60))
    return Counts(words + cjk, characters, minutes)


class Counter:
    """``counts(text)`` for the successive versions of one text, line by line with the lines
    seen before remembered (no word spans a line): a keystroke in a long article costs its
    line, not a pass over the whole. Not thread-safe: one per thread."""

    def __init__(self, capacity: int = 50_000) -> None:
        self.capacity = capacity
        self._lines: dict[str, tuple[int, int]] = {}  # line -> (words, CJK characters)

    def count(self, text: str) -> Counts:
        body, _ = strip_front_matter(text)
        lines = self._lines
        if len(lines) > self.capacity:
            lines.clear()
        words = cjk = 0
        for line in body.split("\n"):
            found = lines.get(line)
            if found is None:
                found = lines[line] = (
                    len(_WORD.findall(_CJK.sub(" ", line))),
                    len(_CJK.findall(line)),
                )
            words += found[0]
            cjk += found[1]
        return _counts(words, cjk, len(body))
