"""Actor dictionary and mention resolver, on short sentences written for these tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from warlog.models import Actor
from warlog.resolve.actors import (
    ActorDictionary,
    find_mentions,
    resolve_references,
    to_record,
    unresolved_candidates,
)


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.default()


def ids(mentions) -> list[str]:
    return [m.actor.id for m in mentions]


def spans(mentions) -> list[tuple[str, str]]:
    return [(m.text, m.actor.id) for m in mentions]


# --------------------------------------------------------------------------- the data itself


def test_dictionary_is_consistent(actors: ActorDictionary) -> None:
    entries = actors.entries
    assert 80 <= len(entries) <= 400
    known = {e.id for e in entries}
    assert len(known) == len(entries), "duplicate ids"
    for e in entries:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", e.id), e.id
        assert e.inter in range(1, 9), e.id
        assert e.type and e.name, e.id
        assert e.country is None or re.fullmatch(r"[A-Z]{2}", e.country), e.id
        assert e.parent is None or e.parent in known, e.id
        for a in e.affiliations:
            assert a.id in known and a.id != e.id, (e.id, a.id)
            assert a.relation in {"member_of", "backed_by", "allied_with"}, (e.id, a.relation)
        if e.valid_from and e.valid_until:
            assert e.valid_from < e.valid_until, e.id
        assert e.aliases or e.generic, e.id


def test_shared_aliases_only_between_actors_of_different_periods(actors: ActorDictionary) -> None:
    """An alias may name two entries only when they never co-exist (the date then picks one)."""
    owners: dict[str, list] = {}
    for e in actors.entries:
        for alias in {" ".join(re.findall(r"\w+", a.lower())) for a in e.aliases + e.case_aliases}:
            owners.setdefault(alias, []).append(e)
    for alias, entries in owners.items():
        for i, a in enumerate(entries):
            for b in entries[i + 1 :]:
                overlap = (a.valid_from or "") < (b.valid_until or "9999") and (b.valid_from or "") < (
                    a.valid_until or "9999"
                )
                assert not overlap, f"{alias!r} names both {a.id} and {b.id} at the same time"


# --------------------------------------------------------------------------- resolve()


def test_resolve_aliases_and_transliterations(actors: ActorDictionary) -> None:
    assert actors.resolve("QSD").id == "sdf"
    assert actors.resolve("SDF's").id == "sdf"
    assert actors.resolve("the Syrian Democratic Forces").id == "sdf"
    assert actors.resolve("Daesh").id == "isis"
    assert actors.resolve("ISIL").id == "isis"
    assert actors.resolve("IS").id == "isis"
    assert actors.resolve("Hayat Tahrir al Sham").id == "hts"
    assert actors.resolve("Hay’at Tahrir al-Sham").id == "hts"
    assert actors.resolve("Kataib Hezbollah").id == "kataib-hezbollah"
    assert actors.resolve("al-Hashd al-Shaabi").id == "pmf"
    assert actors.resolve("SDF: Syrian Democratic Forces").id == "sdf"
    assert actors.resolve("Manbij") is None


def test_short_abbreviations_match_only_in_capitals(actors: ActorDictionary) -> None:
    assert actors.resolve("is") is None
    assert actors.resolve("us") is None
    assert actors.resolve("US").id == "us-forces"
    assert ids(find_mentions("It is clear that IS fighters withdrew.")) == ["isis"]
    assert find_mentions("Tell us what it is, he said.") == []
    assert spans(find_mentions("WHY THE WAR IS NOT OVER FOR ISIS")) == [("ISIS", "isis")]


def test_date_picks_the_syrian_forces_of_the_period(actors: ActorDictionary) -> None:
    before = actors.resolve("Syrian government forces", on_date="2019-05-01")
    after = actors.resolve("Syrian government forces", on_date="2025-06-01")
    assert before.id == "saa" and before.acled_name == "Military Forces of Syria (2000-2024)"
    assert after.id == "syria-transitional-forces" and after.acled_name == "Military Forces of Syria (2024-)"
    assert actors.resolve("Syrian government forces").id == after.id  # undated: the most recent
    assert actors.resolve("Syrian Arab Army", on_date="2025-06-01").id == "saa"  # only one candidate
    sentence = "Syrian government forces shelled the village."
    assert ids(find_mentions(sentence, on_date="2016-03-02")) == ["saa"]
    assert ids(find_mentions(sentence, on_date="2025-03-02")) == ["syria-transitional-forces"]
    assert actors.resolve("US forces", on_date="2017-06-20").acled_name.endswith("(2017-2021)")


def test_coalition_names(actors: ActorDictionary) -> None:
    for name in ("US-led coalition", "U.S.-led coalition", "International Coalition", "CJTF-OIR",
                 "Operation Inherent Resolve", "anti-ISIS coalition"):  # fmt: skip
        assert actors.resolve(name).id == "coalition", name
    text = "The International Coalition said the Coalition base at al-Omar was not hit; CJTF-OIR denied it."
    assert ids(find_mentions(text)) == ["coalition", "coalition", "coalition"]
    # lower-case "coalition" alone is a political coalition as often as the military one
    assert find_mentions("The ruling coalition in Baghdad met on Sunday.") == []


def test_faction_with_parent(actors: ActorDictionary) -> None:
    mentions = find_mentions(
        "Gunmen from the Turkish-backed faction of Ahrar al-Sharqiyyah raided the house."
    )
    faction = [m for m in mentions if m.text == "Ahrar al-Sharqiyyah"]
    assert len(faction) == 1 and faction[0].actor.id == "ahrar-al-sharqiyyah"
    assert faction[0].actor.parent == "sna"
    assert actors.get(faction[0].actor.parent).name == "Syrian National Army"
    assert [e.id for e in actors.lineage(faction[0].actor)] == ["ahrar-al-sharqiyyah", "sna"]
    refs = resolve_references(
        "Gunmen from the Turkish-backed faction of Ahrar al-Sharqiyyah raided the house.", mentions
    )
    assert spans(refs) == [("Turkish-backed faction", "sna")]


# --------------------------------------------------------------------------- find_mentions()


def test_longest_match_possessives_and_word_boundaries() -> None:
    text = "The SDF's spokesman said the Free Syrian Army and the Syrian Arab Army (SAA) clashed near Manbij."
    assert spans(find_mentions(text)) == [
        ("SDF", "sdf"), ("Free Syrian Army", "fsa"), ("Syrian Arab Army", "saa"), ("SAA", "saa"),
    ]  # fmt: skip
    mention = find_mentions(text)[0]
    assert text[mention.start : mention.end] == "SDF"
    assert find_mentions("The ISISI app and the Hashdan fort are not actors.") == []


def test_context_rules() -> None:
    assert spans(find_mentions("Anti-ISIS fighters took the hill.")) == []
    assert spans(find_mentions("Ankara said Moscow had agreed.")) == [
        ("Ankara", "turkey-forces"), ("Moscow", "russia-forces"),
    ]  # fmt: skip
    assert spans(find_mentions("He flew to Ankara from Moscow, near the Syria-Turkey border.")) == []
    assert spans(find_mentions("ISIS militants attacked a checkpoint.")) == [("ISIS", "isis")]
    assert spans(find_mentions("Gunmen attacked a checkpoint.")) == [("Gunmen", "unidentified-armed-group")]
    assert spans(find_mentions("The militants fled.")) == []  # a reference, left to resolve_references


def test_find_mentions_in_a_report() -> None:
    text = (
        "Iraqi Air Force F-16s struck ISIS hideouts in the Hamrin mountains, the Counter-Terrorism Service "
        "said, while Kata'ib Hezbollah and other PMF units held the road. Peshmerga forces and the US-led "
        "coalition were not involved. Daesh did not comment."
    )
    assert spans(find_mentions(text)) == [
        ("Iraqi Air Force", "iraqi-air-force"), ("ISIS", "isis"),
        ("Counter-Terrorism Service", "counter-terrorism-service"), ("Kata'ib Hezbollah", "kataib-hezbollah"),
        ("PMF", "pmf"), ("Peshmerga forces", "peshmerga"), ("US-led coalition", "coalition"),
        ("Daesh", "isis"),
    ]  # fmt: skip


# --------------------------------------------------------------------------- resolve_references()


def test_descriptor_resolves_to_named_actor() -> None:
    text = (
        "The Syrian Democratic Forces accused rival factions of helping ISIS, after the largely Kurdish "
        "militia shot down two ISIS drones near Raqqa."
    )
    refs = resolve_references(text, find_mentions(text))
    assert spans(refs) == [("largely Kurdish militia", "sdf")]
    assert refs[0].via == "reference" and text[refs[0].start : refs[0].end] == "largely Kurdish militia"


def test_descriptor_needs_its_actor_in_the_document() -> None:
    text = "Residents said the largely Kurdish militia had left the town."
    assert resolve_references(text, find_mentions(text)) == []


def test_anaphora_pick_the_most_recent_compatible_actor() -> None:
    text = (
        "US forces and the SDF raided a house in Shaddadi. ISIS said the group would retaliate. "
        "An NDF commander was killed; the regime blamed the terrorists."
    )
    mentions = find_mentions(text, on_date="2019-01-10")
    refs = resolve_references(text, mentions)
    assert spans(refs) == [("the group", "isis"), ("the regime", "saa"), ("the terrorists", "isis")]


def test_descriptor_points_forward_and_names_cover_head_nouns() -> None:
    text = "Kurdish-led forces advanced on Hajin. The SDF said ISIS terrorists fled."
    refs = resolve_references(text, find_mentions(text))
    assert spans(refs) == [("Kurdish-led forces", "sdf")]  # "terrorists" after ISIS is part of the name


# --------------------------------------------------------------------------- records and unknown actors


def test_to_record_and_localise(actors: ActorDictionary) -> None:
    sdf = actors.get("sdf")
    assert to_record(sdf, "SDF's") == Actor(
        name="SDF: Syrian Democratic Forces", id="sdf", type="rebel group", mention="SDF's"
    )
    assert actors.localise(actors.get("civilians"), "SY").acled_name == "Civilians (Syria)"
    assert actors.localise(actors.get("civilians"), "FR").id == "civilians"


def test_unresolved_candidates() -> None:
    text = (
        "Fighters of Liwa al-Baqir and the Jazira Storm Brigade clashed with the Sultan Murad Division "
        "and the Syrian Democratic Forces. The Hamza Division was not involved."
    )
    assert [c.text for c in unresolved_candidates(text)] == ["Liwa al-Baqir", "Jazira Storm Brigade"]
    candidate = unresolved_candidates(text)[0]
    assert text[candidate.start : candidate.end] == "Liwa al-Baqir"


def test_a_5kb_document_is_resolved_as_its_paragraphs_are_one_by_one() -> None:
    """Eighteen copies of one paragraph (5 kB): each copy yields the paragraph's own mentions and its
    reference ("the group"), at its own offsets -- nothing lost or merged over the long text.
    Counted, not timed: speed is measured by bench/bench_components.py."""
    paragraph = (
        "The Syrian Democratic Forces said on Monday that ISIS cells attacked a checkpoint east of Raqqa. "
        "The US-led coalition carried out an air strike, while Turkish forces and Ahrar al-Sharqiyyah "
        "shelled villages near Ain Issa. Damascus accused the group of working with Washington. "
    )
    copies = 5000 // len(paragraph)
    document = paragraph * copies
    actors = ActorDictionary.default()
    alone = actors.find_mentions(paragraph)
    alone_refs = actors.resolve_references(paragraph, alone)
    assert [m.actor.id for m in alone] == ["sdf", "isis", "coalition", "turkey-forces", "ahrar-al-sharqiyyah",
                                           "syria-transitional-forces", "us-forces"]  # fmt: skip
    assert [(r.text, r.actor.id) for r in alone_refs] == [("the group", "ahrar-al-sharqiyyah")]
    mentions = actors.find_mentions(document)
    references = actors.resolve_references(document, mentions)
    expected = [(m.start + k * len(paragraph), m.actor.id) for k in range(copies) for m in alone]
    assert [(m.start, m.actor.id) for m in mentions] == expected
    assert [(r.start, r.actor.id) for r in references] == [
        (r.start + k * len(paragraph), r.actor.id) for k in range(copies) for r in alone_refs
    ]
    assert all(document[m.start : m.end] == m.text for m in mentions + references)


# --------------------------------------------------------------------------- the seed reports


@pytest.mark.shared("corpus/seeds")
def test_seed_reports(shared: Path) -> None:
    seeds = shared / "corpus" / "seeds"
    found = {path.name[:3]: set(ids(find_mentions(path.read_text(encoding="utf-8"))))
             for path in sorted(seeds.glob("*.txt"))}  # fmt: skip
    expected = {
        "000": {"sdf", "isis", "coalition", "daanes"},
        "001": {"coalition", "turkish-intelligence", "ahrar-al-sharqiyyah", "isis", "turkey-forces"},
        "002": {"saa", "sdf", "isis", "manbij-military-council", "fsa"},
        "003": {"isf", "iraqi-air-force", "sdf", "isis"},
        "004": {"coalition", "isis", "us-forces"},
    }
    for prefix, actor_ids in expected.items():
        assert actor_ids <= found[prefix], (prefix, actor_ids - found[prefix])
    assert "turkish-intelligence" not in found["000"] | found["003"]
    assert "iraqi-air-force" not in found["000"] | found["001"] | found["002"]
