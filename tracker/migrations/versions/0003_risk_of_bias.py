"""risk of bias and the other GRADE inputs per study, and the curator's risk-of-bias override

`claim_article` gains the automatic Cochrane overall judgement (`rob_overall`: low,
some_concerns, high; null for designs that are not trials or controlled studies), whether
sequence, concealment or blinding raise a concern (`rob_key_concern`), what a review states
about the certainty of its own evidence (`stated_certainty`: high, moderate, low, very_low),
why a study is indirect evidence for its claim (`indirect`: combination, surrogate, device),
and the curator's override of the overall judgement (`cur_rob`). The domains with their
deciding sentences live in the `assessment` JSON beside the other findings.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("rob_overall", sa.String(length=16)),
    ("stated_certainty", sa.String(length=16)),
    ("indirect", sa.String(length=16)),
    ("cur_rob", sa.String(length=16)),
)


def upgrade() -> None:
    # Plain ADD COLUMN on both databases: no batch rebuild, so the search triggers of 0002
    # stay as they are.
    for name, kind in _COLUMNS:
        op.add_column("claim_article", sa.Column(name, kind, nullable=True))
    op.add_column(
        "claim_article",
        sa.Column("rob_key_concern", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    for name in ("rob_key_concern", *(name for name, _ in reversed(_COLUMNS))):
        op.drop_column("claim_article", name)
