"""Studies explorer: search every stored record by text, design, year, claim and retraction."""

from __future__ import annotations

import dataclasses

import streamlit as st

from dashboard import components
from tracker.evidence.labels import DESIGN_LABELS, DESIGNS
from tracker.store import views

PAGE_SIZES = [25, 50, 100, 200]
RETRACTED: dict[views.RetractedFilter, str] = {
    "any": "Any",
    "exclude": "Hide retracted",
    "only": "Only retracted",
}


def main() -> None:
    reader = components.reader_or_stop()
    contents = reader.contents()
    st.title("Studies")
    components.guidance_or_stop(contents)
    cards = reader.cards()
    claim_texts = {card.claim_id: card.text for card in cards}
    bounds = reader.year_bounds()

    with st.form("search"):
        words = st.text_input(
            "Search titles and abstracts",
            help='All words must appear (word forms count: "scar" finds "scars"). '
            'Use "double quotes" for a phrase and OR between alternatives.',
        )
        first, second, third = st.columns(3)
        designs = first.multiselect("Design", list(DESIGNS), format_func=DESIGN_LABELS.__getitem__)
        claim_options: list[str | None] = [None, *claim_texts]
        claim_id = second.selectbox(
            "Claim",
            claim_options,
            format_func=lambda c: "Any claim" if c is None else claim_texts[c],
        )
        retracted = third.selectbox(
            "Retractions", list(RETRACTED), format_func=lambda r: RETRACTED[r]
        )
        year_from: int | None = None
        year_to: int | None = None
        if bounds and bounds[0] < bounds[1]:
            year_from, year_to = st.slider(
                "Published", min_value=bounds[0], max_value=bounds[1], value=bounds
            )
        page_size = st.select_slider("Records per page", PAGE_SIZES, value=50)
        st.form_submit_button("Search", type="primary")

    search = views.ArticleSearch(
        text=words,
        designs=tuple(designs),
        # The full range is no filter: records without a year stay in.
        year_from=year_from if bounds and year_from != bounds[0] else None,
        year_to=year_to if bounds and year_to != bounds[1] else None,
        claim_id=claim_id,
        retracted=retracted or "any",
        page=1,
        page_size=page_size,
    )
    # A new search starts on page 1; paging keeps the search.
    if st.session_state.get("search_key") != search:
        st.session_state["search_key"] = search
        st.session_state["search_page"] = 1
    page_number = st.session_state.get("search_page", 1)
    result = reader.search(dataclasses.replace(search, page=page_number))

    st.caption(
        f"{result.total:,} records match; page {result.search.page} of {result.pages}. "
        "Newest first."
    )
    frame = [
        {
            "PubMed": hit.url,
            "Title": hit.title or components.NO_TITLE,
            "Year": hit.year,
            # Claims and designs before the journal: they fit a 1400 px screen.
            "Claims": ", ".join(hit.claims),
            "Designs": ", ".join(DESIGN_LABELS[d] for d in hit.designs),
            "Journal": hit.journal or "",
            "Retracted": hit.retracted,
        }
        for hit in result.hits
    ]
    st.dataframe(
        frame,
        hide_index=True,
        column_config={
            "PubMed": components.pubmed_link_column(),
            "Title": st.column_config.TextColumn(width="medium"),
            "Year": st.column_config.NumberColumn(format="%d"),
        },
    )
    previous, _, following = st.columns([1, 4, 1])
    previous.button(
        "← Previous",
        disabled=result.search.page <= 1,
        on_click=_turn_to,
        args=(result.search.page - 1,),
    )
    following.button(
        "Next →",
        disabled=result.search.page >= result.pages,
        on_click=_turn_to,
        args=(result.search.page + 1,),
    )


def _turn_to(page: int) -> None:
    st.session_state["search_page"] = page


main()
