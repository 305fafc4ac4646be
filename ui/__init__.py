"""Streamlit glue shared by the pages: cached data, the map widget, country details."""
