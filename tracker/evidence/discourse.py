"""Review and overview cues: how an article that reports no study of its own is worded.

A narrative review, an overview or an essay often never calls itself a review. It reads
differently from primary research all the same: the authors speak about the literature and
their argument ("we discuss", "reported to date", "we propose that"), give advice ("should be
considered first-line"), and report no methods, samples, measurements or results of their own.
Primary research, even when its abstract is a string of plain statements, gives itself away by
measurements, statistics, past-tense reports of what was done or found, and sections.

The cues below are used by `tracker.evidence.design` in two places:

- `stated_review` near the top of the text rules: the article says it is a review (or the title
  does), or, when nothing points to primary research, the article describes itself in the words
  of an essay ("this article discusses ...").
- `overview` as the last resort before "other": no design cue fired at all, no trace of primary
  research, and the abstract argues, summarises the literature or advises.
"""

from __future__ import annotations

import re

from tracker.evidence.text import PEOPLE_COUNT, Document, Sentence


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# ---------------------------------------------------------------------------------------------
# The article says what it is. All patterns run on normalised lower-case sentences.

REVIEW_TITLE = _rx(
    r"\breview\b|\boverview\b|\ban update\b|\bupdate on\b|:\s*update\b|\bcurrent (?:concepts|"
    r"perspectives?|status|evidence|trends|state|understanding|knowledge|practice)\b|"
    r"\bstate of the art\b|\bprimer\b|\bpractical guide\b|\brecent (?:advances|developments|"
    r"progress)\b|\badvances in\b|\bpearls\b|\bmechanisms? of action\b|\bwhat is the evidence\b|"
    r"\bstep[- ]by[- ]step guide\b|\btutorial\b|\bhow to (?:conduct|perform|write|read|do)\b"
)
# "Retrospective review of 40 charts" is a study of records, not a review of literature.
RECORD_REVIEW = _rx(
    r"\b(?:retrospective|chart|charts|record|records|file|notes) review\b|\breview of (?:\d+|"
    r"[a-z-]+ (?:patients|cases)|(?:the )?(?:medical |patient |case |clinical )?(?:records|"
    r"charts|files|notes))\b|\bpeer review\b"
)
# A review that says so ("In this review", "a review of the literature", "this paper reviews").
REVIEW_TEXT = _rx(
    r"\b(?:conducted|performed|undertook|carried out) an? (?:narrative |literature |brief )?"
    r"review of (?:the )?(?:relevant |current |available |published )?literature\b|"
    r"\b(?:this|the present|our|in this) (?:narrative |literature |mini-?|systematic |brief )?"
    r"(?:review|overview)\b|\b(?:literature|narrative) review\b|\breview of the (?:literature|"
    r"current|available|published|evidence|recent)\b|\bwe (?:review|reviewed) (?:the )?(?:current|"
    r"recent|available|published|existing|literature|evidence|role|use|mechanisms?)\b|\bhere,? "
    r"we review\b|\b(?:this|the present) (?:article|paper|chapter|manuscript) (?:\w+ly )?"
    r"reviews\b|\bwe (?:will|shall) (?:\w+ly )?review\b|"
    # "Current evidence on X is reviewed in this article."
    r"\b(?:is|are) (?:\w+ly )?reviewed (?:in this (?:article|paper|chapter|review)|here)\b"
)
# Essay-like statements that a primary study could also make ("We discuss ..."): they count
# only when nothing in the abstract points to primary research.
ESSAY_TEXT = _rx(
    r"\b(?:this|the present|our) (?:article|paper|chapter|manuscript|update|communication)\b"
    r"[^.;]{0,40}\b(?:reviews?|summari[sz]es?|discuss(?:es)?|describes?|highlights?|provides?|"
    r"presents?|outlines?|focuses|examines?|explores?|covers?|addresses|offers?|updates?|gives?)\b|"
    r"\b(?:in this|this) (?:article|paper|chapter)\b[^.;]{0,20}\bwe\b|\bwe (?:summari[sz]e|discuss|"
    r"highlight|outline|provide an overview|provide a review|present an overview|give an "
    r"overview|describe the (?:current|recent|available|latest))\b|\bhere,? we (?:summari[sz]e|"
    r"discuss|highlight|outline|provide)\b|"
    # "We will briefly discuss ...": the article announces its own discussion.
    r"\bwe (?:will|shall) (?:\w+ly )?(?:discuss|summari[sz]e|outline|highlight|consider|"
    r"describe|examine|explore|address)\b|"
    # "We describe the main pathways known": a survey of what is known, not of new data.
    r"\bwe (?:briefly )?describe (?:some|several|many|the most|the main|the major|recent|current|"
    r"what is known|how)\b|"
    # "The purpose of this paper is to outline ...": the article's purpose is expository.
    r"\b(?:aim|purpose|goal|objective|intent)s? of (?:this|the present|our) (?:article|paper|"
    r"chapter|essay|commentary|contribution|manuscript) (?:is|was|are) to (?:address|discuss|"
    r"review|summari[sz]e|describe|provide|present|outline|highlight|explore|consider|give|"
    r"offer|update|introduce|examine)\b"
)
# Writing about how to do a review ("a tutorial on performing a meta-analysis",
# "how to appraise a systematic review") is about the method; it is no review of that kind.
METHOD_GUIDE = _rx(
    r"\b(?:how to|guide|guidance|tutorial|primer|step[- ]by[- ]step|introduction to|approach to)"
    r"\b[^.;]{0,60}\b(?:conduct|conducting|perform|performing|write|writing|do|doing|report|"
    r"reporting|read|reading|apprais(?:e|ing)|interpret|interpreting|undertak(?:e|ing))\b"
    r"[^.;]{0,20}\b(?:systematic reviews?|meta-analys[ie]s|sr/ma)\b"
)


