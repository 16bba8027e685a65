"""index_params: the LSH parameters the stored band keys were computed with

Changing detect.num_perm, bands, shingle_words or seed silently orphaned every stored band key
(new keys never collide with old ones). The parameters are now recorded with the index and
detect refuses a mismatch until `synd index rebuild`. An index that exists at upgrade time is
recorded on the next detect with the parameters configured then (the only record there is).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('index_params',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('num_perm', sa.Integer(), nullable=False),
    sa.Column('bands', sa.Integer(), nullable=False),
    sa.Column('shingle_words', sa.Integer(), nullable=False),
    sa.Column('seed', sa.BigInteger(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_index_params'))
    )


def downgrade() -> None:
    op.drop_table('index_params')
