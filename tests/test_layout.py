"""The engine's layout: geo/ is grouped by what it holds, documented module by module, and free of Streamlit."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GEO = ROOT / "geo"
GROUPS = {"intake", "storage", "rule", "travels", "maps"}
MODULES = sorted(p for p in GEO.rglob("*.py") if "migrations" not in p.parts and p.name != "__init__.py")


def test_geo_holds_only_its_groups_and_the_shared_vocabulary():
    loose = sorted(p.name for p in GEO.glob("*.py") if p.name != "__init__.py")
    groups = {p.name for p in GEO.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert loose == ["vocab.py"]
    assert groups == GROUPS


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(GEO)))
def test_each_engine_module_leaves_streamlit_to_ui(module):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert not imported & {"streamlit", "streamlit_folium", "ui"}


def test_the_layout_page_names_every_group_and_module():
    layout = (ROOT / "docs" / "layout.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in layout.splitlines() if line.startswith("| `geo/")}
    for module in MODULES:
        group = module.parent.name
        row = rows["`geo/`" if group == "geo" else f"`geo/{group}/`"]
        assert f"`{module.stem}`" in row, f"docs/layout.md does not say what geo/{group}/{module.name} holds"
