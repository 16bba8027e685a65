"""Hypothesis over every ingest path: JSONL lines of any shape, HTML of any bytes or nesting,
WARC files with bytes cut, flipped or inserted, and dates written every way. Each example is a
batch of fuzzed records beside valid control records; afterwards every record is accounted for
(stored or a reject with a reason), the controls are all stored, and nothing raised.

`make test` runs a short version; `make stress` (SYND_STRESS=1) runs many more examples."""

from __future__ import annotations

import io
import itertools
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline import jobs
from pipeline.config import Settings
from pipeline.normalise.dates import TZ_ABBREVIATIONS, parse_published
from pipeline.warehouse.schema import articles, rejects
from tests.reliability.figures import record_figures
from tests.reliability.helpers import FUZZ, body_text, page, scale

_ids = itertools.count()

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70), st.floats(allow_nan=True),
    st.text(max_size=60), st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cs", "Zs", "Lo"]), max_size=30),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=10)
date_texts = st.one_of(
    st.text(max_size=40),
    st.builds(lambda d, f, z: d.strftime(f) + z, st.datetimes(min_value=datetime(1800, 1, 1), max_value=datetime(2300, 1, 1)),
              st.sampled_from(["%Y-%m-%d", "%d/%m/%Y %H:%M", "%B %d", "%a, %d %b %Y %H:%M:%S", "%Y", "%H:%M", "%d.%m.%y"]),
              st.sampled_from(["", " EST", " PDT", " CET", " IST", " XYZ", "Z", "+05:30", " +9999"])),
)


def _field(name: str) -> st.SearchStrategy[Any]:
    good = {
        "url": st.integers(0, 10**9).map(lambda n: f"https://fuzz.example/{n}"),
        "text": st.builds(lambda n: body_text(f"fuzz{n}"), st.integers(0, 10**9)),
        "html": st.builds(lambda n: page(f"fuzz{n}"), st.integers(0, 10**9)),
        "published": date_texts,
    }.get(name, st.text(max_size=40))
    return st.one_of(good, values)


jsonl_objects = st.fixed_dictionaries(
    {}, optional={k: _field(k) for k in ("url", "outlet", "published", "title", "html", "text")}
)
jsonl_lines = st.one_of(
    jsonl_objects.map(lambda o: json.dumps(o).encode()),
    values.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=200).map(lambda b: b.replace(b"\n", b" ")),
    jsonl_objects.map(lambda o: json.dumps(o).encode()).flatmap(lambda b: st.integers(0, len(b)).map(lambda i: b[:i])),
)


def _controls(n: int) -> list[dict[str, str]]:
    return [{"url": f"https://control.example/{next(_ids)}", "text": body_text(f"control{next(_ids)}")} for _ in range(n)]


def _ingest_and_check(settings: Settings, paths: list[Path], control_urls: list[str]) -> int:
    stats = jobs.ingest(settings, paths)  # must not raise, whatever the input
    assert stats.seen == stats.new + stats.updated + stats.unchanged + stats.rejected
    engine = jobs.warehouse(settings)
    with engine.connect() as conn:
        n_rejects = conn.execute(select(func.count()).select_from(rejects).where(rejects.c.run_id == stats.run_id)).scalar_one()
        empty = conn.execute(select(func.count()).select_from(rejects).where(
            rejects.c.run_id == stats.run_id, func.length(rejects.c.reason) == 0)).scalar_one()
        stored = {r[0] for r in conn.execute(select(articles.c.url).where(articles.c.url.in_(control_urls)))} if control_urls else set()
    assert n_rejects == stats.rejected and empty == 0
    assert stored == set(control_urls), f"valid records lost: {set(control_urls) - stored}"
    return stats.seen


def test_fuzz_jsonl(tmp_path: Path, settings_for) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(f"sqlite:///{tmp_path / 'w.db'}", ingest={"batch_size": 4})
    fuzzed = [0]

    @FUZZ
    @given(st.lists(jsonl_lines, min_size=1, max_size=8), st.integers(0, 3))
    def run(lines: list[bytes], n_controls: int) -> None:
        controls = _controls(n_controls)
        mixed = lines + [json.dumps(c).encode() for c in controls]
        mixed.sort(key=lambda b: hash(b) % 7)  # controls land between bad lines, in various batches
        path = tmp_path / f"f{next(_ids)}.jsonl"
        path.write_bytes(b"\n".join(mixed) + b"\n")
        fuzzed[0] += _ingest_and_check(settings, [path], [c["url"] for c in controls])

    run()
    record_figures("fuzz_jsonl", records_fuzzed=fuzzed[0])


tags = st.sampled_from(["p", "div", "article", "script", "style", "table", "td", "span", "a", "iframe", "svg", "nav", "h1", "li"])
html_trees: st.SearchStrategy[str] = st.recursive(
    st.text(max_size=80).map(lambda t: t.replace("<", "&lt;")),
    lambda inner: st.builds(lambda t, kids, attr: f"<{t} {attr}>{''.join(kids)}</{t}>", tags, st.lists(inner, max_size=4),
                            st.sampled_from(["", "onload=alert(1)", "class='x'", 'href="javascript:alert(1)"', "lang='" + "x" * 40 + "'"])),
    max_leaves=30,
)
html_bytes = st.one_of(
    st.binary(max_size=3000),
    html_trees.map(lambda h: f"<html><head><title>t</title></head><body>{h}</body></html>".encode()),
    st.builds(lambda n, cut: page(f"cut{n}").encode()[:cut], st.integers(0, 10**9), st.integers(0, 2000)),
    st.builds(lambda depth: ("<div>" * depth + "<p>x</p>").encode(), st.integers(100, 5000)),
    st.builds(lambda enc, n: page(f"enc{n} caf\u00e9 \u2014 \u00fc").encode(enc, "replace"),
              st.sampled_from(["utf-8", "latin-1", "utf-16", "cp1252", "shift_jis"]), st.integers(0, 10**9)),
)


