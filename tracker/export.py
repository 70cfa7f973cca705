"""Exports of one claim's evidence: CSV, RIS, BibTeX, JSON and a Markdown evidence card.

`export_claim` reads through the store; the `render_*` functions are pure, so the dashboard and
the CLI produce the same bytes. RIS and BibTeX are for reference managers (Zotero, EndNote,
JabRef): one entry per linked study, with the tracker's assessment in the note field.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from sqlmodel import Session

from tracker.errors import ConfigError
from tracker.evidence.bias import DOMAINS
from tracker.evidence.grade import PARTICIPANTS_ALL_LABEL, PARTICIPANTS_LABEL, EffectiveStudy
from tracker.evidence.labels import DESIGN_LABELS, DESIGNS
from tracker.evidence.wording import CERTAINTY_WORDS, DIRECTION_NAMES
from tracker.models import utcnow
from tracker.present import override_summary, reason_line
from tracker.store import views

ExportFormat = Literal["csv", "ris", "bibtex", "json", "md"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = get_args(ExportFormat)

MEDIA_TYPES: dict[ExportFormat, str] = {
    "csv": "text/csv",
    "ris": "application/x-research-info-systems",
    "bibtex": "application/x-bibtex",
    "json": "application/json",
    "md": "text/markdown",
}
EXTENSIONS: dict[ExportFormat, str] = {
    "csv": "csv",
    "ris": "ris",
    "bibtex": "bib",
    "json": "json",
    "md": "md",
}
KEY_STUDIES = 10  # studies listed on the Markdown evidence card


def file_name(claim_id: str, fmt: ExportFormat) -> str:
    return f"{claim_id}-evidence.{EXTENSIONS[fmt]}"


def parse_format(value: str) -> ExportFormat:
    """The format named on a command line; ConfigError listing the choices otherwise."""
    for fmt in EXPORT_FORMATS:
        if value.lower() == fmt:
            return fmt
    raise ConfigError(f"unknown export format {value!r}; one of: {', '.join(EXPORT_FORMATS)}")


def export_claim(*, session: Session, claim_id: str, fmt: ExportFormat) -> str:
    """The claim's evidence in `fmt`; ConfigError for an unknown claim or format."""
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; one of: {', '.join(EXPORT_FORMATS)}")
    card = views.claim_card(session=session, claim_id=claim_id)
    if card is None:
        raise ConfigError(
            f"no claim {claim_id!r} in the database; `tracker claims list` names them"
        )
    studies = views.claim_studies(session=session, claim_id=claim_id, with_abstracts=True)
    return render(fmt, card, studies, exported_at=utcnow())


def render(
    fmt: ExportFormat,
    card: views.ClaimCard,
    studies: Sequence[views.ClaimStudy],
    *,
    exported_at: dt.datetime,
) -> str:
    renderers: dict[ExportFormat, Callable[[], str]] = {
        "csv": lambda: render_csv(studies),
        "ris": lambda: render_ris(studies),
        "bibtex": lambda: render_bibtex(studies),
        "json": lambda: render_json(card, studies, exported_at=exported_at),
        "md": lambda: render_markdown(card, studies, exported_at=exported_at),
    }
    return renderers[fmt]()


# --- authors ----------------------------------------------------------------------------

_SUFFIXES = {"Jr", "Sr", "II", "III", "IV", "2nd", "3rd"}


def _is_initials(token: str) -> bool:
    """PubMed's initials: one to four capitals in any alphabet ("JA", "Ö", "Ł", "АМ")."""
    return 1 <= len(token) <= 4 and token.isalpha() and token.isupper()


@dataclass(frozen=True, slots=True)
class Author:
    """A PubMed author ("Last Initials [Suffix]"), or a group name kept whole."""

    last: str
    initials: str = ""
    suffix: str = ""

    @property
    def is_group(self) -> bool:
        return not self.initials


def parse_author(name: str) -> Author:
    tokens = name.split()
    suffix = ""
    if len(tokens) > 2 and tokens[-1].rstrip(".") in _SUFFIXES:
        suffix = tokens.pop().rstrip(".")
    if len(tokens) >= 2 and _is_initials(tokens[-1]):
        return Author(" ".join(tokens[:-1]), tokens[-1], suffix)
    return Author(name.strip())


