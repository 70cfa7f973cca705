"""The cue vocabularies of the design reader: each one compiled pattern with its reason.

All patterns run on normalised lower-case sentences (see `text.normalise`); `design` decides
with them in the order its docstring gives.
"""

from __future__ import annotations

import re


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


NON_RESEARCH_TITLE = _rx(
    r"^(?:re:|re |reply\b|response\b|in reply|in response|comments? on\b|commentary\b|"
    r"letter\b|editorial\b|(?:erratum|errata|corrections?|corrigendum)\s*(?::|to\b|for\b|in\b|-|$)|"
    r"retraction\b|retracted\b|notice of retraction|expression of concern|withdrawn\b)|"
    r"\bletter to the editor\b|\bauthors?'? reply\b|\breply to\b|\bin memoriam\b|"
    r"\bcomment(?:ary)? on\b"
)
PROTOCOL_TITLE = _rx(r"\b(?:study|trial|review) protocol\b|\bprotocol (?:for|of) an?\b")
FUTURE_ENROLMENT = _rx(
    r"\bwill (?:be )?(?:enrol|enroll|recruit|randomi[sz]|allocat|assign|includ|screen)"
)
P_VALUE = _rx(r"\bp\s*(?:[<=>]|&lt;|&gt;)\s*0?\.\d")
# Statistics about groups, which no report of one to three patients gives.
STATISTIC = _rx(
    P_VALUE.pattern + r"|\b95% ?ci\b|\bconfidence interval|\b(?:hazard|odds|risk) ratios?\b|"
    r"\b\d+(?:\.\d+)?\s?%"
)

