"""The benchmark's news corpus: 200 real articles from the shared data, written as JSON Lines.

The 98 re3d documents (CENTCOM releases, BBC, UK and US government pages, Wikipedia: Syria and
Iraq, 2015-2017) come first. The rest are rebuilt from the event_location sentences: each of its
news sentences carries the id of the wire story it was cut from (``APW_ENG_20030610.0060_2_...``:
story, then sentence number), so grouping by story id and ordering by sentence number gives back
short articles (AP, AFP and Xinhua wires). The stories with the most sentences are taken first.
Nothing here is copied into the repository: the corpus is built into a temporary file per run.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from collections import defaultdict
from pathlib import Path

STORY_ID = re.compile(r"^((?:APW|AFP|XIN|NYT|LTW|CNA|WPB)_ENG_\d{8}\.\d{4})_(\d+)_")


def shared_dir() -> Path:
    """``$WARLOG_SHARED`` if set, else the ``shared`` folder beside the repository."""
    return Path(os.environ.get("WARLOG_SHARED") or Path(__file__).resolve().parents[1].parent / "shared")


def re3d_articles(shared: Path) -> list[dict]:
    docs = []
    for path in sorted((shared / "data" / "re3d").glob("*/documents.json")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                docs.append({"id": record["_id"], "title": record.get("title"), "text": record["text"],
                             "url": record.get("sourceUrl"), "source": record.get("sourceName")})
    return docs


def wire_articles(shared: Path) -> list[dict]:
    """Wire stories rebuilt from event_location sentences, most sentences first, then by id."""
    archive = shared / "data" / "event_location" / "labeled_text.jsonl.zip"
    with zipfile.ZipFile(archive) as zipped:
        records = json.loads(zipped.read("labeled_text.jsonl"))
    stories: dict[str, dict[int, str]] = defaultdict(dict)
    for record in records:
        match = STORY_ID.match(str(record["_id"]))
        if match:
            stories[match.group(1)][int(match.group(2))] = record["text"].strip()
    ordered = sorted(stories, key=lambda story: (-len(stories[story]), story))
    return [{"id": story, "text": " ".join(stories[story][n] for n in sorted(stories[story]))}
            for story in ordered]


def build_news_corpus(target: Path, n_articles: int = 200, shared: Path | None = None) -> list[dict]:
    """Write ``n_articles`` articles to ``target`` (JSON Lines) and return them."""
    shared = shared or shared_dir()
    articles = re3d_articles(shared)
    if len(articles) < n_articles:
        articles += wire_articles(shared)[: n_articles - len(articles)]
    articles = articles[:n_articles]
    with target.open("w", encoding="utf-8") as handle:
        for article in articles:
            handle.write(json.dumps(article, ensure_ascii=False) + "\n")
    return articles


def has_news_data(shared: Path | None = None) -> bool:
    shared = shared or shared_dir()
    return (shared / "data" / "re3d").is_dir() and (shared / "data" / "event_location").is_dir()
