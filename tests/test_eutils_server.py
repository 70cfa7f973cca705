"""The fake E-utilities server behaves like NCBI where the client depends on it.

These tests talk to it with plain `requests`, so a bug in the server cannot hide behind
the same bug in the client.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import requests
from lxml import etree

from tests.eutils_server import EutilsTestServer, FakePubMed, FakeRecord, make_article_xml

SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def cheap_record(
    pmid: int, pdat: dt.date, mdat: dt.date, edat: dt.date | None = None
) -> FakeRecord:
    xml = f"<PubmedArticle><MedlineCitation><PMID>{pmid}</PMID></MedlineCitation></PubmedArticle>"
    return FakeRecord(pmid, xml.encode(), pdat, mdat, edat)


RECORDS = [
    cheap_record(100 + n, dt.date(2010 + n, 6, 15), dt.date(2024, 1, 1 + n), dt.date(2015, 3, 1))
    for n in range(12)
]


@pytest.fixture
def server() -> Iterator[EutilsTestServer]:
    pubmed = FakePubMed(RECORDS, {"scar": [r.pmid for r in RECORDS]}, window=10)
    with EutilsTestServer(pubmed) as running:
        yield running


def get(server: EutilsTestServer, endpoint: str, **params: str) -> requests.Response:
    return requests.get(f"{server.base_url}{endpoint}.fcgi", params=params, timeout=5)


def post(server: EutilsTestServer, endpoint: str, **params: str) -> requests.Response:
    return requests.post(f"{server.base_url}{endpoint}.fcgi", data=params, timeout=5)


def ids_of(response: requests.Response) -> list[int]:
    root = etree.fromstring(response.content, SAFE)
    return [int(str(element.text)) for element in root.iterfind("IdList/Id")]


def test_get_and_post_give_the_same_answer(server: EutilsTestServer) -> None:
    by_get = get(server, "esearch", db="pubmed", term="scar", retmax="5")
    by_post = post(server, "esearch", db="pubmed", term="scar", retmax="5")
    assert by_get.status_code == by_post.status_code == 200
    assert by_get.content == by_post.content
    assert ids_of(by_get) == [111, 110, 109, 108, 107]  # newest first
    assert [r.method for r in server.requests] == ["GET", "POST"]


def test_window_clips_ids_but_count_stays_true(server: EutilsTestServer) -> None:
    response = get(server, "esearch", db="pubmed", term="scar", retmax="100")
    root = etree.fromstring(response.content, SAFE)
    assert root.findtext("Count") == "12"
    assert len(ids_of(response)) == 10
    assert "Restrictions achieved" in str(root.findtext("WarningList/OutputMessage"))

    beyond = get(server, "esearch", db="pubmed", term="scar", retstart="10")
    assert b"cannot be larger than 9" in beyond.content
    assert etree.fromstring(beyond.content, SAFE).find("ERROR") is not None


@pytest.mark.parametrize(
    ("datetype", "mindate", "maxdate", "expected"),
    [
        ("pdat", "2012", "2013/06", [103, 102]),
        ("pdat", "2012/06/16", "2013/06/15", [103]),
        ("mdat", "2024/01/02", "2024/01/03", [102, 101]),
        ("edat", "2015", "2015", [111, 110, 109, 108, 107, 106, 105, 104, 103, 102]),
        ("edat", "2016", "2020", []),
    ],
)
def test_date_windows_are_inclusive_and_per_date_type(
    server: EutilsTestServer, datetype: str, mindate: str, maxdate: str, expected: list[int]
) -> None:
    response = get(
        server,
        "esearch",
        db="pubmed",
        term="scar",
        datetype=datetype,
        mindate=mindate,
        maxdate=maxdate,
    )
    assert ids_of(response) == expected


def test_unknown_term_gives_zero_hits_and_phrase_not_found(server: EutilsTestServer) -> None:
    root = etree.fromstring(get(server, "esearch", db="pubmed", term="zzq").content, SAFE)
    assert root.findtext("Count") == "0"
    assert root.findtext("ErrorList/PhraseNotFound") == "zzq"
    assert root.findtext("WarningList/OutputMessage") == "No items found."


def test_efetch_by_id_omits_unknown_ids_and_has_a_doctype(server: EutilsTestServer) -> None:
    response = post(server, "efetch", db="pubmed", id="105,999,101", retmode="xml")
    assert response.status_code == 200
    assert b"<!DOCTYPE PubmedArticleSet" in response.content
    root = etree.fromstring(response.content, SAFE)
    assert root.tag == "PubmedArticleSet"
    assert [e.text for e in root.iterfind("PubmedArticle/MedlineCitation/PMID")] == ["105", "101"]


def test_efetch_without_xml_retmode_answers_html(server: EutilsTestServer) -> None:
    response = get(server, "efetch", db="pubmed", id="105")
    assert response.headers["Content-Type"].startswith("text/html")
    assert b"PmFetch" in response.content


def test_history_server_pages_and_rejects_out_of_range(server: EutilsTestServer) -> None:
    search = etree.fromstring(
        get(server, "esearch", db="pubmed", term="scar", usehistory="y").content, SAFE
    )
    webenv, key = str(search.findtext("WebEnv")), str(search.findtext("QueryKey"))
    page = get(
        server,
        "efetch",
        db="pubmed",
        WebEnv=webenv,
        query_key=key,
        retstart="10",
        retmax="5",
        retmode="xml",
    )
    root = etree.fromstring(page.content, SAFE)
    assert [e.text for e in root.iterfind("PubmedArticle/MedlineCitation/PMID")] == ["101", "100"]

    past_end = get(
        server, "efetch", db="pubmed", WebEnv=webenv, query_key=key, retstart="12", retmode="xml"
    )
    assert past_end.status_code == 400
    assert b"OUT OF RANGE" in past_end.content


def test_faults_are_consumed_in_order_and_counted(server: EutilsTestServer) -> None:
    server.fail("esearch", "500", times=2)
    server.fail("esearch", "429", retry_after="9")
    statuses = [get(server, "esearch", db="pubmed", term="scar").status_code for _ in range(4)]
    assert statuses == [500, 500, 429, 200]
    assert [r.fault for r in server.requests] == ["500", "500", "429", None]

    server.fail("efetch", "502", times=None)
    for _ in range(3):
        assert get(server, "efetch", db="pubmed", id="100", retmode="xml").status_code == 502
    server.clear_faults()
    assert get(server, "efetch", db="pubmed", id="100", retmode="xml").status_code == 200


def test_429_carries_ncbi_json_and_retry_after(server: EutilsTestServer) -> None:
    server.fail("esearch", "429", retry_after="4")
    response = get(server, "esearch", db="pubmed", term="scar")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "4"
    assert response.json()["error"] == "API rate limit exceeded"


def test_truncated_bodies_are_cut_mid_record(server: EutilsTestServer) -> None:
    server.fail("efetch", "truncate", content_length="correct")
    cut = get(server, "efetch", db="pubmed", id="100,101", retmode="xml")
    assert cut.status_code == 200 and b"<PubmedArticle>" in cut.content
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(cut.content, SAFE)

    server.fail("efetch", "truncate", content_length="wrong")
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        get(server, "efetch", db="pubmed", id="100,101", retmode="xml")


def test_down_resets_the_connection_and_slow_waits(server: EutilsTestServer) -> None:
    server.fail("esearch", "down")
    with pytest.raises(requests.ConnectionError):
        get(server, "esearch", db="pubmed", term="scar")

    server.fail("esearch", "slow", delay=0.5)
    with pytest.raises(requests.Timeout):
        requests.get(f"{server.base_url}esearch.fcgi", params={"term": "scar"}, timeout=0.1)
    assert [r.fault for r in server.requests] == ["down", "slow"]


def test_error_fault_is_an_http_200_error_document(server: EutilsTestServer) -> None:
    server.fail("efetch", "error", message="Backend is resting")
    response = get(server, "efetch", db="pubmed", id="100", retmode="xml")
    root = etree.fromstring(response.content, SAFE)
    assert response.status_code == 200
    assert root.tag == "eFetchResult" and root.findtext("ERROR") == "Backend is resting"


def test_requests_are_recorded_with_every_parameter(server: EutilsTestServer) -> None:
    post(server, "esearch", db="pubmed", term="scar", tool="t", email="e@x.org", api_key="k")
    (request,) = server.requests
    assert request.endpoint == "esearch"
    assert request.params["api_key"] == "k" and request.params["tool"] == "t"
    assert request.count == 12 and request.returned == 10


def test_unknown_endpoint_is_404(server: EutilsTestServer) -> None:
    assert get(server, "einfo").status_code == 404


def test_make_article_xml_builds_a_complete_record() -> None:
    xml = make_article_xml(
        31000007,
        title="Microneedling with topical serum for atrophic scars: a pilot study",
        abstract=[("Background", "Scars are common."), ("Results", "Scores fell by a third.")],
        year=2019,
        publication_types=("Journal Article", "Randomized Controlled Trial", "Local Type"),
        mesh=("Cicatrix*", "Humans"),
        date_revised=dt.date(2023, 5, 17),
        doi="10.1000/example.7",
        comments_corrections=[("RetractionIn", 31000099)],
    )
    article = etree.fromstring(xml, SAFE)
    citation = article.find("MedlineCitation")
    assert citation is not None
    assert citation.findtext("PMID") == "31000007"
    assert citation.findtext("Article/ArticleTitle", "").startswith("Microneedling with")
    labels = [e.get("Label") for e in citation.iterfind("Article/Abstract/AbstractText")]
    assert labels == ["Background", "Results"]
    assert citation.findtext("Article/Journal/JournalIssue/PubDate/Year") == "2019"
    types = {e.text: e.get("UI") for e in citation.iterfind(".//PublicationType")}
    assert types == {
        "Journal Article": "D016428",
        "Randomized Controlled Trial": "D016449",
        "Local Type": None,
    }
    majors = {e.text: e.get("MajorTopicYN") for e in citation.iterfind(".//DescriptorName")}
    assert majors == {"Cicatrix": "Y", "Humans": "N"}
    revised = [citation.findtext(f"DateRevised/{part}") for part in ("Year", "Month", "Day")]
    assert revised == ["2023", "05", "17"]
    link = citation.find("CommentsCorrectionsList/CommentsCorrections")
    assert link is not None and link.get("RefType") == "RetractionIn"
    assert link.findtext("PMID") == "31000099"
    assert article.findtext("PubmedData/ArticleIdList/ArticleId[@IdType='doi']") == (
        "10.1000/example.7"
    )


def test_make_article_xml_escapes_text() -> None:
    xml = make_article_xml(1, title="Needles < 0.5 mm & serum", abstract="p<0.05")
    article = etree.fromstring(xml, SAFE)
    assert article.findtext("MedlineCitation/Article/ArticleTitle") == "Needles < 0.5 mm & serum"
    assert article.findtext("MedlineCitation/Article/Abstract/AbstractText") == "p<0.05"
