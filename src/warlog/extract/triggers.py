"""Trigger matching: the cheap pass that decides which sentences can hold an event and of what type.

Rules live in ``data/triggers.yaml``; each names an ACLED sub-event type, a weight, trigger
regexes and optional context (``with``) and blocking (``without``) regexes. A sentence gets one
candidate per matching rule; typing then takes the best-scoring candidate.

Two refinements over "highest weight wins", both cheap:

* ``near: N`` on a rule asks for the context within N characters of the trigger, so "killed"
  only counts as excessive force when "protesters" is close to it, not anywhere in a long
  sentence.
* A hit's score is its rule's weight plus a small bonus for every *other* rule of the same type
  that also fired (independent evidence: "gunmen shot dead ... civilians") and a small penalty
  the later the trigger sits in the sentence (ACLED notes and news leads state the main event
  first; trailing clauses give background). Bonuses are small so a rule's weight still decides
  between clearly different readings.

Speed: Python's ``re`` scans every position of the sentence for every alternative of a long
alternation, which cost ~400 µs a sentence with ~40 rules. Each pattern is therefore compiled on
its own together with the literal words it must contain (read from the regex syntax tree), and a
pattern is only run when one of its literals is a substring of the sentence. Most patterns are
skipped by a ``str.__contains__`` check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

try:  # Python 3.11+
    from re import _constants as _sre_constants
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

from warlog.knowledge import load_yaml

SAME_TYPE_BONUS = 0.02  # per extra rule of the same type that fired
SAME_TYPE_BONUS_CAP = 0.04
POSITION_PENALTY = 0.03  # at the very end of the sentence; 0 at its start
_MIN_LITERAL = 3  # literals shorter than this do not pay for the substring check
_WORD_CHAR = re.compile(r"\w").match
_WORD_START = re.compile(r"(?<!\w)(?=(\w.{0,2}))", re.DOTALL)


def _literals(pattern: str) -> frozenset[str] | None:
    """Words one of which any match of ``pattern`` must contain, or None when unknown.

    Only the pattern's leading literal run is read (through groups and alternations), which is
    enough for trigger phrases: "shell(?:ed|ing)" needs "shell", "(?:fired|shot) at" needs
    "fired" or "shot".
    """
    try:
        parsed = _sre_parse.parse(pattern)
    except re.error:
        return None
    found = _prefixes(list(parsed))
    if found is None or any(len(word) < _MIN_LITERAL for word in found):
        return None
    return frozenset(found)


def _prefixes(items: list) -> set[str] | None:
    """Leading literal strings of a parsed sequence (one per alternative)."""
    prefix = ""
    for op, arg in items:
        if op is _sre_constants.LITERAL:
            prefix += chr(arg)
            continue
        if len(prefix) >= _MIN_LITERAL:
            return {prefix}
        branches: list[list] | None = None
        if op is _sre_constants.SUBPATTERN:
            branches = [list(arg[-1])]
        elif op is _sre_constants.BRANCH:
            branches = [list(branch) for branch in arg[1]]
        if branches is None:
            break
        if len(branches) == 1 and len(branches[0]) == 1 and branches[0][0][0] is _sre_constants.BRANCH:
            branches = [list(branch) for branch in branches[0][0][1][1]]
        result: set[str] = set()
        for branch in branches:
            inner = _prefixes(branch)
            if inner is None:
                return {prefix} if prefix else None
            result |= {prefix + word for word in inner}
        return result
    return {prefix} if prefix else None


def word_grams(text: str) -> set[str]:
    """The first three characters at every word start: what a pattern's literal must begin with."""
    return set(_WORD_START.findall(text))


class PatternSet:
    """An alternation of word-bounded regexes, each run only when its literal is present.

    Every pattern must start on a word boundary, so its literal starts at a word start; the
    sentence's word-start trigrams (``word_grams``) pick the few patterns worth running with one
    set intersection.
    """

    def __init__(self, patterns: list[str], stems: bool = False):
        """``stems``: patterns match word beginnings ("bomb" blocks "bombed", "clash" blocks
        "clashes"), as blockers should; triggers must end on a word boundary."""
        self.patterns = tuple(patterns)
        # No leading look-behind: it would stop ``re`` from scanning for the literal prefix.
        self._end = "" if stems else r"(?![\w])"
        # Compiled on first use: most patterns never meet their literal in a given run, and
        # compiling all ~2,000 up front was a tenth of a second of every cold start.
        self._compiled: list[re.Pattern[str] | None] = [None] * len(patterns)
        self.always_run: list[int] = []
        self._by_gram: dict[str, list[int]] = {}
        for number, pattern in enumerate(patterns):
            literals = _literals(pattern)
            if literals is None or any(not _WORD_CHAR(word[0]) for word in literals):
                self.always_run.append(number)
                literals = frozenset()
            for gram in {word[:_MIN_LITERAL] for word in literals}:
                self._by_gram.setdefault(gram, []).append(number)
        self.grams_needed = frozenset(self._by_gram)

    def _candidates(self, grams: set[str]) -> list[int]:
        shared = self.grams_needed.intersection(grams)
        if not shared:
            return self.always_run
        if len(shared) == 1 and not self.always_run:
            return self._by_gram[next(iter(shared))]
        chosen = set(self.always_run)
        for gram in shared:
            chosen.update(self._by_gram[gram])
        return sorted(chosen)

    def _pattern(self, number: int) -> re.Pattern[str]:
        compiled = self._compiled[number]
        if compiled is None:
            compiled = self._compiled[number] = re.compile(rf"(?:{self.patterns[number]}){self._end}")
        return compiled

    @staticmethod
    def _bounded(compiled: re.Pattern[str], text: str, pos: int) -> re.Match[str] | None:
        """The first match at or after ``pos`` that starts on a word boundary."""
        while True:
            found = compiled.search(text, pos)
            if found is None or found.start() == 0 or not _WORD_CHAR(text[found.start() - 1]):
                return found
            pos = found.start() + 1

    def search(self, text: str, grams: set[str] | None = None) -> re.Match[str] | None:
        """The earliest match of any pattern in (lower-cased) ``text``."""
        best: re.Match[str] | None = None
        for number in self._candidates(word_grams(text) if grams is None else grams):
            found = self._bounded(self._pattern(number), text, 0)
            if found is not None and (best is None or found.start() < best.start()):
                best = found
        return best

    def search_near(
        self, text: str, start: int, end: int, distance: int, grams: set[str] | None = None
    ) -> re.Match[str] | None:
        """A match that starts within ``distance`` characters of the span ``start:end``."""
        low = max(0, start - distance)
        high = min(len(text), end + distance)
        for number in self._candidates(word_grams(text) if grams is None else grams):
            found = self._bounded(self._pattern(number), text, low)
            if found is not None and found.start() <= high:
                return found
        return None


