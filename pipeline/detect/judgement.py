"""What detection judged of each paragraph: learned boilerplate, and printed by many sites.

Both judgements rest on counts that later arrivals raise: a paragraph becomes template when a
third article of its outlet prints it, and widely printed when a third site does. A pair made
before that arrival was aligned with the old judgement, and one run over every article would
align it with the new one. So the judgement a pair was made with is stored on ``paragraphs``,
and a batch whose paragraphs change an earlier article's judgement makes that article's pairs
again (``detector``): the result stays that of one run whatever the arrival order.
Counts only grow as articles arrive, so a paragraph changes its judgement at most twice.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, and_, bindparam, exists, or_, select, update

from pipeline.config import DetectSettings
from pipeline.detect.compare import TEMPLATE_SITES, Doc
from pipeline.normalise.boilerplate import _site, paragraph_counts, site_spread
from pipeline.warehouse import store
from pipeline.warehouse.schema import articles, paragraphs, syndications

Judgement = list[tuple[bool, bool]]  # per paragraph: (boilerplate, widely printed)


def of(doc: Doc) -> Judgement:
    """The judgement ``doc`` carries now (``load_docs`` computes it from today's counts)."""
    spread = doc.spread or [1] * len(doc.paragraphs)
    return [(b, n >= TEMPLATE_SITES) for b, n in zip(doc.boilerplate, spread, strict=True)]


def stored(conn: Connection, ids: Iterable[int]) -> dict[int, Judgement]:
    """The judgement each article's pairs were made with (never judged: all False)."""
    out: dict[int, Judgement] = defaultdict(list)
    for part in store.chunks(sorted(set(ids))):
        q = (select(paragraphs.c.article_id, paragraphs.c.boilerplate, paragraphs.c.widely_printed)
             .where(paragraphs.c.article_id.in_(part)).order_by(paragraphs.c.article_id, paragraphs.c.seq))
        for aid, b, w in conn.execute(q):
            out[aid].append((bool(b), bool(w)))
    return out


def record(conn: Connection, docs: Sequence[Doc]) -> None:
    """Store the judgement the docs' pairs are made with now; only the paragraphs that changed."""
    before = stored(conn, [d.id for d in docs])
    rows = [
        {"aid": d.id, "s": seq, "b": b, "w": w}
        for d in docs
        for seq, ((b, w), old) in enumerate(zip(of(d), before.get(d.id, []), strict=False))
        if (b, w) != old
    ]
    if rows:
        conn.execute(
            update(paragraphs)
            .where(and_(paragraphs.c.article_id == bindparam("aid"), paragraphs.c.seq == bindparam("s")))
            .values(boilerplate=bindparam("b"), widely_printed=bindparam("w")),
            rows,
        )


def changed_holders(conn: Connection, batch: Sequence[int], cfg: DetectSettings) -> list[int]:
    """Detected articles with pairs that print one of the batch's paragraphs, where today's counts
    may judge that paragraph otherwise than the stored judgement: the ones worth reloading to
    compare (``of`` against ``stored``). Template holders already judged so are not returned,
    so a steady outlet's template costs nothing per batch."""
    hashes: set[int] = set()
    for part in store.chunks(list(batch)):
        hashes.update(h for (h,) in conn.execute(select(paragraphs.c.text_hash).where(paragraphs.c.article_id.in_(part))))
    counts = paragraph_counts(conn, sorted(hashes))
    wide = {h for h, n in site_spread(counts).items() if n >= TEMPLATE_SITES}
    family: Counter[tuple[str | None, int]] = Counter()
    outlets: Counter[int] = Counter()
    for (outlet, h), n in counts.items():
        family[(_site(outlet) or outlet, h)] += n
        outlets[h] += 1

    def may_be_template(outlet: str, h: int) -> bool:
        need = cfg.boilerplate_min_articles
        return (counts.get((outlet, h), 0) >= need or family[(_site(outlet) or outlet, h)] >= need
                or 0 < cfg.boilerplate_global_min_outlets <= outlets[h])

    paired = or_(exists().where(syndications.c.source_id == paragraphs.c.article_id),
                 exists().where(syndications.c.copy_id == paragraphs.c.article_id))
    out: set[int] = set()
    for part in store.chunks(sorted(hashes)):
        q = (
            select(paragraphs.c.article_id, articles.c.outlet, paragraphs.c.text_hash, paragraphs.c.boilerplate,
                   paragraphs.c.widely_printed)
            .join(articles, articles.c.article_id == paragraphs.c.article_id)
            .where(paragraphs.c.text_hash.in_(part), articles.c.detected_at.is_not(None), paired,
                   or_(~paragraphs.c.boilerplate,
                       and_(~paragraphs.c.widely_printed, paragraphs.c.text_hash.in_(sorted(wide & set(part))))))
        )
        for aid, outlet, h, b, w in conn.execute(q):
            if (not w and h in wide) or (not b and may_be_template(outlet, h)):
                out.add(aid)
    return sorted(out - set(batch))
