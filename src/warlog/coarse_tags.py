"""Coarse part-of-speech tags from the model's own attribute-ruler patterns, applied by table lookup.

en_core_web_sm's attribute ruler turns the tagger's fine tags into coarse ones ("VBD" -> VERB), with
exceptions by word or arc ("that" as WDT is a PRON; "but" as an adverbial modifier is an ADV), through
spaCy's Matcher over 179 patterns. On the candidate sentences of the real reports it took a quarter of
the whole parse (0.65-0.9 s of 2.7-2.9 s for 1,200 sentences), and parsing is most of extraction's
time. Extraction reads the coarse and fine tags and the arcs, never the morphology or lemmas most of
those patterns set, so this component keeps only the patterns that set POS, TAG or DEP, compiles them
once from the loaded ruler (nothing of the model is copied into warlog), and applies them per token with
a table of what they decide for each fine tag, word and arc seen: for each attribute the last pattern that matches wins, as in the ruler,
and every pattern is matched against the tags and arcs as the parser left them, as the ruler does.
tests/test_coarse_tags.py checks that tags and arcs come out as the ruler sets them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

COMPONENT = "warlog_coarse_tags"
RULER = "attribute_ruler"
_READ = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space"}
_SETS = ("POS", "TAG", "DEP")

Test = Callable[[object], bool]
_MISSING = object()  # a position outside the document: no pattern token matches there


@dataclass(frozen=True)
class _Rule:
    order: int  # the pattern's place in the ruler: a later one takes precedence
    offset: int  # where the pattern's first token sits, relative to the token it sets
    tests: tuple[tuple[tuple[str, Test], ...], ...]  # per pattern token: (what is read, its test)
    attrs: tuple[tuple[str, str], ...]  # (POS | TAG | DEP, value)


def _test(value) -> Test:
    """One attribute's condition in Matcher pattern syntax: a value, or IN / NOT_IN / REGEX."""
    if not isinstance(value, dict):
        return lambda seen: seen == value
    if set(value) == {"IN"}:
        allowed = frozenset(value["IN"])
        return lambda seen: seen in allowed
    if set(value) == {"NOT_IN"}:
        barred = frozenset(value["NOT_IN"])  # "" stands for a missing value: tags and arcs are never missing here
        return lambda seen: seen not in barred
    if set(value) == {"REGEX"}:
        pattern = re.compile(value["REGEX"])
        return lambda seen: pattern.search(seen) is not None
    raise ValueError(f"attribute-ruler condition not supported: {value!r}")


def compile_rules(patterns: list[dict]) -> list[_Rule]:
    """The ruler's patterns (``AttributeRuler.patterns``, in order) that set POS, TAG or DEP."""
    rules = []
    for order, pattern in enumerate(patterns):
        attrs = tuple((key, value) for key, value in pattern["attrs"].items() if key in _SETS)
        if not attrs:
            continue
        for tokens in pattern["patterns"]:
            index = pattern.get("index", 0) % len(tokens)
            tests = []
            for token in tokens:
                if not set(token) <= set(_READ):
                    raise ValueError(f"attribute-ruler pattern reads what this table does not: {token!r}")
                tests.append(tuple((_READ[key], _test(value)) for key, value in sorted(token.items())))
            rules.append(_Rule(order, -index, tuple(tests), attrs))
    return rules


class CoarseTags:
    """The pipeline component: sets ``pos_`` (and the ruler's few TAG and DEP exceptions) per token.

    What the rules decide for a token depends only on the attributes they read around it (its fine tag,
    word and arc, the arc before it), so the decision is remembered per combination of those values:
    most tokens are a word seen before in the same role, and cost one tuple and one lookup."""

    _REMEMBERED = 200_000  # combinations kept before the memory is cleared (a long run's vocabulary)

    def __init__(self, patterns: list[dict]):
        self._rules = compile_rules(patterns)
        # (position relative to the token, attribute read) for everything any rule reads
        self._reads = sorted({(rule.offset + k, read) for rule in self._rules
                              for k, tests in enumerate(rule.tests) for read, _ in tests})  # fmt: skip
        self._where = {place: n for n, place in enumerate(self._reads)}
        self._known: dict[tuple, tuple[tuple[str, str], ...]] = {}

    def _decide(self, key: tuple) -> tuple[tuple[str, str], ...]:
        """The attributes the rules set for a token whose surroundings read ``key`` (last rule wins)."""
        chosen: dict[str, str] = {}
        for rule in self._rules:
            values = [key[self._where[(rule.offset + k, read)]] for k, tests in enumerate(rule.tests) for read, _ in tests]
            tests = [test for tests in rule.tests for _, test in tests]
            if all(value is not _MISSING and test(value) for value, test in zip(values, tests)):
                chosen.update(rule.attrs)
        return tuple(chosen.items())

    def __call__(self, doc: Doc) -> Doc:
        tokens = list(doc)
        n = len(tokens)
        columns = {read: [getattr(t, read) for t in tokens] for read in {read for _, read in self._reads}}
        decided = []
        for i in range(n):
            key = tuple(columns[read][i + at] if 0 <= i + at < n else _MISSING for at, read in self._reads)
            chosen = self._known.get(key)
            if chosen is None:
                if len(self._known) >= self._REMEMBERED:
                    self._known.clear()
                chosen = self._known[key] = self._decide(key)
            decided.append(chosen)
        for token, chosen in zip(tokens, decided):  # set after matching, as the ruler matches the whole doc first
            for attr, value in chosen:
                if attr == "POS":
                    token.pos_ = value
                elif attr == "TAG":
                    token.tag_ = value
                else:
                    token.dep_ = value
        return doc


@Language.factory(COMPONENT)
def make_coarse_tags(nlp: Language, name: str) -> CoarseTags:
    """Built from the ruler of the pipeline it is added to (add it before removing the ruler)."""
    return CoarseTags(nlp.get_pipe(RULER).patterns)


def replace_attribute_ruler(nlp: Language) -> Language:
    """``nlp`` with its attribute ruler replaced by the table (in place; returned for chaining)."""
    if RULER in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, after=RULER)
        nlp.remove_pipe(RULER)
    return nlp
