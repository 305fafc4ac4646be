"""The Upload page's parts: the column guide, checking a file, the preview, applying, undoing.

Everything from a file reaches the page as data: messages go through ui.text.plain(), tables
through st.dataframe (which draws text, never HTML), the map through geo.maps.layers' textContent.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from geo.storage.changes import SHOWN_DATES, ChangeSet, Mode, new_dates_by_country, plan_changes, plan_digest
from geo.intake.dates import FIRST_DATE
from geo.maps.export import countries_geojson, records_csv, table_csv, template_csv
from geo.intake.io import MAX_BYTES, MAX_ROWS, MAX_UPLOAD_MB, DataError, read_csv_bytes
from geo.intake.records import COLUMN_DEFAULTS, RecordCheck, validate_records
from geo.storage.store import StaleVersion, Store, StoreError, Version
from geo.vocab import RECORD_FIELDS
from ui.data import Atlas, build_atlas
from ui.editor import check_editor
from ui.text import plain, show_long_list, shown_as_typed, visible_controls

log = logging.getLogger(__name__)

MODE_LABELS = {
    "merge": "Merge: add new records, update those with the same country and date, keep the rest",
    "replace": "Replace: the file becomes the whole dataset; records not in it are removed",
}
SHOWN_PROBLEMS = 20
SHOWN_ROWS = 1_000  # a table longer than this is cut on the page and offered whole as a CSV
CHANGE_ORDER = {"new": 0, "new date": 1, "changed": 2, "removed": 3, "unchanged": 4}
SHOWN_NEW_DATES = 10  # countries
NEW_DATE_COLUMNS = ["country", "iso3", "as_of", "beside", "latest"]
TABLE_COLUMNS = ["change", "country", "iso3", "us_alignment", "russia_stance", "as_of", "confidence",
                 "blocs", "evidence", "source", "note"]
NOTHING_CHANGED = "Nothing was changed."


@dataclass(frozen=True)
class FileCheck:
    """A file's check: the validated records, or the one reason the whole file was refused."""

    digest: str
    check: RecordCheck | None = None
    error: str | None = None


@dataclass(frozen=True)
class ShownPreview:
    """What a person was shown for a file: the change planned against one version of the data.

    Kept in the session from the first time the preview is drawn, so an Apply is checked against
    what the person saw, not against what the page re-reads when the button is pressed.
    """

    file_digest: str
    mode: Mode
    version: int
    plan_digest: str

    @property
    def key(self) -> tuple[str, str]:
        return self.file_digest, self.mode


SHOWN_PREVIEW = "_shown_preview"


def shown_preview(file_digest: str, mode: Mode, version: int, plan: ChangeSet) -> ShownPreview:
    """The preview this session saw for this file and mode (a new file or mode is a new one)."""
    current = ShownPreview(file_digest, mode, version, plan_digest(plan))
    seen = st.session_state.get(SHOWN_PREVIEW)
    if not isinstance(seen, ShownPreview) or seen.key != current.key:
        st.session_state[SHOWN_PREVIEW] = seen = current
    return seen


def forget_preview() -> None:
    """No file, or its change applied: the next preview is a new one."""
    st.session_state.pop(SHOWN_PREVIEW, None)


def warn_if_stale(shown: ShownPreview, version: int) -> None:
    if shown.version != version:
        st.warning(f"The data changed since your preview (now version {version}, you previewed "
                   f"version {shown.version}). The preview below is what applying would do now: "
                   "check it. Apply will first say so and change nothing.")


