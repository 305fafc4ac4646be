"""The Upload page's dataset mode: a CSV of country figures, checked, previewed, saved, deleted.

Anyone may preview: the preview lives in the session only. With the editor token the dataset is
saved to the store as a new version (geo.storage.dataset_store), with the classes chosen here, and every
reader on every server then finds it in the overview's layer list; a saved dataset is deleted the
same way. The file goes through geo.intake.datasets (the one CSV reader, the one matcher), the classes
through geo.maps.dataset_layers, and the preview map is the overview's own map with one more layer.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import replace

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from geo.maps.dataset_layers import METHODS, Classing, coverage_sentence, dataset_layer, layer_column, layer_key
from geo.intake.datasets import Dataset, DatasetCheck, Metadata, read_dataset
from geo.intake.io import MAX_UPLOAD_MB, DataError
from geo.maps.layers import dataset_choropleth, layer_values
from geo.intake.numbers import parse_number
from geo.rule.shares import layer_shares, percent
from geo.storage.store import StaleVersion, Store, StoreError
from ui.data import Atlas, map_layers, shipped_data, static_url
from ui.editor import check_editor
from ui.map_view import overview_map
from ui.text import plain, source_links
from ui.upload import finish

log = logging.getLogger(__name__)

RECORDS, DATASET = "records", "dataset"
KINDS = {RECORDS: "Country records (alignment, relation to Russia)", DATASET: "A dataset of country figures"}
FIELDS = (("title", "Title", "What the figures are: 'Wheat imports from Russia and Ukraine together'."),
          ("unit", "Unit", "'%', 'USD million', 'TIV (millions)'..."),
          ("source", "Source", "A web address or a citation: publication, table, date."),
          ("year", "Year or as-of date", "The year (or period) the figures are for."),
          ("coverage", "Coverage", "Which countries the data covers ('African UN members')."),
          ("about", "Note", "Anything a reader should know: caveats, how it was computed."))


NOTHING_SAVED = "Nothing was saved."
SHOWN = "_dataset_shown"  # (the file's digest, the version its preview was first drawn on)


def chosen() -> bool:
    """Whether the person chose to upload a dataset (the records upload is the default)."""
    kind = st.radio("What are you uploading?", list(KINDS), format_func=KINDS.get, key="upload_kind",
                    horizontal=True)
    return kind == DATASET


def _check(data: bytes, digest: str, metadata: Metadata, accept: bool) -> DatasetCheck | str:
    """The file read once per (file, form, acceptance), however often the page reruns."""
    key = (digest, metadata, accept)
    memo = st.session_state.get("dataset_check")
    if memo is not None and memo[0] == key:
        return memo[1]
    try:
        result: DatasetCheck | str = read_dataset(data, metadata, accept)
    except DataError as exc:
        result = str(exc)
    except Exception:  # a bug of ours must not show a traceback to the person uploading
        log.exception("checking a dataset failed")
        result = "The file could not be read because of an error in the atlas (it has been logged)."
    st.session_state["dataset_check"] = (key, result)
    return result


def _form_metadata() -> Metadata:
    return Metadata(**{name: st.session_state.get(f"dataset_{name}", "") for name, _, _ in FIELDS})


def _metadata_form(check: DatasetCheck) -> None:
    """What the dataset is: the file's own columns fill in what they can; the rest is typed."""
    st.subheader("What the dataset is")
    for name, label, help_text in FIELDS:
        key = f"dataset_{name}"
        if key not in st.session_state and getattr(check.metadata, name):
            st.session_state[key] = getattr(check.metadata, name)
        required = name in ("title", "source", "year") or (name == "unit" and "unit" in check.missing)
        st.text_input(label + (" (required)" if required else ""), key=key, max_chars=500, help=help_text)


def _problems(check: DatasetCheck) -> None:
    st.info(f"{check.rows:,} rows read; {check.left_out:,} left out. {check.decimal_sentence}")
    if check.problems:
        lines = "\n".join(f"- {plain(p.message)}" for p in check.problems[:50])
        more = f"\n\n…and {len(check.problems) - 50:,} more." if len(check.problems) > 50 else ""
        st.warning(f"{len(check.problems):,} problem(s) found; those rows are left out:\n\n{lines}{more}")
    if len(check.guesses):
        st.warning(f"{len(check.guesses):,} country name(s) were guessed. Check them; their rows are "
                   "used only once you accept them.")
        st.dataframe(check.guesses[["line", "country", "matched_name"]].rename(
            columns={"country": "as written", "matched_name": "matched as"}), hide_index=True)
        st.checkbox("Accept these guesses", key="dataset_accept")


