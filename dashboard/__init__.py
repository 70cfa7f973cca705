"""Streamlit dashboard over the evidence database (reads only)."""
