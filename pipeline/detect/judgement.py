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

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import Connection, and_, bindparam, exists, or_, select, update

from pipeline.config import DetectSettings
from pipeline.detect.compare import TEMPLATE_SITES, Doc
from pipeline.normalise.boilerplate import _site, site_spread
from pipeline.warehouse import store
from pipeline.warehouse.schema import articles, paragraphs, syndications


def of(doc: Doc) -> list[tuple[bool, bool]]:
    """Per paragraph (boilerplate, widely printed), as ``load_docs`` judges it from today's counts."""
    spread = doc.spread or [1] * len(doc.paragraphs)
    return [(b, n >= TEMPLATE_SITES) for b, n in zip(doc.boilerplate, spread, strict=True)]


def changed(doc: Doc) -> bool:
    """Does today's judgement differ from the one ``doc``'s stored pairs were made with?"""
    return of(doc) != doc.judged


def record(conn: Connection, docs: Sequence[Doc]) -> None:
    """Store the judgement the docs' pairs are made with now; only the paragraphs that changed."""
    rows = [
        {"aid": d.id, "s": seq, "b": b, "w": w}
        for d in docs
        for seq, ((b, w), old) in enumerate(zip(of(d), d.judged, strict=True))
        if (b, w) != old
    ]
    if rows:
        conn.execute(
            update(paragraphs)
            .where(and_(paragraphs.c.article_id == bindparam("aid"), paragraphs.c.seq == bindparam("s")))
            .values(boilerplate=bindparam("b"), widely_printed=bindparam("w")),
            rows,
        )


def changed_holders(conn: Connection, batch: Sequence[int], counts: dict[tuple[str, int], int],
                    cfg: DetectSettings) -> list[int]:
    """Detected articles with pairs that print one of the batch's paragraphs where today's counts
    (``counts``: ``paragraph_counts`` of the batch's paragraphs) may judge it otherwise than
    their stored judgement: the ones worth reloading to check with ``changed``. Only paragraphs
    several articles print can change; holders already judged template are not returned, so a
    steady outlet's template costs nothing per batch."""
    need = cfg.boilerplate_min_articles
    wide = {h for h, n in site_spread(counts).items() if n >= TEMPLATE_SITES}
    family: Counter[tuple[str, int]] = Counter()
    outlets: Counter[int] = Counter()
    for (outlet, h), n in counts.items():
        family[(_site(outlet) or outlet, h)] += n
        outlets[h] += 1

    def may_be_template(outlet: str, h: int) -> bool:
        return (counts.get((outlet, h), 0) >= need or family[(_site(outlet) or outlet, h)] >= need
                or 0 < cfg.boilerplate_global_min_outlets <= outlets[h])

    shared = sorted(wide | {h for (o, h) in counts if may_be_template(o, h)})
    paired = or_(exists().where(syndications.c.source_id == paragraphs.c.article_id),
                 exists().where(syndications.c.copy_id == paragraphs.c.article_id))
    out: set[int] = set()
    for part in store.chunks(shared):
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
