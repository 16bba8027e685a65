"""An incremental detection run: new articles are fingerprinted, queried against the
persistent LSH index (all earlier articles), verified by alignment, and written as
syndications with their copied, added, edited and removed passages.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import numpy as np
from sqlalchemy import Connection, Engine, delete, insert, select, tuple_

from pipeline.config import DetectSettings
from pipeline.detect import index as lsh_index
from pipeline.detect import judgement
from pipeline.detect.compare import Doc, PairResult, compare, nearest_sources, template_pairs
from pipeline.detect.fingerprint import band_keys, signatures
from pipeline.detect.passages import passage_rows
from pipeline.normalise.article import title_of
from pipeline.normalise.boilerplate import boilerplate_flags, doc_paragraphs, paragraph_counts, site_spread
from pipeline.normalise.matchtext import text_hash
from pipeline.parallel import default_workers, forked
from pipeline.warehouse import db, store
from pipeline.warehouse import groups as outlet_groups
from pipeline.warehouse.schema import articles, boilerplate, paragraphs, passages, syndications

ALGO_VERSION = "minhash-lsh+align/1"
Progress = Callable[[str, int, int], None]


@dataclass
class DetectStats:
    articles: int = 0
    units: int = 0
    candidates: int = 0
    syndications: int = 0
    index_compacted: int = 0  # band rows folded from the index's write tier into its main table
    rejudged: int = 0  # earlier articles detected again: a later arrival changed their paragraphs' judgement
    run_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "run_id"}


def load_docs(conn: Connection, ids: Sequence[int], cfg: DetectSettings) -> dict[int, Doc]:
    return docs_and_counts(conn, ids, cfg)[0]


def docs_and_counts(conn: Connection, ids: Sequence[int], cfg: DetectSettings) -> tuple[dict[int, Doc], dict[tuple[str, int], int]]:
    """The docs, and how many articles of each outlet print each of their paragraphs
    (``paragraph_counts``), which judged them."""
    rows: dict[int, Any] = {}
    paras: dict[int, list[Any]] = defaultdict(list)
    for part in store.chunks(list(ids)):
        for r in conn.execute(select(articles).where(articles.c.article_id.in_(part))):
            rows[r.article_id] = r
        for p in conn.execute(
            select(paragraphs).where(paragraphs.c.article_id.in_(part)).order_by(paragraphs.c.article_id, paragraphs.c.seq)
        ):
            paras[p.article_id].append(p)
    dps = {aid: doc_paragraphs(r, paras[aid]) for aid, r in rows.items()}
    counts = paragraph_counts(conn, sorted({h for d in dps.values() for h in d.hashes}))
    flags = boilerplate_flags(conn, dps, cfg, counts)
    spread = site_spread(counts)
    docs = {}
    for aid, r in rows.items():
        ps = paras[aid]
        docs[aid] = Doc(
            id=aid,
            outlet=r.outlet,
            url=r.url,
            title=r.title,
            author=r.author,
            published=store.aware(r.published),
            body=r.body,
            links=r.links or [],
            paragraphs=[(p.start_char, p.end_char) for p in ps],
            boilerplate=flags[aid],
            credits=r.credits or [],
            quotes=[(int(a), int(b)) for a, b in r.quotes or []],
            spread=[spread.get(h, 1) for h in dps[aid].hashes],
            judged=[(bool(p.boilerplate), bool(p.widely_printed)) for p in ps],
        )
    return docs, counts


def _record_boilerplate(conn: Connection, docs: dict[int, Doc]) -> None:
    seen: dict[tuple[str, int], str] = {}
    for d in docs.values():
        for (s, e), b in zip(d.paragraphs, d.boilerplate, strict=True):
            if b:
                seen[(d.outlet, text_hash(d.body[s:e]))] = d.body[s:e][:300]
    if not seen:
        return
    keys = list(seen)
    for part in store.chunks(keys):
        conn.execute(delete(boilerplate).where(tuple_(boilerplate.c.outlet, boilerplate.c.text_hash).in_(list(part))))
    counts = paragraph_counts(conn, sorted({h for _, h in keys}))
    conn.execute(
        insert(boilerplate),
        [{"outlet": o, "text_hash": h, "articles": counts.get((o, h), 0), "sample": seen[(o, h)], "updated_at": store.now()} for o, h in keys],
    )


def _index(conn: Connection, docs: list[Doc], cfg: DetectSettings) -> tuple[dict[int, set[int]], int, Callable[[], int]]:
    """Each new doc's candidates (earlier or same-batch articles of other outlets inside the time
    window), its units, and the function that adds the new docs' band keys to the persistent index."""
    unit_owner: list[int] = []
    unit_words: list[list[str]] = []
    for d in docs:
        for words in d.units(cfg.min_unit_words):
            unit_owner.append(d.id)
            unit_words.append(words)
    keys = band_keys(signatures(unit_words, cfg), cfg)
    hits, add_to_index = lsh_index.query_then_add(conn, unit_owner, keys)
    by_id = {d.id: d for d in docs}
    meta = lsh_index.article_meta(conn, {a for s in hits.values() for a in s})
    found: dict[int, set[int]] = defaultdict(set)
    for owner, others in hits.items():
        d = by_id[owner]
        for aid in others:
            if aid in meta and _admissible(d, meta[aid], cfg):  # not in meta: deleted from the warehouse
                found[d.id].add(aid)
    return found, len(unit_words), add_to_index


