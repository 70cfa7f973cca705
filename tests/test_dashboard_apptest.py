"""The dashboard, page by page, in Streamlit's AppTest, on SQLite and PostgreSQL.

Each test points the app at a database built by the real import path (TRACKER_DATABASE_URL)
and checks what a researcher would see: the stored grades, the reasons, the studies and their
deciding sentences, a curation that moves the grade, literal record text, and clear guidance
when the database is empty or cannot be reached.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from dashboard import components
from dashboard.components import certainty_badge, certainty_markdown
from tests.conftest import REPO_ROOT
from tests.test_store_views import (
    CORPUS,
    SCRIPT_TITLE,
    Rec,
    build_corpus_database,
    import_records,
    linked,
    tracked_claims,
)
from tracker import db, store
from tracker.evidence.grade import (
    CERTAINTIES,
    Certainty,
    ClaimProfile,
    StudyEvidence,
    grade_claim,
)
from tracker.evidence.labels import DESIGN_LABELS, Design
from tracker.models import Article, ClaimArticle
from tracker.present import FIELD_WORDS, reason_line
from tracker.snapshot import load_snapshot
from tracker.store import curation, views

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
CLAIM = "acne-scars"
TIMEOUT = 60


@pytest.fixture
def corpus(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    engine = build_corpus_database(db_url, tmp_path)
    monkeypatch.setenv("TRACKER_DATABASE_URL", db_url)
    try:
        yield engine
    finally:
        engine.dispose()


def start(page: str | None = None, **query: str) -> AppTest:
    """The app, run once on the overview, then on `page` if given."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.exception, [e.value for e in at.exception]
    if page is not None:
        at.query_params.update(query)
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def profiles(engine: Engine) -> dict[str, ClaimProfile]:
    with store.session_scope(engine) as session:
        return {
            row.claim_id: ClaimProfile.from_json(row.profile)
            for row in store.summaries(session=session)
        }


def table(at: AppTest, index: int = 0) -> list[dict[str, Any]]:
    frame = at.dataframe[index].value
    return [dict(row) for _, row in frame.iterrows()]


def unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: str(m.value) for m in at.metric}


# --- every page, the stored values --------------------------------------------------------


def test_overview_shows_every_claim_with_its_stored_grade(corpus: Engine) -> None:
    at = start()
    stored = profiles(corpus)
    rows = {row["Claim"]: row for row in table(at)}
    claims = {claim.claim: claim.id for claim in tracked_claims()}
    assert set(rows) == set(claims)
    for text, claim_id in claims.items():
        profile = stored[claim_id]
        row = rows[text]
        assert list(row["Certainty"]) == [certainty_badge(profile.certainty)]
        assert row["Verdict"] == profile.verdict_label
        assert row["Summary"] == profile.verdict
        assert row["Included"] == profile.n_included
        assert row["Participants"] == profile.participants
        assert list(row["Studies by design"]) == list(profile.counts.values())
    acne = rows[next(t for t, c in claims.items() if c == CLAIM)]
    assert acne["New in last run"] == len(linked(corpus)[CLAIM])
    assert at.get("vega_lite_chart"), "the evidence map is drawn"
    assert not at.warning  # imported records, not the offline sample


def test_overview_filters_and_sorts(corpus: Engine) -> None:
    at = start()
    at.multiselect[0].set_value(["high"]).run()
    stored = profiles(corpus)
    high = {cid for cid, p in stored.items() if p.certainty == "high"}
    assert len(table(at)) == len(high)
    at.multiselect[0].set_value([]).run()
    at.selectbox[0].set_value("People in controlled studies").run()
    participants = [row["Participants"] for row in table(at)]
    assert participants == sorted(participants, reverse=True) and participants[0] > 0
    at.text_input[0].input("alopecia").run()
    assert {row["Claim"] for row in table(at)} == {
        c.claim
        for c in tracked_claims()
        if "alopecia" in f"{c.claim} {c.indication} {c.id}".lower()
    }


