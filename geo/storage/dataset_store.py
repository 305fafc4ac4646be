"""Datasets saved in the store, versioned with the records (geo.storage.store composes this class).

A saved dataset is a row of atlas_datasets valid from the version that saved it until the version
that replaced or deleted it, as records are kept: so a save and a delete are each one numbered
version in the same sequence as records' applies and rollbacks, any version's datasets can be read
back, and a rollback (geo.storage.store.Store.rollback) restores records and datasets alike. Nothing is
ever deleted from the table.

Every method that writes runs inside the caller's transaction, after the caller took the writers'
lock (Store._lock_head), so saves from many servers queue like applies.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass
from datetime import datetime, timezone

import pandas as pd
from sqlalchemy import Connection, Engine, func, insert, or_, select, update

from geo.maps.dataset_layers import Classing
from geo.intake.datasets import Column, Dataset
from geo.storage.store_schema import datasets_table, digests_table, head_table, records_table, versions_table

FORMAT = 1  # of the stored JSON; a later release reading an older format converts it here


@dataclass(frozen=True, eq=False)
class SavedDataset:
    """A dataset as the store holds it: the checked dataset, its classes, the version that saved it."""

    dataset: Dataset
    classing: Classing
    version: int
    digest: str


def dataset_json(dataset: Dataset, classing: Classing) -> str:
    """The dataset and its classes as one JSON text (missing values as null), the same for the same data."""
    table = dataset.table
    rows = [[None if isinstance(v, float) and math.isnan(v) else v for v in row]
            for row in table.astype(object).itertuples(index=False, name=None)]
    return json.dumps({
        "format": FORMAT, "key": dataset.key, "title": dataset.title, "unit": dataset.unit,
        "source": dataset.source, "coverage": dataset.coverage, "about": dataset.about,
        "decimal": dataset.decimal, "columns": [asdict(c) for c in dataset.columns],
        "classing": asdict(classing), "table": {"columns": list(table.columns), "rows": rows},
    }, ensure_ascii=False, separators=(",", ":"), default=_plain)


def _plain(value):
    """numpy scalars (numpy.int64 lines, numpy.bool_ flags) as JSON takes them."""
    return value.item() if hasattr(value, "item") else str(value)


def dataset_from_json(text: str) -> tuple[Dataset, Classing]:
    """What dataset_json wrote, as the dataset and classes the map draws."""
    data = json.loads(text)
    columns = tuple(Column(c["name"], c["kind"], tuple(c["categories"]), c["unit"]) for c in data["columns"])
    table = pd.DataFrame(data["table"]["rows"], columns=data["table"]["columns"])
    for column in columns:
        table[column.name] = (table[column.name].astype(float) if column.kind == "numeric"
                              else table[column.name].fillna("").astype(str))
    table = table.astype({"iso3": str, "country": str, "period": str, "line": "int64", "source": str,
                          "note": str, "unverified": bool})
    classing = data["classing"]
    dataset = Dataset(key=data["key"], title=data["title"], unit=data["unit"], source=data["source"],
                      coverage=data["coverage"], about=data["about"], columns=columns, table=table,
                      decimal=data["decimal"])
    return dataset, Classing(classing["method"], int(classing["k"]), tuple(classing["breaks"]),
                             classing["midpoint"])


def _valid_at(version: int | None):
    c = datasets_table.c
    if version is None:
        return c.valid_to.is_(None)
    return (c.valid_from <= version) & or_(c.valid_to.is_(None), c.valid_to > version)


class DatasetStore:
    """The saved datasets of one store, read at any version and written as new versions."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def at(self, version: int | None = None) -> list[SavedDataset]:
        """The datasets saved as of VERSION (the current ones by default), by title."""
        c = datasets_table.c
        with self.engine.connect() as conn:
            rows = conn.execute(select(c.content, c.valid_from, c.digest).where(_valid_at(version))
                                .order_by(c.title, c.key)).all()
        return [SavedDataset(*dataset_from_json(row.content), row.valid_from, row.digest) for row in rows]

    @staticmethod
    def _current(conn: Connection, version: int | None = None) -> dict[str, tuple[int, str, str, str]]:
        c = datasets_table.c
        rows = conn.execute(select(c.key, c.id, c.title, c.content, c.digest).where(_valid_at(version)))
        return {row.key: (row.id, row.title, row.content, row.digest) for row in rows}

    # Writing, inside the caller's transaction and lock ---------------------------------------

    def save(self, conn: Connection, head: int, dataset: Dataset, classing: Classing, author: str,
             note: str = ""):
        """Save DATASET (replacing a saved one with the same key) as version head + 1."""
        content = dataset_json(dataset, classing)
        digest = hashlib.sha256(content.encode()).hexdigest()
        current = self._current(conn).get(dataset.key)
        if current is not None and current[3] == digest:
            raise ValueError(f"The dataset '{dataset.title}' is already saved exactly so; there is "
                             "nothing to save.")
        replaced = " (replacing the one saved before)" if current else ""
        version = self._version(conn, head, "save dataset", author,
                                note or f"Saved the dataset '{dataset.title}'{replaced}")
        if current is not None:
            self._end(conn, [current[0]], version.number)
        conn.execute(insert(datasets_table).values(key=dataset.key, title=dataset.title, content=content,
                                                   digest=digest, valid_from=version.number))
        return version

    def delete(self, conn: Connection, head: int, key: str, author: str, note: str = ""):
        """End the saved dataset KEY as version head + 1 (it stays in the history)."""
        current = self._current(conn).get(key)
        if current is None:
            raise KeyError(key)
        version = self._version(conn, head, "delete dataset", author,
                                note or f"Deleted the dataset '{current[1]}'")
        self._end(conn, [current[0]], version.number)
        return version

    def differs(self, conn: Connection, version: int) -> bool:
        """Whether the current datasets differ from those of VERSION."""
        now, then = self._current(conn), self._current(conn, version)
        return {k: v[3] for k, v in now.items()} != {k: v[3] for k, v in then.items()}

    def restore(self, conn: Connection, number: int, version: int) -> None:
        """Make version NUMBER's datasets those of VERSION (a rollback's part for datasets)."""
        now, then = self._current(conn), self._current(conn, version)
        ended = [row[0] for key, row in now.items() if then.get(key, (0, "", "", ""))[3] != row[3]]
        self._end(conn, ended, number)
        for key, (_, title, content, digest) in then.items():
            if now.get(key, (0, "", "", ""))[3] != digest:
                conn.execute(insert(datasets_table).values(key=key, title=title, content=content,
                                                           digest=digest, valid_from=number))

    @staticmethod
    def _end(conn: Connection, ids: list[int], number: int) -> None:
        if ids:
            conn.execute(update(datasets_table).where(datasets_table.c.id.in_(ids)).values(valid_to=number))

    @staticmethod
    def _version(conn: Connection, head: int, action: str, author: str, note: str):
        """A new version row for a change of datasets alone: the records stay as they are, and so
        does their fingerprint."""
        from geo.storage.store import Version  # geo.storage.store composes this class

        records = conn.execute(select(func.count()).select_from(records_table)
                               .where(records_table.c.valid_to.is_(None))).scalar_one()
        number = head + 1
        version = Version(number=number, created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                          author=(author or "anonymous").strip()[:200], action=action, note=note.strip(),
                          restores=None, records=records, added=0, changed=0, removed=0)
        conn.execute(insert(versions_table).values(**version.__dict__))
        previous = conn.execute(select(digests_table.c.digest).where(digests_table.c.number == head)).scalar()
        if previous is not None:
            conn.execute(insert(digests_table).values(number=number, digest=previous))
        conn.execute(update(head_table).where(head_table.c.id == 1).values(version=number))
        return version

    # Fingerprints ------------------------------------------------------------------------------

    def combined(self, digests: dict[int, str]) -> dict[int, str]:
        """Each version's records fingerprint (DIGESTS) joined with its datasets', so that two
        versions compare equal only when records and datasets both are (a store without saved
        datasets keeps its records fingerprints as they are)."""
        c = datasets_table.c
        with self.engine.connect() as conn:
            rows = conn.execute(select(c.key, c.digest, c.valid_from, c.valid_to)).all()
        if not rows:
            return digests
        out = {}
        for number, digest in digests.items():
            held = sorted(f"{r.key}:{r.digest}" for r in rows
                          if r.valid_from <= number and (r.valid_to is None or r.valid_to > number))
            out[number] = (hashlib.sha256("|".join([digest, *held]).encode()).hexdigest() if held
                           else digest)
        return out
