"""`make bench`: throughput against named baselines, measured side by side in one run.

0. the whole CLI (`synd ingest` + `synd detect`, each a fresh process, fresh SQLite warehouse)
   on 4,000 Reuters-21578 stories as text articles of 20 outlets, against a naive datasketch
   script (``MinHash.bulk`` + ``MinHashLSH`` over every paragraph, one process): wall time,
   alternating rounds, median of 3 (`bench/whole.py`; the corpus is read from
   ``$SYND_EVAL_DATA/corpora/``, part 0 is skipped without it); then (0b) on 2,000 HTML pages
   of ``$SYND_EVAL_DATA/extraction/`` against trafilatura ``extract()`` alone on every core, and
   trafilatura + the naive pass;
1. fingerprint + candidates (paragraphs/s, one core): our kernel + band keys + a hash join of
   band keys (median of three calls in one process), against datasketch ``MinHash.bulk`` +
   ``MinHashLSH`` insert/query on the same units (and rensa for reference);
2. ingest + detect from HTML (articles/s, CPU-s/article, both cores busy), against
   trafilatura ``extract()`` alone on the same pages in a 2-process pool;
3. incremental: 1,000 new articles against warehouses already holding 10k, 100k (and with
   ``--scale 1000000``, 1M) articles, on SQLite and PostgreSQL; then, outside the batch's time,
   the compaction of the index's write tier that its rows will later need (rolled back).

Each measurement runs in a child process, so its peak RSS is its own (``ru_maxrss``).
Existing warehouses are built by bulk-inserting synthetic rows (COPY / executemany), not
through ingest, and cached under ``data/bench/``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH_DIR = Path("data/bench")
EVAL_DATA = Path(os.environ.get("SYND_EVAL_DATA") or Path(__file__).resolve().parents[3] / "shared" / "data")


def _cpu() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def _peak_rss_mb() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return max(s.ru_maxrss, c.ru_maxrss) / 1024


def _isolated(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Run fn in a fresh child (fork) and return its result plus its own peak RSS."""
    ctx = mp.get_context("fork")
    q: Any = ctx.Queue()

    def target() -> None:
        try:
            res = fn(*args)
            res["peak_rss_mb"] = round(_peak_rss_mb(), 1)
            q.put(res)
        except BaseException as exc:  # report, never hang the parent
            q.put({"error": f"{type(exc).__name__}: {exc}"})

    p = ctx.Process(target=target)
    p.start()
    res = q.get()
    p.join()
    if "error" in res:
        raise RuntimeError(f"{fn.__name__}{args}: {res['error']}")
    return res


# ---------------------------------------------------------------- part 0: the whole CLI


def part0(corpus: Path, stories: int, rounds: int) -> dict[str, Any]:
    from pipeline.bench.whole import compare, write_text_corpus

    work = BENCH_DIR / "whole"
    work.mkdir(parents=True, exist_ok=True)
    articles = work / "articles.jsonl"  # converted outside the timing; both sides read this file
    n = write_text_corpus(corpus, articles, stories)
    res = compare(articles, work, rounds)
    base, ours = res["naive"], res["ours"]
    print(f"\n0. whole CLI, {n:,} text articles of 20 outlets ({corpus.name}), wall time, median of {rounds} alternating rounds")
    w = [52, 9, 9, 9, 9, 8, 12]
    print(_row(["method", "wall s", "ingest s", "detect s", "vs base", "CPU s", "CPU vs base"], w))
    print(_row(["naive: datasketch MinHash.bulk + MinHashLSH (base)", f"{base['wall_s']:.2f}", "", "", "1.00x",
                f"{base['cpu_s']:.2f}", "1.00x"], w))
    print(_row(["ours: synd ingest + synd detect (SQLite)", f"{ours['wall_s']:.2f}", f"{ours['ingest_s']:.2f}",
                f"{ours['detect_s']:.2f}", f"{res['ratio']:.2f}x", f"{ours['cpu_s']:.2f}", f"{res['cpu_ratio']:.2f}x"], w))
    print(f"   base: {base['paragraphs']:,} paragraphs, {base['pairs']:,} candidate pairs; ours: {ours['ingest']}; {ours['detect']}")
    sys.stdout.flush()
    return {"articles": n, **res}