def _dotted(initials: str) -> str:
    return " ".join(f"{letter}." for letter in initials)


# --- CSV --------------------------------------------------------------------------------

CSV_COLUMNS = (
    "pmid",
    "title",
    "year",
    "journal",
    "authors",
    "doi",
    "pubmed_url",
    "included",
    "excluded_because",
    "retracted",
    "expression_of_concern",
    "design",
    "participants",
    "direction",
    "auto_design",
    "auto_design_source",
    "auto_participants",
    "participant_unit",
    "auto_direction",
    "human",
    "relevant",
    "rct_within_person",
    "risk_of_bias",
    "auto_risk_of_bias",
    *(f"rob_{domain}" for domain in DOMAINS),
    "review_stated_certainty",
    "indirect",
    "curator_included",
    "curator_design",
    "curator_direction",
    "curator_participants",
    "curator_note",
    "curator",
    "curated_at",
    "design_evidence",
    "participants_evidence",
    "direction_evidence",
)

# A cell starting with one of these is a formula to a spreadsheet program.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _evidence(study: views.ClaimStudy, name: str) -> str | None:
    for finding in views.assessment_findings(study.assessment):
        if finding.field == name:
            return finding.evidence
    return None


def _domains(study: views.ClaimStudy) -> list[str | None]:
    """The automatic judgement of each risk-of-bias domain, empty when the study has none."""
    risk = study.assessment.get("risk_of_bias")
    if not isinstance(risk, dict):
        return [None] * len(DOMAINS)
    return [
        judged.get("judgement") if isinstance(judged := risk.get(domain), dict) else None
        for domain in DOMAINS
    ]


def render_csv(studies: Sequence[views.ClaimStudy]) -> str:
    """One row per linked study: the graded values first, then automatic and curator columns.

    Text that a spreadsheet would run as a formula is prefixed with an apostrophe.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for study in studies:
        graded = study.graded()
        row = (
            study.pmid,
            study.title,
            study.year,
            study.journal,
            "; ".join(study.authors),
            study.doi,
            study.url,
            graded.included,
            graded.excluded_because,
            study.retracted,
            study.expression_of_concern,
            graded.design,
            graded.n_participants,
            graded.direction,
            study.design,
            study.design_source,
            study.n_participants,
            study.n_unit,
            study.direction,
            study.human,
            study.relevant,
            study.rct_within_person,
            graded.rob,
            study.grade_input.rob_overall,
            *_domains(study),
            study.grade_input.stated_certainty,
            study.grade_input.indirect,
            study.cur_included,
            study.cur_design,
            study.cur_direction,
            study.cur_n,
            study.cur_note,
            study.cur_by,
            study.cur_at.isoformat() if study.cur_at else None,
            _evidence(study, "design"),
            _evidence(study, "participants"),
            _evidence(study, "direction"),
        )
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


# --- RIS --------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _assessment_note(graded: EffectiveStudy) -> str:
    parts = [
        f"Design: {DESIGN_LABELS[graded.design]}",
        f"participants: {graded.n_participants if graded.n_participants is not None else '?'}",
        f"direction: {graded.direction}",
    ]
    if graded.excluded_because:
        parts.append(f"excluded ({graded.excluded_because})")
    return "; ".join(parts)


def render_ris(studies: Sequence[views.ClaimStudy]) -> str:
    """RIS records (TY JOUR ... ER), one per study, in the order given."""
    lines: list[str] = []

    def tag(name: str, value: object) -> None:
        if value is None or value == "":
            return
        lines.append(f"{name}  - {_one_line(str(value))}")

    for study in studies:
        graded = study.graded()
        tag("TY", "JOUR")
        for name in study.authors:
            author = parse_author(name)
            if author.is_group:
                tag("AU", author.last)
            else:
                suffix = f", {author.suffix}" if author.suffix else ""
                tag("AU", f"{author.last}, {_dotted(author.initials)}{suffix}")
        tag("TI", study.title)
        tag("T2", study.journal)
        tag("JO", study.journal)
        tag("PY", study.year)
        tag("DA", study.pub_date)
        tag("DO", study.doi)
        tag("AN", study.pmid)
        tag("UR", study.url)
        tag("DB", "PubMed")
        tag("AB", study.abstract)
        tag("N1", _assessment_note(graded))
        if study.retracted:
            tag("N1", "Retracted publication")
        lines.append("ER  - ")
        lines.append("")
    return "\r\n".join(lines)


# --- BibTeX -----------------------------------------------------------------------------

_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_escape(text: str) -> str:
    """Text as a BibTeX field value: LaTeX specials escaped, braces balanced, one line."""
    return "".join(_BIBTEX_SPECIALS.get(ch, ch) for ch in _one_line(text))


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _verbatim(text: str) -> str:
    """A DOI or URL for a verbatim field: biblatex reads these as they are, so escaping would
    corrupt them; only what could break the entry (spaces, backslashes, unbalanced braces)
    is dropped."""
    cleaned = re.sub(r"[\\\s]", "", text)
    return cleaned if _balanced(cleaned) else re.sub(r"[{}]", "", cleaned)


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]", "", folded)


def bibtex_key(study: views.ClaimStudy) -> str:
    """First author's last name + year + PMID, e.g. "Doe2020_31000001" (unique per record)."""
    name = ""
    if study.authors:
        author = parse_author(study.authors[0])
        # A person's whole last name ("van der Berg"), a group's first word.
        name = _ascii_word(author.last.split()[0] if author.is_group else author.last)
    name = name or "Anon"
    year = study.year if study.year is not None else "nd"
    return f"{name}{year}_{study.pmid}"


