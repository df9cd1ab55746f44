"""Alembic environment for the Hub: migrations run on a connection handed in by hub.db."""

from __future__ import annotations

from alembic import context

from hub.models import Base

config = context.config
connection = config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
