"""Gazetteer, transliteration and place resolution on short realistic sentences."""

from __future__ import annotations

import math
import zipfile

import pytest

from warlog.resolve.gazetteer import Gazetteer, import_geonames_dump, import_ocha_csv
from warlog.resolve.places import choose_event_place, resolve_location
from warlog.resolve.translit import normalise

TRUE_CITIES = {  # lat, lon of the real towns
    "raqqa": (35.95, 39.01), "deir": (35.34, 40.14), "ras_al_ain": (36.85, 40.07), "abu_kamal": (34.45, 40.92),
    "tanf": (33.50, 38.62), "jarabulus": (36.82, 38.01), "manbij": (36.53, 37.95), "hasakah": (36.50, 40.75),
    "qamishli": (37.05, 41.23), "idlib": (35.93, 36.63),
}
VARIANTS = {
    "raqqa": ["Raqqa", "Raqqah", "Ar-Raqqah", "Raggah"],
    "deir": ["Deir ez-Zor", "Deir Ezzor", "Dayr az Zawr", "Deir Ezzour"],
    "ras_al_ain": ["Ras al-Ain", "Ra's al 'Ayn", "Sere Kaniye", "Serêkaniyê"],
    "abu_kamal": ["Albu Kamal", "Abu Kamal", "Al-Bukamal"],
    "tanf": ["At Tanf", "Al-Tanf"],
    "jarabulus": ["Jarabulus", "Jarablus"],
    "manbij": ["Manbij", "Menbij"],
    "hasakah": ["Hasakah", "Al-Hasakah", "Hassakeh"],
    "qamishli": ["Qamishli", "Al-Qamishli", "Kamishli"],
    "idlib": ["Idlib", "Idleb"],
}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.default()


def test_gazetteer_loads_again_from_its_cache_without_a_rebuild(gazetteer, monkeypatch):
    """A second load reads the pickle the first one left: it never rebuilds the index from the
    packaged data (the slow part). Load time itself: bench/bench_components.py."""
    import warlog.resolve.gazetteer as module

    def rebuild():
        raise AssertionError("the gazetteer index was rebuilt instead of read from its cache")

    monkeypatch.setattr(module, "_build", rebuild)
    Gazetteer.default.cache_clear()
    try:
        again = Gazetteer.default()
        assert again is not gazetteer
        assert [(p.name, p.country) for p in again.candidates("Raqqa")] == [
            (p.name, p.country) for p in gazetteer.candidates("Raqqa")
        ]
    finally:
        Gazetteer.default.cache_clear()


@pytest.mark.parametrize("city", sorted(VARIANTS))
def test_transliteration_variants_share_key_and_place(gazetteer, city):
    names = VARIANTS[city]
    assert len({normalise(n) for n in names}) == 1, {n: normalise(n) for n in names}
    for name in names:
        location = resolve_location(name, f"Fighting was reported in {name}.", 28, ["SY"], gazetteer)
        assert location is not None, name
        assert location.country == "SY"
        assert km(location.latitude, location.longitude, *TRUE_CITIES[city]) < 10, (name, location)
        assert location.geo_precision == 1


def _event_place(gazetteer, sentence: str, trigger: str):
    return choose_event_place(sentence, sentence.index(trigger), gazetteer.find(sentence))


def test_east_of_raqqa_is_near_raqqa(gazetteer):
    sentence = "A coalition drone struck a motorbike east of Raqqa on Monday morning."
    match = _event_place(gazetteer, sentence, "struck")
    assert match.mention == "Raqqa"
    location = resolve_location(match.mention, sentence, match.start, ["SY"], gazetteer)
    assert location.geo_precision == 2
    assert location.mention == "east of Raqqa"
    assert location.name == "Ar-Raqqa" and location.admin1 == "Ar-Raqqa"
    assert km(location.latitude, location.longitude, *TRUE_CITIES["raqqa"]) < 10


def test_countryside_of_aleppo_is_region_only(gazetteer):
    sentence = "Two shepherds were killed by a landmine in the countryside of Aleppo."
    match = _event_place(gazetteer, sentence, "killed")
    location = resolve_location(match.mention, sentence, match.start, ["SY"], gazetteer)
    assert location.geo_precision == 3
    assert location.admin1 == "Aleppo"
    assert "countryside of Aleppo" in location.mention


@pytest.mark.parametrize("sentence", ["Government jets bombed villages in rural Idlib.",
                                      "Government jets bombed villages in the Idlib countryside.",
                                      "Government jets bombed villages in Idlib province."])
def test_rural_and_province_cues_give_precision_3(gazetteer, sentence):
    match = _event_place(gazetteer, sentence, "bombed")
    location = resolve_location(match.mention, sentence, match.start, ["SY"], gazetteer)
    assert (location.geo_precision, location.admin1) == (3, "Idleb")


