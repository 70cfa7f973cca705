"""A small corpus of invented microneedling records (our own text, not PubMed's).

Used by the ingest, fetch and dashboard tests to build databases through the real import
path. Each record is written to look like the kind of paper it stands for.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.eutils_server import make_article_xml

HEADER = b'<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n'
FOOTER = b"</PubmedArticleSet>\n"

ACNE_RCT = 900001
ACNE_SPLIT_FACE = 900002
MELASMA_SERIES = 900003
ALOPECIA_PRP = 900004
PIH_CASE = 900005
PATCH_DELIVERY = 900006
UNRELATED = 900007
STRIAE_RETRACTED = 900008


def records(revised: dt.date | None = None) -> dict[int, bytes]:
    """The corpus as one `<PubmedArticle>` each, keyed by PMID."""
    return {
        ACNE_RCT: make_article_xml(
            ACNE_RCT,
            title="Microneedling versus no treatment for atrophic acne scars: a randomized "
            "controlled trial",
            abstract=[
                ("BACKGROUND", "Atrophic acne scars are common and hard to treat."),
                (
                    "METHODS",
                    "Sixty patients with atrophic acne scars were randomized to four "
                    "sessions of microneedling with a dermaroller or to no treatment.",
                ),
                (
                    "RESULTS",
                    "Scar severity scores fell by 42% with microneedling and by 3% in "
                    "controls (p < 0.001).",
                ),
                ("CONCLUSIONS", "Microneedling significantly improves atrophic acne scars."),
            ],
            year=2019,
            publication_types=("Journal Article", "Randomized Controlled Trial"),
            mesh=("Acne Vulgaris*", "Cicatrix", "Humans"),
            doi="10.1000/acne.rct",
            date_revised=revised,
        ),
        ACNE_SPLIT_FACE: make_article_xml(
            ACNE_SPLIT_FACE,
            title="Split-face comparison of microneedling and fractional CO2 laser in acne scars",
            abstract="Twenty-four patients were treated with microneedling on one side of the "
            "face and fractional CO2 laser on the other, allocated at random. Both sides "
            "improved; microneedling caused less post-inflammatory hyperpigmentation. "
            "Microneedling is as effective as fractional laser for atrophic acne scars.",
            year=2021,
            publication_types=("Journal Article", "Randomized Controlled Trial"),
            mesh=("Acne Vulgaris", "Humans"),
        ),
        MELASMA_SERIES: make_article_xml(
            MELASMA_SERIES,
            title="Microneedling with tranexamic acid for melasma: a case series",
            abstract="Eighteen women with melasma received microneedling followed by topical "
            "tranexamic acid. MASI scores improved in 15 patients. Microneedling with "
            "tranexamic acid appears effective for melasma.",
            year=2020,
            publication_types=("Journal Article",),
            mesh=("Melanosis", "Humans"),
        ),
        ALOPECIA_PRP: make_article_xml(
            ALOPECIA_PRP,
            title="Microneedling with platelet-rich plasma versus microneedling alone in "
            "androgenetic alopecia",
            abstract="Forty men with androgenetic alopecia were randomly assigned to "
            "microneedling with platelet-rich plasma or microneedling alone. Hair counts rose "
            "more with the combination. Adding platelet-rich plasma to microneedling improves "
            "hair regrowth in androgenetic alopecia.",
            year=2022,
            publication_types=("Journal Article", "Randomized Controlled Trial"),
            mesh=("Alopecia", "Platelet-Rich Plasma", "Humans"),
        ),
        PIH_CASE: make_article_xml(
            PIH_CASE,
            title="Post-inflammatory hyperpigmentation after microneedling in a patient with "
            "skin type V",
            abstract="We report a woman with Fitzpatrick skin type V who developed "
            "post-inflammatory hyperpigmentation two weeks after microneedling for acne scars. "
            "Microneedling can cause post-inflammatory hyperpigmentation in darker skin.",
            year=2018,
            publication_types=("Journal Article", "Case Reports"),
            mesh=("Hyperpigmentation", "Humans"),
        ),
        PATCH_DELIVERY: make_article_xml(
            PATCH_DELIVERY,
            title="Dissolving microneedle patches for transdermal insulin delivery in rats",
            abstract="Dissolving microneedle patches loaded with insulin lowered glucose in "
            "diabetic rats.",
            year=2017,
            publication_types=("Journal Article",),
            mesh=("Animals", "Rats", "Insulin"),
        ),
        UNRELATED: make_article_xml(
            UNRELATED,
            title="Dry needling of the upper trapezius for neck pain",
            abstract="Dry needling reduced neck pain in 30 office workers.",
            year=2016,
            publication_types=("Journal Article",),
        ),
        STRIAE_RETRACTED: make_article_xml(
            STRIAE_RETRACTED,
            title="Microneedling for striae distensae: a pilot study",
            abstract="Twelve women with stretch marks improved after microneedling.",
            year=2015,
            publication_types=("Journal Article", "Retracted Publication"),
            mesh=("Striae Distensae", "Humans"),
            comments_corrections=(("RetractionIn", 990001),),
        ),
    }


def document(parts: list[bytes], deletes: list[int] | None = None) -> bytes:
    body = HEADER + b"".join(parts)
    if deletes:
        body += (
            b"<DeleteCitation>"
            + b"".join(f'<PMID Version="1">{pmid}</PMID>'.encode() for pmid in deletes)
            + b"</DeleteCitation>\n"
        )
    return body + FOOTER


def write_corpus(folder: Path, name: str = "corpus.xml") -> Path:
    path = folder / name
    path.write_bytes(document(list(records().values())))
    return path
