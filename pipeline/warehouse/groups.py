"""Publisher groups in the warehouse: ``outlet_groups`` mirrors the outlets file's ``groups:``,
and each syndication records whether both of its outlets are in one group.

The flag is set when a syndication is written and recomputed for every row when the groups
change, so a regrouping needs no new detection.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Connection, delete, func, insert, select, update

from pipeline.warehouse import store
from pipeline.warehouse.schema import articles, outlet_groups, syndications


def current(conn: Connection) -> dict[str, str]:
    return {r.outlet: r.group_name for r in conn.execute(select(outlet_groups))}


def sync(conn: Connection, groups: Mapping[str, str]) -> bool:
    """Make ``outlet_groups`` hold ``groups`` (outlet → group); when that changes anything, every
    syndication's flag is recomputed. Returns whether the groups changed."""
    if current(conn) == dict(groups):
        return False
    conn.execute(delete(outlet_groups))
    if groups:
        conn.execute(insert(outlet_groups), [{"outlet": o, "group_name": g} for o, g in sorted(groups.items())])
    mark(conn, None)
    return True


def mark(conn: Connection, syndication_ids: Sequence[int] | None) -> None:
    """Set same_group and group_name of these syndications (all of them when None) from
    ``outlet_groups``, or, for two titles of one outlet (hosts of one domain, ``title_of``),
    the outlet itself: correlated UPDATEs, portable to SQLite and PostgreSQL."""
    if syndication_ids is not None and not syndication_ids:
        return
    # Core aliases (what orm.aliased gives for a table), without loading the ORM: 45 ms of detect's start
    src, cp = articles.alias(), articles.alias()
    gs, gc = outlet_groups.alias(), outlet_groups.alias()
    shared = (
        select(gs.c.group_name)
        .where(
            src.c.article_id == syndications.c.source_id, gs.c.outlet == src.c.outlet,
            cp.c.article_id == syndications.c.copy_id, gc.c.outlet == cp.c.outlet,
            gc.c.group_name == gs.c.group_name,
        )
        .scalar_subquery()
    )
    one_outlet = (
        select(src.c.outlet)
        .where(src.c.article_id == syndications.c.source_id, cp.c.article_id == syndications.c.copy_id, cp.c.outlet == src.c.outlet)
        .scalar_subquery()
    )
    parts = [None] if syndication_ids is None else list(store.chunks(list(syndication_ids)))
    for part in parts:
        where = [] if part is None else [syndications.c.syndication_id.in_(list(part))]
        conn.execute(update(syndications).where(*where).values(group_name=func.coalesce(shared, one_outlet)))
        conn.execute(update(syndications).where(*where).values(same_group=syndications.c.group_name.is_not(None)))
