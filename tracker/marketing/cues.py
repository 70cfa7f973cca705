"""The words of direction every claim shares, and the clause tools that read them.

A claim file says what its words are (the problems microneedling is said to treat, what it is
said to boost, the harms it is said to avoid); whether a sentence says microneedling makes one
of them more or less is told by the shared words here: "reduces", "boosts", "causes", "no",
"without", "fades within days". Everything is matched on folded (lower-case) text.
"""

from __future__ import annotations

import re
from typing import Literal

# How a cue moves what it governs: more of it, less of it, or "it is dealt with" (treats,
# improves, targets), which asserts a claim whichever way its words point.
# "deny" (only said after a word: "scarring is rare") says a harm hardly happens.
Move = Literal["up", "down", "affirm", "deny"]


def words(*alternatives: str) -> re.Pattern[str]:
    """One pattern for regex alternatives at word boundaries."""
    return re.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?![\w'])")


# --- the procedure ------------------------------------------------------------------------
# Names of the procedure, including the spellings of spun copy; "microneedling" in a claim
# phrase stands for any of them. "Collagen induction therapy" is the procedure's name, not the
# claim that it induces collagen.
PROCEDURE_RE = (
    r"micro[\s-]*n[e]{1,3}d{1,2}[a-z]{0,3}ing|micro[\s-]*needles?|micro[\s-]*needle[\s-]*rf"
    r"|derma[\s-]*(?:rol(?:l|ler|lers|ling)|pens?|stamps?|needling)"
    r"|skin[\s-]*needling|dermal[\s-]*needling|medical[\s-]*needling|nano[\s-]*needling"
    r"|(?:percutaneous[\s-]+)?collagen[\s-]+induction[\s-]+(?:therap(?:y|ies)|treatments?"
    r"|procedures?|sessions?)|percutaneous[\s-]+collagen[\s-]+induction|cit|pci"
    r"|(?:rf|radio[\s-]*frequency)[\s-]+micro[\s-]*needl\w*|morpheus[\s-]*8|potenza|vivace"
    r"|skin[\s-]*pens?|micro[\s-]*pens?"
    # "Collagen induction" is the procedure's name where copy names the procedure with it.
    r"|(?:(?<=known as )|(?<=called )|(?<=aka )|(?<=needling or )|(?<=needling, or ))"
    r"collagen[\s-]+induction"
)
PROCEDURE = words(PROCEDURE_RE)
# Who does the treating in a clause: the procedure, the treatment, the clinic.
TREATING_AGENT = words(
    PROCEDURE_RE,
    # Singular: "many treatments that rely on heat" is not the procedure speaking.
    r"treatment|procedure|sessions?|needl\w*|it|this|device|pen|roller|we|our clinic",
)

# --- cues governing a word from its left ---------------------------------------------------
_AFFIRM = (
    r"treat(?:s|ed|ing)?|treatments? (?:for|of)|targets?|target(?:ed|ing)|address(?:es|ed|ing)?"
    r"|correct(?:s|ed|ing)?|fix(?:es|ed|ing)?|improv\w*|help(?:s|ed|ing)?(?: with)?"
    r"|heal(?:s|ed|ing)?|repair(?:s|ed|ing)?|resolv\w*|cur(?:e|es|ed|ing)|remed\w+"
    r"|restor\w*|rejuvenat\w*|transform\w*|revitali[sz]\w*|tighten\w*|lift(?:s|ed|ing)?"
    r"|firm(?:s|ed|ing)?|plump(?:s|ed|ing)?(?: up)?|refresh\w*|renew\w*|calm\w*|sooth\w*"
    r"|unclog\w*|tackl\w*|works? (?:on|for|wonders (?:on|for))|effective (?:for|against|on|in)"
    r"|ideal for|great for|good for|best for|perfect for|suitable for|recommended for"
    r"|solution (?:for|to)|answer to|option for|results (?:for|on)|benefits?|safe (?:for|on)"
    r"|works? (?:well |great )?(?:on|for|with)|friendly|designed for|made for|even for"
)
_DOWN = (
    r"reduc\w*|diminish\w*|decreas\w*|lessen\w*|minimi[sz]\w*|fad(?:e|es|ed|ing)"
    r"|lighten\w*|brighten\w*|eras(?:e|es|ed|ing)|eliminat\w*|remov\w*|clear(?:s|ed|ing)?"
    r"|banish\w*|shrink\w*|shrank|shrunk\w*|smooth(?:s|es|ed|ing)?(?: out| away)?|soften\w*"
    r"|refin(?:e|es|ed|ing)|fill(?:s|ed|ing)? in|level(?:s|led|ing)?(?: out)?|flatten\w*"
    r"|even(?:s|ed|ing)? out|blur\w*|get(?:s|ting)? rid of|rid (?:you |your skin )?of"
    r"|(?:say|says|saying|kiss)? ?(?:goodbye|good-bye|bye[\s-]*bye|farewell) to|say no to"
    r"|combat\w*|fight\w*|battl\w*|break(?:s|ing)? (?:up|down)|broke (?:up|down)|dissolv\w*"
    r"|prevent\w*|stop(?:s|ped|ping)?|halt\w*|slow(?:s|ed|ing)?(?: down)?|revers\w*"
    r"|undo(?:es|ing)?|lower(?:s|ed|ing)?|cut(?:s|ting)?(?: down)?|drop(?:s|ped|ping)?"
    r"|declin\w*|los(?:e|es|ing)|deplet\w*|destroy\w*|damag\w*|thin(?:s|ning|ned)?(?: out)?"
    r"|weaken\w*|vanish\w*|disappear\w*|eradicat\w*|wip(?:e|es|ed|ing) (?:out|away)"
    r"|counteract\w*|break(?:s|ing)? down|degrad\w*|inhibit\w*|suppress\w*|block\w*"
)
_UP = (
    r"boost\w*|stimulat\w*|increas\w*|promot\w*|trigger\w*|induc\w*|kick[\s-]?start\w*"
    r"|jump[\s-]?start\w*|activat\w*|ramp(?:s|ed|ing)? up|enhanc\w*|encourag\w*|build\w*"
    r"|rebuild\w*|regenerat\w*|produc\w*|synthesi[sz]\w*|generat\w*|creat\w*"
    r"|grow(?:s|ing|n)?|regrow\w*|thicken\w*|strengthen\w*|maximi[sz]\w*|accelerat\w*"
    r"|amplif\w*|wak(?:e|es|ing) up|awaken\w*|unlock\w*|fuel\w*|spark\w*|supercharg\w*"
    r"|elevat\w*|double[sd]?|tripl\w*|caus(?:e|es|ed|ing)"
    r"|lead(?:s|ing)? to|led to|result(?:s|ed|ing)? in|leav(?:e|es|ing)(?: behind)?|left behind"
    r"|worsen\w*|aggravat\w*|exacerbat\w*|flare(?:s|d)?(?: up)?|spread\w*"
    r"|carr(?:y|ies|ied) (?:a |the |some )?risk|develop\w*|experienc\w*"
)
AFFIRM = words(_AFFIRM)
DOWN = words(_DOWN)
UP = words(_UP)

# --- what a word does, said after it ("scars fade", "collagen is boosted") -----------------
_PREDICATE_AUX = (
    r"(?:(?:is|are|was|were|will|can|could|may|might|should|would|does|do|did|has|have|had"
    r"|be|been|being|gets?|got|becomes?|looks?|appears?|seems?|feels?|start(?:s)? to|begins? to"
    r"|tends? to|continues? to"
    r"|visibly|noticeably|significantly|dramatically|gradually|quickly|naturally|typically"
    r"|usually|often|also|really|then|soon|even|much|far|will be|can be|also be|often be"
    r"|still|sometimes|occasionally|actually|very|extremely|highly|quite|fairly|incredibly"
    r"|all|been|both)\s+)*"
)
_PREDICATE_AFFIRM = (
    r"improv\w*|treated|treatable|better|addressed|corrected|repaired|healed|chang\w*|budg\w*"
    # "pores appear smaller", "scars look flatter": an improvement, said of either kind.
    r"|smaller|tighter|finer|less (?:visible|noticeable|obvious)|shallower|flatter|softer"
    r"|smoother|brighter|firmer|plumper|thicker|fuller|denser|healthier|clearer|more even"
    r"|refined|minimi[sz]ed"
)
_PREDICATE_UP = (
    r"increas\w*|boost\w*|stimulat\w*|grow(?:s|n)?|rise[sn]?|rose|double[sd]?"
    r"|occur\w*|happen\w*|develop\w*|appear\w*|form(?:s|ed)?|return\w*|worsen\w*|flare\w*"
    r"|induced|triggered|caused|left|created|produced"
    r"|(?:an? )?(?:known |small |real |possible |potential |common |recogni[sz]ed |serious )?"
    r"(?:risk|possibility|concern|side[\s-]effect|complication)"
    r"|(?:quite |very |fairly )?(?:common|possible|likely)|expected|aggravated|exacerbated"
    r"|(?:much |even )?worse|reported|documented|observed|described|seen"
)
_PREDICATE_DENY = (
    r"(?:very |extremely )?rare(?:ly)?|unlikely|minimal|negligible|low|(?:kept )?to a minimum"
    r"|lower|smaller|reduced|less|quick|fast|short|speedy|easy"
)
_PREDICATE_DOWN = (
    r"reduc\w*|decreas\w*|diminish\w*|fad(?:e|es|ed|ing)|shrink\w*|shrunk|disappear\w*"
    r"|vanish\w*|soften\w*|flatten\w*|lighten\w*|smooth\w*|minimi[sz]ed|eliminated|removed"
    r"|cleared|erased|declin\w*|drop\w*|slow\w*|gone|lost|broken down|resolv\w*|subsid\w*"
    r"|settl\w*"
)
PREDICATE = re.compile(
    # "Infection and scarring are rare": what is said of the last word is said of the first.
    r"(?:\s*(?:,|and|or|&)\s+(?!(?:it|they|this|we|you|which|that|there|so|but)(?![\w']))"
    r"[\w'-]+(?:\s+[\w'-]+){0,2}?){0,3}?"
    + r"\s*(?:-\s*)?"
    + _PREDICATE_AUX
    + r"(?P<neg>(?:not|never|no longer|n't|isn't|aren't|won't|doesn't|don't|cannot|can't"
    r"|wont|dont|doesnt|isnt|arent|cant|barely|hardly|scarcely|didn't|did not|didnt)\s+"
    r"(?:(?:be|a|an)\s+)*)?"
    + r"(?:(?P<up>"
    + _PREDICATE_UP
    + r")|(?P<deny>"
    + _PREDICATE_DENY
    + r")|(?P<down>"
    + _PREDICATE_DOWN
    + r")|(?P<affirm>"
    + _PREDICATE_AFFIRM
    + r"))(?![\w'])"
)
# A noun after a word that turns it into its loss ("collagen loss") or says it is dealt with.
SUFFIX_DOWN = re.compile(
    r"[\s-]*(?:loss|breakdown|depletion|decline|damage|degradation|reduction|removal"
    r"|fading|lightening|minimi[sz]ing|minimi[sz]ation|shrinking|clearance|elimination"
    r"|eraser?s?)(?![\w'])"
)
SUFFIX_UP = re.compile(
    r"[\s-]*(?:production|synthesis|formation|growth|regrowth|stimulation|induction|boost"
    r"|boosting|boosters?|booster|levels?|renewal|regeneration|building|builder|building"
    r"|increase|remodel\w*)(?![\w'])"
)
SUFFIX_FREE = re.compile(r"-?\s*free(?![\w'])")
# Words a governing cue reaches across ("reduces the appearance of stubborn acne scars").
SKIPPABLE = re.compile(
    r"(?:the|a|an|your|our|its|their|his|her|my|of|in|on|to|and|or|&|\+|even|deep|deeper"
    r"|stubborn|old|new|visible|unsightly|unwanted|annoying|embarrassing|appearance|look|looks"
    r"|signs?|severity|depth|visibility|size|amount|number|level|levels|look|texture|skin's"
    r"|natural|naturally|own|\w+ly|all|any|those|these|that|this|such|as|well|also|both"
    r"|with|from|by|for|up|out|down|away)"
)

# --- denial, mildness, severity ------------------------------------------------------------
# Said right before a harm: the harm is denied ("no downtime", "minimal risk of").
DENY_BEFORE = re.compile(
    r"(?:(?<![\w'])(?:no|zero|without(?: any| the)?|free (?:of|from)|never|minimal|minimum"
    r"|little(?: to no| or no)?|low|lower|less|reduced|rare|negligible|nil|hardly any"
    r"|virtually no|almost no|barely any|next to no|no more|no longer|not any|none of"
    r"|a fraction of(?: the)?"
    # "you won't have any scarring", "it doesn't leave dark spots"
    r"|(?:won't|will not|wont|don't|do not|dont|doesn't|does not|doesnt|never|didn't|did not)"
    r" (?:have|get|experience|see|notice|suffer(?: from)?|develop|cause|leave|give you))\s+"
    r"(?:(?:the|a|an|any|real|significant|serious|risk|risks|chance|chances|of|for)\s+)*)$"
)
NEGATOR = re.compile(
    r"(?<![\w'])(?:not|never|no(?! matter| wonder| doubt)|n't|cannot"
    r"|can't|won't|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|wont|dont|doesnt|isnt"
    r"|arent|cant|didnt|without|nor|neither|hardly|fails? to|unable to)(?![\w'])"
    # "not only", "doesn't just": more is claimed, nothing denied.
    r"(?!\s+(?:only|just|merely|simply)(?![\w']))"
)
RISK_OF = re.compile(
    # "a higher risk of burns and hyperpigmentation": a few words may come between.
    r"(?:(?<![\w'])(?:risks?|chances?|likelihood|danger|possibility|potential|incidence)"
    r"\s+(?:of|for)\s+(?:[\w'-]+(?:,|\s+(?:and|or))?\s+){0,4})$"
)
MILD = words(
    r"mild(?:ly)?|minor|slight(?:ly)?|little|temporar(?:y|ily)|transient|brief(?:ly)?"
    r"|short[\s-]?lived|short|fleeting|fades?|fading|subsides?|settles?(?: down)?|resolves?"
    r"|disappears?|goes away|wears? off|calms? down|normal|expected|minimal|light"
    r"|(?:for|within|after|in) (?:a |one |the )?(?:few|couple of|day or two|\d+(?:\s*-\s*\d+)?)"
    r"(?: to \d+)? ?(?:hours?|days?|hrs?)?|(?:24|48|72)\s*(?:-\s*\d+\s*)?(?:hours?|hrs?|h)"
    r"|a day or two|overnight|next day|by the next day"
    r"|(?:\d+(?:\s*-\s*\d+)?|a|one|two|three|a few|a couple of) (?:hours?|days?)"
)
SEVERE = words(
    r"severe(?:ly)?|serious(?:ly)?|significant(?:ly)?|prolonged|persistent|permanent(?:ly)?"
    r"|long[\s-]?lasting|long[\s-]?term|lasting (?:for )?(?:weeks|months)|for (?:several )?"
    r"(?:weeks|months)|chronic|intense|extreme|excruciating"
    r"|(?:for )?(?:up to )?(?:a|one|two|three|several|\d+) weeks?"
)

# --- what is not microneedling's doing -------------------------------------------------------
# Causes of a condition other than the procedure, as the subject of a cue ("acne can leave
# scars", "lasers can cause hyperpigmentation").
OTHER_AGENT = words(
    r"acne|breakouts?|pimples?|spots|blemish\w*|pregnan\w*|weight(?: gain| loss)?|growth spurts?"
    r"|puberty|injur\w*|surger\w*|operations?|burns?|accidents?|trauma|sun|sunlight|uv|sunburn"
    r"|lasers?|peels?|ipl|chemicals?|retinoids?|retinol|harsh|picking|squeezing|genetics?"
    r"|genes|hormon\w*|ag(?:e|es|ing|eing)|time|stress|smoking|pollution|diet|menopause"
    r"|inflammation|gravity|lifestyle|other treatments|dermabrasion|heat"
)
# Other treatments: a sentence about them and not the procedure makes no claim for it.
OTHER_TREATMENT = words(
    r"lasers?|peels?|ipl|chemicals?|retinoids?|retinol|fillers?|botox|creams?|surgery"
    r"|dermabrasion|microdermabrasion|hydroquinone|steroids?"
)
# Ageing as the reason a clause gives for a change: background, not a claim about the procedure.
AGEING = words(
    r"ag(?:e|es|ing|eing)|older|over time|with time|years|naturally|menopause|gravity|sun"
    r"|sun damage|uv|decades?"
)
# Where a clause ends for the search of a governing cue.
CLAUSE_BREAK = re.compile(
    r"[;:()\[\]?!]|\s-\s|--|(?<![\w'])(?:but|however|although|though|whereas|while|whilst|yet"
    r"|unlike|except)(?![\w'])"
)
SUBJECT_BREAK = re.compile(r",|(?<![\w'])(?:which|that|who|and|so|because|as|if|when)(?![\w'])")
RELATIVE = re.compile(r"(?<![\w'])(?:which|that|who)(?![\w'])")
# A harm named as the cause of something else ("skin caused by old breakouts").
AS_CAUSE = re.compile(
    r"(?<![\w'])(?:caused by|due to|left by|left behind by|resulting from|from|after)"
    r"\s+(?:[\w'-]+\s+){0,2}$"
)
# Prepositions that make the words after them a setting, not what the cue acts on ("trigger
# regrowth in patches of alopecia areata").
SETTING = re.compile(r"(?<![\w'])(?:in|on|across|within|among|for|around)(?![\w'])")
WORD = re.compile(r"[\w'][\w'-]*")
