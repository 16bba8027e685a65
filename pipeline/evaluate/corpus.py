"""The extraction corpora as raw pages, and a cached warehouse holding all of them.

Ingesting ~3,000 pages with full extraction takes minutes, so the ingested warehouse is kept
under ``data/eval/`` keyed by a hash of the extraction code, the settings and the input files;
a rerun with the same code reuses it and only detection runs again.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import ROOT, Settings
from pipeline.normalise.article import RawRecord, host_of

Progress = Callable[[str, int, int], None]

EXTRACTION_FILES = ("scrapinghub", "l3s_gn1", "dragnet", "cleanportaleval", "utomo")
# Code whose change alters what ingest stores; the cache key covers every file under these.
_INGEST_CODE = ("pipeline/normalise", "pipeline/sources", "pipeline/warehouse/schema.py", "pipeline/warehouse/store.py", "pipeline/jobs.py", "pipeline/evaluate/corpus.py")
_HREF = re.compile(r"""href\s*=\s*["']?(https?://[^"'\s>]+)""", re.IGNORECASE)


class EvalDataMissing(FileNotFoundError):
    pass


def data_dir() -> Path:
    """``$SYND_EVAL_DATA`` or ``../shared/data`` next to the repository."""
    path = Path(os.environ.get("SYND_EVAL_DATA") or ROOT.parent / "shared" / "data")
    if not path.is_absolute():
        path = (ROOT / path).resolve() if not path.exists() else path.resolve()
    if not (path / "extraction").is_dir():
        raise EvalDataMissing(
            f"evaluation data not found at {path}: set SYND_EVAL_DATA to the folder holding extraction/ and syndication/"
        )
    return path


@dataclass(frozen=True)
class Page:
    corpus: str
    id: str
    url: str | None
    html: str
    gold_text: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.corpus, self.id)


def read_pages(root: Path) -> Iterator[Page]:
    for name in EXTRACTION_FILES:
        path = root / "extraction" / f"{name}.jsonl.gz"
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                yield Page(r["corpus"], r["id"], r.get("url"), r["html"], r.get("gold_text") or "")


# A page saved from the Wayback Machine links through it: the original address follows the stamp.
_WAYBACK = re.compile(r"^(?:https?:)?//web(?:-beta)?\.archive\.org/web/\d+[a-z_]*/", re.I)


def guess_host(html: str) -> str | None:
    """The host a saved page links to most: its own site, for pages saved without their URL."""
    hosts = Counter(host_of(_WAYBACK.sub("", u)) for u in _HREF.findall(html[:500_000]))
    hosts.pop("", None)
    return hosts.most_common(1)[0][0] if hosts else None


def page_urls(pages: list[Page]) -> dict[tuple[str, str], str]:
    """A unique URL per page: its own, or one on the host it links to most; repeats get a fragment."""
    out: dict[tuple[str, str], str] = {}
    seen: Counter[str] = Counter()
    for p in pages:
        url = p.url
        if not url:
            host = guess_host(p.html) or f"unknown-{re.sub(r'[^a-z0-9]+', '-', p.corpus.lower())}.invalid"
            slug = re.sub(r"[^A-Za-z0-9._-]+", "-", p.id)
            url = f"http://{host}/__saved__/{slug}"
        seen[url] += 1
        if seen[url] > 1:
            url = f"{url}#copy-{seen[url]}"
        out[p.key] = url
    return out


def _code_hash(settings: Settings, root: Path) -> str:
    h = hashlib.sha256()
    for rel in _INGEST_CODE:
        base = ROOT / rel
        # the learned models' weights (linemodel.json, htmltrim.json) change what ingest stores too
        files = sorted([*base.rglob("*.py"), *base.rglob("*.json")]) if base.is_dir() else [base]
        for f in files:
            h.update(str(f.relative_to(ROOT)).encode())
            h.update(f.read_bytes())
    h.update(json.dumps(settings.normalise.model_dump(), sort_keys=True).encode())
    for name in EXTRACTION_FILES:
        st = (root / "extraction" / f"{name}.jsonl.gz").stat()
        h.update(f"{name}:{st.st_size}:{int(st.st_mtime)}".encode())
    return h.hexdigest()[:16]


def ingested_warehouse(settings: Settings, root: Path, cache: Path, progress: Progress | None = None) -> tuple[Path, dict[str, tuple[str, str]]]:
    """Path of a SQLite warehouse with every extraction page ingested (built once per code
    version), and the URL → (corpus, id) map of its articles."""
    from pipeline import jobs
    from pipeline.warehouse import db

    cache.mkdir(parents=True, exist_ok=True)
    key = _code_hash(settings, root)
    path = cache / f"ingested-{key}.db"
    pages = list(read_pages(root))
    urls = page_urls(pages)
    by_url = {u: k for k, u in urls.items()}
    if path.exists():
        return path, by_url
    tmp = path.with_suffix(".tmp.db")
    for f in cache.glob(f"{tmp.name}*"):
        f.unlink()
    ingest_settings = settings.model_copy(deep=True)
    ingest_settings.warehouse.url = f"sqlite:///{tmp}"
    engine = db.connect(ingest_settings.warehouse.url)

    def records() -> Iterator[RawRecord]:
        for i, p in enumerate(pages):
            if progress:
                progress("ingest pages", i, len(pages))
            # raw_key set: the eval pages are read from the shared files, never copied into the raw store
            yield RawRecord(origin="eval", locator=f"{p.corpus}/{p.id}", url=urls[p.key], html=p.html, raw_key=f"eval:{p.corpus}/{p.id}")

    jobs.ingest_records(engine, records(), ingest_settings)
    if progress:
        progress("ingest pages", len(pages), len(pages))
    engine.dispose()
    with closing(sqlite3.connect(tmp)) as raw:  # outside any transaction: the engine begins IMMEDIATE
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.move(tmp, path)
    for old in cache.glob("ingested-*.db"):
        if old != path:
            old.unlink()
    return path, by_url


def working_copy(src: Path, dest: Path) -> str:
    """A fresh copy of the ingested warehouse for one detection run; returns its URL."""
    for f in dest.parent.glob(f"{dest.name}*"):
        f.unlink()
    shutil.copyfile(src, dest)
    return f"sqlite:///{dest}"


def gold_words(page: Page) -> list[str]:
    """The human main text as match words (Utomo's first gold line is the title)."""
    from pipeline.normalise.matchtext import tokenize

    text = page.gold_text
    if page.corpus.startswith("utomo") and "\n" in text:
        text = text.split("\n", 1)[1]
    return tokenize(text).words


