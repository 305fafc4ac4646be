"""Validating trips: one row per stop, every problem a plain sentence with its line and the fix.

The same machinery as country records (geo.intake.records): pandera checks the closed vocabularies of
geo.vocab, country_converter the countries, and each problem is a `Problem(message, line, column)`.
A stop without coordinates is located offline from its city and country (geo.travels.gazetteer); a city
that cannot be found is reported with suggestions, never dropped in silence.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from geo.intake.countries import country_name
from geo.travels.gazetteer import MIN_POPULATION, Resolution, resolve_city
from geo.intake.io import DATA_DIR, LINE_NUMBERS, DataError, read_csv_path
from geo.intake.records import Problem, check_direction_controls, match_codes, row_line
from geo.vocab import TRAVELLER, TRIP_ABROAD, TRIP_COLUMNS, TRIP_CONFIDENCE, TRIP_SETTING

TRIPS_PATH = DATA_DIR / "trips.csv"
HOME_ISO3 = "RUS"
# Dates outside these are typing mistakes (the Russian Federation's diplomacy starts in 1992);
# the bound also keeps the date slider and the monthly chart to a sensible span.
FIRST_DAY = pd.Timestamp("1992-01-01")
LAST_DAY = pd.Timestamp("2035-12-31")

TRIP_HEADER_SYNONYMS = {
    "traveler": "traveller", "who": "traveller", "person": "traveller",
    "start": "date_start", "date": "date_start", "start_date": "date_start",
    "date_from": "date_start", "arrival": "date_start", "arrived": "date_start",
    "end": "date_end", "end_date": "date_end", "date_to": "date_end",
    "departure": "date_end", "left": "date_end",
    "town": "city", "place": "city", "location": "city",
    "country_name": "country", "nation": "country",
    "iso": "iso3", "iso_3": "iso3", "iso_a3": "iso3", "country_code": "iso3", "code": "iso3",
    "latitude": "lat", "longitude": "lon", "lng": "lon", "long": "lon",
    "what": "event", "description": "event", "met": "counterparts", "counterpart": "counterparts",
    "sources": "source", "citation": "source", "url": "source",
    "note": "confidence_note", "notes": "confidence_note", "why": "confidence_note",
}
NO_CONFIDENCE_NOTE = "No confidence was given in the file, so the stop is treated as unverified."


@dataclass
class TripCheck:
    """The usable stops, every problem, and which stops were located with the gazetteer."""

    trips: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    located: list[Problem] = field(default_factory=list)  # not problems: what was looked up, per line
    guessed: list[Problem] = field(default_factory=list)  # country names read by a spelling guess

    @property
    def ok(self) -> bool:
        return not self.problems


def _header(name: str) -> str:
    key = re.sub(r"[\s\-./]+", "_", str(name).strip().lower()).strip("_")
    return TRIP_HEADER_SYNONYMS.get(key, key)


def traveller_value(text: str) -> str:
    """'Lavrov', 'Sergei Lavrov' or 'lavrov' -> 'lavrov'; anything else is kept for the error."""
    words = set(re.findall(r"[a-z]+", str(text).casefold()))
    matches = [v for v in TRAVELLER.values if v in words]
    return matches[0] if len(matches) == 1 else str(text).strip().lower()


def _schema() -> pa.DataFrameSchema:
    def allowed(values: tuple[str, ...], column: str) -> pa.Check:
        return pa.Check(lambda s: s.eq("") | s.isin(values), element_wise=False,
                        name=f"allowed:{column}")

    filled = {name: pa.Column(str, pa.Check(lambda s: s.ne(""), name=f"filled:{name}"))
              for name, required in TRIP_COLUMNS.items() if required}
    return pa.DataFrameSchema({
        **filled,
        "traveller": pa.Column(str, [pa.Check(lambda s: s.ne(""), name="filled:traveller"),
                                     allowed(TRAVELLER.values, "traveller")]),
        "confidence": pa.Column(str, allowed(TRIP_CONFIDENCE.values, "confidence")),
        "setting": pa.Column(str, allowed(TRIP_SETTING.values, "setting")),
    }, strict=False)


def _schema_problem(column: str, check: str, value: object, index: int) -> Problem:
    line = row_line(index)
    if str(check).startswith("filled"):
        return Problem(f"Line {line}: '{column}' is empty. Every stop needs its {column}.", line, column)
    values = {"traveller": TRAVELLER, "setting": TRIP_SETTING}.get(column, TRIP_CONFIDENCE).values
    return Problem(f"Line {line}: '{value}' is not an allowed {column}. Use one of: "
                   f"{', '.join(values)}.", line, column)


def validate_trips(raw: pd.DataFrame,
                   resolve: Callable[[str, str], Resolution] = resolve_city) -> TripCheck:
    """Check a table of stops; return the usable ones (typed, with coordinates) and every problem."""
    file_lines = raw.attrs.get(LINE_NUMBERS)
    raw = raw.copy()
    raw.attrs = {}  # the line array would make pandas' attrs checks in concat fail
    frame = raw.rename(columns={c: _header(c) for c in raw.columns})
    if frame.columns.duplicated().any():
        twice = sorted(set(frame.columns[frame.columns.duplicated()]))
        raise DataError(f"Two columns mean the same thing ({', '.join(twice)}). Keep one of each.")
    if frame.empty:
        raise DataError("The file has a header but no data rows. Add one row per stop.")
    missing = [c for c, required in TRIP_COLUMNS.items() if required and c not in frame]
    if "country" not in frame and "iso3" not in frame:
        missing.append("country (or iso3)")
    if missing:
        raise DataError(f"Missing column(s): {', '.join(missing)}. A trips file needs traveller, "
                        "date_start, city, country and source; lat and lon are optional.")
    if ("lat" in frame) != ("lon" in frame):
        raise DataError("The file has only one of lat and lon. Give both columns, or neither "
                        "(then each city is located from its name and country).")
    for column in TRIP_COLUMNS:
        if column not in frame:
            frame[column] = ""
    frame = frame.fillna("").astype(str).apply(lambda col: col.str.strip()).reset_index(drop=True)
    frame["traveller"] = frame["traveller"].map(traveller_value)
    frame["confidence"] = frame["confidence"].str.lower().str.replace(" ", "_")
    frame["setting"] = frame["setting"].str.lower()

    problems: list[Problem] = []
    bad_rows: set[int] = set()
    try:
        _schema().validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        for case in errors.failure_cases.itertuples():
            if pd.isna(case.index):
                continue
            problems.append(_schema_problem(case.column, case.check, case.failure_case, int(case.index)))
            bad_rows.add(int(case.index))

    check_direction_controls(frame, problems, bad_rows)
    guessed = _check_guesses(match_codes(frame, problems, bad_rows), problems, bad_rows)
    starts, ends = _check_dates(frame, problems, bad_rows)
    located = _check_places(frame, problems, bad_rows, resolve)
    _check_home(frame, problems, bad_rows)
    _check_duplicates(frame, starts, problems, bad_rows)

    # What was looked up or guessed is listed only for the stops that are drawn.
    refused_lines = {row_line(i) for i in bad_rows}
    guessed = [guess for guess in guessed if guess.line not in refused_lines]
    located = [place for place in located if place.line not in refused_lines]
    no_confidence = frame["confidence"].eq("")
    frame.loc[no_confidence, "confidence"] = "unverified"
    frame.loc[no_confidence, "confidence_note"] = [
        f"{note} {NO_CONFIDENCE_NOTE}".strip() for note in frame.loc[no_confidence, "confidence_note"]]
    frame["country"] = [name or country_name(code) or "" for name, code in
                        zip(frame["country"], frame["iso3"])]
    frame["date_start"], frame["date_end"] = starts, ends
    frame["line"] = [row_line(i) for i in frame.index]
    good = frame.drop(index=sorted(bad_rows))
    good = good.astype({"lat": float, "lon": float})
    if file_lines is not None and len(file_lines) == len(frame):  # rows after a blank line: the file's own line
        problems, located = _at_file_lines(problems, file_lines), _at_file_lines(located, file_lines)
        guessed = _at_file_lines(guessed, file_lines)
        good["line"] = [file_lines[i] for i in good.index]
    problems.sort(key=lambda p: (p.line or 0, p.column or ""))
    return TripCheck(good[[*TRIP_COLUMNS, "line"]].reset_index(drop=True), problems, located, guessed)


def _check_guesses(matches: pd.DataFrame, problems: list[Problem], bad_rows: set[int]) -> list[Problem]:
    """A stop is drawn at once (there is no Apply to confirm a guess), so a name that could be
    several countries is refused, and a misspelt one is drawn and listed for the person to check."""
    guessed: list[Problem] = []
    unsure = matches["iso3"].ne("") & ~matches["sure"]
    for position in map(int, unsure[unsure].index):
        row = matches.loc[position]
        line = row_line(position)
        if row["how"] == "ambiguous":
            problems.append(Problem(f"Line {line}: '{row['country']}' could be one of: "
                                    f"{row['alternatives']}. Give its ISO3 code in 'iso3', or the full "
                                    "name.", line, "country"))
            bad_rows.add(position)
        else:
            guessed.append(Problem(f"Line {line}: '{row['country']}' was read as {row['matched_name']} "
                                   f"({row['iso3']}), a guess from its spelling. If that is wrong, "
                                   "correct the name or give the ISO3 code.", line, "country"))
    return guessed


def _at_file_lines(problems: list[Problem], file_lines: Sequence[int]) -> list[Problem]:
    """Problems numbered by row (header = 1) renumbered by the file's own lines."""
    moved = []
    for p in problems:
        if p.line is None or file_lines[p.line - 2] == p.line:
            moved.append(p)
            continue
        line = file_lines[p.line - 2]
        message = re.sub(rf"^Line {p.line}\b", f"Line {line}", p.message)
        message = re.sub(r"already on line (\d+)",
                         lambda m: f"already on line {file_lines[int(m.group(1)) - 2]}", message)
        moved.append(Problem(message, line, p.column))
    return moved


