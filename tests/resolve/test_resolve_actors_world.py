"""Actors of theatres beyond Syria and Iraq, on sentences written for these tests.

The dictionary codes events worldwide in ACLED's vocabulary, so each major armed actor of the other
theatres must be found under the names reporters use, country-specific generic actors must exist for
those countries, and the new short abbreviations must not fire on ordinary news text.
"""

from __future__ import annotations

import re

import pytest

from warlog.resolve.actors import ActorDictionary, find_mentions, resolve_references

# Countries given their own Civilians / Protesters / Rioters / Unidentified Armed Group children.
NEW_COUNTRIES = {
    "YE": "Yemen", "NG": "Nigeria", "ML": "Mali", "BF": "Burkina Faso", "NE": "Niger", "CM": "Cameroon",
    "SO": "Somalia", "SD": "Sudan", "ET": "Ethiopia", "CD": "Democratic Republic of Congo", "MZ": "Mozambique",
    "AF": "Afghanistan", "PK": "Pakistan", "MM": "Myanmar", "UA": "Ukraine", "IL": "Israel", "PS": "Palestine",
    "LB": "Lebanon", "LY": "Libya", "MX": "Mexico", "CO": "Colombia", "HT": "Haiti",
}  # fmt: skip


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.default()


def spans(mentions) -> list[tuple[str, str]]:
    return [(m.text, m.actor.id) for m in mentions]


# --------------------------------------------------------------------------- each family in a sentence