def test_every_page_renders_without_error(corpus: Engine) -> None:
    at = start()
    for page in (
        "app_pages/claim.py",
        "app_pages/studies.py",
        "app_pages/runs.py",
        "app_pages/check.py",
        "app_pages/overview.py",
    ):
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert not at.error, (page, [e.value for e in at.error])


def test_claim_page_shows_the_profile_reasons_and_studies(corpus: Engine) -> None:
    at = start("app_pages/claim.py", claim=CLAIM)
    profile = profiles(corpus)[CLAIM]
    shown = metrics(at)
    assert shown["Certainty"] == certainty_markdown(profile.certainty)
    assert shown["Verdict"] == profile.verdict_label
    assert shown["Included studies"] == str(profile.n_included)
    assert profile.verdict in [t.value for t in at.text]
    reasons = unescape(next(m.value for m in at.markdown if "Starting point:" in m.value))
    for reason in profile.reasons:
        if reason.code != "override":
            heading, words = reason_line(reason)
            assert f"{heading}: {unescape(components.md(words))}" in reasons
    assert "start:" not in reasons  # the stored code prefix is not shown
    studies = next(
        t
        for t in (table(at, i) for i in range(len(at.dataframe)))
        if t and "PubMed" in t[0] and "Design" in t[0]
    )
    assert {int(str(r["PubMed"]).rstrip("/").rsplit("/", 1)[1]) for r in studies} == linked(corpus)[
        CLAIM
    ]
    assert [b.label for b in at.download_button] == [
        "Studies (CSV)",
        "References (RIS)",
        "References (BibTeX)",
        "Profile + studies (JSON)",
        "Evidence card (Markdown)",
    ]


def test_study_detail_shows_the_sentences_that_decided_it(corpus: Engine) -> None:
    at = start("app_pages/claim.py", claim=CLAIM)
    at.selectbox(key=f"study_choice_{CLAIM}").set_value(39900002).run()
    with store.session_scope(corpus) as session:
        study = next(
            s for s in views.claim_studies(session=session, claim_id=CLAIM) if s.pmid == 39900002
        )
    findings = views.assessment_findings(study.assessment)
    assert findings
    shown = next(
        t
        for t in (table(at, i) for i in range(len(at.dataframe)))
        if t and "Deciding sentence" in t[0]
    )
    assert [row["Call"] for row in shown] == [FIELD_WORDS[f.field] for f in findings]
    # Values in words: a design label, never its code.
    assert {row["Automatic"] for row in shown} >= {DESIGN_LABELS[study.design]}
    assert [row["Deciding sentence"] for row in shown] == [f.evidence or "" for f in findings]
    assert study.title in [t.value for t in at.text]


def test_claim_from_the_url_is_opened(corpus: Engine) -> None:
    at = start("app_pages/claim.py", claim="androgenetic-alopecia")
    assert at.selectbox(key="claim_choice").value == "androgenetic-alopecia"
    assert metrics(at)["Certainty"] == certainty_markdown(
        profiles(corpus)["androgenetic-alopecia"].certainty
    )


def needs_an_emoji_font(text: str) -> list[str]:
    """Pictographs (symbols above the Latin blocks): without an emoji font, empty boxes."""
    return [ch for ch in text if unicodedata.category(ch) == "So" and ord(ch) >= 0x2300]


def test_certainty_is_shown_as_text_and_colour_without_emoji(corpus: Engine) -> None:
    at = start()
    labels = {certainty_badge(c) for c in CERTAINTIES}
    shown = [label for row in table(at) for label in row["Certainty"]]
    assert shown and set(shown) <= labels
    assert not needs_an_emoji_font("".join(shown))
    at.query_params.update(claim=CLAIM)
    at.switch_page("app_pages/claim.py").run()
    badge = metrics(at)["Certainty"]
    assert re.fullmatch(r":(green|yellow|orange|red|gray)\[[A-Za-z ]+\]", badge), badge
    assert not needs_an_emoji_font(badge)
    alerts = [*at.info, *at.warning, *at.error, *at.success]
    assert not needs_an_emoji_font("".join(alert.icon for alert in alerts))


