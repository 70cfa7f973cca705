"""Study design: from NLM publication types first, from the title and abstract otherwise.

Publication types are assigned by NLM indexers and are the most reliable signal, but records
that are not yet indexed carry only "Journal Article" (or nothing), and some types are not
decisive ("Clinical Trial" may or may not be randomised; "Review" may be a systematic review).
For those the text decides, with rules a methodologist would apply to the abstract:

  other (reply, erratum, protocol) > guideline/consensus > meta-analysis > systematic review >
  case report > narrative review > animal/in-vitro > RCT > non-randomised controlled >
  cohort/case series > overview (a narrative review that never says so) > other

A guide to conducting reviews is a narrative review before any synthesis rule is tried. The
review and overview cues live in `tracker.evidence.discourse`.

Split-face, split-scar, half-side, intra-individual and crossover comparisons are RCTs when the
side (or order) was randomised, and non-randomised controlled studies when it was not; either
way the within-person flag is set only for RCTs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from tracker.evidence.bias import PREDICTABLE_ALLOCATION
from tracker.evidence.discourse import (
    METHOD_GUIDE,
    overview,
    primary_research_trace,
    stated_review,
)
from tracker.evidence.labels import Design
from tracker.evidence.study import Finding, StudyInput
from tracker.evidence.text import (
    PEOPLE_COUNT,
    Document,
    Sentence,
    about_this_study,
    background_like,
    negated,
    numbers_in,
    read,
)

DesignFinding = Finding[Design]

# Publication types that settle the design on their own, in order of priority. A notice, an
# erratum or a protocol is never the study itself, whatever other types it carries; syntheses
# outrank the trials they pool; MeSH "Animals" without "Humans" is checked after syntheses.
_NOT_A_STUDY_TYPES: tuple[tuple[str, Design], ...] = (
    ("retraction of publication", "other"),
    ("published erratum", "other"),
    ("clinical trial protocol", "other"),
)
_SYNTHESIS_TYPES: tuple[tuple[str, Design], ...] = (
    ("network meta-analysis", "meta_analysis"),
    ("meta-analysis", "meta_analysis"),
    ("systematic review", "systematic_review"),
)
_TRIAL_OR_GUIDANCE_TYPES: tuple[tuple[str, Design], ...] = (
    ("randomized controlled trial, veterinary", "animal_or_in_vitro"),
    ("randomized controlled trial", "rct"),
    ("equivalence trial", "rct"),
    ("practice guideline", "guideline_or_consensus"),
    ("guideline", "guideline_or_consensus"),
    ("consensus development conference", "guideline_or_consensus"),
    ("consensus development conference, nih", "guideline_or_consensus"),
)
_DECISIVE_TYPES = _NOT_A_STUDY_TYPES + _SYNTHESIS_TYPES + _TRIAL_OR_GUIDANCE_TYPES
# Publication types that say "a trial" or "a comparison" without saying which design.
_TRIAL_TYPES = (
    "controlled clinical trial",
    "pragmatic clinical trial",
    "adaptive clinical trial",
    "clinical trial",
    "clinical trial, phase i",
    "clinical trial, phase ii",
    "clinical trial, phase iii",
    "clinical trial, phase iv",
    "clinical trial, veterinary",
    "clinical study",
)
_OBSERVATIONAL_TYPES = ("observational study", "observational study, veterinary")
_NON_RESEARCH_TYPES = (
    "letter",
    "editorial",
    "comment",
    "news",
    "newspaper article",
    "interview",
    "biography",
    "portrait",
    "lecture",
    "address",
    "personal narrative",
    "patient education handout",
    "video-audio media",
    "introductory journal article",
    "congress",
    "historical article",
    "autobiography",
    "expression of concern",
)


# ---------------------------------------------------------------------------------------------
# Cues. All patterns run on normalised lower-case sentences (see text.normalise).


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_NON_RESEARCH_TITLE = _rx(
    r"^(?:re:|re |reply\b|response\b|in reply|in response|comments? on\b|commentary\b|"
    r"letter\b|editorial\b|(?:erratum|errata|corrections?|corrigendum)\s*(?::|to\b|for\b|in\b|-|$)|"
    r"retraction\b|retracted\b|notice of retraction|expression of concern|withdrawn\b)|"
    r"\bletter to the editor\b|\bauthors?'? reply\b|\breply to\b|\bin memoriam\b|"
    r"\bcomment(?:ary)? on\b"
)
_PROTOCOL_TITLE = _rx(r"\b(?:study|trial|review) protocol\b|\bprotocol (?:for|of) an?\b")
_FUTURE_ENROLMENT = _rx(
    r"\bwill (?:be )?(?:enrol|enroll|recruit|randomi[sz]|allocat|assign|includ|screen)"
)
_P_VALUE = _rx(r"\bp\s*(?:[<=>]|&lt;|&gt;)\s*0?\.\d")
# Statistics about groups, which no report of one to three patients gives.
_STATISTIC = _rx(
    _P_VALUE.pattern + r"|\b95% ?ci\b|\bconfidence interval|\b(?:hazard|odds|risk) ratios?\b|"
    r"\b\d+(?:\.\d+)?\s?%"
)

_GUIDELINE_TITLE = _rx(
    r"\b(?:guidelines?|consensus|recommendations?|position (?:statement|paper)|"
    r"expert (?:opinion|panel|review|group)|delphi|practice (?:parameter|advisory)|"
    r"best practices?|standards of care|joint statement)\b"
)
_GUIDELINE_TEXT = _rx(
    r"\bdelphi\b|\b(?:this|these|the present|our) (?:practice )?(?:guidelines?|consensus "
    r"(?:statement|document|recommendations?)|position statement)\b|\bconsensus (?:statement|"
    r"recommendations?|was (?:reached|achieved)|meeting|conference|panel|document|process|"
    r"guidelines?|development)\b|\breached (?:a )?consensus\b|\bexpert (?:panel|consensus|"
    r"committee|workgroup|work group)\b|\bguidelines? (?:was|were) (?:developed|formulated|"
    r"updated)\b|\b(?:committee|panel|workgroup|task force) (?:recommends|agreed|reviewed|"
    r"developed|formulated)\b"
)

# Guidelines or a committee someone else wrote or convened, used here ("diagnosed per consensus
# guidelines", "validated by an expert committee"): not this article's own guidance.
_GUIDELINE_APPLIED = _rx(
    r"\b(?:per|according to|following|using|based on|in accordance with|defined by|as defined "
    r"(?:in|by)|validated by|reviewed by|approved by|endorsed by|in line with|adherence to|"
    r"compliance with)\s+(?:(?:the|an?|current|international|national|published|existing|"
    r"recent|established|standard)\s+){0,3}$"
)

_META_ANALYSIS = _rx(
    r"\bmeta-?analy(?:sis|ses|tic|zed|sed)\b|\bpooled (?:analysis|data|estimates?|odds|risk|"
    r"relative|mean|standardi[sz]ed|weighted|effect|prevalence|incidence|proportion|rates?)\b|"
    r"\b(?:random|fixed)[- ]effects? (?:model|meta)|\bforest plots?\b|\bmeta-regression\b"
)
# Studies found in the literature: what a meta-analysis pools, unlike one's own trial data.
_LITERATURE = _rx(
    r"\bliterature\b|\bdatabases?\b|\bpubmed\b|\bmedline\b|\bembase\b|\bcochrane\b|"
    r"\bsearch(?:ed|es)?\b|\b(?:studies|trials|articles|publications|rcts) (?:were |was )?"
    r"(?:included|identified|eligible|selected)\b"
)
_SOMEONE_ELSES = _rx(
    r"\b(?:a|the) (?:recent(?:ly published)?|published|previous|prior|new|large|landmark) "
    r"(?:[a-z-]+ )?$"
)
# A pooled estimate reported: an odds or risk ratio, a mean difference, heterogeneity.
_POOLED_STATISTIC = _rx(
    r"\bpooled\b|\b(?:odds|risk|hazard) ratio\b|\b(?:standardi[sz]ed |weighted )?mean "
    r"difference\b|\b(?:smd|wmd|or|rr|hr|md)\s*[=:]|\bi2\b|\bi\u00b2|\bheterogeneity\b|"
    r"\b(?:random|fixed)[- ]effects?\b|\bforest plot"
)
_NOT_DONE = _rx(
    r"\s*(?:was|were|could|is|are)? ?(?:not|deemed not|impossible|un)(?: be)? ?(?:possible|"
    r"feasible|performed|conducted|done|appropriate|warranted)|\s*(?:is|are) (?:needed|warranted|"
    r"required|lacking)"
)
# "Heterogeneity precluded meta-analysis": something stood in the way of pooling.
_PREVENTED = _rx(r"\b(?:precluded|prevented|did not allow|impeded|ruled out)(?: a| any)?\s*$")
_SYSTEMATIC_TITLE = _rx(
    r"\bsystematic(?: literature| evidence)? review\b|\bscoping review\b|\bumbrella review\b|"
    r"\bsystematic literature\b|\brapid review\b|\bevidence map"
)
_SYSTEMATIC_TEXT = _rx(
    # Not "a systematic review of history, examination and records": that is a clinical work-up.
    r"\bsystematic(?: literature| electronic)? (?:review|search)\b(?! of (?:the |their |each )?"
    r"(?:\w+ )?(?:history|histories|records|charts|notes|files|examinations?|patients|cases))|"
    r"\bsystematically (?:searched|reviewed|identified|retrieved|evaluated the literature|"
    r"analy[sz]ed the literature)\b|\bprisma\b|\bscoping review\b|\bumbrella review\b|\bprospero\b|"
    # Studies (not patients) screened against eligibility criteria: a systematic selection.
    r"\b(?:studies|articles|trials|papers|publications|reports) (?:\w+ ){0,2}(?:met|meeting|"
    r"fulfilled|fulfilling|satisfied|satisfying) (?:the |our |all )?(?:inclusion|eligibility|"
    r"selection) criteria\b"
)
_DATABASE_SEARCH = _rx(
    r"\b(?:searched|search(?:es)? (?:of|in|was|were)|searching|retrieved from|identified "
    r"(?:in|from|through)|literature search)\b[^.;]{0,90}\b(?:pubmed|medline|embase|cochrane|"
    r"scopus|web of science|google scholar|cinahl|central|lilacs|databases?)\b|\b(?:pubmed|"
    r"medline|embase|cochrane library|scopus|web of science)\b[^.;]{0,80}\b(?:were|was) "
    r"searched\b|\b(?:electronic |relevant |bibliographic |online )?databases (?:were|was) "
    r"(?:searched|queried|screened)\b"
)

_CASE_SERIES = _rx(r"\bcase series\b|\bseries of (?:\d+|[a-z-]+) (?:cases|patients)\b")
# One person introduced or followed: "the patient was a 45-year-old woman", "our patient",
# "(we) present the case of".
_ONE_PERSON_TOLD = (
    r"\b(?:is|was) an? (?:\d+|[a-z]+(?:-[a-z]+)*)-year-old\b|\bour (?:[a-z,-]+ ){0,3}patient\b"
    r"(?!s)|\b(?:present|report|describe|discuss)(?:s|ed)? the case of\b"
)
_CASE_REPORT = _rx(
    r"\bcase reports?\b|\ba case of\b|\bcase presentation\b|\breport of (?:a|an|one|two|three|"
    r"\d) (?:case|cases|patients?)\b|\b(?:two|three|2|3) (?:clinical |illustrative |similar )?"
    r"cases\b|\ba (?:rare |unusual |unique |novel |first )?case (?!series)|\bthis case\b|"
    r"\b(?:we|i) (?:report|present|describe|document)"
    r"(?: herein| here)? (?:the )?(?:an? |one |two |three |four |five |\d+ )?(?:(?:rare|unusual|"
    r"unique|novel|interesting|first|previously healthy|healthy|young|middle-aged|elderly|"
    r"caucasian|african[- ]american|asian|hispanic|white|black|otherwise healthy)[, ]+)*"
    r"(?:case\b(?! series)|cases\b|patients?\b|(?:\d+|[a-z]+(?:-[a-z]+)*)-year-old|women\b|"
    r"woman\b|men\b|man\b|females?\b|males?\b|girls?\b|boys?\b|child\b|siblings\b)|"
    r"^(?:an?|one) (?:\d+|[a-z]+(?:-[a-z]+)*)-year-old\b|\b(?:in|of) an? "
    r"(?:\d+|[a-z]+(?:-[a-z]+)*)-year-old\b|"
    # "The paper describes the treatment of a woman who ...": one person's course, told.
    r"\b(?:describes?|presents?|reports?|recounts?) (?:[a-z-]+ ){0,3}(?:with|of) an? "
    r"(?:[a-z-]+ ){0,2}(?:woman|man|girl|boy|child|infant|adolescent|patient) "
    r"(?:who|whose|presenting)\b|"
    # "Isolated from a patient who developed ...", "the authors present two patients".
    r"\b(?:from|in) an? (?:[a-z-]+ ){0,2}patient (?:who|whose)\b|\bthe authors (?:report|"
    r"present|describe) (?:an? |one |two |three )?(?:[a-z-]+ ){0,2}(?:case|cases|patient|"
    r"patients)\b(?! series)|" + _ONE_PERSON_TOLD
)
# A title about one to three patients: "Recurrent syncope in two patients with ...".
_FEW_PATIENTS_TITLE = _rx(r"\b(?:in|of) (?:two|three|2|3) (?:[a-z-]+ ){0,2}(?:patients|cases)\b")
# Titles such as "... in a desperately ill woman" or "... in a patient with vitiligo".
_CASE_TITLE = _rx(
    r"\b(?:in|of) an? (?:[a-z-]+ ){0,3}(?:woman|man|girl|boy|child|infant|neonate|newborn|"
    r"patient|adolescent|teenager|pregnant woman)\b(?!-)"
)
_THIS_SERIES = _rx(
    r"\b(?:we|our|this|the present|a) (?:\w+ )?(?:case series|series of)\b|^a series of"
)
_REPORTED_CASE = _rx(
    _ONE_PERSON_TOLD
    + r"|\b(?:we|i|the authors) (?:report|present|describe|document)(?: herein| here)? "
    r"(?:an? |the |one |two |three )?(?:[a-z-]+ ){0,2}(?:case|cases|patient|patients)\b"
    r"(?! series)|\bcase report\b"
)
_DESCRIBED_COUNT = _rx(
    r"\b(?:we|i) (?:report|present|describe|document)(?: herein| here)? (?P<number>one|two|three|"
    r"four|five|six|seven|eight|nine|ten|\d+) "
)

_ANIMALS = (
    r"\b(?:rats?|mice|mouse|murine|rabbits?|guinea pigs?|pigs?|piglets?|porcine|swine|"
    r"mini-?pigs?|hamsters?|dogs?|canine|cats|feline|horses?|equine|sheep|ovine|goats?|"
    r"primates?|monkeys?|macaques?|zebrafish|c57bl(?:/6)?|balb/c|sprague[- ]dawley|wistar|"
    r"yorkshire|duroc|beagles?|cattle|cows?|heifers?|bovine|calves|chickens?|poultry|broilers?|"
    r"birds?|fish|insects?|mosquito(?:es)?|larvae|drosophila|nematodes?|xenografts?|"
    r"animal (?:model|models|study|studies|experiments?))\b"
)
_LABORATORY = (
    r"\bin vitro\b(?! fertili)|\bex vivo\b|\bin silico\b|\bfranz\b|\bdiffusion cells?\b|"
    r"\bexplants?\b|\b(?:cells|fibroblasts|keratinocytes|cultures?) (?:were )?(?:established|"
    r"isolated|derived|harvested|grown) from\b|"
    r"\bexcised (?:[a-z]+ ){0,2}skin\b|\bcadaver(?:ic)?\b|\bskin equivalents?\b|\breconstructed "
    r"(?:human )?(?:epidermis|skin)\b|\b(?:3d|three-dimensional) (?:human )?skin\b|\bskin "
    r"models?\b|\bcell cultures?\b|\bcultured (?:[a-z]+ ){0,2}cells\b|\bcell lines?\b|"
    r"\bagarose\b|\bparafilm\b|\bskin simulant|\bfinite element|\bmechanical (?:strength|"
    r"properties|testing|failure)\b|\bfabricated\b|\bfabrication\b|\bmou?lding\b|\bdrug "
    r"loading\b|\brelease profiles?\b"
)
_LAB_OR_ANIMAL = _rx(f"{_ANIMALS}|{_LABORATORY}")
# The vocabulary of laboratory biology and chemistry. Three different terms in an abstract that
# reports research but no people studied mark it as laboratory work.
_BENCH_TERMS = _rx(
    r"\b(?:cells?|cellular|proteins?|enzym\w*|genes?|genetic|genom\w*|mutants?|mutations?|"
    r"knock(?:down|out|-down|-out)|sirna|plasmids?|transfect\w*|western blot\w*|pcr|assays?|"
    r"kinetics?|nmr|spectr\w+|sequenc\w+|strains?|species|bacteri\w+|fung\w+|yeast|"
    r"stem cells?|fibroblasts?|receptors?|binding|molecular|expression|in vivo|peptides?|"
    r"antibod\w+|mitochondri\w+|chromatograph\w+|synthesi[sz]\w*|substrates?|ligands?|"
    r"catalys\w+|polymers?|nanoparticles?|plants?|seeds?|soil|dna|rna|mrna|microbio\w+|"
    r"pathways?|phosphorylat\w+|inhibit\w+|emulsions?|crystal\w*|isolates?|lysates?)\b"
)
# People as the subjects of this study, for an abstract that names no design.
_PEOPLE_STUDIED = _rx(
    r"\b(?:patients|participants|subjects|individuals|volunteers|respondents|recipients|"
    r"residents|students|schoolchildren|children|adolescents|infants|newborns|neonates|women|men|"
    r"mothers|births|workers|nurses|physicians|veterans|casualties|survivors|smokers|users|"
    r"adults|households|population)\b"
)
# Not "patient-derived cells": people named as the source of material are not studied.
_HUMAN_TITLE = _rx(r"\b(?:patients?|volunteers?|women|men|participants|subjects)\b(?!-)")
_PEOPLE_NOUN = (
    r"(?:patients?|volunteers?|participants?|subjects|women|men|adults|children|individuals)"
)
# People being studied here: "patients were treated", "women who underwent", not "patients with
# psoriasis have a higher risk", which is background.
_TREATED_PEOPLE = _rx(
    rf"\b{_PEOPLE_NOUN} (?:were|was) (?:treated|enrolled|included|recruited|randomi[sz]ed|"
    r"evaluated|studied|followed|assessed|examined|divided|allocated|assigned|selected|surveyed|"
    rf"interviewed|analy[sz]ed|investigated)\b|\b{_PEOPLE_NOUN} who (?:underwent|received|were "
    r"treated|had undergone|attended|presented)\b"
)
_OWN_WORK = _rx(
    r"\bwe (?:found|observed|measured|performed|conducted|investigated|examined|analy[sz]ed|"
    r"assessed|evaluated|compared|enrolled|recruited|treated|studied|developed|designed|tested|"
    r"demonstrated?|show|showed|identified|determined|report)\b"
)

_RANDOMISED = _rx(
    r"\brandomi[sz](?:ed|ation|ing|e|es)\b|\brandomly (?:\w+ ){0,2}(?:assigned|allocated|divided|"
    r"distributed|split|chosen|selected|determined|designated|placed|treated|received)\b|"
    r"\b(?:assigned|allocated|divided|distributed|split|categori[sz]ed) randomly\b|\bat random\b|"
    r"\brandom (?:allocation|assignment|sequence|number|selection|split)\b|\brcts?\b|"
    r"\bcoin (?:toss|flip)\b|\bsealed (?:opaque )?envelopes?\b|\bcomputer-generated\b|"
    r"\ballocation concealment\b|\bin (?:a )?random(?:i[sz]ed)? order\b|\bdrawing (?:of )?lots\b|"
    r"\bdrew lots\b|\bby lot\b|\blottery\b"
)
_NOT_RANDOMISED = _rx(r"(?:non|not|quasi|pseudo|without|no)[- ]?(?:truly )?$")
# Random sampling of people or records, and random ordering of photographs for blinded raters,
# are not random allocation.
_RANDOM_NOT_ALLOCATION = _rx(
    r"\brandom(?:ly)? (?:selected|sampled|chosen|drawn)\b(?! (?:\w+ ){0,2}(?:side|sides|half|"
    r"halves|cheek|area|site|lesion|patch|plaque|scar|axilla|forearm|arm|leg|hand|treatment|"
    r"group|groups|arm|order)\b)|"
    r"\brandom(?:ly)? (?:sample|sampling)\b|(?:photographs|photos|images|pictures|slides)\b"
    r"[^.;]{0,60}\brandom(?:ly|i[sz]ed)?\b|\brandom(?:ly|i[sz]ed)?\b[^.;]{0,40}\b(?:photographs|"
    r"photos|images|pictures|slides)\b|\brandomi[sz]ed (?:order|sequence) (?:to|for) "
    r"(?:blinded )?(?:evaluators|assessors|raters|observers)"
)
_BODY_SIDE = (
    r" (?:side|half|cheek|arm|forearm|leg|thigh|axilla|hand|palm|hemiface|face|scalp|buttock|"
    r"breast|abdomen)\b"
)
_RIGHT_SIDE = _rx(rf"\bright{_BODY_SIDE}")
_LEFT_SIDE = _rx(rf"\bleft{_BODY_SIDE}")
# Data taken from a trial for another question: an observational analysis, not the trial.
_SECONDARY_ANALYSIS = _rx(
    r"\b(?:secondary|post[- ]hoc|ancillary|exploratory) analys[ie]s\b|\b(?:data|participants|"
    r"patients|subjects|women|men|persons) (?:were )?(?:derived |obtained |drawn |taken )?"
    r"(?:from|of|enrolled in|who participated in|participating in) (?:a|an|the|two|three) "
    r"(?:\w+[ -]){0,5}"
    r"randomi[sz]ed\b|\bnested (?:in|within) (?:a|an|the)\b|"
    r"\bwho (?:had )?(?:participated|taken part|took part|enrolled) in (?:a|an|the) "
    r"(?:\w+[ -]){0,5}randomi[sz]ed\b|\b(?:data|sample|samples|cohort)\b[^.;]{0,60}\b"
    r"(?:derived|drawn|obtained|taken|came|come) from (?:a|an|the) (?:\w+[ -]){0,5}"
    r"randomi[sz]ed\b|\banaly[sz]ed data from\b[^.;]{0,160}\brandomi[sz]ed\b"
)
_CASE_CONTROL = _rx(
    r"\bcase-?control (?:study|design|analysis)\b|\bcases and (?:matched )?controls\b"
)
_WITHIN_PERSON = _rx(
    r"\bsplit[- ](?:face|scalp|body|scar|mouth|neck|abdomen|back|leg|arm|hand|thigh|axilla|"
    r"lesion|side|patch|chest|forearm)|\bhalf[- ](?:face|side|head|scalp|body)|\bhemi-?fac|"
    r"\bintra-?(?:individual|patient|subject|personal)\b|\bwithin-(?:patient|subject|person|"
    r"individual)\b|\bcontralateral (?:side|half|cheek|area|scar|patch|axilla|forearm|arm|leg|"
    r"lesion|plaque|site|hand|palm|thigh)\b|\bthe other (?:side|half|cheek|axilla|forearm|arm|"
    r"leg|patch|lesion|plaque|scar|palm)\b|"
    # "the other hand" is a body part, except in the connective "on the other hand".
    r"(?<!on )\bthe other hand\b|\b(?:one|each) (?:side|half) of (?:the|each)"
    r"\b|\bleft-right\b|\bcross-?over\b|\bside[- ]by[- ]side\b|\b(?:one|each) half of\b|"
    r"\bsymmetric(?:al)? (?:[a-z]+ )?(?:lesions|patches|scars|plaques|striae)\b|\bone (?:forearm|"
    r"arm|cheek|axilla|palm|leg|thigh|half|hemiface|lesion|patch|plaque|scar|area|site)\b|"
    r"\bone side\b(?! effect)|\b(?:two|paired|matched) (?:comparable |similar |symmetrical )?"
    r"(?:patches|lesions|plaques|scars)\b"
)
_CONTROLLED = _rx(
    r"\bnon-?randomi[sz]ed\b|\bnot randomi[sz]ed\b|\bquasi-?(?:experimental|randomi[sz]ed)\b|"
    r"\bpseudo-?randomi[sz]ed\b|(?<!un)controlled (?:trial|study|clinical|comparative)\b|"
    r"\b(?:sham|placebo|vehicle)-controlled\b|\bcontrol (?:group|side|half|area|patch|"
    r"lesion|site|arm)\b|\buntreated (?:side|half|control|group)\b|\bcompared (?:with|to) "
    r"(?:a |an )?(?:control|untreated|matched|historical)\b|\bcomparative (?:cohort )?(?:study|"
    r"trial|analysis|clinical)\b|\b(?:divided|allocated|assigned|split|categori[sz]ed|distributed|"
    r"grouped|enrolled)\b(?: [a-z,()=\d]+){0,4} (?:into|to|in) (?:two|three|four|2|3|4) "
    r"(?:equal |treatment |study )?(?:groups|arms)\b|\bgroup (?:a|b|i|ii|1|2)\b|\ballocated "
    r"(?:alternately|according|by preference|based)\b|\balternate(?:ly)? (?:allocation|"
    r"assigned|allocated)\b|\b(?:two|three|four|2|3|4)-(?:arm|group|cohort)\b"
)
# Groups that differ by who people are (a condition, an outcome, a measured trait), not by a
# treatment given to them: an observational comparison, not a controlled trial.
_OBSERVATIONAL_GROUPS = _rx(
    r"\bhealthy (?:age[- ]matched |sex[- ]matched |matched )?(?:controls?|volunteers|subjects|"
    r"individuals|participants|persons|people|adults|children|infants|newborns|donors|women|men)"
    r"\b|\b(?:controls?|subjects|individuals|children|newborns|infants|neonates|women|men|"
    r"participants|patients|people|persons) without\b|\b(?:cognitively |neurologically )?normal "
    r"(?:age[- ]matched )?(?:controls|subjects|volunteers|individuals)\b|\b(?:age|sex|gender)"
    r"[- ](?:and[- ](?:sex|gender)[- ])?matched (?:healthy )?(?:controls|subjects)\b|"
    r"\b(?:divided|grouped|categori[sz]ed|classified|stratified|separated|allocated)"
    r"(?: [a-z,()=\d]+){0,6} (?:based on|according to|by) "
    r"(?!(?:their |the |patients' |patient )?(?:treatments?|therap|interventions?|procedures?|"
    r"techniques?|surg|preference|choice|allocation|randomi|"
    r"computer|lot|chance|a random))|"
    r"\bwho (?:died|survived|did not survive)\b|\bnon-?survivors\b|\bnon-?responders\b"
)
# The same people measured by two methods, devices or assays: a study of the measurement.
_MEASUREMENT_STUDY = _rx(
    r"\bdiagnostic (?:accuracy|performance|value|yield)\b|\bsensitivity and specificity\b|"
    r"\b(?:inter|intra)-?(?:observer|rater|laboratory|examiner|device)\b|\bagreement between\b|"
    r"\blevel of agreement\b|\bbland-altman\b|\bmeasurements? (?:obtained|taken|made|performed) "
    r"(?:by|with|using)\b|\breceiver operating\b"
)
# A title comparing how something is measured or detected, not how it is treated.
_MEASUREMENT_TITLE = _rx(r"\bassays?\b|\bdiagnos\w*|\bmeasurements?\b|\bdetection\b")
# Words that say a treatment was allocated to the groups compared.
_ALLOCATION = _rx(
    r"\b(?:allocated|assigned)\b(?! (?:based on|according to) (?!(?:the )?(?:treatment|therapy|"
    r"preference)))|\bquasi-?(?:experimental|randomi[sz]ed)\b|\bnon-?randomi[sz]ed (?:controlled |"
    r"clinical |comparative )?trial\b|\b(?:sham|placebo|vehicle)-controlled\b|\buntreated "
    r"(?:side|half|control|group)\b|\bcontrol (?:side|half|area|patch|lesion|site|arm)\b"
)
_ARMS = _rx(
    r"\bgroups?\b|\barms?\b|\bversus\b|\bvs\.?\s|\bcompared (?:with|to)\b|\bcomparison\b|"
    r"\bcontrols?\b|\bplacebo\b|\bsham\b|\bvehicle\b|\bsides?\b|\bhal(?:f|ves)\b|\balone\b|"
    r"\beither\b|\brandomi[sz]ed to\b|\bcross-?over\b"
)
_UNCONTROLLED = _rx(
    r"\buncontrolled\b|\bsingle-?arm\b|\bsingle[- ]group\b|\bone[- ]group\b|\bno (?:control|"
    r"comparison) (?:group|arm)\b|\bwithout (?:a |any )?(?:control|comparison) (?:group|arm)s?\b"
)
# Something done to people: without it, a "control group" is people without the condition.
_INTERVENTION = _rx(
    r"\btreat(?:ed|ment|ments|ing)\b|\breceiv(?:ed|ing)\b|\bunderwent\b|\bundergoing\b|"
    r"\badminister(?:ed)?\b|\bgiven\b|\binterventions?\b|\btherap(?:y|ies|eutic)\b|"
    r"\binject(?:ed|ion|ions)\b|\bapplied\b|\bapplication\b|\bsessions?\b|\bprocedures?\b|"
    r"\bsurg(?:ery|ical)\b|\boperat(?:ed|ion|ive)\b|\bdos(?:e|es|ing)\b|\bdrugs?\b|"
    r"\bmicroneedl\w*|\blaser\b|\bpeels?\b|\btraining\b|\bprogram(?:me)?s?\b|\bexercise\b|"
    r"\bsupplement\w*|\bvaccin\w*|\bdevices?\b"
)
_VERSUS_TITLE = _rx(
    r"\bversus\b|\bvs\.?\s|\bcompared (?:with|to)\b(?! (?:the )?(?:baseline|pre-?treatment|"
    r"before))|\bcomparison\b|\bcomparing\b"
)
_SERIES = _rx(
    r"\bcase series\b|\bretrospective(?:ly)?\b|\bprospective(?:ly)?\b|\bcohort\b|"
    r"\bopen-?label\b|\bsingle-?arm\b|\bpilot\b|\bobservational\b|\bcross-?sectional\b|"
    r"\bsurvey(?:ed)?\b|\bchart review\b|\bconsecutive\b|\bbefore-and-after\b|\buncontrolled\b|"
    r"\bcase-?control\b|\bregistry\b|\bquestionnaire\b|\bcase records\b|\bmedical records\b"
)


def _described_case_count(lower: str) -> int | None:
    match = _DESCRIBED_COUNT.search(lower)
    if match is None:
        return None
    return next((value for value, _, _ in numbers_in(match.group("number"))), None)


def _randomised_here(sentence: Sentence) -> bool:
    """Whether the sentence says this study's allocation was random."""
    lower = sentence.lower
    if not about_this_study(sentence) and sentence.section != "title":
        return False
    if _SECONDARY_ANALYSIS.search(lower):
        return False
    if _RANDOM_NOT_ALLOCATION.search(lower) and not re.search(
        r"\brandomi[sz]ed (?:controlled|clinical|trial|study|split)", lower
    ):
        return False
    for match in _RANDOMISED.finditer(lower):
        if _NOT_RANDOMISED.search(lower[max(0, match.start() - 12) : match.start()]):
            continue
        if match.group(0).startswith("rct") and re.search(
            r"\brcts?\b[^.]{0,30}\b(?:were|was) "
            r"(?:included|identified|pooled)",
            lower,
        ):
            continue
        return True
    return False


