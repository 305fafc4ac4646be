"""Uploading a dataset of country figures on the Upload page (AppTest): read, described, previewed,
nothing stored until it is saved with the editor token; saved and deleted as versions; a stale save
refused; the records upload stays the default."""
from __future__ import annotations

import mapclassify
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from geo.storage.store import Store

TIMEOUT = 60
# A Windows-1252 semicolon file with decimal commas, a percent sign, a junk cell and a guess.
FILE = ("Land;Anteil\r\nGermany;66,2\r\nCôte d'Ivoire;12,5 %\r\nEgypt;78,2\r\nFrance;n/a\r\n"
        "Italy;abc\r\nPoland;40\r\nBrazill;3\r\nIndia;1.234,5\r\n").encode("cp1252")


@pytest.fixture
def dataset_page(store_url):
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT).switch_page("pages/upload.py")
    app.run()
    assert not app.exception, app.exception
    app.radio(key="upload_kind").set_value("dataset").run()
    assert not app.exception, app.exception
    return app


def text(elements) -> str:
    return " ".join(e.value for e in elements).replace("\\", "")


def test_records_stay_the_default_upload(store_url):
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT).switch_page("pages/upload.py")
    app.run()
    assert app.radio(key="upload_kind").value == "records"
    assert app.file_uploader[0].label == "CSV file with country records"


def test_a_decimal_comma_file_is_described_then_drawn_with_mapclassify_classes(dataset_page, store_url):
    app = dataset_page
    app.file_uploader[0].set_value(("anteil.csv", FILE, "text/csv")).run()
    assert not app.exception, app.exception
    assert "Numbers are read with a decimal comma" in text(app.info)
    warnings = text(app.warning)
    assert "Line 6: 'abc' in 'Anteil' is neither a number nor a missing value" in warnings
    assert app.dataframe[0].value["as written"].tolist() == ["Brazill"]  # a guess, to accept
    assert "the dataset needs: title, source, year" in warnings
    app.text_input(key="dataset_title").input("Share of something")
    app.text_input(key="dataset_source").input("A survey, 2021")
    app.text_input(key="dataset_year").input("2021")
    app.run()
    assert not app.exception, app.exception
    values = np.array([66.2, 12.5, 78.2, 40, 1234.5])  # Brazil's guess is not used until accepted
    bins = mapclassify.FisherJenks(values, k=5).bins
    assert bins.tolist() == [12.5, 40, 66.2, 78.2, 1234.5]
    legend = text(app.markdown)
    assert "Covers 6 of the 193 UN members." in legend  # France has a row, with no value
    assert "Not covered by this dataset: **187**" in legend and "No data: **1**" in legend
    for label in ("- 12.5%: **1**", "- 12.5% to 40%: **1**", "- 40% to 66.2%: **1**",
                  "- 66.2% to 78.2%: **1**", "- 78.2% to 1,234%: **1**"):
        assert label in legend
    app.checkbox(key="dataset_accept").check().run()
    assert "Covers 7 of the 193 UN members." in text(app.markdown)


def test_nothing_is_stored(dataset_page, store_url):
    before = Store(store_url).current_version()
    dataset_page.file_uploader[0].set_value(("a.csv", b"country,value,unit,source,year,title\n"
                                             b"Egypt,78.2,%,ONE,2020,Wheat\n", "text/csv")).run()
    assert not dataset_page.exception
    assert "Covers 1 of the 193 UN members." in text(dataset_page.markdown)
    assert Store(store_url).current_version() == before


def test_a_file_the_record_upload_refuses_is_refused_the_same_way(dataset_page):
    dataset_page.file_uploader[0].set_value(("a.csv", b"PK\x03\x04 not a csv", "text/csv")).run()
    assert "This is an Excel or OpenDocument workbook" in text(dataset_page.error)
    assert "Nothing was stored." in text(dataset_page.error)


TOKEN = "a-test-editor-token"
WHEAT = b"country,value,unit,source,year,title\nEgypt,78.2,%,ONE,2020,Wheat\nKenya,12,%,ONE,2020,Wheat\n"


@pytest.fixture
def editor_page(dataset_page, monkeypatch):
    monkeypatch.setenv("ATLAS_EDITOR_TOKEN", TOKEN)
    dataset_page.sidebar.text_input(key="editor_token").input(TOKEN)
    dataset_page.sidebar.text_input(key="editor_name").input("Editor")
    dataset_page.file_uploader[0].set_value(("wheat.csv", WHEAT, "text/csv")).run()
    assert not dataset_page.exception, dataset_page.exception
    return dataset_page


def test_saving_needs_the_editor_token(dataset_page, store_url):
    dataset_page.file_uploader[0].set_value(("wheat.csv", WHEAT, "text/csv")).run()
    dataset_page.button(key="dataset_save").click().run()
    assert "Saving a dataset needs the editor token, and none was entered" in text(dataset_page.error)
    assert "Nothing was saved." in text(dataset_page.error)
    assert Store(store_url).datasets.at() == []


def test_a_saved_dataset_is_a_version_in_the_list_and_the_layer_list_and_delete_is_one_too(editor_page, store_url):
    from ui.data import map_layers

    app = editor_page
    before = Store(store_url).current_version()
    app.button(key="dataset_save").click().run()
    assert not app.exception, app.exception
    assert f"Saved as version {before + 1}: 'Wheat' is in the overview's layer list" in text(app.success)
    store = Store(store_url)
    [held] = store.datasets.at()
    assert held.dataset.key == "wheat" and store.versions()[0].author == "Editor"
    assert "**Wheat** (%; 2 countries), saved in version" in text(app.markdown)
    assert "ds-wheat" in {c.key for c in map_layers()}
    delete = next(b for b in app.button if b.key.startswith("dataset_delete_wheat_"))
    delete.click().run()
    assert not app.exception, app.exception
    assert f"Deleted as version {before + 2}: 'Wheat' is no longer on the map" in text(app.success)
    assert Store(store_url).datasets.at() == [] and "ds-wheat" not in {c.key for c in map_layers()}


