"""A learned sentence-level event detector and sub-type classifier, combined with the trigger rules.

The trigger lexicon (``extract/triggers.py``) decides which sentences are parsed and turned into
mentions. On real reports it misses ordinary phrasings ("opened fire ... killing him", "raided the
base", "downed 31 drones") and lets through period totals, quotes and plans. This module scores every
sentence with a multinomial logistic regression over cheap features — hashed word unigrams and bigrams,
character n-grams when the model was trained with them, and the trigger rules' own hits (which rule
fired, its sub-type, its score) — and combines the result with the rules by a *policy* stored with the
model:

* ``add``: a sentence no rule flagged (with ``add_where="lead"``, only one before the first the rules flag:
  the report's opening, where it tells its incident in words the lexicon lacks; a report no rule flags gets
  none, and the run stops there as before) becomes a candidate when
  p(event) ≥ ``add``, typed by the model,
  with a ``TriggerHit`` of a rule that names the detector (``TriggerRule.source``) over the word that
  speaks most for that type (the parse steps read roles and status from it);
* ``veto``: an asserted incident (merged mentions) none of whose sentences reaches p(event) ≥ ``veto``
  is dropped (kept as ``Drop``s of ``detector veto``). It runs once the mentions are merged
  (``veto_incidents``), not before the parse: a plan or a threat has a low p(event) too and must still
  reach the status step (held back, or shown with ``--include-unasserted``), and a bare toll line ("7 IS
  militants were killed.") reads as no event alone but gives its incident the fatalities;
* ``retype``: a rule candidate whose best model type differs from the rule's gets the model's type when
  p(that type) ≥ ``retype`` and the rule's score is below ``keep`` (a confident rule, such as "shot down
  ... drones", keeps its type: the model has seen few examples of the rarer types).

A policy value of ``None`` turns that part off. The weights are built by ``scripts/train_detector.py``
from the labelled real sentences (dev split only) and ship as ``data/models/detector.npz``; scoring is
numpy only (scikit-learn is for training), and the model loads once per process.

Why hashing and not a vocabulary: the feature function is the whole contract between the training
script and this module; with a stable hash (CRC-32) there is no vocabulary file to keep in step, and
a sentence's features cost a few dozen dictionary-free integer operations.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO

import numpy as np

from warlog.extract.annotated import AnnotatedDocument, Candidate, Drop
from warlog.extract.triggers import PatternSet, TriggerHit, TriggerRule, match_triggers
from warlog.knowledge import data_bytes
from warlog.words import Word, split_words

MODEL_FILE = "models/detector.npz"
NO_EVENT = "NONE"
_PIECE = re.compile(r"[a-z]+|\d+")  # what a feature word is: letters or digits, lower-cased
_SCORE_STEPS = (0.6, 0.7, 0.8, 0.85, 0.9, 0.95)  # the best hit's score, as "at least" indicators


@dataclass(frozen=True)
class FeatureConfig:
    """What the feature function extracts; stored with the weights so both sides agree."""

    dim: int = 1 << 16
    bigrams: bool = True
    char_ngrams: tuple[int, int] | None = None  # (min, max) length inside word boundaries
    rules: bool = True  # the trigger rules' hits as features


@dataclass(frozen=True)
class Policy:
    """How the detector's probabilities combine with the rules (see the module doc); None: off."""

    add: float | None = None
    veto: float | None = None
    retype: float | None = None
    keep: float | None = None  # a rule hit scoring at least this keeps its type (None: any may be retyped)
    # Where ``add`` may add a sentence: "anywhere", or "lead": only before the first sentence the rules flag
    # (a report opens with its incident; later unflagged sentences are mostly its details and quotes), and
    # not in a report the rules flag nowhere.
    add_where: str = "anywhere"
    # With "lead": a text of at most this many sentences (a headline, a snippet, a post) is all lead, and
    # its sentences are added even where no rule flags any (0: never).
    short: int = 0


def _bucket(feature: str, dim: int) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (dim - 1)


SentenceWords = tuple[Sequence[Word], int]  # a sentence's words from the document's layer, and its start


def words(text: str, given: SentenceWords | None = None) -> list[tuple[str, int, int]]:
    """Lower-cased words with their sentence offsets; every number reads as "0" (counts vary, the
    phrasing does not). The words are the shared word layer's (words.py), taken from the document's
    (``given``: the sentence's words there and the sentence's start) or cut here; each splits into
    its runs of letters and of digits ("don't" gives "don", "t")."""
    spans, offset = given if given is not None else (split_words(text), 0)
    found = []
    for word_start, word_end in spans:
        start = word_start - offset
        for m in _PIECE.finditer(text[start : word_end - offset].lower()):
            piece = m.group()
            found.append(("0" if piece.isdigit() else piece, start + m.start(), start + m.end()))
    return found


