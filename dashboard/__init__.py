"""Streamlit dashboard over the evidence database.

It reads, and writes only the curators' corrections (through tracker.store.curation).
"""