def _treats_people(doc: Document) -> bool:
    """Whether the abstract reports people being treated or studied (not tissue or animals)."""
    for sentence in doc.sentences:
        if sentence.section == "background":
            continue
        if PEOPLE_COUNT.search(sentence.text) or _TREATED_PEOPLE.search(sentence.lower):
            return True
    return False


def _primary_research(doc: Document) -> bool:
    """Whether the abstract reports its own participants or statistics (so it is no review)."""
    return (
        any(_P_VALUE.search(s.lower) or _OWN_WORK.search(s.lower) for s in doc.sentences)
        or _treats_people(doc)
        or _LAB_OR_ANIMAL.search(" ".join(s.lower for s in doc.sentences)) is not None
    )


def _first_people_sentence(sentences: Iterable[Sentence]) -> Sentence | None:
    for sentence in sentences:
        if sentence.section in ("background", "conclusions"):
            continue
        if PEOPLE_COUNT.search(sentence.text) or _TREATED_PEOPLE.search(sentence.lower):
            return sentence
    return None


def classify_design(
    study: StudyInput, *, use_publication_types: bool = True
) -> tuple[DesignFinding, bool]:
    """The study's design and whether it is a within-person randomised comparison.

    Publication types decide when they are decisive (see `_design_from_indexing`); otherwise,
    or with `use_publication_types=False`, the title and abstract do (`design_from_text`).
    """
    doc = read(study)
    from_text = design_from_text(doc)
    if use_publication_types:
        decided = _design_from_indexing(study, doc, from_text)
        if decided is not None:
            return decided
    return from_text