SENTENCES = [
    ("Houthi rebels fired a drone at a tanker, and Ansar Allah later claimed it.",
     [("Houthi rebels", "houthis"), ("Ansar Allah", "houthis")]),
    ("Yemeni government forces clashed with STC fighters in Aden, and AQAP bombed a checkpoint in Abyan.",
     [("Yemeni government forces", "yemen-forces"), ("STC", "stc"), ("AQAP", "aqap")]),
    ("Saudi-led coalition jets struck Saada.", [("Saudi-led coalition", "saudi-forces")]),
    ("JNIM fighters ambushed a FAMa convoy while IS Sahel attacked Menaka.",
     [("JNIM", "jnim"), ("FAMa", "mali-forces"), ("IS Sahel", "is-sahel")]),
    ("The Islamic State in the Greater Sahara raided a market; GSIM denied involvement.",
     [("Islamic State in the Greater Sahara", "is-sahel"), ("GSIM", "jnim")]),
    ("The Burkinabe army and VDP volunteers repelled an attack near Djibo.",
     [("Burkinabe army", "burkina-forces"), ("VDP", "vdp")]),
    ("Nigerien troops and Africa Corps instructors patrolled near Tillaberi.",
     [("Nigerien troops", "niger-forces"), ("Africa Corps", "africa-corps")]),
    ("Boko Haram and ISWAP fighters clashed near Lake Chad, the Nigerian Army said.",
     [("Boko Haram", "boko-haram"), ("ISWAP", "iswap"), ("Nigerian Army", "nigeria-forces")]),
    ("Islamic State's West Africa Province overran a base in Borno.",
     [("Islamic State's West Africa Province", "iswap")]),
    ("Amotekun operatives arrested suspects, and the Nigeria Police Force said IPOB enforced a sit-at-home.",
     [("Amotekun operatives", "amotekun"), ("Nigeria Police Force", "nigeria-police"), ("IPOB", "ipob")]),
    ("Ambazonian separatists attacked Cameroonian soldiers in Bamenda.",
     [("Ambazonian separatists", "ambazonian-separatists"), ("Cameroonian soldiers", "cameroon-forces")]),
    ("Al-Shabaab militants attacked a base held by the Somali National Army.",
     [("Al-Shabaab militants", "al-shabaab"), ("Somali National Army", "somalia-forces")]),
    ("Kenya Defence Forces hit a Shabaab camp near the border.",
     [("Kenya Defence Forces", "kenya-forces"), ("Shabaab", "al-shabaab")]),
    ("The RSF shelled El Fasher as the Sudanese army bombed Nyala.",
     [("RSF", "rsf"), ("Sudanese army", "saf")]),
    ("The ENDF fought Fano militiamen in Gondar and OLA fighters in western Oromia.",
     [("ENDF", "endf"), ("Fano militiamen", "fano"), ("OLA", "ola")]),
    ("Tigray Defense Forces and Eritrean troops exchanged fire.",
     [("Tigray Defense Forces", "tplf"), ("Eritrean troops", "eritrea-forces")]),
    ("M23 rebels entered Goma as FARDC units withdrew; Wazalendo fighters counter-attacked.",
     [("M23 rebels", "m23"), ("FARDC", "fardc"), ("Wazalendo fighters", "mai-mai")]),
    ("Fighters of the Allied Democratic Forces and CODECO militiamen killed villagers in Ituri.",
     [("Allied Democratic Forces", "adf"), ("CODECO militiamen", "codeco"), ("villagers", "civilians")]),
    ("Ansar al-Sunna insurgents attacked Mocimboa da Praia before Rwandan troops arrived.",
     [("Ansar al-Sunna", "is-mozambique"), ("Rwandan troops", "rwanda-forces")]),
    ("ISIS-K gunmen attacked a mosque in Kunduz.", [("ISIS-K", "iskp")]),
    ("The TTP claimed the raid, and the Balochistan Liberation Army hijacked a train.",
     [("TTP", "ttp"), ("Balochistan Liberation Army", "bla")]),
    ("The Pakistani army said Frontier Corps soldiers were wounded.",
     [("Pakistani army", "pakistan-forces"), ("Frontier Corps", "pakistan-forces")]),
    ("The Arakan Army captured a Tatmadaw base; TNLA and MNDAA fighters advanced in Shan State.",
     [("Arakan Army", "arakan-army"), ("Tatmadaw", "myanmar-forces"), ("TNLA", "tnla"), ("MNDAA", "mndaa")]),
    ("A People's Defence Force unit ambushed Myanmar junta troops.",
     [("People's Defence Force", "pdf"), ("Myanmar junta", "myanmar-forces")]),
    ("Russian forces struck Kharkiv and the Armed Forces of Ukraine downed 40 drones.",
     [("Russian forces", "russia-forces"), ("Armed Forces of Ukraine", "ukraine-forces")]),
    ("The Qassam Brigades fired rockets, the IDF struck Gaza, and PIJ fighters fought in Jenin.",
     [("Qassam Brigades", "hamas"), ("IDF", "israel-forces"), ("PIJ", "pij")]),
    ("Israeli settlers attacked a village; Palestinian Authority security forces did not intervene.",
     [("Israeli settlers", "israeli-settlers"),
      ("Palestinian Authority security forces", "palestine-security-forces")]),
    ("Hezbollah fired at Israeli troops, and the Lebanese army deployed south of the Litani with UNIFIL.",
     [("Hezbollah", "hezbollah"), ("Israeli troops", "israel-forces"), ("Lebanese army", "lebanon-forces"),
      ("UNIFIL", "unifil")]),
    ("Haftar's forces of the LNA clashed with GNU forces near Tripoli.",
     [("Haftar's forces", "lna"), ("LNA", "lna"), ("GNU forces", "gnu-forces")]),
    ("CJNG gunmen and the Sinaloa Cartel fought in Culiacan until the Mexican army arrived.",
     [("CJNG gunmen", "cjng"), ("Sinaloa Cartel", "sinaloa-cartel"), ("Mexican army", "mexico-forces")]),
    ("The ELN and FARC dissidents fought the Clan del Golfo in Catatumbo.",
     [("ELN", "eln"), ("FARC dissidents", "farc-dissidents"), ("Clan del Golfo", "clan-del-golfo")]),
    ("G9 and 400 Mawozo gangs attacked the Haitian National Police.",
     [("G9", "g9"), ("400 Mawozo", "400-mawozo"), ("Haitian National Police", "haiti-police")]),
    ("Wagner mercenaries supported Malian troops near Kidal.",
     [("Wagner mercenaries", "wagner-group"), ("Malian troops", "mali-forces")]),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES, ids=[s[:40] for s, _ in SENTENCES])