def test_a_stale_save_is_refused_with_a_sentence_then_the_second_press_saves(editor_page, store_url):
    app = editor_page
    other = Store(store_url)  # another reader saves something meanwhile, on another server
    from geo.maps.dataset_layers import Classing
    from geo.intake.datasets import read_dataset
    previewed = other.current_version()
    other.save_dataset(read_dataset(WHEAT.replace(b"Wheat", b"Gas")).dataset, Classing())
    app.button(key="dataset_save").click().run()
    assert (f"Not saved: the atlas changed since your preview (it is now version {previewed + 1}, you "
            f"previewed version {previewed})") in text(app.error)
    assert [d.dataset.key for d in Store(store_url).datasets.at()] == ["gas"]
    app.button(key="dataset_save").click().run()
    assert "Saved as version" in text(app.success)
    assert [d.dataset.key for d in Store(store_url).datasets.at()] == ["gas", "wheat"]


def test_a_title_of_a_shipped_example_cannot_be_saved(dataset_page):
    from ui.data import shipped_data
    shipped = next(layer.dataset.title for layer in shipped_data().datasets)
    app = dataset_page
    app.file_uploader[0].set_value(("x.csv", WHEAT.replace(b"Wheat", shipped.encode()), "text/csv")).run()
    assert "A shipped example already has the title" in text(app.warning)
    assert not [b for b in app.button if b.key == "dataset_save"]


def test_the_chart_sets_a_numeric_dataset_beside_a_saved_categorical_one(store_url):
    """The overview's 'Set beside' offers a categorical dataset as it offers the votes."""
    from geo.maps.dataset_layers import Classing
    from geo.intake.datasets import Metadata, read_dataset

    store = Store(store_url)
    meta = Metadata(title="Ports", source="https://example.org/ports", year="2023", unit="%")
    ports = read_dataset(b"country,share,port\nEgypt,10,open\nKenya,20,open\nIndia,30,closed\n", meta).dataset
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    app.run()  # the app seeds the store
    store.save_dataset(ports, Classing())
    app = AppTest.from_file("../app.py", default_timeout=TIMEOUT)
    app.query_params["layer"] = "ds-ports-share"
    app.run()
    assert not app.exception, app.exception
    beside = app.selectbox(key="compare_by")
    assert "Ports: port (2023)" in beside.options  # beside the atlas's own layers
    beside.set_value("ds-ports-port").run()
    sentence = text(app.markdown)
    assert "by Ports: port (2023): open: 2, median 15%" in sentence and "closed: 1, median 30%" in sentence


def test_a_new_file_starts_a_new_form_not_the_previous_files_title(dataset_page):
    """What was typed for one file is not carried to the next: a second file without a title column
    asks for one again rather than drawing under the first file's title and source."""
    app = dataset_page
    app.file_uploader[0].set_value(("anteil.csv", FILE, "text/csv")).run()
    app.text_input(key="dataset_title").input("Share of something")
    app.text_input(key="dataset_source").input("A survey, 2021")
    app.text_input(key="dataset_year").input("2021")
    app.run()
    assert "Covers 6 of the 193 UN members." in text(app.markdown)
    app.file_uploader[0].set_value(("other.csv", b"country,value\nEgypt,1\nIndia,2\n", "text/csv")).run()
    assert not app.exception, app.exception
    assert app.text_input(key="dataset_title").value == ""
    assert app.text_input(key="dataset_source").value == ""
    assert "the dataset needs: title, source, year" in text(app.warning)
    # the file's own columns still fill the form in
    app.file_uploader[0].set_value(("own.csv", b"country,value,unit,source,year,title\n"
                                   b"Egypt,78.2,%,ONE,2020,Wheat\n", "text/csv")).run()
    assert app.text_input(key="dataset_title").value == "Wheat"
    assert "Covers 1 of the 193 UN members." in text(app.markdown)


def test_a_saved_dataset_is_classed_once_not_again_when_records_change(store_url, monkeypatch):
    """Its layers are kept by content: a World Bank file's 64 years of natural breaks took 3.6 s,
    paid again by the first reader after every change to the records."""
    from geo.intake.datasets import Metadata, read_dataset
    from geo.maps import dataset_layers
    from geo.maps.dataset_layers import Classing
    from ui import data

    data._saved_layers.clear()  # what other tests of this process classed
    classed = []
    real = dataset_layers.all_layers
    monkeypatch.setattr(data, "all_layers", lambda *args: classed.append(args[0].key) or real(*args))
    store = data.get_store()
    meta = Metadata(title="Ports", source="https://example.org/ports", year="2023", unit="%")
    ports = read_dataset(b"country,share\nEgypt,10\nKenya,20\nIndia,30\n", meta).dataset
    store.save_dataset(ports, Classing())
    assert "ds-ports" in {layer.key for layer in data.dataset_layers()}
    record = store.current().head(1).assign(evidence="A later statement", as_of="2023-01-05")
    store.apply(record, "merge", author="test")
    assert "ds-ports" in {layer.key for layer in data.dataset_layers()}
    assert classed.count("ports") == 1, classed
    store.save_dataset(ports, Classing(method="quantiles", k=3))
    assert [layer.classes.method for layer in data.dataset_layers() if layer.key == "ds-ports"] \
        == ["quantiles"]
    assert classed.count("ports") == 2, "new classes are a new content, classed again"
