"""Reading the reference facts (../shared/reference/) and writing data/ files, for the build scripts."""
from __future__ import annotations

import csv
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# ../shared/reference beside the checkout (or beside the folder of a git worktree), or $ATLAS_REFERENCE.
REFERENCE = Path(os.environ.get("ATLAS_REFERENCE") or next(
    (p / "shared" / "reference" for p in ROOT.parents if (p / "shared" / "reference").is_dir()),
    ROOT.parent / "shared" / "reference"))


def read(name: str) -> list[dict[str, str]]:
    """One reference file's rows."""
    with (REFERENCE / name).open(newline="") as f:
        return list(csv.DictReader(f))


def write(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> None:
    """ROWS as a CSV file of the atlas's data (Unix line ends, the first row's keys as header)."""
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns or list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