# Below this many pairs, aligning in a forked child while this process writes the index saves
# less than the fork costs.
MIN_FORKED_PAIRS = 50


def _compare_pairs(docs: dict[int, Doc], pairs: list[tuple[int, int]], cfg: DetectSettings,
                   add_to_index: Callable[[], int] | None, report: Callable[[int], None]) -> list[PairResult]:
    """Every pair compared, the verified ones in pair order; ``add_to_index`` (the batch's index
    rows, still to write) runs first. With enough pairs and a second core, forked children (one
    per core, each every n-th pair) align while this process writes those rows (SQLite's or
    PostgreSQL's time hidden behind the alignment's, and the alignment itself on every core): a
    child runs the same code on the same docs, and when one fails its pairs are compared here,
    so the results never depend on it."""
    cores = default_workers()
    if add_to_index is not None and len(pairs) >= MIN_FORKED_PAIRS and cores > 1:
        parts = [pairs[k::cores] for k in range(cores)]
        with contextlib.ExitStack() as stack:
            answers = [stack.enter_context(forked(partial(_compare_portable, docs, part, cfg))) for part in parts]
            add_to_index()
            got = [answer() for answer in answers]
        merged: list[tuple[int, int, dict[str, Any]] | None] = [None] * len(pairs)
        for k, (part, answer) in enumerate(zip(parts, got, strict=True)):
            merged[k::cores] = answer if answer is not None else _compare_portable(docs, part, cfg)
        report(len(pairs))
        return [_restored(r, docs) for r in merged if r is not None]
    if add_to_index is not None:
        add_to_index()
    results = []
    for i, (a, b) in enumerate(pairs):
        r = compare(docs[a], docs[b], cfg)
        if r is not None:
            results.append(r)
        if i % 50 == 0:
            report(i)
    return results


def _compare_portable(docs: dict[int, Doc], pairs: list[tuple[int, int]], cfg: DetectSettings) -> list[tuple[int, int, dict[str, Any]] | None]:
    """``compare`` on each pair, as a forked child sends the results back."""
    return [_portable(compare(docs[a], docs[b], cfg)) for a, b in pairs]


def _portable(r: PairResult | None) -> tuple[int, int, dict[str, Any]] | None:
    """A result as a forked child sends it back: the two docs by id (the parent holds them)."""
    if r is None:
        return None
    return r.source.id, r.copy.id, {f.name: getattr(r, f.name) for f in fields(r) if f.name not in ("source", "copy")}


def _restored(r: tuple[int, int, dict[str, Any]], docs: dict[int, Doc]) -> PairResult:
    source, copy, rest = r
    return PairResult(source=docs[source], copy=docs[copy], **rest)