def _check_dates(frame: pd.DataFrame, problems: list[Problem],
                 bad_rows: set[int]) -> tuple[pd.Series, pd.Series]:
    def parse(column: str) -> pd.Series:
        return pd.to_datetime(frame[column], errors="coerce", format="mixed", dayfirst=False)

    starts, ends = parse("date_start"), parse("date_end")
    for column, parsed in (("date_start", starts), ("date_end", ends)):
        for index in frame.index[parsed.isna() & frame[column].ne("")]:
            line = row_line(index)
            problems.append(Problem(f"Line {line}: '{frame.at[index, column]}' is not a date. Write "
                                    "it as YYYY-MM-DD, e.g. 2022-07-27.", line, column))
            bad_rows.add(index)
    ends = ends.where(frame["date_end"].ne(""), starts)
    for column, parsed in (("date_start", starts), ("date_end", ends)):
        outside = parsed.notna() & ((parsed < FIRST_DAY) | (parsed > LAST_DAY))
        for index in frame.index[outside & ~frame.index.isin(list(bad_rows))]:
            line = row_line(index)
            problems.append(Problem(f"Line {line}: {parsed[index]:%Y-%m-%d} is outside the years the "
                                    f"atlas covers ({FIRST_DAY.year}-{LAST_DAY.year}). Check the year.",
                                    line, column))
            bad_rows.add(index)
    for index in frame.index[(ends < starts) & ~frame.index.isin(list(bad_rows))]:
        line = row_line(index)
        problems.append(Problem(f"Line {line}: the stop ends ({frame.at[index, 'date_end']}) before "
                                f"it starts ({frame.at[index, 'date_start']}). Swap the two dates.",
                                line, "date_end"))
        bad_rows.add(index)
    return starts.dt.normalize(), ends.dt.normalize()


