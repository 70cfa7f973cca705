"""The cue vocabularies of the direction reader, each one compiled pattern with its reason.

Efficacy cues (a benefit stated, hedged, denied, a worsening), safety cues (adverse events,
their severity, reassurance), comparison cues (better, worse, equal, than), and the clause tools
that read a cue within its negation scope. `direction` decides with them; `comparison` reads
who won a head-to-head statement.
"""

from __future__ import annotations

import re

from tracker.evidence.text import negated, negated_after


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# --------------------------------------------------------------------------------- efficacy cues
POSITIVE = _rx(
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
POSITIVE_WEAK = _rx(
    r"\bpromising\b|\bencouraging\b|\bpotential\b|\boption\b|\balternative\b|\bviable\b|"
    r"\bfeasible\b|\brecommended\b|\bcan be (?:used|considered|offered|recommended)\b|"
    r"\bmay be (?:considered|offered|used|recommended|an? (?:useful|good|valuable))\b|"
    r"\b(?:is|are) suggested\b|\bhelpful\b|\bsafe and\b|\bwell[- ]tolerated\b|"
    r"\b(?:has|have|plays?|play) an? (?:\w+ )?role in (?:the )?(?:treatment|management|therapy)\b|"
    r"\bworthy of\b|\bsuitable\b|\bsafe (?:method|procedure|treatment|option|modality|"
    r"technique|alternative)\b"
)
NEGATIVE = _rx(
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
ONLY_FEW = _rx(
    r"\bonly (?:\d+|one|two|three|four|five|a few|a minority|a small number)\b[^,;]{0,30}$"
)
UNCLEAR = _rx(
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
RISK_OF = _rx(r"\b(?:risks?|danger|possibility|potential) (?:of|for)\s+(?:\w+\s+){0,2}$")
WORSENING = _rx(
    r"\bworsen(?:ed|ing|s)?\b|\baggravat(?:e|es|ed|ion)\b|\bexacerbat(?:e|es|ed|ion)\b|"
    r"\bflares?\b|\bkoebner(?:i[sz]ation| phenomenon)?\b|\bdarkening\b|\bdeteriorat(?:e|ed|ion)\b|"
    r"\bnew (?:keloids?|lesions|psoriatic|depigmented)\b|\bshould be avoided\b|"
    r"\bcontraindicated\b|\btrigger(?:s|ed)? (?:a |an )?(?:severe )?(?:flare|keloids?|relapse|"
    r"koebner)\b|\binduce (?:koebner|keloids?)\b|\benlarg(?:ement|ing)\b"
)

# --------------------------------------------------------------------------------- safety cues
ADVERSE = _rx(
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
SEVERE = _rx(
    r"\bserious\b|\bsevere\b|\bpersistent\b|\bprolonged\b|\bpermanent\b|\blong-lasting\b|"
    r"\bdisfigur\w*|\bgranulom\w*|\binfections?\b|\bscarring\b|\btram-?track|\bhypersensitivity\b|"
    r"\ballergic\b|\bcontact dermatitis\b|\bsensiti[sz]ation\b|\banaphyla\w*|\bcellulitis\b|"
    r"\bnecrosis\b|\bcan (?:cause|leave|lead to|result in|trigger|induce)\b|\bmay (?:cause|leave|"
    r"lead to|result in|trigger|induce)\b"
)
MINOR = _rx(
    r"\brare(?:ly)?\b|\bminor\b|\bmild\b|\btransient\b|\bself-limit\w*|\bminimal\b|\bfew\b|"
    r"\blow (?:rate|incidence)\b|\buncommon\b|\bresolv\w*|\btemporary\b|\bshort-lived\b|"
    r"\bwell[- ]tolerated\b|\bonly\b|\blimited to\b|\bsubsided\b"
)
# "less risk of infection and scarring than lasers": a safety advantage, not a harm.
LOWER_RISK = _rx(
    r"\b(?:less|lower|reduced|decreased|minimal|little|low|no|without) (?:\w+ )?(?:risk|rate|"
    r"incidence|chance|likelihood)s? (?:of|for)\b"
)
ADVICE = _rx(
    r"\bcaution\b|\bcautious\b|\badvis\w*|\bshould be (?:informed|aware|counsel+ed|warned|taken|"
    r"used|avoided|performed)\b|\brecommend\w*|\bcare should\b|\bprecautions?\b|\bbe aware\b|"
    r"\bawareness\b|\bso that\b|\bcan be (?:reduced|avoided|prevented|minimi[sz]ed)\b"
)
CAUSES_HARM = _rx(
    r"\b(?:can|may|could|did|does|will) (?:\w+ )?(?:cause|leave|lead to|result in|trigger|induce)\b"
)
SAFE = _rx(
    r"\bwell[- ]tolerated\b|\bsafe\b|\bsafety profile\b|\bminimal (?:downtime|side effects|"
    r"adverse|complications)\b|\bshort(?:er)? downtime\b|\blow downtime\b|\bno (?:serious |"
    r"significant |major |permanent |severe )?(?:adverse|side[- ]effects?|complications?)\b|"
    r"\bwithout (?:any )?(?:serious |significant |major )?(?:adverse|side[- ]effects?|"
    r"complications?)\b|\btransient (?:erythema|redness|edema|swelling)\b|\b(?:erythema|redness)"
    r"[^.;]{0,30}\bresolv\w*|\bresolv\w* within\b|\btolerab\w*|\bshort downtime\b|"
    r"\breturned to normal activities\b|\bfavou?rable safety\b|\bonly short downtime\b|"
    r"\b(?:advantageous|favou?rable|better|good|excellent) safety\b|\brisk-free\b"
)
HARM_MEASURED = _rx(
    r"\b(?:was|were|is|are) (?:\w+ )?(?:assessed|evaluated|measured|recorded|monitored|graded|"
    r"documented|scored|examined|quantified)\b|\boutcomes? (?:included|includes?|were|was)\b"
)
HARM_EVENT = _rx(
    r"\b(?:developed|occurred|observed|noted|seen|reported|experienced|appeared|found|"
    r"presented|resolved|persisted)\b|\b\d+ (?:of|patients|cases|sides)\b"
)
AIM = _rx(
    r"^(?:to (?:evaluate|assess|determine|investigate|compare|describe|report|examine|explore|"
    r"characteri[sz]e|review|analy[sz]e|identify|study)|(?:we|this (?:study|article|paper|review|"
    r"work)|the (?:study|present study|review)) (?:aimed|aims|sought|seeks|set out|intended|"
    r"will)|the (?:aim|objective|purpose|goal)s? of|given its)\b"
)
NO_CASES = _rx(r"\b(?:no|none|not|without|zero|nil)\b")
NONE_DEVELOPED = _rx(r"\b(?:none of the|no) (?:patients?|subjects|participants|cases)\b")
SAFE_DARK_SKIN = _rx(
    r"\bsafe\b[^.;]{0,60}\b(?:dark|darker|skin of colou?r|all skin types|types? (?:iv|v|vi)|"
    r"indian|asian|african|black|ethnic)\b"
)

# --------------------------------------------------------------------------------- comparisons
BETTER = _rx(
    r"\b(?:significantly |markedly |considerably |much |slightly |statistically )?(?:more "
    r"effective|more efficacious|superior|better|greater|higher|more pronounced|more marked|"
    r"more improvement|faster|outperform(?:ed|s)?)\b"
)
WORSE = _rx(
    r"\b(?:significantly |markedly |considerably |much |slightly )?(?:less effective|less "
    r"efficacious|inferior|worse|less improvement|less pronounced|less marked)\b"
)
THAN = _rx(r"\b(?:than|over|compared (?:with|to)|versus|vs\.?|relative to)\b")
# "superior to", "inferior to": here "to" names the comparator.
TO_COMPARATOR = _rx(r"^\s*to\b")
# "significantly higher scar response to the laser": the treatment named after is the winner.
BETTER_WITH = _rx(
    r"\b(?:higher|greater|better|more|larger|stronger) (?:[\w-]+ ){0,3}(?:response|improvement|"
    r"efficacy|results?|outcomes?|reduction|scores?|effect|repigmentation|regrowth) (?:to|with|in|"
    r"after|for|on) (?:the )?(?P<winner>[^,.;]{2,60})"
)
NOT_EFFICACY = _rx(
    r"^\s*(?:tolerat|tolerability|pain|side|adverse|downtime|risk|complication|cost|expensive|"
    r"convenien|discomfort|safety|satisf|acceptab)"
)
EQUAL = _rx(
    r"\bas (?:\w+ )?(?:effective|efficacious|immunogenic|good|potent|successful|beneficial|"
    r"useful) as\b|\bequally (?:effective|efficacious)\b|\bcomparabl[ey]\b|\bsimilar(?:ly)? "
    r"(?:effective|efficacy|results|improvement|outcomes|efficacious|extent|response)\b|"
    r"\bequivalent\b|\bnon-?inferior\b|\bno (?:statistically )?significant differences?\b|"
    r"\bdid not differ\b|\bnot (?:statistically )?significantly different\b|\bno differences?\b|"
    r"\bsimilar(?:ly)? to\b|\bimproved similarly\b|\bto a similar extent\b|\bas much as\b|"
    r"\b(?:did|could) not (?:perceive|notice|detect|see) (?:a |any )?(?:\w+ )?difference\b"
)
BETWEEN = _rx(r"\bbetween (?P<a>[^.;]{2,80}?) and (?P<b>[^.;]{2,80}?)(?:[,.;(]|$| in | at | for )")
ALONE = _rx(r"\balone\b|\bmonotherapy\b|\bonly\b")
COMBINATION = _rx(
    r"\bcombin\w*|\baddition of\b|\badding\b|\bplus\b|\badjunct\w*|\bwith (?:a |an )?"
)
# Sentences that state the study's findings wherever they stand in the abstract.
FINDING_STATEMENT = _rx(
    r"\b(?:results?|findings|data|studies|study|analys[ie]s|observations|evaluations?) (?:\w+ )?"
    r"(?:indicate|indicated|show|showed|shown|demonstrate|demonstrated|suggest|suggested|reveal|"
    r"revealed|confirm|confirmed)\b|^(?:in conclusion|we conclude|overall|taken together|"
    r"in summary)\b"
)
MN_SUBJECT = _rx(
    r"^(?:[a-z-]+ ){0,2}(?:micro-?needling|skin needling|medical needling|collagen induction|"
    r"percutaneous collagen induction|(?:fractional )?(?:radiofrequency )?micro-?needl\w*)\b"
    r"[^.]{0,40}\b(?:is|are|was|has|have|can|may)\b"
)
CLAUSE_SPLIT = _rx(r";|,? but |,? however,? |,? whereas |,? although |,? though |,? while |,? yet ")
SUPPRESSOR = _rx(
    # "before it can be recommended", not "microneedling before ALA application appears to".
    r"\b(?:whether|if|unless)\b[^,;]*$|\bbefore\b[^,;]*\b(?:can|could|may|should|will|is|are|"
    r"be)\b[^,;]*$|\b(?:used|proposed|tried|applied|performed|aim(?:s|ed)?|"
    r"designed|intended|sought|order|attempt(?:s|ed)?|employed|investigated|evaluated|assessed|"
    r"studied|explored|developed) (?:\w+ ){0,2}to $|^\s*to $|\bobjective\b|\baim\b"
)
NOT_ONLY = _rx(r"\bnot only\b")
# The outcome of a treated case: the condition went away or did not come back. Read only when
# the abstract reports no adverse event, since harm reports end with the harm resolving.
RESOLVED = _rx(
    r"\bresolv(?:ed|es)\b|\bcleared\b|\bdisappeared\b|\bhealed\b|\brestored\b|"
    r"\brecovered\b|\bremission\b|\bcured\b|\bno (?:\w+ )?(?:recurrence|relapse)\b|"
    r"\bdid not (?:recur|relapse)\b|\bwithout (?:any )?(?:recurrence|relapse)\b"
)
FURTHER_STUDY = _rx(
    r"\b(?:studies|trials|research|data)\b[^.;]*\b(?:are|is) (?:\w+ )?(?:needed|"
    r"warranted|required)\b"
)
# Advice, caution and calls for more research state no finding: "caution is advised in darker
# skin", "longer follow-up is needed". Their harm words name risks to watch for, not events seen.
COUNSEL = _rx(
    r"\b(?:should|must|ought to|need to|needs to)\b|\b(?:is|are) (?:\w+ )?(?:needed|required|"
    r"warranted|advised|advisable|essential|mandatory|recommended)\b|\bcaution\b|\bcautious\w*|"
    r"\bprecautions?\b|\bbe aware\b|\bawareness\b|\bfurther (?:studies|trials|research)\b|"
    r"\b(?:longer|long-term) follow-up\b"
)
# Every arm improved: "both groups improved significantly", "all three regimens reduced".
BOTH_IMPROVED = _rx(
    r"\b(?:both|all(?: \w+)?|the two|each of the) (?:treatments?|groups?|arms?|sides?|modalities|"
    r"regimens|techniques|methods|procedures|therapies)\b[^.;]{0,40}?\b(?:improv\w*|reduc\w*|"
    r"decreas\w*|effective|beneficial|showed (?:significant )?improvement)"
)
# Settings of the procedure itself; a null comparison between them says nothing of its effect.
PARAMETER = _rx(
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
HARM_SUBJECT = _rx(
    r"\b(?:complications?|adverse (?:events?|effects?|reactions?)|side[- ]effects?)\b|"
    r"\b(?:after|following|induced by|associated with|due to|caused by|secondary to|complicating)"
    r" (?:[\w-]+ ){0,3}(?:micro-?needl\w*|needling|derma-?\s?roll\w*|derma-?\s?pens?)\b|"
    r"\b(?:micro-?needling|needling|derma-?\s?roll\w*)[- ](?:induced|associated|related)\b"
)
TREATMENT_TITLE = _rx(
    r"\b(?:efficacy|effectiveness|treatment of|versus|vs\.?|compar\w*|randomi[sz]ed|trial)\b"
)
# "X is a simple, safe and effective treatment for Y": the conclusion endorses X as a treatment.
ENDORSED = _rx(
    r"\b(?:is|are|was|were|represents?|remains?|offers?|provides?|constitutes?) (?:an? |the )?"
    r"(?:[\w-]+,? (?:and )?){0,4}(?:treatment|therapy|procedure|technique|modality|method|approach|"
    r"tool|option|choice|adjunct|addition)s? (?:for|in|of|to)\b"
)
CONCESSION = _rx(r"(?:although|though|even though|despite|while|whilst)\b")
ELLIPTICAL_NOT = _rx(r"\s*(?:(?:did|does|do|was|were|could|had) )?not\b")
CAUSED = _rx(
    r"\b(?:caus\w*|led to|leads? to|result(?:ed|s)? in|developed|induc\w*|increas\w*|rais\w*|"
    r"trigger\w*|provok\w*|produc\w*)\b"
)
# "increased the risk of scarring", "without an increase in side effects": a verb that would
# praise a treatment is about harm when its object is a harm.
RAISES = _rx(r"^(?:increas|enhanc|augment|promot|induc|rais|higher|greater|more)")
HARM_WORD = (
    r"\b(?:risks?|side[- ]effects?|adverse|complications?|toxicit\w*|morbidity|mortality|"
    r"infections?|bleeding|injur(?:y|ies))\b"
)
HARM_OBJECT = _rx(rf"^[^,;]{{0,25}}?{HARM_WORD}")


def clauses(lower: str) -> list[str]:
    return [c for c in CLAUSE_SPLIT.split(lower) if c.strip()]


def negated_cue(clause: str, start: int) -> bool:
    before = clause[:start]
    if NOT_ONLY.search(before[-20:]):
        return False
    return negated(clause, start, window=4)


def all_negated(pattern: re.Pattern[str], clause: str) -> bool:
    return all(
        negated_cue(clause, m.start()) or negated_after(clause, m.end())
        for m in pattern.finditer(clause)
    )
