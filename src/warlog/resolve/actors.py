"""Actor dictionary and actor mention resolution.

Reports name the same armed actor in many ways ("Syrian Democratic Forces", "SDF's", "QSD"), refer back
to it with descriptions ("the largely Kurdish militia") and anaphora ("the group"), and some names mean
different actors at different dates ("Syrian government forces" before and after December 2024). This
module turns all of that into dictionary entries with stable ids and ACLED-style names.

The knowledge lives in ``data/actors.yaml`` and ``data/actor_references.yaml``; the code is only the
matcher. Text is cut into word tokens once, and every alias is a path in a token trie, so finding all
mentions costs one dictionary walk per token: a few-kB report takes well under a millisecond, which
matters because this runs on every document before the expensive parse.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple

from warlog.knowledge import load_yaml
from warlog.models import Actor
from warlog.words import APOSTROPHES, TextWords

# What follows a place name that labels a paragraph or files a story rather than names a government:
# a colon, a bracketed country ("Damascus [Syria]"), or a comma and a country then a dash or colon.
_PLACE_LABEL = re.compile(r"\s*(?::|\[|,\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?\s*(?:--|[-–—:]))")


@dataclass(frozen=True)
class Affiliation:
    """A dated relation of one actor to another (``member_of``, ``backed_by``, ``allied_with``)."""

    id: str
    relation: str
    valid_from: str | None = None
    valid_until: str | None = None


@dataclass(frozen=True)
class ActorEntry:
    """One actor of ``actors.yaml``. Frozen and tuple-valued: entries are shared by every caller."""

    id: str
    name: str
    acled_name: str | None = None
    inter: int | None = None
    type: str | None = None
    country: str | None = None
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    case_aliases: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    descriptors: tuple[str, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()
    valid_from: str | None = None
    valid_until: str | None = None
    generic: bool = False

    def valid_on(self, on_date: str) -> bool:
        """Whether the actor (as coded) existed on ``on_date`` (YYYY-MM-DD; a prefix such as YYYY works)."""
        day = str(on_date)[:10]
        return (self.valid_from is None or self.valid_from[: len(day)] <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


@dataclass(frozen=True)
class ActorMention:
    """A span of text that names (``via="alias"``) or refers back to (``via="reference"``) an actor."""

    start: int
    end: int
    text: str
    actor: ActorEntry
    via: str = "alias"


@dataclass(frozen=True)
class UnresolvedCandidate:
    """An organisation-like name ("Liwa al-Baqir", "Jazira Storm Brigade") the dictionary does not know."""

    start: int
    end: int
    text: str


# --------------------------------------------------------------------------- tokens


class _Token(NamedTuple):
    start: int
    end: int  # end of the word itself, without a possessive 's
    full_end: int  # end including a possessive 's, where the gap to the next word starts
    fold: str  # lower-case, accent-free, apostrophes and dots removed: the trie key
    cased: str  # as fold, but keeping case: for aliases that only match in capitals


# What may separate two words of one name: spaces, one hyphen or dash, or a plural possessive mark.
_GAP = re.compile(r"['’]?\s*(?:[-‐‑–—]\s*)?")
_HYPHEN = re.compile(r"[-‐‑]")
_DROP = str.maketrans({**dict.fromkeys(APOSTROPHES), ".": None, "ı": "i"})
_END = ""  # trie key of an alias's payload; never a token


def _cased(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_DROP)


# A document's tokens take tens of bytes per character: only the latest document is kept (mentions,
# references and candidates scan the same text one after the other), names and phrases by the hundred.
_DOCUMENT_CHARS = 2_000


def _tokenize(text: str, words: TextWords | None = None) -> tuple[_Token, ...]:
    """Word tokens of ``text``: from the document's word layer when given (kept with it), else cached,
    because mentions, references and candidates scan the same text."""
    if words is not None and words.for_text(text):
        return words.view("actor tokens", _layer_tokens)
    return _document_tokens(text) if len(text) > _DOCUMENT_CHARS else _phrase_tokens(text)


def _word_tokens(text: str) -> tuple[_Token, ...]:
    return _layer_tokens(TextWords(text))


def _layer_tokens(words: TextWords) -> tuple[_Token, ...]:
    """The trie's tokens from the shared word layer's ``names`` (words.py): fold and cased forms,
    and a possessive 's set apart from the word."""
    text = words.text
    tokens = []
    make = tuple.__new__  # skips NamedTuple's Python-level __new__: this loop runs once per word
    forms: dict[str, tuple[str, str]] = {}  # word -> (fold, cased), shared by its every occurrence
    for start, end in words.names:
        word = text[start:end]
        full_end = end
        if len(word) > 2 and word[-1] == "s" and word[-2] in "'’":  # possessive: SDF's
            word, end = word[:-2], end - 2
        form = forms.get(word)
        if form is None:
            cased = word if word.isalnum() and word.isascii() else _cased(word)
            form = forms[word] = (cased.lower(), cased)
        tokens.append(make(_Token, (start, end, full_end) + form))
    return tuple(tokens)


