"""articles.credits and articles.quotes: the credits and quotation markup a page carries

Agency carriers often name the agency only in their metadata (meta author or rights tags,
JSON-LD author / publisher / sourceOrganization / copyrightHolder), so detection needs them to
call two carriers ``same_wire``. A quote set as <blockquote> loses its marks in the text, so
``quotes`` keeps the body spans the page marks as quotations (for ``common_source``). Rows
ingested before this revision have NULL (nothing known).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 20:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('articles', sa.Column('credits', sa.JSON(), nullable=True))  # no table rewrite on either backend
    op.add_column('articles', sa.Column('quotes', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('articles') as batch_op:
        batch_op.drop_column('quotes')
        batch_op.drop_column('credits')
