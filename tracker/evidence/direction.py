"""Which way a study's result points for the claim it is linked to.

The direction is read from the authors' conclusion: the CONCLUSION(S) section when the abstract
is structured; in a flat abstract the last sentence when it states a verdict, else the last two
(the title when there is no abstract). Only when the conclusion says nothing are the results
section, sentences that announce findings ("These results show ...") and an opening sentence
about microneedling read. Each sentence is cut into clauses and every cue is read with its
negation scope, so "did not improve" is no effect, "no adverse events" is not a harm, and "may
be a promising option" is still support.

- Benefit claims: support when microneedling is said to work (hedged or not); no effect when it
  is said not to ("no significant difference versus sham", "failed to", "only 3 patients
  improved"); harm when it made the condition worse ("exacerbate", "Koebner") and no benefit is
  claimed; mixed when one outcome improved and another did not; unclear when the conclusion
  says nothing either way or that the evidence is insufficient. An adverse event beside a
  benefit, or "carries a risk of" beside no effect, does not change the verdict; no benefit
  together with a harm the treatment caused is harm. A verb that would praise a treatment
  speaks of harm when its object is one ("may increase the risk of scarring"), and "did not
  increase the risk of infection" is a safety finding, not a failed benefit. A treated case's
  outcome ("the scar cleared", "no recurrence") supports when nothing else is said and the
  abstract reports no adverse event (harm reports end with the harm resolving). A negative
  statement about an add-on ("PRP did not add benefit") is not a statement about microneedling.
  Being less effective than another active treatment is not "no effect".
- A comparison is read by who won. Another active treatment beating microneedling is not
  support when the abstract never says microneedling itself improved (`comparator-better`);
  a null comparison between settings of the procedure (needle depth, number of sessions) says
  nothing of its effect. Advice, caution and calls for more research state no finding: a harm
  they name is a risk to watch for. A report whose title makes a harm of microneedling its
  subject (a complication report) is safety evidence and no evidence of efficacy.
- What the claim asserts comes from its file (`asserts` and its terms), never from its id:
  "adjunct" claims are read from the comparison of microneedling with and without the adjunct
  (better supports; equal, or the adjunct adding nothing, is no effect); "versus" claims from
  microneedling against the comparator (equal or better supports; worse is no effect); a
  claim's `outcome_terms` name a promised effect that other claims would call a harm ("hair
  reduction"), which then supports unless denied.
- Safety claims. A claim that denies one named harm (`harm_terms`, e.g. "no risk of PIH") is
  contradicted by any case or rate of that harm after microneedling, including "a low risk";
  "none observed" supports; the harm seen only with the comparator does not count. A claim of
  general safety (no `harm_terms`): serious, persistent or unusual adverse events are harms;
  "well tolerated", "transient erythema", "minimal downtime" support. The authors' last word
  on adverse events wins.
- A study that does not evaluate microneedling at all (a passing mention) is unclear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from tracker.evidence.design import classify_design
from tracker.evidence.labels import Design, Direction, Source
from tracker.evidence.relevance import MICRONEEDLING, microneedling_role
from tracker.evidence.study import ClaimContext, Finding, StudyInput
from tracker.evidence.text import (
    Document,
    Sentence,
    about_this_study,
    negated,
    negated_after,
    read,
)
from tracker.evidence.vocabulary import CONTROL, OTHER_TREATMENT, terms_pattern

DirectionFinding = Finding[Direction]
Verdict = Literal["pos", "pos_weak", "neg", "lost", "none"]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# Designs whose title alone can state a finding.
_TITLE_FINDING_DESIGNS: frozenset[Design] = frozenset(
    {"case_report", "cohort_or_case_series", "rct", "nonrandomized_controlled"}
)


# --------------------------------------------------------------------------------- efficacy cues
_POSITIVE = _rx(
    r"\beffective(?:ly|ness)?\b|\befficacious\b|\bimprov(?:e|es|ed|ing|ement|ements)\b|"
    r"\bbeneficial\b|\bbenefit(?:s|ed)?\b|\bsuperior\b|\bbetter\b|\benhanc(?:e|es|ed|ing|ement)\b|"
    r"\baugment(?:s|ed|ing)?\b|\bsuccessful(?:ly)?\b|\buseful\b|\bvaluable\b|\bexcellent\b|"
    r"\bfavou?rable (?:results?|outcomes?|response|effect)\b|\bgood (?:results?|outcomes?|"
    r"response|option|alternative|choice|treatment)\b|\bincreas(?:e|es|ed|ing)\b|"
    r"\breduc(?:e|es|ed|ing|tion)\b|\bdecreas(?:e|es|ed|ing)\b|\battenuat(?:e|es|ed)\b|"
    r"\bpromot(?:e|es|ed)\b|\bstimulat(?:e|es|ed)\b|\binduc(?:e|es|ed)\b|\baccelerat(?:e|es|ed)\b|"
    r"\bshorten(?:s|ed)?\b|\blighten(?:s|ed|ing)\b|\b(?:achieved|induced|showed|significant|"
    r"marked|good|excellent|complete|greater|better|higher|near-complete) (?:\w+ )?"
    r"(?:repigmentation|regrowth|clearance|response)\b|"
    r"\bprovides? (?:rapid|effective|significant|good)\b|\bworks?\b|\bsupports?\b|"
    r"\bhelp(?:s|ed)?\b|"
    r"\bnon-?inferior\b|\bfirst-line\b|\btreatment of choice\b|\bsoftened|\bflatter\b|"
    r"\b(?:is|are|was|were) (?:strongly )?recommended\b|"
    r"\bnew (?:collagen|elastin|elastic fib\w*|hair)\b|\bneo-?collagen\w*|\bneo-?elastogen\w*|"
    r"\belastogenesis\b|\bresults? in (?:substantial|significant|marked|considerable)\b|"
    r"\b(?:high|good|great|excellent) (?:patient )?satisfaction\b|\bsatisfied\b|"
    # "Pemetrexed is active", "as good as ephedrine", "good cosmetic results".
    r"\b(?:is|are|was|were) (?:highly |clinically |very )?active\b|\bas good as\b|"
    r"\befficient(?:ly)?\b|\bameliorat\w+|\brespond(?:ed|s)? (?:well |favou?rably )?to\b|"
    r"\binhibit(?:s|ed)?\b|\brewarding\b|\bgood (?:\w+ )?(?:results?|outcomes?)\b|"
    r"\bpositive (?:effects?|results?|outcomes?|impact|response)\b|\brepigment(?:ed|s)\b|"
    # What treatments do to skin lesions: "narrowed striae", "flattened the scars", "faded".
    r"\b(?:narrow|flatten|smooth|tighten|fade|thicken)(?:s|ed|ing)?\b"
)
_POSITIVE_WEAK = _rx(
    r"\bpromising\b|\bencouraging\b|\bpotential\b|\boption\b|\balternative\b|\bviable\b|"
    r"\bfeasible\b|\brecommended\b|\bcan be (?:used|considered|offered|recommended)\b|"
    r"\bmay be (?:considered|offered|used|recommended|an? (?:useful|good|valuable))\b|"
    r"\b(?:is|are) suggested\b|\bhelpful\b|\bsafe and\b|\bwell[- ]tolerated\b|"
    r"\b(?:has|have|plays?|play) an? (?:\w+ )?role in (?:the )?(?:treatment|management|therapy)\b|"
    r"\bworthy of\b|\bsuitable\b|\bsafe (?:method|procedure|treatment|option|modality|"
    r"technique|alternative)\b"
)
_NEGATIVE = _rx(
    r"\bno (?:statistically )?significant (?:improvement|change|effect|benefit|increase|"
    r"reduction|decrease|response|clinical)\b|\b(?:did|does|do|was|were|is|are|could) not "
    r"(?:significantly |statistically significantly |clinically |meaningfully |consistently |"
    r"uniformly |reliably )?(?:contribute to|improve|enhance|increase|reduce|decrease|produce|"
    r"provide|add|change|result in|affect|promote|prevent|superior|better|effective|"
    r"more effective|beneficial|useful|recommended|offer|"
    r"induce|show (?:any |a )?(?:significant |clinical )?(?:benefit|improvement|effect)|"
    r"lead to|alter)\b|\bfail(?:ed|s)? to\b|\bineffective\b|"
    r"\b(?:no|without(?: any)?) (?:additional|added|extra|"
    r"further|clinical(?:ly)?|meaningful|measurable|clear|appreciable|relevant) (?:significant )?"
    r"(?:benefit|effect|value|advantage|improvement|efficacy)\b|\bno (?:benefit|effect|"
    r"improvement|response|efficacy)\b|\black(?:ed|s)? (?:of )?(?:efficacy|effect|benefit)\b|"
    r"\bnot (?:be )?(?:offered|recommended)\b|\bshould not be (?:used|offered|recommended)\b|"
    r"\bdisappointing\b|\bno better than\b|\bnot superior\b|\bnot effective\b|\bnot improve\b|"
    r"\bdid not differ\b|\bwas not different\b|\bunchanged\b|\bno change\b|"
    r"\b(?:was|were|is|are) not associated with (?:any |a )?(?:significant |meaningful |"
    r"clinical )*(?:improvement|increase|reduction|decrease|benefit|change|effect)\b|"
    r"\b(?:reduced|decreased|diminished|declining) (?:efficacy|effectiveness)\b|"
    r"\b(?:did|does|do) not translate into\b|\bwithout (?:significantly |measurably )?"
    r"(?:improving|reducing|decreasing|increasing|changing|affecting)\b|"
    r"\bneither\b[^.;]{0,60}"
    r"\b(?:confer|add|provide|improve|show|offer|enhance|increase)\b|\bof (?:limited|little|no) "
    r"(?:benefit|value|use|effect)\b"
)
# "Only 3 patients improved": a response in a few is a failure in most.
_ONLY_FEW = _rx(
    r"\bonly (?:\d+|one|two|three|four|five|a few|a minority|a small number)\b[^,;]{0,30}$"
)
_UNCLEAR = _rx(
    r"\binsufficient\b|\binconclusive\b|\buncertain\b|\bunclear\b|\bremains? (?:to be|unclear|"
    r"uncertain|unknown|controversial|unproven|limited|elusive)\b|\bnot (?:yet )?(?:established|"
    r"proven|clear)\b|\b(?:limited|weak|scarce|sparse|low-quality|poor-quality|little) "
    r"evidence\b|\bevidence (?:is|was|remains) (?:still )?(?:limited|weak|scarce|sparse|lacking|"
    r"insufficient|inconclusive|conflicting)\b|\black of (?:high-quality |robust |good-quality |"
    r"strong )?evidence\b|\bcannot (?:yet |currently )?be (?:recommended|determined|drawn)\b|"
    r"\bbefore [^.]{0,60}"
    r"can be recommended\b|\bcould not be (?:determined|assessed)\b|\bno (?:firm )?"
    r"conclusions?\b|\bconflicting\b"
)
# Worsening of the treated condition: harm under a benefit claim.
_RISK_OF = _rx(r"\b(?:risks?|danger|possibility|potential) (?:of|for)\s+(?:\w+\s+){0,2}$")
_WORSENING = _rx(
    r"\bworsen(?:ed|ing|s)?\b|\baggravat(?:e|es|ed|ion)\b|\bexacerbat(?:e|es|ed|ion)\b|"
    r"\bflares?\b|\bkoebner(?:i[sz]ation| phenomenon)?\b|\bdarkening\b|\bdeteriorat(?:e|ed|ion)\b|"
    r"\bnew (?:keloids?|lesions|psoriatic|depigmented)\b|\bshould be avoided\b|"
    r"\bcontraindicated\b|\btrigger(?:s|ed)? (?:a |an )?(?:severe )?(?:flare|keloids?|relapse|"
    r"koebner)\b|\binduce (?:koebner|keloids?)\b|\benlarg(?:ement|ing)\b"
)

# --------------------------------------------------------------------------------- safety cues
_ADVERSE = _rx(
    r"\badverse (?:events?|effects?|reactions?)\b|\bside[- ]effects?\b|\bcomplications?\b|"
    r"\bgranulom\w*|\binfections?\b|\b(?:permanent|persistent|hypertrophic|keloidal|atrophic) "
    r"scar\w*|\bscarring (?:after|following|from|due to)\b|\bleave (?:\w+ )?scar\w*|"
    r"\bscars? (?:formation )?(?:after|following)\b|\btram-?track|\bhypersensitivity\b|"
    r"\ballergic\b|\bcontact dermatitis\b|\bsensiti[sz]ation\b|"
    r"\banaphyla\w*|\bpost-?inflammatory hyperpigmentation\b|\bpih\b|\bhyperpigmentation\b|"
    r"\bpersistent (?:erythema|redness|edema)\b|\bprolonged (?:erythema|redness|edema)\b|"
    r"\bpermanent\b|\burticaria\b|\bherpe\w*|\bacneiform\b|\bcellulitis\b|\bnecrosis\b|"
    r"\bulcerat\w*|\beruptions?\b|\bharm\w*|\binjur(?:y|ies)\b|\bedema\b|\bwheezing\b|\bburns?\b"
)
_SEVERE = _rx(
    r"\bserious\b|\bsevere\b|\bpersistent\b|\bprolonged\b|\bpermanent\b|\blong-lasting\b|"
    r"\bdisfigur\w*|\bgranulom\w*|\binfections?\b|\bscarring\b|\btram-?track|\bhypersensitivity\b|"
    r"\ballergic\b|\bcontact dermatitis\b|\bsensiti[sz]ation\b|\banaphyla\w*|\bcellulitis\b|"
    r"\bnecrosis\b|\bcan (?:cause|leave|lead to|result in|trigger|induce)\b|\bmay (?:cause|leave|"
    r"lead to|result in|trigger|induce)\b"
)
_MINOR = _rx(
    r"\brare(?:ly)?\b|\bminor\b|\bmild\b|\btransient\b|\bself-limit\w*|\bminimal\b|\bfew\b|"
    r"\blow (?:rate|incidence)\b|\buncommon\b|\bresolv\w*|\btemporary\b|\bshort-lived\b|"
    r"\bwell[- ]tolerated\b|\bonly\b|\blimited to\b|\bsubsided\b"
)
# "less risk of infection and scarring than lasers": a safety advantage, not a harm.
_LOWER_RISK = _rx(
    r"\b(?:less|lower|reduced|decreased|minimal|little|low|no|without) (?:\w+ )?(?:risk|rate|"
    r"incidence|chance|likelihood)s? (?:of|for)\b"
)
_ADVICE = _rx(
    r"\bcaution\b|\bcautious\b|\badvis\w*|\bshould be (?:informed|aware|counsel+ed|warned|taken|"
    r"used|avoided|performed)\b|\brecommend\w*|\bcare should\b|\bprecautions?\b|\bbe aware\b|"
    r"\bawareness\b|\bso that\b|\bcan be (?:reduced|avoided|prevented|minimi[sz]ed)\b"
)
_CAUSES_HARM = _rx(
    r"\b(?:can|may|could|did|does|will) (?:\w+ )?(?:cause|leave|lead to|result in|trigger|induce)\b"
)
_SAFE = _rx(
    r"\bwell[- ]tolerated\b|\bsafe\b|\bsafety profile\b|\bminimal (?:downtime|side effects|"
    r"adverse|complications)\b|\bshort(?:er)? downtime\b|\blow downtime\b|\bno (?:serious |"
    r"significant |major |permanent |severe )?(?:adverse|side[- ]effects?|complications?)\b|"
    r"\bwithout (?:any )?(?:serious |significant |major )?(?:adverse|side[- ]effects?|"
    r"complications?)\b|\btransient (?:erythema|redness|edema|swelling)\b|\b(?:erythema|redness)"
    r"[^.;]{0,30}\bresolv\w*|\bresolv\w* within\b|\btolerab\w*|\bshort downtime\b|"
    r"\breturned to normal activities\b|\bfavou?rable safety\b|\bonly short downtime\b|"
    r"\b(?:advantageous|favou?rable|better|good|excellent) safety\b|\brisk-free\b"
)
_PIH_MEASURED = _rx(
    r"\b(?:was|were|is|are) (?:\w+ )?(?:assessed|evaluated|measured|recorded|monitored|graded|"
    r"documented|scored|examined|quantified)\b|\boutcomes? (?:included|includes?|were|was)\b"
)
_PIH_EVENT = _rx(
    r"\b(?:developed|occurred|observed|noted|seen|reported|experienced|appeared|found|"
    r"presented|resolved|persisted)\b|\b\d+ (?:of|patients|cases|sides)\b"
)
_AIM = _rx(
    r"^(?:to (?:evaluate|assess|determine|investigate|compare|describe|report|examine|explore|"
    r"characteri[sz]e|review|analy[sz]e|identify|study)|(?:we|this (?:study|article|paper|review|"
    r"work)|the (?:study|present study|review)) (?:aimed|aims|sought|seeks|set out|intended|"
    r"will)|the (?:aim|objective|purpose|goal)s? of|given its)\b"
)
_NO_CASES = _rx(r"\b(?:no|none|not|without|zero|nil)\b")
_NONE_DEVELOPED = _rx(r"\b(?:none of the|no) (?:patients?|subjects|participants|cases)\b")
_SAFE_DARK_SKIN = _rx(
    r"\bsafe\b[^.;]{0,60}\b(?:dark|darker|skin of colou?r|all skin types|types? (?:iv|v|vi)|"
    r"indian|asian|african|black|ethnic)\b"
)

# --------------------------------------------------------------------------------- comparisons
_BETTER = _rx(
    r"\b(?:significantly |markedly |considerably |much |slightly |statistically )?(?:more "
    r"effective|more efficacious|superior|better|greater|higher|more pronounced|more marked|"
    r"more improvement|faster|outperform(?:ed|s)?)\b"
)
_WORSE = _rx(
    r"\b(?:significantly |markedly |considerably |much |slightly )?(?:less effective|less "
    r"efficacious|inferior|worse|less improvement|less pronounced|less marked)\b"
)
_THAN = _rx(r"\b(?:than|over|compared (?:with|to)|versus|vs\.?|relative to)\b")
# "superior to", "inferior to": here "to" names the comparator.
_TO_COMPARATOR = _rx(r"^\s*to\b")
# "significantly higher scar response to the laser": the treatment named after is the winner.
_BETTER_WITH = _rx(
    r"\b(?:higher|greater|better|more|larger|stronger) (?:[\w-]+ ){0,3}(?:response|improvement|"
    r"efficacy|results?|outcomes?|reduction|scores?|effect|repigmentation|regrowth) (?:to|with|in|"
    r"after|for|on) (?:the )?(?P<winner>[^,.;]{2,60})"
)
_NOT_EFFICACY = _rx(
    r"^\s*(?:tolerat|tolerability|pain|side|adverse|downtime|risk|complication|cost|expensive|"
    r"convenien|discomfort|safety|satisf|acceptab)"
)
_EQUAL = _rx(
    r"\bas (?:\w+ )?(?:effective|efficacious|immunogenic|good|potent|successful|beneficial|"
    r"useful) as\b|\bequally (?:effective|efficacious)\b|\bcomparabl[ey]\b|\bsimilar(?:ly)? "
    r"(?:effective|efficacy|results|improvement|outcomes|efficacious|extent|response)\b|"
    r"\bequivalent\b|\bnon-?inferior\b|\bno (?:statistically )?significant differences?\b|"
    r"\bdid not differ\b|\bnot (?:statistically )?significantly different\b|\bno differences?\b|"
    r"\bsimilar(?:ly)? to\b|\bimproved similarly\b|\bto a similar extent\b|\bas much as\b|"
    r"\b(?:did|could) not (?:perceive|notice|detect|see) (?:a |any )?(?:\w+ )?difference\b"
)
_BETWEEN = _rx(r"\bbetween (?P<a>[^.;]{2,80}?) and (?P<b>[^.;]{2,80}?)(?:[,.;(]|$| in | at | for )")
_ALONE = _rx(r"\balone\b|\bmonotherapy\b|\bonly\b")
_COMBINATION = _rx(
    r"\bcombin\w*|\baddition of\b|\badding\b|\bplus\b|\badjunct\w*|\bwith (?:a |an )?"
)
# Sentences that state the study's findings wherever they stand in the abstract.
_FINDING_STATEMENT = _rx(
    r"\b(?:results?|findings|data|studies|study|analys[ie]s|observations|evaluations?) (?:\w+ )?"
    r"(?:indicate|indicated|show|showed|shown|demonstrate|demonstrated|suggest|suggested|reveal|"
    r"revealed|confirm|confirmed)\b|^(?:in conclusion|we conclude|overall|taken together|"
    r"in summary)\b"
)
_MN_SUBJECT = _rx(
    r"^(?:[a-z-]+ ){0,2}(?:micro-?needling|skin needling|medical needling|collagen induction|"
    r"percutaneous collagen induction|(?:fractional )?(?:radiofrequency )?micro-?needl\w*)\b"
    r"[^.]{0,40}\b(?:is|are|was|has|have|can|may)\b"
)
_CLAUSE_SPLIT = _rx(
    r";|,? but |,? however,? |,? whereas |,? although |,? though |,? while |,? yet "
)
_SUPPRESSOR = _rx(
    # "before it can be recommended", not "microneedling before ALA application appears to".
    r"\b(?:whether|if|unless)\b[^,;]*$|\bbefore\b[^,;]*\b(?:can|could|may|should|will|is|are|"
    r"be)\b[^,;]*$|\b(?:used|proposed|tried|applied|performed|aim(?:s|ed)?|"
    r"designed|intended|sought|order|attempt(?:s|ed)?|employed|investigated|evaluated|assessed|"
    r"studied|explored|developed) (?:\w+ ){0,2}to $|^\s*to $|\bobjective\b|\baim\b"
)
_NOT_ONLY = _rx(r"\bnot only\b")
# The outcome of a treated case: the condition went away or did not come back. Read only when
# the abstract reports no adverse event, since harm reports end with the harm resolving.
_RESOLVED = _rx(
    r"\bresolv(?:ed|es)\b|\bcleared\b|\bdisappeared\b|\bhealed\b|\brestored\b|"
    r"\brecovered\b|\bremission\b|\bcured\b|\bno (?:\w+ )?(?:recurrence|relapse)\b|"
    r"\bdid not (?:recur|relapse)\b|\bwithout (?:any )?(?:recurrence|relapse)\b"
)
_FURTHER_STUDY = _rx(
    r"\b(?:studies|trials|research|data)\b[^.;]*\b(?:are|is) (?:\w+ )?(?:needed|"
    r"warranted|required)\b"
)
# Advice, caution and calls for more research state no finding: "caution is advised in darker
# skin", "longer follow-up is needed". Their harm words name risks to watch for, not events seen.
_COUNSEL = _rx(
    r"\b(?:should|must|ought to|need to|needs to)\b|\b(?:is|are) (?:\w+ )?(?:needed|required|"
    r"warranted|advised|advisable|essential|mandatory|recommended)\b|\bcaution\b|\bcautious\w*|"
    r"\bprecautions?\b|\bbe aware\b|\bawareness\b|\bfurther (?:studies|trials|research)\b|"
    r"\b(?:longer|long-term) follow-up\b"
)
# Every arm improved: "both groups improved significantly", "all three regimens reduced".
_BOTH_IMPROVED = _rx(
    r"\b(?:both|all(?: \w+)?|the two|each of the) (?:treatments?|groups?|arms?|sides?|modalities|"
    r"regimens|techniques|methods|procedures|therapies)\b[^.;]{0,40}?\b(?:improv\w*|reduc\w*|"
    r"decreas\w*|effective|beneficial|showed (?:significant )?improvement)"
)
# Settings of the procedure itself; a null comparison between them says nothing of its effect.
_PARAMETER = _rx(
    r"\b(?:needle|needling) (?:depths?|lengths?|sizes?)\b|\bdepths?\b|\b\d+(?:\.\d+)? ?mm\b|"
    r"\bnumber of (?:sessions|treatments|passes|applications)\b|\b(?:treatment )?intervals?\b|"
    r"\bfrequency of (?:sessions|treatments)\b|\b(?:one|two|three|four|five|six|\d+) (?:vs\.?|"
    r"versus|and|or) (?:one|two|three|four|five|six|\d+) (?:sessions|passes|treatments)\b|"
    r"\bpasses\b|\bdevice types?\b|\b(?:deeper|shallower|longer|shorter|more|fewer|additional|"
    r"higher|lower) (?:needl\w*|settings?|depths?|sessions|passes|treatments|energy|power)\b|"
    r"\b(?:roller|pen|stamp) (?:and|versus|vs\.?) (?:roller|pen|stamp)\b"
)
# A title that makes a harm of microneedling its subject: "Granulomas after microneedling",
# "Adverse events of microneedling". Titles about treating a condition are not such reports.
_HARM_SUBJECT = _rx(
    r"\b(?:complications?|adverse (?:events?|effects?|reactions?)|side[- ]effects?)\b|"
    r"\b(?:after|following|induced by|associated with|due to|caused by|secondary to|complicating)"
    r" (?:[\w-]+ ){0,3}(?:micro-?needl\w*|needling|derma-?\s?roll\w*|derma-?\s?pens?)\b|"
    r"\b(?:micro-?needling|needling|derma-?\s?roll\w*)[- ](?:induced|associated|related)\b"
)
_TREATMENT_TITLE = _rx(
    r"\b(?:efficacy|effectiveness|treatment of|versus|vs\.?|compar\w*|randomi[sz]ed|trial)\b"
)
# "X is a simple, safe and effective treatment for Y": the conclusion endorses X as a treatment.
_ENDORSED = _rx(
    r"\b(?:is|are|was|were|represents?|remains?|offers?|provides?|constitutes?) (?:an? |the )?"
    r"(?:[\w-]+,? (?:and )?){0,4}(?:treatment|therapy|procedure|technique|modality|method|approach|"
    r"tool|option|choice|adjunct|addition)s? (?:for|in|of|to)\b"
)
_CONCESSION = _rx(r"(?:although|though|even though|despite|while|whilst)\b")
_ELLIPTICAL_NOT = _rx(r"\s*(?:(?:did|does|do|was|were|could|had) )?not\b")
_CAUSED = _rx(
    r"\b(?:caus\w*|led to|leads? to|result(?:ed|s)? in|developed|induc\w*|increas\w*|rais\w*|"
    r"trigger\w*|provok\w*|produc\w*)\b"
)
# "increased the risk of scarring", "without an increase in side effects": a verb that would
# praise a treatment is about harm when its object is a harm.
_RAISES = _rx(r"^(?:increas|enhanc|augment|promot|induc|rais|higher|greater|more)")
_HARM_WORD = (
    r"\b(?:risks?|side[- ]effects?|adverse|complications?|toxicit\w*|morbidity|mortality|"
    r"infections?|bleeding|injur(?:y|ies))\b"
)
_HARM_OBJECT = _rx(rf"^[^,;]{{0,25}}?{_HARM_WORD}")


@dataclass(slots=True)
class _Reading:
    """What the cues in a set of sentences add up to."""

    positive: list[Sentence] = field(default_factory=list)
    weak: list[Sentence] = field(default_factory=list)
    negative: list[Sentence] = field(default_factory=list)
    worse: list[Sentence] = field(default_factory=list)
    unclear: list[Sentence] = field(default_factory=list)
    adverse: list[Sentence] = field(default_factory=list)
    risk: list[Sentence] = field(default_factory=list)  # "carries the risk of Koebner"
    resolved: list[Sentence] = field(default_factory=list)  # "the lesions cleared"
    lost: list[Sentence] = field(default_factory=list)  # another active treatment did better


def classify_direction(study: StudyInput, claim: ClaimContext | None) -> DirectionFinding:
    """Whether the study supports, contradicts or is silent on `claim` (or on efficacy)."""
    doc = read(study)
    role = microneedling_role(doc)
    if role.role in ("passing", "absent"):
        evidence = role.sentence.text if role.sentence else None
        return Finding("unclear", "text", evidence, "text:microneedling-not-evaluated")
    if not doc.has_abstract:
        # A title can report an event ("Granulomatous reaction after microneedling") but a
        # letter, comment or review title states no finding.
        design, _ = classify_design(study)
        if design.value not in _TITLE_FINDING_DESIGNS:
            title = doc.title.text if doc.title else None
            return Finding("unclear", "none", title, "text:no-abstract")
    if claim is None or claim.asserts != "safety":
        report = harm_report(doc, claim)
        if report is not None:
            # A complication report is safety evidence: harm when it is the claim's own
            # condition made worse, otherwise nothing for or against efficacy.
            return Finding(report[0], "text", report[1].text, "text:harm-report")
    if claim is not None and claim.asserts == "safety":
        harm = terms_pattern(claim.harm_terms)
        # A claim that denies one named harm is contradicted by any case of it; a claim of
        # general safety by serious, persistent or unusual adverse events.
        return _named_harm(doc, harm) if harm is not None else _safety(doc)
    return _benefit(doc, claim)


def authors_verdict(study: StudyInput) -> DirectionFinding:
    """The authors' verdict on whatever the study tests, read as for a benefit claim.

    The same conclusion reader as `classify_direction`, without asking whether the study is
    about microneedling: the benchmark uses it to check the reader on real abstracts from every
    field, which rarely concern microneedling.
    """
    doc = read(study)
    if not doc.has_abstract:
        return Finding("unclear", "none", None, "text:no-abstract")
    return _benefit(doc, None)


def _conclusion(doc: Document) -> tuple[Sentence, ...]:
    if not doc.has_abstract:
        return (doc.title,) if doc.title else ()
    return doc.conclusion()


# ---------------------------------------------------------------------------------------------
# Benefit claims


def _benefit(doc: Document, claim: ClaimContext | None) -> DirectionFinding:
    conclusion = _conclusion(doc)
    if claim is not None and claim.asserts in ("adjunct", "versus"):
        compared = _comparative_claim(doc, conclusion, claim)
        if compared is not None:
            return compared
        named = terms_pattern(claim.adjunct_terms + claim.comparator_terms)
        if (
            doc.has_abstract
            and named is not None
            and not any(named.search(s.lower) for s in doc.all())
        ):
            # The claim is a comparison; a study that never names the other arm says nothing.
            evidence = conclusion[-1].text if conclusion else None
            return Finding("unclear", "text", evidence, "text:no-comparison")
    decided = None
    wide = _read_benefit(conclusion, doc, claim)
    if doc.has_abstract and not doc.in_sections("conclusions"):
        # A flat abstract: the last sentence is the verdict when it states one, but a
        # worsening reported just before a "no effect" verdict makes it a harm.
        decided = _decide_benefit(_read_benefit(conclusion[-1:], doc, claim), claim)
        if decided is not None and decided.value == "no_effect" and wide.worse:
            decided = _decide_benefit(wide, claim)
    if decided is None:
        decided = _decide_benefit(wide, claim)
    if decided is None and wide.risk:
        # The conclusion only warns of a risk ("should be warned about Koebner phenomenon"):
        # a case report of that very worsening is a harm.
        body = _read_benefit(
            [s for s in doc.sentences if about_this_study(s) and not _is_aim(s)], doc, claim
        )
        if body.worse and not body.positive:
            decided = Finding("harms", "text", body.worse[0].text, "text:worsened-in-body")
    if decided is not None or not doc.has_abstract:
        return decided or Finding("unclear", "none", None, None)
    # Nothing in the conclusion: fall back on what the results section states, or on the
    # opening claim of an unstructured abstract that makes microneedling its subject (reviews
    # often state their verdict first).
    results = [s for s in doc.in_sections("results") if s not in conclusion]
    fallback = _decide_benefit(_read_benefit(results, doc, claim), claim, strong_only=True)
    if fallback is not None:
        return Finding(fallback.value, "text", fallback.evidence, f"{fallback.rule}-in-results")
    stated = [
        s for s in doc.sentences if _FINDING_STATEMENT.search(s.lower) and s not in conclusion
    ]
    found = _decide_benefit(_read_benefit(stated, doc, claim), claim, strong_only=True)
    if found is not None:
        return Finding(found.value, "text", found.evidence, f"{found.rule}-in-findings")
    opening = doc.sentences[0]
    if not doc.structured and opening not in conclusion and _MN_SUBJECT.match(opening.lower):
        first = _decide_benefit(_read_benefit([opening], doc, claim), claim, strong_only=True)
        if first is not None:
            return Finding(first.value, "text", first.evidence, f"{first.rule}-in-opening")
    lost = _read_benefit(conclusion, doc, claim).lost
    if lost:
        # Another active treatment did better and microneedling's own result is not stated.
        value: Direction = (
            "no_effect" if claim is not None and claim.asserts == "versus" else "unclear"
        )
        return Finding(value, "text", lost[0].text, "text:comparator-better")
    evidence = conclusion[-1].text if conclusion else None
    return Finding("unclear", "text" if conclusion else "none", evidence, "text:no-verdict")


def _read_benefit(
    sentences: Iterable[Sentence], doc: Document, claim: ClaimContext | None
) -> _Reading:
    reading = _Reading()
    for sentence in sentences:
        if _CONCESSION.match(sentence.lower) and _UNCLEAR.search(sentence.lower):
            # "Although improvements were reported, the evidence is insufficient ...": the
            # concession is granted, the verdict is the main clause.
            reading.unclear.append(sentence)
            continue
        for number, clause in enumerate(_clauses(sentence.lower)):
            _read_clause(clause, sentence, doc, claim, reading, contrast=number > 0)
    return reading


def _read_clause(
    clause: str,
    sentence: Sentence,
    doc: Document,
    claim: ClaimContext | None,
    reading: _Reading,
    *,
    contrast: bool = False,
) -> None:
    # "studies that monitor koebnerisation are needed": a worsening to be watched for, not seen.
    worsening = [
        m
        for m in _WORSENING.finditer(clause)
        if not (_negated_cue(clause, m.start()) or negated_after(clause, m.end()))
        and not _FURTHER_STUDY.search(clause)
    ]
    if worsening:
        if all(
            _RISK_OF.search(clause[: m.start()]) or _counselled(clause, m.start())
            for m in worsening
        ):
            reading.risk.append(sentence)
        else:
            reading.worse.append(sentence)
            return  # a clause reporting a worsening praises nothing ("induces ... that aggravates")
    outcome = terms_pattern(claim.outcome_terms) if claim is not None else None
    if outcome is not None and outcome.search(clause) and not _COUNSEL.search(clause):
        # The claim's own outcome named as such ("hair reduction"): support unless denied.
        denied = _NEGATIVE.search(clause) or _all_negated(outcome, clause)
        (reading.negative if denied else reading.positive).append(sentence)
        return
    if _UNCLEAR.search(clause):
        reading.unclear.append(sentence)

    elliptical = _ELLIPTICAL_NOT.match(clause)
    if elliptical and not _NOT_ONLY.match(clause.strip()) and not _names_harm(clause):
        # The elliptical half of "improved collagen but not elastin" or "... but did not
        # tighten lax skin" (not "but did not cause adverse events").
        reading.negative.append(sentence)
        return
    comparison = _comparison(clause, doc)
    if comparison is not None and _about_parameter(clause, comparison):
        return  # "no difference between 1.5 mm and 2 mm": a setting, not the treatment's effect
    if comparison is not None:
        verdict = _generic_comparison(comparison)
        if verdict == "lost":
            reading.lost.append(sentence)
            if _BOTH_IMPROVED.search(clause):
                reading.positive.append(sentence)  # "both treatments improved, but X more"
            return
        if verdict == "pos":
            reading.positive.append(sentence)
            return
        if verdict == "neg":
            reading.negative.append(sentence)
            return
        if verdict == "pos_weak":
            reading.weak.append(sentence)
        if contrast and comparison.kind == "equal" and _null_against_control(comparison, doc):
            # "..., but patient ratings were not significantly different": an outcome not improved.
            reading.negative.append(sentence)
            return
        # Otherwise the comparison says nothing about microneedling itself: read on.

    negative = _NEGATIVE.search(clause)
    setting = _PARAMETER.search(clause[: negative.start()]) if negative is not None else None
    if setting is not None and not _has_mn(
        clause[: setting.start()] + clause[setting.end() : negative.start()]  # type: ignore[union-attr]
    ):
        return  # "the number of sessions did not affect the outcome", "deeper needling added none"
    denied_harm = _denies_harm(clause, negative)
    if denied_harm:
        negative = None  # "did not increase the risk of infection" is a safety finding
    # In a clause that denies a benefit, a harm word may name the condition treated ("did not
    # improve post-inflammatory hyperpigmentation"); it is a harm done only when caused.
    caused = negative is None or _CAUSED.search(clause[negative.end() :]) is not None
    adverse = _ADVERSE.search(clause)
    if (
        not denied_harm
        and caused
        and adverse is not None
        and not _counselled(clause, adverse.start())
        and not _about_other_treatment(clause, adverse.start())
        and not _all_negated(_ADVERSE, clause)
        and not _LOWER_RISK.search(clause)
        and (_SEVERE.search(clause) or not _MINOR.search(clause))
    ):
        reading.adverse.append(sentence)
    if negative is not None and not _about_add_on(clause, negative.start()):
        reading.negative.append(sentence)
        before = _POSITIVE.search(clause[: negative.start()])
        if (
            negative.group(0).startswith("without")
            and before
            and not _negated_cue(clause, before.start())
        ):
            reading.positive.append(sentence)  # "reduced pore volume without decreasing pores"
        return
    if _WORSE.search(clause):
        return  # "less effective for X", with no comparator named: neither for nor against
    raised_harm = [
        m
        for m in _POSITIVE.finditer(clause)
        if _RAISES.match(m.group(0)) and _harm_object(clause[m.end() :])
    ]
    if raised_harm and not all(_negated_cue(clause, m.start()) for m in raised_harm):
        reading.adverse.append(sentence)  # "may increase the risk of scarring"
    about_harm = {m.start() for m in raised_harm}
    positives = [
        m
        for m in _POSITIVE.finditer(clause)
        if not _suppressed(clause, m.start())
        and not _about_other_treatment(clause, m.start())
        and not _about_control(clause, m)
        and m.start() not in about_harm
    ]
    if positives and all(_ONLY_FEW.search(clause[: m.start()]) for m in positives):
        reading.negative.append(sentence)
        return
    if positives:
        if all(_negated_cue(clause, m.start()) for m in positives):
            if not _about_add_on(clause, positives[0].start()):
                reading.negative.append(sentence)
        else:
            reading.positive.append(sentence)
        return
    weak = [m for m in _POSITIVE_WEAK.finditer(clause) if not _suppressed(clause, m.start())]
    weak += [
        m
        for m in _ENDORSED.finditer(clause)
        if not _suppressed(clause, m.start()) and not _about_other_treatment(clause, m.start())
    ]
    if weak and not all(_negated_cue(clause, m.start()) for m in weak):
        reading.weak.append(sentence)
    resolved = _RESOLVED.search(clause)
    if resolved is not None and not _reports_harm(doc):
        if resolved.group(0).startswith(("no ", "did not", "without")):
            reading.resolved.append(sentence)  # "no recurrence": the negation is the outcome
        elif _negated_cue(clause, resolved.start()):
            reading.negative.append(sentence)  # "the lesions had not resolved"
        else:
            reading.resolved.append(sentence)


def _null_against_control(comparison: _Comparison, doc: Document) -> bool:
    """Whether an equality that names no arm compares microneedling with a control.

    Its arms are then the trial's: those of the title when it names two, else the control.
    """
    arms = (comparison.first, comparison.second)
    if any(_has_mn(arm) or _is_control(arm) or OTHER_TREATMENT.search(arm) for arm in arms):
        return False
    titled = _title_arms(doc)
    return titled is None or any(_is_control(arm) for arm in titled)


def _counselled(clause: str, start: int) -> bool:
    """Whether the cue at `start` is the object of advice ("should be warned of Koebner")."""
    return bool(_COUNSEL.search(clause[:start]))


def _about_parameter(clause: str, comparison: _Comparison) -> bool:
    """Whether a comparison sets settings of the procedure against each other."""
    if comparison.kind != "equal" and not _NEGATIVE.search(clause):
        return False
    arms = (comparison.first, comparison.second)
    if any(_is_control(arm) or OTHER_TREATMENT.search(arm) for arm in arms):
        return False
    return bool(_PARAMETER.search(clause))


def harm_report(doc: Document, claim: ClaimContext | None) -> tuple[Direction, Sentence] | None:
    """What a title that makes a harm of microneedling its subject says for `claim`.

    The claim's own condition made worse ("Worsening of melasma after microneedling" for a
    melasma claim) is harm. Any other adverse event (a granuloma, an infection, a flare of
    another disease) is safety evidence and says nothing of efficacy: unclear. None when the
    title is not such a report. Words of the claim's topic or promised outcome are no harm.
    """
    title = doc.title
    if title is None or _TREATMENT_TITLE.search(title.lower):
        return None
    lower = title.lower
    attributed = _HARM_SUBJECT.search(lower)
    own = terms_pattern((claim.topic_terms + claim.outcome_terms) if claim else ())
    worse = [m for m in _WORSENING.finditer(lower) if not negated(lower, m.start(), window=3)]
    if worse and attributed and (claim is None or (own is not None and own.search(lower))):
        return "harms", title
    adverse = [
        m
        for m in _ADVERSE.finditer(lower)
        if not negated(lower, m.start(), window=3) and not (own and own.search(m.group(0)))
    ]
    if attributed and (adverse or worse):
        return "unclear", title
    return None


def _harm_object(after: str) -> bool:
    """Whether the words after a verb name a harm ("the risk of", "a Koebner phenomenon")."""
    return bool(
        _HARM_OBJECT.match(after) or _WORSENING.match(re.sub(r"^\s*(?:an? |the )?", "", after))
    )


def _names_harm(clause: str) -> bool:
    return bool(
        _ADVERSE.search(clause) or re.search(_HARM_WORD, clause) or _WORSENING.search(clause)
    )


def _reports_harm(doc: Document) -> bool:
    """Whether the abstract reports an adverse event anywhere (not only "no complications")."""
    return any(
        _ADVERSE.search(s.lower) and not _all_negated(_ADVERSE, s.lower) for s in doc.sentences
    )


def _denies_harm(clause: str, negative: re.Match[str] | None) -> bool:
    if negative is None:
        return False
    verb = negative.group(0).split()[-1]
    return bool(_RAISES.match(verb)) and _harm_object(clause[negative.end() :])


def _decide_benefit(
    reading: _Reading, claim: ClaimContext | None, *, strong_only: bool = False
) -> DirectionFinding | None:
    def finding(value: Direction, rule: str, sentences: Sequence[Sentence]) -> DirectionFinding:
        return Finding(value, "text", sentences[0].text, f"text:{rule}")

    helped = reading.positive or (reading.weak if not strong_only else [])
    if reading.worse and not (claim and claim.outcome_terms) and not helped:
        # Worse instead of better. An adverse event beside a benefit is not a verdict of harm.
        return finding("harms", "worsened", reading.worse)
    if reading.positive and reading.negative:
        return finding("mixed", "improved-and-not", reading.negative)
    if reading.negative and reading.adverse and not reading.positive:
        # No benefit and a harm of its own ("no better than routine care, and raised the risk
        # of injury"): the treatment did harm.
        return finding("harms", "no-benefit-and-harm", reading.adverse)
    if reading.negative:
        return finding("no_effect", "no-effect", reading.negative)
    if reading.positive:
        return finding("supports", "effective", reading.positive)
    if strong_only:
        return None
    if reading.unclear:
        return finding("unclear", "insufficient-evidence", reading.unclear)
    if reading.weak:
        return finding("supports", "hedged-support", reading.weak)
    if reading.resolved and not reading.adverse:
        return finding("supports", "resolved", reading.resolved)
    if reading.adverse:
        # A conclusion that speaks only of a serious adverse event (a case report of a
        # complication) counts against the claim; minor side effects do not.
        return finding("harms", "adverse-event-only", reading.adverse)
    return None


def _clauses(lower: str) -> list[str]:
    return [c for c in _CLAUSE_SPLIT.split(lower) if c.strip()]


def _negated_cue(clause: str, start: int) -> bool:
    before = clause[:start]
    if _NOT_ONLY.search(before[-20:]):
        return False
    return negated(clause, start, window=4)


def _all_negated(pattern: re.Pattern[str], clause: str) -> bool:
    return all(
        _negated_cue(clause, m.start()) or negated_after(clause, m.end())
        for m in pattern.finditer(clause)
    )


def _suppressed(clause: str, start: int) -> bool:
    """A cue inside "whether ...", "if ..." or "before ..." asserts nothing."""
    return bool(_SUPPRESSOR.search(clause[:start]))


def _about_add_on(clause: str, start: int) -> bool:
    """Whether the clause's subject is an agent added to microneedling, not microneedling.

    "PRP did not add benefit to microneedling" is about PRP; "adding microneedling to
    phototherapy did not help" is about microneedling.
    """
    subject = clause[:start]
    add_on = OTHER_TREATMENT.search(subject)
    if add_on is None:
        return False
    procedure = MICRONEEDLING.search(subject)
    return procedure is None or add_on.start() < procedure.start()


def _about_control(clause: str, cue: re.Match[str]) -> bool:
    """Whether a cue praises the sham or placebo arm ("the marked response to sham")."""
    if _has_mn(clause):
        return False
    return bool(
        re.match(
            r"\s*(?:to|with|in|after) (?:the )?(?:sham|placebo|vehicle)\b", clause[cue.end() :]
        )
    )


def _about_other_treatment(clause: str, start: int) -> bool:
    """Whether a clause praises another treatment ("NB-UVB is an effective modality ...")."""
    if _has_mn(clause):
        return False
    return bool(OTHER_TREATMENT.search(clause[:start]))


# ---------------------------------------------------------------------------------------------
# Comparisons


@dataclass(frozen=True, slots=True)
class _Comparison:
    kind: Literal["better", "equal"]
    first: str  # the winner for "better"
    second: str


def _comparison(clause: str, doc: Document) -> _Comparison | None:
    """A head-to-head statement in the clause: who was better, or that both were alike."""
    worse = _WORSE.search(clause)
    better = _BETTER.search(clause)
    for match, flipped in ((better, False), (worse, True)):
        if match is None:
            continue
        tail = clause[match.end() :]
        if _NOT_EFFICACY.match(tail) or _NOT_EFFICACY.match(tail.split(" ", 1)[-1]):
            continue
        than = _TO_COMPARATOR.match(tail) or _THAN.search(tail)
        if than is None or than.start() > 60:
            continue
        subject = clause[: match.start()]
        obj = tail[than.end() :]
        if negated(clause, match.start(), window=3):
            return _Comparison("equal", subject, obj)
        if flipped:
            return _Comparison("better", obj, subject)
        return _Comparison("better", subject, obj)
    equal = _EQUAL.search(clause)
    if equal is None:
        won = _BETTER_WITH.search(clause)
        if won is not None and not _NOT_EFFICACY.match(won.group("winner")):
            arms = _title_arms(doc)
            winner = won.group("winner")
            other = ""
            if arms is not None:
                other = arms[1] if _same_arm(winner, arms[0]) else arms[0]
            return _Comparison("better", winner, other)
        return None
    between = _BETWEEN.search(clause)
    if between is not None:
        return _Comparison("equal", between.group("a"), between.group("b"))
    first, second = clause[: equal.start()], clause[equal.end() :]
    if re.search(r"\b(?:both|the two|either|groups|sides|arms|regimens|modalities)\b", first):
        arms = _title_arms(doc)
        if arms is not None:
            return _Comparison("equal", *arms)
    if " and " in first:
        # "Microneedling and the peel were equally effective": the two arms are the subject.
        left, right = first.rsplit(" and ", 1)
        return _Comparison("equal", left, right)
    return _Comparison("equal", first, second)


def _title_arms(doc: Document) -> tuple[str, str] | None:
    if doc.title is None:
        return None
    parts = re.split(r"\bversus\b|\bvs\.?\s|\bcompared (?:with|to)\b", doc.title.lower, maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else None


def _same_arm(text: str, arm: str) -> bool:
    """Whether two mentions name the same kind of treatment (microneedling, laser or peel...)."""
    return _has_mn(text) == _has_mn(arm) and bool(OTHER_TREATMENT.search(text)) == bool(
        OTHER_TREATMENT.search(arm)
    )


def _has_mn(text: str) -> bool:
    return bool(MICRONEEDLING.search(text) or _MN_SHORT.search(text))


# The abbreviations papers define for the procedure: MN, FMR, MRF, RFMN, FMRF, PCI, CIT.
_MN_SHORT = _rx(r"\bmn\b|\bmicroneedl|\b(?:f?mn?rf?|rfmn|fmnrf|mfr|fmr|pci|cit)\b")


def _is_control(text: str) -> bool:
    return bool(CONTROL.search(text)) or (bool(_ALONE.search(text)) and not _has_mn(text))


def _generic_comparison(c: _Comparison) -> Verdict:
    """A comparison read for a claim that microneedling works (not a comparative claim)."""
    first_mn, second_mn = _has_mn(c.first), _has_mn(c.second)
    if c.kind == "better":
        if first_mn:
            return "pos"
        if second_mn and _is_control(c.first):
            return "neg"
        if second_mn:
            return "lost"  # another active treatment did better; microneedling may still work
        return "none"
    if (first_mn and _is_control(c.second)) or (second_mn and _is_control(c.first)):
        return "neg"
    if first_mn or second_mn:
        return "pos_weak"
    if _is_control(c.first) or _is_control(c.second):
        return "neg"
    return "none"


def _comparative_claim(
    doc: Document, conclusion: Sequence[Sentence], claim: ClaimContext
) -> DirectionFinding | None:
    """Read an adjunct or versus claim from the head-to-head comparison it is about."""
    search_order = list(conclusion) + [
        s for s in doc.in_sections("results", "body") if s not in conclusion
    ]
    if doc.title is not None:
        search_order.append(doc.title)
    if claim.asserts == "adjunct":
        named = terms_pattern(claim.adjunct_terms)
        studied = named is not None and any(named.search(s.lower) for s in doc.all())
    else:
        named = _with_abbreviations(doc, claim.comparator_terms)
        studied = True
    if named is None:
        return None
    for sentence in search_order:
        verdicts = {
            _adjunct_clause(clause, doc, named, studied)
            if claim.asserts == "adjunct"
            else _versus_clause(clause, doc, named)
            for clause in _resolve_pronouns(_clauses(sentence.lower), named)
        } - {None}
        if verdicts:
            where = "" if sentence in conclusion else "-outside-conclusion"
            value: Direction = "mixed" if len(verdicts) > 1 else verdicts.pop()  # type: ignore[assignment]
            return Finding(value, "text", sentence.text, f"text:comparison{where}")
    return None


def _resolve_pronouns(clauses: list[str], named: re.Pattern[str]) -> list[str]:
    """ "Adding PRP did not help, but it improved satisfaction": "it" is the treatment named."""
    resolved: list[str] = []
    for clause in clauses:
        pronoun = re.match(r"\s*(?:it|they)\b", clause)
        previous = named.search(resolved[-1]) if resolved and pronoun else None
        if pronoun and previous:
            clause = previous.group(0) + clause[pronoun.end() :]
        resolved.append(clause)
    return resolved


def _adjunct_clause(
    clause: str, doc: Document, adjunct: re.Pattern[str], adjunct_study: bool
) -> Direction | None:
    """Microneedling plus the adjunct against microneedling alone: better supports, equal not."""

    def with_adjunct(text: str) -> bool:
        return bool(adjunct.search(text)) or (adjunct_study and bool(_COMBINATION.search(text)))

    comparison = _comparison(clause, doc)
    if comparison is not None:
        first, second = with_adjunct(comparison.first), with_adjunct(comparison.second)
        if first != second:
            if comparison.kind == "equal":
                return "no_effect"
            return "supports" if first else "no_effect"
    if adjunct.search(clause):
        negative = _NEGATIVE.search(clause)
        if negative is not None and adjunct.search(clause[: negative.start()]):
            return "no_effect"
        positive = _POSITIVE.search(clause)
        if (
            positive is not None
            and (
                re.search(r"\b(?:adding|addition of|combin\w*|plus)\b", clause)
                or adjunct.search(clause[: positive.start()])  # the adjunct is the subject
            )
            and not _negated_cue(clause, positive.start())
            and re.search(r"\b(?:improv|enhanc|augment|better|superior|greater|more)", clause)
        ):
            return "supports"
    return None


def _versus_clause(clause: str, doc: Document, comparator: re.Pattern[str]) -> Direction | None:
    """Microneedling against the comparator: equal or better supports, worse does not."""
    comparison = _comparison(clause, doc)
    if comparison is None:
        return None

    def arm(text: str) -> tuple[bool, bool]:
        mn, other = _has_mn(text), bool(comparator.search(text))
        return mn and not other, other and not mn

    first_mn, first_other = arm(comparison.first)
    second_mn, second_other = arm(comparison.second)
    if comparison.kind == "equal" and ((first_mn and second_other) or (second_mn and first_other)):
        return "supports"
    if comparison.kind == "better":
        if first_mn and second_other:
            return "supports"
        if first_other and second_mn:
            return "no_effect"
    return None


def _with_abbreviations(doc: Document, terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """The claim's terms plus the abbreviations the abstract defines for them ("(QSNY)")."""
    named = terms_pattern(terms)
    if named is None:
        return None
    short = sorted(
        {
            match.group("short")
            for sentence in doc.all()
            for match in _DEFINED.finditer(sentence.lower)
            if named.search(match.group("long")) and not _has_mn(match.group("long"))
        }
    )
    if not short:
        return named
    return re.compile(named.pattern + "|" + "|".join(rf"\b{re.escape(a)}\b" for a in short))


