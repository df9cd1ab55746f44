"""The kit's variables: ``{member_name}`` placeholders in a snippet or a template.

A placeholder is a name (letters, digits and ``_``, not starting with a digit) between braces.
A literal brace is written twice, ``{{`` and ``}}``, as in Python's format strings. Anything else
with a brace (an unclosed ``{name``, a lone ``}``, ``{not a name}``) is refused with a sentence
saying where, so a kit item that would insert something broken is never saved.

Parsing is one pass over the text (linear in its length): a 2 MB template parses in
milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
#: A doubled brace, something in braces on one line, or a brace alone. A failed ``{…}`` scans
#: only to the next brace or line end, and the brace alone that follows is an error: linear.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}|[{}]")

KINDS = ("snippet", "template")


class TemplateError(ValueError):
    """A text whose placeholders are broken; ``str()`` says what and where, for the user."""

    for_the_user = True

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        self.line = line
        self.column = column
        super().__init__(message)


@dataclass(frozen=True)
class Variable:
    name: str


Part = str | Variable


def _where(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def parse(text: str) -> list[Part]:
    """The text as literal pieces and variables, in order; TemplateError when a brace is
    unclosed, alone, or holds something that is not a variable name."""
    parts: list[Part] = []
    literal: list[str] = []
    start = 0
    for match in _TOKEN.finditer(text):
        literal.append(text[start : match.start()])
        start = match.end()
        token = match.group(0)
        if token == "{{":
            literal.append("{")
        elif token == "}}":
            literal.append("}")
        elif token == "{":
            line, column = _where(text, match.start())
            raise TemplateError(
                f"Line {line}, column {column}: "
                + "a “{” is not closed. Close the variable with “}” (as in {member_name}), "
                "or write “{{” for a brace.",
                line,
                column,
            )
        elif token == "}":
            line, column = _where(text, match.start())
            raise TemplateError(
                f"Line {line}, column {column}: " + "a “}” closes nothing. Write “}}” for a brace.",
                line,
                column,
            )
        else:
            name = match.group(1).strip()
            if not NAME.match(name):
                line, column = _where(text, match.start())
                shown = token if len(token) <= 40 else token[:37] + "…"
                raise TemplateError(
                    f"Line {line}, column {column}: “{shown}” is not a variable: "
                    + "a name is letters, digits and _ (as in {member_name}); write “{{” and "
                    "“}}” for braces.",
                    line,
                    column,
                )
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(Variable(name))
    literal.append(text[start:])
    tail = "".join(literal)
    if tail:
        parts.append(tail)
    return parts


def variables(text: str) -> list[str]:
    """The names of the text's variables, each once, in the order they first appear."""
    return list(dict.fromkeys(p.name for p in parse(text) if isinstance(p, Variable)))


def check(text: str) -> None:
    """Raise TemplateError when the text's placeholders are broken."""
    parse(text)


def fill(text: str, values: Mapping[str, str]) -> str:
    """The text with each variable replaced by its value and ``{{``/``}}`` made single braces.

    Values go in as written (a brace in a value is no placeholder). TemplateError names every
    variable without a value.
    """
    parts = parse(text)
    missing = [
        name
        for name in dict.fromkeys(p.name for p in parts if isinstance(p, Variable))
        if name not in values
    ]
    if missing:
        names = ", ".join(f"{{{n}}}" for n in missing)
        raise TemplateError(f"No value was given for {names}.")
    return "".join(p if isinstance(p, str) else str(values[p.name]) for p in parts)


def label(name: str) -> str:
    """A variable's name as a form shows it: ``member_name`` -> ``Member name``."""
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else name


#: Article metadata a variable of the same name is prefilled from.
ARTICLE_FIELDS = ("title", "author", "summary", "language", "tags", "slug", "date")