def stated_review(doc: Document, primary_research: bool) -> Sentence | None:
    """The sentence that makes the article a narrative review, if it says it is one.

    `primary_research` says whether the abstract reports participants, statistics or its own
    work; essay-like wording counts only without it.
    """
    title = doc.title
    if title and REVIEW_TITLE.search(title.lower) and not RECORD_REVIEW.search(title.lower):
        return title
    stated = next((s for s in doc.sentences if REVIEW_TEXT.search(s.lower)), None)
    if stated is not None or primary_research:
        return stated
    return next((s for s in doc.sentences if ESSAY_TEXT.search(s.lower)), None)


# ---------------------------------------------------------------------------------------------
# Overviews that never say so.


# Traces of primary research beyond those the design rules already look for: what was done or
# found reported in the past tense, results, measurements with units, statistics.
_DONE_OR_FOUND = _rx(
    r"\b(?:was|were) (?:\w+ly )?(?:measured|determined|studied|examined|investigated|"
    r"analy[sz]ed|assessed|evaluated|observed|detected|purified|isolated|prepared|synthesi[sz]ed|"
    r"obtained|recorded|collected|performed|carried out|conducted|employed|tested|calculated|"
    r"estimated|characteri[sz]ed|cloned|sequenced|incubated|exposed|administered|injected|"
    r"recruited|enrolled|sampled|surveyed|interviewed|monitored|quantified|compared|fabricated|"
    r"simulated|followed|found|shown|identified|used|applied|seen|noted|achieved|reached|"
    r"developed|designed|built|implemented|validated|trained|screened|diagnosed|treated)\b"
)
_RESULTS = _rx(
    r"\b(?:the|our|these|present|preliminary) (?:results|findings|data|experiments|"
    r"measurements|observations|analyses|simulations)\b|\bresults (?:show|showed|indicate|"
    r"indicated|suggest|suggested|demonstrate|demonstrated|reveal|revealed|confirm|confirmed)\b|"
    r"\b(?:evidence|data|results) (?:is|are) presented\b|\b(?:is|are) (?:here )?reported\b(?! to)|"
    r"\b(?:this|the present|the current|our) (?:study|experiment|investigation|trial|survey)\b|"
    r"\bwe (?:show|showed|demonstrate|demonstrated|found|observed|report|reported|measured|"
    r"obtained|achieved|identified|propose a|present a (?:new|novel)|introduce a|developed)\b"
)
_MEASURED = _rx(
    r"\b\d+(?:\.\d+)?\s?(?:mg|µg|ug|ng|g|kg|ml|µl|ul|l|mol|mmol|µmol|nmol|mm|cm|nm|µm|um|m|km|"
    r"hz|khz|mhz|ghz|thz|kda|da|°c|degrees|k|v|mv|w|mw|db|gb/s|gbit/s|fold|rpm|ppm|ppb)\b|"
    r"\bph \d|\b\d+(?:\.\d+)?\s?% (?:of|in) (?:the |our |these |all )?(?:patients|participants|"
    r"subjects|cases|respondents|samples|women|men|children|animals|mice|rats)\b|"
    r"\b(?:95% ci|confidence intervals?|odds ratios?|hazard ratios?|standard deviation|"
    r"correlation coefficient)\b|\+/-|\bn\s?=\s?\d|\bp\s?(?:<|=|>)"
)
_PRIMARY_CUES = (_DONE_OR_FOUND, _RESULTS, _MEASURED)

