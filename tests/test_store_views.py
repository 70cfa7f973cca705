"""The dashboard's read queries (`tracker.store.views`) on a database built by the real import.

The corpus below is invented: microneedling records written for these tests in the style of
real abstracts, imported through `tracker.ingest.import_files` (parse, link by the claim
queries, classify, grade). The other dashboard test modules import `build_corpus_database`
from here so every one of them reads the same kind of database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from tests.eutils_server import make_article_xml
from tracker import db, store
from tracker.claims import ClaimDefinition, load_claims
from tracker.config import DEFAULT_QUERIES_DIR
from tracker.evidence.grade import grade_claim
from tracker.store import curation, views

# --- the corpus -------------------------------------------------------------------------

RETRACTION_NOTICE = 39900099
SCRIPT_TITLE = "<script>alert('x')</script> Microneedling for *acne scars* in [20] patients"


@dataclasses.dataclass(frozen=True)
class Rec:
    pmid: int
    title: str
    abstract: Sequence[tuple[str, str]]
    year: int
    types: tuple[str, ...] = ("Journal Article",)
    mesh: tuple[str, ...] = ("Humans",)
    # (last name, initials): stored as "Last Initials", the form PubMed gives.
    authors: tuple[tuple[str, str], ...] = (("Doe", "J"),)
    doi: str | None = None
    corrections: tuple[tuple[str, int], ...] = ()
    revised: dt.date | None = None

    def xml(self) -> bytes:
        return make_article_xml(
            self.pmid,
            title=self.title,
            abstract=self.abstract,
            year=self.year,
            publication_types=self.types,
            mesh=self.mesh,
            authors=self.authors,
            doi=self.doi,
            comments_corrections=self.corrections,
            date_revised=self.revised,
        )


RCT = ("Randomized Controlled Trial", "Journal Article")

CORPUS: tuple[Rec, ...] = (
    Rec(
        39900001,
        "Skin needling for atrophic acne scars: a prospective case series",
        (
            ("BACKGROUND", "Atrophic acne scars are common and hard to treat."),
            (
                "METHODS",
                "Twelve patients with rolling and boxcar acne scars received four sessions of "
                "microneedling with a 1.5 mm roller at monthly intervals.",
            ),
            ("RESULTS", "Eleven of the 12 patients improved by at least one scar grade."),
            (
                "CONCLUSIONS",
                "Microneedling improved atrophic acne scars with little downtime.",
            ),
        ),
        2016,
        mesh=("Acne Vulgaris", "Cicatrix*", "Humans"),
        authors=(("Okafor", "CN"), ("Lindqvist", "E")),
        doi="10.5555/acne.2016.001",
    ),
    Rec(
        39900002,
        "Microneedling versus fractional laser for atrophic acne scars: a randomized trial",
        (
            (
                "METHODS",
                "Sixty patients with atrophic acne scars were randomly assigned to four "
                "sessions of microneedling or of fractional CO2 laser.",
            ),
            (
                "RESULTS",
                "Scar scores fell by 41% after microneedling and by 45% after laser; the "
                "difference was not significant.",
            ),
            (
                "CONCLUSIONS",
                "Microneedling significantly improved atrophic acne scars and was as "
                "effective as laser, with fewer adverse effects.",
            ),
        ),
        2019,
        types=RCT,
        mesh=("Acne Vulgaris", "Cicatrix", "Humans"),
        authors=(("García-López", "M"), ("Smith", "JA"), ("Ng", "W")),
        doi="10.5555/acne_rct{2019}",
    ),
    Rec(
        39900003,
        "Split-face randomized trial of microneedling with platelet-rich plasma for acne scars",
        (
            (
                "METHODS",
                "Forty patients with acne scars were treated with microneedling on both "
                "sides of the face; one randomly chosen side also received platelet-rich "
                "plasma.",
            ),
            ("RESULTS", "Both sides improved; the combined side improved more."),
            (
                "CONCLUSIONS",
                "Microneedling improved acne scars, and platelet-rich plasma added to it.",
            ),
        ),
        2021,
        types=RCT,
        authors=(("Haddad", "R"),),
    ),
    Rec(
        39900004,
        "Microneedling was no better than sham for atrophic acne scars: a randomized trial",
        (
            (
                "METHODS",
                "Thirty-six patients with atrophic acne scars were randomly assigned to "
                "microneedling or to a sham procedure.",
            ),
            ("RESULTS", "Scar scores did not differ between the groups at six months."),
            (
                "CONCLUSIONS",
                "Microneedling did not improve atrophic acne scars more than sham treatment.",
            ),
        ),
        2022,
        types=RCT,
        authors=(("Kowalski", "A"), ("Berg", "L")),
    ),
    Rec(
        39900005,
        SCRIPT_TITLE,
        (
            (
                "METHODS",
                "Twenty patients with acne scars had three sessions of microneedling.",
            ),
            ("CONCLUSIONS", "Microneedling improved acne scars in most patients."),
        ),
        2020,
        authors=(("O'Brien", "S"),),
    ),
    Rec(
        39900006,
        "Microneedling with a growth-factor serum for acne scars: a randomized trial",
        (
            (
                "METHODS",
                "Eighty patients with acne scars were randomly assigned to microneedling with "
                "the serum or with saline.",
            ),
            ("CONCLUSIONS", "Microneedling with the serum improved acne scars markedly."),
        ),
        2018,
        types=(*RCT, "Retracted Publication"),
        corrections=(("RetractionIn", RETRACTION_NOTICE),),
    ),
    Rec(
        39900011,
        "Microneedling with minoxidil versus minoxidil alone for androgenetic alopecia: "
        "a randomized evaluator-blinded trial",
        (
            (
                "METHODS",
                "One hundred men with androgenetic alopecia were randomly assigned to "
                "weekly microneedling plus minoxidil or to minoxidil alone for 12 weeks.",
            ),
            ("RESULTS", "Hair counts rose more with microneedling plus minoxidil."),
            (
                "CONCLUSIONS",
                "Microneedling with minoxidil was superior to minoxidil alone for hair "
                "regrowth in androgenetic alopecia.",
            ),
        ),
        2013,
        types=RCT,
        mesh=("Alopecia", "Minoxidil", "Humans", "Male"),
        authors=(("Iyer", "P"), ("Chen", "L")),
    ),
    Rec(
        39900012,
        "Hair regrowth after microneedling and minoxidil in female pattern hair loss: "
        "a case report",
        (
            (
                "CASE",
                "A 45-year-old woman with female pattern hair loss had monthly microneedling "
                "with minoxidil.",
            ),
            ("CONCLUSIONS", "Microneedling with minoxidil regrew hair in this patient."),
        ),
        2020,
        types=("Case Reports", "Journal Article"),
    ),
    Rec(
        39900013,
        "Microneedling for androgenetic alopecia: a systematic review and meta-analysis",
        (
            (
                "METHODS",
                "We searched four databases and pooled eight randomized trials with 412 "
                "participants with androgenetic alopecia.",
            ),
            (
                "CONCLUSIONS",
                "Microneedling combined with minoxidil improved hair counts compared with "
                "minoxidil alone.",
            ),
        ),
        2023,
        types=("Meta-Analysis", "Systematic Review", "Journal Article"),
    ),
    Rec(
        39900021,
        "Post-inflammatory hyperpigmentation after microneedling in Fitzpatrick skin types "
        "IV to VI: a prospective cohort",
        (
            (
                "METHODS",
                "Fifty patients with Fitzpatrick skin types IV to VI had three sessions of "
                "microneedling and were followed for post-inflammatory hyperpigmentation.",
            ),
            ("RESULTS", "Two patients had transient hyperpigmentation that resolved."),
            (
                "CONCLUSIONS",
                "Microneedling was safe in darker skin types, with a low risk of "
                "post-inflammatory hyperpigmentation.",
            ),
        ),
        2017,
    ),
    Rec(
        39900022,
        "Persistent post-inflammatory hyperpigmentation after microneedling with a vitamin C "
        "serum: a case report",
        (
            (
                "CASE",
                "A 30-year-old woman developed post-inflammatory hyperpigmentation after "
                "microneedling.",
            ),
            (
                "CONCLUSIONS",
                "Microneedling can cause persistent post-inflammatory hyperpigmentation.",
            ),
        ),
        2021,
        types=("Case Reports", "Journal Article"),
    ),
    Rec(
        39900031,
        "Microneedling increases dermal collagen in a rat model of stretch marks",
        (
            (
                "METHODS",
                "Striae distensae were induced in rats and treated with microneedling.",
            ),
            ("CONCLUSIONS", "Microneedling increased dermal collagen in rats."),
        ),
        2024,
        mesh=("Animals", "Rats", "Striae Distensae"),
    ),
    Rec(
        39900041,
        "Fractional laser resurfacing of photodamaged skin: a cohort of 30 patients",
        (("CONCLUSIONS", "Laser resurfacing improved photodamage."),),
        2015,
    ),
)


def write_corpus(folder: Path, records: Sequence[Rec] = CORPUS, name: str = "corpus") -> Path:
    """The records as one PubMed XML file (a `PubmedArticleSet`)."""
    path = folder / f"{name}.xml"
    body = b"".join(record.xml() for record in records)
    path.write_bytes(
        b'<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>'
        + body
        + b"</PubmedArticleSet>\n"
    )
    return path


def tracked_claims() -> list[ClaimDefinition]:
    return load_claims(DEFAULT_QUERIES_DIR)


def import_records(engine: Engine, folder: Path, records: Sequence[Rec], name: str) -> int:
    """Import through the real path (parse, link, classify, grade); returns the run id.

    Records that match no claim are kept too: the views must handle unlinked records, which a
    database gets from `tracker import --keep-unmatched`.
    """
    from tracker.ingest import import_files

    report = import_files(
        engine,
        [write_corpus(folder, records, name)],
        claims=tracked_claims(),
        keep_unmatched=True,
    )
    assert report.status == "done", report.problems
    return report.run_id


def build_corpus_database(url: str, folder: Path) -> Engine:
    """A migrated database holding the corpus, imported and graded the way users do it."""
    engine = db.make_engine(url)
    db.migrate(engine)
    import_records(engine, folder, CORPUS, "corpus")
    return engine


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture
def corpus(db_url: str, tmp_path: Path) -> Iterator[Engine]:
    engine = build_corpus_database(db_url, tmp_path)
    try:
        yield engine
    finally:
        engine.dispose()


def linked(engine: Engine) -> dict[str, set[int]]:
    with store.session_scope(engine) as session:
        pairs = store.links_of_claims(session=session, claim_ids=[c.id for c in tracked_claims()])
    found: dict[str, set[int]] = defaultdict(set)
    for claim_id, pmid in pairs:
        found[claim_id].add(pmid)
    return found


# --- claims and profiles ----------------------------------------------------------------


def test_claim_cards_show_the_stored_grade_of_every_claim(corpus: Engine) -> None:
    links = linked(corpus)
    assert {"acne-scars", "androgenetic-alopecia", "pih-risk"} <= set(links)
    with store.session_scope(corpus) as session:
        cards = views.claim_cards(session=session)
        summaries = {row.claim_id: row for row in store.summaries(session=session)}
    assert {card.claim_id for card in cards} == {claim.id for claim in tracked_claims()}
    for card in cards:
        assert card.linked == len(links.get(card.claim_id, set()))
        assert card.profile is not None and card.profile_problem is None
        stored = summaries[card.claim_id]
        assert card.profile.certainty == stored.certainty
        assert card.profile.verdict == stored.verdict
        assert card.graded_at == stored.computed_at


def test_latest_run_lists_the_new_records_of_each_claim(corpus: Engine, tmp_path: Path) -> None:
    first = linked(corpus)
    with store.session_scope(corpus) as session:
        cards = {card.claim_id: card for card in views.claim_cards(session=session)}
    acne = cards["acne-scars"].latest_run
    assert acne is not None and acne.trigger == "import" and acne.finished is not None
    assert set(acne.new_pmids) == first["acne-scars"]

    extra = Rec(
        39900007,
        "Microneedling and subcision for rolling acne scars: a case series",
        (("CONCLUSIONS", "Microneedling with subcision improved rolling acne scars."),),
        2024,
    )
    run_id = import_records(corpus, tmp_path, [extra], "update")
    with store.session_scope(corpus) as session:
        cards = {card.claim_id: card for card in views.claim_cards(session=session)}
    acne = cards["acne-scars"].latest_run
    assert acne is not None and acne.run_id == run_id
    assert acne.new_pmids == (39900007,)
    # A claim the new run did not touch still shows the run that last touched it.
    hair = cards["androgenetic-alopecia"].latest_run
    assert hair is not None and hair.run_id != run_id


def test_effective_values_in_sql_agree_with_the_grader(corpus: Engine) -> None:
    # Overrides of every kind, so the SQL mirror of grade.effective is really exercised.
    with store.session_scope(corpus) as session:
        studies = views.claim_studies(session=session, claim_id="acne-scars")
        included = [s for s in studies if s.graded().included]
        curation.curate(
            session=session,
            claim_id="acne-scars",
            pmid=included[0].pmid,
            by="Dr Test",
            note="design misread",
            design="cohort_or_case_series",
            n_participants=999,
        )
        curation.curate(
            session=session,
            claim_id="acne-scars",
            pmid=included[1].pmid,
            by="Dr Test",
            note="off topic",
            included=False,
        )
    with store.session_scope(corpus) as session:
        cells = views.evidence_cells(session=session)
        cards = views.claim_cards(session=session)
        per_claim = {
            card.claim_id: views.claim_studies(session=session, claim_id=card.claim_id)
            for card in cards
        }
    from_sql: dict[tuple[str, str, str], tuple[int, int]] = {
        (c.claim_id, c.design, c.direction): (c.studies, c.participants) for c in cells
    }
    from_grader: dict[tuple[str, str, str], tuple[int, int]] = {}
    for claim_id, claim_studies in per_claim.items():
        for study in claim_studies:
            graded = study.graded()
            if graded.included:
                key = (claim_id, graded.design, graded.direction)
                n, people = from_grader.get(key, (0, 0))
                from_grader[key] = (n + 1, people + (graded.n_participants or 0))
    assert from_sql == from_grader
    for card in cards:
        assert card.profile is not None
        for design, n in card.profile.counts.items():
            cells_of_design = [
                count
                for (c, d, _), (count, _) in from_sql.items()
                if (c, d) == (card.claim_id, design)
            ]
            assert sum(cells_of_design) == n


def test_evidence_map_merges_directions_per_design() -> None:
    cells = [
        views.EvidenceCell("a", "rct", "supports", 2, 100),
        views.EvidenceCell("a", "rct", "no_effect", 1, 40),
        views.EvidenceCell("a", "case_report", "supports", 1, 1),
        views.EvidenceCell("a", "case_report", "harms", 1, 1),
    ]
    bubbles = {(b.claim_id, b.design): b for b in views.evidence_map(cells)}
    assert bubbles[("a", "rct")] == views.MapBubble("a", "rct", 3, 140, "supports")
    assert bubbles[("a", "case_report")].direction == "mixed"  # a tie


# --- studies, assessment, timeline ------------------------------------------------------


def test_claim_studies_carry_the_record_and_its_assessment(corpus: Engine) -> None:
    with store.session_scope(corpus) as session:
        studies = {s.pmid: s for s in views.claim_studies(session=session, claim_id="acne-scars")}
        grader_input = store.studies_for_claim(session=session, claim_id="acne-scars")
    assert set(studies) == linked(corpus)["acne-scars"]
    assert {s.pmid: s.evidence() for s in studies.values()} == {s.pmid: s for s in grader_input}
    retracted = studies[39900006]
    assert retracted.retracted and retracted.graded().excluded_because == "retracted"
    rct = studies[39900002]
    assert rct.authors[0].startswith("García-López")
    assert rct.url == "https://pubmed.ncbi.nlm.nih.gov/39900002/"
    findings = {f.field: f for f in views.assessment_findings(rct.assessment)}
    assert {"design", "direction"} <= set(findings)
    assert findings["design"].value == rct.design
    # Every deciding sentence is quoted from the record itself.
    record_text = " ".join(text for _, text in CORPUS[1].abstract) + " " + CORPUS[1].title
    for finding in findings.values():
        if finding.evidence and finding.source == "text":
            assert finding.evidence in record_text


def test_assessment_findings_read_leniently() -> None:
    stored: dict[str, Any] = {
        "direction": {
            "value": "supports",
            "source": "text",
            "evidence": "It worked.",
            "rule": None,
        },
        "design": {"value": "rct", "source": "publication_type", "evidence": None, "rule": "pt"},
        "participants": {"value": None, "source": "none"},
        "human": True,
    }
    findings = views.assessment_findings(stored)
    assert [f.field for f in findings] == ["design", "participants", "direction"]
    assert findings[1].value == "not stated"
    assert views.assessment_findings({}) == []


def test_timeline_regrades_year_by_year(corpus: Engine) -> None:
    with store.session_scope(corpus) as session:
        card = views.claim_card(session=session, claim_id="acne-scars")
        studies = views.claim_studies(session=session, claim_id="acne-scars")
    assert card is not None and card.profile is not None
    timeline = views.cumulative_timeline(studies, claim_id="acne-scars", polarity="benefit")
    years = [g.year for g in timeline.grades]
    dated = sorted({s.year for s in studies if s.year is not None})
    assert years == list(range(dated[0], dated[-1] + 1))
    assert timeline.undated == 0
    # At the last year every study is in: the timeline ends at the current grade.
    assert timeline.grades[-1].certainty == card.profile.certainty
    assert timeline.grades[-1].n_included == card.profile.n_included
    # Before the first RCT was published the grade rests on what existed then.
    first_rct = min(s.year for s in studies if s.graded().design == "rct" and s.year)
    before = [g for g in timeline.grades if g.year < first_rct]
    expected = grade_claim(
        "acne-scars",
        "benefit",
        [s.evidence() for s in studies if s.year is not None and s.year < first_rct],
    )
    if before:
        assert before[-1].certainty == expected.certainty
    # Cumulative counts never fall.
    by_design: dict[str, list[int]] = defaultdict(list)
    for point in timeline.by_design:
        by_design[point.design].append(point.studies)
    for counts in by_design.values():
        assert counts == sorted(counts)


def test_timeline_without_dated_studies_is_empty() -> None:
    assert views.cumulative_timeline([], claim_id="x", polarity="benefit") == views.Timeline(
        (), (), 0
    )


# --- freshness, emptiness, the offline sample -------------------------------------------


def test_data_stamp_moves_with_runs_and_curation(corpus: Engine, tmp_path: Path) -> None:
    with store.session_scope(corpus) as session:
        first = views.data_stamp(session=session)
        assert views.data_stamp(session=session) == first
        curation.curate(
            session=session,
            claim_id="acne-scars",
            pmid=39900001,
            by="Dr Test",
            note="checked",
            n_participants=12,
        )
    with store.session_scope(corpus) as session:
        second = views.data_stamp(session=session)
    assert second.key() != first.key() and second.last_audit_id is not None
    import_records(corpus, tmp_path, CORPUS[:1], "again")
    with store.session_scope(corpus) as session:
        third = views.data_stamp(session=session)
    assert third.last_run_id is not None and third.last_run_id > (second.last_run_id or 0)


def test_contents_tell_empty_sample_and_live_data_apart(engine: Engine) -> None:
    with store.session_scope(engine) as session:
        empty = views.database_contents(session=session)
        assert (empty.claims, empty.articles, empty.runs) == (0, 0, 0)
        assert not empty.sample_only
        store.start_run(session=session, trigger="snapshot", host="h", pid=1, detail="sample")
        assert views.database_contents(session=session).sample_only
        run = store.start_run(session=session, trigger="fetch", host="h", pid=1, detail="live")
        assert run.id is not None
        assert views.database_contents(session=session).sample_only  # still running
        store.finish_run(session=session, run_id=run.id, status="failed", counts={})
        assert views.database_contents(session=session).sample_only  # fetched nothing
        run = store.start_run(session=session, trigger="fetch", host="h", pid=1, detail="live")
        assert run.id is not None
        store.finish_run(session=session, run_id=run.id, status="partial", counts={})
        assert not views.database_contents(session=session).sample_only


# --- runs and leases --------------------------------------------------------------------


def test_runs_show_counts_claims_and_grade_changes(corpus: Engine) -> None:
    with store.session_scope(corpus) as session:
        runs = views.run_history(session=session)
        assert len(runs) == 1
        run = runs[0]
        claims = views.run_claim_rows(session=session, run_id=run.id)
        changes = views.grade_changes(session=session, run_id=run.id)
    links = linked(corpus)
    assert run.status == "done" and run.duration is not None
    assert run.counts["new"] == len(CORPUS)
    assert {c.claim_id for c in claims} == set(links)
    assert run.new_links == sum(len(p) for p in links.values())
    # The first grading of each claim is a change from nothing.
    assert {c.claim_id for c in changes} >= set(links)


def test_leases_are_listed_with_expiry(engine: Engine) -> None:
    now = dt.datetime.now(dt.UTC)
    with store.session_scope(engine) as session:
        assert views.leases(session=session) == []
        store.acquire_lease(
            session=session, name="fetch", holder="cron", host="h", pid=7, ttl=dt.timedelta(60)
        )
    with store.session_scope(engine) as session:
        (lease,) = views.leases(session=session)
    assert lease.holder == "cron" and lease.active(now)
    assert not lease.active(now + dt.timedelta(days=61))


# --- the studies explorer ---------------------------------------------------------------


def search(engine: Engine, **fields: Any) -> views.SearchPage:
    with store.session_scope(engine) as session:
        return views.search_articles(session=session, search=views.ArticleSearch(**fields))


def pmids(page: views.SearchPage) -> set[int]:
    return {hit.pmid for hit in page.hits}


def test_search_without_filters_pages_through_everything(corpus: Engine) -> None:
    first = search(corpus, page_size=5)
    assert first.total == len(CORPUS) and first.pages == -(-len(CORPUS) // 5)
    seen: list[int] = []
    for page in range(1, first.pages + 1):
        seen += [hit.pmid for hit in search(corpus, page_size=5, page=page).hits]
    assert sorted(seen) == sorted(r.pmid for r in CORPUS)
    years = [r.year for r in sorted(CORPUS, key=lambda r: (-r.year, -r.pmid))]
    assert [hit.year for hit in first.hits] == years[:5]  # newest first


def test_full_text_search_stems_phrases_and_alternatives(corpus: Engine) -> None:
    acne = {r.pmid for r in CORPUS if "acne" in (r.title + str(r.abstract)).lower()}
    assert pmids(search(corpus, text="acne", page_size=100)) == acne
    # "scar" finds "scars" and "scarring": the English stemmer on both backends.
    assert pmids(search(corpus, text="scar", page_size=100)) >= acne
    phrase = search(corpus, text='"platelet-rich plasma"', page_size=100)
    assert pmids(phrase) == {39900003}
    either = search(corpus, text="sham OR minoxidil", page_size=100)
    assert pmids(either) == {39900004, 39900011, 39900012, 39900013}
    both = search(corpus, text="minoxidil woman", page_size=100)
    assert pmids(both) == {39900012}
    assert search(corpus, text="zzzyzzx").total == 0


@pytest.mark.parametrize(
    "hostile",
    [
        '"',
        "acne\"'",
        "NEAR(acne scar)",
        "acne*",
        "-acne",
        "a:b",
        "^acne",
        "(acne",
        "OR",
        "' OR 1=1 --",
        "acne\x00",
        '"acne\x00scars"',
        "\x00OR\x00acne",
        "scar\x1b[0m\x7f",
    ],
)
def test_search_text_is_never_syntax(corpus: Engine, hostile: str) -> None:
    page = search(corpus, text=hostile)  # must not raise
    assert page.total >= 0
    if "\x00" in hostile:  # a control character separates words, like a space
        spaced = search(corpus, text=hostile.replace("\x00", " "))
        assert (page.total, page.hits) == (spaced.total, spaced.hits)


def test_search_filters_by_year_claim_design_and_retraction(corpus: Engine) -> None:
    links = linked(corpus)
    in_range = search(corpus, year_from=2019, year_to=2021, page_size=100)
    assert pmids(in_range) == {r.pmid for r in CORPUS if 2019 <= r.year <= 2021}
    by_claim = search(corpus, claim_id="androgenetic-alopecia", page_size=100)
    assert pmids(by_claim) == links["androgenetic-alopecia"]
    assert all("androgenetic-alopecia" in hit.claims for hit in by_claim.hits)
    retracted = search(corpus, retracted="only", page_size=100)
    assert pmids(retracted) == {39900006}
    assert 39900006 not in pmids(search(corpus, retracted="exclude", page_size=100))
    combined = search(corpus, text="acne", claim_id="acne-scars", year_from=2020, page_size=100)
    years = {r.pmid: r.year for r in CORPUS}
    assert pmids(combined) == {p for p in links["acne-scars"] if years[p] >= 2020}

    with store.session_scope(corpus) as session:
        studies = views.claim_studies(session=session, claim_id="acne-scars")
    rcts = {s.pmid for s in studies if s.graded().design == "rct"}
    assert pmids(search(corpus, designs=("rct",), claim_id="acne-scars", page_size=100)) == rcts
    # The design filter follows the curator: relabel one RCT and it moves.
    moved = sorted(rcts)[0]
    with store.session_scope(corpus) as session:
        curation.curate(
            session=session,
            claim_id="acne-scars",
            pmid=moved,
            by="Dr Test",
            note="not randomised after all",
            design="nonrandomized_controlled",
        )
    after = search(corpus, designs=("rct",), claim_id="acne-scars", page_size=100)
    assert pmids(after) == rcts - {moved}
    relabelled = search(corpus, designs=("nonrandomized_controlled",), page_size=100)
    assert moved in pmids(relabelled)


def test_search_index_follows_updates(corpus: Engine, tmp_path: Path) -> None:
    revised = dataclasses.replace(
        CORPUS[-1],
        title="Fractional laser resurfacing of photodamaged skin: an erythema study",
        revised=dt.date(2025, 6, 1),
    )
    import_records(corpus, tmp_path, [revised], "revised")
    assert pmids(search(corpus, text="erythema")) == {revised.pmid}
    assert pmids(search(corpus, text="cohort laser")) == set()


def test_postgres_search_uses_the_gin_index(corpus: Engine) -> None:
    if corpus.dialect.name != "postgresql":
        pytest.skip("the GIN index is PostgreSQL's; SQLite searches its FTS5 table")
    with corpus.connect() as connection:
        connection.execute(text("SET enable_seqscan = off"))
        with store.session_scope(corpus) as session:
            statement = views.search_statement(session, views.ArticleSearch(text="acne scars"))
        compiled = statement.compile(corpus, compile_kwargs={"literal_binds": True})
        plan = connection.execute(text(f"EXPLAIN {compiled}")).scalars().all()
    assert any("ix_article_fulltext" in line for line in plan), plan
