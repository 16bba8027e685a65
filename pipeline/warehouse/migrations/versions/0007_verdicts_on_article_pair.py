"""verdicts keyed on the article pair, kept across re-detection

Verdicts cascaded from syndications, and re-detection (a body change, a re-ingest) deletes and
reinserts the pairs: researchers' confirmations were erased. A verdict now names the pair by
URL, records the body hashes, algorithm version and copied spans it judged (to show it as stale
once the texts change), and its syndication_id becomes NULL, not deleted, when the row goes.
Existing verdicts take their pair, hashes, version and spans from the row they were given on.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 21:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

FK = 'fk_verdicts_syndication_id_syndications'


def _drop_views() -> bool:
    """The researcher views read verdicts: PostgreSQL refuses to change columns they use, and
    SQLite's table rebuild fails on a view naming the old table. Returns whether there were any."""
    from pipeline.warehouse.views import drop_views

    had = bool(sa.inspect(op.get_bind()).get_view_names())
    drop_views(op.get_bind())
    return had


def _create_views() -> None:
    from pipeline.warehouse.views import _raw, _strip, view_files

    for f in view_files():
        _raw(op.get_bind(), _strip(f.sql)).close()


def upgrade() -> None:
    had_views = _drop_views()
    with op.batch_alter_table('verdicts') as b:
        b.add_column(sa.Column('source_url', sa.Text(), nullable=True))
        b.add_column(sa.Column('copy_url', sa.Text(), nullable=True))
        b.add_column(sa.Column('source_hash', sa.String(length=64), nullable=True))
        b.add_column(sa.Column('copy_hash', sa.String(length=64), nullable=True))
        b.add_column(sa.Column('algo_version', sa.String(length=32), nullable=True))
        b.add_column(sa.Column('spans', sa.JSON(), nullable=True))
    for sql in (
        'UPDATE verdicts SET source_url = (SELECT a.url FROM syndications y JOIN articles a '
        'ON a.article_id = y.source_id WHERE y.syndication_id = verdicts.syndication_id)',
        'UPDATE verdicts SET copy_url = (SELECT a.url FROM syndications y JOIN articles a '
        'ON a.article_id = y.copy_id WHERE y.syndication_id = verdicts.syndication_id)',
        'UPDATE verdicts SET source_hash = (SELECT a.body_hash FROM syndications y JOIN articles a '
        'ON a.article_id = y.source_id WHERE y.syndication_id = verdicts.syndication_id)',
        'UPDATE verdicts SET copy_hash = (SELECT a.body_hash FROM syndications y JOIN articles a '
        'ON a.article_id = y.copy_id WHERE y.syndication_id = verdicts.syndication_id)',
    ):
        op.execute(sql)
    op.execute('UPDATE verdicts SET algo_version = (SELECT y.algo_version FROM syndications y '
               'WHERE y.syndication_id = verdicts.syndication_id)')
    conn = op.get_bind()
    verdicts = sa.table('verdicts', sa.column('verdict_id', sa.Integer), sa.column('syndication_id', sa.Integer),
                        sa.column('spans', sa.JSON))
    passages = sa.table('passages', sa.column('syndication_id', sa.Integer), sa.column('kind', sa.String),
                        sa.column('seq', sa.Integer), sa.column('copy_start', sa.Integer),
                        sa.column('copy_end', sa.Integer), sa.column('source_start', sa.Integer),
                        sa.column('source_end', sa.Integer))
    for vid, sid in conn.execute(sa.select(verdicts.c.verdict_id, verdicts.c.syndication_id)).all():
        spans = [list(r) for r in conn.execute(
            sa.select(passages.c.copy_start, passages.c.copy_end, passages.c.source_start, passages.c.source_end)
            .where(passages.c.syndication_id == sid, passages.c.kind == 'copied').order_by(passages.c.seq))]
        conn.execute(sa.update(verdicts).where(verdicts.c.verdict_id == vid).values(spans=spans))
    with op.batch_alter_table('verdicts') as b:
        b.alter_column('source_url', existing_type=sa.Text(), nullable=False)
        b.alter_column('copy_url', existing_type=sa.Text(), nullable=False)
        b.alter_column('syndication_id', existing_type=sa.Integer(), nullable=True)
        b.drop_constraint(FK, type_='foreignkey')
        b.create_foreign_key(FK, 'syndications', ['syndication_id'], ['syndication_id'], ondelete='SET NULL')
        b.create_index('ix_verdicts_pair', ['source_url', 'copy_url'], unique=False)
    if had_views:  # as they were, reading the new columns
        _create_views()


def downgrade() -> None:
    _drop_views()  # they read the new columns; `synd views` recreates them for the older revision
    # verdicts whose row re-detection replaced cannot point at a syndication any more: re-attach
    # them to the pair's current row, and drop those whose pair is no longer detected
    op.execute(
        'UPDATE verdicts SET syndication_id = (SELECT y.syndication_id FROM syndications y '
        'JOIN articles s ON s.article_id = y.source_id JOIN articles c ON c.article_id = y.copy_id '
        'WHERE s.url = verdicts.source_url AND c.url = verdicts.copy_url) WHERE syndication_id IS NULL'
    )
    op.execute('DELETE FROM verdicts WHERE syndication_id IS NULL')
    with op.batch_alter_table('verdicts') as b:
        b.drop_index('ix_verdicts_pair')
        b.drop_constraint(FK, type_='foreignkey')
        b.create_foreign_key(FK, 'syndications', ['syndication_id'], ['syndication_id'], ondelete='CASCADE')
        b.alter_column('syndication_id', existing_type=sa.Integer(), nullable=False)
        for col in ('spans', 'algo_version', 'copy_hash', 'source_hash', 'copy_url', 'source_url'):
            b.drop_column(col)