# each example is a whole ingest run: in `make stress`, on a loaded 2-core machine, 600 s was once too few
@pytest.mark.timeout(scale(600, 1800))
def test_fuzz_html_files(tmp_path: Path, settings_for) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(f"sqlite:///{tmp_path / 'w.db'}", ingest={"batch_size": 3})
    fuzzed = [0]

    @FUZZ
    @given(st.lists(html_bytes, min_size=1, max_size=5), st.integers(0, 2))
    def run(pages: list[bytes], n_controls: int) -> None:
        d = tmp_path / f"d{next(_ids)}"
        d.mkdir()
        for i, data in enumerate(pages):
            (d / f"{i}.html").write_bytes(data)
        control_urls = []
        for i in range(n_controls):
            url = f"https://control.example/html/{next(_ids)}"
            control_urls.append(url)
            (d / f"c{i}.html").write_text(page(f"control {url}", extra_head=f"<link rel='canonical' href='{url}'>"))
        fuzzed[0] += _ingest_and_check(settings, [d], control_urls)

    run()
    record_figures("fuzz_html", records_fuzzed=fuzzed[0])


def _warc_bytes(n: int, gz: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for _ in range(n):
        url = f"https://fuzz.example/warc/{next(_ids)}"
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(page(url).encode()), http_headers=http))
    return buf.getvalue()


mutations = st.lists(
    st.tuples(st.sampled_from(["cut", "flip", "insert", "delete"]), st.floats(0, 1), st.binary(min_size=1, max_size=20)),
    min_size=1, max_size=4,
)


def _mutate(data: bytes, ops: list[tuple[str, float, bytes]]) -> bytes:
    for op, where, junk in ops:
        i = int(where * len(data))
        if op == "cut":
            data = data[:i]
        elif op == "flip" and data:
            i = min(i, len(data) - 1)
            data = data[:i] + bytes([data[i] ^ junk[0] or 1]) + data[i + 1:]
        elif op == "insert":
            data = data[:i] + junk + data[i:]
        else:
            data = data[:i] + data[i + len(junk):]
    return data


def test_fuzz_warc(tmp_path: Path, settings_for) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(f"sqlite:///{tmp_path / 'w.db'}", ingest={"batch_size": 3})
    fuzzed = [0]

    @FUZZ
    @given(st.integers(1, 4), st.booleans(), mutations)
    def run(n: int, gz: bool, ops: list[tuple[str, float, bytes]]) -> None:
        bad = tmp_path / f"w{next(_ids)}.warc{'.gz' if gz else ''}"
        bad.write_bytes(_mutate(_warc_bytes(n, gz), ops))
        good = tmp_path / f"g{next(_ids)}.warc.gz"
        good.write_bytes(_warc_bytes(2, True))
        with jobs.warehouse(settings).connect() as conn:
            before = {r[0] for r in conn.execute(select(articles.c.url))}
        # the valid file is read after the broken one: a broken file never stops the next
        fuzzed[0] += _ingest_and_check(settings, [bad, good], [])
        with jobs.warehouse(settings).connect() as conn:
            new = {r[0] for r in conn.execute(select(articles.c.url))} - before
        assert sum(1 for u in new if u.startswith("https://fuzz.example/warc/")) >= 2

    run()
    record_figures("fuzz_warc", records_fuzzed=fuzzed[0], faults_injected=FUZZ.max_examples)


FORMATS = ["%Y-%m-%dT%H:%M:%S{z}", "%a, %d %b %Y %H:%M:%S {z}", "%B %d, %Y %I:%M %p {z}", "%d %B %Y %H:%M {z}",
           "%d.%m.%Y %H:%M {z}", "%Y-%m-%d %H:%M:%S {z}", "%A, %B %d, %Y at %H:%M {z}"]
UNAMBIGUOUS = sorted(z for z, tz in TZ_ABBREVIATIONS.items() if len(z) > 1 and isinstance(tz, timezone))


@FUZZ
@given(st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2150, 1, 1)), st.sampled_from(FORMATS),
       st.one_of(st.sampled_from(UNAMBIGUOUS), st.integers(-12 * 60, 14 * 60)))
def test_fuzz_dates_written_every_way_read_back_exactly(moment: datetime, fmt: str, zone: str | int) -> None:
    moment = moment.replace(second=0 if "%S" not in fmt else moment.second, microsecond=0)
    if isinstance(zone, int):
        tz = timezone(timedelta(minutes=zone))
        z = f"{'+' if zone >= 0 else '-'}{abs(zone) // 60:02d}:{abs(zone) % 60:02d}"
        fmt = fmt.replace(" {z}", "{z}") if fmt.startswith("%Y-%m-%dT") else fmt
    else:
        tz, z = TZ_ABBREVIATIONS[zone], zone
    text = moment.strftime(fmt).replace("{z}", z)
    got = parse_published(text, locale="en_GB" if "%d.%m" in fmt else None)
    assert got is not None and got.tzinfo is not None
    assert got.astimezone(UTC) == moment.replace(tzinfo=tz).astimezone(UTC), text


@FUZZ
@given(st.one_of(date_texts, values))
def test_fuzz_any_date_value_parses_aware_or_raises_valueerror(value: Any) -> None:
    try:
        got = parse_published(value)
    except ValueError as exc:
        assert str(exc)
    else:
        assert got is None or (got.tzinfo is not None and 1900 <= got.year <= 2200)
