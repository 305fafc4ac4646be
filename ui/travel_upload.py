"""Uploading a trips CSV: checked like the shipped file, shown for this session only.

The file is read and validated in the uploader's callback, so the page above it already draws the
added stops in the same run. Every row that cannot be used is listed with its line and the fix;
cities located with the offline gazetteer are listed too. Nothing is saved: persistence is the
upload feature's job.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from geo.intake.io import MAX_UPLOAD_MB, DataError, read_csv_bytes
from geo.intake.records import Problem
from geo.travels.routes import Stop, stops_from_trips
from geo.intake.sources import PRESSREADER_URL
from geo.travels.trips import validate_trips
from ui.text import plain

FILE = "travel_upload_file"
RESULT = "travel_upload_result"
MAX_STOPS = 2000
LISTED = 20  # problems shown as a list; more go in a table

TEMPLATE = (
    "traveller,date_start,date_end,city,country,iso3,lat,lon,event,counterparts,source,confidence,"
    "confidence_note\n"
    "lavrov,2022-07-23,2022-07-24,Cairo,Egypt,EGY,30.0444,31.2357,Met President el-Sisi and FM Shoukry,"
    f"President el-Sisi; FM Shoukry,{PRESSREADER_URL},confirmed,\n"
    "lavrov,2022-07-26,2022-07-27,Addis Ababa,Ethiopia,,,,Met President Sahle-Work Zewde,"
    "President Sahle-Work Zewde,https://rusemb.org.uk/article/775,confirmed,"
    "No coordinates: located from city and country\n"
)


@dataclass(frozen=True)
class UploadResult:
    name: str
    stops: tuple[Stop, ...] = ()
    problems: tuple[Problem, ...] = ()
    located: tuple[Problem, ...] = ()
    guessed: tuple[Problem, ...] = ()
    error: str | None = None  # the whole file could not be used


def check_upload(name: str, data: bytes) -> UploadResult:
    """Read and validate one uploaded file; never raises for bad input."""
    try:
        frame = read_csv_bytes(data)
        if len(frame) > MAX_STOPS:
            raise DataError(f"The file has {len(frame):,} rows; the Travels map takes up to "
                            f"{MAX_STOPS:,} stops at a time. Split it into smaller files.")
        checked = validate_trips(frame)
    except DataError as exc:
        return UploadResult(name, error=str(exc))
    stops = stops_from_trips(checked.trips, origin=name)
    return UploadResult(name, tuple(stops), tuple(checked.problems), tuple(checked.located),
                        tuple(checked.guessed))


def _on_upload() -> None:
    upload = st.session_state.get(FILE)
    st.session_state[RESULT] = check_upload(upload.name, upload.getvalue()) if upload else None


def uploaded_stops() -> list[Stop]:
    """The stops of this session's upload, if any (read before the page draws its map)."""
    result = st.session_state.get(RESULT)
    return list(result.stops) if result else []


def problems_frame(problems: tuple[Problem, ...]) -> pd.DataFrame:
    return pd.DataFrame([{"line": p.line, "column": p.column or "", "problem": p.message}
                         for p in problems], columns=["line", "column", "problem"])


def upload_section() -> None:
    """The uploader, the template, and what became of the last file."""
    result: UploadResult | None = st.session_state.get(RESULT)
    with st.expander("Add trips from a CSV (shown for this session only)",
                     expanded=bool(result and (result.error or result.problems or result.guessed))):
        st.markdown(
            "One row per stop with the columns `traveller` (lavrov or putin), `date_start`, "
            "`date_end`, `city`, `country` (or `iso3`), `source`, and optionally `lat`/`lon`, "
            "`event`, `counterparts`, `confidence` and `confidence_note`. Without coordinates, "
            "a city is located offline from its name and country (GeoNames towns of 5,000 people "
            "or more). A stop without a confidence is treated as unverified.")
        st.download_button("Download the template", TEMPLATE.encode("utf-8"),
                           file_name="trips_template.csv", mime="text/csv")
        st.file_uploader("Trips CSV", type=["csv", "txt", "tsv"], key=FILE, on_change=_on_upload,
                         max_upload_size=MAX_UPLOAD_MB)
        if result is None:
            return
        if result.error:
            st.error(plain(f"{result.name}: {result.error}"))
            return
        if result.stops:
            st.success(plain(f"{len(result.stops)} stop(s) from {result.name} are on the map, in the "
                             "figures and in the table for this session. They are not saved."))
        if result.problems:
            st.warning(plain(f"{len(result.problems)} problem(s): these rows were not used. Fix them "
                             "and upload the file again."))
            _listed(result.problems, "problem")
        if result.guessed:
            st.warning(plain(f"{len(result.guessed)} country name(s) were guessed from their spelling "
                             "and drawn; check each one:"))
            _listed(result.guessed, "guessed")
        if result.located:
            st.info(plain(f"{len(result.located)} cit(ies) located with the offline gazetteer; check "
                          "that each is the place you meant:"))
            _listed(result.located, "located")


def _listed(problems: tuple[Problem, ...], what: str) -> None:
    """A short list as text (escaped), a long one as a sortable table."""
    if len(problems) <= LISTED:
        st.markdown("\n".join(f"- {plain(p.message)}" for p in problems))
    else:
        st.dataframe(problems_frame(problems).rename(columns={"problem": what}), hide_index=True,
                     width="stretch", column_config={what: st.column_config.TextColumn(width="large")})