def _breaks(text: str, decimal: str) -> tuple[float, ...] | None:
    try:
        values = [parse_number(part, decimal) for part in text.replace(";", " ").split()]
    except ValueError:
        return None
    return tuple(v for v in values if v is not None)


def section(atlas: Atlas, store: Store, version: int, token: str, author: str) -> None:
    """Upload, check, describe and preview a dataset, save it with the editor token; the saved ones."""
    st.header("Upload a dataset and preview it")
    st.caption("A CSV with a country column (a name or a code) and one or more columns of figures or "
               "categories; or country, year and value for several years. Optional columns: unit, "
               "source, year, note. The preview lives in your session only; saving it to the atlas, "
               "for every reader, needs the editor token.")
    file = st.file_uploader("CSV file of country figures", key="dataset_file", max_upload_size=MAX_UPLOAD_MB)
    if file is not None:
        _uploaded(atlas, store, version, token, author, file.getvalue())
    saved_list(store, version, token, author)


# What the person set for one file; a new file starts afresh (its own columns fill the form in).
PER_FILE = (*(f"dataset_{name}" for name, _, _ in FIELDS), "dataset_accept", "dataset_column",
            "dataset_period", "dataset_method", "dataset_breaks", "dataset_k", "dataset_midpoint",
            "dataset_country")
FILE_SEEN = "_dataset_file_digest"


def _new_file(data: bytes) -> str:
    """The file's digest; what was set for another file is forgotten."""
    digest = hashlib.sha256(data).hexdigest()
    if st.session_state.get(FILE_SEEN) != digest:
        for key in PER_FILE:
            st.session_state.pop(key, None)
        st.session_state[FILE_SEEN] = digest
    return digest


def _uploaded(atlas: Atlas, store: Store, version: int, token: str, author: str, data: bytes) -> None:
    digest = _new_file(data)
    result = _check(data, digest, _form_metadata(), bool(st.session_state.get("dataset_accept")))
    if isinstance(result, str):
        st.error(plain(f"{result} Nothing was stored."))
        return
    _problems(result)
    _metadata_form(result)
    if result.dataset is None:
        needed = ", ".join(result.missing) or "at least one usable row"
        st.warning(f"Before it can be drawn, the dataset needs: {needed}.")
        return
    classing = _preview(atlas, result)
    shown = st.session_state.get(SHOWN)
    if not shown or shown[0] != digest:  # a new file: its preview is made now
        st.session_state[SHOWN] = shown = (digest, version)
    save_controls(store, version, shown[1], result.dataset, classing, token, author)


def _preview(atlas: Atlas, check: DatasetCheck) -> Classing:
    dataset = check.dataset
    st.subheader("Preview")
    options = st.columns(3)
    column = options[0].selectbox("Column", [c.name for c in dataset.columns], key="dataset_column")
    period = options[1].selectbox("Year", dataset.periods[::-1], key="dataset_period")
    numeric = dataset.column(column).kind == "numeric"
    method, k, breaks, midpoint = "natural_breaks", 5, (), None
    if numeric:
        method = options[2].selectbox("Classes", list(METHODS), format_func=METHODS.get, key="dataset_method")
        if method == "user":
            typed = st.text_input("Breaks between classes (numbers separated by spaces)", key="dataset_breaks")
            breaks = _breaks(typed, dataset.decimal)
            if breaks is None:
                st.error("The breaks must be numbers separated by spaces, such as 10 25 50.")
                breaks = ()
        else:
            k = st.slider("Number of classes", 2, 7, 5, key="dataset_k")
        mid = st.text_input("Midpoint for a diverging scheme (optional)", key="dataset_midpoint")
        midpoint = (_breaks(mid, dataset.decimal) or (None,))[0] if mid.strip() else None
    layer = dataset_layer(dataset, column, period, method, k, breaks, midpoint)
    choropleth = dataset_choropleth(layer)
    countries = atlas.countries.copy()
    countries[layer.vocabulary.column] = layer_column(layer, countries["iso3"])
    preview = replace(atlas, countries=countries, datasets=(*atlas.datasets, layer),
                      map_values={**atlas.map_values, **layer_values(countries, (choropleth,))})
    overview_map(preview, layer.key, st.session_state.get("dataset_country"), key="dataset_map",
                 country_key="dataset_country", layers=(*map_layers(), choropleth))
    members = countries.loc[countries["un_member"], "iso3"]
    shares = layer_shares(countries, layer.vocabulary)
    lines = "\n".join(f"- {plain(s.label)}: **{s.members}** ({percent(s.member_share)} of members, "
                      f"{percent(s.population_share)} of people)" for s in shares)
    st.markdown(f"**{plain(layer.vocabulary.title)}** ({plain(dataset.unit)}). "
                f"{coverage_sentence(layer, members)}\n\n{lines}")
    st.caption("Source: " + source_links(dataset.source)
               + (f" Coverage: {plain(dataset.coverage)}." if dataset.coverage else "")
               + (f" {plain(dataset.about)}" if dataset.about else ""))
    rows = dataset.values(column, period)
    st.dataframe(pd.DataFrame({"ISO3": rows["iso3"], "Value": rows["iso3"].map(layer.hover),
                               "Note": rows["note"]}), hide_index=True, height=240)
    return Classing(method, k, breaks, midpoint)