def design_from_publication_types(publication_types: Iterable[str]) -> Design | None:
    """The design implied by publication types alone, or None when they are not decisive.

    Used as the reference label when scoring text-only predictions on indexed records.
    """
    types = {_norm_type(t) for t in publication_types}
    for name, design in _DECISIVE_TYPES:
        if name in types:
            return design
    if "case reports" in types:
        return "case_report"
    if "review" in types or "scoping review" in types:
        return "narrative_review"
    if types & set(_NON_RESEARCH_TYPES) and not types & {*_TRIAL_TYPES, *_OBSERVATIONAL_TYPES}:
        return "other"
    return None


# ---------------------------------------------------------------------------------------------
# Publication types and MeSH


def _design_from_indexing(
    study: StudyInput, doc: Document, from_text: tuple[DesignFinding, bool]
) -> tuple[DesignFinding, bool] | None:
    types = {_norm_type(t): t for t in study.publication_types}
    text_design, text_within = from_text[0].value, from_text[1]

    def by_type(design: Design, name: str, within: bool = False) -> tuple[DesignFinding, bool]:
        return Finding(design, "publication_type", types[name], f"pt:{types[name]}"), within

    def by_text(note: str) -> tuple[DesignFinding, bool]:
        finding = from_text[0]
        rule = f"{finding.rule} ({note})" if finding.rule else note
        return Finding(finding.value, "text", finding.evidence, rule), text_within

    for name, design in _NOT_A_STUDY_TYPES + _SYNTHESIS_TYPES:
        if name in types:
            return by_type(design, name)

    animal = _animal_from_mesh(study.mesh_terms)
    if animal is not None and "review" not in types:
        return animal, False

    for name, design in _TRIAL_OR_GUIDANCE_TYPES:
        if name in types:
            if design == "rct":
                return by_type("rct", name, within_person(doc))
            return by_type(design, name)

    trial = next((name for name in _TRIAL_TYPES if name in types), None)
    if trial is not None:
        if text_design == "rct":
            return by_text(f"pt:{types[trial]}")
        # "Controlled Clinical Trial" asserts a control group; other trial types may be single-arm.
        uncontrolled_ok = trial != "controlled clinical trial"
        if text_design == "nonrandomized_controlled" or (
            uncontrolled_ok and text_design == "cohort_or_case_series"
        ):
            return by_text(f"pt:{types[trial]}")
        # With nothing in the text to go on, "Comparative Study" beside a trial type says that
        # treatments were compared, which a single-arm study cannot do.
        if trial == "controlled clinical trial" or "comparative study" in types:
            return by_type("nonrandomized_controlled", trial)
        return by_type("cohort_or_case_series", trial)

    if "case reports" in types:
        if text_design == "cohort_or_case_series" and from_text[0].rule == "text:case-series":
            return by_text("pt:Case Reports")
        return by_type("case_report", "case reports")

    for name in ("review", "scoping review"):
        if name in types:
            if text_design in ("meta_analysis", "systematic_review", "guideline_or_consensus"):
                return by_text(f"pt:{types[name]}")
            return by_type("narrative_review", name)

    observational = next((name for name in _OBSERVATIONAL_TYPES if name in types), None)
    if observational is not None:
        if text_design in ("rct", "nonrandomized_controlled", "cohort_or_case_series"):
            return by_text(f"pt:{types[observational]}")
        return by_type("cohort_or_case_series", observational)

    non_research = next((name for name in _NON_RESEARCH_TYPES if name in types), None)
    # A letter that tells a patient's story is a case report, however it was indexed; a
    # comment on someone else's paper stays a comment.
    if non_research == "letter" and text_design == "case_report" and "comment" not in types:
        return by_text("pt:Letter")
    if non_research is not None:
        return by_type("other", non_research)
    return None  # only "Journal Article", funding types and the like: the text decides


