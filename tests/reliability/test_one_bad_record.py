"""One malformed record never ends the input: whatever a single record raises (RecursionError
on deep nesting, OverflowError on an absurd epoch) becomes that record's reject, and the records
after it are read, stored or rejected as usual."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from pipeline import jobs
from pipeline.cli import app
from pipeline.sources.jsonl import read_jsonl
from pipeline.sources.nela import read_nela
from pipeline.warehouse.schema import articles, rejects
from tests.reliability.helpers import body_text, scale

DEEP = scale(100_000, 1_000_000)


def _line(url: str, seed: str) -> bytes:
    return json.dumps({"url": url, "outlet": "example.org", "published": "2026-03-01T08:00:00Z",
                       "title": seed, "text": body_text(seed)}).encode() + b"\n"


def test_a_deeply_nested_jsonl_line_is_one_reject(sqlite_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "deep.jsonl"
    src.write_bytes(_line("https://example.org/a", "Alpha") + b"[" * DEEP + b"\n"
                    + b'{"url": "https://example.org/deep", "text": ' + b"[" * DEEP + b"]" * DEEP + b"}\n"
                    + _line("https://example.org/b", "Bravo"))
    recs = list(read_jsonl(src))
    assert [r.locator.rsplit(":", 1)[1] for r in recs] == ["1", "2", "3", "4"]
    assert [bool(r.error) for r in recs] == [False, True, True, False]
    settings = settings_for(sqlite_url)
    stats = jobs.ingest(settings, [src])
    assert (stats.new, stats.rejected) == (2, 2), stats
    with jobs.warehouse(settings).connect() as conn:
        assert {r[0] for r in conn.execute(select(articles.c.url))} == {"https://example.org/a", "https://example.org/b"}
        assert {r[0] for r in conn.execute(select(rejects.c.record))} == {f"{src}:2", f"{src}:3"}


def test_nela_import_rejects_an_absurd_epoch_and_a_deep_line_and_goes_on(sqlite_url: str, tmp_path: Path) -> None:
    def rec(i: int, **extra: object) -> bytes:
        return json.dumps({"id": i, "source": "example.org", "url": f"https://example.org/n{i}", "title": f"T{i}",
                           "content": body_text(f"N{i}"), "published_utc": 1_772_000_000, **extra}).encode() + b"\n"

    src = tmp_path / "nela.jsonl"
    src.write_bytes(rec(1) + rec(2, published_utc=1e20) + rec(3, published_utc=-1e300) + b"[" * DEEP + b"\n" + rec(5))
    recs = list(read_nela(src))
    from tests.reliability.figures import record_figures

    record_figures("hostile_records", hostile_records_tried=3)
    assert len(recs) == 5 and [bool(r.error) for r in recs] == [False, True, False, True, False]
    assert "published_utc" in (recs[1].error or "")
    env = {"SYND__RAW_STORE__PATH": str(tmp_path / "raw")}
    res = CliRunner().invoke(app, ["import", "nela", str(src), "--warehouse", sqlite_url], env=env)
    # exit 2: finished with rejects; a crash would end in a traceback (another exception, exit 1)
    assert res.exit_code == 2 and isinstance(res.exception, SystemExit), res.output
    assert "3 new" in res.output and "2 rejected" in res.output, res.output
    from pipeline.warehouse import db

    with db.connect(sqlite_url).connect() as conn:
        urls = {r[0] for r in conn.execute(select(articles.c.url))}
        assert {"https://example.org/n1", "https://example.org/n3", "https://example.org/n5"} <= urls
        assert len(conn.execute(select(rejects.c.record)).all()) == 2


def test_a_nela_json_array_with_an_absurd_epoch_keeps_the_rest(tmp_path: Path) -> None:
    src = tmp_path / "nela.json"
    items = [{"url": f"https://example.org/j{i}", "content": body_text(f"J{i}"), "source": "example.org",
              "published_utc": 1e20 if i == 1 else 1_772_000_000} for i in range(3)]
    src.write_text(json.dumps(items))
    recs = list(read_nela(src))
    assert [bool(r.error) for r in recs] == [False, True, False]


def test_a_manifest_row_naming_a_nul_is_one_reject(tmp_path: Path) -> None:
    from pipeline.sources.html_dir import read_html_dir

    page = "<html><head><title>t</title></head><body><p>x</p></body></html>"
    for n in ("a", "b"):
        (tmp_path / f"{n}.html").write_text(page)
    (tmp_path / "manifest.csv").write_text("file,url\na.html,https://e.org/a\nb\x00.html,https://e.org/x\nb.html,https://e.org/b\n")
    recs = list(read_html_dir(tmp_path))
    assert [(r.url, bool(r.error)) for r in recs] == [("https://e.org/a", False), (None, True), ("https://e.org/b", False)]
