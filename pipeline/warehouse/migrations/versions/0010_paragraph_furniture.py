"""paragraphs.furniture: whether the paragraph is page furniture, judged at ingest

Detect judged every new paragraph with ``is_furniture_line`` again (0.2 ms a paragraph, a sixth
of a detect run on text articles), though the ingest worker that cleaned the text had just judged
the same lines. Ingest now stores the answer; rows from before this revision have NULL and detect
judges them as before.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('paragraphs', sa.Column('furniture', sa.Boolean(), nullable=True))  # no table rewrite on either backend


def downgrade() -> None:
    with op.batch_alter_table('paragraphs') as batch_op:
        batch_op.drop_column('furniture')
