"""Long documents: extraction time and peak memory for 1x, 4x and 16x the same text.

One document is built from a report-style paragraph (a drone strike near a Syrian town with its
toll, a clash, a shelling, a monitor's claim, an arrest) repeated N times; each repetition names
another town and another day from short cycling lists, as a long bulletin does, so the merger and
the place matcher see many distinct incidents, not one. Each size runs in a fresh subprocess: the
models are loaded and warmed first, then the document is cleaned and extracted with the functions
``warlog extract`` uses (``clean_inputs`` then ``extract_documents`` with an ``Extractor``) and the
events serialised to JSON. Printed per size: characters, sentences, events, seconds (clean and
extract), CPU seconds of the process (all threads; steadier than wall time on a busy machine),
seconds per 1,000 sentences, peak resident memory over the warmed process (VmHWM minus
the resident size before the document; what users see) and, with ``--tracemalloc``, the Python
heap peak; then each figure's ratio to the 1x figure. Linear extraction gives a time ratio near
4 at 4x and 16 at 16x.

Run (about a minute at the default base; the 5 MB document takes a few minutes):

    .venv/bin/python bench/bench_length.py [--base 100] [--sizes 1,4,16] [--tracemalloc]
    .venv/bin/python bench/bench_length.py --mb 5     # one document of about 5 MB
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

TOWNS = ["Maarat al-Numan", "Saraqib", "Ariha", "Jisr al-Shughur", "Kafr Nabl", "Khan Shaykhun",
         "al-Bab", "Manbij", "Tal Rifaat", "Azaz", "Deir ez-Zor", "al-Mayadin", "Hajin", "Raqqa"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

# Written for this benchmark (no corpus text); {town}, {day} and {month} vary per repetition.
PARAGRAPH = (
    "A Turkish drone struck a car near {town} in Idlib province on {month} {day}, killing three "
    "civilians and wounding two others, the Syrian Observatory for Human Rights said. "
    "Hours later, fighters of Hayat Tahrir al-Sham clashed with government forces on the outskirts "
    "of {town}, and four soldiers were killed. "
    "Government artillery shelled the town of {town} the next morning, according to local sources. "
    "The Syrian Democratic Forces said they arrested two Islamic State suspects in a raid in "
    "Deir ez-Zor on {month} {day}. "
    "Residents said the market was closed after the attack.\n"
)


def build_text(repetitions: int, one_line: bool = False) -> str:
    parts = []
    for k in range(repetitions):
        town = TOWNS[k % len(TOWNS)]
        day = 1 + (k // len(TOWNS)) % 28
        month = MONTHS[(k // (len(TOWNS) * 28)) % 12]
        parts.append(PARAGRAPH.format(town=town, day=day, month=month))
    text = "Syria war monitor bulletin\n\n" + "".join(parts)
    return text.replace("\n", " ") if one_line else text  # one line: a wire text stored without breaks


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def child(repetitions: int, use_tracemalloc: bool, one_line: bool = False) -> dict:
    """Warm the models, then clean and extract one document of ``repetitions`` paragraphs."""
    from warlog.extract.events import Extractor
    from warlog.extract.sentences import split_sentences
    from warlog.models import RawInput
    from warlog.pipeline import clean_inputs, extract_documents
    from warlog.scale.stage import StageOptions, warm_up

    extractor = Extractor()
    warm_up(extractor)
    text = build_text(repetitions, one_line)
    n_sentences = len(split_sentences(text))
    raw = RawInput(doc_id="long", origin="long", text=text, published="2024-12-31")
    del text
    if use_tracemalloc:
        import tracemalloc

        tracemalloc.start()
    # Reset the high-water mark so that VmHWM below is this document's peak (Linux >= 4.0).
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass
    rss_before = _status_kib("VmRSS")
    cpu = time.process_time()
    started = time.perf_counter()
    docs = list(clean_inputs([raw], StageOptions(fingerprint=False)))
    cleaned = time.perf_counter()
    events = 0
    for item in extract_documents(docs, extractor):
        for event in item[1] if isinstance(item, tuple) else []:
            json.dumps(event.to_dict(), ensure_ascii=False)  # what the command writes
            events += 1
    done = time.perf_counter()
    result = {
        "chars": len(raw.text), "sentences": n_sentences, "events": events,
        "clean_s": cleaned - started, "extract_s": done - cleaned, "cpu_s": time.process_time() - cpu,
        "peak_rss_mb": max(0, _status_kib("VmHWM") - rss_before) / 1024,
    }
    if use_tracemalloc:
        result["heap_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    return result


def run_size(repetitions: int, use_tracemalloc: bool, one_line: bool = False) -> dict:
    command = [sys.executable, __file__, "--child", str(repetitions)] + (["--tracemalloc"] if use_tracemalloc else [])
    command += ["--one-line"] if one_line else []
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=int, default=100, help="paragraphs of the 1x document (5 sentences each)")
    parser.add_argument("--sizes", default="1,4,16", help="multiples of --base, comma-separated")
    parser.add_argument("--mb", type=float, help="instead: one document of about this many megabytes")
    parser.add_argument("--tracemalloc", action="store_true", help="also the Python heap peak (slower)")
    parser.add_argument("--one-line", action="store_true", help="the document without line breaks")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.child, args.tracemalloc, args.one_line)))
        return 0
    paragraph = len(build_text(len(TOWNS) * 28)) / (len(TOWNS) * 28)
    if args.mb:
        sizes = [(f"{args.mb:.1f} MB", max(1, round(args.mb * 1e6 / paragraph)))]
    else:
        sizes = [(f"{m}x", args.base * m) for m in map(int, args.sizes.split(","))]
    heap = " heap MB" if args.tracemalloc else ""
    print(f"{'size':>7} {'chars':>10} {'sentences':>9} {'events':>6} {'clean s':>8} {'extract s':>9} {'CPU s':>7} "
          f"{'s/1k sent':>9} {'peak RSS MB':>11}{heap}   ratio time / CPU / RSS")
    first = None
    for label, repetitions in sizes:
        r = run_size(repetitions, args.tracemalloc, args.one_line)
        seconds = r["clean_s"] + r["extract_s"]
        first = first or (seconds, r["cpu_s"], r["peak_rss_mb"] or 1e-9)
        heap_col = f" {r['heap_peak_mb']:8.1f}" if args.tracemalloc else ""
        print(f"{label:>7} {r['chars']:>10,} {r['sentences']:>9,} {r['events']:>6} {r['clean_s']:>8.2f} "
              f"{r['extract_s']:>9.2f} {r['cpu_s']:>7.2f} {1000 * seconds / r['sentences']:>9.2f} "
              f"{r['peak_rss_mb']:>11.1f}{heap_col}   {seconds / first[0]:5.1f} / {r['cpu_s'] / first[1]:5.1f} / "
              f"{r['peak_rss_mb'] / first[2]:5.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