def test_each_family_is_found_in_a_sentence(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert spans(find_mentions(sentence, on_date="2025-03-01")) == expected


def test_acled_names_of_the_new_actors(actors: ActorDictionary) -> None:
    expected = {
        "Houthis": "Houthi Movement",
        "Yemeni army": "Military Forces of Yemen (2017-)",
        "AQAP": "AQAP: Al Qaeda in the Arabian Peninsula",
        "JNIM": "JNIM: Group for Support of Islam and Muslims",
        "ISGS": "Islamic State (Sahel Province)",
        "al-Shabab": "Al Shabaab",
        "ISWAP": "ISWAP: Islamic State West Africa Province",
        "Boko Haram": "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
        "Rapid Support Forces": "RSF: Rapid Support Forces",
        "March 23 Movement": "M23: March 23 Movement",
        "Hamas": "Hamas Movement",
        "Palestinian Islamic Jihad": "PIJ: Palestinian Islamic Jihad",
        "Tehreek-e-Taliban Pakistan": "TTP: Tehreek-i-Taliban Pakistan",
        "Tatmadaw": "Military Forces of Myanmar (2021-)",
    }
    for mention, acled_name in expected.items():
        entry = actors.resolve(mention, on_date="2025-03-01")
        assert entry is not None and entry.acled_name == acled_name, mention
    assert actors.resolve("Military Forces of Ukraine (2019-)").id == "ukraine-forces"


# --------------------------------------------------------------------------- dates pick the period


def test_date_picks_the_period_of_state_forces(actors: ActorDictionary) -> None:
    sentence = "The Taliban seized a district centre."
    assert spans(find_mentions(sentence, on_date="2019-07-01")) == [("Taliban", "taliban")]
    assert spans(find_mentions(sentence, on_date="2023-07-01")) == [("Taliban", "afghanistan-forces")]
    for mention, on_date, acled_name in (
        ("Afghan forces", "2020-01-01", "Military Forces of Afghanistan (2014-2021)"),
        ("Afghan forces", "2024-01-01", "Military Forces of Afghanistan (2021-)"),
        ("Nigerian troops", "2021-01-01", "Military Forces of Nigeria (2015-2023)"),
        ("Nigerian troops", "2024-01-01", "Military Forces of Nigeria (2023-)"),
        ("Nigerian police", "2020-01-01", "Police Forces of Nigeria (2015-2023)"),
    ):
        assert actors.resolve(mention, on_date=on_date).acled_name == acled_name, (mention, on_date)
    assert actors.resolve("AU troops", on_date="2015-01-01").id == "amisom"
    assert actors.resolve("AU troops", on_date="2023-01-01").id == "atmis"
    assert actors.resolve("Tuareg rebels", on_date="2022-01-01").id == "cma"
    assert actors.resolve("Tuareg rebels", on_date="2025-01-01").id == "fla"


# --------------------------------------------------------------------------- generic actors per country


@pytest.mark.parametrize("code", sorted(NEW_COUNTRIES))
def test_localise_finds_the_country_children(actors: ActorDictionary, code: str) -> None:
    country = NEW_COUNTRIES[code]
    for generic, acled in (("civilians", "Civilians"), ("protesters", "Protesters"), ("rioters", "Rioters"),
                           ("unidentified-armed-group", "Unidentified Armed Group")):  # fmt: skip
        child = actors.localise(actors.get(generic), code)
        assert child.id == f"{generic}-{code.lower()}" and child.country == code
        assert child.acled_name == f"{acled} ({country})" and child.generic


def test_country_generics_in_text_and_as_references(actors: ActorDictionary) -> None:
    text = "Sudanese civilians fled as Kenyan police dispersed Somali protesters and Yemeni demonstrators."
    assert [m.actor.id for m in find_mentions(text)] == ["civilians-sd", "protesters-so", "protesters-ye"]
    assert spans(find_mentions("Armed bandits abducted 20 pupils in Zamfara.")) == [
        ("Armed bandits", "unidentified-armed-group")
    ]
    assert find_mentions("Police said the bandits fled.") == []  # a reference, not a new actor
    bandits = actors.resolve("bandits")
    assert actors.localise(bandits, "NG").acled_name == "Unidentified Armed Group (Nigeria)"


def test_references_resolve_to_the_new_actors() -> None:
    text = "Al-Shabaab attacked a base in Lower Shabelle. The jihadists withdrew after the group lost 12 men."
    assert spans(resolve_references(text, find_mentions(text))) == [
        ("The jihadists", "al-shabaab"), ("the group", "al-shabaab"),
    ]  # fmt: skip
    text = "The RSF stormed the camp, and the paramilitaries looted the market."
    assert spans(resolve_references(text, find_mentions(text))) == [("the paramilitaries", "rsf")]


# --------------------------------------------------------------------------- no false positives

ORDINARY_NEWS = (
    "The CMA said on Tuesday that it would review the merger, and a PDF of its findings was posted online. "
    "The ISS crew returned safely, while the ADF (Australian Defence Force) held exercises near Darwin. "
    "Ministers agreed new tax levies on kerosene, and the EDF power plant restarted after maintenance. "
    "The Government of National Unity in Pretoria passed its budget; Ola and Kia reported strong sales. "
    "Early settlers of Jamestown farmed tobacco, a museum guide said, showing old ZSU-23 guns to pupils. "
    "The team's fama grew after the final. A mayor said the family business would reopen, and the G7 summit "
    "began in the Alps. Mobile phone sales rose in Lagos, Karachi and Bogota, and the junta of the football "
    "federation resigned. Bla bla, said the comedian, as the ola of the crowd swept the stadium."
)


def test_no_false_positives_in_ordinary_news() -> None:
    assert find_mentions(ORDINARY_NEWS) == []


def test_capitals_that_are_battlefields_are_places() -> None:
    text = "Russia struck Kyiv overnight, and a bomb went off in eastern Beirut; Kigali denied backing M23."
    assert spans(find_mentions(text)) == [
        ("Russia", "russia-forces"), ("Kigali", "rwanda-forces"), ("M23", "m23"),
    ]  # fmt: skip


def test_new_short_abbreviations_match_only_in_capitals(actors: ActorDictionary) -> None:
    assert actors.resolve("fama") is None and actors.resolve("FAMa").id == "mali-forces"
    assert actors.resolve("ola") is None and actors.resolve("OLA").id == "ola"
    assert actors.resolve("bla") is None and actors.resolve("BLA").id == "bla"
    assert actors.resolve("ADF") is None  # ambiguous with the Australian Defence Force: full name only


# --------------------------------------------------------------------------- the data


def test_new_entries_are_consistent(actors: ActorDictionary) -> None:
    known = {e.id for e in actors.entries}
    assert len(known) == len(actors.entries), "duplicate ids"
    for entry in actors.entries:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry.id), entry.id
        assert entry.inter in range(1, 9) and entry.type and entry.name, entry.id
        assert entry.parent is None or entry.parent in known, entry.id
        assert all(a.id in known for a in entry.affiliations), entry.id
        if entry.inter == 1 and entry.acled_name and entry.acled_name.startswith(("Military", "Police")):
            assert re.search(r"\(\d{4}-(\d{4})?\)", entry.acled_name), entry.acled_name
    for code in NEW_COUNTRIES:
        assert any(e.country == code and not e.generic for e in actors.entries), code


