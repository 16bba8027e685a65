"""URL identity: the spellings of one URL (case, default port, trailing dot, IDN and punycode,
escape case, escaped unreserved characters, dot segments, empty query, fragment, credentials)
make one article, and `user:pass@` never reaches the warehouse or the raw store. The SSRF guard
judges an IPv6 address that carries an IPv4 one (6to4, NAT64, Teredo, mapped, compatible) as
that IPv4 host, refuses site-local fec0::/10, and IPv6-literal seed URLs keep their brackets."""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select, text

from pipeline import jobs
from pipeline.crawl.guard import BlockedAddress, GuardedBackend, refused_reason
from pipeline.crawl.urls import canonical_url, identity_url
from pipeline.warehouse.schema import articles, metadata
from tests.reliability.figures import record_figures
from tests.reliability.helpers import body_text

SECRET = "s3cretPW"
SPELLINGS = [
    "https://bücher.example/news/a-b~c/story?id=1",
    "HTTPS://BÜCHER.EXAMPLE/news/a-b~c/story?id=1",
    "https://xn--bcher-kva.example/news/a-b~c/story?id=1",
    "https://XN--BCHER-KVA.EXAMPLE/news/a-b~c/story?id=1",
    "hTTpS://xn--bcher-kva.example/news/a-b~c/story?id=1",
    "https://xn--bcher-kva.example:443/news/a-b~c/story?id=1",
    "https://xn--bcher-kva.example./news/a-b~c/story?id=1",
    "https://bücher.example.:443/news/a-b~c/story?id=1",
    "https://xn--bcher-kva.example/news/a-b~c/story?id=1#comments",
    "https://xn--bcher-kva.example/news/a-b~c/story?id=1#",
    f"https://reader:{SECRET}@xn--bcher-kva.example/news/a-b~c/story?id=1",
    f"https://reader:{SECRET}@bücher.example/news/a-b~c/story?id=1",
    "https://xn--bcher-kva.example/news/a%2Db%7Ec/story?id=1",
    "https://xn--bcher-kva.example/news/a%2db%7ec/story?id=1",
    "https://xn--bcher-kva.example/%6Eews/a-b~c/story?id=1",
    "https://xn--bcher-kva.example/news/a-b~c/story?id=%31",
    "https://xn--bcher-kva.example/news/./a-b~c/story?id=1",
    "https://xn--bcher-kva.example/news/old/../a-b~c/story?id=1",
]


def test_spellings_of_one_url_make_one_article(sqlite_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(sqlite_url)
    corpus = tmp_path / "spellings.jsonl"
    # the same story under every spelling, plus one more under a different URL: two articles
    rows = [{"url": u, "published": "2026-03-01T08:00:00Z", "title": "Story", "text": body_text("Harbour")}
            for u in SPELLINGS]
    rows.append({"url": "https://other.example/story", "published": "2026-03-02T08:00:00Z", "title": "Story",
                 "text": body_text("Harbour")})
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    stats = jobs.ingest(settings, [corpus])
    assert stats.rejected == 0, stats.reject_examples
    engine = jobs.warehouse(settings)
    with engine.connect() as conn:
        urls = sorted(conn.execute(select(articles.c.url)).scalars())
    assert urls == ["https://other.example/story", "https://xn--bcher-kva.example/news/a-b~c/story?id=1"], urls

    # an IDN host and its punycode are one site: detection never pairs the site with itself
    jobs.detect(settings)
    with engine.connect() as conn:
        outlets = sorted(conn.execute(select(articles.c.outlet)).scalars())
        dump = "\n".join(repr(tuple(r)) for t in metadata.sorted_tables for r in conn.execute(select(t)))
        dump += "\n".join(str(r) for r in conn.execute(text("SELECT * FROM runs")))
    assert len(set(outlets)) == 2, outlets
    assert SECRET not in dump and "reader:" not in dump, "credentials reached the warehouse"
    raw = [p.read_bytes() for p in (tmp_path / "raw").rglob("*") if p.is_file()]
    assert not any(SECRET.encode() in b for b in raw), "credentials reached the raw store"
    record_figures("url_identity", url_spellings_folded=len(SPELLINGS), credentials_stored=0)


def test_identity_keeps_what_names_another_resource() -> None:
    """Folding must not merge different pages: other paths, queries, reserved escapes, ports."""
    distinct = ["https://a.example/x", "https://a.example/x/", "https://a.example/X", "https://a.example/x?id=2",
                "https://a.example/a%2Fb", "https://a.example/a/b", "https://a.example:8443/x", "http://a.example/x",
                "https://a.example/x?b=1&a=2", "https://a.example/x?a=2&b=1"]
    assert len({identity_url(u) for u in distinct}) == len(distinct)
    assert identity_url("https://a.example/caf%c3%a9") == identity_url("https://a.example/café")
    for bad in ("https://a.example/x y", "ftp://a.example/", "not a url", "https://a.example:99999/"):
        assert identity_url(bad) == bad, "what it cannot judge is left to the caller's checks"


@pytest.mark.parametrize("literal", ["[::1]", "[2001:db8::7]", "[2001:DB8:0:0::7]"])
def test_ipv6_literal_seed_urls_keep_their_brackets(literal: str) -> None:
    url = canonical_url(f"http://{literal}:8080/news/1?b=2&a=1")
    parts = urlsplit(url)
    assert url.startswith("http://[") and parts.port == 8080
    assert ipaddress.ip_address(parts.hostname or "") == ipaddress.ip_address(literal.strip("[]"))
    assert canonical_url(f"https://{literal}:443/") == f"https://[{ipaddress.ip_address(literal.strip('[]'))}]/"


EMBEDDED = {
    "2002:7f00:1::1": "6to4 of loopback",  # 6to4 of 127.0.0.1
    "2002:c0a8:101::1": "6to4 of private",  # 6to4 of 192.168.1.1
    "2002:a9fe:a9fe::1": "6to4 of link-local",  # 6to4 of 169.254.169.254 (cloud metadata)
    "fec0::1": "site-local",
    "fec0:0:0:1::10": "site-local",
    "64:ff9b::7f00:1": "NAT64 of loopback",
    "64:ff9b::a00:5": "NAT64 of private",
    "64:ff9b:1::a00:5": "NAT64 local-use",
    "2001:0:4136:e378:8000:63bf:80ff:fffe": "Teredo of loopback",
    "::ffff:10.0.0.1": "private",
    "::ffff:0:7f00:1": "reserved",
    "::127.0.0.1": "IPv4-compatible of loopback",
}


def test_ssrf_guard_judges_embedded_ipv4_as_that_host() -> None:
    for addr, reason in EMBEDDED.items():
        assert refused_reason(ipaddress.ip_address(addr)) == reason, addr
        # as a DNS answer, and as a literal host
        backend = GuardedBackend([], {}, lambda name, a=addr: [a])
        with pytest.raises(BlockedAddress, match="SSRF guard"):
            backend.vet("internal.example", 80)
        with pytest.raises(BlockedAddress, match="SSRF guard"):
            GuardedBackend([]).vet(f"[{addr}]", 80)
    # the same forms carrying a public address are ordinary routes (DNS64 networks answer NAT64)
    for public in ("2002:808:808::1", "64:ff9b::808:808", "::ffff:8.8.8.8", "2606:4700:4700::1111"):
        assert refused_reason(ipaddress.ip_address(public)) is None, public
    record_figures("ssrf_embedded", ssrf_embedded_ipv6_targets_refused=len(EMBEDDED))
