"""Word tokens: the one tokenizer that the text scanners (actor names, place names, the learned
detector) read, so that a document is cut into words once and every scanner agrees on what a word is.

A word is a run of letters and digits, with internal apostrophes kept inside it ("Syria's",
"Ja'ish", "Raʿs"). Scanners differ only in how they *group* words, and each grouping is a view of
the same words:

* ``names``: dotted capitals as one word ("U.S.", "I.S."), for the actor matcher, which lets a
  hyphen or a space separate two words of a name ("Al-Shabaab" is "Al Shabaab");
* ``compounds``: words joined by one hyphen as one token ("al-Bab", "ez-Zor"), for the place
  finder, whose gazetteer keys keep the hyphenated forms whole;
* ``within(start, end)``: the words of one sentence, for the detector's features.

``TextWords`` is the layer of one text: built once per document (``AnnotatedDocument.words``) and
handed to each scanner; a scanner called on a bare string builds its own with ``TextWords(text)``.
The number reader (``quantities.py``) is a lexer of figures ("1,200", "25-year-old", "3.5") over
lower-cased text, not a word tokenizer, and keeps its own pattern.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any, NamedTuple

APOSTROPHES = "'’ʼ`ʿʾ‘"  # kept inside a word when letters stand on both sides
_WORD = re.compile(rf"[^\W_]+(?:[{APOSTROPHES}][^\W_]+)*")
_DOTTED_CAPITAL = re.compile(r"[A-Z]")


class Word(NamedTuple):
    start: int
    end: int


def split_words(text: str) -> tuple[Word, ...]:
    """The words of ``text`` with their offsets, left to right."""
    make = tuple.__new__  # skips NamedTuple's Python-level __new__: this loop runs once per word
    return tuple(make(Word, match.span()) for match in _WORD.finditer(text))


class TextWords:
    """The words of one text and the groupings that scanners read (see the module doc)."""

    def __init__(self, text: str, words: tuple[Word, ...] | None = None) -> None:
        self.text = text
        self.words = split_words(text) if words is None else words
        self._starts: list[int] | None = None
        self.views: dict[str, Any] = {}  # name -> a scanner's derived tokens (see ``view``)

    def __len__(self) -> int:
        return len(self.words)

    def for_text(self, text: str) -> bool:
        """Is this the layer of ``text`` (not of another string with the same length)?"""
        return self.text is text or self.text == text

    @cached_property
    def names(self) -> tuple[Word, ...]:
        """Words, with a run of two or more dotted single capitals as one word ("U.S.", dots included)."""
        text, words = self.text, self.words
        grouped: list[Word] = []
        i = 0
        while i < len(words):
            j = i
            while j < len(words) and _dotted_capital(text, words[j]) and (j == i or words[j].start == words[j - 1].end + 1):
                j += 1
            if j - i >= 2:
                grouped.append(Word(words[i].start, words[j - 1].end + 1))
                i = j
            else:
                grouped.append(words[i])
                i += 1
        return tuple(grouped)

    @cached_property
    def compounds(self) -> tuple[Word, ...]:
        """Words joined by a single hyphen as one token ("al-Bab", "Deir" + "ez-Zor")."""
        text, words = self.text, self.words
        grouped: list[Word] = []
        for word in words:
            if grouped and word.start - grouped[-1].end == 1 and text[grouped[-1].end] == "-":
                grouped[-1] = Word(grouped[-1].start, word.end)
            else:
                grouped.append(word)
        return tuple(grouped)

    def within(self, start: int, end: int) -> Sequence[Word]:
        """The words inside ``[start, end)`` (a sentence's), found by bisection."""
        if self._starts is None:
            self._starts = [w.start for w in self.words]
        first = bisect_left(self._starts, start)
        last = bisect_left(self._starts, end, lo=first)
        while last > first and self.words[last - 1].end > end:
            last -= 1
        return self.words[first:last]

    def view(self, name: str, build: Callable[[TextWords], Any]) -> Any:
        """A scanner's own derived tokens (built once per layer and kept with it): ``build(self)``."""
        if name not in self.views:
            self.views[name] = build(self)
        return self.views[name]


def _dotted_capital(text: str, word: Word) -> bool:
    """Is ``word`` one capital followed by a dot ("U" of "U.S.")?"""
    return (
        word.end - word.start == 1
        and _DOTTED_CAPITAL.match(text, word.start) is not None
        and text[word.end : word.end + 1] == "."
    )
