"""URL slugs for articles, the same rule in Studio, the Hub and the demo data."""

from __future__ import annotations

import re
import unicodedata

#: Letters NFKD does not reduce to ASCII, spelled as French, German and Nordic writers do.
_TRANSLITERATE = str.maketrans({
    "œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "ß": "ss", "ø": "o", "Ø": "O",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th",
})  # fmt: skip


def slugify(title: str, limit: int = 80) -> str:
    """A URL slug from a title: ASCII where the title's letters have an ASCII spelling, words
    joined by dashes.

    A title with no Latin letter (CJK, Greek, emoji, "2027年財政預算案") keeps its Unicode words,
    so two such titles don't collapse into the same slug of digits.
    """
    folded = unicodedata.normalize("NFKD", title.translate(_TRANSLITERATE))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if not re.search("[a-z]", slug):
        slug = re.sub(r"[^\w]+", "-", title.lower(), flags=re.UNICODE).strip("-_")
    return (slug or "untitled")[:limit].rstrip("-")
