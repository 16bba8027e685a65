"""The same articles give the same syndication pairs whatever `detect.batch_size` and whatever
order they arrive in (chain pruning included): the result of one run. A generated corpus (half
of its articles copy an earlier one, copies of copies make chains) is detected at batch sizes
hypothesis draws, and in two arrivals (a random part ingested and detected first, sources often
arriving after their copies), and compared with one run over everything."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from pipeline import jobs
from pipeline.bench.corpus import Generator
from pipeline.config import Settings, load_settings
from pipeline.detect.detector import detect
from pipeline.warehouse import db
from tests.reliability.figures import record_figures
from tests.reliability.helpers import FUZZ, scale

N = scale(60, 240)
PAIRS = text("SELECT s.url, c.url, y.relation, y.direction, y.copied_chars FROM syndications y "
             "JOIN articles s ON s.article_id = y.source_id JOIN articles c ON c.article_id = y.copy_id")


def _settings(url: str, raw: Path) -> Settings:
    return load_settings(None, overrides={"warehouse": {"url": url}, "raw_store": {"kind": "local", "path": str(raw)}}, environ={})


def _pairs(url: str) -> set[tuple[object, ...]]:
    with db.engine_for(url).connect() as conn:
        return {tuple(r) for r in conn.execute(PAIRS)}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, set[tuple[object, ...]]]:
    """The generated corpus as JSONL, a warehouse with it ingested (nothing detected), and the
    pairs of one run with every article in one batch."""
    work = tmp_path_factory.mktemp("batching")
    src = work / "corpus.jsonl"
    gen = Generator(seed=11, outlets=6, copy_share=0.5)
    src.write_text("".join(json.dumps(a.record(with_html=False)) + "\n" for a in gen.articles(N, minutes_apart=30)))
    base = work / "ingested.db"
    jobs.ingest(_settings(f"sqlite:///{base}", work / "raw"), [src])
    db.dispose_all()  # the last connection closed checkpoints the WAL: the file alone holds everything
    one = work / "one-run.db"
    shutil.copy(base, one)
    detect(db.connect(f"sqlite:///{one}"), _settings(f"sqlite:///{one}", work / "raw").detect, batch_size=10 * N)
    want = _pairs(f"sqlite:///{one}")
    assert len(want) >= N // 4, "the corpus has pairs to prune"
    return src, base, want


@given(size=st.integers(min_value=1, max_value=N // 2))
@settings(FUZZ, max_examples=scale(3, 25))
def test_any_batch_size_gives_the_pairs_of_one_run(corpus, tmp_path_factory, size: int) -> None:  # type: ignore[no-untyped-def]
    _, base, want = corpus
    work = tmp_path_factory.mktemp("size")
    path = work / "w.db"
    shutil.copy(base, path)
    url = f"sqlite:///{path}"
    detect(db.connect(url), _settings(url, work / "raw").detect, batch_size=size)
    got = _pairs(url)
    db.dispose_all()
    differing = len(got ^ want)
    record_figures("batch_sizes", batch_sizes_tried=1, batch_sizes_differing_pairs=differing)
    assert differing == 0, f"batch size {size}: {len(got - want)} extra, {len(want - got)} missing pairs"


@pytest.mark.parametrize("seed", range(scale(1, 4)))
def test_arrival_order_gives_the_pairs_of_one_run(corpus, tmp_path: Path, seed: int) -> None:  # type: ignore[no-untyped-def]
    src, _, want = corpus
    lines = src.read_text().splitlines(keepends=True)
    rng = random.Random(seed)
    first = sorted(rng.sample(range(len(lines)), len(lines) // 2))
    parts = [tmp_path / "first.jsonl", tmp_path / "rest.jsonl"]
    parts[0].write_text("".join(lines[i] for i in first))
    parts[1].write_text("".join(line for i, line in enumerate(lines) if i not in set(first)))
    url = f"sqlite:///{tmp_path / 'w.db'}"
    s = _settings(url, tmp_path / "raw")
    for part in parts:  # a detect between the arrivals: later sources meet copies already detected
        jobs.ingest(s, [part])
        detect(db.connect(url), s.detect, batch_size=rng.randint(1, 20))
    got = _pairs(url)
    db.dispose_all()
    record_figures("arrival_order", arrival_orders_tried=1, arrival_order_differing_pairs=len(got ^ want))
    assert got == want, f"{len(got - want)} extra, {len(want - got)} missing pairs"
