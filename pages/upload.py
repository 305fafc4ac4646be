"""Upload new country records: check them, preview the map, apply them as a new version, undo."""
import streamlit as st

from geo.changes import MODES, plan_changes
from ui import nav, upload
from ui.data import get_store, load_atlas
from ui.details import selected_iso3, show_country
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

st.header("1. Prepare a file")
upload.column_guide()

st.header("2. Upload and check it")
file = st.file_uploader("CSV file with country records", key=upload.uploader_key())
result = upload.check_file(file.getvalue()) if file is not None else None
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
        plan = plan_changes(atlas.records, check.records, mode)
        upload.show_counts(check, plan, mode)
        preview = upload.preview_atlas(result.digest, version, mode, plan)
        map_column, detail_column = st.columns([3, 1])
        with map_column:
            clicked = overview_map(preview, layer, key="preview", shapes_by_url=False)
        with detail_column:
            show_country(preview, selected_iso3(clicked, "preview_country"))
        upload.show_changes(plan)

        st.header("4. Apply")
        upload.apply_controls(store, result, mode, plan, version, token, author)

st.header("Versions")
upload.show_versions(store, version, token, author)

st.header("Download the current data")
upload.downloads(store, version, atlas)
