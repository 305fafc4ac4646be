"""What people download: a template that validates, formula-safe CSV, GeoJSON of every country."""
import json

import pandas as pd
import pytest

from geo.storage.changes import plan_changes
from geo.maps.export import countries_geojson, neutralise, records_csv, template_csv
from geo.intake.io import VOTES_PATH, load_world, read_csv_bytes, read_csv_path
from geo.maps.join import join_countries
from geo.intake.records import validate_records
from geo.vocab import CONFIDENCE, RECORD_FIELDS, RUSSIA_STANCE, US_ALIGNMENT


def test_the_template_has_every_column_one_example_and_the_allowed_values():
    frame = read_csv_bytes(template_csv())
    assert frame.columns.tolist() == [f.name for f in RECORD_FIELDS]
    assert len(frame) == 1
    note = frame.loc[0, "note"]
    for values in (US_ALIGNMENT.values, RUSSIA_STANCE.values, CONFIDENCE):
        assert ", ".join(values) in note


def test_the_template_uploaded_as_it_is_is_valid():
    result = validate_records(read_csv_bytes(template_csv()))
    assert result.ok and result.records.loc[0, "iso3"] == "TUR"


@pytest.mark.parametrize("cell, safe", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("Turkey", "Turkey"), ("", ""), ("a=b", "a=b"),
])
def test_cells_a_spreadsheet_would_run_are_neutralised(cell, safe):
    assert neutralise(cell) == safe


def test_exported_csv_is_formula_safe_and_reads_back_unchanged():
    records = pd.DataFrame([{"country": "Egypt", "iso3": "EGY", "us_alignment": "partner",
                             "russia_stance": "friendly", "blocs": "AU", "evidence": "=cmd|' /C calc'!A0",
                             "source": "@AP", "as_of": "2022-07-27", "confidence": "high",
                             "note": "-1"}])
    data = records_csv(records)
    text = data.decode("utf-8-sig")
    assert "'=cmd" in text and "'@AP" in text and "'-1" in text
    assert not any(line.split(",")[5].startswith(("=", "+", "-", "@")) for line in text.splitlines()[1:])
    back = validate_records(read_csv_bytes(data))
    assert back.ok
    assert plan_changes(records, back.records).unchanged == 1


def test_geojson_has_every_country_with_its_latest_record():
    records = pd.DataFrame([{"country": "Turkey", "iso3": "TUR", "us_alignment": "treaty_ally",
                             "russia_stance": "hedging", "blocs": "NATO", "evidence": "<b>met</b>",
                             "source": "AP", "as_of": "2022-07-27", "confidence": "high", "note": ""}])
    world = load_world()
    countries = join_countries(world, records, read_csv_path(VOTES_PATH))
    data = json.loads(countries_geojson(countries, records))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == len(world)
    turkey = next(f for f in data["features"] if f["properties"]["iso3"] == "TUR")
    assert turkey["properties"]["russia_stance"] == "hedging"
    assert turkey["properties"]["evidence"] == "<b>met</b>"
    assert turkey["properties"]["vote"] == "yes"
    assert turkey["geometry"]["type"] in ("Polygon", "MultiPolygon")