GUIDELINE_TITLE = _rx(
    r"\b(?:guidelines?|consensus|recommendations?|position (?:statement|paper)|"
    r"expert (?:opinion|panel|review|group)|delphi|practice (?:parameter|advisory)|"
    r"best practices?|standards of care|joint statement)\b"
)
GUIDELINE_TEXT = _rx(
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
GUIDELINE_APPLIED = _rx(
    r"\b(?:per|according to|following|using|based on|in accordance with|defined by|as defined "
    r"(?:in|by)|validated by|reviewed by|approved by|endorsed by|in line with|adherence to|"
    r"compliance with)\s+(?:(?:the|an?|current|international|national|published|existing|"
    r"recent|established|standard)\s+){0,3}$"
)

META_ANALYSIS = _rx(
    r"\bmeta-?analy(?:sis|ses|tic|zed|sed)\b|\bpooled (?:analysis|data|estimates?|odds|risk|"
    r"relative|mean|standardi[sz]ed|weighted|effect|prevalence|incidence|proportion|rates?)\b|"
    r"\b(?:random|fixed)[- ]effects? (?:model|meta)|\bforest plots?\b|\bmeta-regression\b"
)
# Studies found in the literature: what a meta-analysis pools, unlike one's own trial data.
LITERATURE = _rx(
    r"\bliterature\b|\bdatabases?\b|\bpubmed\b|\bmedline\b|\bembase\b|\bcochrane\b|"
    r"\bsearch(?:ed|es)?\b|\b(?:studies|trials|articles|publications|rcts) (?:were |was )?"
    r"(?:included|identified|eligible|selected)\b"
)
SOMEONE_ELSES = _rx(
    r"\b(?:a|the) (?:recent(?:ly published)?|published|previous|prior|new|large|landmark) "
    r"(?:[a-z-]+ )?$"
)
# A pooled estimate reported: an odds or risk ratio, a mean difference, heterogeneity.
POOLED_STATISTIC = _rx(
    r"\bpooled\b|\b(?:odds|risk|hazard) ratio\b|\b(?:standardi[sz]ed |weighted )?mean "
    r"difference\b|\b(?:smd|wmd|or|rr|hr|md)\s*[=:]|\bi2\b|\bi\u00b2|\bheterogeneity\b|"
    r"\b(?:random|fixed)[- ]effects?\b|\bforest plot"
)
NOT_DONE = _rx(
    r"\s*(?:was|were|could|is|are)? ?(?:not|deemed not|impossible|un)(?: be)? ?(?:possible|"
    r"feasible|performed|conducted|done|appropriate|warranted)|\s*(?:is|are) (?:needed|warranted|"
    r"required|lacking)"
)
# "Heterogeneity precluded meta-analysis": something stood in the way of pooling.
PREVENTED = _rx(r"\b(?:precluded|prevented|did not allow|impeded|ruled out)(?: a| any)?\s*$")
SYSTEMATIC_TITLE = _rx(
    r"\bsystematic(?: literature| evidence)? review\b|\bscoping review\b|\bumbrella review\b|"
    r"\bsystematic literature\b|\brapid review\b|\bevidence map"
)
SYSTEMATIC_TEXT = _rx(
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
DATABASE_SEARCH = _rx(
    r"\b(?:searched|search(?:es)? (?:of|in|was|were)|searching|retrieved from|identified "
    r"(?:in|from|through)|literature search)\b[^.;]{0,90}\b(?:pubmed|medline|embase|cochrane|"
    r"scopus|web of science|google scholar|cinahl|central|lilacs|databases?)\b|\b(?:pubmed|"
    r"medline|embase|cochrane library|scopus|web of science)\b[^.;]{0,80}\b(?:were|was) "
    r"searched\b|\b(?:electronic |relevant |bibliographic |online )?databases (?:were|was) "
    r"(?:searched|queried|screened)\b"
)

CASE_SERIES = _rx(r"\bcase series\b|\bseries of (?:\d+|[a-z-]+) (?:cases|patients)\b")
# One person introduced or followed: "the patient was a 45-year-old woman", "our patient",
# "(we) present the case of".
ONE_PERSON_TOLD = (
    r"\b(?:is|was) an? (?:\d+|[a-z]+(?:-[a-z]+)*)-year-old\b|\bour (?:[a-z,-]+ ){0,3}patient\b"
    r"(?!s)|\b(?:present|report|describe|discuss)(?:s|ed)? the case of\b"
)
CASE_REPORT = _rx(
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
    r"patients)\b(?! series)|" + ONE_PERSON_TOLD
)
# A title about one to three patients: "Recurrent syncope in two patients with ...".
FEW_PATIENTS_TITLE = _rx(r"\b(?:in|of) (?:two|three|2|3) (?:[a-z-]+ ){0,2}(?:patients|cases)\b")
# Titles such as "... in a desperately ill woman" or "... in a patient with vitiligo".
CASE_TITLE = _rx(
    r"\b(?:in|of) an? (?:[a-z-]+ ){0,3}(?:woman|man|girl|boy|child|infant|neonate|newborn|"
    r"patient|adolescent|teenager|pregnant woman)\b(?!-)"
)
THIS_SERIES = _rx(
    r"\b(?:we|our|this|the present|a) (?:\w+ )?(?:case series|series of)\b|^a series of"
)
REPORTED_CASE = _rx(
    ONE_PERSON_TOLD
    + r"|\b(?:we|i|the authors) (?:report|present|describe|document)(?: herein| here)? "
    r"(?:an? |the |one |two |three )?(?:[a-z-]+ ){0,2}(?:case|cases|patient|patients)\b"
    r"(?! series)|\bcase report\b"
)
DESCRIBED_COUNT = _rx(
    r"\b(?:we|i) (?:report|present|describe|document)(?: herein| here)? (?P<number>one|two|three|"
    r"four|five|six|seven|eight|nine|ten|\d+) "
)

ANIMALS = (
    r"\b(?:rats?|mice|mouse|murine|rabbits?|guinea pigs?|pigs?|piglets?|porcine|swine|"
    r"mini-?pigs?|hamsters?|dogs?|canine|cats|feline|horses?|equine|sheep|ovine|goats?|"
    r"primates?|monkeys?|macaques?|zebrafish|c57bl(?:/6)?|balb/c|sprague[- ]dawley|wistar|"
    r"yorkshire|duroc|beagles?|cattle|cows?|heifers?|bovine|calves|chickens?|poultry|broilers?|"
    r"birds?|fish|insects?|mosquito(?:es)?|larvae|drosophila|nematodes?|xenografts?|"
    r"animal (?:model|models|study|studies|experiments?))\b"
)
LABORATORY = (
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
LAB_OR_ANIMAL = _rx(f"{ANIMALS}|{LABORATORY}")
# The vocabulary of laboratory biology and chemistry. Three different terms in an abstract that
# reports research but no people studied mark it as laboratory work.
BENCH_TERMS = _rx(
    r"\b(?:cells?|cellular|proteins?|enzym\w*|genes?|genetic|genom\w*|mutants?|mutations?|"
    r"knock(?:down|out|-down|-out)|sirna|plasmids?|transfect\w*|western blot\w*|pcr|assays?|"
    r"kinetics?|nmr|spectr\w+|sequenc\w+|strains?|species|bacteri\w+|fung\w+|yeast|"
    r"stem cells?|fibroblasts?|receptors?|binding|molecular|expression|in vivo|peptides?|"
    r"antibod\w+|mitochondri\w+|chromatograph\w+|synthesi[sz]\w*|substrates?|ligands?|"
    r"catalys\w+|polymers?|nanoparticles?|plants?|seeds?|soil|dna|rna|mrna|microbio\w+|"
    r"pathways?|phosphorylat\w+|inhibit\w+|emulsions?|crystal\w*|isolates?|lysates?)\b"
)
# People as the subjects of this study, for an abstract that names no design.
PEOPLE_STUDIED = _rx(
    r"\b(?:patients|participants|subjects|individuals|volunteers|respondents|recipients|"
    r"residents|students|schoolchildren|children|adolescents|infants|newborns|neonates|women|men|"
    r"mothers|births|workers|nurses|physicians|veterans|casualties|survivors|smokers|users|"
    r"adults|households|population)\b"
)
# Not "patient-derived cells": people named as the source of material are not studied.
HUMAN_TITLE = _rx(r"\b(?:patients?|volunteers?|women|men|participants|subjects)\b(?!-)")
PEOPLE_NOUN = (
    r"(?:patients?|volunteers?|participants?|subjects|women|men|adults|children|individuals)"
)
# People being studied here: "patients were treated", "women who underwent", not "patients with
# psoriasis have a higher risk", which is background.
TREATED_PEOPLE = _rx(
    rf"\b{PEOPLE_NOUN} (?:were|was) (?:treated|enrolled|included|recruited|randomi[sz]ed|"
    r"evaluated|studied|followed|assessed|examined|divided|allocated|assigned|selected|surveyed|"
    rf"interviewed|analy[sz]ed|investigated)\b|\b{PEOPLE_NOUN} who (?:underwent|received|were "
    r"treated|had undergone|attended|presented)\b"
)
OWN_WORK = _rx(
    r"\bwe (?:found|observed|measured|performed|conducted|investigated|examined|analy[sz]ed|"
    r"assessed|evaluated|compared|enrolled|recruited|treated|studied|developed|designed|tested|"
    r"demonstrated?|show|showed|identified|determined|report)\b"
)

RANDOMISED = _rx(
    r"\brandomi[sz](?:ed|ation|ing|e|es)\b|\brandomly (?:\w+ ){0,2}(?:assigned|allocated|divided|"
    r"distributed|split|chosen|selected|determined|designated|placed|treated|received)\b|"
    r"\b(?:assigned|allocated|divided|distributed|split|categori[sz]ed) randomly\b|\bat random\b|"
    r"\brandom (?:allocation|assignment|sequence|number|selection|split)\b|\brcts?\b|"
    r"\bcoin (?:toss|flip)\b|\bsealed (?:opaque )?envelopes?\b|\bcomputer-generated\b|"
    r"\ballocation concealment\b|\bin (?:a )?random(?:i[sz]ed)? order\b|\bdrawing (?:of )?lots\b|"
    r"\bdrew lots\b|\bby lot\b|\blottery\b"
)
NOT_RANDOMISED = _rx(r"(?:non|not|quasi|pseudo|without|no)[- ]?(?:truly )?$")
# Random sampling of people or records, and random ordering of photographs for blinded raters,
# are not random allocation.
RANDOM_NOT_ALLOCATION = _rx(
    r"\brandom(?:ly)? (?:selected|sampled|chosen|drawn)\b(?! (?:\w+ ){0,2}(?:side|sides|half|"
    r"halves|cheek|area|site|lesion|patch|plaque|scar|axilla|forearm|arm|leg|hand|treatment|"
    r"group|groups|arm|order)\b)|"
    r"\brandom(?:ly)? (?:sample|sampling)\b|(?:photographs|photos|images|pictures|slides)\b"
    r"[^.;]{0,60}\brandom(?:ly|i[sz]ed)?\b|\brandom(?:ly|i[sz]ed)?\b[^.;]{0,40}\b(?:photographs|"
    r"photos|images|pictures|slides)\b|\brandomi[sz]ed (?:order|sequence) (?:to|for) "
    r"(?:blinded )?(?:evaluators|assessors|raters|observers)"
)
BODY_SIDE = (
    r" (?:side|half|cheek|arm|forearm|leg|thigh|axilla|hand|palm|hemiface|face|scalp|buttock|"
    r"breast|abdomen)\b"
)
RIGHT_SIDE = _rx(rf"\bright{BODY_SIDE}")
LEFT_SIDE = _rx(rf"\bleft{BODY_SIDE}")
# Data taken from a trial for another question: an observational analysis, not the trial.
SECONDARY_ANALYSIS = _rx(
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
CASE_CONTROL = _rx(
    r"\bcase-?control (?:study|design|analysis)\b|\bcases and (?:matched )?controls\b"
)
WITHIN_PERSON = _rx(
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
CONTROLLED = _rx(
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
OBSERVATIONAL_GROUPS = _rx(
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
MEASUREMENT_STUDY = _rx(
    r"\bdiagnostic (?:accuracy|performance|value|yield)\b|\bsensitivity and specificity\b|"
    r"\b(?:inter|intra)-?(?:observer|rater|laboratory|examiner|device)\b|\bagreement between\b|"
    r"\blevel of agreement\b|\bbland-altman\b|\bmeasurements? (?:obtained|taken|made|performed) "
    r"(?:by|with|using)\b|\breceiver operating\b"
)
# A title comparing how something is measured or detected, not how it is treated.
MEASUREMENT_TITLE = _rx(r"\bassays?\b|\bdiagnos\w*|\bmeasurements?\b|\bdetection\b")
# Words that say a treatment was allocated to the groups compared.
ALLOCATION = _rx(
    r"\b(?:allocated|assigned)\b(?! (?:based on|according to) (?!(?:the )?(?:treatment|therapy|"
    r"preference)))|\bquasi-?(?:experimental|randomi[sz]ed)\b|\bnon-?randomi[sz]ed (?:controlled |"
    r"clinical |comparative )?trial\b|\b(?:sham|placebo|vehicle)-controlled\b|\buntreated "
    r"(?:side|half|control|group)\b|\bcontrol (?:side|half|area|patch|lesion|site|arm)\b"
)
ARMS = _rx(
    r"\bgroups?\b|\barms?\b|\bversus\b|\bvs\.?\s|\bcompared (?:with|to)\b|\bcomparison\b|"
    r"\bcontrols?\b|\bplacebo\b|\bsham\b|\bvehicle\b|\bsides?\b|\bhal(?:f|ves)\b|\balone\b|"
    r"\beither\b|\brandomi[sz]ed to\b|\bcross-?over\b"
)
UNCONTROLLED = _rx(
    r"\buncontrolled\b|\bsingle-?arm\b|\bsingle[- ]group\b|\bone[- ]group\b|\bno (?:control|"
    r"comparison) (?:group|arm)\b|\bwithout (?:a |any )?(?:control|comparison) (?:group|arm)s?\b"
)
# Something done to people: without it, a "control group" is people without the condition.
INTERVENTION = _rx(
    r"\btreat(?:ed|ment|ments|ing)\b|\breceiv(?:ed|ing)\b|\bunderwent\b|\bundergoing\b|"
    r"\badminister(?:ed)?\b|\bgiven\b|\binterventions?\b|\btherap(?:y|ies|eutic)\b|"
    r"\binject(?:ed|ion|ions)\b|\bapplied\b|\bapplication\b|\bsessions?\b|\bprocedures?\b|"
    r"\bsurg(?:ery|ical)\b|\boperat(?:ed|ion|ive)\b|\bdos(?:e|es|ing)\b|\bdrugs?\b|"
    r"\bmicroneedl\w*|\blaser\b|\bpeels?\b|\btraining\b|\bprogram(?:me)?s?\b|\bexercise\b|"
    r"\bsupplement\w*|\bvaccin\w*|\bdevices?\b"
)
VERSUS_TITLE = _rx(
    r"\bversus\b|\bvs\.?\s|\bcompared (?:with|to)\b(?! (?:the )?(?:baseline|pre-?treatment|"
    r"before))|\bcomparison\b|\bcomparing\b"
)
SERIES = _rx(
    r"\bcase series\b|\bretrospective(?:ly)?\b|\bprospective(?:ly)?\b|\bcohort\b|"
    r"\bopen-?label\b|\bsingle-?arm\b|\bpilot\b|\bobservational\b|\bcross-?sectional\b|"
    r"\bsurvey(?:ed)?\b|\bchart review\b|\bconsecutive\b|\bbefore-and-after\b|\buncontrolled\b|"
    r"\bcase-?control\b|\bregistry\b|\bquestionnaire\b|\bcase records\b|\bmedical records\b"
)
