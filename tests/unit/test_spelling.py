"""Spell checking: prose only, in the article's language, with a personal dictionary."""

from __future__ import annotations

from studio.domain.spelling import Speller

TEXT = """---
title: Teh guide
---
# Teh guide

The PME must kepe its fintechy `stuf` in [order](https://exampel.org) and see www.wrold.example.

```
wrold
```

    indnted code
"""


def test_prose_is_checked_and_code_links_front_matter_and_abbreviations_are_not() -> None:
    speller = Speller("en")
    found = [(m.word, TEXT[m.start : m.end]) for m in speller.check(TEXT)]
    assert found == [("Teh", "Teh"), ("kepe", "kepe"), ("fintechy", "fintechy")]


def test_the_personal_dictionary_and_suggestions() -> None:
    speller = Speller("en-GB", ["Fintechy"])
    assert [m.word for m in speller.check(TEXT)] == ["Teh", "kepe"]
    assert speller.suggestions("Teh")[0] == "The"  # capitalised like the word
    assert "keep" in speller.suggestions("kepe")


def test_french_and_a_language_without_word_list() -> None:
    french = Speller("fr")
    assert [m.word for m in french.check("La trésorerie des entreprsies, délicate.")] == [
        "entreprsies"
    ]
    assert "entreprises" in french.suggestions("entreprsies")
    unknown = Speller("zh-HK")
    assert not unknown.available and unknown.check("anything goes") == []


def test_count_finds_as_many_words_as_check() -> None:
    from studio.domain.spelling import Speller, preload

    preload("en")
    speller = Speller("en")
    text = (
        "---\ntitle: Teh\n---\nTeh fintechy plan.\n\n```\nteh code\n```\n\n"
        "    teh indented\nOk wrod."
    )
    assert speller.count(text) == len(speller.check(text)) == 3