def _animal_from_mesh(mesh_terms: Iterable[str]) -> DesignFinding | None:
    terms = {t.strip().lower() for t in mesh_terms}
    if "animals" in terms and "humans" not in terms:
        return Finding(
            "animal_or_in_vitro", "publication_type", "MeSH: Animals", "mesh:Animals-not-Humans"
        )
    return None


def _norm_type(name: str) -> str:
    return " ".join(name.split()).lower()


# ---------------------------------------------------------------------------------------------
# Title and abstract


def design_from_text(doc: Document) -> tuple[DesignFinding, bool]:
    """The design as read from the title and abstract alone."""
    title = doc.title
    own = [s for s in doc.sentences if about_this_study(s)]
    searchable = ([title] if title else []) + own

    def found(design: Design, rule: str, sentence: Sentence | None) -> DesignFinding:
        return Finding(design, "text", sentence.text if sentence else None, f"text:{rule}")

    # Notices, replies and protocols report no study of their own.
    if title and _NON_RESEARCH_TITLE.search(title.lower):
        return found("other", "non-research-title", title), False
    protocol = _protocol(doc)
    if protocol is not None:
        return found("other", "protocol", protocol), False

    guideline = _first(_GUIDELINE_TITLE, [title] if title else []) or _own_guidance(doc)
    if guideline is not None:
        return found("guideline_or_consensus", "guideline-consensus", guideline), False

    # A guide to conducting reviews is an expository article about the method, whatever
    # synthesis vocabulary (databases, pooling) it walks through.
    if title and METHOD_GUIDE.search(title.lower):
        return found("narrative_review", "method-guide", title), False

    meta = _meta_analysis(title, own)
    if meta is not None:
        return found("meta_analysis", "meta-analysis", meta), False

    # Sentences on how to do a systematic review describe the method, not this article.
    own_reviewing = [s for s in own if not METHOD_GUIDE.search(s.lower)]
    systematic = _first(_SYSTEMATIC_TITLE, [title] if title else []) or _first(
        _SYSTEMATIC_TEXT, own_reviewing
    )
    if systematic is not None:
        return found("systematic_review", "systematic-review", systematic), False

    case = _case_report(doc)
    if case is not None:
        return case, False

    search = _first(_DATABASE_SEARCH, own)
    if search is not None:
        return found("systematic_review", "database-search", search), False

    review = stated_review(doc, _primary_research(doc))
    if review is not None:
        return found("narrative_review", "review", review), False

    animal = _animal_or_in_vitro(doc)
    if animal is not None:
        return found("animal_or_in_vitro", "animal-or-in-vitro", animal), False

    case_control = _first(_CASE_CONTROL, searchable)
    if case_control is not None:
        return found("cohort_or_case_series", "case-control", case_control), False

    # A title that says "randomized" over an abstract describing one treated group and no
    # comparison is not a randomised trial (there was nothing to randomise between).
    within = within_person(doc)
    randomised = _randomised(searchable)
    only_title = randomised is title and _randomised(own) is None
    quasi = randomised is not None and PREDICTABLE_ALLOCATION.search(randomised.lower)
    if quasi:
        # "randomized by record number (odd to A, even to B)": a predictable allocation.
        return found("nonrandomized_controlled", "quasi-random-allocation", randomised), within
    if randomised is not None and not (only_title and doc.has_abstract and not _arms_compared(doc)):
        rule = "randomised-within-person" if within else "randomised"
        return found("rct", rule, randomised), within

    controlled = _controlled(doc, searchable)
    if controlled is not None:
        return controlled, False

    series = _series(doc, searchable)
    if series is not None:
        return series, False

    if not doc.has_abstract:
        return found("other", "no-abstract", title), False
    # No design cue at all: an abstract that argues, summarises the literature or advises,
    # with no trace of its own methods or results, is an overview that never says "review".
    overview_sentence = overview(doc)
    if overview_sentence is not None:
        return found("narrative_review", "overview", overview_sentence), False
    unnamed = _unnamed_primary_research(doc)
    if unnamed is not None:
        return unnamed, False
    # Nothing recognisable: "other" (which, like a narrative review, is not graded as
    # evidence), with no source, so that the record is visibly unclassified.
    return Finding("other", "none", None, None), False