def feature_names(
    text: str, hits: Iterable[TriggerHit], config: FeatureConfig, given: SentenceWords | None = None
) -> list[str]:
    """The sentence's features as strings (a set's worth, in a fixed order): what gets hashed."""
    tokens = [w for w, _, _ in words(text, given)]
    names = [f"w:{w}" for w in tokens]
    if config.bigrams:
        names += [f"b:{a}_{b}" for a, b in zip(["<s>"] + tokens, tokens + ["</s>"])]
    if config.char_ngrams:
        low, high = config.char_ngrams
        for token in tokens:
            padded = f" {token} "
            for n in range(low, high + 1):
                names += [f"c:{padded[i:i + n]}" for i in range(len(padded) - n + 1)]
    if config.rules:
        hits = list(hits)
        if not hits:
            names.append("r:none")
        for hit in hits:
            names += [f"r:{hit.rule.index}", f"rt:{hit.sub_event_type}"]
        if hits:
            best = hits[0]
            names.append(f"rb:{best.sub_event_type}")
            names += [f"rs:{step}" for step in _SCORE_STEPS if best.score >= step]
    names.append(f"len:{min(len(tokens) // 10, 6)}")
    return list(dict.fromkeys(names))


def feature_indices(
    text: str, hits: Iterable[TriggerHit], config: FeatureConfig, given: SentenceWords | None = None
) -> np.ndarray:
    """Distinct hashed feature indices of a sentence (each counts once, the row is L2-normalised)."""
    names = feature_names(text, hits, config, given)
    return np.unique(np.fromiter((_bucket(n, config.dim) for n in names), dtype=np.int64))


class Detector:
    """The weights of a trained model and the policy it was shipped with."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, classes: list[str], config: FeatureConfig,
                 policy: Policy, meta: dict | None = None):
        self.weights = np.asarray(weights, dtype=np.float32)  # (dim, classes)
        self.bias = np.asarray(bias, dtype=np.float32)
        self.classes = list(classes)
        self.config = config
        self.policy = policy
        self.meta = meta or {}
        self._none = self.classes.index(NO_EVENT)

    def probabilities(
        self, text: str, hits: Iterable[TriggerHit] = (), given: SentenceWords | None = None
    ) -> np.ndarray:
        """p(label) over ``classes`` for one sentence (``hits``: what the trigger rules found there)."""
        index = feature_indices(text, hits, self.config, given)
        logits = self.weights[index].sum(axis=0) / np.sqrt(max(len(index), 1)) + self.bias
        logits = np.exp(logits - logits.max())
        return logits / logits.sum()

    def judge(
        self, text: str, hits: Iterable[TriggerHit] = (), given: SentenceWords | None = None
    ) -> tuple[float, str, float]:
        """(p(event), the most likely event type, its probability)."""
        p = self.probabilities(text, hits, given)
        p_event = float(1.0 - p[self._none])
        p_types = p.copy()
        p_types[self._none] = -1.0
        best = int(p_types.argmax())
        return p_event, self.classes[best], float(p[best])

    def cue(self, text: str, sub_event_type: str, given: SentenceWords | None = None) -> tuple[int, int]:
        """The word that speaks most for ``sub_event_type`` against no event: the added hit's span."""
        column, none = self.classes.index(sub_event_type), self._none
        best, span = None, (0, len(text))
        for word, start, end in words(text, given):
            row = self.weights[_bucket(f"w:{word}", self.config.dim)]
            gain = float(row[column] - row[none])
            if best is None or gain > best:
                best, span = gain, (start, end)
        return span


def _save_arrays(detector: Detector) -> dict[str, np.ndarray]:
    meta = {**detector.meta, "config": {**detector.config.__dict__}, "policy": {**detector.policy.__dict__}}
    return {
        "weights": detector.weights.astype(np.float16),
        "bias": detector.bias.astype(np.float32),
        "classes": np.array(detector.classes),
        "meta": np.array(json.dumps(meta, sort_keys=True)),
    }


def save(detector: Detector, path) -> None:
    """Write the model as a compressed npz (float16 weights): what ``load_detector`` reads."""
    np.savez_compressed(path, **_save_arrays(detector))


def read(path) -> Detector:
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        raw = meta.pop("config")
        config = FeatureConfig(**{**raw, "char_ngrams": tuple(raw["char_ngrams"]) if raw["char_ngrams"] else None})
        policy = Policy(**meta.pop("policy"))
        return Detector(data["weights"], data["bias"], [str(c) for c in data["classes"]], config, policy, meta)


