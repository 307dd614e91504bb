"""warlog eval: a dictionary actor's plain name and its ACLED name are one actor (issue 20)."""

from warlog.evaluate import _actor_ok


def test_either_canonical_spelling_of_a_dictionary_actor_is_accepted():
    predicted = {"name": "Military Forces of Turkey (2002-)", "id": "turkey-forces", "mention": "Turkish forces"}
    assert _actor_ok({"actor1": "Turkish Armed Forces"}, "actor1", predicted)
    assert _actor_ok({"actor1": "Military Forces of Turkey (2002-)"}, "actor1", predicted)


def test_an_alias_alone_is_not_enough_and_other_actors_stay_wrong():
    predicted = {"name": "Military Forces of Turkey (2002-)", "id": "turkey-forces", "mention": "Ankara"}
    assert not _actor_ok({"actor1": "Turkish military"}, "actor1", predicted)
    assert not _actor_ok({"actor1": "Israel Defense Forces"}, "actor1", predicted)
    assert not _actor_ok({"actor1": "Turkish Armed Forces"}, "actor1", {"name": "Turkish Armed Forces x", "id": "nope"})