_DEFINED = _rx(r"(?P<long>(?:[\w:/.-]+ ){1,5}?[\w:/.-]+) \((?P<short>[a-z][a-z0-9:-]{1,9})\)")


# ---------------------------------------------------------------------------------------------
# Safety claims


def _named_harm(doc: Document, harm: re.Pattern[str]) -> DirectionFinding:
    """'No risk of X': any case of the named harm after microneedling is evidence against."""
    seen: list[Sentence] = []
    absent: list[Sentence] = []
    # The abstract's own report first; a title such as "PIH after microneedling and laser: a
    # comparative study" names the topic, and counts only when the abstract says nothing.
    body = [s for s in doc.sentences if about_this_study(s) and not _is_aim(s)]
    title = [doc.title] if doc.title and not _is_aim(doc.title) else []
    for sentence in body + title:
        if sentence.section == "title" and (seen or absent):
            break
        lower = sentence.lower
        if (
            _PIH_MEASURED.search(lower)
            and not _PIH_EVENT.search(lower)
            and not _NO_CASES.search(lower)
        ):
            continue  # "PIH was assessed at each visit": an outcome measured, not an event
        for match in harm.finditer(lower):
            if _pih_absent(lower, match.start(), match.end()):
                absent.append(sentence)
            else:
                attributed = _pih_after_microneedling(lower)
                if attributed is True:
                    seen.append(sentence)
                elif attributed is False:
                    absent.append(sentence)
            break
    if seen:
        return Finding("harms", "text", seen[0].text, "text:harm-reported")
    if absent:
        return Finding("supports", "text", absent[0].text, "text:harm-not-seen")
    safe = next((s for s in doc.all() if _SAFE_DARK_SKIN.search(s.lower)), None)
    if safe is not None:
        return Finding("supports", "text", safe.text, "text:safe-in-dark-skin")
    source: Source = "text" if doc.has_abstract else "none"
    return Finding("unclear", source, None, "text:harm-not-reported")


