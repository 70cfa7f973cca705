"""Curation (`tracker.store.curation`): overrides, the audit trail, regrading, and survival of
a curator's changes through later imports. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select

from tests.test_store_views import CORPUS, build_corpus_database, import_records
from tracker import store
from tracker.evidence.grade import ClaimProfile, grade_claim
from tracker.models import ClaimArticle, CurationAudit
from tracker.store import curation, views

CLAIM = "acne-scars"


@pytest.fixture
def corpus(db_url: str, tmp_path: Path) -> Iterator[Engine]:
    engine = build_corpus_database(db_url, tmp_path)
    try:
        yield engine
    finally:
        engine.dispose()


def stored_profile(engine: Engine, claim_id: str = CLAIM) -> ClaimProfile:
    with store.session_scope(engine) as session:
        summary = store.get_summary(session=session, claim_id=claim_id)
    assert summary is not None
    return ClaimProfile.from_json(summary.profile)


def audit_rows(engine: Engine) -> list[CurationAudit]:
    with store.session_scope(engine) as session:
        return list(session.exec(select(CurationAudit).order_by(col(CurationAudit.id))).all())


def link(engine: Engine, pmid: int, claim_id: str = CLAIM) -> ClaimArticle:
    with store.session_scope(engine) as session:
        row = session.get(ClaimArticle, (claim_id, pmid))
        assert row is not None
        return row


def fresh_grade(engine: Engine, claim_id: str = CLAIM) -> ClaimProfile:
    """What the grader makes of the stored rows right now (independent of claim_summary)."""
    with store.session_scope(engine) as session:
        studies = store.studies_for_claim(session=session, claim_id=claim_id)
    return grade_claim(claim_id, "benefit", studies)


def included_pmids(engine: Engine) -> list[int]:
    with store.session_scope(engine) as session:
        studies = views.claim_studies(session=session, claim_id=CLAIM)
    return sorted(s.pmid for s in studies if s.graded().included)


def test_excluding_a_study_is_audited_and_regraded_at_once(corpus: Engine) -> None:
    before = stored_profile(corpus)
    pmid = included_pmids(corpus)[0]
    with store.session_scope(corpus) as session:
        result = curation.curate(
            session=session,
            claim_id=CLAIM,
            pmid=pmid,
            by="  Dr Ada Lovelace ",
            note="Duplicate report of an included trial",
            included=False,
        )
    assert result.changed and len(result.audit_ids) == 2  # the inclusion and the note

    after = stored_profile(corpus)
    assert after == fresh_grade(corpus)  # the stored grade is the grade of the stored rows
    assert after.n_included == before.n_included - 1
    assert (pmid, "curator excluded") in {(e.pmid, e.why) for e in after.excluded}
    assert any(o.pmid == pmid and "included" in o.fields for o in after.overrides)

    rows = audit_rows(corpus)
    assert [r.id for r in rows] == sorted(result.audit_ids)
    inclusion = next(r for r in rows if r.field == "included")
    assert (inclusion.before, inclusion.after) == (None, "false")
    assert inclusion.by == "Dr Ada Lovelace"  # trimmed
    assert inclusion.note == "Duplicate report of an included trial"
    assert inclusion.claim_id == CLAIM and inclusion.pmid == pmid
    assert abs(inclusion.at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    note = next(r for r in rows if r.field == "note")
    assert (note.before, note.after) == (None, "Duplicate report of an included trial")

    row = link(corpus, pmid)
    assert row.cur_included is False and row.cur_by == "Dr Ada Lovelace"
    assert row.cur_note == "Duplicate report of an included trial"


def test_a_grade_change_is_recorded_like_a_run_would(corpus: Engine) -> None:
    # Exclude every included study: whatever the classifiers said, the grade must fall to
    # "insufficient", and each step that moved it leaves a claim_change row.
    before = stored_profile(corpus)
    assert before.certainty != "insufficient"
    moved = []
    for pmid in included_pmids(corpus):
        with store.session_scope(corpus) as session:
            result = curation.curate(
                session=session, claim_id=CLAIM, pmid=pmid, by="B", note="x", included=False
            )
        moved += [c for c in result.changes if "certainty" in c.changed]
    after = stored_profile(corpus)
    assert after.certainty == "insufficient" and after.n_included == 0
    assert moved and moved[-1].certainty_after == "insufficient"
    with store.session_scope(corpus) as session:
        changes = views.grade_changes(session=session, claim_id=CLAIM)
    latest = changes[0]
    assert latest.run_id is None  # a curation, not a run
    assert latest.after["certainty"] == "insufficient"


def test_every_field_can_be_overridden_and_cleared(corpus: Engine) -> None:
    pmid = included_pmids(corpus)[0]
    with store.session_scope(corpus) as session:
        curation.curate(
            session=session,
            claim_id=CLAIM,
            pmid=pmid,
            by="C",
            note="read the full text",
            design="nonrandomized_controlled",
            direction="no_effect",
            n_participants=250,
        )
    row = link(corpus, pmid)
    assert (row.cur_design, row.cur_direction, row.cur_n) == (
        "nonrandomized_controlled",
        "no_effect",
        250,
    )
    assert {r.field for r in audit_rows(corpus)} == {
        "design",
        "direction",
        "n_participants",
        "note",
    }
    graded = next(s.graded() for s in views_studies(corpus) if s.pmid == pmid)
    assert (graded.design, graded.direction, graded.n_participants) == (
        "nonrandomized_controlled",
        "no_effect",
        250,
    )
    assert stored_profile(corpus) == fresh_grade(corpus)

    # None clears an override (back to the automatic value); KEEP leaves one alone.
    with store.session_scope(corpus) as session:
        curation.curate(
            session=session,
            claim_id=CLAIM,
            pmid=pmid,
            by="C",
            note="design was right after all",
            design=None,
        )
    row = link(corpus, pmid)
    assert (row.cur_design, row.cur_direction, row.cur_n) == (None, "no_effect", 250)
    cleared = [r for r in audit_rows(corpus) if r.field == "design"][-1]
    assert (cleared.before, cleared.after) == ("nonrandomized_controlled", None)
    assert stored_profile(corpus) == fresh_grade(corpus)


def views_studies(engine: Engine) -> list[views.ClaimStudy]:
    with store.session_scope(engine) as session:
        return views.claim_studies(session=session, claim_id=CLAIM)


def test_repeating_the_same_values_changes_nothing(corpus: Engine) -> None:
    pmid = included_pmids(corpus)[0]

    def correct() -> curation.CurationResult:
        with store.session_scope(corpus) as session:
            return curation.curate(
                session=session, claim_id=CLAIM, pmid=pmid, by="D", note="same", n_participants=5
            )

    first = correct()
    graded_at = stored_grade_time(corpus)
    again = correct()
    assert first.changed and not again.changed and again.changes == ()
    assert len(audit_rows(corpus)) == len(first.audit_ids)
    assert stored_grade_time(corpus) == graded_at  # no regrade for a no-op


def stored_grade_time(engine: Engine) -> dt.datetime:
    with store.session_scope(engine) as session:
        summary = store.get_summary(session=session, claim_id=CLAIM)
    assert summary is not None
    return summary.computed_at


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"by": " ", "included": False}, "name"),
        ({"note": "", "included": False}, "why"),
        ({"by": "x" * 201, "included": False}, "longer"),
        ({"design": "anecdote"}, "unknown design"),
        ({"direction": "sideways"}, "unknown direction"),
        ({"n_participants": -1}, "whole number"),
        ({"n_participants": True}, "whole number"),
        ({"pmid": 1, "included": False}, "not linked"),
        ({"claim_id": "no-such-claim", "included": False}, "not linked"),
        ({"note": "because\x00", "included": False}, "NUL"),
        ({"by": "E\x00", "included": False}, "NUL"),
    ],
)
def test_bad_corrections_are_refused_and_leave_no_trace(
    corpus: Engine, changes: dict[str, object], message: str
) -> None:
    before = stored_profile(corpus)
    kwargs: dict[str, object] = {
        "claim_id": CLAIM,
        "pmid": included_pmids(corpus)[0],
        "by": "E",
        "note": "because",
    } | changes
    with (
        pytest.raises(curation.CurationError, match=message),
        store.session_scope(corpus) as session,
    ):
        curation.curate(session=session, **kwargs)  # type: ignore[arg-type]
    assert audit_rows(corpus) == []
    assert stored_profile(corpus) == before


def test_curation_survives_a_later_import_of_the_same_record(
    corpus: Engine, tmp_path: Path
) -> None:
    target = next(r for r in CORPUS if r.pmid == 39900003)
    with store.session_scope(corpus) as session:
        curation.curate(
            session=session,
            claim_id=CLAIM,
            pmid=target.pmid,
            by="F",
            note="sample size from the full text",
            design="nonrandomized_controlled",
            n_participants=44,
        )
    assessed_before = link(corpus, target.pmid).assessed_at
    profile_before = stored_profile(corpus)

    # NLM revises the record: a new DateRevised and a reworded conclusion.
    revised = dataclasses.replace(
        target,
        abstract=(
            *target.abstract[:-1],
            ("CONCLUSIONS", "Both sides improved after microneedling."),
        ),
        revised=dt.date(2025, 3, 1),
    )
    import_records(corpus, tmp_path, [revised], "revised")

    row = link(corpus, target.pmid)
    assert row.assessed_at is not None and assessed_before is not None
    assert row.assessed_at > assessed_before  # the automatic columns were rewritten
    assert (row.cur_design, row.cur_n, row.cur_by) == ("nonrandomized_controlled", 44, "F")
    assert row.cur_note == "sample size from the full text"
    after = stored_profile(corpus)
    assert after == fresh_grade(corpus)
    assert any(o.pmid == target.pmid for o in after.overrides)
    assert profile_before.overrides == after.overrides