_document_tokens = lru_cache(maxsize=1)(_word_tokens)
_phrase_tokens = lru_cache(maxsize=256)(_word_tokens)


def _caps_word(cased: str) -> bool:
    """An abbreviation like IS, US, SDF: matched only in capitals."""
    return cased.isupper() and cased.isalpha() and len(cased) <= 5


class _Hit(NamedTuple):
    """What a trie path leads to: an entry (by index) or a reference rule, with case constraints."""

    entry: int
    kind: str  # alias | metonym | descriptor | reference
    required: tuple[str | None, ...] = ()
    rule: _Reference | None = None


class _Reference(NamedTuple):
    phrase: str
    ids: frozenset[str]
    inter: frozenset[int]


def _add(trie: dict, phrase: str, hit_for: Any, exact_case: bool = False) -> None:
    tokens = _tokenize(phrase)
    if not tokens:
        return
    node = trie
    for token in tokens:
        node = node.setdefault(token.fold, {})
    required = tuple(t.cased if exact_case or _caps_word(t.cased) else None for t in tokens)
    node.setdefault(_END, []).append(hit_for(required if any(required) else ()))


def _gap_ok(text: str, left: _Token, right: _Token) -> bool:
    return _GAP.fullmatch(text, left.full_end, right.start) is not None


def _longest(trie: dict, tokens: Sequence[_Token], i: int, text: str) -> tuple[int, list[_Hit]] | None:
    """Longest phrase of ``trie`` starting at token ``i`` whose case constraints hold: (last index, hits)."""
    node, best = trie, None
    for j in range(i, len(tokens)):
        node = node.get(tokens[j].fold)
        if node is None or (j > i and not _gap_ok(text, tokens[j - 1], tokens[j])):
            break
        ends = node.get(_END)
        if ends:
            span = tokens[i : j + 1]
            hits = [
                h
                for h in ends
                if not h.required or all(r in (None, t.cased) for r, t in zip(h.required, span))
            ]
            if hits:
                best = (j, hits)
    return best


def _flatten(value: Any) -> tuple[str, ...]:
    """YAML lists may nest one level (anchored blocks shared between entries)."""
    if not value:
        return ()
    out: list[str] = []
    for item in value:
        out.extend(_flatten(item) if isinstance(item, list) else [str(item)])
    return tuple(out)


def _date(value: Any) -> str | None:
    return None if value is None else str(value)


def _entry(raw: dict[str, Any]) -> ActorEntry:
    affiliations = tuple(
        Affiliation(a["id"], a["relation"], _date(a.get("from")), _date(a.get("until")))
        for a in raw.get("affiliations") or ()
    )
    return ActorEntry(
        id=raw["id"], name=raw["name"], acled_name=raw.get("acled_name"), inter=raw.get("inter"),
        type=raw.get("type"), country=raw.get("country"), parent=raw.get("parent"),
        aliases=_flatten(raw.get("aliases")), case_aliases=_flatten(raw.get("case_aliases")),
        metonyms=_flatten(raw.get("metonyms")), descriptors=_flatten(raw.get("descriptors")),
        affiliations=affiliations, valid_from=_date(raw.get("valid_from")),
        valid_until=_date(raw.get("valid_until")), generic=bool(raw.get("generic", False)),
    )  # fmt: skip


def _read_data(name: str) -> Any:
    return load_yaml(name)


# --------------------------------------------------------------------------- dictionary


