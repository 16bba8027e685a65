"""publisher groups: outlet_groups, and syndications.same_group / group_name

Outlets with one owner (outlets.yaml groups:) share text as a matter of course; a researcher
needs that sharing told apart from copying across owners. outlet_groups is the groups file as
last synced; each syndication records whether both outlets are in one group.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-06 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outlet_groups',
    sa.Column('outlet', sa.String(length=200), nullable=False),
    sa.Column('group_name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('outlet', name=op.f('pk_outlet_groups'))
    )
    op.create_index(op.f('ix_outlet_groups_group_name'), 'outlet_groups', ['group_name'], unique=False)
    op.add_column('syndications', sa.Column('same_group', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('syndications', sa.Column('group_name', sa.String(length=200), nullable=True))


def downgrade() -> None:
    # plain ALTER TABLE DROP COLUMN (SQLite >= 3.35): a batch rebuild of syndications would
    # cascade-delete its passages and verdicts
    op.execute('ALTER TABLE syndications DROP COLUMN group_name')
    op.execute('ALTER TABLE syndications DROP COLUMN same_group')
    op.drop_index(op.f('ix_outlet_groups_group_name'), table_name='outlet_groups')
    op.drop_table('outlet_groups')
