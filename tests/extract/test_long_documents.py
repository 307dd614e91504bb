"""Long documents: the position indexes answer as the scans they replaced, and the work grows linearly.

Speed itself is measured by ``bench/bench_length.py``; here the work is counted (items looked at by
the place index, incidents compared by the merger), so the guards do not depend on a busy machine.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace

import pytest
from shared_data import shared_root

from warlog.extract.sentences import split_sentences
from warlog.spans import SpanIndex

REAL = "corpus/real/reports.jsonl"  # under the shared data folder
# Each check runs on a written bulletin and on real reports (skipped without the shared data).
SOURCES = ["written", pytest.param("real", marks=pytest.mark.shared(REAL))]

TOWNS = ["Saraqib", "Ariha", "Kafr Nabl", "Manbij", "Azaz", "al-Mayadin", "Hajin"]

# Written for these tests; {town} and {day} vary per repetition, as a long bulletin's incidents do.
PARAGRAPH = (
    "A Turkish drone struck a car near {town} in Idlib province on March {day}, killing three civilians, "
    "the Syrian Observatory for Human Rights said. Fighters of Hayat Tahrir al-Sham clashed with "
    "government forces on the outskirts of {town}, and four soldiers were killed. The militants "
    "withdrew. Government artillery shelled the town of {town} the next morning. The Syrian Democratic "
    "Forces said they arrested two Islamic State suspects in Deir ez-Zor on March {day}.\n"
)


def long_text(repetitions: int) -> str:
    return "Bulletin\n\n" + "".join(
        PARAGRAPH.format(town=TOWNS[k % len(TOWNS)], day=1 + (k // len(TOWNS)) % 28) for k in range(repetitions)
    )


def real_texts(count: int = 40) -> list[str]:
    lines = (shared_root() / REAL).read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines[:: max(1, len(lines) // count)]][:count]


# ---------------------------------------------------------------- the index against a scan


def test_span_index_answers_as_a_scan_of_all_spans():
    rng = random.Random(7)
    spans = [(s, s + rng.randint(0, 30)) for s in (rng.randint(0, 1000) for _ in range(300))]
    index = SpanIndex(spans, span=lambda span: span)
    for _ in range(500):
        start = rng.randint(-10, 1010)
        end = start + rng.randint(0, 120)
        assert index.within(start, end) == [x for x in spans if start <= x[0] and x[1] <= end]
        assert index.overlaps(start, end) == any(s < end and start < e for s, e in spans)


def _scan_sentence_matches(places, sentence):
    """The per-sentence scan of every place match of the document that the index replaced."""
    return [
        replace(m, start=m.start - sentence.start, end=m.end - sentence.start)
        for m in places.matches
        if sentence.start <= m.start and m.end <= sentence.end
    ]


@pytest.mark.parametrize("source", SOURCES)
def test_place_index_gives_the_matches_of_the_old_scan(source):
    from warlog.extract.placing import DocumentPlaces

    texts = [long_text(30)] if source == "written" else real_texts()
    compared = 0
    for text in texts:
        places = DocumentPlaces(text)
        for sentence in split_sentences(text):
            found = places.sentence_matches(sentence)
            assert found == _scan_sentence_matches(places, sentence)
            compared += len(found)
    assert compared > 0


def _context_for(text):
    from warlog.extract.mentions import DocumentContext
    from warlog.resolve.actors import find_mentions, resolve_references

    named = find_mentions(text)
    mentions = sorted(named + resolve_references(text, named), key=lambda m: m.start)
    return DocumentContext(published=None, actor_mentions=mentions, place_resolver=None)


def _scan_last_armed(context, position, other_than):
    """The backward scan of every earlier actor mention that ``last_armed_before`` replaced."""
    for earlier in reversed([m for m in context.actor_mentions if m.end <= position]):
        if earlier.actor.id != other_than and earlier.actor.inter in (1, 2, 3, 4, 8):
            return earlier
    return None


@pytest.mark.parametrize("source", SOURCES)
def test_actor_index_and_look_back_match_the_old_scans(source):
    texts = [long_text(30)] if source == "written" else real_texts()
    for text in texts:
        context = _context_for(text)
        ids = sorted({m.actor.id for m in context.actor_mentions}) + [None]
        for sentence in split_sentences(text):
            assert context.actors_within(sentence.start, sentence.end) == [
                m for m in context.actor_mentions if sentence.start <= m.start and m.end <= sentence.end
            ]
            for other in ids[:6]:
                assert context.last_armed_before(sentence.start, other) is _scan_last_armed(context, sentence.start, other)


def _scan_references(dictionary, text, mentions):
    """``resolve_references`` as it was: each reference scans every earlier mention, then every later one."""
    from bisect import bisect_right

    from warlog.resolve.actors import ActorMention, _longest, _tokenize

    tokens = _tokenize(text)
    named = sorted(mentions, key=lambda m: m.start)
    named_starts = [m.start for m in named]
    history, resolved, next_named, i = [], [], 0, 0
    while i < len(tokens):
        found = _longest(dictionary._phrases, tokens, i, text) if tokens[i].fold in dictionary._phrases else None
        if found is None:
            i += 1
            continue
        j, hits = found
        start, end = tokens[i].start, tokens[j].end
        k = bisect_right(named_starts, start)
        overlaps = (k > 0 and named[k - 1].end > start) or (k < len(named) and named[k].start < end)
        right_after_name = (
            k > 0 and i > 0 and named[k - 1].end == tokens[i - 1].end
            and text[tokens[i - 1].full_end : start].strip() == "" and tokens[i].fold not in dictionary._determiners
        )
        if overlaps or right_after_name:
            i += 1
            continue
        while next_named < len(named) and named[next_named].end <= start:
            history.append(named[next_named])
            next_named += 1
        referent = next((r for m in reversed(history) if (r := dictionary._referent(m.actor, hits))), None)
        if referent is None:
            later = (dictionary._referent(m.actor, hits, descriptors_only=True) for m in named[next_named:])
            referent = next((r for r in later if r is not None), None)
        if referent is not None:
            mention = ActorMention(start, end, text[start:end], referent, via="reference")
            resolved.append(mention)
            history.append(mention)
        i = j + 1
    return resolved


@pytest.mark.parametrize("source", SOURCES)
def test_references_resolve_as_with_the_old_scan(source):
    from warlog.resolve.actors import ActorDictionary, find_mentions

    texts = [long_text(30)] if source == "written" else real_texts()
    dictionary = ActorDictionary.default()
    resolved = 0
    for text in texts:
        named = find_mentions(text)
        new = dictionary.resolve_references(text, named)
        assert [(m.start, m.end, m.actor.id) for m in new] == [
            (m.start, m.end, m.actor.id) for m in _scan_references(dictionary, text, named)
        ]
        resolved += len(new)
    assert resolved > 0


def _scan_merge(mentions):
    """``merge_mentions`` as it was: every mention against every member of every incident."""
    from warlog.extract.merge import (
        _compatible_dates,
        _compatible_places,
        _compatible_types,
        _fold_lone_headlines,
        _toll_only,
        _uninformative,
        same_incident,
    )
    from warlog.knowledge import event_type_of

    groups = []
    for mention in mentions:
        if mention.distinct:
            groups.append([mention])
            continue
        if groups and _toll_only(mention):
            groups[-1].append(mention)
            continue
        if _uninformative(mention):
            same_type = [g for g in groups if any(m.sub_event_type == mention.sub_event_type for m in g)]
            if same_type:
                same_type[-1].append(mention)
                continue
        if mention.told_before and not mention.date_explicit and not mention.sentence.headline:
            # the latest incident of its family or of a type told with its own, unless a place or date differs
            related = [g for g in groups if any(event_type_of(m.sub_event_type) == event_type_of(mention.sub_event_type)
                                                or _compatible_types(mention.sub_event_type, m.sub_event_type)
                                                for m in g)]
            if related and all(_compatible_places(mention, m) and _compatible_dates(mention, m) for m in related[-1]):
                related[-1].append(mention)
                continue
        for group in groups:
            if all(same_incident(mention, other) for other in group):
                group.append(mention)
                break
        else:
            groups.append([mention])
    return _fold_lone_headlines(groups)


def _merged_mentions(texts):
    """The mention lists the extractor hands to the merger for ``texts``: its "merge" component is
    swapped for one that records them (extract/components.py; the rest of the pipeline as declared)."""
    from dataclasses import replace

    from warlog.extract.components import PIPELINE, group_incidents
    from warlog.extract.events import Extractor
    from warlog.models import Document

    seen = []

    def recording(adoc):
        seen.append(list(adoc.mentions))
        group_incidents(adoc)

    pipeline = tuple(replace(c, run=recording) if c.name == "merge" else c for c in PIPELINE)
    list(Extractor(pipeline=pipeline).extract_many(
        [Document(id=f"d{k}", text=t, language="en", published="2024-03-31") for k, t in enumerate(texts)]))
    assert seen, "the recording merge component never ran"
    return seen


@pytest.mark.parametrize("source", SOURCES)
def test_merging_groups_as_the_old_all_pairs_scan(source):
    from warlog.extract.merge import merge_mentions

    texts = [long_text(40)] if source == "written" else real_texts()
    for mentions in _merged_mentions(texts):
        assert [[id(m) for m in g] for g in merge_mentions(mentions)] == [
            [id(m) for m in g] for g in _scan_merge(mentions)
        ]


# ---------------------------------------------------------------- linear work, counted


def test_place_lookups_grow_linearly_with_the_text():
    from warlog.extract.placing import DocumentPlaces

    work = []
    for repetitions in (20, 80):
        text = long_text(repetitions)
        places = DocumentPlaces(text)
        for sentence in split_sentences(text):
            places.sentence_matches(sentence)
        work.append(places.index.examined)
    # A scan of every match per sentence grows 16-fold for a 4-fold text.
    assert work[1] <= 4.5 * work[0], work


def test_merging_work_grows_linearly_with_the_text():
    from warlog.extract import merge

    compared, mentions = [], []
    for repetitions in (28, 112):
        lists = _merged_mentions([long_text(repetitions)])
        merge.stats["groups_compared"] = 0
        merge.merge_mentions(lists[0])
        compared.append(merge.stats["groups_compared"])
        mentions.append(len(lists[0]))
    assert mentions[1] >= 3.5 * mentions[0]
    # Comparing each mention with every incident so far grows about 16-fold for a 4-fold text.
    assert compared[1] <= 4.5 * compared[0], (compared, mentions)
