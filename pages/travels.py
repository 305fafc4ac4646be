"""Lavrov's and Putin's 2022 travels: routes, dated stops, a time filter and month-by-month play."""
import streamlit as st

from geo.travels.routes import DIRECT_DAYS
from ui import nav, share
from ui.embeds import travels_embed
from ui.travel_map import travel_map
from ui.travel_summary import figures, stops_per_month_chart, stops_table
from ui.travel_upload import upload_section, uploaded_stops
from ui.travels import (advance_if_playing, keep_playing, page_travels, play_controls,
                        publish_to_url, restore_from_url, sidebar_filters)

nav.page("Travels")
travels = page_travels(uploaded_stops())
advance_if_playing(travels)
restore_from_url(travels)
filters = sidebar_filters(travels)
with st.sidebar:
    link = publish_to_url(travels, filters)
    share.link_box(link)
    share.embed_box(*travels_embed(link))  # the shipped travels as a light page (ui/embeds.py)

st.title("Lavrov's and Putin's 2022 travels")
st.caption("Washington called Russia isolated; its foreign minister was \"jetting around the world, "
           "smiling, shaking hands\" (AP, July 2022). Every stop of Sergey Lavrov and Vladimir "
           "Putin abroad in 2022 that the atlas holds, with its source and how sure it is. Click a "
           "stop for its event, who was met, the source and the confidence.")
play_controls(travels, filters.window)
figures(travels, filters)
travel_map(travels, filters)
with st.expander("How routes are drawn"):
    st.markdown(
        f"- Each traveller's stops are taken in date order. A trip leaves from Moscow and returns "
        f"there, unless the next stop starts at most {DIRECT_DAYS} days after the previous one "
        "ends: then the leg goes straight from one to the other (Cairo → Congo → Uganda → "
        "Ethiopia → Tashkent is one tour). Days of departure from and return to Moscow are not "
        "recorded: an outbound leg is dated on the day of arrival, a return on the last day abroad.\n"
        "- Legs are great circles (WGS84 geodesics), so they curve on the map; *Kilometres flown* "
        "adds them up. Real flights are longer.\n"
        "- **Dashed** legs and **hollow** stops: the visit is unverified or its city is uncertain. "
        "**Pale** stops: the dates are uncertain. **Grey rings**: a meeting in Russia (Putin and "
        "Erdogan in Sochi) or a cancelled visit (Lavrov to Belgrade); they are listed, not drawn "
        "as trips. Unverified visits are never counted as visits.\n"
        "- The date range keeps legs and stops that fall even partly within it.")
st.subheader("Stops per month")
stops_per_month_chart(travels, filters)
st.subheader("Stops")
stops_table(travels, filters)
upload_section()
keep_playing()