@lru_cache(maxsize=1)
def load_detector() -> Detector:
    """The shipped model (``data/models/detector.npz``), read once per process."""
    return read(BytesIO(data_bytes(MODEL_FILE)))


@lru_cache(maxsize=64)
def detector_rule(sub_event_type: str) -> TriggerRule:
    """The rule a detector hit carries: no patterns, the detector named as its source."""
    return TriggerRule(index=-1, sub_event_type=sub_event_type, weight=0.0, trigger=PatternSet([]),
                       context=None, blockers=None, source="detector")


def _hit(sub_event_type: str, span: tuple[int, int], text: str, probability: float) -> TriggerHit:
    start, end = span
    return TriggerHit(detector_rule(sub_event_type), start, end, text[start:end], round(probability, 4))


def apply_detector(adoc: AnnotatedDocument, detector: Detector, policy: Policy | None = None) -> None:
    """Score the sentences and let ``policy`` (the model's own by default) add or retype candidates;
    candidates stay in text order."""
    policy = policy or detector.policy
    if policy.add is None and policy.retype is None:
        return
    flagged = {c.sentence.start: c for c in adoc.candidates}
    first_flagged = min(flagged, default=None)
    kept: list[Candidate] = []
    for sentence in adoc.sentences:
        candidate = flagged.get(sentence.start)
        addable = policy.add is not None and (
            policy.add_where != "lead" or first_flagged is not None and sentence.start < first_flagged
            or len(adoc.sentences) <= policy.short)
        if candidate is None and not addable:
            continue
        hits = candidate.hits if candidate is not None else []
        given = (adoc.words.within(sentence.start, sentence.end), sentence.start) if adoc.words else None
        p_event, sub_type, p_type = detector.judge(sentence.text, hits, given)
        adoc.event_probability[sentence.start] = p_event
        if candidate is None:
            if p_event >= policy.add:
                span = detector.cue(sentence.text, sub_type, given)
                kept.append(Candidate(sentence, [_hit(sub_type, span, sentence.text, p_event)]))
            continue
        top = hits[0]
        if (policy.retype is not None and sub_type != top.sub_event_type and p_type >= policy.retype
                and (policy.keep is None or top.score < policy.keep)):
            candidate = Candidate(sentence, [_hit(sub_type, (top.start, top.end), sentence.text, p_type), *hits])
        kept.append(candidate)
    adoc.candidates = kept


def veto_incidents(adoc: AnnotatedDocument, detector: Detector, policy: Policy | None = None) -> None:
    """Drop the incidents told as fact (asserted or reported) in whose sentences the model finds no
    event (p(event) < ``veto``); a party's claim or a denial is kept, its status says what it is."""
    policy = policy or detector.policy
    if policy.veto is None:
        return
    kept = []
    for incident in adoc.incidents:
        if incident.best.status in ("asserted", "reported"):  # told as fact, by the outlet or its source
            p_event = max(_p_event(adoc, detector, m) for m in incident.group)
            if p_event < policy.veto:
                reason = f"p(event) {p_event:.2f}"
                adoc.drops += [Drop(m.sentence, m.sub_event_type, "detector veto", reason) for m in incident.group]
                continue
        kept.append(incident)
    adoc.incidents = kept


def _p_event(adoc: AnnotatedDocument, detector: Detector, mention) -> float:
    """p(event) of a mention's sentence with the rule hits the detector saw there before the parse (an
    added sentence has none: no rule fires on it): as scored then, else (no detector pass ran) now."""
    known = adoc.event_probability.get(mention.sentence.start)
    if known is not None:
        return known
    text = mention.sentence.text
    return detector.judge(text, match_triggers(text))[0]


def detect_events(adoc: AnnotatedDocument) -> None:
    """The declared component before the parse: the shipped model adds or retypes candidates."""
    apply_detector(adoc, load_detector())


def veto_events(adoc: AnnotatedDocument) -> None:
    """The declared component after the merge: the shipped model vetoes incidents that are no event."""
    veto_incidents(adoc, load_detector())


def components_for(detector_of: Callable[[AnnotatedDocument], Detector], policy: Policy) -> tuple[Callable, Callable]:
    """The two detector components with another model or policy (experiments: a model per held-out fold)."""

    def detect(adoc: AnnotatedDocument) -> None:
        apply_detector(adoc, detector_of(adoc), policy)

    def veto(adoc: AnnotatedDocument) -> None:
        veto_incidents(adoc, detector_of(adoc), policy)

    return detect, veto
