"""Datasets saved in the store: each save and delete a version, stale saves refused, rollbacks
restoring records and datasets alike, on SQLite and PostgreSQL (the database_url fixture)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.maps.dataset_layers import Classing, dataset_layer
from geo.storage.dataset_store import dataset_from_json, dataset_json
from geo.intake.datasets import Metadata, read_dataset
from geo.storage.store import StaleVersion, Store, StoreError

WHEAT = ("country;share (%);note;unverified\nEgypt;78,2;;\nKenya;n/a;no figure;\nBrazil;1.234,5;;\n"
         "Côte d'Ivoire;\u22123,5;;yes\n")
LONG = "country,year,status,value\nEgypt,2020,open,1\nEgypt,2021,closed,2\nKenya,2021,open,3.5\n"


def _dataset(text: bytes | str, title: str = "Wheat from Russia"):
    data = text.encode() if isinstance(text, str) else text
    check = read_dataset(data, Metadata(title=title, source="https://example.org/wheat", year="2020",
                                        unit="%"))
    assert check.dataset is not None, check.missing
    return check.dataset


def _seeded(url: str) -> Store:
    store = Store(url)
    store.seed(pd.DataFrame([{"country": "Egypt", "iso3": "EGY", "us_alignment": "hedging",
                              "russia_stance": "engaged", "blocs": "", "evidence": "An example.",
                              "source": "https://example.org", "as_of": "2022-03-02",
                              "confidence": "medium", "note": ""}]))
    return store


def test_a_dataset_round_trips_through_its_stored_form_unchanged():
    for dataset in (_dataset(WHEAT), _dataset(LONG, "Ports")):
        classing = Classing("quantiles", 3, (10.0,), 0.5)
        back, classing_back = dataset_from_json(dataset_json(dataset, classing))
        assert classing_back == classing
        assert (back.key, back.title, back.unit, back.source, back.columns, back.decimal) == (
            dataset.key, dataset.title, dataset.unit, dataset.source, dataset.columns, dataset.decimal)
        pd.testing.assert_frame_equal(back.table, dataset.table, check_dtype=False)
        assert list(back.table.dtypes) == list(dataset.table.dtypes)
        for column in dataset.columns:
            for period in dataset.periods:
                a, b = dataset_layer(dataset, column.name, period), dataset_layer(back, column.name, period)
                assert (a.classes_by_iso3, a.hover, a.vocabulary) == (b.classes_by_iso3, b.hover, b.vocabulary)


def test_save_and_delete_are_versions_and_rollback_restores_records_and_datasets(database_url):
    store = _seeded(database_url)
    wheat = _dataset(WHEAT)
    saved = store.save_dataset(wheat, Classing(k=3), author="editor", expected_version=1)
    assert (saved.number, saved.action, saved.records, saved.author) == (2, "save dataset", 1, "editor")
    assert store.current_version() == 2
    [held] = store.datasets.at()
    assert (held.dataset.key, held.version, held.classing.k) == ("wheat-from-russia", 2, 3)
    assert store.datasets.at(1) == []

    records = store.apply(pd.DataFrame([{"country": "Kenya", "iso3": "KEN", "us_alignment": "aligned",
                                         "russia_stance": "distancing", "blocs": "", "evidence": "x",
                                         "source": "https://example.org", "as_of": "2022-03-02",
                                         "confidence": "medium", "note": ""}]), "merge", expected_version=2)
    assert records.number == 3 and len(store.datasets.at()) == 1  # an apply keeps the datasets
    deleted = store.delete_dataset("wheat-from-russia", author="editor", expected_version=3)
    assert (deleted.number, deleted.action) == (4, "delete dataset")
    assert store.datasets.at() == [] and len(store.datasets.at(3)) == 1  # the history keeps it

    # Version 3 differs from 4 only in its datasets: it is offered for a rollback, and restores it.
    digests = store.version_digests()
    assert digests[3] != digests[4]
    back = store.rollback(3, author="editor")
    assert back.number == 5 and [d.dataset.key for d in store.datasets.at()] == ["wheat-from-russia"]
    assert store.version_digests()[5] == digests[3]
    # One rollback to version 1 ends the Kenya record and the dataset together.
    store.rollback(1)
    assert store.datasets.at() == [] and list(store.current()["iso3"]) == ["EGY"]
    with pytest.raises(StoreError, match="already equals version 1"):
        store.rollback(1)
    store.close()


def test_a_stale_save_is_refused_and_changes_nothing(database_url):
    store = _seeded(database_url)
    wheat = _dataset(WHEAT)
    store.save_dataset(_dataset(LONG, "Ports"), Classing(), expected_version=1)  # someone else
    with pytest.raises(StaleVersion, match="now version 2, you previewed version 1"):
        store.save_dataset(wheat, Classing(), expected_version=1)
    with pytest.raises(StaleVersion):
        store.delete_dataset("ports", expected_version=1)
    assert store.current_version() == 2 and [d.dataset.key for d in store.datasets.at()] == ["ports"]
    store.close()


def test_saving_the_same_dataset_again_is_refused_and_a_new_one_replaces_it(database_url):
    store = _seeded(database_url)
    wheat = _dataset(WHEAT)
    store.save_dataset(wheat, Classing())
    with pytest.raises(StoreError, match="already saved exactly so"):
        store.save_dataset(wheat, Classing())
    store.save_dataset(wheat, Classing("equal_interval"))  # other classes: a new version
    assert store.current_version() == 3
    [held] = store.datasets.at()
    assert held.classing.method == "equal_interval" and store.datasets.at(2)[0].classing.method == "natural_breaks"
    with pytest.raises(StoreError, match="no longer saved"):
        store.delete_dataset("nothing-like-it")
    store.close()


def test_every_server_sees_a_dataset_saved_by_another(database_url):
    one, two = _seeded(database_url), Store(database_url)
    one.save_dataset(_dataset(WHEAT), Classing())
    [held] = two.datasets.at(two.current_version())
    values = held.dataset.values("share (%)")
    assert dict(zip(values["iso3"], values["value"]))["EGY"] == 78.2
    assert np.isnan(dict(zip(values["iso3"], values["value"]))["KEN"])
    one.close()
    two.close()