def _own_guidance(doc: Document) -> Sentence | None:
    """A sentence that presents this article's guidance or consensus (not guidance it used)."""
    for sentence in doc.sentences:
        for match in _GUIDELINE_TEXT.finditer(sentence.lower):
            if not _GUIDELINE_APPLIED.search(sentence.lower[: match.start()]):
                return sentence
    return None


def _unnamed_primary_research(doc: Document) -> DesignFinding | None:
    """Research that names no design: laboratory work, or an observational study of people.

    Reached only when no design cue matched. An abstract that reports research of its own
    (methods, results, measurements) is laboratory work when it speaks the vocabulary of the
    bench and studies no people, and an observational study when people are its subjects;
    physics, engineering and modelling work does neither and stays "other".
    """
    if primary_research_trace(doc) is None:
        return None
    own = _past_background(doc.all())
    bench = {m.group(0) for s in own for m in _BENCH_TERMS.finditer(s.lower)}
    people = _first(_PEOPLE_STUDIED, own)
    if len(bench) >= 3 and not _treats_people(doc):
        sentence = next(s for s in own if _BENCH_TERMS.search(s.lower))
        return Finding("animal_or_in_vitro", "text", sentence.text, "text:laboratory-work")
    if people is not None:
        return Finding("cohort_or_case_series", "text", people.text, "text:people-studied")
    return None


