"""The researchers' dashboard: `streamlit run dashboard/app.py` (or `tracker dashboard`).

This file only declares the pages; each page lives in `dashboard/app_pages/`. (Not `pages/`:
Streamlit treats a `pages/` folder beside the entry script as an old-style multipage app and
would run a page without this file when its URL is opened directly.)
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(
    page_title="Microneedling evidence tracker",
    page_icon=":material/vaccines:",
    layout="wide",
)

navigation = st.navigation(
    [
        st.Page(
            "app_pages/overview.py", title="Overview", icon=":material/dashboard:", default=True
        ),
        st.Page("app_pages/claim.py", title="Claim", icon=":material/fact_check:"),
        st.Page("app_pages/studies.py", title="Studies", icon=":material/library_books:"),
        st.Page("app_pages/runs.py", title="Runs", icon=":material/history:"),
        st.Page("app_pages/check.py", title="Check a text", icon=":material/rule:"),
    ]
)
navigation.run()
