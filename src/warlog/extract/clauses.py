"""Sentences that list several incidents, cut into one clause per incident before the parse.

A report may list several strikes in one sentence ("a strike hit a factory in Amuda and another hit a car
near it, two strikes hit the camp outside Hasakah"): ACLED codes an event per place, and a sentence gives one
mention, so the sentence is cut where ``data/merging.yaml`` ``clause_boundaries`` says a further incident
begins. A cut stands only where both sides have a trigger hit and a place of their own (a name the gazetteer
knows or a place noun introduces); otherwise the pieces stay joined ("another hit a car near it" names no
place: it stays with the factory's strike; a bulletin's "; destroyed four vehicles" names none either). Each
clause is a candidate of its own (``Span.clause``), parsed alone, and opens an incident of its own when the
mentions are merged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache

from warlog.extract.annotated import AnnotatedDocument, Candidate
from warlog.extract.sentences import Span
from warlog.extract.triggers import match_triggers
from warlog.knowledge import load_yaml
from warlog.resolve.gazetteer import Gazetteer


@lru_cache(maxsize=1)
def _boundaries() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in load_yaml("merging.yaml")["clause_boundaries"]))


PlaceAt = Callable[[int, int], bool]  # does the document name a place inside [start, end) (document offsets)?


def split_clauses(adoc: AnnotatedDocument) -> None:
    """Replace each candidate whose sentence lists several incidents by one candidate per clause."""
    split: list[Candidate] = []
    for candidate in adoc.candidates:
        split.extend(clauses_of(candidate, lambda start, end: _names_a_place(adoc.doc.text, start, end)))
    adoc.candidates = split


def _names_a_place(text: str, start: int, end: int) -> bool:
    """Does ``text[start:end]`` name a place the gazetteer knows, or one a place noun introduces ("Washokani
    camp")? Asked only of the pieces of a sentence with a clause boundary, before the document's places are
    resolved (the run stops at once for a document with no candidates)."""
    return bool(Gazetteer.default().find(text[start:end]))


def clauses_of(candidate: Candidate, place_at: PlaceAt) -> list[Candidate]:
    sentence = candidate.sentence
    if sentence.headline:
        return [candidate]
    pieces: list[tuple[int, int]] = []  # sentence offsets of each piece, cuts dropped
    start = 0
    for cut in _boundaries().finditer(sentence.text):
        pieces.append((start, cut.start()))
        start = cut.end()
    if not pieces:
        return [candidate]
    pieces.append((start, len(sentence.text)))
    kept = _join_weak(sentence, pieces, place_at)
    if len(kept) < 2:
        return [candidate]
    return [_clause(sentence, lo, hi) for lo, hi in kept]


def _join_weak(sentence: Span, pieces: list[tuple[int, int]], place_at: PlaceAt) -> list[tuple[int, int]]:
    """Each piece with no trigger or no place of its own joins the piece before it (the first the one after)."""

    @cache  # the first piece is asked twice
    def stands(lo: int, hi: int) -> bool:
        return bool(match_triggers(sentence.text[lo:hi])) and place_at(sentence.start + lo, sentence.start + hi)

    kept: list[tuple[int, int]] = []
    for lo, hi in pieces:
        if kept and not stands(lo, hi):
            kept[-1] = (kept[-1][0], hi)
        else:
            kept.append((lo, hi))
    if len(kept) > 1 and not stands(*kept[0]):
        kept[1] = (kept[0][0], kept[1][1])
        kept.pop(0)
    return kept


def _clause(sentence: Span, lo: int, hi: int) -> Candidate:
    text = sentence.text[lo:hi].rstrip(" ,;")
    span = Span(sentence.start + lo, sentence.start + lo + len(text), text, clause=True)
    return Candidate(span, match_triggers(text))