# --- curation ---------------------------------------------------------------------------


CORRECTED_N = 500


def a_study_that_moves_the_grade(engine: Engine) -> tuple[int, Certainty]:
    """An included trial whose participant count, corrected by a curator (say from the full
    text), changes the certainty through imprecision; and the certainty after it."""
    with store.session_scope(engine) as session:
        studies = views.claim_studies(session=session, claim_id=CLAIM)
    before = grade_claim(CLAIM, "benefit", [s.evidence() for s in studies]).certainty
    for candidate in studies:
        if not candidate.graded().included or candidate.grade_input.rob_overall is None:
            continue
        evidence = [s.evidence() if s.pmid != candidate.pmid else _corrected(s) for s in studies]
        after = grade_claim(CLAIM, "benefit", evidence).certainty
        if after != before:
            return candidate.pmid, after
    raise AssertionError("no single participant correction moves this claim's grade")


def _corrected(study: views.ClaimStudy) -> StudyEvidence:
    return dataclasses.replace(study.evidence(), curator_n=CORRECTED_N)


def test_a_curation_in_the_form_moves_the_grade_and_is_audited(corpus: Engine) -> None:
    pmid, expected = a_study_that_moves_the_grade(corpus)
    at = start("app_pages/claim.py", claim=CLAIM)
    at.selectbox(key=f"study_choice_{CLAIM}").set_value(pmid).run()
    at.number_input(key=f"cur_n_{CLAIM}_{pmid}").set_value(CORRECTED_N)
    next(t for t in at.text_input if t.label == "Your name").input("Dr Form")
    next(t for t in at.text_area if t.label.startswith("Why")).input("Full text: 500 enrolled")
    next(b for b in at.button if b.label == "Save correction").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]

    assert profiles(corpus)[CLAIM].certainty == expected
    assert metrics(at)["Certainty"] == certainty_markdown(expected)
    assert any("The grade moved" in s.value for s in at.success)
    with store.session_scope(corpus) as session:
        (entry, *_) = views.audit_log(session=session, claim_id=CLAIM)
    assert entry.by == "Dr Form" and entry.pmid == pmid
    audit = next(t for t in (table(at, i) for i in range(len(at.dataframe))) if t and "Who" in t[0])
    assert {(r["Who"], r["PMID"], r["Field"], r["After"]) for r in audit} >= {
        ("Dr Form", pmid, "Participants", str(CORRECTED_N))
    }
    # The name is remembered for the next correction.
    assert next(t for t in at.text_input if t.label == "Your name").value == "Dr Form"


def test_a_risk_of_bias_correction_is_shown_saved_and_audited(corpus: Engine) -> None:
    at = start("app_pages/claim.py", claim=CLAIM)
    with store.session_scope(corpus) as session:
        trial = next(
            s
            for s in views.claim_studies(session=session, claim_id=CLAIM)
            if s.grade_input.rob_overall is not None and s.graded().included
        )
    at.selectbox(key=f"study_choice_{CLAIM}").set_value(trial.pmid).run()
    shown = [table(at, i) for i in range(len(at.dataframe))]
    domains = next(t for t in shown if t and "Domain" in t[0])
    assert [r["Domain"] for r in domains] == [
        "Random sequence",
        "Allocation concealment",
        "Blinding participants",
        "Blinding outcome",
        "Incomplete outcome",
    ]
    at.selectbox(key=f"cur_rob_{CLAIM}_{trial.pmid}").set_value("high")
    next(t for t in at.text_input if t.label == "Your name").input("Dr Bias")
    next(t for t in at.text_area if t.label.startswith("Why")).input("Unblinded per protocol")
    next(b for b in at.button if b.label == "Save correction").click().run()
    assert not at.exception and not at.error
    with store.session_scope(corpus) as session:
        audit = views.audit_log(session=session, claim_id=CLAIM)
        link = session.get(ClaimArticle, (CLAIM, trial.pmid))
        assert link is not None and link.cur_rob == "high"
    assert ("Dr Bias", trial.pmid, "risk_of_bias", "high") in {
        (e.by, e.pmid, e.field, e.after) for e in audit
    }
    assert any("Risk of bias: High risk (set by the curator)" in m.value for m in at.markdown)