def _check_places(frame: pd.DataFrame, problems: list[Problem], bad_rows: set[int],
                  resolve: Callable[[str, str], Resolution]) -> list[Problem]:
    """Coordinates as given, or looked up from city and country; returns what was looked up."""
    located: list[Problem] = []
    for index, row in frame.iterrows():
        line = row_line(index)
        if row["lat"] or row["lon"]:
            try:
                lat, lon = float(row["lat"].replace(",", ".")), float(row["lon"].replace(",", "."))
            except ValueError:
                problems.append(Problem(f"Line {line}: lat '{row['lat']}' and lon '{row['lon']}' must "
                                        "both be numbers in degrees, e.g. 30.0444 and 31.2357.",
                                        line, "lat"))
                bad_rows.add(index)
                continue
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                problems.append(Problem(f"Line {line}: lat {lat} / lon {lon} is not on Earth: lat goes "
                                        "from -90 to 90 and lon from -180 to 180. Are they swapped?",
                                        line, "lat"))
                bad_rows.add(index)
                continue
            frame.at[index, "lat"], frame.at[index, "lon"] = str(lat), str(lon)
        elif row["iso3"] and row["city"]:
            found = resolve(row["city"], row["iso3"])
            if found.place is None:
                hint = (f" Did you mean {' or '.join(repr(s) for s in found.suggestions)}?"
                        if found.suggestions else "")
                problems.append(Problem(
                    f"Line {line}: '{row['city']}' was not found among the towns of "
                    f"{country_name(row['iso3']) or row['iso3']} in the offline gazetteer (GeoNames, "
                    f"{MIN_POPULATION:,}+ people).{hint} Correct the name, or give lat and lon.",
                    line, "city"))
                bad_rows.add(index)
                continue
            frame.at[index, "lat"], frame.at[index, "lon"] = str(found.place.lat), str(found.place.lon)
            located.append(Problem(f"Line {line}: '{row['city']}' located at GeoNames' "
                                   f"{found.place.name} ({found.place.lat:.3f}, {found.place.lon:.3f}).",
                                   line, "city"))
        elif index not in bad_rows:
            problems.append(Problem(f"Line {line}: no place to draw. Give city and country, or lat "
                                    "and lon.", line, "city"))
            bad_rows.add(index)
    return located


