"""Datasets: a CSV of country figures read as people write it, and classed as mapclassify does."""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import mapclassify
import numpy as np
import pandas as pd
import pytest

from geo.maps.dataset_layers import (NOT_COVERED, UNVERIFIED, classify, dataset_layer, format_value,
                                layer_column)
from geo.intake.datasets import Metadata, read_dataset
from geo.intake.io import DataError
from geo.intake.numbers import detect_decimal, parse_number

FORM = Metadata(title="Wheat", unit="%", source="A survey, 2021", year="2020")


@pytest.mark.parametrize("text, decimal, expected", [
    ("78.2%", ".", 78.2), ("1,234.5", ".", 1234.5), ("1 234", ".", 1234.0), ("1\u00a0234", ".", 1234.0),
    ("1.234,5", ",", 1234.5), ("66,2", ",", 66.2), ("\u22123.5", ".", -3.5), ("1e3", ".", 1000.0),
    ("12 345 678", ".", 12345678.0), ("-0.5", ".", -0.5),
])
def test_numbers_are_read_as_people_write_them(text, decimal, expected):
    assert parse_number(text, decimal) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "n/a", "NA", "..", "-", "\u2014", " N/A "])
def test_missing_values_are_missing_not_zero(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["abc", "1,23,4", "12a", "1.2.3", "--", "%"])
def test_junk_is_refused(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_the_decimal_mark_is_decided_per_file():
    assert detect_decimal(["66,2", "1.234,5", "3"]) == ","
    assert detect_decimal(["1,234", "0.25"]) == "."
    assert detect_decimal(["1,234", "12"]) == "."  # nothing says otherwise: a decimal point


def test_a_windows_1252_semicolon_file_with_decimal_commas_is_read():
    data = ("Land;Anteil\r\nGermany;66,2\r\nCôte d'Ivoire;1.234,5\r\nFrance;n/a\r\n"
            "Italy;abc\r\nBrazill;3\r\n").encode("cp1252")
    check = read_dataset(data, FORM)
    assert check.decimal == ","
    assert [p.message for p in check.problems] == [
        "Line 5: 'abc' in 'Anteil' is neither a number nor a missing value (leave it empty or write "
        "n/a). Correct it; the row is left out until then."]
    assert check.guesses["country"].tolist() == ["Brazill"]  # a guess: not used until accepted
    table = check.dataset.table.set_index("iso3")
    assert table.loc["DEU", "Anteil"] == pytest.approx(66.2)
    assert table.loc["CIV", "Anteil"] == pytest.approx(1234.5)
    assert np.isnan(table.loc["FRA", "Anteil"])
    assert "ITA" not in table.index and "BRA" not in table.index
    accepted = read_dataset(data, FORM, accept_guesses=True)
    assert accepted.dataset.table.set_index("iso3").loc["BRA", "Anteil"] == 3


def test_a_long_file_shows_its_latest_year_and_keeps_the_others():
    data = b"country,year,gdp\nIndia,2020,1.0\nIndia,2021,2.0\nChina,2021,3\nChina,2019,4\n"
    dataset = read_dataset(data, Metadata(title="GDP", unit="bn", source="IMF")).dataset
    assert dataset.periods == ["2019", "2020", "2021"]
    latest = dataset.values("gdp").set_index("iso3")["value"]
    assert latest.to_dict() == {"IND": 2.0, "CHN": 3.0}
    assert dataset.values("gdp", "2019").set_index("iso3")["value"].to_dict() == {"CHN": 4.0}


def test_metadata_comes_from_the_file_where_it_has_it_otherwise_it_is_asked_for():
    data = b"iso3,value,unit,source,year\nEGY,78.2,%,ONE Campaign,2018-2020\n"
    assert read_dataset(data).missing == ["title"]
    check = read_dataset(data, Metadata(title="Wheat"))
    assert check.dataset.unit == "%" and check.dataset.source == "ONE Campaign"
    assert check.dataset.periods == ["2018-2020"]
    bare = read_dataset(b"country,share\nEgypt,78.2%\n")
    assert bare.missing == ["title", "source", "year"]  # the unit is the cells' percent sign


def test_a_text_column_is_a_category_column_with_at_most_twelve_categories():
    rows = "".join(f"{name},{'big' if i % 2 else 'small'}\n"
                   for i, name in enumerate(["France", "Egypt", "India", "Chile"]))
    dataset = read_dataset(("country,size\n" + rows).encode(), FORM).dataset
    assert dataset.column("size").kind == "categorical"
    assert dataset.column("size").categories == ("small", "big")
    names = ["France", "Egypt", "India", "Chile", "Peru", "Japan", "Kenya", "Ghana", "Mali",
             "Chad", "Niger", "Iran", "Iraq"]
    many = "".join(f"{n},kind {i}\n" for i, n in enumerate(names))
    with pytest.raises(DataError, match="13 different values; a category column may have at most 12"):
        read_dataset(("country,kind\n" + many).encode(), FORM)


def test_the_same_refusals_as_records_by_the_same_reader():
    with pytest.raises(DataError, match="Line 1002: the file holds a zero byte"):
        read_dataset(b"country,value\n" + b"Chile,1\n" * 1000 + b"France,1\x00\n")
    check = read_dataset("country,value\n\u202eFrance,1\nEgypt,2\n".encode(), FORM)
    assert "direction control" in check.problems[0].message
    assert check.dataset.table["iso3"].tolist() == ["EGY"]


def test_a_country_given_twice_keeps_the_first_and_names_the_second():
    check = read_dataset(b"country,value\nFrance,1\nFrance,2\n", FORM)
    assert check.problems[0].message.startswith("Line 3: FRA already has a value for 2020 on line 2")
    assert check.dataset.table["value"].tolist() == [1.0]


VALUES = np.array([0.14, 16.03, 99.9, 78.2, 51.1, 40.0, 47.0, 3.0, 5.0, 60.0, 88.0, 12.5, 0.0, 33.3])


@pytest.mark.parametrize("method, classifier", [
    ("natural_breaks", lambda v: mapclassify.FisherJenks(v, k=5)),
    ("quantiles", lambda v: mapclassify.Quantiles(v, k=5)),
    ("equal_interval", lambda v: mapclassify.EqualInterval(v, k=5)),
])
def test_classes_are_mapclassifys(method, classifier):
    expected = classifier(VALUES)
    classes = classify(VALUES, method, 5, unit="%")
    assert classes.bins == pytest.approx(tuple(expected.bins))
    assert classes.index(VALUES).tolist() == expected.yb.tolist()
    assert classes.colours == ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")  # YlGnBu 5


def test_typed_breaks_and_a_diverging_scheme_around_zero():
    typed = classify(VALUES, "user", breaks=(10, 50), unit="%")
    assert typed.bins == pytest.approx(tuple(mapclassify.UserDefined(VALUES, [10, 50, 99.9]).bins))
    assert typed.labels == ("0% to 10%", "10% to 50%", "50% to 99.9%")
    changes = np.array([-5.0, -2, -1, 0.5, 3, 8, 10])
    diverging = classify(changes, "equal_interval", 4)
    assert diverging.diverging and 0.0 in diverging.bins  # no class straddles zero
    assert not classify(VALUES).diverging


def test_format_value():
    assert format_value(78.2, "%") == "78.2%"
    assert format_value(1234.5, "TIV m") == "1,234 TIV m"
    assert format_value(-3, "") == "\u22123"


def test_a_layer_draws_uncovered_countries_apart_from_missing_values_and_unverified_ones():
    data = (b"country,value,unit,source,year,unverified\nAustria,0,%,Eurostat,2020,yes\n"
            b"Germany,55,%,Eurostat,2020,\nItaly,n/a,%,Eurostat,2020,\nPoland,40,%,Eurostat,2020,\n")
    dataset = read_dataset(data, Metadata(title="Gas")).dataset
    layer = dataset_layer(dataset, "value")
    column = layer_column(layer, pd.Series(["AUT", "DEU", "ITA", "FRA"]))
    assert column[0] == UNVERIFIED and column[1].startswith("c") and column[2] == "" and column[3] == NOT_COVERED
    assert layer.hover["DEU"] == "55%" and layer.hover["AUT"] == "unverified (0%)"
    assert layer.classes.lower == 40  # Austria's doubtful 0 is not classed


def test_the_shipped_examples_load_as_uploads_do_with_their_coverage():
    from geo.intake.countries import un_members
    from geo.intake.datasets import shipped_datasets

    members = pd.Series(sorted(un_members()))
    by_title = {d.title: d for d in shipped_datasets()}
    arms = by_title["Arms imports from Russia (share of all arms imports)"]
    assert arms.periods == ["2017-2021", "2018-2022"]
    covered = lambda d, period=None: int(members.isin(dataset_layer(d, "value", period).covered).sum())
    assert covered(arms, "2017-2021") == 157 and covered(arms) == 162
    wheat = by_title["Wheat imports from Russia and Ukraine together (Africa)"]
    assert covered(wheat) == 42
    assert wheat.values("value").set_index("iso3").loc["EGY", "value"] == pytest.approx(78.22)
    gas = by_title["Natural-gas imports from Russia (Europe)"]
    austria = gas.values("value").set_index("iso3").loc["AUT"]
    assert austria["unverified"] and "DOUBTFUL" in austria["note"]
    assert "GBR" not in set(gas.table["iso3"])  # no 2020 value: not covered, not zero
    assert "TIV" in arms.about and "not a price" in arms.about


@pytest.mark.skipif(not any((p / "shared" / "reference").is_dir() for p in Path(__file__).resolve().parents)
                    and not os.environ.get("ATLAS_REFERENCE"),
                    reason="the shared reference is not checked out beside this clone")
def test_the_shipped_examples_are_what_make_data_makes(tmp_path, monkeypatch):
    import importlib.util

    from geo.intake.datasets import SHIPPED_DIR

    spec = importlib.util.spec_from_file_location("build_datasets", "scripts/build_datasets.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    monkeypatch.setattr(build, "OUT", tmp_path)
    build.main()
    for path in SHIPPED_DIR.glob("*.csv"):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in SHIPPED_DIR.glob("*.csv"))


def test_the_arms_and_wheat_medians_by_the_es11_1_vote_agree_with_an_independent_count():
    from geo.rule.compare import compare
    from geo.intake.datasets import shipped_datasets
    from geo.intake.io import VOTES_PATH, read_csv_path
    from geo.vocab import UN_VOTE

    votes = read_csv_path(VOTES_PATH)
    votes = votes[votes["resolution"] == "ES-11/1"]
    countries = pd.DataFrame({"iso3": votes["iso3"], "name": votes["country"], "un_member": True,
                              UN_VOTE.column: votes["vote"]})
    by_title = {d.title: d for d in shipped_datasets()}
    arms = compare(dataset_layer(by_title["Arms imports from Russia (share of all arms imports)"],
                                 "value", "2017-2021"), countries, UN_VOTE)
    groups = {g.label: g for g in arms.groups}
    assert arms.total == 157
    assert (groups["Abstained"].members, groups["Abstained"].median) == (31, 35.0)
    assert (groups["In favour"].members, groups["In favour"].median) == (112, 0.0)
    assert groups["Against"].small and not groups["In favour"].small
    assert arms.sentence.startswith("Of the 157 UN members with a value for Arms imports from Russia "
                                    "(share of all arms imports) (2017-2021), by UN vote ES-11/1")
    assert "In favour: 112, median 0%; Abstained: 31, median 35%;" in arms.sentence
    assert "Against: 3, median 99.7% (fewer than 20 members: read with care)" in arms.sentence
    wheat = compare(dataset_layer(by_title["Wheat imports from Russia and Ukraine together (Africa)"], "value"),
                    countries, UN_VOTE)
    groups = {g.label: g for g in wheat.groups}
    assert wheat.total == 42
    assert groups["Abstained"].members == 14 and round(groups["Abstained"].median) == 40
    assert groups["In favour"].members == 20 and round(groups["In favour"].median) == 47
    assert groups["Abstained"].small and not groups["In favour"].small



def test_a_numeric_dataset_is_set_beside_a_categorical_dataset_as_beside_the_atlass_own_layers():
    """One model: a categorical upload's vocabulary groups the chart as the votes' does; the
    countries it does not cover are no group of it."""
    from geo.rule.compare import compare

    meta = Metadata(title="Share", source="x", year="2023", unit="%")
    shares = read_dataset(b"country,share\nEgypt,10\nKenya,20\nIndia,30\nBrazil,50\nChile,70\nPeru,90\n",
                          meta).dataset
    ports = dataset_layer(read_dataset(b"country,port\nEgypt,open\nKenya,open\nIndia,closed\nBrazil,closed\n"
                                       b"Chile,closed\n", replace(meta, title="Ports")).dataset, "port")
    countries = pd.DataFrame({"iso3": ["EGY", "KEN", "IND", "BRA", "CHL", "PER"], "name": list("abcdef"),
                              "un_member": True})
    countries[ports.vocabulary.column] = layer_column(ports, countries["iso3"])
    result = compare(dataset_layer(shares, "share"), countries, ports.vocabulary)
    assert {g.label: (g.members, g.median) for g in result.groups} == {"open": (2, 15.0), "closed": (3, 50.0)}
    assert "Not covered" not in result.sentence  # Peru has a share but no port row


# A World Bank download (API_*.csv) as it comes: four lines about the data before the header, the
# years as columns (the latest still empty), a trailing comma, regions and income groups as rows.
WORLD_BANK = ('\ufeff"Data Source","World Development Indicators",\n\n'
              '"Last Updated Date","2024-06-28",\n\n'
              '"Country Name","Country Code","Indicator Name","Indicator Code","2019","2020","2021",\n'
              '"Egypt, Arab Rep.","EGY","Cereal imports (% of total)","X.CER","12.5","14","",\n'
              '"Iran, Islamic Rep.","IRN","Cereal imports (% of total)","X.CER","3.25","","",\n'
              '"World","WLD","Cereal imports (% of total)","X.CER","7","8","",\n'
              '"Sub-Saharan Africa","SSF","Cereal imports (% of total)","X.CER","9","10","",\n'
              '"Korea, Rep.","KOR","Cereal imports (% of total)","X.CER","1","2","",\n'
              '"High income","HIC","Cereal imports (% of total)","X.CER","5","6","",\n').encode()


def test_a_world_bank_download_is_read_with_its_years_as_periods():
    check = read_dataset(WORLD_BANK, Metadata(source="World Bank WDI", unit="%"))
    assert check.missing == []
    dataset = check.dataset
    assert dataset.title == "Cereal imports (% of total)"  # the indicator's name
    assert dataset.periods == ["2019", "2020"]  # 2021 has no value at all: not a year of the data
    assert dataset.latest == "2020"
    assert [c.name for c in dataset.columns] == ["Value"]
    latest = dataset.values("Value").set_index("iso3")["value"]
    assert (latest["EGY"], latest["KOR"]) == (14.0, 2.0) and np.isnan(latest["IRN"])  # covered, no value
    earlier = dataset.values("Value", "2019").set_index("iso3")["value"].to_dict()
    assert earlier == {"EGY": 12.5, "IRN": 3.25, "KOR": 1.0}
    # the lines named are the file's own
    assert set(dataset.table["line"]) == {6, 7, 10}


def test_regions_and_income_groups_are_one_message_not_unknown_countries():
    check = read_dataset(WORLD_BANK, Metadata(source="World Bank WDI", unit="%"))
    messages = [p.message for p in check.problems]
    assert messages == ["Lines 8, 9 and 11: 'World', 'Sub-Saharan Africa' and 'High income' are groups "
                        "of countries (regions, income groups), not countries; their rows are left out."]
    assert "South Africa" not in " ".join(messages)  # no 'Did you mean' for a region


def test_columns_named_by_years_are_the_years_and_other_columns_stay_columns():
    check = read_dataset(b"country,2020\nEgypt,1\nIndia,2\n", Metadata(title="T", source="S", unit="t"))
    assert check.missing == [] and check.dataset.periods == ["2020"]
    check = read_dataset(b"country,gdp,2020\nEgypt,1,2\n", Metadata(title="T", source="S", unit="t"))
    assert check.missing == ["year"]  # a year among other figures is a column like them


def test_an_our_world_in_data_file_is_read_by_its_entity_and_code_columns():
    owid = (b"Entity,Code,Year,Share of wheat imports from Russia (%)\nAfrica,,2020,40.1\n"
            b"Egypt,EGY,2019,60.2\nEgypt,EGY,2020,61.5\nWorld,OWID_WRL,2020,20\nKosovo,OWID_KOS,2020,3\n"
            b"High-income countries,,2020,4\nIndia,IND,2020,1\n")
    check = read_dataset(owid, Metadata(title="Wheat", source="OWID"))
    assert [p.message for p in check.problems] == [
        "Lines 2, 5 and 7: 'Africa', 'World' and 'High-income countries' are groups of countries "
        "(regions, income groups), not countries; their rows are left out."]
    latest = check.dataset.values("Share of wheat imports from Russia (%)").set_index("iso3")["value"]
    assert latest.to_dict() == {"EGY": 61.5, "XKX": 3.0, "IND": 1.0}