def within_person(doc: Document) -> bool:
    """Whether the comparison is within the same person (split-face, crossover, ...)."""
    sentences = ([doc.title] if doc.title else []) + [
        s for s in doc.sentences if s.section not in ("background", "conclusions")
    ]
    if any(_WITHIN_PERSON.search(s.lower) for s in sentences):
        return True
    return _right_and_left(sentences) is not None


def _right_and_left(sentences: Sequence[Sentence]) -> Sentence | None:
    """A treatment on the right side and another on the left side of the same patients."""
    text = " ".join(s.lower for s in sentences)
    if _RIGHT_SIDE.search(text) and _LEFT_SIDE.search(text):
        return next(
            (s for s in sentences if _RIGHT_SIDE.search(s.lower) or _LEFT_SIDE.search(s.lower)),
            None,
        )
    return None


def _first(pattern: re.Pattern[str], sentences: Iterable[Sentence | None]) -> Sentence | None:
    for sentence in sentences:
        if sentence is not None and pattern.search(sentence.lower):
            return sentence
    return None


def _protocol(doc: Document) -> Sentence | None:
    if doc.title and _PROTOCOL_TITLE.search(doc.title.lower):
        return doc.title
    future = _first(_FUTURE_ENROLMENT, doc.sentences)
    reports_results = any(s.section == "results" or _P_VALUE.search(s.lower) for s in doc.sentences)
    return future if future is not None and not reports_results else None