# --------------------------------------------------------------------------- a long document


def test_a_5kb_world_document_finds_every_copy_of_its_paragraph() -> None:
    """Fifteen copies of one paragraph naming twelve actors across the world (5 kB): every copy
    yields the same twelve, at its own offsets. Speed: bench/bench_components.py."""
    paragraph = (
        "Houthi forces fired a missile at a tanker, and al-Shabaab fighters attacked a Somali National Army "
        "base. JNIM militants ambushed FAMa soldiers near Gao while the RSF shelled El Fasher. Nigerian troops "
        "said ISWAP lost dozens of fighters; the Taliban denied ISKP claims. Protesters marched in Lagos and the "
        "Arakan Army took a town. "
    )
    copies = 5000 // len(paragraph)
    actors = ActorDictionary.default()
    alone = [(m.start, m.actor.id) for m in actors.find_mentions(paragraph)]
    assert [actor_id for _, actor_id in alone] == [
        "houthis", "al-shabaab", "somalia-forces", "jnim", "mali-forces", "rsf", "nigeria-forces", "iswap",
        "afghanistan-forces", "iskp", "protesters", "arakan-army",
    ]  # fmt: skip
    mentions = actors.find_mentions(paragraph * copies)
    assert [(m.start, m.actor.id) for m in mentions] == [
        (start + k * len(paragraph), actor_id) for k in range(copies) for start, actor_id in alone
    ]
