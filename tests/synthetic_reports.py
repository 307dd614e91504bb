"""Many distinct, realistic-looking conflict reports for the crash-safety and concurrency tests.

Each report is a headline, a dateline and three to six sentences drawn from hand-written templates
(``fixtures/reliability/report_templates.yaml``) with different places, actors, weapons, numbers
and dates, so that a few hundred of them are neither exact nor near duplicates of each other and
the extractor finds real events in them. Deterministic: the same seed writes the same files.
"""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

import yaml

TEMPLATES = Path(__file__).parent / "fixtures" / "reliability" / "report_templates.yaml"


@lru_cache(maxsize=1)
def _words() -> dict:
    return yaml.safe_load(TEMPLATES.read_text(encoding="utf-8"))


def _fill(template: str, rng: random.Random, words: dict) -> str:
    place, place2 = rng.sample(words["places"], 2)
    actor, actor2 = rng.sample(words["actors"], 2)
    day, month, year = rng.randint(1, 28), rng.choice(words["months"]), rng.choice([2022, 2023, 2024])
    text = template.format(
        place=place, place2=place2, actor=actor, actor2=actor2, n=rng.randint(2, 40), m=rng.randint(1, 25),
        date=f"{day} {month} {year}", weapon=rng.choice(words["weapons"]), official=rng.choice(words["officials"]),
        road=rng.choice(words["roads"]), weekday=rng.choice(words["weekdays"]), ordinal=rng.choice(words["ordinals"]),
    )  # fmt: skip
    return text[0].upper() + text[1:]


def report_text(number: int, seed: int = 7) -> str:
    """Report ``number``: different numbers give different reports."""
    words = _words()
    rng = random.Random(seed * 1_000_003 + number)
    headline = _fill(rng.choice(words["headlines"]), rng, words)
    dateline = f"{rng.choice(words['places']).upper()}, report {number} -"
    sentences = [_fill(rng.choice(words["incident"]), rng, words)]
    sentences += [_fill(t, rng, words) for t in rng.sample(words["detail"], rng.randint(2, 4))]
    if rng.random() < 0.5:
        sentences.insert(2, _fill(rng.choice(words["incident"]), rng, words))
    return f"{headline}\n\n{dateline} " + " ".join(sentences) + "\n"


def write_reports(folder: Path, count: int, seed: int = 7) -> list[str]:
    """Write ``count`` reports as ``report-NNN.txt``; return their document ids."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for number in range(count):
        doc_id = f"report-{number:03d}"
        (folder / f"{doc_id}.txt").write_text(report_text(number, seed), encoding="utf-8")
        ids.append(doc_id)
    return ids