def _bibtex_author(name: str) -> str:
    author = parse_author(name)
    if author.is_group:
        return "{" + bibtex_escape(author.last) + "}"  # a group name is one "last name"
    suffix = f", {bibtex_escape(author.suffix)}" if author.suffix else ""
    return f"{bibtex_escape(author.last)}{suffix}, {_dotted(author.initials)}"


def render_bibtex(studies: Sequence[views.ClaimStudy]) -> str:
    entries = []
    for study in studies:
        graded = study.graded()
        fields: list[tuple[str, str]] = []
        if study.authors:
            fields.append(("author", " and ".join(_bibtex_author(a) for a in study.authors)))
        fields.append(("title", bibtex_escape(study.title)))
        if study.journal:
            fields.append(("journal", bibtex_escape(study.journal)))
        if study.year is not None:
            fields.append(("year", str(study.year)))
        if study.doi:
            fields.append(("doi", _verbatim(study.doi)))
        fields.append(("pmid", str(study.pmid)))
        fields.append(("url", study.url))
        note = _assessment_note(graded)
        if study.retracted:
            note += "; retracted publication"
        fields.append(("note", bibtex_escape(note)))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@article{{{bibtex_key(study)},\n{body}\n}}\n")
    return "\n".join(entries)


# --- JSON -------------------------------------------------------------------------------


def _study_json(study: views.ClaimStudy) -> dict[str, object]:
    graded = study.graded()
    return {
        "pmid": study.pmid,
        "title": study.title,
        "year": study.year,
        "journal": study.journal,
        "authors": list(study.authors),
        "doi": study.doi,
        "url": study.url,
        "retracted": study.retracted,
        "expression_of_concern": study.expression_of_concern,
        "graded": {
            "included": graded.included,
            "excluded_because": graded.excluded_because,
            "design": graded.design,
            "participants": graded.n_participants,
            "direction": graded.direction,
            "human": graded.human,
            "overridden": list(graded.overridden),
        },
        "automatic": {
            "design": study.design,
            "design_source": study.design_source,
            "participants": study.n_participants,
            "participant_unit": study.n_unit,
            "direction": study.direction,
            "human": study.human,
            "relevant": study.relevant,
            "rct_within_person": study.rct_within_person,
            "assessment": study.assessment,
        },
        "curator": {
            "included": study.cur_included,
            "design": study.cur_design,
            "direction": study.cur_direction,
            "participants": study.cur_n,
            "note": study.cur_note,
            "by": study.cur_by,
            "at": study.cur_at.isoformat() if study.cur_at else None,
        },
    }


