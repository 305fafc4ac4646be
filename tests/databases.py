"""Throwaway PostgreSQL schemas for tests, in the database `make test` sets up ($ATLAS_TEST_POSTGRES_URL)."""
from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

from sqlalchemy import create_engine, text

POSTGRES_URL = os.environ.get("ATLAS_TEST_POSTGRES_URL", "")
NO_POSTGRES = ("PostgreSQL: no server. Set ATLAS_TEST_POSTGRES_URL, or run `make test` as root on "
               "Debian, which installs and starts one.")


@contextlib.contextmanager
def postgres_schema() -> Iterator[str]:
    """A URL whose connections use a new, empty schema (every server given it shares it); dropped after."""
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f"create schema {schema}"))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"drop schema {schema} cascade"))
        admin.dispose()
