"""Weapon mentions mapped to canonical names and categories."""

from __future__ import annotations

import pytest

from warlog.extract.weapons import find_weapons


def names(sentence: str) -> list[tuple[str, str]]:
    return [(w.name, w.category) for w in find_weapons(sentence)]


@pytest.mark.parametrize(
    ("mention", "name", "category"),
    [
        ("Matrice M30", "DJI Matrice 30", "drone"),
        ("M30", "DJI Matrice 30", "drone"),
        ("Matrice 300", "DJI Matrice 30", "drone"),
        ("DJI Mavic 3", "DJI Mavic", "drone"),
        ("First Person View drone", "FPV drone", "drone"),
        ("FPV", "FPV drone", "drone"),
        ("FPW", "FPV drone", "drone"),
        ("Bayraktar TB2", "Bayraktar TB2", "drone"),
        ("Shahed-136", "Shahed-136", "drone"),
        ("MQ-1 Predator", "MQ-1 Predator", "drone"),
        ("MQ-9 Reaper", "MQ-9 Reaper", "drone"),
        ("Orlan-10", "Orlan-10", "drone"),
        ("Lancet", "ZALA Lancet", "drone"),
        ("Akinci", "Bayraktar Akinci", "drone"),
        ("Anka drone", "TAI Anka", "drone"),
        ("9K333 Verba", "9K333 Verba", "manpads"),
        ("Verba", "9K333 Verba", "manpads"),
        ("Pantsir-S1", "Pantsir-S1", "air-defense"),
        ("S-300", "S-300", "air-defense"),
        ("S-400", "S-400", "air-defense"),
        ("Stinger", "FIM-92 Stinger", "manpads"),
        ("Igla", "9K38 Igla", "manpads"),
        ("Patriot battery", "MIM-104 Patriot", "air-defense"),
        ("Su-24", "Su-24", "aircraft"),
        ("Su-34", "Su-34", "aircraft"),
        ("F-16", "F-16", "aircraft"),
        ("F-15E", "F-15E", "aircraft"),
        ("A-10", "A-10", "aircraft"),
        ("Tornado GR4", "Panavia Tornado", "aircraft"),
        ("Rafale", "Dassault Rafale", "aircraft"),
        ("Tomahawk", "BGM-109 Tomahawk", "missile"),
        ("Grad rockets", "BM-21 Grad", "rocket"),
        ("Katyusha", "Katyusha", "rocket"),
        ("Fateh-110", "Fateh-110", "missile"),
        ("Kornet", "9M133 Kornet", "missile"),
        ("TOW missile", "BGM-71 TOW", "missile"),
        ("Hellfire", "AGM-114 Hellfire", "missile"),
        ("ATGM", "ATGM", "missile"),
        ("howitzer", "howitzer", "artillery"),
        ("M777", "M777", "artillery"),
        ("Caesar", "CAESAR", "artillery"),
        ("T-72", "T-72", "tank"),
        ("technicals", "technical vehicle", "armoured-vehicle"),
        ("IED", "IED", "ied"),
        ("VBIED", "VBIED", "vbied"),
        ("car bomb", "car bomb", "vbied"),
        ("roadside bomb", "roadside bomb", "ied"),
        ("suicide vest", "suicide vest", "suicide-vest"),
        ("landmine", "landmine", "landmine"),
        ("drone", "drone", "drone"),
        ("UAV", "drone", "drone"),
        ("warplane", "aircraft", "aircraft"),
        ("helicopter", "helicopter", "helicopter"),
        ("mortar", "mortar", "mortar"),
        ("rocket", "rocket", "rocket"),
        ("artillery", "artillery", "artillery"),
        ("missile", "missile", "missile"),
        ("grenade", "grenade", "grenade"),
        ("machine gun", "machine gun", "small-arms"),
        ("sniper rifle", "sniper rifle", "small-arms"),
        ("chlorine gas", "chlorine", "chemical"),
        ("warship", "warship", "naval"),
    ],
)
def test_each_name_maps_to_its_canonical_entry(mention, name, category):
    sentence = f"Witnesses said the {mention} was used in the attack."
    [weapon] = find_weapons(sentence)
    assert (weapon.name, weapon.category, weapon.mention) == (name, category, mention)


def test_generic_word_dropped_when_system_of_same_category_named():
    sentence = "The drone, a DJI Matrice M30, dropped a grenade on the trench."
    assert names(sentence) == [("DJI Matrice 30", "drone"), ("grenade", "grenade")]


def test_generic_word_kept_for_another_category():
    sentence = "A soldier fired a 9K333 Verba at the drone."
    assert names(sentence) == [("9K333 Verba", "manpads"), ("drone", "drone")]


def test_duplicates_are_merged_and_first_mention_kept():
    weapons = find_weapons(
        "Militants flew an FPV drone; a second FPW drone hit a truck. More drones followed."
    )
    assert [(w.name, w.mention) for w in weapons] == [("FPV drone", "FPV drone")]


def test_longest_match_wins_over_shorter_alternative():
    assert [w.mention for w in find_weapons("A Shahed-136 was intercepted.")] == ["Shahed-136"]
    assert names("A rocket-propelled grenade hit the house.") == [("RPG", "rocket")]


@pytest.mark.parametrize(
    "sentence",
    [
        "A suicide bomber blew himself up at the gate.",
        "The water tanks on the roof were hit.",
        "The think tank published a report.",
        "A tornado tore through the town.",
        "The truck was towing a trailer.",
        "Residents may march tomorrow.",
    ],
)
def test_ordinary_words_are_not_weapons(sentence):
    assert find_weapons(sentence) == []


def test_anti_aircraft_fire_is_air_defence_not_aircraft():
    assert names("Anti-aircraft fire echoed over the city.") == [("anti-aircraft gun", "air-defense")]
