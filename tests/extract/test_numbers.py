"""Casualty and arrest counts attached to their verbs, with ACLED's conventions for vague figures."""

from __future__ import annotations

import pytest

from warlog.extract.numbers import extract_counts
from warlog.quantities import parse_quantity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("26", 26),
        ("1,200", 1200),
        ("one", 1),
        ("twenty-six", 26),
        ("ninety-nine", 99),
        ("a hundred", 100),
        ("two hundred", 200),
        ("one hundred and twenty", 120),
        ("several", 10),
        ("many", 10),
        ("a few", 3),
        ("dozens of", 12),
        ("hundreds", 100),
        ("at least 26", 26),
        ("more than 22", 22),
        ("up to 30", 30),
        ("between 20 and 30", 20),
        ("20-30", 20),
        ("a soldier", 1),
        ("two people", 2),
        ("another", 1),
        ("no one", 0),
        ("a truck", None),
        ("the village", None),
    ],
)
def test_parse_quantity(text, expected):
    assert parse_quantity(text) == expected


def counts(sentence: str) -> tuple[int | None, int | None, int | None]:
    found = extract_counts(sentence)
    return found.killed, found.injured, found.arrested


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The gunmen opened fire, killing one person and seriously wounding another.", (1, 1, None)),
        ("26 ISIS members were reportedly killed in the raid.", (26, None, None)),
        ("9 other terrorists were killed and 2 VBIEDs were destroyed.", (9, None, None)),
        (
            "Troops raided the camp, arresting five, including three who had been involved in the attack.",
            (None, None, 5),
        ),
        ("Five members of the group were killed and 19 captured.", (5, None, 19)),
        ("Iraqi forces killed 36 ISIS militants near the river.", (36, None, None)),
        ("The airstrike killed five civilians including two children.", (5, None, None)),
        ("A soldier was killed by a sniper.", (1, None, None)),
        ("A 25-year-old man was killed in the attack.", (1, None, None)),
        ("Three soldiers and two civilians were killed.", (5, None, None)),
        ("The strike killed two soldiers and three civilians.", (5, None, None)),
        ("The death toll rose to 26 on Friday.", (26, None, None)),
        ("The bombing claimed the lives of 12 people.", (12, None, None)),
        ("The blast left 5 dead and 12 wounded.", (5, 12, None)),
        ("One soldier was killed and another wounded.", (1, 1, None)),
        ("Several people were killed and dozens injured.", (10, 12, None)),
        ("Police arrested 14 suspects in the market.", (None, None, 14)),
        ("Twenty fighters, including two commanders, were killed.", (20, None, None)),
        ("The strike in 2017 killed at least 40 people.", (40, None, None)),
        ("The drone hit a car, killing its driver.", (1, None, None)),
        ("12 dead 3 wounded in market bombing", (12, 3, None)),
        ("Rebels captured two tanks near the town.", (None, None, None)),
        ("A civilian died 3 days after the blast.", (1, None, None)),
    ],
)
def test_counts_attach_to_their_verbs(sentence, expected):
    assert counts(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("No casualties were sustained by coalition forces.", (0, 0, None)),
        ("No one was killed in the blast.", (0, None, None)),
        ("The patrol returned to base without casualties.", (0, 0, None)),
    ],
)
def test_explicit_zero_differs_from_unknown(sentence, expected):
    assert counts(sentence) == expected


def test_a_positive_count_overrides_a_zero_phrase():
    assert counts("No civilians were killed but three soldiers died.") == (3, None, None)


def test_shared_figure_for_killed_and_injured_is_left_unknown():
    # "Two killed and injured" is two casualties in all, split unknown: neither count is filled.
    assert counts("Two killed and injured in Idlib shelling") == (None, None, None)


def test_no_figure_means_none():
    assert counts("Militants attacked a checkpoint near the border.") == (None, None, None)
    assert counts("The town was shelled 3 km from the front.") == (None, None, None)


def test_texts_and_approximation_flag():
    found = extract_counts("The strike killed at least 40 people, officials said.")
    assert found.killed_text == "killed at least 40 people"
    assert found.approximate
    exact = extract_counts("26 ISIS members were reportedly killed in the raid.")
    assert exact.killed_text == "26 ISIS members were reportedly killed"
    assert not exact.approximate


@pytest.mark.parametrize("text, killed", [
    ("Unidentified gunmen shot dead a woman in the camp.", 1),
    ("Gunmen shot dead 2 young men east of Homs.", 2),
    ("Gunmen killed a local mukhtar in the village.", 1),
    ("A crowd beat to death a man accused of theft.", 1),
    ("An IED exploded in a car, killing the driver.", 1),
    ("Troops fired on the protesters, killing the civilians' hopes.", None),
])
def test_acled_style_killing_verbs_count_their_victims(text, killed):
    assert extract_counts(text).killed == killed


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("Clashes with government troops killed six fighters, three from each side.", 6),
        ("The strike killed four people, two of them children.", 4),
        ("The strike killed two soldiers, three civilians and a policeman.", 5),
        ("Clashes killed six fighters and three civilians.", 9),
    ],
)
def test_a_figure_after_a_comma_with_no_noun_breaks_down_the_toll(sentence, killed):
    assert extract_counts(sentence).killed == killed


@pytest.mark.parametrize(("sentence", "killed"), [
    ("An eight year-old child was killed in the shelling.", None),  # an age, not eight dead
    ("Over seven airstrikes hit the town, killing civilians.", None),  # strikes, not the dead
    ("Five attacks killed 12 soldiers.", 12),
    ("Seven people were killed in two airstrikes.", 7),
    ("Two raids left three fighters dead.", 3),
])  # fmt: skip
def test_ages_and_counts_of_strikes_are_no_fatalities(sentence, killed):
    assert extract_counts(sentence).killed == killed