@dataclass(frozen=True)
class TriggerRule:
    index: int
    sub_event_type: str
    weight: float
    trigger: PatternSet
    context: PatternSet | None
    blockers: PatternSet | None
    near: int | None = None
    # Who made the hit: a rule of data/triggers.yaml, or the learned detector (extract/detector.py),
    # whose hits carry a rule with no patterns so that later steps and traces read them alike.
    source: str = "lexicon"


@dataclass(frozen=True)
class TriggerHit:
    """A rule that fired in a sentence; offsets are relative to the sentence text.

    ``score`` is the rule's weight adjusted for corroborating rules and trigger position; it is
    what hits are ranked by, and what ``weight`` reports to later stages.
    """

    rule: TriggerRule
    start: int
    end: int
    text: str
    score: float = 0.0

    @property
    def sub_event_type(self) -> str:
        return self.rule.sub_event_type

    @property
    def weight(self) -> float:
        return self.score or self.rule.weight


def _pattern_set(patterns: list[str] | None, stems: bool = False) -> PatternSet | None:
    return PatternSet(patterns, stems) if patterns else None


@lru_cache(maxsize=1)
def load_rules() -> tuple[TriggerRule, ...]:
    """Compile ``triggers.yaml`` once per process."""
    data = load_yaml("triggers.yaml")
    known = set(load_yaml("acled_types.yaml")["sub_event_types"])
    rules = []
    for index, raw in enumerate(data["rules"]):
        if raw["sub"] not in known:
            raise ValueError(f"triggers.yaml rule {index}: unknown sub-event type {raw['sub']!r}")
        rules.append(
            TriggerRule(
                index=index,
                sub_event_type=raw["sub"],
                weight=float(raw["weight"]),
                trigger=PatternSet(raw["any"]),
                context=_pattern_set(raw.get("with"), stems=True),
                blockers=_pattern_set(raw.get("without"), stems=True),
                near=raw.get("near"),
            )
        )
    return tuple(rules)


@lru_cache(maxsize=1)
def _rules_by_gram() -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """Which rules a word-start trigram can wake, and the rules that must always be tried."""
    by_gram: dict[str, set[int]] = {}
    always: list[int] = []
    for rule in load_rules():
        if rule.trigger.always_run:
            always.append(rule.index)
        for gram in rule.trigger.grams_needed:
            by_gram.setdefault(gram, set()).add(rule.index)
    return {gram: tuple(sorted(indices)) for gram, indices in by_gram.items()}, tuple(always)


def _candidate_rules(grams: set[str]) -> list[TriggerRule]:
    by_gram, always = _rules_by_gram()
    chosen = set(always)
    for gram in grams:
        woken = by_gram.get(gram)
        if woken:
            chosen.update(woken)
    rules = load_rules()
    return [rules[index] for index in sorted(chosen)]


def _fires(rule: TriggerRule, lowered: str, grams: set[str]) -> re.Match[str] | None:
    found = rule.trigger.search(lowered, grams)
    if found is None:
        return None
    if rule.context is not None:
        if rule.near is None:
            if rule.context.search(lowered, grams) is None:
                return None
        elif rule.context.search_near(lowered, found.start(), found.end(), rule.near, grams) is None:
            return None
    if rule.blockers is not None and rule.blockers.search(lowered, grams) is not None:
        return None
    return found


def match_triggers(sentence: str) -> list[TriggerHit]:
    """Every rule that fires in ``sentence``, best score first (ties: earlier rule first)."""
    lowered = sentence.lower()
    grams = word_grams(lowered)
    fired: list[tuple[TriggerRule, re.Match[str]]] = []
    for rule in _candidate_rules(grams):
        found = _fires(rule, lowered, grams)
        if found is not None:
            fired.append((rule, found))
    if not fired:
        return []
    per_type: dict[str, int] = {}
    for rule, _ in fired:
        per_type[rule.sub_event_type] = per_type.get(rule.sub_event_type, 0) + 1
    length = max(len(lowered), 1)
    hits = []
    for rule, found in fired:
        bonus = min(SAME_TYPE_BONUS * (per_type[rule.sub_event_type] - 1), SAME_TYPE_BONUS_CAP)
        penalty = POSITION_PENALTY * found.start() / length
        score = round(rule.weight + bonus - penalty, 4)
        hits.append(
            TriggerHit(rule, found.start(), found.end(), sentence[found.start() : found.end()], score)
        )
    hits.sort(key=lambda hit: (-hit.score, hit.rule.index))
    return hits