def _meta_analysis(title: Sentence | None, own: list[Sentence]) -> Sentence | None:
    """The sentence that shows studies were pooled, or None.

    Pooling the patients of one's own trials with no literature searched is a secondary
    analysis of those trials; an aim to meta-analyse in a review titled a systematic review,
    with no pooled statistic anywhere, is a systematic review that did not pool.
    """
    sentences = ([title] if title else []) + own
    searched = any(_LITERATURE.search(s.lower) for s in sentences)
    pooled_statistic = any(_POOLED_STATISTIC.search(s.lower) for s in own)
    titled_systematic = title is not None and bool(_SYSTEMATIC_TITLE.search(title.lower))
    for sentence in sentences:
        if METHOD_GUIDE.search(sentence.lower):
            continue  # a guide to doing meta-analyses is not one
        for match in _META_ANALYSIS.finditer(sentence.lower):
            tail = sentence.lower[match.end() : match.end() + 40]
            head = sentence.lower[max(0, match.start() - 30) : match.start()]
            if (
                _NOT_DONE.match(tail)
                or negated(sentence.lower, match.start())
                or _PREVENTED.search(head)
            ):
                continue
            if _SOMEONE_ELSES.search(sentence.lower[: match.start()]):
                continue  # "we discuss a recent meta-analysis": another article's
            named = match.group().startswith("meta")
            if not named and not searched:
                continue  # "a pooled analysis of trials 9906 and 0233"
            if sentence.section == "objective" and titled_systematic and not pooled_statistic:
                continue
            return sentence
    return None


