"""Poison pills: records over the bounds on size (a JSONL line, a 'text' field, an article body),
parse work (a tag with thousands of attributes) and alignment work (an enormous body at detect)
are rejects naming the bound, and the records around them are stored and detected; extraction
workers die with a killed `synd ingest`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

from sqlalchemy import func, select

from pipeline import jobs
from pipeline.sources.jsonl import read_jsonl
from pipeline.warehouse.schema import articles, rejects, syndications
from tests.reliability.figures import record_figures
from tests.reliability.helpers import PARA, SYND, body_text, env, page, scale


def _jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_a_line_over_the_bound_is_skipped_unread_and_the_next_lines_read(tmp_path: Path) -> None:
    src = tmp_path / "big.jsonl"
    good = json.dumps({"url": "https://a.example/1", "text": "ok"}) + "\n"
    with src.open("w") as fh:
        fh.write(good)
        fh.write('{"url": "https://a.example/huge", "text": "' + "x" * scale(300_000, 5_000_000) + '"}\n')
        fh.write(good.replace("/1", "/2"))
    recs = list(read_jsonl(src, max_line_bytes=100_000))
    assert [r.url for r in recs] == ["https://a.example/1", None, "https://a.example/2"]
    assert recs[1].error and "100000" in recs[1].error and "line bound" in recs[1].error


def test_oversized_and_crowded_records_are_rejects_naming_the_bound(sqlite_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    s = settings_for(sqlite_url, normalise={"max_text_chars": 50_000, "max_tag_attributes": 500})
    crowded = page("Crowded", extra_head="").replace("<article>", "<article " + " ".join(
        f'data-a{i}="{i}"' for i in range(scale(5_000, 50_000))) + ">")
    rows: list[dict[str, object]] = [
        {"url": "https://a.example/long-text", "outlet": "a.example", "text": ("word " * 12_000)},
        {"url": "https://a.example/long-page", "outlet": "a.example", "html": page("Long", n=1).replace(
            "</article>", "<p>" + PARA * 400 + "</p></article>")},
        {"url": "https://a.example/crowded", "outlet": "a.example", "html": crowded},
        {"url": "https://a.example/fine", "outlet": "a.example", "text": body_text("Fine")},
    ]
    t0 = time.monotonic()
    stats = jobs.ingest(s, [_jsonl(tmp_path / "pills.jsonl", rows)])
    assert time.monotonic() - t0 < 60, "a crowded tag was parsed after all"
    assert (stats.new, stats.rejected) == (1, 3)
    with jobs.warehouse(s).connect() as conn:
        reasons = dict(conn.execute(select(rejects.c.record, rejects.c.reason)).tuples().all())
    assert all("normalise.max_" in r for r in reasons.values()), reasons
    assert sum("max_tag_attributes" in r for r in reasons.values()) == 1
    assert sum("max_text_chars" in r for r in reasons.values()) == 2
    record_figures("poison_pills_ingest", poison_pills_survived=3)


def test_an_article_over_the_alignment_bound_is_a_detect_reject_and_its_batch_is_detected(
        sqlite_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    s = settings_for(sqlite_url, detect={"max_article_words": 3_000})
    story = body_text("Harbour")
    huge = " ".join(f"Harbour paragraph {i}. {PARA * 2}" for i in range(60))  # one paragraph, ~4,000 words
    rows: list[dict[str, object]] = [
        {"url": "https://src.example/a", "outlet": "src.example", "published": "2026-03-01T08:00:00Z", "text": story},
        {"url": "https://big.example/a", "outlet": "big.example", "published": "2026-03-01T09:00:00Z", "text": huge},
        {"url": "https://cpy.example/a", "outlet": "cpy.example", "published": "2026-03-01T10:00:00Z", "text": story},
    ]
    jobs.ingest(s, [_jsonl(tmp_path / "a.jsonl", rows)])
    jobs.detect(s)
    with jobs.warehouse(s).connect() as conn:
        pairs = conn.execute(select(func.count()).select_from(syndications)).scalar_one()
        undetected = conn.execute(select(func.count()).select_from(articles).where(articles.c.detected_at.is_(None))).scalar_one()
        (reason,) = conn.execute(select(rejects.c.reason).where(rejects.c.stage == "detect")).scalars()
    assert pairs == 1 and undetected == 0
    assert "detect.max_article_words=3000" in reason
    record_figures("poison_pills_detect", poison_pills_survived=1)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def test_extraction_workers_die_with_a_killed_ingest(tmp_path: Path) -> None:
    # pages whose parse takes a worker minutes (the attribute bound lifted): killed mid-parse
    crowded = page("Crowded").replace("<article>", "<article " + " ".join(f'data-a{i}="{i}"' for i in range(80_000)) + ">")
    src = _jsonl(tmp_path / "slow.jsonl", [{"url": f"https://a.example/{i}", "outlet": "a.example", "html": crowded}
                                           for i in range(4)])
    proc = subprocess.Popen([SYND, "ingest", str(src), "--warehouse", f"sqlite:///{tmp_path / 'w.db'}"],
                            env=env(SYND__INGEST__WORKERS="2", SYND__RAW_STORE__PATH=str(tmp_path / "raw"),
                                    SYND__NORMALISE__MAX_TAG_ATTRIBUTES="1000000"),
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.1)
    assert len(workers) >= 2, "the ingest never started its workers"
    time.sleep(3)  # the workers are parsing now
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    left = [w for w in workers if _alive(w)]
    for w in left:  # ours: do not leave them running if the test fails
        os.kill(w, signal.SIGKILL)
    assert not left, f"{len(left)} extraction workers outlived their killed parent"


def _slow_page(title: str) -> str:
    """A page under every size bound (10 MB, tags with 1,990 attributes each, under
    normalise.max_tag_attributes=2000) whose extraction takes over 4 s of CPU: 300 such tags."""
    tag = "<span " + " ".join(f'data-a{i}="{i}"' for i in range(1_990)) + ">x</span>"
    return page(title).replace("</article>", tag * 300 + "</article>")


def test_a_record_over_the_parse_deadline_is_a_reject_and_the_batch_lands(tmp_path: Path) -> None:
    slow, fine = scale(1, 4), scale(4, 40)
    rows: list[dict[str, object]] = []
    for i in range(fine):
        rows.append({"url": f"https://a.example/fine-{i}", "outlet": "a.example", "text": body_text(f"Fine {i}")})
        if i % (fine // slow) == fine // slow // 2:
            rows.append({"url": f"https://a.example/slow-{i}", "outlet": "a.example", "html": _slow_page(f"Slow {i}")})
    src = _jsonl(tmp_path / "slow.jsonl", rows)
    db_url = f"sqlite:///{tmp_path / 'w.db'}"
    t0 = time.monotonic()
    proc = subprocess.run([SYND, "ingest", str(src), "--warehouse", db_url], capture_output=True, text=True, timeout=600,
                          env=env(SYND__INGEST__WORKERS="2", SYND__NORMALISE__MAX_PARSE_SECONDS="1",
                                  SYND__RAW_STORE__PATH=str(tmp_path / "raw")), cwd=tmp_path)
    took = time.monotonic() - t0
    assert proc.returncode == 2, proc.stderr  # 'some records rejected'
    from pipeline.warehouse import db

    with db.connect(db_url).connect() as conn:
        stored = set(conn.execute(select(articles.c.url)).scalars())
        reasons = dict(conn.execute(select(rejects.c.record, rejects.c.reason)).tuples().all())
    assert stored == {f"https://a.example/fine-{i}" for i in range(fine)}
    assert len(reasons) == slow, reasons
    assert all(r == "parse used over 1 s of CPU time (normalise.max_parse_seconds): raise it or drop the record"
               for r in reasons.values()), reasons
    assert took < 30 + 10 * slow, f"ingest waited for the slow parses ({took:.0f} s)"
    record_figures("slow_parse_deadline", slow_parse_records_rejected_by_deadline=slow,
                   slow_parse_rest_of_batch_landed=len(stored), slow_parse_rest_of_batch_records=fine)