def test_launched_from_positions_east_of_raqqa(gazetteer):
    sentence = "The militants launched mortar rounds from positions east of Raqqa, a local monitor said."
    match = _event_place(gazetteer, sentence, "launched")
    location = resolve_location(match.mention, sentence, match.start, ["SY"], gazetteer)
    assert location.mention == "east of Raqqa" and location.geo_precision == 2


def test_origin_airbase_is_not_the_event_place(gazetteer):
    sentence = ("Turkish commandos who entered Syria from the military airbase of Incirlik in Turkey "
                "clashed with Kurdish fighters in Ras al-Ain city on Wednesday.")
    match = _event_place(gazetteer, sentence, "clashed")
    assert match.mention == "Ras al-Ain"
    location = resolve_location(match.mention, sentence, match.start, ["SY", "TR"], gazetteer)
    assert location.country == "SY"
    assert km(location.latitude, location.longitude, *TRUE_CITIES["ras_al_ain"]) < 10


def test_actor_named_after_a_place_is_skipped(gazetteer):
    sentence = "The Deir ez-Zor Military Council said its fighters stormed Hajin at dawn."
    assert _event_place(gazetteer, sentence, "stormed").mention == "Hajin"


def test_ras_al_ain_without_context_is_the_syrian_town(gazetteer):
    location = resolve_location("Ras al-Ain", "Shelling hit Ras al-Ain.", 13, [], gazetteer)
    assert location.country == "SY"


def test_tripoli_follows_the_document_country(gazetteer):
    sentence = "Clashes broke out in Tripoli overnight."
    lebanon = resolve_location("Tripoli", sentence, 21, ["LB"], gazetteer)
    libya = resolve_location("Tripoli", sentence, 21, ["LY"], gazetteer)
    assert (lebanon.country, libya.country) == ("LB", "LY")
    assert lebanon.admin1 == "North Lebanon"
    assert km(lebanon.latitude, lebanon.longitude, 34.44, 35.85) < 10
    assert km(libya.latitude, libya.longitude, 32.89, 13.19) < 10


def test_find_skips_common_words_and_person_names(gazetteer):
    sentence = "Police said President Assad met Ali Hassan in Damascus on Monday."
    mentions = [m.mention for m in gazetteer.find(sentence)]
    assert mentions == ["Damascus"]


def test_find_returns_unknown_places_introduced_by_a_place_noun(gazetteer):
    sentence = "Shells fell on the village of Tuwayrish Fouqani near Manbij."
    found = {m.mention: m.candidates for m in gazetteer.find(sentence)}
    assert found["Tuwayrish Fouqani"] == [] and found["Manbij"]


def test_admin1_governorates_present(gazetteer):
    for name in ["Al-Hasakeh", "Ar-Raqqa", "As-Sweida", "Dar'a", "Deir-ez-Zor", "Rural Damascus", "Tartous",
                 "Lattakia", "Quneitra", "Idleb", "Ninewa", "Salah Al-Din", "Kurdistan Region"]:
        assert any(p.feature == "admin1" for p in gazetteer.candidates(name)), name


def test_user_imports_are_loaded_on_top(tmp_path, monkeypatch):
    user_file = tmp_path / "user.tsv"
    monkeypatch.setenv("WARLOG_USER_GAZETTEER", str(user_file))
    dump = tmp_path / "SY.txt"
    fields = ["99000001", "Tall Qarqur", "Tall Qarqur", "Tell Qarqour,Tal Qarqur", "35.71", "36.33", "P", "PPL",
              "SY", "", "12", "", "", "", "850", "", "200", "Asia/Damascus", "2020-01-01"]
    dump.write_text("\t".join(fields) + "\n", encoding="utf-8")
    ocha = tmp_path / "ocha.csv"
    ocha.write_text("level,name_en,name_ar,pcode,adm1_en,lat,lon\nadminpoint_lvl3,Zzabadi Test,,SY0001,Idleb,"
                    "35.8,36.5\n", encoding="utf-8")
    try:
        assert import_geonames_dump(dump) == (1, 0)
        assert import_ocha_csv(ocha) == (1, 0)
        assert import_geonames_dump(dump) == (0, 1)  # the same dump again: replaced, not repeated
        assert len(user_file.read_text(encoding="utf-8").splitlines()) == 2 + 2  # comment, header, two places
        gaz = Gazetteer.default()
        qarqur = gaz.candidates("Tell Qarqour")[0]
        assert (qarqur.geonameid, qarqur.admin1) == (99000001, "Idleb")
        assert gaz.candidates("Zzabadi Test")[0].admin1 == "Idleb"
    finally:
        Gazetteer.default.cache_clear()