def _stale(previewed: int, now: int) -> str:
    return (f"Not saved: the atlas changed since your preview (it is now version {now}, you "
            f"previewed version {previewed}). The page now shows it as of version {now}: check it, "
            f"then press Save again. {NOTHING_SAVED}")


def _failed(exc: Exception) -> None:
    if isinstance(exc, StoreError):
        st.error(plain(f"{exc} {NOTHING_SAVED}"))
    else:
        log.exception("writing a dataset failed")
        st.error("The data store could not be written, so nothing was changed. Try again in a moment; "
                 "if it keeps failing, tell whoever runs the atlas.")


def save_controls(store: Store, version: int, previewed: int, dataset: Dataset, classing: Classing,
                  token: str, author: str) -> None:
    """Save to the atlas: one new version, refused if the store moved on since the preview."""
    st.subheader("Save to the atlas")
    if any(layer.dataset is not None and layer.dataset.key == dataset.key for layer in shipped_data().datasets):
        st.warning(f"A shipped example already has the title '{plain(dataset.title)}'. Give your dataset "
                   "another title to save it.")
        return
    held = next((d for d in store.datasets.at(version) if d.dataset.key == dataset.key), None)
    st.caption("Saved with the classes chosen above, it is a new version: every reader sees it in the "
               "overview's layer list, and a rollback on the records page can undo it."
               + (f" It replaces the dataset of the same title saved in version {held.version} (which "
                  "stays in the history)." if held else ""))
    if not st.button("Save to the atlas", type="primary", key="dataset_save"):
        return
    editor = check_editor(store, token, "Saving a dataset")
    if not editor.ok:
        st.error(f"{editor.message} {NOTHING_SAVED}")
        return
    if previewed != version:
        st.session_state[SHOWN] = (st.session_state[SHOWN][0], version)  # shown the new one now
        st.error(_stale(previewed, version))
        return
    try:
        done = store.save_dataset(dataset, classing, author=author, expected_version=previewed)
    except StaleVersion:  # another server wrote between this page's read and the save
        st.session_state.pop(SHOWN, None)
        finish(_stale(previewed, store.current_version()), kind="error")
        return
    except (StoreError, SQLAlchemyError) as exc:
        _failed(exc)
        return
    st.session_state.pop(SHOWN, None)
    finish(f"Saved as version {done.number}: '{dataset.title}' is in the overview's layer list, under "
           "Datasets, for every reader.")


def saved_list(store: Store, version: int, token: str, author: str) -> None:
    """The datasets saved in the atlas, each with a link that opens it and a Delete button."""
    st.header("Saved datasets")
    saved = store.datasets.at(version)
    if not saved:
        st.caption("No dataset has been saved to the atlas yet.")
        return
    for held in saved:
        dataset = held.dataset
        text, button = st.columns([5, 1])
        link = static_url("").rsplit("/app/static", 1)[0] + "/?layer=" + layer_key(
            dataset, dataset.columns[0].name, dataset.latest)
        text.markdown(f"**{plain(dataset.title)}** ({plain(dataset.unit) or 'categories'}; "
                      f"{len(set(dataset.table['iso3'])):,} countries), saved in version {held.version}. "
                      f"Source: {source_links(dataset.source)} [Open it on the map]({link})")
        # The digest in the key: a dataset replaced meanwhile is a new button, so a press never
        # deletes a dataset the person did not see.
        if not button.button("Delete", key=f"dataset_delete_{dataset.key}_{held.digest[:12]}"):
            continue
        editor = check_editor(store, token, "Deleting a dataset")
        if not editor.ok:
            st.error(f"{editor.message} Nothing was deleted.")
            return
        try:
            done = store.delete_dataset(dataset.key, author=author, expected_version=version)
        except StaleVersion:
            finish("Not deleted: the atlas changed meanwhile; check the list again, then press Delete. "
                   "Nothing was deleted.", kind="error")
            return
        except (StoreError, SQLAlchemyError) as exc:
            _failed(exc)
            return
        finish(f"Deleted as version {done.number}: '{dataset.title}' is no longer on the map. A rollback "
               f"to version {done.number - 1} brings it back.")