def part0_html(src: Path, pages: int, rounds: int) -> dict[str, Any]:
    """The same on HTML pages of the extraction corpora, against trafilatura ``extract()`` alone
    (a pool on every core, as `synd ingest` uses) and trafilatura + the naive pass."""
    from pipeline.bench.whole import compare, write_html_corpus

    work = BENCH_DIR / "whole_html"
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "pages.jsonl"
    n = write_html_corpus(src, corpus, pages)
    res = compare(corpus, work, rounds, bases=("extract", "extract+naive"))
    base, both, ours = res["naive"], res["naive_extract+naive"], res["ours"]
    print(f"\n0b. whole CLI, {n:,} HTML pages ({src}), wall time, median of {rounds} alternating rounds")
    w = [52, 9, 9, 9, 9, 8, 12]
    print(_row(["method", "wall s", "ingest s", "detect s", "vs base", "CPU s", "CPU vs base"], w))
    print(_row(["trafilatura extract() alone, every core (base)", f"{base['wall_s']:.2f}", "", "", "1.00x",
                f"{base['cpu_s']:.2f}", "1.00x"], w))
    print(_row(["trafilatura + naive datasketch pass", f"{both['wall_s']:.2f}", "", "",
                f"{both['wall_s'] / base['wall_s']:.2f}x", f"{both['cpu_s']:.2f}", f"{both['cpu_s'] / base['cpu_s']:.2f}x"], w))
    print(_row(["ours: synd ingest + synd detect (SQLite)", f"{ours['wall_s']:.2f}", f"{ours['ingest_s']:.2f}",
                f"{ours['detect_s']:.2f}", f"{res['ratio']:.2f}x", f"{ours['cpu_s']:.2f}", f"{res['cpu_ratio']:.2f}x"], w))
    print(f"   ours: {ours['ingest']}; {ours['detect']}")
    sys.stdout.flush()
    return {"pages": n, **res}


# ---------------------------------------------------------------- part 1: fingerprinting


def _units(n_articles: int, with_owner: bool = False) -> Any:
    """Units as detection sees them: paragraphs and sentences of generated articles."""
    from pipeline.bench.corpus import Generator
    from pipeline.detect.compare import Doc
    from pipeline.normalise.segment import join_paragraphs, paragraph_spans

    units: list[list[str]] = []
    owners: list[int] = []
    for i, art in enumerate(Generator(seed=1).articles(n_articles), start=1):
        body = join_paragraphs(art.paragraphs)
        spans = paragraph_spans(body)
        doc = Doc(i, art.outlet, art.url, art.title, None, art.published, body, [], spans, [False] * len(spans))
        us = doc.units()
        units.extend(us)
        owners.extend([i] * len(us))
    return (units, owners) if with_owner else units


def part1_ours(units: list[list[str]]) -> dict[str, Any]:

    from pipeline.config import DetectSettings
    from pipeline.detect.fingerprint import band_keys, signatures, unit_pairs, warm_up

    cfg = DetectSettings()
    warm_up(cfg)
    runs = []
    for _ in range(3):  # the median of three: a long-running detector reuses its memory, the first call maps it
        t0 = time.process_time()
        keys = band_keys(signatures(units, cfg), cfg)
        t1 = time.process_time()
        # candidates: every pair of units sharing a band key (what MinHashLSH.query returns), by a
        # hash join of the band keys (the warehouse index and the Spark path join on the same keys)
        n_pairs = len(unit_pairs(keys))
        runs.append((time.process_time() - t0, t1 - t0))
    total_s, fingerprint_s = sorted(runs)[1]
    return {"units": len(units), "fingerprint_s": fingerprint_s, "total_s": total_s, "pairs": n_pairs}


