"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from core.extensions import db
from core.models import UTCDateTime


def _same_type(context, inspected_column, metadata_column, inspected_type, metadata_type):
    """Treat our UTC wrapper as the plain timezone-aware DateTime it stores."""
    if isinstance(metadata_type, UTCDateTime):
        return inspected_type.__class__.__name__.upper() not in {"DATETIME", "TIMESTAMP"}
    return None


@pytest.mark.committed  # inspects the schema through a connection of its own
def test_models_and_migrations_agree(app) -> None:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": _same_type, "render_as_batch": True}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == [], (
        "The models differ from the migrations; run `signpost db migrate -m ...` and review it"
    )
