"""The bundled offline snapshot loads through the ingest path, hand labels as curated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select

from tracker import store
from tracker.claims import load_claims
from tracker.config import DEFAULT_QUERIES_DIR
from tracker.errors import ConfigError
from tracker.grading import profiles
from tracker.models import ClaimArticle
from tracker.snapshot import CURATOR, SNAPSHOT_PATH, load_snapshot, read_snapshot
from tracker.store import curation

CLAIMS = load_claims(DEFAULT_QUERIES_DIR)


def test_the_snapshot_file_is_well_formed() -> None:
    meta, rows = read_snapshot()
    assert meta["records"] == len(rows) == 65
    assert len({row["pmid"] for row in rows}) == 65
    for row in rows:
        assert row["curated"]["design"]
        assert all(claim in {c.id for c in CLAIMS} for claim in row["claims"])


def test_loading_stores_records_and_curated_labels(engine: Engine) -> None:
    report = load_snapshot(engine, claims=CLAIMS)
    _, rows = read_snapshot()
    assert report.records == 65
    assert report.curated == report.links > 65  # every link carries the hand labels
    by_pmid = {row["pmid"]: row for row in rows}
    with store.session_scope(engine) as session:
        assert store.count_articles(session=session) == 65
        links = session.exec(select(ClaimArticle).order_by(col(ClaimArticle.pmid))).all()
        (run,) = store.list_runs(session=session)
        graded = {profile.claim_id: profile for profile in profiles(session=session)}
    assert (run.trigger, run.status) == ("snapshot", "done")
    for link in links:
        curated = by_pmid[link.pmid]["curated"]
        assert link.cur_by == CURATOR
        assert link.cur_design == curated["design"]
        assert link.cur_n == curated["n_participants"]
        if link.claim_id in by_pmid[link.pmid]["claims"] and link.claim_id != "pih-risk":
            assert link.cur_direction == curated["direction"]
    # Every labelled acne-scar record ends up in the acne-scars claim, graded from the labels.
    acne = [row["pmid"] for row in rows if row["curated"]["indication"] == "acne_scars"]
    linked = {link.pmid for link in links if link.claim_id == "acne-scars"}
    assert set(acne) <= linked
    assert graded["acne-scars"].certainty != "insufficient"
    assert graded["acne-scars"].counts["rct"] >= 1


def test_a_reported_pih_case_is_evidence_against_the_pih_claim(engine: Engine) -> None:
    load_snapshot(engine, claims=CLAIMS)
    _, rows = read_snapshot()
    reported = {row["pmid"] for row in rows if row["curated"]["adverse_pih_reported"]}
    with store.session_scope(engine) as session:
        pih = session.exec(
            select(ClaimArticle).where(col(ClaimArticle.claim_id) == "pih-risk")
        ).all()
    directions = {link.pmid: link.cur_direction for link in pih}
    assert reported and all(directions[pmid] == "harms" for pmid in reported)


def test_a_broken_snapshot_line_is_named(tmp_path: Path) -> None:
    lines = SNAPSHOT_PATH.read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "snapshot.jsonl"
    broken.write_text("\n".join([lines[0], lines[1], "{not json", *lines[2:]]) + "\n")
    with pytest.raises(ConfigError, match=r"snapshot.jsonl: line 3: not JSON"):
        read_snapshot(broken)
    broken.write_text(json.dumps({"title": "no pmid"}) + "\n")
    with pytest.raises(ConfigError, match="line 1: field 'pmid' missing"):
        read_snapshot(broken)


def test_no_hand_labelled_study_is_excluded_as_not_relevant(engine: Engine) -> None:
    # Eight snapshot records have no stored title, so the relevance reader finds no
    # microneedling in them; the curator's labels say they belong all the same.
    load_snapshot(engine, claims=CLAIMS)
    with store.session_scope(engine) as session:
        links = session.exec(select(ClaimArticle)).all()
        graded = profiles(session=session)
    labelled = {(link.claim_id, link.pmid) for link in links if link.cur_by == CURATOR}
    assert any(not link.relevant for link in links), "the test needs an unreadable record"
    not_relevant = {
        (profile.claim_id, study.pmid)
        for profile in graded
        for study in profile.excluded
        if study.why == "not relevant"
    }
    assert not labelled & not_relevant
    assert all(link.cur_included is True for link in links if link.cur_by == CURATOR)


def test_reloading_upgrades_the_snapshot_labels_but_keeps_a_curators_exclusion(
    engine: Engine,
) -> None:
    load_snapshot(engine, claims=CLAIMS)
    with store.session_scope(engine) as session:
        first, second = session.exec(
            select(ClaimArticle)
            .where(col(ClaimArticle.claim_id) == "acne-scars")
            .order_by(col(ClaimArticle.pmid))
            .limit(2)
        ).all()
        pmid, older = first.pmid, second.pmid
        second.cur_included = None  # as an earlier version of the snapshot loader left it
        session.add(second)
        curation.curate(
            session=session,
            claim_id="acne-scars",
            pmid=pmid,
            by="Dr Test",
            note="wrong population",
            included=False,
        )
    # Loading the snapshot again refreshes its own labels but never a person's decision.
    load_snapshot(engine, claims=CLAIMS)
    with store.session_scope(engine) as session:
        (acne,) = profiles(session=session, claim_ids=["acne-scars"])
        stored = session.get(ClaimArticle, ("acne-scars", pmid))
        upgraded = session.get(ClaimArticle, ("acne-scars", older))
    assert stored is not None and stored.cur_included is False and stored.cur_by == "Dr Test"
    assert any(s.pmid == pmid and s.why == "curator excluded" for s in acne.excluded)
    assert upgraded is not None and upgraded.cur_included is True
