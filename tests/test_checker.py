"""The claim checker on marketing copy we wrote in the styles it meets: a clinic page with
headings and bullets, a spun blog post with misspellings and odd Unicode, a product listing
of run-on ticks. It must find the claims, read negations and opposites, and rate them from the
stored grades (SQLite and PostgreSQL), or say the evidence is not graded yet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine
from typer.testing import CliRunner

from tests import corpus
from tests.conftest import REPO_ROOT
from tracker.checker import MAX_BYTES, CheckReport, Finding, check, check_text, decode_input
from tracker.claims import load_claims
from tracker.cli import app
from tracker.config import DEFAULT_QUERIES_DIR
from tracker.errors import ConfigError
from tracker.ingest import import_files
from tracker.marketing.evaluate import load_texts, score
from tracker.marketing.matcher import ClaimMatcher
from tracker.marketing.rating import rate
from tracker.marketing.text import fold, fold_text, split_sentences

CLAIMS = load_claims(DEFAULT_QUERIES_DIR)
MATCHER = ClaimMatcher(CLAIMS)
runner = CliRunner()

CLINIC_PAGE = """\
# Microneedling at Harbour Skin Clinic

## What is microneedling?
Microneedling, also called collagen induction therapy, uses a Dermapen™ to make thousands of \
tiny channels. These trigger your skin's natural healing response and boost collagen and \
elastin production.

## What can it treat?
- Acne scars (rolling, boxcar and ice pick)
- Fine lines and wrinkles
- Enlarged pores
- Stretch marks
- Melasma

