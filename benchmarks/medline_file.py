"""Generate a MEDLINE-style PubMed XML file of N invented records (our own text).

A baseline file is a slice of all of PubMed, so records are shaped like real MEDLINE ones
(about 6-10 KB: authors with affiliations, 10-15 MeSH headings with qualifiers, chemicals,
keywords, history dates, a reference list) and only a small share (`share_microneedling`,
default 2%) is about microneedling, far more than in a real baseline file. The DOCTYPE is
PubMed's current one, which Bio.Entrez bundles, so Bio.Entrez can read the file offline.
"""

from __future__ import annotations

import gzip
import random
from pathlib import Path

DOCTYPE = (
    b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, '
    b'1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)

TOPICS = [
    ("atrophic acne scars", "Acne Vulgaris"),
    ("melasma", "Melanosis"),
    ("androgenetic alopecia", "Alopecia"),
    ("striae distensae", "Striae Distensae"),
    ("photoaging", "Skin Aging"),
    ("type 2 diabetes", "Diabetes Mellitus, Type 2"),
    ("knee osteoarthritis", "Osteoarthritis, Knee"),
    ("asthma in children", "Asthma"),
]
TREATMENTS = [
    "microneedling",
    "a dermaroller",
    "fractional radiofrequency microneedling",
    "metformin",
    "physiotherapy",
    "inhaled corticosteroids",
    "topical retinoids",
]
DESIGNS = [
    ("Randomized Controlled Trial", "were randomly assigned to"),
    ("Case Reports", "We describe a patient treated with"),
    ("Review", "This review summarises studies of"),
    ("Journal Article", "were treated with"),
]
SENTENCES = [
    "Outcomes were assessed by two blinded dermatologists at baseline and after 12 weeks.",
    "Adverse events were recorded at every visit and graded by severity.",
    "Patient satisfaction was measured on a five-point scale.",
    "Photographs were taken under standard lighting at each session.",
    "Statistical analysis used mixed models with a significance level of 0.05.",
    "Secondary outcomes included quality of life and time to recovery.",
]


MESH_FILLER = [
    "Adult",
    "Female",
    "Male",
    "Middle Aged",
    "Aged",
    "Young Adult",
    "Adolescent",
    "Treatment Outcome",
    "Prospective Studies",
    "Retrospective Studies",
    "Follow-Up Studies",
    "Time Factors",
    "Severity of Illness Index",
    "Risk Factors",
]
QUALIFIERS = ["therapy", "drug therapy", "pathology", "epidemiology", "diagnosis", "etiology"]


def _padding(pmid: int, rng: random.Random) -> tuple[str, str, str]:
    """Authors, extra MeSH and PubmedData: the bulk of a real record."""
    authors = "".join(
        f'<Author ValidYN="Y"><LastName>Author{i}</LastName><ForeName>Name{i}</ForeName>'
        f"<Initials>N</Initials><AffiliationInfo><Affiliation>Department of Dermatology, "
        f"Invented University Hospital {i}, 1000{i} City, Country.</Affiliation>"
        f"</AffiliationInfo></Author>"
        for i in range(rng.randint(3, 9))
    )
    mesh = "".join(
        f'<MeshHeading><DescriptorName UI="D0{i:05d}" MajorTopicYN="N">{name}</DescriptorName>'
        f'<QualifierName UI="Q0{i:05d}" MajorTopicYN="N">{rng.choice(QUALIFIERS)}'
        f"</QualifierName></MeshHeading>"
        for i, name in enumerate(rng.sample(MESH_FILLER, k=rng.randint(6, 12)))
    )
    references = "".join(
        f"<Reference><Citation>Invented A, Made B. A cited study number {k}. J Invented Res. "
        f"{2000 + k % 20};{k}:{k * 3}-{k * 3 + 9}.</Citation><ArticleIdList><ArticleId "
        f'IdType="pubmed">{pmid - k - 1}</ArticleId></ArticleIdList></Reference>'
        for k in range(rng.randint(10, 40))
    )
    data = (
        "<History>"
        + "".join(
            f'<PubMedPubDate PubStatus="{status}"><Year>2020</Year><Month>{m}</Month><Day>{m}'
            f"</Day></PubMedPubDate>"
            for m, status in enumerate(["received", "accepted", "entrez", "pubmed", "medline"], 1)
        )
        + "</History><PublicationStatus>ppublish</PublicationStatus>"
        + f'<ArticleIdList><ArticleId IdType="pubmed">{pmid}</ArticleId><ArticleId IdType="doi">'
        f"10.9999/inv.{pmid}</ArticleId></ArticleIdList><ReferenceList>{references}"
        "</ReferenceList>"
    )
    return authors, mesh, data


def article(pmid: int, rng: random.Random, share_microneedling: float = 0.02) -> bytes:
    if rng.random() < share_microneedling:
        topic, mesh = rng.choice(TOPICS[:5])
        treatment = rng.choice(TREATMENTS[:3])
    else:
        topic, mesh = rng.choice(TOPICS[5:])
        treatment = rng.choice(TREATMENTS[3:])
    pt, verb = rng.choice(DESIGNS)
    n = rng.randint(8, 240)
    body = " ".join(rng.sample(SENTENCES, k=rng.randint(2, len(SENTENCES))))
    abstract = (
        f'<AbstractText Label="BACKGROUND" NlmCategory="BACKGROUND">Treatment of {topic} '
        f'remains difficult.</AbstractText><AbstractText Label="METHODS" '
        f'NlmCategory="METHODS">{n} patients with {topic} {verb} {treatment}. {body}'
        f'</AbstractText><AbstractText Label="CONCLUSIONS" NlmCategory="CONCLUSIONS">'
        f"{treatment.capitalize()} improved {topic} with <i>p</i> &lt; 0.05 and mild, transient "
        f"erythema.</AbstractText>"
    )
    year = rng.randint(2005, 2025)
    extra_type = f"<PublicationType>{pt}</PublicationType>" if pt != "Journal Article" else ""
    authors, more_mesh, pubmed_data = _padding(pmid, rng)
    return (
        f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}'
        f"</PMID><DateRevised><Year>{year + 1}</Year><Month>03</Month><Day>02</Day></DateRevised>"
        f'<Article PubModel="Print"><Journal><JournalIssue CitedMedium="Internet"><PubDate>'
        f"<Year>{year}</Year><Month>Jun</Month></PubDate></JournalIssue><Title>Journal of "
        f"Invented Dermatology</Title></Journal><ArticleTitle>{treatment.capitalize()} for "
        f"{topic}: study {pmid}</ArticleTitle><Abstract>{abstract}</Abstract><AuthorList "
        f'CompleteYN="Y">{authors}</AuthorList><Language>eng</Language>'
        f'<PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType>'
        f"{extra_type}</PublicationTypeList></Article>"
        f'<MeshHeadingList><MeshHeading><DescriptorName UI="D000001" MajorTopicYN="Y">{mesh}'
        f'</DescriptorName></MeshHeading><MeshHeading><DescriptorName UI="D006801" '
        f'MajorTopicYN="N">Humans</DescriptorName></MeshHeading>{more_mesh}</MeshHeadingList>'
        f"</MedlineCitation><PubmedData>{pubmed_data}</PubmedData></PubmedArticle>\n"
    ).encode()


def write(path: Path, records: int, *, seed: int = 7, first_pmid: int = 30_000_000) -> Path:
    rng = random.Random(seed)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wb") as out:
        out.write(DOCTYPE + b"<PubmedArticleSet>\n")
        for offset in range(records):
            out.write(article(first_pmid + offset, rng))
        out.write(b"</PubmedArticleSet>\n")
    return path
