"""paragraph judgement: paragraphs.widely_printed beside paragraphs.boilerplate

Detection now stores the judgement each article's pairs were made with (learned boilerplate,
printed by many sites), so a later arrival that changes it makes those pairs again: the result
of one run whatever the arrival order. Rows from before the upgrade read as never judged; the
first batch that touches such an article checks it once.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('paragraphs', sa.Column('widely_printed', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    op.execute('ALTER TABLE paragraphs DROP COLUMN widely_printed')  # no batch rebuild (SQLite >= 3.35)