## Is it safe?
Microneedling is safe for all skin types, with no risk of hyperpigmentation.
Most clients have mild redness for 24–48 hours and are back to work the next day.
Not suitable if you have active acne, eczema or a history of keloid scarring.
"""

SPUN_BLOG = (
    "Why Micro Needling Is The Best Kept Secret For Flawless Skin\n\n"
    "Are you tired of pock marks? micro needling (also known as skin needling) could be the "
    "answer you\u2019ve been searching for. By utilising a derma\u00a0roller, tiny needles "
    "puncture the skin which kick starts the body\u2019s own production of col\u200blagen. "
    "The outcome is plumper skin and diminished fine lines!\n"
    "The good news is that skin needling does not cause post inflammatory hyperpigmentation "
    "like harsh lasers can. Some bloggers claim it reduces collagen production over time, but "
    "that\u2019s a myth. It also helps with stretch marks and is said to cure cellulite."
)

PRODUCT_LISTING = (
    "GLOWPRO 0.5mm Derma Roller \u2013 540 Needles \u2714 Boosts Collagen \u2714 Fades Acne "
    "Scars & Stretch Marks \u2714 Hair Growth for Men & Women \u2714 Safe For All Skin Tones\n"
    "\u2605\u2605\u2605\u2605\u2605 Over 10,000 happy customers!\n"
    "PAINLESS & SAFE: no pain, no bleeding and no downtime. Results in 3 days, 100% guaranteed."
)

HONEST_PAGE = """\
Does microneedling really work? Honest answers from a dermatologist.
Microneedling does not get rid of deep ice pick scars on its own.
There is a small risk of post-inflammatory hyperpigmentation with aggressive needle depths.
Over-needling can break down collagen and cause scarring.
"""


def claims_in(report: CheckReport) -> set[tuple[str | None, str | None]]:
    return {(f.claim, f.asserts) for f in report.findings}


def finding(report: CheckReport, claim: str, fragment: str) -> Finding:
    return next(f for f in report.findings if f.claim == claim and fragment in f.sentence)


# --- finding the claims ------------------------------------------------------------------------


def test_clinic_page_headings_and_bullets() -> None:
    report = check_text(CLINIC_PAGE, MATCHER)
    assert set(report.claims) == {
        "collagen-induction",
        "acne-scars",
        "photoaging-wrinkles",
        "enlarged-pores",
        "striae",
        "melasma",
        "pih-risk",
        "downtime-safety",
    }
    assert all(f.asserts == "claim" for f in report.findings if f.claim)
    # Each bullet is a sentence of its own, offsets pointing at the bullet's words.
    scars = finding(report, "acne-scars", "Acne scars")
    assert CLINIC_PAGE[scars.start : scars.end] == "Acne scars (rolling, boxcar and ice pick)"
    # "Collagen induction therapy" names the procedure; the claim is made by "boost collagen".
    assert [f.sentence[:9] for f in report.findings if f.claim == "collagen-induction"] == [
        "These tri"
    ]
    # A contraindication names eczema and keloids but claims nothing for them.
    assert not {"psoriasis-dermatitis", "hypertrophic-keloid"} & set(report.claims)
    safe = finding(report, "pih-risk", "no risk of hyperpigmentation")
    assert safe.asserts == "claim"
    assert safe.overclaims == ("no risk", "all skin types")
    # "no risk of hyperpigmentation" is the safety claim, not a claim to treat pigmentation.
    assert "hyperpigmentation-other" not in report.claims


def test_spun_blog_misspellings_and_odd_unicode() -> None:
    report = check_text(SPUN_BLOG, MATCHER)
    assert claims_in(report) >= {
        ("acne-scars", "claim"),  # "pock marks", after a question ending in lower case
        ("collagen-induction", "claim"),  # "col\u200blagen" with a zero-width space inside
        ("photoaging-wrinkles", "claim"),
        ("pih-risk", "claim"),  # "does not cause post inflammatory hyperpigmentation"
        ("collagen-induction", "opposite"),  # "reduces collagen production"
        ("striae", "claim"),
        (None, None),  # "cure cellulite" is a health claim no claim file covers
    }
    opposite = finding(report, "collagen-induction", "reduces collagen")
    assert opposite.asserts == "opposite"
    untracked = next(f for f in report.findings if f.claim is None)
    assert "cellulite" in untracked.sentence and untracked.overclaims == ("cure",)
    assert SPUN_BLOG[untracked.start : untracked.end] == untracked.sentence
    # "does not cause ... like harsh lasers can": a comparison in microneedling's favour.
    assert finding(report, "vs-lasers-peels", "like harsh lasers").asserts == "claim"


def test_product_listing_run_on_ticks() -> None:
    report = check_text(PRODUCT_LISTING, MATCHER)
    assert set(report.claims) == {
        "collagen-induction",
        "acne-scars",
        "striae",
        "androgenetic-alopecia",
        "pih-risk",
        "downtime-safety",
    }
    tick_items = [f.sentence for f in report.findings if f.claim in ("acne-scars", "striae")]
    assert tick_items == ["Fades Acne Scars & Stretch Marks"] * 2
    downtime = finding(report, "downtime-safety", "no downtime")
    # "no bleeding and no downtime": the first "no" does not negate the second phrase.
    assert downtime.asserts == "claim"
    assert downtime.overclaims == ("painless",)
    promise = next(f for f in report.findings if f.claim is None)
    assert promise.sentence == "Results in 3 days, 100% guaranteed."
    assert set(promise.overclaims) == {"numeric promise", "guaranteed"}
    assert finding(report, "pih-risk", "All Skin Tones").overclaims == ("all skin types",)


def test_negations_and_opposites_on_an_honest_page() -> None:
    report = check_text(HONEST_PAGE, MATCHER)
    assert claims_in(report) == {
        ("acne-scars", "opposite"),  # does not get rid of ice pick scars
        ("pih-risk", "opposite"),  # a small risk of post-inflammatory hyperpigmentation
        ("collagen-induction", "opposite"),  # can break down collagen
        ("downtime-safety", "opposite"),  # can cause scarring
    }


@pytest.mark.parametrize(
    ("sentence", "claim", "asserts"),
    [
        ("Microneedling reduces collagen production.", "collagen-induction", "opposite"),
        ("It stimulates collagen production.", "collagen-induction", "claim"),
        ("No risk of PIH, even on darker skin.", "pih-risk", "claim"),
        ("There is zero risk of pigmentation.", "pih-risk", "claim"),
        ("Microneedling won't cause hyperpigmentation.", "pih-risk", "claim"),
        ("Hyperpigmentation can occur after treatment.", "pih-risk", "opposite"),
        ("It is not safe for darker skin.", "pih-risk", "opposite"),
        ("It fades stretch marks.", "striae", "claim"),
        ("It will not fade stretch marks.", "striae", "opposite"),
        ("It can make rosacea worse.", "rosacea", "opposite"),
        ("Downtime is minimal.", "downtime-safety", "claim"),
        ("Redness may last for weeks.", "downtime-safety", "opposite"),
        ("Works as well as lasers for acne scars.", "vs-lasers-peels", "claim"),
        ("Lasers work better than needling.", "vs-lasers-peels", "opposite"),
        ("Say goodbye to thinning hair!", "androgenetic-alopecia", "claim"),
        ("Vampire facials use your own platelets.", "prp-combination", "claim"),
    ],
)
def test_one_sentence(sentence: str, claim: str, asserts: str) -> None:
    report = check_text(sentence, MATCHER)
    assert (claim, asserts) in claims_in(report), report.findings


def _sentences() -> list[tuple[str, str, str]]:
    path = REPO_ROOT / "tests" / "data" / "marketing" / "sentences.txt"
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            claim, asserts, sentence = line.split("|", 2)
            rows.append((claim, asserts, sentence))
    return rows


@pytest.mark.parametrize(("claim", "asserts", "sentence"), _sentences())
def test_common_marketing_wordings(claim: str, asserts: str, sentence: str) -> None:
    assert (claim, asserts) in claims_in(check_text(sentence, MATCHER))


@pytest.mark.parametrize(
    "sentence",
    [
        "As we age, our skin loses collagen.",  # ageing, not the procedure
        "Lasers can trigger pigmentation in darker skin.",  # another treatment's harm
        "Collagen is the protein that keeps skin firm.",  # a mention asserts nothing
        "Avoid microneedling if you are prone to keloids.",  # who should not be treated
    ],
)
def test_background_asserts_nothing_for_the_procedure(sentence: str) -> None:
    report = check_text(sentence, MATCHER)
    assert report.claims == [], report.findings


def test_a_word_that_needs_its_claim_named_elsewhere() -> None:
    # "redness" is a rosacea phrase, but alone it is a side effect.
    alone = check_text("Mild redness fades within a day.", MATCHER)
    assert alone.claims == ["downtime-safety"]
    named = check_text("Living with rosacea? Microneedling calms redness.", MATCHER)
    assert [f.sentence for f in named.findings if f.claim == "rosacea"] == [
        "Living with rosacea?",
        "Microneedling calms redness.",
    ]


MARKETING_SETS = sorted((REPO_ROOT / "tests" / "data" / "marketing" / "development").glob("*"))


@pytest.mark.parametrize("path", MARKETING_SETS, ids=lambda p: p.stem)
def test_the_labelled_marketing_texts_stay_found(path: Path) -> None:
    # Floors a little under today's development figures (benchmarks.evaluate_checker);
    # each set's blind figures, at its one first scoring, are in sets.json.
    result = score(load_texts(path), MATCHER)
    assert result.recall >= 0.95
    assert result.directed >= 0.93
    assert result.texts_passing >= len(result.texts) - 1
    assert result.extra <= 4


# --- rating ----------------------------------------------------------------------------------


def test_the_rating_table() -> None:
    assert rate("high", "Supported") == "supported"
    assert rate("moderate", "Supported") == "supported"
    assert rate("low", "Supported") == "weakly supported"
    assert rate("very_low", "Supported") == "weakly supported"
    assert rate("insufficient", "Supported") == "not established"
    assert rate("very_low", "Contradicted") == "contradicted"
    assert rate("high", "Not supported") == "contradicted"
    assert rate("low", "Not supported") == "not established"
    assert rate("high", "Mixed") == "not established"
    assert rate("insufficient", "Insufficient evidence") == "not established"
    # An opposite assertion is rated against the inverted verdict.
    assert rate("high", "Supported", opposite=True) == "contradicted"
    assert rate("very_low", "Contradicted", opposite=True) == "weakly supported"
    assert rate("moderate", "Contradicted", opposite=True) == "supported"
    assert rate("high", "Not supported", opposite=True) == "not established"


@pytest.fixture
def graded(engine: Engine, db_url: str, tmp_path: Path) -> str:
    """A database graded from the test corpus: an acne RCT and a case of PIH, among others."""
    import_files(engine, [corpus.write_corpus(tmp_path)], claims=CLAIMS)
    return db_url


def test_ratings_come_from_the_stored_grades(graded: str) -> None:
    text = (
        "No risk of PIH.\n"
        "Microneedling can cause hyperpigmentation in darker skin.\n"
        "It fades acne scars.\n"
        "It won't help acne scars.\n"
        "It reduces collagen production."
    )
    report = check(text, CLAIMS, database_url=graded)
    assert report.graded and report.note is None
    no_risk = finding(report, "pih-risk", "No risk")
    # The corpus holds a case of PIH after microneedling: the safety claim is contradicted.
    assert (no_risk.asserts, no_risk.verdict, no_risk.rating) == (
        "claim",
        "Contradicted",
        "contradicted",
    )
    # Key studies, strongest design first: the split-face RCT, then the case report.
    assert no_risk.pmids == (corpus.ACNE_SPLIT_FACE, corpus.PIH_CASE)
    caveat = finding(report, "pih-risk", "can cause")
    assert (caveat.asserts, caveat.rating) == ("opposite", "weakly supported")
    fades = finding(report, "acne-scars", "fades")
    assert (fades.rating, fades.certainty) == ("weakly supported", "very_low")
    assert fades.pmids[0] in (corpus.ACNE_RCT, corpus.ACNE_SPLIT_FACE)
    assert finding(report, "acne-scars", "won't").rating == "contradicted"
    collagen = finding(report, "collagen-induction", "reduces")
    assert (collagen.asserts, collagen.rating, collagen.certainty) == (
        "opposite",
        "not established",
        "insufficient",
    )


def test_without_a_database_the_claims_are_found_but_not_graded(
    tmp_path: Path, engine: Engine, db_url: str
) -> None:
    missing = check(CLINIC_PAGE, CLAIMS, database_url=f"sqlite:///{tmp_path / 'none.db'}")
    assert "acne-scars" in missing.claims
    assert {f.rating for f in missing.findings if f.claim} == {"not graded"}
    assert missing.note is not None and "not yet graded" in missing.note
    assert not (tmp_path / "none.db").exists()  # looking never creates a database
    empty = check(CLINIC_PAGE, CLAIMS, database_url=db_url)  # migrated, nothing graded
    assert {f.rating for f in empty.findings if f.claim} == {"not graded"}
    assert {f.certainty for f in empty.findings} == {None}


# --- input and the command -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"  \n\t ", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(1, 32)) * 10, "binary"),
        (b"caf\xe9 cr\xe8me", "not UTF-8"),
        (b"x" * (MAX_BYTES + 1), "larger than 1 MB"),
        (b"1234 5678 !!!", "no words"),
    ],
)
def test_unusable_input_is_one_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        decode_input(data, name="ad.txt")


def test_the_command_reads_stdin_and_prints_json(tmp_path: Path) -> None:
    no_db = f"sqlite:///{tmp_path / 'none.db'}"
    result = runner.invoke(
        app, ["check", "-", "--format", "json", "--db", no_db], input=SPUN_BLOG.encode()
    )
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)
    keys = {"sentence", "start", "end", "claim", "asserts", "rating", "certainty", "overclaims"}
    assert all(keys | {"pmids"} <= set(item) for item in findings)
    for item in findings:
        assert SPUN_BLOG[item["start"] : item["end"]] == item["sentence"]
    assert {"claim": "collagen-induction", "asserts": "opposite"}.items() <= next(
        item for item in findings if "reduces collagen" in item["sentence"]
    ).items()
    assert "not yet graded" in result.stderr


def test_the_command_prints_a_table_of_a_file(graded: str, tmp_path: Path) -> None:
    path = tmp_path / "ad.txt"
    path.write_text("Microneedling [bold]fades[/bold] acne scars, guaranteed.", encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--db", graded], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "acne-scars" in result.stdout and "weakly supported" in result.stdout
    assert "[bold]fades[/bold]" in result.stdout  # the user's text is never read as markup
    assert "guaranteed" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "is empty"), (b"\x00\x01\x02binary", "binary"), (b"a" * (MAX_BYTES + 10), "1 MB")],
)
def test_the_command_exits_2_on_unusable_input(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "in.bin"
    path.write_bytes(content)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    missing = runner.invoke(app, ["check", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and missing.stderr.startswith("Error: cannot read")


# --- the sentence splitter -------------------------------------------------------------------

MARKERS = st.sampled_from(["", "- ", "• ", "✔ ", "1. ", "## ", "★ ", "\u200b", "> "])
PIECES = st.lists(
    st.tuples(
        MARKERS,
        st.sampled_from(
            [
                "Fades acne scars",
                "boosts collagen",
                "Dr. Smith has 10 years of experience",
                "No downtime",
                "e.g. melasma",
                "2.5 mm needles",
                "\u201cSafe\u201d for all skin types",
            ]
        ),
        st.sampled_from(["", ".", "!", "?", "!!!", "…"]),
        st.sampled_from([" ", "\n", "\n\n", "  ", "\u2028", "\r\n", " \u00a0"]),
    ),
    max_size=8,
)


def _check_offsets(text: str) -> None:
    sentences = split_sentences(text)
    previous_end = 0
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert previous_end <= sentence.start < sentence.end <= len(text)
        assert sentence.text == sentence.text.strip()
        assert any(char.isalpha() for char in sentence.text)
        previous_end = sentence.end
    # No letter of the text is lost between sentences.
    covered = {i for s in sentences for i in range(s.start, s.end)}
    assert all(i in covered for i, char in enumerate(text) if char.isalpha())


@given(st.text())
def test_any_unicode_splits_with_offsets_into_the_original(text: str) -> None:
    _check_offsets(text)
    assert fold_text(text) == fold(text).text


@given(PIECES)
def test_marketing_shaped_text_splits_with_offsets(pieces: list[tuple[str, ...]]) -> None:
    _check_offsets("".join("".join(piece) for piece in pieces))


@given(
    st.lists(st.integers(min_value=0, max_value=200), max_size=6),
    st.sampled_from("\u200b\u200c\u200d\u2060\ufeff\u00ad"),
)
def test_invisible_characters_change_no_finding(positions: list[int], invisible: str) -> None:
    text = "Microneedling fades acne scars and boosts collagen, with no downtime."
    noisy = text
    for position in sorted({p % (len(text) + 1) for p in positions}, reverse=True):
        noisy = noisy[:position] + invisible + noisy[position:]
    assert check_text(noisy, MATCHER).claims == check_text(text, MATCHER).claims


def test_fold_keeps_an_origin_for_every_character() -> None:
    text = "ﬁne “lines” — Ｗrinkles\u200b café"
    folded = fold(text)
    assert folded.text == 'fine "lines" - wrinkles cafe'
    assert len(folded.origin) == len(folded.text)
    assert text[folded.origin[folded.text.index("wrinkles")]] == "Ｗ"
