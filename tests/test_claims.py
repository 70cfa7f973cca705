"""The claims registry: validation with file and field, and sync into both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from tracker import store
from tracker.claims import ClaimsInvalid, load_claims, validate_claims
from tracker.config import DEFAULT_QUERIES_DIR

EXPECTED_CLAIMS = {
    "collagen-induction": "benefit",
    "acne-scars": "benefit",
    "surgical-traumatic-scars": "benefit",
    "hypertrophic-keloid": "benefit",
    "photoaging-wrinkles": "benefit",
    "enlarged-pores": "benefit",
    "striae": "benefit",
    "androgenetic-alopecia": "benefit",
    "alopecia-areata": "benefit",
    "melasma": "benefit",
    "hyperpigmentation-other": "benefit",
    "vitiligo": "benefit",
    "drug-delivery": "benefit",
    "psoriasis-dermatitis": "benefit",
    "hyperhidrosis": "benefit",
    "rosacea": "benefit",
    "vs-lasers-peels": "benefit",
    "prp-combination": "benefit",
    "pih-risk": "safety",
    "downtime-safety": "safety",
    "hair-removal": "benefit",
}

GOOD = """\
id = "{id}"
claim = "Microneedling improves atrophic acne scars"
indication = "Atrophic acne scars"
polarity = "benefit"
asserts = "efficacy"
topic_terms = ["scar*"]
pubmed_query = '''(microneedling[tiab] OR dermaroller[tiab]) AND (acne[tiab] AND scar*[tiab])'''
marketing_phrases = ["acne scars", "pitted scars"]
"""


QUERY = "(microneedling[tiab] OR dermaroller[tiab]) AND (acne scar*[tiab])"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_real_registry_is_valid_and_complete() -> None:
    claims = load_claims(DEFAULT_QUERIES_DIR)
    assert {claim.id: claim.polarity for claim in claims} == EXPECTED_CLAIMS


@pytest.mark.parametrize(
    ("text", "field", "fragment"),
    [
        (GOOD.format(id="x") + 'colour = "red"\n', "colour", "unknown key"),
        (
            GOOD.format(id="x").replace('indication = "Atrophic acne scars"\n', ""),
            "indication",
            "required but missing",
        ),
        (GOOD.format(id="x").replace('"benefit"', '"maybe"'), "polarity", "benefit"),
        (
            GOOD.format(id="x").replace(
                'marketing_phrases = ["acne scars", "pitted scars"]', "marketing_phrases = []"
            ),
            "marketing_phrases",
            "at least 1",
        ),
        (
            GOOD.format(id="x").replace("acne[tiab] AND scar*", "acne scar*"),
            "pubmed_query",
            f"position {QUERY.index('scar*') + 1}: missing operator",
        ),
        (GOOD.format(id="other"), "id", "must match the file name"),
        (GOOD.format(id="x") + '[check]\ncolour = ["red"]\n', "check.colour", "unknown key"),
        (GOOD.format(id="x") + '[check]\ntreats = ["Acne Scars"]\n', "check.treats", "not a term"),
        (
            GOOD.format(id="x") + '[check]\ntreats = ["acne scar*"]\nambiguous = ["scars"]\n',
            None,
            "check.ambiguous names ['scars']",
        ),
    ],
)
def test_each_problem_names_file_and_field(
    tmp_path: Path, text: str, field: str | None, fragment: str
) -> None:
    write(tmp_path, "x", text)
    claims, problems = validate_claims(tmp_path)
    assert claims == [] or field == "id"
    assert len(problems) == 1
    problem = problems[0]
    assert problem.file.name == "x.toml"
    assert problem.field == field
    assert fragment in problem.message
    if field is not None:
        assert str(problem).startswith(f"{problem.file}: field '{field}': ")


def test_check_words_are_read_and_do_not_change_what_the_claim_means(tmp_path: Path) -> None:
    write(tmp_path, "x", GOOD.format(id="x"))
    (plain,) = load_claims(tmp_path)
    extra = '[check]\ntreats = ["acne scar*", "scars"]\nambiguous = ["scars", "pitted scars"]\n'
    write(tmp_path, "x", GOOD.format(id="x") + extra)
    (worded,) = load_claims(tmp_path)
    assert plain.check.treats == ()
    assert worded.check.treats == ("acne scar*", "scars")
    assert worded.check.ambiguous == ("scars", "pitted scars")  # a marketing phrase may be one
    assert plain.definition_hash == worded.definition_hash


def test_bad_toml_names_the_line(tmp_path: Path) -> None:
    write(tmp_path, "x", 'id = "x"\nclaim = "unterminated\n')
    _, problems = validate_claims(tmp_path)
    assert len(problems) == 1
    assert "not valid TOML" in problems[0].message
    assert "line 2" in problems[0].message


def test_duplicate_ids_are_reported(tmp_path: Path) -> None:
    write(tmp_path, "acne-scars", GOOD.format(id="acne-scars"))
    write(tmp_path, "copy", GOOD.format(id="acne-scars"))
    _, problems = validate_claims(tmp_path)
    messages = sorted(str(problem) for problem in problems)
    assert any("duplicate id 'acne-scars'" in message for message in messages)
    assert any("must match the file name" in message for message in messages)


def test_every_problem_of_every_file_is_reported_at_once(tmp_path: Path) -> None:
    write(tmp_path, "a", GOOD.format(id="a") + "x = 1\ny = 2\n")
    write(tmp_path, "b", GOOD.format(id="b").replace("(microneedling", "((microneedling"))
    with pytest.raises(ClaimsInvalid) as excinfo:
        load_claims(tmp_path)
    assert [(p.file.name, p.field) for p in excinfo.value.problems] == [
        ("a.toml", "x"),
        ("a.toml", "y"),
        ("b.toml", "pubmed_query"),
    ]


def test_empty_or_missing_folder(tmp_path: Path) -> None:
    assert "no claim files" in validate_claims(tmp_path)[1][0].message
    assert "does not exist" in validate_claims(tmp_path / "nope")[1][0].message


def test_definition_hash_ignores_layout_and_notes_but_not_meaning(tmp_path: Path) -> None:
    write(tmp_path, "x", GOOD.format(id="x"))
    (base,) = load_claims(tmp_path)
    write(tmp_path, "x", GOOD.format(id="x").replace(" OR ", "\n   OR  ") + 'notes = "n"\n')
    (relaid,) = load_claims(tmp_path)
    write(tmp_path, "x", GOOD.format(id="x").replace("dermaroller", "dermapen"))
    (changed,) = load_claims(tmp_path)
    assert base.definition_hash == relaid.definition_hash
    assert base.definition_hash != changed.definition_hash


def test_sync_adds_notices_changes_and_retires(engine: Engine, tmp_path: Path) -> None:
    write(tmp_path, "a", GOOD.format(id="a"))
    write(tmp_path, "b", GOOD.format(id="b"))
    with store.session_scope(engine) as session:
        first = store.sync_claims(session=session, claims=load_claims(tmp_path))
    assert (first.added, first.changed, first.unchanged) == (["a", "b"], [], [])

    write(tmp_path, "a", GOOD.format(id="a").replace("dermaroller", "dermapen"))
    (tmp_path / "b.toml").unlink()
    with store.session_scope(engine) as session:
        second = store.sync_claims(session=session, claims=load_claims(tmp_path))
    assert (second.added, second.changed, second.retired) == ([], ["a"], ["b"])

    with store.session_scope(engine) as session:
        active = store.list_claims(session=session)
        everything = store.list_claims(session=session, include_retired=True)
        claim_a = store.get_claim(session=session, claim_id="a")
    assert [claim.id for claim in active] == ["a"]
    assert [claim.id for claim in everything] == ["a", "b"]
    assert claim_a is not None and "dermapen" in claim_a.query
    assert claim_a.marketing_phrases == ["acne scars", "pitted scars"]

    with store.session_scope(engine) as session:
        third = store.sync_claims(session=session, claims=load_claims(tmp_path))
    assert (third.unchanged, third.changed, third.retired) == (["a"], [], [])