def _is_aim(sentence: Sentence) -> bool:
    """An objective ("To evaluate the adverse effects of ...") reports nothing."""
    return sentence.section == "objective" or bool(_AIM.match(sentence.lower))


def _pih_absent(lower: str, start: int, end: int) -> bool:
    if negated(lower, start, window=6) or negated_after(lower, end):
        return True
    return bool(_NONE_DEVELOPED.search(lower[:start]))


def _pih_after_microneedling(lower: str) -> bool | None:
    """Whether a sentence reporting PIH attributes any of it to microneedling.

    "PIH developed in 9 patients in the laser group and in no patient in the microneedling
    group" reports PIH after laser only: False. A sentence that names no arm at all is taken to
    be about the study's own (microneedling) treatment: True. None: only the comparator.
    """
    if _comparator_only(lower):
        return None
    parts = [p for p in re.split(r",|;|\band\b|\bwhile\b|\bwhereas\b|\bbut\b", lower) if p.strip()]
    mn_parts = [p for p in parts if _has_mn(p)]
    if not mn_parts:
        return True
    return any(not _NO_CASES.search(p) for p in mn_parts)


def _comparator_only(lower: str) -> bool:
    """A harm reported only for another treatment's arm is not a harm of microneedling."""
    if _has_mn(lower):
        return False
    return bool(OTHER_TREATMENT.search(lower))