def test_a_curation_without_a_note_is_refused(corpus: Engine) -> None:
    before = profiles(corpus)[CLAIM]
    at = start("app_pages/claim.py", claim=CLAIM)
    pmid = at.selectbox(key=f"study_choice_{CLAIM}").value
    at.radio(key=f"cur_included_{CLAIM}_{pmid}").set_value(False)
    next(t for t in at.text_input if t.label == "Your name").input("Dr Hasty")
    next(b for b in at.button if b.label == "Save correction").click().run()
    assert any("note is required" in e.value for e in at.error)
    assert profiles(corpus)[CLAIM] == before


def test_cached_pages_follow_new_curations_and_runs(corpus: Engine, tmp_path: Path) -> None:
    at = start()
    pmid, expected = a_study_that_moves_the_grade(corpus)
    with store.session_scope(corpus) as session:
        curation.curate(
            session=session, claim_id=CLAIM, pmid=pmid, by="CLI", note="x", n_participants=500
        )
    at.run()
    text = next(c.claim for c in tracked_claims() if c.id == CLAIM)
    assert list({r["Claim"]: r for r in table(at)}[text]["Certainty"]) == [
        certainty_badge(expected)
    ]

    new = Rec(
        39900008,
        "Microneedling for ice pick acne scars: a case series",
        (("CONCLUSIONS", "Microneedling improved ice pick acne scars."),),
        2025,
    )
    import_records(corpus, tmp_path, [new], "later")
    at.run()
    assert {r["Claim"]: r for r in table(at)}[text]["New in last run"] == 1


# --- record text stays text -------------------------------------------------------------


def test_a_hostile_title_is_shown_literally(corpus: Engine) -> None:
    at = start("app_pages/claim.py", claim=CLAIM)
    at.selectbox(key=f"study_choice_{CLAIM}").set_value(39900005).run()
    assert SCRIPT_TITLE in [t.value for t in at.text]
    assert not at.get("html")
    for element in at.markdown:
        assert "<script>" not in element.value
        assert "*acne scars*" not in element.value
    titles = [
        r["Title"]
        for t in (table(at, i) for i in range(len(at.dataframe)))
        for r in t
        if "Title" in r
    ]
    assert SCRIPT_TITLE in titles

    at.switch_page("app_pages/studies.py").run()
    # (PostgreSQL's parser drops what sits between tag-like tokens, so search another word.)
    at.text_input[0].input("20")
    next(b for b in at.button if b.label == "Search").click().run()
    assert [r["Title"] for r in table(at)] == [SCRIPT_TITLE]


# --- the studies explorer and the runs page ----------------------------------------------


def test_studies_explorer_searches_and_pages(corpus: Engine) -> None:
    at = start("app_pages/studies.py")
    assert len(table(at)) == len(CORPUS)
    at.text_input[0].input("minoxidil")
    next(b for b in at.button if b.label == "Search").click().run()
    with store.session_scope(corpus) as session:
        expected = views.search_articles(
            session=session, search=views.ArticleSearch(text="minoxidil")
        )
    assert [r["Title"] for r in table(at)] == [hit.title for hit in expected.hits]
    assert any(f"{expected.total} records match" in c.value for c in at.caption)

    at.text_input[0].input("")
    at.select_slider[0].set_value(25)
    next(b for b in at.button if b.label == "Search").click().run()
    assert next(b for b in at.button if b.label == "Next →").disabled  # one page of 13


@pytest.mark.parametrize("typed", ["minoxidil\x00", "mino\x00xidil", "\x00"])
def test_a_nul_in_the_search_box_is_a_search_not_a_traceback(corpus: Engine, typed: str) -> None:
    at = start("app_pages/studies.py")
    at.text_input[0].input(typed)
    next(b for b in at.button if b.label == "Search").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    # A NUL is no character of any word: it separates words, like a space.
    with store.session_scope(corpus) as session:
        expected = views.search_articles(
            session=session, search=views.ArticleSearch(text=typed.replace("\x00", " "))
        )
    assert [r["Title"] for r in table(at)] == [hit.title for hit in expected.hits]
    assert any(f"{expected.total} records match" in c.value for c in at.caption)