def _case_report(doc: Document) -> DesignFinding | None:
    """A report of one to three patients; four or more described patients make a series."""
    candidates = ([doc.title] if doc.title else []) + list(doc.sentences[:4])
    for sentence in candidates:
        if _CASE_SERIES.search(sentence.lower) and (
            sentence.section == "title" or _THIS_SERIES.search(sentence.lower)
        ):
            return Finding("cohort_or_case_series", "text", sentence.text, "text:case-series")
    # "We report a case ..." often closes an abstract that opens with background.
    candidates += [s for s in doc.sentences[4:] if _REPORTED_CASE.search(s.lower)]
    for sentence in candidates:
        match = _CASE_REPORT.search(sentence.lower)
        if match is None and sentence.section == "title":
            match = _CASE_TITLE.search(sentence.lower) or _FEW_PATIENTS_TITLE.search(sentence.lower)
        if match is None:
            continue
        count = _described_case_count(sentence.lower)
        if count is not None and count >= 4:
            return Finding("cohort_or_case_series", "text", sentence.text, "text:case-series")
        return Finding("case_report", "text", sentence.text, "text:case-report")
    return None


def _animal_or_in_vitro(doc: Document) -> Sentence | None:
    title = doc.title
    if title and _LAB_OR_ANIMAL.search(title.lower) and not _HUMAN_TITLE.search(title.lower):
        return title
    if _treats_people(doc):
        return None
    hits = [s for s in _past_background(doc.sentences) if _LAB_OR_ANIMAL.search(s.lower)]
    return hits[0] if hits else None


def _arms_compared(doc: Document) -> bool:
    """Whether the abstract describes two or more arms, sides or treatments compared."""
    text = " ".join(s.lower for s in doc.all())
    return bool(_ARMS.search(text)) or within_person(doc)


def _randomised(sentences: list[Sentence]) -> Sentence | None:
    # Data drawn from a randomised trial: later mentions of "the RCT" name that parent trial.
    if any(
        _SECONDARY_ANALYSIS.search(s.lower) and "randomi" in s.lower
        for s in sentences
        if s.section != "background"
    ):
        return None
    for sentence in sentences:
        if _randomised_here(sentence):
            return sentence
    return None


def _past_background(sentences: Iterable[Sentence]) -> list[Sentence]:
    """The sentences that are neither in a background section nor read as background."""
    return [s for s in sentences if s.section != "background" and not background_like(s)]


def _observational_comparison(doc: Document) -> Sentence | None:
    """The sentence showing that groups were compared by who they are, not by treatment.

    Patients against healthy controls, survivors against non-survivors, one method against
    another on the same people, or an analysis of data from a trial: unless a treatment was
    allocated, these are observational studies, not controlled trials.
    """
    own = _past_background(doc.all())
    if any(_ALLOCATION.search(s.lower) for s in own):
        return None
    if doc.title is not None and _MEASUREMENT_TITLE.search(doc.title.lower):
        return doc.title
    for pattern in (_OBSERVATIONAL_GROUPS, _MEASUREMENT_STUDY):
        found = _first(pattern, own)
        if found is not None:
            return found
    secondary = _first(_SECONDARY_ANALYSIS, own)
    if secondary is not None:
        return secondary
    if not any(_INTERVENTION.search(s.lower) for s in ([doc.title] if doc.title else []) + own):
        return next((s for s in own if _CONTROLLED.search(s.lower)), None)
    return None


def _controlled(doc: Document, sentences: list[Sentence]) -> DesignFinding | None:
    for sentence in sentences:
        if _UNCONTROLLED.search(sentence.lower):
            return None
    within = next(
        (s for s in sentences if s.section != "conclusions" and _WITHIN_PERSON.search(s.lower)),
        None,
    ) or _right_and_left([s for s in sentences if s.section != "conclusions"])
    if within is not None:
        return Finding("nonrandomized_controlled", "text", within.text, "text:within-person")
    compared = _stated_comparison(doc, sentences)
    if compared is None:
        return None
    observed = _observational_comparison(doc)
    if observed is not None:
        return Finding(
            "cohort_or_case_series", "text", observed.text, "text:observational-comparison"
        )
    return compared


def _stated_comparison(doc: Document, sentences: list[Sentence]) -> DesignFinding | None:
    for sentence in sentences:
        # "similar to historical data" in a conclusion sets results in context; a design
        # compared with a control is stated in the methods or the results.
        if sentence.section == "conclusions":
            continue
        if _CONTROLLED.search(sentence.lower):
            return Finding(
                "nonrandomized_controlled", "text", sentence.text, "text:controlled-comparison"
            )
    if doc.title and _VERSUS_TITLE.search(doc.title.lower) and doc.has_abstract:
        return Finding(
            "nonrandomized_controlled", "text", doc.title.text, "text:comparison-in-title"
        )
    return None


def _series(doc: Document, sentences: list[Sentence]) -> DesignFinding | None:
    for sentence in sentences:
        if _SERIES.search(sentence.lower):
            return Finding(
                "cohort_or_case_series", "text", sentence.text, "text:observational-series"
            )
    treated = _first_people_sentence(sentences)
    if treated is not None:
        # One to three people described, and no larger count anywhere: a case report.
        if _few_people_only(doc):
            return Finding("case_report", "text", treated.text, "text:few-patients")
        return Finding("cohort_or_case_series", "text", treated.text, "text:treated-series")
    return None


def _few_people_only(doc: Document) -> bool:
    """Whether one to three people are all the abstract counts, with no group statistics."""
    if any(_STATISTIC.search(s.lower) for s in doc.sentences):
        return False
    counts = [
        value
        for s in doc.all()
        if s.section not in ("background", "conclusions")
        for match in PEOPLE_COUNT.finditer(s.text)
        if not match.group("noun").lower().startswith("case")  # "two experimental cases"
        for value, _, _ in numbers_in(match.group("number"))
    ]
    return bool(counts) and max(counts) <= 3