def _safety(doc: Document) -> DirectionFinding:
    """Downtime and safety: the authors' last word on adverse events decides."""
    conclusion = _conclusion(doc)
    decided = _safety_verdict(conclusion)
    if decided is not None:
        return decided
    body = [
        s for s in doc.sentences if s not in conclusion and about_this_study(s) and not _is_aim(s)
    ]
    decided = _safety_verdict(body)
    if decided is not None:
        return Finding(decided.value, "text", decided.evidence, f"{decided.rule}-in-results")
    return Finding("unclear", "text" if doc.has_abstract else "none", None, "text:no-safety-data")


def _safety_verdict(sentences: Sequence[Sentence]) -> DirectionFinding | None:
    last: tuple[Direction, Sentence, str] | None = None
    for sentence in sentences:
        for clause in _clauses(sentence.lower):
            signal = _safety_clause(clause)
            if signal is not None:
                last = (signal[0], sentence, signal[1])
    if last is None:
        return None
    return Finding(last[0], "text", last[1].text, f"text:{last[2]}")


def _safety_clause(clause: str) -> tuple[Direction, str] | None:
    if _comparator_only(clause):
        return None  # complications of lasers or peels are not complications of microneedling
    harmful = [
        m
        for m in _ADVERSE.finditer(clause)
        if not _negated_cue(clause, m.start()) and not _MINOR.search(clause)
    ]
    severe = bool(_SEVERE.search(clause))
    if _ADVICE.search(clause) and not _CAUSES_HARM.search(clause):
        # "Caution should be taken in ...", "clinicians should be informed about the adverse
        # effects": precautions, not findings.
        harmful = []
    if harmful and (severe or not _SAFE.search(clause)):
        return "harms", "adverse-events"
    if _SAFE.search(clause):
        return "supports", "well-tolerated"
    return None