def render_json(
    card: views.ClaimCard, studies: Sequence[views.ClaimStudy], *, exported_at: dt.datetime
) -> str:
    document = {
        "exported_at": exported_at.isoformat(),
        "claim": {
            "id": card.claim_id,
            "claim": card.text,
            "indication": card.indication,
            "polarity": card.polarity,
            "pubmed_query": card.query,
            "marketing_phrases": list(card.marketing_phrases),
            "retired": card.retired,
        },
        "graded_at": card.graded_at.isoformat() if card.graded_at else None,
        "profile": card.profile.to_json() if card.profile else None,
        # What the profile's two participant figures count, in the words every view prints.
        "participant_labels": {
            "participants": PARTICIPANTS_LABEL,
            "participants_all": PARTICIPANTS_ALL_LABEL,
        },
        "records": len(studies),
        "studies": [_study_json(study) for study in studies],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --- Markdown evidence card -------------------------------------------------------------

# Enough for text in the middle of a line (where #, -, + and 1. start nothing): emphasis,
# code, links and images, HTML and entities, tables, strike-through and maths.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]<>&|~$])")


def markdown_escape(text: str) -> str:
    """Record text for the middle of a Markdown line, shown literally: syntax is escaped."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", _one_line(text))


def key_studies(
    studies: Sequence[views.ClaimStudy], limit: int = KEY_STUDIES
) -> list[views.ClaimStudy]:
    """The included studies, strongest design first, then the largest, then the newest."""
    included = [(s, s.graded()) for s in studies]
    ranked = sorted(
        ((s, g) for s, g in included if g.included),
        key=lambda pair: (
            DESIGNS.index(pair[1].design),
            -(pair[1].n_participants or 0),
            -(pair[0].year or 0),
            pair[0].pmid,
        ),
    )
    return [s for s, _ in ranked[:limit]]


def render_markdown(
    card: views.ClaimCard, studies: Sequence[views.ClaimStudy], *, exported_at: dt.datetime
) -> str:
    """The evidence card: claim, verdict, certainty, reasons, key studies, query, date, counts."""
    lines = [f"# Evidence card: {markdown_escape(card.text)}", ""]
    lines.append(f"- Claim id: `{card.claim_id}` ({card.polarity} claim)")
    lines.append(f"- Indication: {markdown_escape(card.indication)}")
    profile = card.profile
    if profile is None:
        lines.append("- Verdict: not graded yet (run `tracker grade`)")
    else:
        lines.append(f"- Verdict: **{markdown_escape(profile.verdict_label)}**")
        lines.append(f"- Certainty: **{CERTAINTY_WORDS[profile.certainty]}**")
        lines.append(f"- Summary: {markdown_escape(profile.verdict)}")
        lines.append(
            f"- Included studies: {profile.n_included} of {len(studies)} linked records; "
            f"{PARTICIPANTS_LABEL}: {profile.participants}; "
            f"{PARTICIPANTS_ALL_LABEL}: {profile.participants_all}"
        )
    graded_at = f"{card.graded_at:%Y-%m-%d %H:%M} UTC" if card.graded_at else "never"
    lines.append(f"- Graded: {graded_at}; exported {exported_at:%Y-%m-%d %H:%M} UTC")
    lines.append(f"- Records linked to the claim: {len(studies)}")
    lines.append("")
    if profile is not None:
        lines += ["## Why this rating", ""]
        for reason in profile.reasons:
            if reason.code == "override":  # one line, not one note per study
                by = {s.pmid: s.cur_by for s in studies}
                lines.append(f"- Curator labels: {override_summary(profile.overrides, by)}")
                continue
            heading, words = reason_line(reason)
            lines.append(f"- {heading}: {markdown_escape(words)}")
        lines.append("")
    lines += ["## Key studies", ""]
    chosen = key_studies(studies)
    if not chosen:
        lines.append("No included studies.")
    for study in chosen:
        graded = study.graded()
        people = (
            f"{graded.n_participants} participants" if graded.n_participants else "n not stated"
        )
        year = study.year if study.year is not None else "n.d."
        lines.append(
            f"- [PMID {study.pmid}]({study.url}) ({year}) {markdown_escape(study.title)}: "
            f"{DESIGN_LABELS[graded.design]}, {people}, {DIRECTION_NAMES[graded.direction]}"
        )
    lines += ["", "## PubMed query", "", "```", card.query.strip().replace("```", "'''"), "```", ""]
    return "\n".join(lines)
