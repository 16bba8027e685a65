"""Learned boilerplate: template paragraphs found by frequency in the warehouse.

A paragraph repeated across many articles of one outlet within a time window is template
(newsletter pitch, "Delivered by ...", disclaimer, donation request), as Media Cloud does per
outlet and week; for outlets known only by their host, the hosts of one registrable domain
(regional editions, sections on subdomains) share one template. A short fragment held by many outlets is a banality ("All rights reserved",
"Click here to subscribe"), as SuperFastMatch and TextPAIR drop over-common fragments. A few
universal fragments are known without any history. Flagged paragraphs are left out of
fingerprinting and are never "added" text; the detector calls ``boilerplate_flags``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, func, select, tuple_
from tld import get_fld

from pipeline.config import DetectSettings
from pipeline.normalise.furniture import is_furniture_line
from pipeline.warehouse import store
from pipeline.warehouse.schema import articles, paragraphs


@dataclass
class DocParagraphs:
    """What flagging needs of one article: its outlet, time, and per paragraph hash, text and
    furniture flag as ingest stored it (None: not stored, judged from the text)."""

    outlet: str
    published: datetime | None
    hashes: list[int]
    texts: list[str]
    furniture: list[bool | None] | None = None


def boilerplate_flags(
    conn: Connection, docs: dict[int, DocParagraphs], cfg: DetectSettings, counts: dict[tuple[str, int], int] | None = None
) -> dict[int, list[bool]]:
    """Per article, one flag per paragraph: True where the paragraph is template or banality.
    ``counts`` (from ``paragraph_counts``) may be passed by a caller that needs them too."""
    if counts is None:
        counts = paragraph_counts(conn, sorted({h for d in docs.values() for h in d.hashes}))
    frequent = sorted({(d.outlet, h) for d in docs.values() for h in d.hashes if counts.get((d.outlet, h), 0) >= cfg.boilerplate_min_articles})
    holders = _outlet_holders(conn, frequent)
    family: dict[tuple[str, int], int] = defaultdict(int)
    for (outlet, h), n in counts.items():
        if (site := _site(outlet)) is not None:
            family[(site, h)] += n
    # a short paragraph many different outlets print is an over-common fragment
    outlets_holding = Counter(h for _, h in counts)
    banal = {h for h, n in outlets_holding.items() if 0 < cfg.boilerplate_global_min_outlets <= n}
    window = timedelta(days=cfg.boilerplate_window_days) if cfg.boilerplate_window_days > 0 else None
    out: dict[int, list[bool]] = {}
    for aid, d in docs.items():
        flags = []
        site = _site(d.outlet) or ""
        stored = d.furniture or [None] * len(d.hashes)
        for h, text, furniture in zip(d.hashes, d.texts, stored, strict=True):
            seen = holders.get((d.outlet, h), [])
            near = _held_near(aid, seen, d.published if window is not None else None, window, cfg.boilerplate_min_articles)
            in_family = family.get((site, h), 0) >= cfg.boilerplate_min_articles
            banality = h in banal and len(text.split()) <= cfg.boilerplate_global_max_words
            flags.append(near or in_family or banality or (is_furniture_line(text) if furniture is None else furniture))
        out[aid] = flags
    return out


def _held_near(aid: int, seen: list[tuple[int, datetime | None]], published: datetime | None,
               window: timedelta | None, need: int) -> bool:
    """Do ``need`` articles (``aid`` and those of ``seen`` within ``window`` of ``published``; all
    of them without a window or a time) hold the paragraph? Counting stops once there are enough:
    a template line's list holds every article of the outlet."""
    near = {aid}
    for a, when in seen:
        if len(near) >= need:
            return True
        if window is None or published is None or when is None or abs(when - published) <= window:
            near.add(a)
    return len(near) >= need


def site_spread(counts: dict[tuple[str, int], int]) -> dict[int, int]:
    """How many sites (site families, or named outlets) print each paragraph: a block several
    sites print while their articles share nothing else is a publisher's template, whatever few
    articles of each the warehouse holds."""
    sites: dict[int, set[str]] = defaultdict(set)
    for outlet, h in counts:
        sites[h].add(_site(outlet) or outlet)
    return {h: len(v) for h, v in sites.items()}


def paragraph_counts(conn: Connection, hashes: list[int]) -> dict[tuple[str, int], int]:
    """How many articles of each outlet hold each paragraph hash: template text repeats, content does not."""
    out: dict[tuple[str, int], int] = {}
    for part in store.chunks(hashes):
        q = (
            select(articles.c.outlet, paragraphs.c.text_hash, func.count(func.distinct(paragraphs.c.article_id)))
            .join(articles, articles.c.article_id == paragraphs.c.article_id)
            .where(paragraphs.c.text_hash.in_(list(part)))
            .group_by(articles.c.outlet, paragraphs.c.text_hash)
        )
        out.update({(o, h): n for o, h, n in conn.execute(q)})
    return out


def _outlet_holders(conn: Connection, frequent: list[tuple[str, int]]) -> dict[tuple[str, int], list[tuple[int, datetime | None]]]:
    """Articles (with their time) of the same outlet holding each paragraph, for keys seen often enough at all."""
    out: dict[tuple[str, int], list[tuple[int, datetime | None]]] = defaultdict(list)
    for part in store.chunks(frequent):
        q2 = (
            select(articles.c.outlet, paragraphs.c.text_hash, articles.c.article_id, articles.c.published)
            .join(articles, articles.c.article_id == paragraphs.c.article_id)
            .where(tuple_(articles.c.outlet, paragraphs.c.text_hash).in_(list(part)))
            .distinct()
        )
        for o, h, aid, published in conn.execute(q2):
            out[(o, h)].append((aid, store.aware(published)))
    return out


@lru_cache(maxsize=65536)  # asked per paragraph and per count; a public-suffix lookup each time was ~10% of detect
def _site(outlet: str) -> str | None:
    """The site family of an outlet named by its host: travel.timesonline.co.uk and
    www.timesonline.co.uk share one template. None for outlets with real names (configured
    outlets list their own domains)."""
    if " " in outlet or "." not in outlet:
        return None
    return get_fld(outlet, fix_protocol=True, fail_silently=True) or outlet


def doc_paragraphs(row: Any, paras: list[Any]) -> DocParagraphs:
    """From an ``articles`` row and its ``paragraphs`` rows."""
    return DocParagraphs(
        outlet=row.outlet,
        published=store.aware(row.published),
        hashes=[p.text_hash for p in paras],
        texts=[row.body[p.start_char : p.end_char] for p in paras],
        furniture=[p.furniture for p in paras],
    )