def test_runs_page_shows_history_changes_and_the_lease(corpus: Engine) -> None:
    at = start("app_pages/runs.py")
    (run,) = table(at)
    assert (run["Trigger"], run["Status"]) == ("import", "done")
    assert run["Claims"] == len(linked(corpus))
    claims = next(
        t for t in (table(at, i) for i in range(len(at.dataframe))) if t and "New PMIDs" in t[0]
    )
    assert {r["Claim"]: r["New"] for r in claims} == {c: len(p) for c, p in linked(corpus).items()}
    assert any("lease is free" in s.value for s in at.success)

    with store.session_scope(corpus) as session:
        store.acquire_lease(
            session=session,
            name="fetch",
            holder="nightly-cron",
            host="lab-server",
            pid=4242,
            ttl=dt.timedelta(minutes=30),
        )
    at.run()
    assert any("nightly-cron" in i.value and "lab-server" in i.value for i in at.info)


def test_runs_page_shows_each_runs_digest_and_a_failed_webhook(
    corpus: Engine, tmp_path: Path
) -> None:
    from tests import corpus as records
    from tests.eutils_server import unused_port
    from tracker.alerts import AlertConfig
    from tracker.ingest import import_files

    dead = AlertConfig(webhook_url=f"http://127.0.0.1:{unused_port()}/x", attempts=2, backoff=0)
    report = import_files(
        corpus, [records.write_corpus(tmp_path)], claims=tracked_claims(), alerts=dead
    )
    assert report.digest is not None
    at = start("app_pages/runs.py")
    rows = {row["Run"]: row for row in table(at)}
    assert rows[report.run_id]["Digest"].endswith("webhook FAILED")
    assert rows[report.run_id]["Status"] == "done"
    assert rows[report.run_id - 1]["Digest"].endswith("no webhook set")
    (warning,) = [w.value for w in at.warning if "webhook" in w.value]
    assert "after 2 attempt(s): connection refused" in warning
    digest = next(
        t for t in (table(at, i) for i in range(len(at.dataframe))) if t and "What changed" in t[0]
    )
    assert {row["Claim"] for row in digest} == {c.claim_id for c in report.digest.claims}


# --- checking a text ----------------------------------------------------------------------

CHECKED_TEXT = (
    "## Results\n- Fades acne scars **for good**\n- No risk of hyperpigmentation <b>at all</b>\n"
    "Microneedling reduces collagen production."
)


def check_a_text(at: AppTest, text: str) -> list[dict[str, Any]]:
    at.switch_page("app_pages/check.py").run()
    next(t for t in at.text_area if t.label == "Marketing text").input(text)
    next(b for b in at.button if b.label == "Check").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return table(at)


def test_checking_a_text_rates_its_claims_from_the_stored_grades(corpus: Engine) -> None:
    at = start()
    rows = {(row["Claim"], row["Asserts"]): row for row in check_a_text(at, CHECKED_TEXT)}
    assert rows[("acne-scars", "the claim")]["Rating"] == "🟡 weakly supported"
    no_risk = rows[("pih-risk", "the claim")]
    assert no_risk["Rating"] == "🔴 contradicted"
    assert no_risk["Overclaims"] == "no risk"
    assert rows[("collagen-induction", "its opposite")]["Rating"] == "⚪ not established"
    # The pasted text is shown literally: Markdown and tags stay as typed.
    sentences = {row["Sentence"] for row in rows.values()}
    assert "Fades acne scars **for good**" in sentences
    assert "No risk of hyperpigmentation <b>at all</b>" in sentences
    assert rows[("acne-scars", "the claim")]["Overclaims"] == "permanent"


