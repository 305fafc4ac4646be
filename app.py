"""Isolation Atlas: the overview map and the app's navigation.

Run with `make run`. Each page is a thin script: it reads widgets, asks geo/ (through ui/) for
data and maps, and shows them.
"""
import streamlit as st

from ui.data import load_atlas
from ui.details import selected_iso3, show_country
from ui.map_view import choose_layer, overview_map, sidebar_legend


def overview() -> None:
    """The world coloured by alignment with the US, relation to Russia and the UN vote."""
    atlas = load_atlas()
    layer = choose_layer()
    sidebar_legend(atlas, layer)

    st.title("Is Russia isolated?")
    st.caption("In July 2022 Washington called Russia isolated over Ukraine while US allies and "
               "partners kept receiving Moscow's envoys. Pick a layer; click a country for its "
               "evidence and source.")
    map_column, detail_column = st.columns([3, 1])
    with map_column:
        clicked = overview_map(atlas, layer)
    with detail_column:
        show_country(atlas, selected_iso3(clicked, "selected_country"))


st.set_page_config(page_title="Isolation Atlas", layout="wide")
st.navigation([
    st.Page(overview, title="Overview", url_path="overview", default=True),
    st.Page("pages/travels.py", title="Travels", url_path="travels"),
    st.Page("pages/sources.py", title="Sources & method", url_path="sources"),
]).run()