class ActorDictionary:
    """The actor entries with their alias and reference tries. Build once: ``ActorDictionary.default()``."""

    def __init__(self, raw_entries: list[dict[str, Any]], references: dict[str, Any]) -> None:
        self.entries: tuple[ActorEntry, ...] = tuple(_entry(r) for r in raw_entries)
        self._by_id = {e.id: e for e in self.entries}
        self._order = {e.id: i for i, e in enumerate(self.entries)}
        self._lineages: dict[str, list[ActorEntry]] = {}
        self._exact: dict[str, list[int]] = {}
        self._aliases: dict = {}
        self._phrases: dict = {}
        for index, entry in enumerate(self.entries):
            for name in {entry.name, entry.acled_name or entry.name}:
                self._exact.setdefault(" ".join(_cased(name).lower().split()), []).append(index)
            for alias in entry.aliases:
                _add(self._aliases, alias, lambda req, i=index: _Hit(i, "alias", req))
            for alias in entry.case_aliases:
                _add(self._aliases, alias, lambda req, i=index: _Hit(i, "alias", req), exact_case=True)
            for metonym in entry.metonyms:
                _add(self._aliases, metonym, lambda req, i=index: _Hit(i, "metonym", req))
            for descriptor in entry.descriptors:
                _add(self._phrases, descriptor, lambda req, i=index: _Hit(i, "descriptor", req))
        for ref in references.get("references", ()):
            rule = _Reference(ref["phrase"], frozenset(ref.get("ids", ())), frozenset(ref.get("inter", ())))
            _add(self._phrases, rule.phrase, lambda req, r=rule: _Hit(-1, "reference", req, r))
        words = {
            key: {str(w).lower() for w in value} for key, value in references.items() if key != "references"
        }
        self._determiners = words.get("determiners", set())
        self._locatives = words.get("locative_words", set())
        self._negators = words.get("negating_prefixes", set())
        self._headline_ambiguous = {str(w) for w in references.get("headline_ambiguous", ())}
        self._force_words = {str(w) for w in references.get("force_words", ())}
        self._force_prefixes = {_cased(str(w)) for w in references.get("force_prefixes", ())}
        self._connectors = words.get("name_connectors", set())
        self._name_trim = self._connectors | words.get("name_stopwords", set())

    @classmethod
    @cache
    def default(cls) -> ActorDictionary:
        """The packaged dictionary, loaded once per process."""
        return cls(_read_data("actors.yaml"), _read_data("actor_references.yaml"))

    # ------------------------------------------------------------------ lookups

    def get(self, actor_id: str) -> ActorEntry | None:
        return self._by_id.get(actor_id)

    def lineage(self, entry: ActorEntry) -> list[ActorEntry]:
        """The entry, its parent, the parent's parent ... (cycles in the data are cut)."""
        if entry.id in self._lineages:
            return self._lineages[entry.id]
        chain: list[ActorEntry] = []
        current: ActorEntry | None = entry
        while current is not None and current not in chain:
            chain.append(current)
            current = self._by_id.get(current.parent) if current.parent else None
        self._lineages[entry.id] = chain
        return chain

    def localise(self, entry: ActorEntry, country: str | None) -> ActorEntry:
        """The country-specific form of a generic actor ("Civilians" -> "Civilians (Syria)") if there is one."""
        if country and entry.country is None:
            for child in self.entries:
                if child.parent == entry.id and child.country == country:
                    return child
        return entry

    def _pick(self, indices: list[int], on_date: str | None) -> ActorEntry:
        """Among entries sharing a name, the one valid on the date; else (or undated) the most recent."""
        candidates = [self.entries[i] for i in dict.fromkeys(indices)]
        if on_date:
            candidates = [e for e in candidates if e.valid_on(on_date)] or candidates
        return max(candidates, key=lambda e: (e.valid_from or "", -self._order[e.id]))

    def resolve(self, mention: str, on_date: str | None = None) -> ActorEntry | None:
        """The entry one mention names (canonical name, ACLED name or alias), or None."""
        exact = self._exact.get(" ".join(_cased(mention).lower().split()))
        if exact:
            return self._pick(exact, on_date)
        tokens = _tokenize(mention)
        if len(tokens) > 1 and tokens[0].fold in self._determiners:
            tokens = tokens[1:]
        found = _longest(self._aliases, tokens, 0, mention) if tokens else None
        if found is None or found[0] != len(tokens) - 1:
            return None
        return self._pick([h.entry for h in found[1]], on_date)

    # ------------------------------------------------------------------ mentions in text

    def _context_ok(
        self, hit: _Hit, tokens: Sequence[_Token], i: int, j: int, text: str, last_end: int
    ) -> bool:
        """Reject matches that the words around them show are not this actor."""
        before = tokens[i - 1] if i > 0 else None
        after = tokens[j + 1] if j + 1 < len(tokens) else None
        gap_before = text[before.full_end : tokens[i].start] if before else ""
        hyphen_before = bool(_HYPHEN.fullmatch(gap_before))
        if hyphen_before and before.fold in self._negators:
            return False  # "anti-ISIS fighters"
        if hit.kind == "metonym":
            hyphen_after = after is not None and _HYPHEN.fullmatch(text, tokens[j].full_end, after.start)
            if hyphen_before or hyphen_after or (before is not None and before.fold in self._locatives):
                return False  # "in Moscow", "the Syria-Turkey border"
            if _PLACE_LABEL.match(text, tokens[j].full_end):
                return False  # "Damascus: Aleppo airport is out of service", "Damascus [Syria], August 29:"
        entry = self.entries[hit.entry]
        after_name_or_determiner = (
            before is not None
            and gap_before.strip() == ""
            and (before.fold in self._determiners or before.end == last_end)
        )
        if entry.generic and after_name_or_determiner:
            return False  # "the militants" is a reference; "ISIS militants" is ISIS
        shouting = before and after and all(t.cased.isupper() and len(t.cased) > 1 for t in (before, after))
        # "IT IS TIME" in an all-caps headline is not the Islamic State
        return not (shouting and len(hit.required) == 1 and hit.required[0] in self._headline_ambiguous)

    def find_mentions(self, text: str, on_date: str | None = None, words: TextWords | None = None) -> list[ActorMention]:
        """All actor names in ``text``: leftmost-longest, non-overlapping, whole words (``words``: the
        text's word layer, when the caller has one)."""
        tokens = _tokenize(text, words)
        mentions: list[ActorMention] = []
        i = 0
        while i < len(tokens):
            found = _longest(self._aliases, tokens, i, text) if tokens[i].fold in self._aliases else None
            if found is not None:
                j, hits = found
                last_end = mentions[-1].end if mentions else -1
                hits = [h for h in hits if self._context_ok(h, tokens, i, j, text, last_end)]
                if hits:
                    start, end = tokens[i].start, tokens[j].end
                    entry = self._pick([h.entry for h in hits], on_date)
                    mentions.append(ActorMention(start, end, text[start:end], entry))
                    i = j + 1
                    continue
            i += 1
        return mentions

    # ------------------------------------------------------------------ references

    def _referent(
        self, named: ActorEntry, hits: list[_Hit], descriptors_only: bool = False
    ) -> ActorEntry | None:
        """What a reference means if it points back to ``named``; None if the two are incompatible."""
        lineage = self.lineage(named)
        for hit in hits:
            if hit.kind == "descriptor" and self.entries[hit.entry] in lineage:
                return self.entries[hit.entry]
            if hit.rule is not None and not descriptors_only:
                for ancestor in lineage:
                    if ancestor.id in hit.rule.ids:
                        return ancestor
                if named.inter in hit.rule.inter:
                    return named
        return None

    def resolve_references(
        self, text: str, mentions: list[ActorMention], words: TextWords | None = None
    ) -> list[ActorMention]:
        """Descriptions and anaphora resolved to actors named in the same document (``via="reference"``).

        A reference means the most recent compatible actor named (or already resolved) before it; a
        description of a specific actor ("the largely Kurdish militia") may also point forward to that actor
        named later. References nobody in the document fits stay unresolved and are not returned.
        """
        tokens = _tokenize(text, words)
        named = sorted(mentions, key=lambda m: m.start)
        named_starts = [m.start for m in named]
        # What a reference means depends only on the actor it may point to, so the look-back is over
        # the document's distinct actors, most recently named last, and the look-ahead over each
        # actor's next mention: bounded by the actors of the document, not by its length. (A scan of
        # every earlier mention per reference made long documents quadratic.)
        recent: dict[int, ActorEntry] = {}  # id(entry) -> entry, in the order last named or resolved
        positions: dict[int, list[int]] = {}  # id(entry) -> indices in ``named``
        for index, m in enumerate(named):
            positions.setdefault(id(m.actor), []).append(index)
        memo: dict[tuple, ActorEntry | None] = {}

        def referent(actor: ActorEntry, hits: list[_Hit], key: tuple, descriptors_only: bool = False):
            memo_key = (id(actor), key, descriptors_only)
            if memo_key not in memo:
                memo[memo_key] = self._referent(actor, hits, descriptors_only)
            return memo[memo_key]

        def remember(actor: ActorEntry) -> None:
            recent.pop(id(actor), None)
            recent[id(actor)] = actor

        resolved: list[ActorMention] = []
        next_named, i = 0, 0
        while i < len(tokens):
            found = _longest(self._phrases, tokens, i, text) if tokens[i].fold in self._phrases else None
            if found is None:
                i += 1
                continue
            j, hits = found
            start, end = tokens[i].start, tokens[j].end
            k = bisect_right(named_starts, start)
            overlaps = (k > 0 and named[k - 1].end > start) or (k < len(named) and named[k].start < end)
            right_after_name = (
                k > 0 and i > 0 and named[k - 1].end == tokens[i - 1].end
                and text[tokens[i - 1].full_end : start].strip() == ""
                and tokens[i].fold not in self._determiners
            )  # fmt: skip
            if overlaps or right_after_name:  # "ISIS terrorists": the name already covers it
                i += 1
                continue
            while next_named < len(named) and named[next_named].end <= start:
                remember(named[next_named].actor)
                next_named += 1
            key = tuple(hits)
            found = next((r for a in reversed(recent.values()) if (r := referent(a, hits, key))), None)
            if found is None:
                # The first later mention whose actor the description fits (descriptors only).
                later = []
                for indices in positions.values():
                    k = bisect_left(indices, next_named)
                    if k < len(indices):
                        later.append(indices[k])
                later.sort()
                found = next((r for k in later if (r := referent(named[k].actor, hits, key, True)) is not None), None)
            if found is not None:
                mention = ActorMention(start, end, text[start:end], found, via="reference")
                resolved.append(mention)
                remember(found)
            i = j + 1
        return resolved

    # ------------------------------------------------------------------ unknown actors

    def _name_part(self, word: str) -> bool:
        head = word.split("-", 1)[0].lower()
        return word[:1].isupper() or word[:1].isdigit() or head in self._connectors

    def unresolved_candidates(self, text: str) -> list[UnresolvedCandidate]:
        """Organisation-like names with a force word ("X Brigade", "Liwa X") that no alias covers."""
        words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\W_]+(?:['’-][^\W_]+)*", text)]
        known = self.find_mentions(text)
        known_starts = [m.start for m in known]

        def joined(a: int, b: int) -> bool:
            return re.fullmatch(r"[ \t]+", text[words[a][1] : words[b][0]]) is not None

        def covered(start: int, end: int) -> bool:
            k = bisect_right(known_starts, start)
            return k > 0 and known[k - 1].end >= end

        found: dict[tuple[int, int], UnresolvedCandidate] = {}
        for index, (w_start, w_end, word) in enumerate(words):
            first = last = index
            if word in self._force_words:
                while first > 0 and joined(first - 1, first) and self._name_part(words[first - 1][2]):
                    first -= 1
                while first < index and words[first][2].lower() in self._name_trim:
                    first += 1
            elif _cased(word) in self._force_prefixes:
                while (
                    last + 1 < len(words) and joined(last, last + 1) and self._name_part(words[last + 1][2])
                ):
                    last += 1
                while last > index and words[last][2].lower() in self._connectors:
                    last -= 1
            if first == last or covered(w_start, w_end):
                continue
            start, end = words[first][0], words[last][1]
            found.setdefault((start, end), UnresolvedCandidate(start, end, text[start:end]))
        return list(found.values())


# --------------------------------------------------------------------------- module API


def find_mentions(text: str, on_date: str | None = None, words: TextWords | None = None) -> list[ActorMention]:
    """All actor names in ``text`` (see ``ActorDictionary.find_mentions``), with the packaged dictionary."""
    return ActorDictionary.default().find_mentions(text, on_date, words)


def resolve_references(text: str, mentions: list[ActorMention], words: TextWords | None = None) -> list[ActorMention]:
    """Descriptions and anaphora of ``text`` resolved against ``mentions`` (packaged dictionary)."""
    return ActorDictionary.default().resolve_references(text, mentions, words)


def unresolved_candidates(text: str) -> list[UnresolvedCandidate]:
    """Organisation-like names in ``text`` that the packaged dictionary does not know."""
    return ActorDictionary.default().unresolved_candidates(text)


def related_actors(first: str | None, second: str | None) -> bool:
    """Same actor, or one is part of / affiliated with the other ("US forces" and "the US-led coalition")."""
    if first is None or second is None:
        return False
    if first == second:
        return True
    dictionary = ActorDictionary.default()
    a, b = dictionary.get(first), dictionary.get(second)
    if a is None or b is None:
        return False
    family_a = {entry.id for entry in dictionary.lineage(a)} | {x.id for x in a.affiliations}
    family_b = {entry.id for entry in dictionary.lineage(b)} | {x.id for x in b.affiliations}
    return first in family_b or second in family_a or bool(family_a & family_b - {None})


def to_record(entry: ActorEntry, mention: str) -> Actor:
    """The event record's actor: ACLED name where there is one, so exports group like ACLED's."""
    return Actor(name=entry.acled_name or entry.name, id=entry.id, type=entry.type, mention=mention)