def _admissible(d: Doc, other: tuple[str, datetime | None], cfg: DetectSettings) -> bool:
    """May ``d`` and an article with this (title, published) be a pair at all? A title repeating
    itself is never syndication, nor are articles further apart than the time window."""
    other_title, when = other
    if other_title == title_of(d.outlet, d.url):
        return False
    return not (d.published and when and abs(when - d.published) > timedelta(days=cfg.window_days))


def _doc_keys(d: Doc, cfg: DetectSettings) -> tuple[list[int], np.ndarray]:
    """(owner per unit, band keys per unit) of one article, as detection indexes it."""
    units = d.units(cfg.min_unit_words)
    return [d.id] * len(units), band_keys(signatures(units, cfg), cfg)


class Republished:
    """Is (a, b) a republication (a the source, b the copy) as one run over every article would
    verify it? Chain pruning asks this of pairs found in earlier batches (or not yet found, when
    an article is detected before its source): answered from this batch's results, the stored
    syndications, or by comparing the two articles as detection would."""

    def __init__(self, conn: Connection, cfg: DetectSettings, docs: dict[int, Doc], results: list[PairResult]) -> None:
        self.conn, self.cfg, self.docs = conn, cfg, docs
        self.known: dict[tuple[int, int], bool] = {}
        for r in results:
            self.known[(r.source.id, r.copy.id)] = r.relation == "republication"
            self.known[(r.copy.id, r.source.id)] = False
        self._keys: dict[int, set[int]] = {}

    def __call__(self, a: int, b: int) -> bool:
        if (a, b) not in self.known:
            row = self.conn.execute(
                select(syndications.c.relation).where((syndications.c.source_id == a) & (syndications.c.copy_id == b))
            ).first()
            self.known[(a, b)] = row.relation == "republication" if row is not None else self._verify(a, b)
        return self.known[(a, b)]

    def keys(self, d: Doc) -> set[int]:
        if d.id not in self._keys:
            self._keys[d.id] = set(_doc_keys(d, self.cfg)[1].reshape(-1).tolist())
        return self._keys[d.id]

    def _verify(self, a: int, b: int) -> bool:
        self.docs.update(load_docs(self.conn, [i for i in (a, b) if i not in self.docs], self.cfg))
        if a not in self.docs or b not in self.docs:
            return False
        da, db_ = self.docs[a], self.docs[b]
        if max(len(da.tokens.words), len(db_.tokens.words)) > self.cfg.max_article_words:
            return False  # never compared (detect.max_article_words)
        if not _admissible(da, (title_of(db_.outlet, db_.url), db_.published), self.cfg) or not self.keys(da) & self.keys(db_):
            return False
        r = compare(da, db_, self.cfg)
        ok = r is not None and r.relation == "republication" and r.source.id == a
        self.known[(b, a)] = r is not None and r.relation == "republication" and r.source.id == b
        return ok


def _in_index(conn: Connection, ds: Sequence[Doc], cfg: DetectSettings) -> dict[int, set[int]]:
    """Each doc's admissible candidates among the indexed articles, earlier and later alike."""
    owners: list[int] = []
    key_rows = []
    for d in ds:
        own, keys = _doc_keys(d, cfg)
        owners += own
        key_rows.append(keys)
    hits = lsh_index.colliding(conn, owners, np.concatenate(key_rows) if key_rows else np.zeros((0, cfg.bands), np.int64))
    meta = lsh_index.article_meta(conn, {a for s in hits.values() for a in s})
    return {d.id: {y for y in hits.get(d.id, ()) if y in meta and _admissible(d, meta[y], cfg)} for d in ds}