# The authors argue rather than report: "we propose that", "we speculate", "we argue".
_ARGUMENT = _rx(
    r"\bwe (?:propose|speculate|argue|contend|suggest|posit|hypothesi[sz]e|believe) that\b|"
    r"\bwe (?:speculate|argue)\b|\bwe present (?:the )?(?:evidence|arguments?|a perspective|"
    r"our (?:view|perspective))\b"
)
# The literature is summarised: "reported to date", "various studies show", "recent advances".
_LITERATURE = _rx(
    r"\b(?:reported|described|published|documented|proposed) (?:so far|to date|thus far|in the "
    r"literature)\b|\b(?:described|reported|discussed) (?:\w+ ){0,2}in the literature\b|"
    r"\b(?:various|several|many|numerous|most|some|other|recent|previous|earlier) (?:\w+ )?"
    r"(?:studies|reports|authors|investigators|trials) (?:have )?(?:show|shown|suggest|suggested|"
    r"indicate|indicated|report|reported|found|demonstrate|demonstrated)\b|\b(?:recent|current) "
    r"(?:developments|advances|progress|knowledge|understanding|insights|literature|evidence|"
    r"concepts)\b|\bthe literature\b|\bto the best of our knowledge\b|\bno (?:documented|"
    r"published) studies\b|"
    # Studies in general, in the present tense: "Longitudinal studies demonstrate that ...".
    r"(?<!our )(?<!these )(?<!two )\b(?:[a-z-]+ )?(?:studies|trials) (?:have )?(?:consistently |"
    r"repeatedly )?(?:demonstrate|show|suggest|indicate|confirm)\b|\bbased on (?:the )?"
    r"(?:available|current|existing|published) (?:studies|evidence|literature|data)\b"
)
# Advice to clinicians: what should be done, what is first-line, what is mandatory.
_ADVICE = _rx(
    r"\b(?:should|must|ought to)\b|\b(?:is|are) (?:recommended|mandatory|advisable|indicated|"
    r"required to|the (?:treatment|therapy|method|test) of choice)\b|\bfirst-line\b|"
    r"\bmainstay\b|\bgold standard\b|\bmay be (?:indicated|considered|used|offered|tried|useful|"
    r"helpful|beneficial|appropriate)\b|\bcareful attention\b|\bit is (?:important|essential|"
    r"crucial|vital) to\b"
)
# Titles of essays and overviews: "a theoretical insight", "perspectives", "challenges".
_ESSAY_TITLE = _rx(
    r"\btheoretical\b|\bperspectives?\b|\bviewpoint\b|\binsights?\b|\bchallenges\b|\bessay\b|"
    r"\breflections?\b|\bcontroversies\b|\bdilemmas?\b|\bopportunities\b|\bthe road ahead\b|"
    r"\bfuture directions\b|\bwhere (?:are|do|should) we\b|\bwhat (?:do|should) we\b"
)


def primary_research_trace(doc: Document) -> Sentence | None:
    """A sentence that reads as primary research (own methods, results, measurements).

    A labelled methods or results section counts as well: overviews have no such section.
    """
    for sentence in doc.sentences:
        if sentence.section in ("methods", "results"):
            return sentence
        if sentence.section == "background":
            continue
        if any(p.search(sentence.lower) for p in _PRIMARY_CUES) or PEOPLE_COUNT.search(
            sentence.text
        ):
            return sentence
    return None


def overview(doc: Document) -> Sentence | None:
    """The sentence that shows an abstract is an overview, when it never says it is a review.

    Used only when no study design could be read. It needs an abstract of at least three
    sentences with no trace of primary research, and then either an authorial argument ("we
    propose that"), or two different kinds of overview cue among: the literature summarised,
    advice given in two or more sentences, an essay-like title.
    """
    if len(doc.sentences) < 3 or primary_research_trace(doc) is not None:
        return None
    argument = next((s for s in doc.sentences if _ARGUMENT.search(s.lower)), None)
    if argument is not None:
        return argument
    literature = next((s for s in doc.sentences if _LITERATURE.search(s.lower)), None)
    advice = [s for s in doc.sentences if _ADVICE.search(s.lower)]
    essay_title = doc.title if doc.title and _essay_title(doc.title) else None
    general = next((s for s in doc.sentences if _GENERALITY.search(s.lower)), None)
    # The literature summarised, then advice as the last word: a review's recommendation.
    if literature is not None and doc.sentences[-1] in advice:
        return literature
    kinds: list[Sentence] = [
        s for s in (literature, advice[0] if len(advice) >= 2 else None, essay_title, general) if s
    ]
    if len(kinds) >= 2 or len(advice) >= 2:
        return kinds[0] if kinds else advice[0]
    return None


def _essay_title(title: Sentence) -> bool:
    """An essay-like title, or a bare topic ("Topical anaesthesia.", "Acute low back pain"):
    a few words naming a subject, as overviews and textbook-style reviews are titled."""
    if _ESSAY_TITLE.search(title.lower):
        return True
    words = title.lower.rstrip(".").split()
    return (
        0 < len(words) <= 4
        and not _TITLE_NOT_A_TOPIC.search(title.lower)
        and not any(ch.isdigit() for ch in title.lower)
    )


# A short title that reports something is no bare topic: a verb, a question, a comparison.
_TITLE_NOT_A_TOPIC = _rx(
    r"[:?]|\b(?:is|are|was|were|does|do|did|can|may|versus|vs|compared|improves?|reduces?|"
    r"increases?|causes?|induces?|inhibits?|predicts?|case|patient|trial|study)\b"
)
# Statements about a condition or practice in general, as overviews open and carry on.
_GENERALITY = _rx(
    r"\bone of the (?:most|leading|major)\b|\b(?:is|are) (?:a |an )?(?:common|frequent|rare|"
    r"widely used|increasingly used|major|leading)\b|\bthe (?:majority|bulk) of (?:adults|"
    r"people|patients|cases|children|women|men)\b|\b(?:is|are) being (?:widely |increasingly )?"
    r"used\b|\bleading cause\b"
)