def part1_datasketch(units: list[list[str]]) -> dict[str, Any]:
    import xxhash
    from datasketch import MinHash, MinHashLSH

    from pipeline.config import DetectSettings
    from pipeline.detect.fingerprint import shingles

    cfg = DetectSettings()
    t0 = time.process_time()
    mhs = MinHash.bulk([shingles(u, cfg.shingle_words) for u in units], num_perm=cfg.num_perm, seed=cfg.seed, hashfunc=xxhash.xxh32_intdigest)
    t1 = time.process_time()
    lsh = MinHashLSH(num_perm=cfg.num_perm, params=(cfg.bands, cfg.rows))
    pairs = 0
    for i, m in enumerate(mhs):
        pairs += len(lsh.query(m))
        lsh.insert(i, m)
    t2 = time.process_time()
    return {"units": len(units), "fingerprint_s": t1 - t0, "total_s": t2 - t0, "pairs": pairs}


def part1_rensa(units: list[list[str]]) -> dict[str, Any]:
    from rensa import RMinHash, RMinHashLSH

    t0 = time.process_time()
    mhs = []
    for u in units:
        m = RMinHash(num_perm=128, seed=1)
        m.update(u)
        mhs.append(m)
    t1 = time.process_time()
    lsh = RMinHashLSH(threshold=0.5, num_perm=128, num_bands=32)
    pairs = 0
    for i, m in enumerate(mhs):
        pairs += len(lsh.query(m))
        lsh.insert(i, m)
    t2 = time.process_time()
    return {"units": len(units), "fingerprint_s": t1 - t0, "total_s": t2 - t0, "pairs": pairs}


# ---------------------------------------------------------------- part 2: end to end


def _pages(n: int) -> Path:
    from pipeline.bench.corpus import Generator

    path = BENCH_DIR / f"pages_{n}.jsonl"
    if not path.exists():
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("w") as f:
            for art in Generator(seed=2).articles(n):
                f.write(json.dumps(art.record(with_html=True)) + "\n")
        tmp.rename(path)
    return path


def _extract_one(html: str) -> int:
    import trafilatura

    return len(trafilatura.extract(html) or "")


def part2_trafilatura(path: Path, workers: int) -> dict[str, Any]:
    import trafilatura  # noqa: F401  (imported before the pool forks, as ours is)

    pages = [json.loads(line)["html"] for line in path.open()]
    c0, t0 = _cpu(), time.perf_counter()
    pool = mp.get_context("fork").Pool(workers)
    chars = sum(pool.map(_extract_one, pages, chunksize=8))
    pool.close()
    pool.join()  # reaped workers count in RUSAGE_CHILDREN
    wall = time.perf_counter() - t0
    return {"articles": len(pages), "wall_s": wall, "cpu_s": _cpu() - c0, "chars": chars}


def part2_ours(path: Path, workers: int) -> dict[str, Any]:
    from pipeline import jobs
    from pipeline.config import load_settings
    from pipeline.detect.fingerprint import warm_up

    work = BENCH_DIR / "e2e"
    work.mkdir(parents=True, exist_ok=True)
    db_file = work / "w.db"
    for f in work.glob("w.db*"):
        f.unlink()
    settings = load_settings(
        None,
        overrides={
            "warehouse": {"url": f"sqlite:///{db_file}"},
            "raw_store": {"kind": "local", "path": str(work / "raw")},
            "ingest": {"workers": workers},
        },
        environ={},
    )
    warm_up(settings.detect)
    jobs.warehouse(settings)  # schema created outside the timing
    c0, t0 = _cpu(), time.perf_counter()
    ing = jobs.ingest(settings, [path])
    t1 = time.perf_counter()
    det = jobs.detect(settings)
    wall = time.perf_counter() - t0
    return {
        "articles": ing.seen,
        "wall_s": wall,
        "ingest_wall_s": t1 - t0,
        "cpu_s": _cpu() - c0,
        "syndications": det.syndications,
        "rejected": ing.rejected,
    }