def _complete_groups(conn: Connection, results: list[PairResult], batch: set[int], docs: dict[int, Doc],
                     cfg: DetectSettings, lost_source: set[int]) -> tuple[list[PairResult], set[int]]:
    """Chain pruning weighs every source of a copy together. A copy detected in this batch has all
    of its sources in ``results``; a copy detected earlier that gains a source now (its source
    was detected after it), or lost one (``lost_source``: a re-judged source), gets its other
    sources back by comparing it again with its candidates in the index. Returns the results so
    completed and those earlier copies."""
    earlier = sorted({r.copy.id for r in results if r.relation == "republication" and r.copy.id not in batch}
                     | (lost_source - batch))
    if not earlier:
        return results, set()
    have = {frozenset((r.source.id, r.copy.id)) for r in results}
    docs.update(load_docs(conn, [c for c in earlier if c not in docs], cfg))
    earlier = [c for c in earlier if c in docs]
    hits = _in_index(conn, [docs[c] for c in earlier], cfg)
    todo = sorted((y, c) for c in earlier for y in hits[c] if frozenset((y, c)) not in have)
    docs.update(load_docs(conn, sorted({y for y, _ in todo} - set(docs)), cfg))
    extra = []
    for y, c in todo:
        if y not in docs or max(len(docs[y].tokens.words), len(docs[c].tokens.words)) > cfg.max_article_words:
            continue  # never compared (detect.max_article_words)
        r = compare(docs[y], docs[c], cfg)
        if r is not None and r.relation == "republication" and r.copy.id == c:
            extra.append(r)
    return results + extra, set(earlier)


def _rejudged(conn: Connection, batch: list[int], docs: dict[int, Doc], counts: dict[tuple[str, int], int],
              cfg: DetectSettings) -> tuple[set[int], set[int]]:
    """Earlier articles whose paragraphs this batch's arrival judges otherwise (``judgement``):
    their stored pairs go, and they are detected again with the batch. Returns them, and the
    copies that lost a source with those pairs (their sources are weighed again)."""
    held = [a for a in judgement.changed_holders(conn, batch, counts, cfg) if a not in docs]
    docs.update(load_docs(conn, held, cfg))
    again = {a for a in held if a in docs and judgement.changed(docs[a])}
    if not again:
        return set(), set()
    lost: set[int] = set()
    for part in store.chunks(sorted(again)):
        lost.update(c for (c,) in conn.execute(select(syndications.c.copy_id).where(syndications.c.source_id.in_(part))))
        conn.execute(delete(syndications).where(syndications.c.source_id.in_(part) | syndications.c.copy_id.in_(part)))
    return again, lost - again


def _reject_oversized(conn: Connection, docs: dict[int, Doc], cfg: DetectSettings, run_id: int | None) -> None:
    """Articles longer than ``detect.max_article_words`` leave the batch as detect rejects naming
    the bound: aligning one against its candidates could take minutes and gigabytes, and a batch
    that fails for it would fail again on every run."""
    over = sorted(aid for aid, d in docs.items() if len(d.tokens.words) > cfg.max_article_words)
    store.add_rejects(conn, run_id, "detect", [
        (docs[aid].url, f"article has {len(docs[aid].tokens.words)} words, over detect.max_article_words="
                        f"{cfg.max_article_words}: not compared (raise the bound to detect it)", docs[aid].body[:500])
        for aid in over])
    for aid in over:
        del docs[aid]


