"""Alembic environment: runs on the connection labelapp.migrate hands over."""

from __future__ import annotations

from typing import Any
from typing import Literal

from alembic import context

import labelapp.models  # noqa: F401  (registers every table on the metadata)
from labelapp.db import Base
from labelapp.db import UTCDateTime

config = context.config
target_metadata = Base.metadata


def render_item(kind: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    # Migrations store the plain column type; UTC handling is the model's job.
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through labelapp.migrate (labelapp init)")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline migrations are not supported; run labelapp init")
run_migrations_online()
