"""Isolation Atlas engine: loading, matching, validating, joining and map building. No Streamlit here."""
