"""Alembic's entry point for the store: run by geo.storage.migrate.upgrade on the store's own connection.

There is no alembic.ini: geo.storage.migrate builds the configuration and hands over a connection that
already holds the migration lock, so this file only runs the scripts in versions/ on it.
"""
from alembic import context

from geo.storage.store_schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