@st.cache_data(max_entries=4, ttl=3600, show_spinner="Reading and checking the file…")
def check_file(data: bytes) -> FileCheck:
    """Read and validate an upload once, however often the page reruns."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        return FileCheck(digest, check=validate_records(read_csv_bytes(data)))
    except DataError as exc:
        return FileCheck(digest, error=str(exc))
    except Exception:  # a bug of ours must not show a traceback to the person uploading
        log.exception("checking an upload failed")
        return FileCheck(digest, error="The file could not be checked because of an error in the "
                                       "atlas (it has been logged). Check that it is a CSV file "
                                       "made from the template.")


def editor_inputs() -> tuple[str, str]:
    """The editor token and name, in the sidebar: applying and rolling back both need them."""
    st.sidebar.subheader("Editing the shared data")
    token = st.sidebar.text_input("Editor token", type="password", key="editor_token",
                                  help="Anyone may upload and preview. Applying an upload or "
                                       "rolling back needs the editor token.")
    author = st.sidebar.text_input("Your name", key="editor_name", max_chars=100,
                                   help="Kept in the version history with each change you make.")
    return token, author


def column_guide() -> None:
    """Each column of the template, its meaning and allowed values (from geo.vocab)."""
    rows = [{"column": f.name,
             "required": ("yes, or give iso3" if f.name == "country" else
                          "yes, or give country" if f.name == "iso3" else
                          f"no: '{COLUMN_DEFAULTS[f.name]}' when left out"
                          if COLUMN_DEFAULTS.get(f.name) else
                          "yes" if f.required else "no"),
             "meaning": f.meaning,
             "allowed values": ", ".join(f.allowed) if f.allowed else "",
             "example": f.example}
            for f in RECORD_FIELDS]
    with st.expander(f"The {len(rows)} columns: what each means, whether it is required, its "
                     "allowed values", expanded=False):
        st.table(pd.DataFrame(rows).set_index("column"))
    st.caption(f"CSV in UTF-8, UTF-16 or Windows-1252 (Latin-1), separated by commas, semicolons or "
               f"tabs. Headers are matched loosely ('Country Name', 'ISO3', 'iso_a3'...). Dates as "
               f"YYYY-MM-DD (or with the month in words, '27 July 2022'), from "
               f"{FIRST_DATE.isoformat()} to today; 03/04/2022 is refused, since it could be 3 April "
               f"or 4 March. At most "
               f"{MAX_ROWS:,} rows and {MAX_UPLOAD_MB} MB ({MAX_BYTES:,} bytes) per file.")
    st.download_button("Download the template (CSV)", template_csv(),
                       file_name="isolation-atlas-template.csv", mime="text/csv")


def show_problems(check: RecordCheck) -> None:
    """One message per problem, each with its line and its fix."""
    if check.ignored_columns:
        show_long_list(st.info, f"{len(check.ignored_columns):,} column"
                       f"{'s are' if len(check.ignored_columns) != 1 else ' is'} not in the template "
                       "and will be ignored", check.ignored_columns, "ignored columns",
                       "ignored-columns.csv")
    if check.stripped_lines:
        show_long_list(st.info, "Invisible characters left by copy-paste (such as U+200B, a "
                       "zero-width space) were removed from the ends of the country or iso3 cell "
                       f"on {len(check.stripped_lines):,} line{'s' if len(check.stripped_lines) != 1 else ''}",
                       check.stripped_lines, "lines", "stripped-lines.csv", quote=False)
    if check.defaulted:
        st.info("\n".join(f"- {plain(_default_sentence(column, value, check))}"
                          for column, value in check.defaulted.items()))
    if not check.problems:
        if not len(check.unsure()):  # guessed names are not 'valid' until accepted (show_matching)
            st.success(f"All {check.rows:,} rows are valid.")
        return
    count = len(check.problems)
    shown = "\n".join(f"- {plain(p.message)}" for p in check.problems[:SHOWN_PROBLEMS])
    more = (f"\n\n… and {count - SHOWN_PROBLEMS:,} more, all in the table below."
            if count > SHOWN_PROBLEMS else "")
    st.error(f"**{count:,} problem{'s' if count != 1 else ''} in {check.rejected:,} of "
             f"{check.rows:,} rows.** Those rows cannot be applied: fix them in your file and "
             f"upload it again.\n\n{shown}{more}")
    table = pd.DataFrame([{"line": p.line, "column": p.column or "", "problem": p.message}
                          for p in check.problems])
    if count > SHOWN_PROBLEMS:
        show_table(table, "problems")
    st.download_button("Download the list of problems (CSV)", lambda: table_csv(table),
                       file_name="upload-problems.csv", mime="text/csv")


def _default_sentence(column: str, value: str, check: RecordCheck) -> str:
    gets = f"{column} '{value}'" if value else f"no {column.replace('_', ' ')}"
    if column in check.left_out:
        return f"No '{column}' column: every record gets {gets}."
    return f"Rows with an empty '{column}' get {gets}."


def show_table(table: pd.DataFrame, what: str, **options) -> None:
    """A table on the page, cut at SHOWN_ROWS rows (the browser would choke on 100,000)."""
    st.dataframe(shown_as_typed(table.head(SHOWN_ROWS)), hide_index=True, width="stretch", **options)
    if len(table) > SHOWN_ROWS:
        st.caption(f"The first {SHOWN_ROWS:,} of {len(table):,} {what}.")


def show_matching(check: RecordCheck) -> None:
    """How each name was matched; every row that was not, with its line and a suggestion."""
    st.subheader("Country matching")
    unmatched = check.unmatched()
    st.markdown(f"**{check.matched:,} of {check.rows:,} rows** matched a country.")
    if len(unmatched):
        show_long_list(st.warning, f"{len(unmatched):,} {'rows name' if len(unmatched) != 1 else 'row names'} "
                       "no country we recognise (correct the name, or give the ISO3 code, and upload "
                       "again)", list(dict.fromkeys(unmatched["country"])), "unknown names",
                       "unknown-names.csv")
        show_table(unmatched[["line", "country", "iso3_given", "suggestion"]].rename(columns={
            "country": "country as written", "iso3_given": "iso3 as written",
            "suggestion": "did you mean"}), "unmatched rows (all are in the list of problems)")
    show_guesses(check)
    matched = check.matches[check.matches["iso3"].ne("") & check.matches["country"].ne("")]
    if len(matched):
        names = (matched.groupby(["country", "iso3", "matched_name"], sort=False).size()
                 .reset_index(name="rows").rename(columns={"country": "as written",
                                                           "matched_name": "matched as"}))
        with st.expander(f"How the {len(names):,} distinct names were matched"):
            show_table(names, "names")


HOW_LABELS = {"fuzzy": "spelling guessed", "ambiguous": "ambiguous"}


def guessed_names(check: RecordCheck) -> pd.DataFrame:
    """Each distinct guessed name once: how it was matched, what else it could be, its lines."""
    unsure = check.unsure()
    if not len(unsure):
        return pd.DataFrame()
    grouped = unsure.groupby(["country", "matched_name", "how", "alternatives"], sort=False)
    table = grouped["line"].agg(lambda lines: ", ".join(str(n) for n in list(lines)[:5])
                                + (" …" if len(lines) > 5 else "")).reset_index()
    table["how"] = table["how"].map(HOW_LABELS)
    return table.rename(columns={"country": "as written", "matched_name": "matched as",
                                 "alternatives": "could also be", "line": "lines"})


def show_guesses(check: RecordCheck) -> None:
    """Names matched by a guess: shown with what they could also be, for a person to accept."""
    guessed = guessed_names(check)
    if guessed.empty:
        return
    rows = len(check.unsure())
    st.warning(f"{len(guessed):,} country name{'s were' if len(guessed) != 1 else ' was'} guessed "
               f"({rows:,} row{'s' if rows != 1 else ''}): misspelt, or shared by several countries. "
               "Check each below: accept them before applying (section 4), or correct them in your "
               "file (the full name or the ISO3 code) and upload it again.")
    show_table(guessed, "guessed names", column_config={"could also be": st.column_config.TextColumn(width="large")})


def show_counts(check: RecordCheck, plan: ChangeSet, mode: Mode) -> None:
    counts = [("Matched", check.matched, "rows whose country was recognised"),
              ("New", plan.new - plan.new_dates, "records for a country the atlas has no record of"),
              ("New date", plan.new_dates, "records for a country that has records on other dates: "
                                           "added beside them, which stay; the map shows the latest"),
              ("Changed", plan.changed, "records that replace one with the same country and date"),
              ("Unchanged", plan.unchanged, "records already in the atlas, identical"),
              ("Rejected", check.rejected, "rows with a problem: they will not be applied")]
    if mode == "replace":
        counts.append(("Removed", plan.removed, "records in the atlas but not in the file"))
    for column, (label, value, help_text) in zip(st.columns(len(counts)), counts):
        column.metric(label, f"{value:,}", help=help_text)
    show_new_dates(plan)


def show_new_dates(plan: ChangeSet) -> None:
    """A record with a new date is added beside the country's older records, not in their place.
    Summed up per country (a big file gives a country hundreds of dates); the full list is a CSV."""
    by_country = new_dates_by_country(plan)
    if by_country.empty:
        return
    lines = []
    for row in by_country.head(SHOWN_NEW_DATES).itertuples(index=False):
        if row.new_dates <= SHOWN_DATES:  # each record, as it will be added
            for day in row.dates.split(", "):
                older = (f" ({day} is older than {row.latest}, so the map does not show it)"
                         if day < row.latest else "")
                lines.append(f"- {plain(f'{row.country}: {day} beside {row.beside}{older}')}")
            continue
        older = (f"; {row.older:,} of them are older than {row.latest}, so the map does not show "
                 "them" if row.older else "")
        line = (f"{row.country}: {row.new_dates:,} new dates from {row.first} to {row.last} "
                f"({row.dates}, …) beside {row.beside}{older}")
        lines.append(f"- {plain(line)}")
    more = (f"\n- … and {len(by_country) - SHOWN_NEW_DATES:,} more countries, all in the list of "
            "new dates" if len(by_country) > SHOWN_NEW_DATES else "")
    added = int(by_country["new_dates"].sum())
    st.info(f"{added:,} record{'s add' if added != 1 else ' adds'} a new date for a country "
            "that already has records: they are added beside the older ones, which stay (to "
            "correct a record, use its own date). The map shows each country's latest record.\n"
            + "\n".join(lines) + more)
    new_dates = plan.table.loc[plan.table["change"].eq("new date"), NEW_DATE_COLUMNS]
    st.download_button("Download the list of new dates (CSV)", lambda: table_csv(new_dates),
                       file_name="upload-new-dates.csv", mime="text/csv")


def planned(digest: str, version: int, mode: Mode, current: pd.DataFrame,
            incoming: pd.DataFrame) -> ChangeSet:
    """What applying would do, planned once per file, version and mode: every widget touched
    reruns the page, and a big file against a big store takes a second or two to plan."""
    key = (digest, version, mode)
    cached = st.session_state.get("_planned")
    if not cached or cached[0] != key:
        cached = (key, plan_changes(current, incoming, mode))
        st.session_state["_planned"] = cached
    return cached[1]


def preview_atlas(digest: str, version: int, mode: Mode, plan: ChangeSet) -> Atlas:
    """The atlas as it would be after applying, built once per file, version and mode."""
    key = (digest, version, mode)
    cached = st.session_state.get("_preview_atlas")
    if not cached or cached[0] != key:
        cached = (key, build_atlas(plan.result))
        st.session_state["_preview_atlas"] = cached
    return cached[1]


def show_changes(plan: ChangeSet) -> None:
    table = plan.table.sort_values("change", key=lambda s: s.map(CHANGE_ORDER), kind="stable")
    new_date = table["change"].eq("new date")
    table = table.assign(change=table["change"].where(~new_date, "new date (beside " + table["beside"] + ")"))
    show_table(table[TABLE_COLUMNS], "records, new and changed first",
               column_config={"evidence": st.column_config.TextColumn(width="large")})
    if len(table) > SHOWN_ROWS:
        whole = table[TABLE_COLUMNS]  # made into a CSV only when asked for: 200,000 rows take seconds
        st.download_button("Download the whole preview table (CSV)", lambda: table_csv(whole),
                           file_name="upload-preview.csv", mime="text/csv")


def apply_controls(store: Store, result: FileCheck, shown: ShownPreview, plan: ChangeSet,
                   version: int, token: str, author: str) -> None:
    """The apply button: it needs the editor token and writes one new version, or nothing.

    The version and change applied against are those the person was shown (shown); if the data
    changed since, nothing is written, the page says so, and the preview now on the page (made
    against the current version) becomes the one a second press applies."""
    mode = shown.mode
    check = result.check
    if not plan.changes_anything:
        st.info("Nothing to apply: every valid record in the file is already in the atlas.")
        return
    confirmed = True
    if check.rejected:
        confirmed = st.checkbox(f"Apply the {len(check.records):,} valid rows and leave out the "
                                f"{check.rejected:,} rejected ones", key=f"partial-{result.digest}")
    guessed = guessed_names(check)
    if not guessed.empty:
        accepted = st.checkbox(f"Accept the {len(guessed):,} guessed country name"
                               f"{'s' if len(guessed) != 1 else ''} as matched (see Country matching)",
                               key=f"accept-{result.digest}")
        confirmed = confirmed and accepted
    if mode == "replace" and plan.removed:
        st.warning(f"Replacing removes {plan.removed:,} record(s) that are not in your file. They "
                   "stay in the version history and can be brought back by a rollback.")
    note = st.text_input("Note for the version history (optional)", key="apply_note", max_chars=500)
    if not st.button(f"Apply as {mode}", type="primary", disabled=not confirmed, key="apply"):
        return
    editor = check_editor(store, token, "Applying")
    if not editor.ok:
        st.error(f"{editor.message} {NOTHING_CHANGED}")
        return
    current = ShownPreview(shown.file_digest, mode, version, plan_digest(plan))
    if shown != current:
        st.session_state[SHOWN_PREVIEW] = current  # the person has now been shown this one
        st.error(stale_message(shown.version, version))
        return
    try:
        done = store.apply(check.records, mode, author=author, note=note,
                           expected_version=shown.version, expected_digest=shown.plan_digest)
    except StaleVersion:  # another server wrote between this page's read and the apply
        forget_preview()  # the rerun draws, and shows, the new preview
        finish(stale_message(shown.version, store.current_version()), kind="error")
    except StoreError as exc:
        st.error(plain(f"{exc} {NOTHING_CHANGED}"))
        return
    except SQLAlchemyError:
        log.exception("applying an upload failed")
        st.error("The data store could not be written, so nothing was changed. Try again in a "
                 "moment; if it keeps failing, tell whoever runs the atlas.")
        return
    forget_preview()
    finish(f"Applied as version {done.number}: {done.added:,} new, {done.changed:,} changed, "
           f"{done.removed:,} removed record(s). The map shows it now.", clear_upload=True)


def stale_message(previewed: int, now: int) -> str:
    changed = (f"it is now version {now}, you previewed version {previewed}" if now != previewed
               else "applying now would differ from what you saw")
    return (f"Not applied: the data changed since your preview ({changed}). The preview above now "
            f"shows what applying would do: check it, then press Apply again. {NOTHING_CHANGED}")


def uploader_key() -> str:
    """Changing the key after an apply empties the file uploader."""
    return f"upload-{st.session_state.get('_upload_round', 0)}"


def finish(message: str, clear_upload: bool = False, kind: str = "success") -> None:
    st.session_state["_upload_message"] = (kind, message)
    if clear_upload:
        st.session_state["_upload_round"] = st.session_state.get("_upload_round", 0) + 1
    st.rerun()


def show_message() -> None:
    """The outcome of the last apply or rollback, shown once after the rerun it caused."""
    kind, message = st.session_state.pop("_upload_message", (None, None))
    if message:
        (st.error if kind == "error" else st.success)(message)


def _describe(version: Version) -> str:
    restores = f" of version {version.restores}" if version.restores else ""
    return (f"Version {version.number}: {version.action}{restores} by {visible_controls(version.author)}, "
            f"{version.created_at[:16].replace('T', ' ')} UTC")


def show_versions(store: Store, current: int, token: str, author: str) -> None:
    """Every version with what it changed; roll back to any of them (as a new version)."""
    versions = store.versions()
    table = pd.DataFrame([v.__dict__ for v in versions]).rename(columns={
        "number": "version", "created_at": "when (UTC)", "restores": "brings back version"})
    table["brings back version"] = [f"{v:.0f}" if pd.notna(v) else "" for v in
                                    table["brings back version"]]
    st.dataframe(shown_as_typed(table), hide_index=True, width="stretch")
    digests = store.version_digests()
    # Only versions whose records differ from the current ones: rolling back to any other would
    # change nothing.
    older = [v for v in versions if digests.get(v.number) != digests.get(current)]
    if not older:
        return
    target = st.selectbox("Roll back to", older, format_func=_describe, key="rollback_target")
    st.caption("A rollback makes a new version whose records equal the chosen one; no version is "
               "ever deleted, so a rollback can itself be undone.")
    if not st.button(f"Roll back to version {target.number}", key="rollback"):
        return
    editor = check_editor(store, token, "Rolling back")
    if not editor.ok:
        st.error(f"{editor.message} {NOTHING_CHANGED}")
        return
    try:
        done = store.rollback(target.number, author=author, expected_version=current)
    except StoreError as exc:
        st.error(plain(f"{exc} {NOTHING_CHANGED}"))
        return
    except SQLAlchemyError:
        log.exception("rolling back failed")
        st.error("The data store could not be written, so nothing was changed. Try again.")
        return
    finish(f"Rolled back: version {done.number} equals version {target.number} "
           f"({done.records:,} records).")


@st.cache_data(max_entries=4, show_spinner=False)
def _exports(url: str, version: int, _atlas: Atlas) -> tuple[bytes, str]:
    return records_csv(_atlas.records), countries_geojson(_atlas.countries, _atlas.records)


def downloads(store: Store, version: int, atlas: Atlas) -> None:
    """The current data as CSV (formula-safe) and as GeoJSON with every country's shape."""
    csv_bytes, geojson = _exports(store.url, version, atlas)
    left, right = st.columns(2)
    left.download_button("Download records (CSV)", csv_bytes, mime="text/csv",
                         file_name=f"isolation-atlas-v{version}.csv")
    right.download_button("Download map data (GeoJSON)", geojson, mime="application/geo+json",
                          file_name=f"isolation-atlas-v{version}.geojson")

