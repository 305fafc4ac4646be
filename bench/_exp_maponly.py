import streamlit as st
from ui.data import load_atlas
from ui.map_view import overview_map
atlas = load_atlas()
overview_map(atlas, "stance")
