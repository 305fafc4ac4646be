"""Upload new country records: check them, preview the map, apply them as a new version, undo."""
import streamlit as st

from geo.storage.changes import MODES
from geo.intake.io import MAX_UPLOAD_MB
from ui import dataset_upload, nav, upload
from ui.data import get_store, load_atlas
from ui.details import show_country
from ui.map_view import choose_layer, overview_map
from ui.text import plain

nav.page("Upload data")

store = get_store()
version = store.current_version()
atlas = load_atlas()
layer = choose_layer()
token, author = upload.editor_inputs()

st.title("Upload data")
st.caption(f"The atlas holds {len(atlas.records):,} country records (version {version}). Upload a "
           "CSV to add or correct records: you see what would change, on the map and in a table, "
           "before anything is applied. Applying needs the editor token; every change is a "
           "version that can be rolled back.")
upload.show_message()
if dataset_upload.chosen():  # a dataset of figures instead of records
    dataset_upload.section(atlas, store, version, token, author)
    st.stop()

st.header("1. Prepare a file")
upload.column_guide()

st.header("2. Upload and check it")
file = st.file_uploader("CSV file with country records", key=upload.uploader_key(),
                        max_upload_size=MAX_UPLOAD_MB)
result = upload.check_file(file.getvalue()) if file is not None else None
if result is None:
    upload.forget_preview()
if result is not None and result.error:
    st.error(plain(f"{result.error} Nothing was changed."))
elif result is not None:
    check = result.check
    upload.show_problems(check)
    upload.show_matching(check)
    if check.records.empty:
        st.warning("No row of the file can be applied, so there is nothing to preview.")
    else:
        st.header("3. Preview")
        mode = st.radio("How to apply the file", MODES, format_func=upload.MODE_LABELS.get,
                        key="apply_mode")
        plan = upload.planned(result.digest, version, mode, atlas.records, check.records)
        shown = upload.shown_preview(result.digest, mode, version, plan)
        upload.warn_if_stale(shown, version)
        upload.show_counts(check, plan, mode)
        preview = upload.preview_atlas(result.digest, version, mode, plan)
        map_column, detail_column = st.columns([3, 1])
        country = st.session_state.get("preview_country")
        with map_column:
            overview_map(preview, layer, country, key="preview_map", country_key="preview_country",
                         changed=plan.changed_iso3)
            st.caption("Countries outlined in purple are those the file adds, changes or removes.")
        with detail_column:
            show_country(preview, country)
        upload.show_changes(plan)

        st.header("4. Apply")
        upload.apply_controls(store, result, shown, plan, version, token, author)

st.header("Versions")
upload.show_versions(store, version, token, author)

st.header("Download the current data")
upload.downloads(store, version, atlas)