def _check_home(frame: pd.DataFrame, problems: list[Problem], bad_rows: set[int]) -> None:
    """A stop in Russia is not a trip abroad; the file must say so rather than the map guess."""
    at_home = frame["iso3"].eq(HOME_ISO3) & frame["confidence"].isin(TRIP_ABROAD | {""})
    for index in frame.index[at_home]:
        line = row_line(index)
        problems.append(Problem(f"Line {line}: {frame.at[index, 'city'] or 'this stop'} is in Russia, "
                                "so it is not a trip abroad. Set its confidence to not_abroad.",
                                line, "confidence"))
        bad_rows.add(index)


def _check_duplicates(frame: pd.DataFrame, starts: pd.Series, problems: list[Problem],
                      bad_rows: set[int]) -> None:
    keys = list(zip(frame["traveller"], starts, frame["iso3"], frame["city"].str.casefold()))
    first_seen: dict[tuple, int] = {}
    for index, key in zip(frame.index, keys):
        if pd.isna(key[1]) or not key[2]:
            continue
        if key in first_seen:
            line = row_line(index)
            problems.append(Problem(f"Line {line}: the same stop ({frame.at[index, 'traveller']}, "
                                    f"{frame.at[index, 'city']}, {frame.at[index, 'date_start']}) is "
                                    f"already on line {row_line(first_seen[key])}. Keep one.", line, "city"))
            bad_rows.add(index)
        else:
            first_seen[key] = index


def load_trips(path: Path = TRIPS_PATH) -> TripCheck:
    """The shipped trips, validated (data/trips.csv gives coordinates, so no lookup is needed)."""
    return validate_trips(read_csv_path(path))