@pytest.mark.shared("data/event_location/labeled_text.jsonl.zip")
def test_event_location_records_skip_without_shared(gazetteer, shared):
    path = shared / "data" / "event_location" / "labeled_text.jsonl.zip"
    with zipfile.ZipFile(path) as archive:
        assert "labeled_text.jsonl" in archive.namelist()
    import json

    records = json.loads(zipfile.ZipFile(path).read("labeled_text.jsonl"))
    hits = total = 0
    for record in records:
        if record.get("source") != "RELABEL" or record.get("answer") not in (None, "accept"):
            continue
        spans = record.get("spans") or []
        verbs = [s for s in spans if s["label"] == "VERB"]
        gold = [(s["start"], s["end"]) for s in spans if s["label"] == "LOCATION" and s["end"] > s["start"]]
        if not verbs or not gold or record["text"][gold[0][0]:gold[0][1]].strip() == "":
            continue
        chosen = choose_event_place(record["text"], verbs[0]["start"], gazetteer.find(record["text"]))
        total += 1
        hits += chosen is not None and any(chosen.start < e and s < chosen.end for s, e in gold)
    assert total > 50 and hits / total > 0.5


def test_acled_admin_context_in_brackets_disambiguates():
    """ACLED notes write the admin areas after the place: "Hawija (Hawija, Kirkuk)"."""
    from warlog.extract.events import Extractor
    from warlog.models import Document

    text = "On 5 July 2022, the Iraqi Security Forces arrested 4 IS members in a raid in Hawija (Hawija, Kirkuk)."
    event = Extractor().extract(Document(id="n", text=text, language="en"))[0]
    assert event.location.admin1 == "Kirkuk" and event.location.country == "IQ"


def test_an_ambiguous_unknown_village_does_not_add_a_country_to_the_report():
    from warlog.extract.placing import DocumentPlaces

    text = (
        "Army artillery shelled al-Bara in the south of Idlib province on Monday. "
        "Residents of Idlib and Maarat al-Numan fled north towards Sarmin."
    )
    places = DocumentPlaces(text)
    assert places.countries[0] == "SY"
    assert "SD" not in places.countries, "Barah in Sudan is a namesake, not the report's country"


def test_a_namesake_outside_the_named_admin_area_gives_way_to_that_area():
    """ACLED notes name the admin areas: a village the gazetteer lacks must not land on a foreign
    namesake (Saida in Algeria, Sidon in Lebanon) but on the area it is said to be in."""
    from warlog.extract.events import Extractor
    from warlog.models import Document

    text = "On 11 April 2024, unidentified gunmen kidnapped 2 girls on the road near Saida (Dar'a, Dar'a)."
    (event,) = Extractor().extract(Document(id="n", text=text, language="en"))
    assert event.location is not None and event.location.country == "SY"
    assert abs(event.location.latitude - 32.6) < 0.3 and abs(event.location.longitude - 36.2) < 0.3


def test_a_name_written_with_the_arabic_article_is_no_namesake_without_one(gazetteer):
    """The folded key drops the article: "al-Kasara" (west of Marib) shares it with Kasara in India,
    which is not named with an article and lies outside the countries whose names carry one."""
    assert all(p.country != "IN" for p in gazetteer.candidates("al-Kasara"))
    assert any(p.country == "IN" for p in gazetteer.candidates("Kasara"))  # written bare, it may be
    # a place whose own name keeps the article
    assert any(p.country == "US" for p in gazetteer.candidates("El Paso", loose=False))
    assert any(p.country == "SY" for p in gazetteer.candidates("Al-Tanf", loose=False))


def test_a_lone_small_namesake_abroad_does_not_vote_its_country_in():
    """A country only one small place points to is no country of a report about somewhere else:
    otherwise the namesake's own vote makes it plausible ("Kasara" near Marib is not in India)."""
    from warlog.extract.placing import DocumentPlaces

    text = ("Houthi forces attacked government positions near Kasara, west of Marib, on Sunday. "
            "Medical sources in Marib said three soldiers were killed.")
    places = DocumentPlaces(text, actor_countries=["YE"])
    assert places.countries == ["YE"]
    at = text.index("Kasara")
    assert resolve_location("Kasara", text, at, places.countries, gazetteer=places.gazetteer) is None
    # with nothing else in the report, the place named is the report's country
    assert DocumentPlaces("Shelling hit Kasara on Sunday.").countries == ["IN"]


def test_a_word_spelled_as_a_namesake_abroad_is_no_transliteration_of_a_local_place(gazetteer):
    """"Since" is spelled as a Colombian village; the transliteration key must not then offer Sincik
    in Turkey, a country the report is about, as a second guess."""
    sentence = "Since the attack, Turkish drones have struck Qamishli."
    assert resolve_location("Since", sentence, 0, ["SY", "TR"], gazetteer) is None
    assert resolve_location("Hassakeh", "Fighting in Hassakeh.", 12, ["SY"], gazetteer).geo_precision == 1