def test_checking_a_text_without_a_database_still_finds_the_claims(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TRACKER_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/nothing")
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    rows = check_a_text(at, CHECKED_TEXT)
    assert {row["Claim"] for row in rows} == {"acne-scars", "pih-risk", "collagen-induction"}
    assert {row["Rating"] for row in rows} == {"… not graded"}
    assert any("not yet graded" in i.value for i in at.info)
    next(t for t in at.text_area if t.label == "Marketing text").input("   ")
    next(b for b in at.button if b.label == "Check").click().run()
    assert [e.value for e in at.error] == ["the text is empty: there is no text to check"]
    assert not at.dataframe


# --- empty, sample, broken databases ----------------------------------------------------


def test_an_empty_database_explains_what_to_run(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = db.make_engine(db_url)
    db.migrate(engine)
    monkeypatch.setenv("TRACKER_DATABASE_URL", db_url)
    at = start()
    assert any("tracker init" in i.value for i in at.info)
    for page in ("app_pages/claim.py", "app_pages/studies.py", "app_pages/runs.py"):
        at.switch_page(page).run()
        assert not at.exception and not at.error
        assert any("tracker init" in i.value for i in at.info), page

    with store.session_scope(engine) as session:
        store.sync_claims(session=session, claims=tracked_claims())
    at.switch_page("app_pages/overview.py").run()
    assert any("tracker import" in i.value and "tracker fetch" in i.value for i in at.info)
    assert len(table(at)) == len(tracked_claims())
    engine.dispose()


def test_the_offline_sample_says_how_to_fetch_live_data(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = db.make_engine(db_url)
    db.migrate(engine)
    load_snapshot(engine, claims=tracked_claims())
    monkeypatch.setenv("TRACKER_DATABASE_URL", db_url)
    at = start()
    notice = " ".join(w.value for w in at.warning)
    assert "offline sample" in notice and "tracker fetch" in notice and "NCBI_EMAIL" in notice
    assert [w.icon for w in at.warning] == [":material/inventory_2:"]  # no emoji font needed
    engine.dispose()


def finished_fetch(engine: Engine, status: str) -> None:
    with store.session_scope(engine) as session:
        run = store.start_run(session=session, trigger="fetch", host="h", pid=1, detail="fetch")
        assert run.id is not None
        store.finish_run(session=session, run_id=run.id, status=status, counts={})


def test_a_failed_fetch_leaves_the_sample_notice_a_successful_one_removes_it(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = db.make_engine(db_url)
    db.migrate(engine)
    load_snapshot(engine, claims=tracked_claims())
    monkeypatch.setenv("TRACKER_DATABASE_URL", db_url)
    finished_fetch(engine, "failed")  # offline: NCBI never answered
    assert any("offline sample" in w.value for w in start().warning)
    finished_fetch(engine, "done")
    assert not any("offline sample" in w.value for w in start().warning)
    engine.dispose()


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql://nobody@127.0.0.1:1/nothing", "cannot reach the database"),
        ("mysql://example.org/db", "only SQLite and PostgreSQL"),
    ],
)
def test_an_unreachable_database_is_an_error_not_a_traceback(
    url: str, says: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)
    at = start()
    (error,) = at.error
    assert says in error.value and "TRACKER_DATABASE_URL" in error.value


def test_a_database_without_schema_says_to_run_init(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{tmp_path / 'blank.db'}")
    at = start()
    (error,) = at.error
    assert "tracker init" in error.value


# --- what `streamlit run dashboard/app.py` exposes ---------------------------------------


@pytest.fixture
def shipped_streamlit_config() -> Iterator[Path]:
    """Streamlit's options as `streamlit run dashboard/app.py` reads them in the repository
    root; the options of the test process come back afterwards."""
    from streamlit import config

    shipped = REPO_ROOT / ".streamlit" / "config.toml"
    before = Path.cwd()
    os.chdir(REPO_ROOT)
    try:
        config.get_config_options(force_reparse=True)
        yield shipped
    finally:
        os.chdir(before)
        config.get_config_options(force_reparse=True)


def test_the_shipped_config_binds_loopback_with_no_statistics_and_no_error_details(
    shipped_streamlit_config: Path,
) -> None:
    from streamlit import config

    for option, value in (
        ("server.address", "127.0.0.1"),
        ("browser.gatherUsageStats", False),
        ("client.showErrorDetails", "none"),
    ):
        assert config.get_option(option) == value, option
        assert config.get_where_defined(option) == str(shipped_streamlit_config), option


def test_an_unexpected_error_shows_neither_its_message_nor_a_traceback(
    corpus: Engine, shipped_streamlit_config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**_: object) -> views.SearchPage:
        raise RuntimeError(f"secret row of the article table, read by {APP}")

    monkeypatch.setattr(views, "search_articles", broken)
    at = start()
    at.switch_page("app_pages/studies.py").run()
    (shown,) = at.exception
    assert "secret" not in shown.message and str(APP) not in shown.message
    assert not shown.stack_trace


RAW_CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|\bNone\b|\bFalse\b|\bTrue\b")


def test_the_claim_page_reads_in_words_and_sums_up_curator_labels(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = db.make_engine(db_url)
    db.migrate(engine)
    load_snapshot(engine, claims=tracked_claims())
    with store.session_scope(engine) as session:
        cards = [c for c in views.claim_cards(session=session) if c.profile is not None]
        card = max(cards, key=lambda c: len(c.profile.overrides) if c.profile else 0)
        assert card.profile is not None
        snapshot_labelled = len(card.profile.overrides)
        assert snapshot_labelled >= 2
        study = views.claim_studies(session=session, claim_id=card.claim_id)[0]
        changed: Design = "rct" if study.graded().design != "rct" else "case_report"
        curation.curate(
            session=session,
            claim_id=card.claim_id,
            pmid=study.pmid,
            by="Dr X",
            note="read it",
            design=changed,
        )
    monkeypatch.setenv("TRACKER_DATABASE_URL", db_url)
    at = start("app_pages/claim.py", claim=card.claim_id)
    texts = [t.value for t in at.text]
    summary = next(t for t in texts if "carry curator labels" in t)
    from_snapshot = snapshot_labelled - (0 if study.cur_by is None else 1)
    assert summary.endswith(f"{from_snapshot} from the offline snapshot (hand-labelled), 1 by Dr X")
    assert any(e.label == "Every curator label" for e in at.expander)
    # One line says why the verdict and the consensus can disagree.
    assert any("the consensus weighs every included study" in c.value for c in at.caption)
    # No code in what a person reads: markdown, text, captions and table cells.
    shown = [m.value for m in at.markdown] + texts + [c.value for c in at.caption]
    for frame in at.dataframe:
        for _, row in frame.value.iterrows():
            shown += [str(v) for v in row.values if isinstance(v, str)]
    raw = [m for line in shown for m in RAW_CODE.findall(line.replace(card.claim_id, ""))]
    assert not raw, raw
    engine.dispose()


def test_a_study_without_a_title_is_never_a_blank_row_or_choice(corpus: Engine) -> None:
    pmid = min(linked(corpus)[CLAIM])
    with store.session_scope(corpus) as session:
        article = session.get(Article, pmid)
        assert article is not None
        article.title = ""
        session.add(article)
    at = start("app_pages/claim.py", claim=CLAIM)
    picker = at.selectbox(key=f"study_choice_{CLAIM}")
    assert f"PMID {pmid}: (title not stored)" in picker.options
    tables = (table(at, i) for i in range(len(at.dataframe)))
    studies = next(t for t in tables if t and "Design" in t[0])
    assert "(title not stored)" in {row["Title"] for row in studies}


def test_the_runs_page_shows_a_dash_not_none_for_what_an_import_did_not_search(
    corpus: Engine,
) -> None:
    at = start("app_pages/runs.py")
    tables = (table(at, i) for i in range(len(at.dataframe)))
    per_claim = next(t for t in tables if t and "PubMed hits" in t[0])
    cells = [row[column] for row in per_claim for column in ("PubMed hits", "Window end")]
    assert cells and set(cells) == {"—"}  # an import has neither; None would read "None"
