"""Counting the killed, injured and arrested that one sentence reports.

A figure only counts when it is attached to a casualty verb or noun in the same clause: the
number right after an active cue ("killing one person", "killed 36 militants", "the death toll
rose to 26") or the nearest number before a passive or noun cue ("26 ISIS members were
reportedly killed", "left 5 dead"). Everything else in the sentence ("2 VBIEDs were
destroyed", "including two children", "3 km from the town") is ignored, because a wrong
fatality count is worse than a missing one. Vague words and bounds follow ACLED's counting
conventions, which live with the vocabulary in ``data/numbers.yaml``.

The sentence is tokenised once with one regex and every step is a scan over that token list, so
a sentence costs tens of microseconds.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from warlog.knowledge import load_yaml
from warlog.months import MONTH_PATTERN
from warlog.quantities import Quantity, Token, find_quantities, lower_keeping_offsets, number_words, tokenize

COUNT_NAMES = ("killed", "injured", "arrested")


@dataclass
class Counts:
    """How many were killed, injured and arrested, with the words that said so.

    ``None`` means the sentence does not report that count; ``0`` is an explicit "no one was
    killed". ``approximate`` is true when any figure came from a vague word, a bound or a range.
    """

    killed: int | None = None
    injured: int | None = None
    arrested: int | None = None
    killed_text: str | None = None
    injured_text: str | None = None
    arrested_text: str | None = None
    approximate: bool = False


@dataclass
class _Cue:
    count: str  # killed | injured | arrested
    pattern: str
    first: int
    last: int


@dataclass(frozen=True)
class _Lexicon:
    cue_regex: dict[str, re.Pattern[str]]
    cue_patterns: dict[str, tuple[str, ...]]
    fillers: dict[str, re.Pattern[str]]
    no_object: frozenset[str]
    joiners: frozenset[str]
    zero_phrases: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]
    boundaries: frozenset[str]  # tokens that end the clause a figure can be attached across
    be_verbs: frozenset[str]
    noun_stops: frozenset[str]  # words that end the noun phrase after a figure


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = load_yaml("numbers.yaml")
    cues = {name: tuple(data["cues"][name]) for name in COUNT_NAMES}
    return _Lexicon(
        cue_regex={
            name: re.compile(r"\b(?:" + "|".join(sorted(pats, key=len, reverse=True)) + r")\b")
            for name, pats in cues.items()
        },
        cue_patterns=cues,
        fillers={cue: re.compile(filler) for cue, filler in data["cue_fillers"].items()},
        no_object=frozenset(data["no_object"]),
        joiners=frozenset(data["ambiguous_joiners"]),
        zero_phrases=tuple(
            (re.compile(r"\b" + z["pattern"] + r"\b"), tuple(z["counts"])) for z in data["zero_phrases"]
        ),
        boundaries=frozenset(data["clause_boundaries"]),
        be_verbs=frozenset(data["be_verbs"]),
        noun_stops=frozenset(data["noun_phrase_stops"]),
    )


def _cues(lowered: str, tokens: list[Token], lex: _Lexicon) -> list[_Cue]:
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.end: i for i, t in enumerate(tokens)}
    cues: list[_Cue] = []
    for count in COUNT_NAMES:
        for match in lex.cue_regex[count].finditer(lowered):
            first, last = starts.get(match.start()), ends.get(match.end())
            if first is None or last is None:
                continue
            pattern = next(p for p in lex.cue_patterns[count] if re.fullmatch(p, match.group()))
            cues.append(_Cue(count, pattern, first, last))
    cues.sort(key=lambda c: c.first)
    return cues


def _noun_run(
    words: list[str], at: int, step: int, cue_tokens: set[int], quantity_tokens: set[int], lex: _Lexicon
) -> int:
    """Walk over up to four plain words (no verb, cue, number or boundary) from ``at``; return where it stops."""
    i = at
    for _ in range(4):
        if not 0 <= i < len(words):
            break
        word = words[i]
        if (
            i in cue_tokens
            or i in quantity_tokens
            or word in lex.boundaries
            or word in lex.be_verbs
            or word in lex.noun_stops
            or word in ("and", ",")
        ):
            break
        i += step
    return i


# Dates are not counts: "On 10 March 2021, gunmen shot dead a woman" killed one, not ten.
_DATES = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_PATTERN}(?:,?\s+\d{{4}})?\b"
    rf"|\b{MONTH_PATTERN}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
    r"|\b(?:1[89]|20)\d{2}\b",
    re.IGNORECASE,
)
# ACLED's own toll line: "Fatalities: 5."
_FATALITIES_LINE = re.compile(r"\bfatalities\s*[:=]\s*(\d{1,9})(?!\d)", re.IGNORECASE)


def extract_counts(sentence: str) -> Counts:
    """Count the killed, injured and arrested that ``sentence`` reports (see module docstring)."""
    toll = _FATALITIES_LINE.search(sentence)
    if toll is not None:
        return Counts(int(toll.group(1)), None, None, toll.group(0), None, None, False)
    sentence = _DATES.sub(lambda m: "date", sentence)
    lex = _lexicon()
    lowered = lower_keeping_offsets(sentence)
    tokens = tokenize(lowered)
    words = [t.text for t in tokens]
    quantities = find_quantities(words, number_words())
    cues = _cues(lowered, tokens, lex)
    by_last = {q.last: q for q in quantities}
    by_first = {q.first: q for q in quantities}
    cue_tokens = {i for c in cues for i in range(c.first, c.last + 1)}
    quantity_tokens = {i for q in quantities for i in range(q.first, q.last + 1)}
    consumed: set[int] = set()
    attached: dict[str, list[tuple[Quantity, int, int, bool]]] = {n: [] for n in COUNT_NAMES}

    def usable(q: Quantity | None) -> bool:
        return q is not None and q.people and not q.subset and q.first not in consumed

    # "Two killed and injured": one figure for two counts, split unknown; neither is filled.
    ambiguous: set[int] = set()
    for left, right in itertools.pairwise(cues):
        between = words[left.last + 1 : right.first]
        joined = 1 <= len(between) <= 2 and between[0] in lex.joiners
        if (
            left.count != right.count
            and joined
            and not quantity_tokens.intersection(range(left.last + 1, right.first))
        ):
            ambiguous.update((id(left), id(right)))
            for q in (by_last.get(left.first - 1), by_first.get(right.last + 1)):
                if q:
                    consumed.add(q.first)

    # Pass 1: the figure right after an active cue ("killing one person", "death toll rose to 26").
    for cue in cues:
        if id(cue) in ambiguous:
            continue
        at = cue.last + 1
        filler = lex.fillers.get(cue.pattern)
        filled = False
        if filler and at < len(tokens):
            match = filler.match(lowered, tokens[cue.last].end)
            if match:
                at = next((i for i in range(at, len(tokens)) if tokens[i].start >= match.end()), len(tokens))
                filled = True
        if cue.pattern in lex.no_object and not filled:
            continue
        quantity = by_first.get(at)
        if not usable(quantity):
            continue
        assert quantity is not None
        group = [quantity]
        # "killed two soldiers and three civilians": a list of figures after one verb.
        stop = _noun_run(words, quantity.last + 1, 1, cue_tokens, quantity_tokens, lex)
        if stop + 1 < len(words) and words[stop] in ("and", ","):
            extra = by_first.get(stop + 1)
            if usable(extra) and extra is not None:
                after = _noun_run(words, extra.last + 1, 1, cue_tokens, quantity_tokens, lex)
                # "six fighters, three from each side", "four people, two of them children": after a
                # comma a figure with no noun of its own breaks down the one before; it adds nobody.
                breakdown = words[stop] == "," and after == extra.last + 1
                verb_after = after < len(words) and (words[after] in lex.be_verbs or after in cue_tokens)
                if not breakdown and not verb_after:
                    group.append(extra)
        for q in group:
            consumed.add(q.first)
        noun_end = _noun_run(words, group[-1].last + 1, 1, cue_tokens, quantity_tokens, lex) - 1
        end = tokens[max(group[-1].last, noun_end)].end
        attached[cue.count].append((_merge(group), tokens[cue.first].start, end, "toll" in cue.pattern))

    # Pass 2: the nearest figure before a passive or noun cue ("26 members were killed").
    for cue in cues:
        if id(cue) in ambiguous or any(s == tokens[cue.first].start for _, s, _, _ in attached[cue.count]):
            continue
        found: Quantity | None = None
        i = cue.first - 1
        while i >= 0 and cue.first - i <= 12:
            if words[i] in lex.boundaries or i in cue_tokens:
                break
            quantity = by_last.get(i)
            if quantity is not None:
                if quantity.first in consumed:
                    break
                if quantity.people and not quantity.subset:
                    found = quantity
                    break
                i = quantity.first
            i -= 1
        if found is None:
            continue
        group = [found]
        # "Three soldiers and two civilians were killed".
        j = found.first - 1
        if j > 0 and words[j] in ("and", ","):
            stop = _noun_run(words, j - 1, -1, cue_tokens, quantity_tokens, lex)
            earlier = by_last.get(stop)
            if usable(earlier) and earlier is not None and stop < j - 1:
                group.insert(0, earlier)
        for q in group:
            consumed.add(q.first)
        attached[cue.count].append(
            (_merge(group), tokens[group[0].first].start, tokens[cue.last].end, "toll" in cue.pattern)
        )

    counts = Counts()
    for name in COUNT_NAMES:
        found_counts = attached[name]
        tolls = [a for a in found_counts if a[3]]
        chosen = tolls[:1] if tolls else sorted(found_counts, key=lambda a: a[1])
        if chosen:
            setattr(counts, name, sum(q.value for q, _, _, _ in chosen))
            setattr(counts, f"{name}_text", "; ".join(sentence[s:e] for _, s, e, _ in chosen))
            counts.approximate = counts.approximate or any(q.approximate for q, _, _, _ in chosen)
    for pattern, names in lex.zero_phrases:
        match = pattern.search(lowered)
        if match:
            for name in names:
                if getattr(counts, name) is None:
                    setattr(counts, name, 0)
                    setattr(counts, f"{name}_text", sentence[match.start() : match.end()])
    return counts


def _merge(group: list[Quantity]) -> Quantity:
    if len(group) == 1:
        return group[0]
    return Quantity(
        group[0].first,
        group[-1].last,
        sum(q.value for q in group),
        any(q.approximate for q in group),
        True,
        False,
    )
