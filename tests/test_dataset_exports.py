"""Every export carries the datasets: a column per dataset column (named with its unit) in the CSV
and the GeoJSON, each dataset's value in the exported map's details, and each dataset's title,
source, years, coverage and caveats in the credits."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from geo.maps.dataset_layers import all_layers
from geo.intake.datasets import Metadata, read_dataset, shipped_datasets
from geo.maps.export import countries_csv, countries_geojson, country_details, dataset_credits
from geo.intake.io import VOTES_PATH, load_world, read_csv_bytes, read_csv_path
from geo.maps.join import join_countries

UPLOAD = ("country,year,share (%),stance\nEgypt,2020,78.2,=cmd\nEgypt,2021,80,open\nKenya,2021,n/a,open\n")


@pytest.fixture(scope="module")
def exported():
    gas = next(d for d in shipped_datasets() if d.key.startswith("gas-imports-from-russia-europe")
               or "Eurostat" in d.source)
    upload = read_dataset(UPLOAD.encode(), Metadata(title="Ports", source="https://example.org/ports")).dataset
    layers = (*all_layers(gas), *all_layers(upload))
    votes = read_csv_path(VOTES_PATH)
    countries = join_countries(load_world(), pd.DataFrame(), votes)
    return gas, upload, layers, countries, votes


def test_the_csv_has_each_dataset_columns_value_named_with_its_unit(exported):
    gas, upload, layers, countries, _ = exported
    table = read_csv_bytes(countries_csv(countries, pd.DataFrame(), 3, layers)).set_index("iso3")
    assert table.loc["EGY", "ds-ports-share-2020 (%)"] == "78.2"
    assert table.loc["EGY", "ds-ports-share-2021 (%)"] == "80"
    assert table.loc["KEN", "ds-ports-share-2021 (%)"] == ""  # a row without a value
    assert table.loc["USA", "ds-ports-share-2021 (%)"] == ""  # not covered
    assert table.loc["KEN", "ds-ports-stance-2021"] == "open"
    gas_column = next(c for c in table.columns if c.startswith(f"ds-{gas.key}"))
    expected = gas.values(gas.columns[0].name).set_index("iso3")["value"]
    assert float(table.loc["DEU", gas_column]) == pytest.approx(expected["DEU"])


def test_a_dataset_cell_a_spreadsheet_would_run_is_neutralised(exported):
    *_, layers, countries, _ = exported
    text = countries_csv(countries, pd.DataFrame(), 3, layers).decode("utf-8-sig")
    assert "'=cmd" in text and ",=cmd" not in text


def test_the_geojson_has_the_values_as_numbers_and_null_where_none(exported):
    *_, layers, countries, _ = exported
    data = json.loads(countries_geojson(countries, pd.DataFrame(), {"dataset_version": 3}, layers))
    by_iso3 = {f["properties"]["iso3"]: f["properties"] for f in data["features"]}
    assert by_iso3["EGY"]["ds-ports-share-2020 (%)"] == 78.2
    assert by_iso3["USA"]["ds-ports-share-2020 (%)"] is None
    assert by_iso3["KEN"]["ds-ports-share-2021 (%)"] is None


def test_the_credits_name_each_datasets_title_source_years_and_caveats(exported):
    gas, upload, layers, _, votes = exported
    credits = dataset_credits(votes, 3, layers)
    ports = next(line for line in credits if line.startswith("Dataset: Ports"))
    assert "unit: %" in ports and "years: 2020, 2021" in ports and "source: https://example.org/ports" in ports
    assert "columns: ds-ports-share-2020 (%), ds-ports-share-2021 (%)" in ports
    europe = next(line for line in credits if line.startswith(f"Dataset: {gas.title}"))
    assert gas.source in europe and "unverified values (not classed): AUT" in europe
    assert sum(line.startswith("Dataset: ") for line in credits) == 2  # once per dataset


def test_the_exported_maps_details_give_each_datasets_value(exported):
    gas, _, layers, countries, _ = exported
    details = country_details(countries, pd.DataFrame(), layers)
    facts = dict(details["EGY"]["facts"])
    assert facts["Ports: share (%) (2020)"] == "78.2%"
    assert facts["Ports: stance (2021)"] == "open"
    assert dict(details["USA"]["facts"])["Ports: share (%) (2020)"] == "Not covered by this dataset"
    assert dict(details["AUT"]["facts"])[next(l.vocabulary.title for l in layers if l.dataset is gas)] \
        .startswith("unverified")
