"""Per-component speed on small written inputs: the figures the default test run no longer asserts.

The tests check what these components do (tests/extract/test_triggers.py, tests/ingest/test_ingest_clean.py,
tests/resolve/test_resolve_places.py, test_resolve_actors.py, test_resolve_actors_world.py); wall-clock bounds
there failed on busy machines and passed on broken code, so the times are measured here instead.
Best of ``--repeat`` rounds, models loaded and warmed first. Printed per component, with the bound
the tests used to assert (a figure above it is worth a look, on an idle machine):

* trigger typing (``match_triggers``), per sentence (the typing cases of tests/extract/test_triggers.py);
* cleaning a 5 kB report (``clean_document``), per document;
* loading the packaged gazetteer again from its pickle cache (``Gazetteer.default``);
* ``find_mentions`` and ``resolve_references`` on a 5 kB Syria report and ``find_mentions`` on a
  5 kB report naming actors across the world, per document (20 distinct documents: no cache hits).

Run: .venv/bin/python bench/bench_components.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path[:0] = [str(TESTS), str(TESTS / "extract")]

from test_triggers import CASES  # the typing cases the tests use

from warlog.ingest.clean import clean_document
from warlog.models import RawInput

SYRIA = (
    "The Syrian Democratic Forces said on Monday that ISIS cells attacked a checkpoint east of Raqqa. "
    "The US-led coalition carried out an air strike, while Turkish forces and Ahrar al-Sharqiyyah "
    "shelled villages near Ain Issa. Damascus accused the group of working with Washington. "
)
WORLD = (
    "Houthi forces fired a missile at a tanker, and al-Shabaab fighters attacked a Somali National Army "
    "base. JNIM militants ambushed FAMa soldiers near Gao while the RSF shelled El Fasher. Nigerian troops "
    "said ISWAP lost dozens of fighters; the Taliban denied ISKP claims. Protesters marched in Lagos and the "
    "Arakan Army took a town. "
)


def best(rounds: int, work: Callable[[], object]) -> float:
    """Shortest wall time of ``rounds`` runs of ``work``, in seconds."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def five_kb_documents(paragraph: str, count: int = 20) -> list[str]:
    text = (paragraph * (5000 // len(paragraph) + 1))[:5000]
    return [f"{text[:-8]} Doc {n:03d}." for n in range(count)]  # distinct: no tokenizer cache hits


def five_kb_report() -> str:
    fixtures = TESTS / "fixtures" / "ingest"
    body = (fixtures / "original_report.txt").read_text(encoding="utf-8")
    wire = (fixtures / "wire_report.txt").read_text(encoding="utf-8")
    return wire.replace("Share this", f"{body}\n" * 4 + "Share this")


def triggers(rounds: int) -> None:
    from warlog.extract.triggers import match_triggers

    sentences = [sentence for _, sentence in CASES] * 5
    match_triggers(sentences[0])
    seconds = best(rounds, lambda: [match_triggers(s) for s in sentences])
    print(f"match_triggers: {seconds / len(sentences) * 1e6:.1f} µs per sentence "
          f"({len(sentences)} sentences; tests used to assert < 500 µs)")  # fmt: skip


def cleaning(rounds: int) -> None:
    text = five_kb_report()
    raw = RawInput(doc_id="t", origin="bench", text=text)
    clean_document(raw)  # loads the language model and compiles the patterns
    seconds = best(rounds, lambda: [clean_document(raw) for _ in range(20)])
    print(f"clean_document: {seconds / 20 * 1e3:.1f} ms per {len(text.encode()) / 1000:.1f} kB report "
          f"(tests used to assert < 50 ms)")  # fmt: skip


def gazetteer(rounds: int) -> None:
    from warlog.resolve.gazetteer import Gazetteer

    Gazetteer.default()  # builds the pickle cache if there is none yet

    def reload() -> None:
        Gazetteer.default.cache_clear()
        Gazetteer.default()

    print(f"Gazetteer.default from its cache: {best(rounds, reload):.2f} s (tests used to assert < 5 s)")


def actors(rounds: int) -> None:
    from warlog.resolve.actors import ActorDictionary

    dictionary = ActorDictionary.default()
    for name, paragraph in (("Syria", SYRIA), ("world", WORLD)):
        documents = five_kb_documents(paragraph)
        dictionary.find_mentions(documents[0])
        found = [dictionary.find_mentions(d) for d in documents]
        per_find = best(rounds, lambda docs=documents: [dictionary.find_mentions(d) for d in docs]) / len(documents)
        pairs = list(zip(documents, found, strict=True))
        per_refs = best(rounds, lambda pairs=pairs: [dictionary.resolve_references(d, m) for d, m in pairs])
        bound = "; tests used to assert < 50 ms" if name == "world" else ""
        print(f"find_mentions ({name}): {per_find * 1e3:.2f} ms per 5 kB document ({len(found[0])} mentions{bound}); "
              f"resolve_references: {per_refs / len(documents) * 1e3:.2f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds per figure; the best is printed")
    rounds = max(1, parser.parse_args().repeat)
    triggers(rounds)
    cleaning(rounds)
    gazetteer(rounds)
    actors(rounds)


if __name__ == "__main__":
    main()