def _median(runs: list[dict[str, Any]], key: str = "cpu_s") -> dict[str, Any]:
    """The run with the median ``key`` (its own figures, not a blend of runs)."""
    return sorted(runs, key=lambda r: r[key])[len(runs) // 2]


# ---------------------------------------------------------------- part 3: incremental


def part3_build(backend: str, existing: int) -> dict[str, Any]:
    """Build (first time) the existing warehouse that part 3 measures a batch against."""
    from pipeline.bench.warehouses import existing_warehouse

    existing_warehouse(backend, existing)
    return {}


def part3(backend: str, existing: int, new: int) -> dict[str, Any]:
    from pipeline.bench.warehouses import existing_warehouse, new_batch
    from pipeline.detect import index as lsh_index
    from pipeline.detect.fingerprint import warm_up

    settings = existing_warehouse(backend, existing)
    warm_up(settings.detect)
    from pipeline import jobs

    batch = new_batch(existing, new)
    c0, t0 = _cpu(), time.perf_counter()
    ing = jobs.ingest(settings, [batch])
    t1 = time.perf_counter()
    if ing.rejected:  # a measured batch must be the whole batch
        raise RuntimeError(f"{backend}: the new batch had {ing.rejected} rejects: {ing.reject_examples}")
    det = jobs.detect(settings)
    t2 = time.perf_counter()
    # What the batch defers: folding the write tier (the template's real articles and this
    # batch) into the main table, as detect does once the tier is full. Rolled back, so that the
    # template stays as built (deleting the rows from the main table again would leave the next
    # run's probes of the same keys wading through dead entries).
    with jobs.warehouse(settings).connect() as conn:
        tx = conn.begin()
        folded = lsh_index.compact(conn)
        compact_s = time.perf_counter() - t2
        tx.rollback()
    return {
        "backend": backend,
        "existing": existing,
        "new": ing.new,
        "ingest_s": t1 - t0,
        "detect_s": t2 - t1,
        "total_s": t2 - t0,
        "cpu_s": _cpu() - c0,
        "compact_s": compact_s,
        "folded_rows": folded,
        "candidates": det.candidates,
        "syndications": det.syndications,
    }


# ---------------------------------------------------------------- report


def _row(cols: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=100_000, help="largest existing warehouse for part 3 (1000000 for 1M)")
    ap.add_argument("--articles", type=int, default=3000, help="generated articles for part 1")
    ap.add_argument("--pages", type=int, default=400, help="HTML pages for part 2")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds of parts 2 and 3 (medians are reported)")
    ap.add_argument("--new", type=int, default=1000, help="new articles per incremental batch (part 3)")
    ap.add_argument("--backends", default="sqlite,postgresql", help="part 3 warehouses")
    ap.add_argument("--stories", type=int, default=4000, help="text articles for part 0")
    ap.add_argument("--corpus", type=Path, default=EVAL_DATA / "corpora" / "reuters21578.jsonl.gz",
                    help="part 0's stories (JSONL: id, date, title, text)")
    ap.add_argument("--html-pages", type=int, default=2000, help="HTML pages for part 0's second half (0: skip it)")
    ap.add_argument("--html-corpus", type=Path, default=EVAL_DATA / "extraction",
                    help="part 0's HTML pages (*.jsonl.gz with url, html)")
    ap.add_argument("--parts", default="0,1,2,3")
    args = ap.parse_args(argv)
    parts = set(args.parts.split(","))
    workers = os.cpu_count() or 1
    results: dict[str, Any] = {}

    if "0" in parts:
        if args.corpus.exists():
            results["part0"] = part0(args.corpus, args.stories, args.rounds)
        else:
            print(f"\n0. skipped: no corpus at {args.corpus} (set SYND_EVAL_DATA or --corpus)")
        if args.html_pages and any(args.html_corpus.glob("*.jsonl.gz")):
            results["part0_html"] = part0_html(args.html_corpus, args.html_pages, args.rounds)
        elif args.html_pages:
            print(f"\n0b. skipped: no pages under {args.html_corpus} (set SYND_EVAL_DATA or --html-corpus)")

    if "1" in parts:
        units = _units(args.articles)
        ours = _isolated(part1_ours, units)
        ds = _isolated(part1_datasketch, units)
        rs = _isolated(part1_rensa, units)
        print(f"\n1. fingerprint + candidates, one core, {len(units):,} units (paragraphs and sentences)")
        w = [44, 14, 14, 10, 9]
        print(_row(["method", "units/s", "fingerprint/s", "vs base", "RSS MB"], w))
        base = ds["units"] / ds["total_s"]
        for name, r in [("ours: numba MinHash + band keys + hash join", ours), ("datasketch MinHash.bulk + MinHashLSH (base)", ds), ("rensa RMinHash + RMinHashLSH (reference)", rs)]:
            rate = r["units"] / r["total_s"]
            print(_row([name, f"{rate:,.0f}", f"{r['units'] / r['fingerprint_s']:,.0f}", f"{rate / base:.1f}x", f"{r['peak_rss_mb']:.0f}"], w))
        results["part1"] = {"ours": ours, "datasketch": ds, "rensa": rs}

    if "2" in parts:
        path = _pages(args.pages)
        # alternating rounds, median of each: one round is ~1 s a side, short enough for the
        # machine's other load to swing a single ratio by 30%
        rounds = [(_isolated(part2_trafilatura, path, workers), _isolated(part2_ours, path, workers)) for _ in range(args.rounds)]
        base = _median([b for b, _ in rounds])
        ours = _median([o for _, o in rounds])
        print(f"\n2. ingest + detect from HTML, {base['articles']} pages, {workers} workers (both cores busy), median of {args.rounds} rounds")
        w = [44, 12, 16, 10, 9]
        print(_row(["method", "articles/s", "CPU ms/article", "CPU ratio", "RSS MB"], w))
        for name, r in [("trafilatura extract() alone (base)", base), ("ours: ingest + detect into SQLite", ours)]:
            print(_row([name, f"{r['articles'] / r['wall_s']:,.1f}", f"{1000 * r['cpu_s'] / r['articles']:.1f}", f"{r['cpu_s'] / base['cpu_s']:.2f}x", f"{r['peak_rss_mb']:.0f}"], w))
        results["part2"] = {"trafilatura": base, "ours": ours, "rounds": rounds}

    if "3" in parts:
        sizes = [s for s in (10_000, 100_000, 1_000_000) if s <= args.scale]
        print(f"\n3. incremental: {args.new:,} new articles against existing warehouses, median of {args.rounds} rounds")
        w = [11, 10, 10, 10, 10, 12, 14, 9, 24]
        print(_row(["warehouse", "existing", "ingest s", "detect s", "total s", "vs smallest", "syndications", "RSS MB", "then compact s (rows)"], w))
        results["part3"] = []
        for backend in args.backends.split(","):
            for size in sizes:
                _isolated(part3_build, backend, size)  # its own process: the build's memory is not the batch's
            # sizes alternate round by round, so the machine's other load falls on all of them
            runs = [[_isolated(part3, backend, size, args.new) for size in sizes] for _ in range(args.rounds)]
            medians = [_median([round_[i] for round_ in runs], "total_s") for i in range(len(sizes))]
            for size, r in zip(sizes, medians, strict=True):
                print(_row([backend, f"{size:,}", f"{r['ingest_s']:.1f}", f"{r['detect_s']:.1f}", f"{r['total_s']:.1f}",
                            f"{r['total_s'] / medians[0]['total_s']:.2f}x", str(r["syndications"]), f"{r['peak_rss_mb']:.0f}",
                            f"{r['compact_s']:.1f} ({r['folded_rows']:,})"], w))
            sys.stdout.flush()
            results["part3"].append({"backend": backend, "medians": medians, "rounds": runs})
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    (BENCH_DIR / "results.json").write_text(json.dumps(results, indent=2, default=str))
    print(f"\nraw figures: {BENCH_DIR / 'results.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
