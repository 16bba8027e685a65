"""`make bench` part 0: the whole CLI as a user runs it, against the naive script it replaces.

Ours: `synd ingest FILE` then `synd detect`, each a fresh process (imports, settings, migrations,
numba kernels from their on-disk cache), on a new SQLite warehouse. The naive pass: one Python
process that reads the same file, splits every article into paragraphs, hashes the 5-word shingles
of each paragraph that has one
with datasketch ``MinHash.bulk`` and inserts and queries each paragraph in a ``MinHashLSH`` (the
same 32 bands x 4 rows as ours). Both are timed wall to wall as subprocesses, so each pays its
own interpreter start and imports.

The input is stories from a corpus given at bench time (Reuters-21578 as JSONL: ``id``, ``date``,
``title``, ``text`` with one paragraph a line), spread over generated outlets; nothing of it is
kept in the repository.
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

SHINGLE_WORDS = 5


def _stories(src: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if src.suffix == ".gz" else open
    with opener(src, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def write_text_corpus(src: Path, out: Path, n: int, outlets: int = 20) -> int:
    """The first ``n`` stories of ``src`` as text articles of ``outlets`` outlets (round robin),
    one paragraph per source line: the JSONL that `synd ingest` and the naive pass both read."""
    written = 0
    with out.open("w", encoding="utf-8") as f:
        for story in _stories(src):
            paras = [p.strip() for p in str(story.get("text") or "").splitlines() if p.strip()]
            if not paras:
                continue
            k = written % outlets
            f.write(json.dumps({
                "url": f"https://outlet{k:02d}.example/story/{story['id']}",
                "outlet": f"Outlet {k:02d}",
                "title": story.get("title") or None,
                "published": story.get("date") or None,
                "text": "\n\n".join(paras),
            }) + "\n")
            written += 1
            if written >= n:
                break
    return written


def write_html_corpus(src: Path, out: Path, n: int) -> int:
    """The first ``n`` pages of the extraction corpora under ``src`` (``*.jsonl.gz``: ``url``,
    ``html``), taken from each file in turn, as records `synd ingest` reads; a page without a URL
    gets one on its own host, so every page is its own outlet unless its real URL says otherwise."""
    readers = [_stories(f) for f in sorted(src.glob("*.jsonl.gz"))]
    written = 0
    with out.open("w", encoding="utf-8") as f:
        while readers and written < n:
            for it in list(readers):
                page = next(it, None)
                if page is None:
                    readers.remove(it)
                    continue
                # ids may hold spaces ("amd (1).txt"): quoted, or ingest rejects the URL before extracting
                url = page.get("url") or f"https://page{written:05d}.example/{quote(str(page.get('corpus')))}/{quote(str(page.get('id')))}"
                f.write(json.dumps({"url": url, "html": page["html"]}) + "\n")
                written += 1
                if written >= n:
                    break
    return written


def _extract(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def extract_pages(path: Path, then_naive: bool = False) -> dict[str, Any]:
    """trafilatura ``extract()`` on every page, on as many processes as `synd ingest` uses (every
    core); with ``then_naive``, the naive LSH pass over the extracted texts (one paragraph a line)."""
    import multiprocessing as mp

    import trafilatura  # noqa: F401 - imported before the pool forks, as ours is

    pages = [rec["html"] for rec in _stories(path)]
    with mp.get_context("fork").Pool(os.cpu_count() or 1) as pool:
        texts = pool.map(_extract, pages, chunksize=8)
    out: dict[str, Any] = {"pages": len(pages), "chars": sum(map(len, texts))}
    if then_naive:
        out.update(_naive_paragraphs([p for t in texts for p in t.split("\n")]))
    return out


def naive(path: Path, num_perm: int = 128, bands: int = 32, rows: int = 4) -> dict[str, Any]:
    """The naive pass: datasketch MinHash over 5-word shingles of every paragraph, LSH query then insert."""
    return _naive_paragraphs([para for rec in _stories(path) for para in rec["text"].split("\n\n")], num_perm, bands, rows)


def _naive_paragraphs(texts: list[str], num_perm: int = 128, bands: int = 32, rows: int = 4) -> dict[str, Any]:
    from datasketch import MinHash, MinHashLSH

    paragraphs: list[list[str]] = []
    for para in texts:
        words = para.lower().split()
        if len(words) >= SHINGLE_WORDS:  # shorter lines ("Reuter") have no 5-word shingle
            paragraphs.append(words)
    shingle_sets = [
        [" ".join(w[i : i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(w) - SHINGLE_WORDS + 1)]
        for w in paragraphs
    ]
    mhs = MinHash.bulk(shingle_sets, num_perm=num_perm)
    lsh = MinHashLSH(num_perm=num_perm, params=(bands, rows))
    pairs = 0
    for i, m in enumerate(mhs):
        pairs += len(lsh.query(m))
        lsh.insert(i, m)
    return {"paragraphs": len(paragraphs), "pairs": pairs}


def _synd() -> list[str]:
    """The installed `synd` script beside this interpreter, else ``python -m pipeline.cli``."""
    script = Path(sys.executable).parent / "synd"
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipeline.cli"]


def _env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYND")}  # the bench's settings only
    env["SYND__RAW_STORE__PATH"] = str(work / "raw")
    env["COLUMNS"] = "300"  # the summary lines unwrapped
    return env


def _children_cpu() -> float:
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return c.ru_utime + c.ru_stime


def _timed(cmd: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> tuple[float, float, str]:
    """Wall and CPU seconds of one command (CPU includes its worker processes: it holds still
    when the shared machine's load swings the wall time)."""
    c0, t0 = _children_cpu(), time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - t0, _children_cpu() - c0
    if done.returncode not in ok:
        raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    return wall, cpu, done.stdout + done.stderr


def run_ours(corpus: Path, work: Path) -> dict[str, Any]:
    """`synd ingest` + `synd detect` on a fresh SQLite warehouse, each a fresh process."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    url = f"sqlite:///{work / 'w.db'}"
    env = _env(work)
    ingest_s, ingest_cpu, ingest_log = _timed([*_synd(), "ingest", str(corpus), "--warehouse", url], env, ok=(0, 2))
    detect_s, detect_cpu, detect_log = _timed([*_synd(), "detect", "--warehouse", url], env)
    return {"wall_s": ingest_s + detect_s, "cpu_s": ingest_cpu + detect_cpu, "ingest_s": ingest_s, "detect_s": detect_s,
            "ingest": _last_line(ingest_log, "ingest:"), "detect": _last_line(detect_log, "detect:")}


def run_naive(corpus: Path, mode: str = "naive") -> dict[str, Any]:
    """The naive pass (or ``extract``: trafilatura alone, ``extract+naive``) in its own process, timed the same way."""
    wall, cpu, log = _timed([sys.executable, "-m", "pipeline.bench.whole", mode, str(corpus)], _env(corpus.parent))
    return {"wall_s": wall, "cpu_s": cpu, **json.loads(log.strip().splitlines()[0])}


def _last_line(log: str, prefix: str) -> str:
    return next((ln.strip() for ln in reversed(log.splitlines()) if ln.strip().startswith(prefix)), "")


def compare(corpus: Path, work: Path, rounds: int = 3, bases: tuple[str, ...] = ("naive",)) -> dict[str, Any]:
    """Alternating rounds (each base, then ours), after one untimed round of ours that fills the
    numba cache; the medians (by wall time) and their ratios, wall and CPU. The first base is
    the one named ``naive`` in the result (text: the naive pass; HTML: trafilatura alone)."""
    run_ours(corpus, work / "warm")
    runs = [([run_naive(corpus, b) for b in bases], run_ours(corpus, work / f"round{r}")) for r in range(rounds)]
    ours_runs = [o for _, o in runs]
    ours = sorted(ours_runs, key=lambda r: r["wall_s"])[len(runs) // 2]
    res: dict[str, Any] = {"ours": ours, "rounds": runs}
    for i, name in enumerate(bases):
        base_runs = [b[i] for b, _ in runs]
        base = sorted(base_runs, key=lambda r: r["wall_s"])[len(runs) // 2]
        cpu = statistics.median(o["cpu_s"] for o in ours_runs) / statistics.median(b["cpu_s"] for b in base_runs)
        key = "" if i == 0 else f"_{name}"
        res.update({f"naive{key}": base, f"ratio{key}": ours["wall_s"] / base["wall_s"], f"cpu_ratio{key}": cpu})
    return res


if __name__ == "__main__":
    modes: dict[str, Callable[[Path], dict[str, Any]]] = {
        "naive": naive, "extract": extract_pages, "extract+naive": lambda p: extract_pages(p, then_naive=True)}
    if len(sys.argv) == 3 and sys.argv[1] in modes:
        print(json.dumps(modes[sys.argv[1]](Path(sys.argv[2]))))
    else:
        raise SystemExit(f"usage: python -m pipeline.bench.whole {{{'|'.join(modes)}}} CORPUS.jsonl")
