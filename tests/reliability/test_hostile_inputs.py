"""Hostile files through every ingest path (JSONL, loose HTML, WARC, through the real `synd`
executable where exit codes matter): every record is stored or rejected with a reason naming it,
and valid records next to bad ones are never lost."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
from pathlib import Path

from sqlalchemy import select
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline import jobs
from pipeline.warehouse.export import export
from pipeline.warehouse.schema import articles, rejects, runs
from tests.reliability.figures import record_figures
from tests.reliability.helpers import HOSTILE, SYND, body_text, env, page


def _urls(engine) -> set[str]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return {r[0] for r in conn.execute(select(articles.c.url))}


def _rejects(engine, run_id: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return {r.record: r.reason for r in conn.execute(select(rejects).where(rejects.c.run_id == run_id))}


def _accounted(stats: jobs.IngestStats) -> None:
    assert stats.seen == stats.new + stats.updated + stats.unchanged + stats.rejected


def test_broken_jsonl_every_line_stored_or_rejected_with_reason(warehouse_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "broken.jsonl"
    data = (HOSTILE / "broken.jsonl").read_bytes()
    # huge fields are generated here, not committed: a 1 MB title and a 1 MB body are still an article
    huge = {"url": "https://hostile.example/jsonl/huge-fields", "title": "T" * 1_000_000,
            "text": body_text("huge") + "\n\n" + ("word " * 200_000), "expect": "ok"}
    src.write_bytes(data + json.dumps(huge).encode() + b"\n")
    settings = settings_for(warehouse_url, ingest={"batch_size": 7})  # bad records spread over batches
    stats = jobs.ingest(settings, [src])
    engine = jobs.warehouse(settings)
    _accounted(stats)

    lines = src.read_bytes().split(b"\n")
    expect_ok, expect_reject = set(), set()
    for n, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except ValueError:
            expect_reject.add(n)
            continue
        if isinstance(obj, dict) and obj.get("expect") == "ok":
            expect_ok.add(obj["url"])
        else:
            expect_reject.add(n)
    stored, rejected = _urls(engine), _rejects(engine, stats.run_id or 0)
    assert expect_ok <= stored, f"valid records lost: {expect_ok - stored}"
    assert {f"{src}:{n}" for n in expect_reject} == set(rejected), "each bad line is one reject naming file:line"
    assert stats.rejected == len(expect_reject)
    assert all(reason.strip() for reason in rejected.values())
    assert "not valid JSON" in rejected[f"{src}:2"]
    reasons = " | ".join(rejected.values())
    for words in ("missing 'url'", "neither 'html' nor 'text'", "must be a string", "incomplete date", "out of range",
                  "no article text", "over 2048", "outlet name"):
        assert words in reasons, words
    with engine.connect() as conn:
        title = conn.execute(select(articles.c.title).where(articles.c.url.like("%nul-and-surrogate"))).scalar_one()
        assert "\x00" not in title and "title" in title
        assert conn.execute(select(runs.c.status).where(runs.c.run_id == stats.run_id)).scalar_one() == "ok"
    record_figures("broken_jsonl", records_fuzzed=stats.seen, lost=len(expect_ok - stored))

    again = jobs.ingest(settings, [src])  # idempotent: nothing new, the same rejects again
    assert (again.new, again.updated, again.rejected) == (0, 0, stats.rejected)


def test_odd_dates_parsed_exactly_or_rejected(sqlite_url: str, settings_for) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(sqlite_url)
    stats = jobs.ingest(settings, [HOSTILE / "dates.jsonl"])
    engine = jobs.warehouse(settings)
    _accounted(stats)
    want = {json.loads(line)["url"]: json.loads(line)["expect_published"]
            for line in (HOSTILE / "dates.jsonl").read_text().splitlines()}
    with engine.connect() as conn:
        got = {r.url: r.published for r in conn.execute(select(articles.c.url, articles.c.published))}
    bad = _rejects(engine, stats.run_id or 0)
    for url, expected in want.items():
        if expected == "reject":
            assert url not in got, f"{url}: guessed a date instead of rejecting"
        elif expected == "none":
            assert url in got and got[url] is None
        else:
            assert url in got, f"{url} rejected: {bad}"
            assert got[url].replace(tzinfo=None).isoformat() == expected[:19], url  # stored as UTC
    assert stats.rejected == sum(v == "reject" for v in want.values())
    assert any("ambiguous" in r for r in bad.values()) and any("unknown time zone" in r for r in bad.values())


def _html_dir(tmp_path: Path) -> Path:
    d = tmp_path / "pages"
    d.mkdir()
    for f in HOSTILE.glob("*.html"):
        (d / f.name).write_bytes(f.read_bytes())
    # deeply nested, generated here (100k open divs), and a page that is NUL-riddled binary with an .html name
    (d / "nested.html").write_text("<html><body>" + "<div>" * 100_000 + "<p>deep</p>" + "</div>" * 100_000 + "</body></html>")
    (d / "binary.html").write_bytes(b"\x00\x01\x02PK\x03\x04" + bytes(range(256)) * 200)
    (d / "empty.html").write_bytes(b"")
    (d / "latin1.htm").write_bytes(page("Caf\xe9 society page").replace("<head>", "<head><link rel='canonical' href='https://hostile.example/html/latin1'>").encode("latin-1"))
    return d


def test_hostile_html_files(sqlite_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = _html_dir(tmp_path)
    settings = settings_for(sqlite_url, ingest={"batch_size": 3})
    stats = jobs.ingest(settings, [d])
    engine = jobs.warehouse(settings)
    _accounted(stats)
    stored = _urls(engine)
    assert {"https://hostile.example/html/valid", "https://hostile.example/html/latin1"} <= stored
    bad = _rejects(engine, stats.run_id or 0)
    assert {Path(k).name for k in bad} >= {"zero_paragraphs.html", "binary.html", "not_html.html", "empty.html", "nested.html"}
    assert stats.seen == len(list(d.iterdir()))
    record_figures("hostile_html", records_fuzzed=stats.seen)


def test_fifty_megabyte_page_rejected_without_losing_its_batch(sqlite_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = tmp_path / "big"
    d.mkdir()
    chunk = "<p>" + "filler text " * 80 + "</p>\n"
    with (d / "a_huge.html").open("w") as fh:
        fh.write("<html><body>")
        for _ in range(50_000_000 // len(chunk) + 1):
            fh.write(chunk)
        fh.write("</body></html>")
    (d / "b_ok.html").write_text(page("Next to a huge page", extra_head="<link rel='canonical' href='https://hostile.example/big/ok'>"))
    settings = settings_for(sqlite_url)
    stats = jobs.ingest(settings, [d])
    engine = jobs.warehouse(settings)
    assert (stats.new, stats.rejected) == (1, 1)
    assert "https://hostile.example/big/ok" in _urls(engine)
    assert "max_html_bytes" in next(iter(_rejects(engine, stats.run_id or 0).values()))
    assert not any((tmp_path / "raw").rglob("*.body")) or all(
        p.stat().st_size < 1_000_000 for p in (tmp_path / "raw").rglob("*.body")
    ), "an over-size page is not copied into the raw store"


def _warc(path: Path, pages: list[tuple[str, bytes]], *, gz: bool = True) -> list[int]:
    """Write response records; return the byte offset where each record starts."""
    offsets = []
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for url, body in pages:
            offsets.append(fh.tell())
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
        offsets.append(fh.tell())
    return offsets


def test_broken_warc_records(sqlite_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pages = [(f"https://hostile.example/warc/{i}", page(f"WARC page {i}").encode()) for i in range(6)]
    pages[2] = ("https://hostile.example/warc/empty", b"")
    pages[3] = ("https://hostile.example/warc/binary", b"\x00\x00\xff" * 500)
    good = tmp_path / "good.warc.gz"
    offsets = _warc(good, pages)
    data = good.read_bytes()
    # a truncated gzip member: the file ends half-way through record 4
    cut = tmp_path / "truncated.warc.gz"
    cut.write_bytes(data[: (offsets[4] + offsets[5]) // 2])
    # garbage between records, and a plain file that is not a WARC at all
    garbage = tmp_path / "garbage.warc.gz"
    garbage.write_bytes(data[: offsets[2]] + b"\x1f\x8b\x08\x00garbage-not-a-member" + data[offsets[2]:])
    notwarc = tmp_path / "not.warc"
    notwarc.write_bytes(b"HTTP/1.1 200 OK\r\n\r\n<html>nope</html>")
    plain = tmp_path / "plain.warc"
    _warc(plain, pages[:2], gz=False)
    broken_header = tmp_path / "badheader.warc"
    broken_header.write_bytes(plain.read_bytes().replace(b"Content-Length: ", b"Content-Length: 99999999", 1))
    gzjsonl = tmp_path / "cut.jsonl.gz"
    gzjsonl.write_bytes(gzip.compress(b"".join(
        json.dumps({"url": f"https://hostile.example/gz/{i}", "text": body_text(f"gz{i}")}).encode() + b"\n" for i in range(20)
    ))[:-40])

    settings = settings_for(sqlite_url, ingest={"batch_size": 4})
    files = [good, cut, garbage, notwarc, plain, broken_header, gzjsonl]
    stats = jobs.ingest(settings, files)
    engine = jobs.warehouse(settings)
    _accounted(stats)
    stored = _urls(engine)
    assert {u for u, _ in pages if u[-1].isdigit()} <= stored, "every readable page of the good WARC is stored"
    bad = _rejects(engine, stats.run_id or 0)
    assert any(k.startswith(f"{good}@") for k in bad), "empty/binary records are rejected by offset"
    for f in (cut, notwarc, broken_header, gzjsonl):
        assert any(k.startswith(str(f)) for k in bad), f"{f.name} has a reject naming it"
    assert any(u.startswith("https://hostile.example/gz/") for u in stored), "records before a gzip cut are kept"
    record_figures("broken_warc", records_fuzzed=stats.seen, faults_injected=len(files) - 1)


def test_synd_ingest_exit_codes(tmp_path: Path, settings_for) -> None:  # type: ignore[no-untyped-def]
    db = f"sqlite:///{tmp_path / 'w.db'}"
    ok = tmp_path / "ok.jsonl"
    ok.write_text(json.dumps({"url": "https://hostile.example/cli/ok", "text": body_text("cli")}) + "\n")
    run = subprocess.run([SYND, "ingest", str(ok), "--warehouse", db], env=env(), cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr

    run = subprocess.run([SYND, "ingest", str(HOSTILE / "broken.jsonl"), "--warehouse", db], env=env(), cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, run.stderr
    n = sum(1 for line in (HOSTILE / "broken.jsonl").read_bytes().split(b"\n") if line.strip() and b'"expect": "ok"' not in line)
    assert f"{n} record(s) rejected" in run.stderr and "synd export rejects" in run.stderr

    exported = tmp_path / "rejects.csv"  # where the message sends the user (the export CLI is tested elsewhere)
    assert export(jobs.warehouse(settings_for(db)), "rejects", "csv", exported) == n

    # fatal: the warehouse cannot be opened at all -> 3, with the cause
    run = subprocess.run([SYND, "ingest", str(ok), "--warehouse", "postgresql+psycopg2://postgres@127.0.0.1:9/unreachable"],
                         env=env(), cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 3, (run.returncode, run.stderr)
    assert "ingest failed" in run.stderr
    bad_cfg = tmp_path / "bad.yaml"
    bad_cfg.write_text("ingest: {batch_size: 0}\n")
    run = subprocess.run([SYND, "ingest", str(ok), "--config", str(bad_cfg), "--warehouse", db], env=env(), cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 3 and "batch_size" in run.stderr


def test_batch_size_does_not_change_what_is_stored(tmp_path: Path, settings_for) -> None:  # type: ignore[no-untyped-def]
    seen = set()
    for size in (1, 5, 1000):
        settings = settings_for(f"sqlite:///{tmp_path / f'w{size}.db'}", ingest={"batch_size": size})
        stats = jobs.ingest(settings, [HOSTILE / "broken.jsonl", HOSTILE / "dates.jsonl"])
        with jobs.warehouse(settings).connect() as conn:
            urls = frozenset(r[0] for r in conn.execute(select(articles.c.url)))
            reasons = frozenset((r.record, r.reason) for r in conn.execute(select(rejects)))
        assert len(urls) == stats.new and len(reasons) == stats.rejected > 0
        seen.add((urls, reasons))
    assert len(seen) == 1