def result_rows(r: PairResult) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One verified pair as its `syndications` values (without ids, run or time) and its passages."""
    rows = passage_rows(r)
    copied = sum(p["copy_end"] - p["copy_start"] for p in rows if p["kind"] == "copied")
    src_copied = sum(p["source_end"] - p["source_start"] for p in rows if p["kind"] == "copied")
    values = dict(
        source_id=r.source.id,
        copy_id=r.copy.id,
        relation=r.relation,
        direction=r.direction,
        direction_evidence=r.direction_evidence,
        confidence=r.confidence,
        attributed=r.attributed,
        attribution_evidence=r.attribution_evidence,
        wire_source=r.wire_source,
        copied_chars=copied,
        copied_fraction=round(copied / max(1, len(r.copy.body)), 4),
        source_coverage=round(src_copied / max(1, len(r.source.body)), 4),
        added_chars=sum(p["copy_end"] - p["copy_start"] for p in rows if p["kind"] == "added"),
        removed_chars=sum(p["source_end"] - p["source_start"] for p in rows if p["kind"] == "removed"),
        headline_changed=r.headline_changed,
        algo_version=ALGO_VERSION,
    )
    return values, rows


def write_rows(
    conn: Connection, results: list[tuple[dict[str, Any], list[dict[str, Any]]]], run_id: int | None, params: dict[str, Any]
) -> int:
    """Store syndications with their passages; a pair found again replaces its earlier row.
    In bulk: one DELETE of the pairs found again, one INSERT of the pairs (executemany), their ids
    read back by pair (unique), one INSERT of all passages."""
    stamp = store.now()
    pairs = [(values["source_id"], values["copy_id"]) for values, _ in results]
    if len(set(pairs)) < len(pairs):  # a pair twice in one call: the later replaces the earlier, as row by row
        return _write_rows_one_by_one(conn, results, run_id, params, stamp)
    for part in store.chunks(pairs):
        conn.execute(delete(syndications).where(tuple_(syndications.c.source_id, syndications.c.copy_id).in_(list(part))))
    if not results:
        return 0
    conn.execute(insert(syndications), [{**values, "run_id": run_id, "params": params, "detected_at": stamp} for values, _ in results])
    ids: dict[tuple[int, int], int] = {}
    for part in store.chunks(pairs):
        q = select(syndications.c.source_id, syndications.c.copy_id, syndications.c.syndication_id).where(
            tuple_(syndications.c.source_id, syndications.c.copy_id).in_(list(part)))
        ids.update({(a, b): sid for a, b, sid in conn.execute(q)})
    written = [ids[pair] for pair in pairs]
    passage_rows = [{**p, "syndication_id": sid} for sid, (_, rows) in zip(written, results, strict=True) for p in rows]
    if passage_rows:
        conn.execute(insert(passages), passage_rows)
    outlet_groups.mark(conn, written)  # within one publisher group? (outlets.yaml groups:)
    return len(results)


def _write_rows_one_by_one(
    conn: Connection, results: list[tuple[dict[str, Any], list[dict[str, Any]]]], run_id: int | None,
    params: dict[str, Any], stamp: Any,
) -> int:
    written = []
    for values, rows in results:
        conn.execute(
            delete(syndications).where(
                (syndications.c.source_id == values["source_id"]) & (syndications.c.copy_id == values["copy_id"])
            )
        )
        sid = conn.execute(
            insert(syndications).values(**values, run_id=run_id, params=params, detected_at=stamp)
        ).inserted_primary_key[0]  # type: ignore[index]
        conn.execute(insert(passages), [{**p, "syndication_id": sid} for p in rows])
        written.append(sid)
    outlet_groups.mark(conn, written)  # within one publisher group? (outlets.yaml groups:)
    return len(results)


def write_results(conn: Connection, results: list[PairResult], run_id: int | None, params: dict[str, Any]) -> int:
    return write_rows(conn, [result_rows(r) for r in results], run_id, params)


def claim_batch(conn: Connection, size: int) -> list[int]:
    """The next ``size`` undetected articles in detection order, locked for this transaction.
    Callers hold ``db.write_transaction(engine, "detect")``, so concurrent runs take batches in
    turn and every batch sees the index as left by the one before (as in a single run);
    ``FOR UPDATE SKIP LOCKED`` on PostgreSQL also keeps rows another writer holds out of the batch."""
    q = (
        select(articles.c.article_id)
        .where(articles.c.detected_at.is_(None))
        .order_by(articles.c.published.is_(None), articles.c.published, articles.c.article_id)
        .limit(size)
    )
    if conn.dialect.name == "postgresql":
        q = q.with_for_update(skip_locked=True, of=articles)
    return [r[0] for r in conn.execute(q)]


def detect(engine: Engine, cfg: DetectSettings, *, batch_size: int | None = None, progress: Progress | None = None) -> DetectStats:
    """Process every article not yet detected, a batch at a time: each batch is claimed under a
    lock, processed and committed in one transaction, so an interrupted run loses only the batch
    in flight (rolled back) and the next run resumes after the last committed batch."""
    size = batch_size or cfg.batch_size
    stats = DetectStats()
    params = {**cfg.model_dump(), "batch_size": size}
    with db.write_transaction(engine, "detect") as conn:  # two first runs at once record the parameters once
        lsh_index.check_params(conn, cfg)  # keys made with other LSH parameters would never match
        stats.run_id = store.start_run(conn, "detect", params, ALGO_VERSION)
        total = store.count_rows(conn, articles, articles.c.detected_at.is_(None))
    try:
        while True:
            with db.write_transaction(engine, "detect") as conn:
                batch = claim_batch(conn, size)
                if not batch:
                    break
                _detect_batch(conn, batch, cfg, stats, params, progress, total)
                store.mark_detected(conn, batch)
                stats.articles += len(batch)
                store.heartbeat(conn, stats.run_id, stats.as_dict())
            if progress:
                progress("detect", min(stats.articles, total), max(total, stats.articles))
        if stats.articles and cfg.index_recent_rows:
            with db.write_transaction(engine, "detect") as conn:
                stats.index_compacted = lsh_index.compact(conn, cfg.index_recent_rows)
    except BaseException:
        with contextlib.suppress(Exception), engine.begin() as conn:
            store.finish_run(conn, stats.run_id, stats.as_dict(), status="failed")
        raise
    with engine.begin() as conn:
        store.finish_run(conn, stats.run_id, stats.as_dict())
    return stats


def _detect_batch(
    conn: Connection, batch: list[int], cfg: DetectSettings, stats: DetectStats, params: dict[str, Any],
    progress: Progress | None, total: int,
) -> None:
    docs, counts = docs_and_counts(conn, batch, cfg)
    _reject_oversized(conn, docs, cfg, stats.run_id)
    _record_boilerplate(conn, docs)
    again, lost_source = _rejudged(conn, batch, docs, counts, cfg)
    stats.rejudged += len(again)
    found, n_units, add_to_index = _index(conn, [docs[i] for i in batch if i in docs], cfg)
    pending: Callable[[], int] | None = add_to_index
    if again:  # the re-judged articles' lookup sees the batch's own rows
        add_to_index()
        pending = None
        found.update(_in_index(conn, [docs[i] for i in sorted(again)], cfg))
    stats.units += n_units
    others = sorted({o for s in found.values() for o in s} - set(docs))
    docs.update(load_docs(conn, others, cfg))
    too_long = {aid for aid, d in docs.items() if len(d.tokens.words) > cfg.max_article_words}  # indexed before the bound
    found = {a: {o for o in s if o not in too_long} for a, s in found.items() if a not in too_long}
    pairs = sorted({(min(a, o), max(a, o)) for a, s in found.items() for o in s})
    stats.candidates += len(pairs)

    def report(i: int) -> None:
        if progress:
            progress("align", stats.articles + len(batch) * i // max(1, len(pairs)), total)

    results = _compare_pairs(docs, pairs, cfg, pending, report)
    template = {(r.source.id, r.copy.id) for r in template_pairs(results, found, docs, cfg.min_copied_words)}
    results = [r for r in results if (r.source.id, r.copy.id) not in template]
    # chain pruning over each copy's every source, whichever batch found them: the result of one run
    results, regrouped = _complete_groups(conn, results, set(batch) | again, docs, cfg, lost_source)
    results = nearest_sources(results, cfg, republished=Republished(conn, cfg, docs, results))
    for c in sorted(regrouped):  # an earlier copy's source it no longer needs goes
        keep = [r.source.id for r in results if r.copy.id == c]
        conn.execute(delete(syndications).where(
            (syndications.c.copy_id == c) & (syndications.c.relation == "republication") & syndications.c.source_id.not_in(keep)))
    stats.syndications += write_results(conn, results, stats.run_id, params)
    judgement.record(conn, [docs[i] for i in [*batch, *sorted(again)] if i in docs])
