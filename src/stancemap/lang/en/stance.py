"""English stance patterns: reported views and their rebuttals, and feelings held by others."""

from __future__ import annotations

import re

from .positions import CAMP_AGAINST, CAMP_FOR

# "Opponents claim (that) ...": who reports a view, with a report verb, and the view.
REPORT = re.compile(
    r"^(?P<who>[^.;:!?]{1,80}?)\s+(?:(?:will|would|may|might|are going to|is going to)\s+"
    r"(?:claim|say|argue|insist|tell you|state|suggest)|state(?:s|d)?|"
    r"claim(?:s|ed)?|say(?:s)?|said|argue(?:s|d)?|"
    r"insist(?:s|ed)?|contend(?:s|ed)?|suggest(?:s|ed)?|maintain(?:s|ed)?|believe(?:s|d)?|"
    r"think(?:s)?|thought|assert(?:s|ed)?|allege(?:s|d)?|warn(?:s|ed)?|complain(?:s|ed)?|"
    r"tell(?:s)? us|told us|would have (?:you|us) believe)\s+(?:that\s+)?(?P<view>.+)$",
    re.I | re.S,
)
# What a rebuttal calls the view ("simply not true", "a myth"): the source of a pattern.
FALSITY = (
    r"(?:simply\s+|just\s+|plainly\s+|flat\s+|dead\s+)?(?:not true|untrue|false|wrong|"
    r"nonsense|a myth|mistaken|misleading|incorrect|not the case|baseless|unfounded|rubbish|"
    r"far from the truth)\b"
)
# "that is", "they're", "such claims are": what a rebuttal opens with (a pattern's source).
IT_IS = (
    r"(?:that|this|it|they|he|she|such claims?|those claims?|the claim)\s+"
    r"(?:is|are|was|were|'s|'re|’s|’re)\s+"
)
# "..., but that is not true": the rebuttal that ends a report in the same sentence.
REBUTTAL_TAIL = re.compile(
    r"(?:[,;]\s*(?:but|yet|however)?|\s(?:but|yet|however))\b,?\s*"
    + IT_IS
    + FALSITY
    + r"[^.!?]*[.!?]?\s*$",
    re.I,
)
# "They are wrong." / "That is simply not true." / "Nonsense.": a rebuttal on its own.
REBUTTAL_NEXT = re.compile(
    r"^\s*(?:but\s+)?(?:" + IT_IS + FALSITY + r"|(?:nonsense|rubbish|not true|wrong)\b"
    r"|(?:nothing|that|this|it)\s+(?:could|can|can't|couldn't|could not|can not|cannot)\s+"
    r"(?:be\s+)?(?:further|farther)\s+from\s+the\s+truth)",
    re.I,
)
# The speaker's own words ("I / we said ...") are never read as someone else's view.
FIRST_PERSON = frozenset({"i", "we"})

# "Those who are enthusiastic about X should know ...": a relative clause that describes the
# people a speaker addresses or warns, up to the modal of the main clause. Its feelings are
# theirs (the speaker usually disowns them), so they are not the speaker's sentiment.
HOLDER = re.compile(
    r"\b(?:those|people|anyone|anybody|everyone|everybody|someone|somebody|others|the ones)"
    r"\s+who\b[^.;:!?]*?(?=\b(?:should|must|ought|needs? to|ha(?:ve|s) to|will|would|"
    r"can|cannot|could|may|might|shall)\b)",
    re.I,
)

# "It would do lasting harm", "the levy will cost jobs": a statement that opens
# with the measure (a pronoun or a measure noun) and what it would do. What it says of the
# measure's effects is good from its supporters and bad from its opponents.
EFFECT_OPENING = re.compile(
    r"^(?:that\s+)?(?:it|this|(?:the|this|such\s+an?)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:bill|measure|legislation|proposal|plan|policy|law|reform|scheme|ban|levy|tax|"
    r"mandate|programm?e|pilot|move|change))\s+(?:would|will|could|might|may|is going to)\s+",
    re.I,
)
# "(called) the lawsuit spiteful", "the veto a disgrace": a statement that opens with an act
# taken against the measure under debate, named by a noun that is nothing but such an act.
# What it says of that act is the other way round for the measure: to call the lawsuit
# against it spiteful supports the measure.
COUNTER_ACT_OPENING = re.compile(
    r"^(?:(?:the|this|that|a|an|their|his|her|its)\s+)?(?:[\w.-]+(?:'s|’s)\s+)?"
    r"(?:(?:new|latest|legal|federal|state|court|proposed)\s+)?"
    r"(?:lawsuits?|legal\s+challenges?|court\s+challenges?|vetoe?s?|repeal|injunction)\b"
    r"(?!\s+(?:to|for|in favou?r)\b)",
    re.I,
)
# Where the effect that opens such a statement ends: a comma, a reason, a condition, a turn.
EFFECT_END = re.compile(
    r"[,;:.!?]|\s(?:as|because|since|if|unless|but|while|although|though|so that)\s", re.I
)
# A complaint that the measure came without the people it touches ("Nobody asked the
# people who live here", "drivers were never consulted", "drafted without consulting
# staff"): against the measure, unless the question asks for that say itself (a
# referendum, a vote, a consultation).
PROCESS_COMPLAINT = re.compile(
    r"\b(?:nobody|no one|no-one|not one (?:official|person|minister))\s+(?:ever\s+)?"
    r"(?:asked|consulted|listened to|sat down with)\s+"
    r"(?!why\b|whether\b|how\b|what\b|if\b|to\b|about\b|for\b)"
    r"|\b(?:were|have been|had been)\s+(?:never|not)\s+(?:even\s+)?"
    r"(?:asked|consulted)\b(?!\s+(?:to|about|for|whether|if)\b)"
    r"|\bwithout\s+(?:any\s+)?(?:consulting|consultation|asking(?!\s+questions))\b",
    re.I,
)
PROCESS_QUESTION = re.compile(r"\b(?:referendum|vote|ballot|consult\w*|plebiscite)\b", re.I)
# A statement that opens by naming a camp of the debate ("the bill's loudest critics",
# "critics of the closure", "those defending the ban", "its sponsors"), with what the camp is
# of (``owner``: "the bill's", "of the closure", "defending the ban").
CAMP_NAMED = re.compile(
    r"^(?:that\s+)?(?:(?:many|some|most|all|the|its|their|these|of)\s+)*"
    r"(?:(?P<owner>[\w-]+(?:'s|’s|s'|s’))\s+)?"
    r"(?:(?:loudest|fiercest|most\s+vocal|main|chief|biggest|leading|staunchest|noisiest|"
    r"so-called)\s+)?"
    rf"(?:(?P<against>{CAMP_AGAINST}|opposition)|(?P<for>{CAMP_FOR}|sponsors|authors|architects)"
    r"|(?:those|people|groups|campaigners|activists)\s+(?:who\s+(?:are\s+|were\s+)?)?"
    r"(?:(?P<for_doing>defending|backing|supporting|pushing\s+for|championing|"
    r"campaigning\s+(?:for|to)|calling\s+for|behind)|(?P<against_doing>opposing|fighting|"
    r"resisting|campaigning\s+against))\s+(?P<what>(?:(?!(?:is|are|was|were|has|have)\s)[\w-]+\s+){0,3}"
    r"(?!(?:is|are|was|were|has|have)\s)[\w-]+))"
    r"(?:\s+(?:of|for)\s+(?P<of>(?:(?:the|this|that|its|their|a|an)\s+)?"
    r"(?:(?!(?:is|are|was|were|has|have|say|says|said)\s)[\w-]+\s+){0,2}"
    r"(?!(?:is|are|was|were|has|have|say|says|said)\s)[\w-]+))?\s+",
    re.I,
)
# What a statement says a camp is, after its name: to describe the other camp's people is
# to attack them, so the speaker takes the side against that camp ("... were paid-up friends
# of the platforms", "... are a coalition of the permanently outraged"). Only a description
# (a quote, "a ...", "nothing but ..."), not a report of what the camp is or does ("critics
# are right", "supporters were jubilant", "opponents were outnumbered", "critics were a
# minority").
CAMP_DESCRIPTION = re.compile(
    r"(?:is|are|was|were|have\s+been|has\s+been)\s+(?:being\s+)?"
    r"(?:[\"“‘']|(?:a|an|just|only|simply|merely|nothing\s+but|little\s+more\s+than)\s+"
    r"(?!(?:minority|majority|few|handful|number|group|credit|asset|blessing|success|"
    r"inspiration|model|example|force\s+for\s+good)\b))",
    re.I,
)
# Cues that name the camp of the statement's opening as something ("called the bill's
# sponsors 'auctioneers'", "described its backers as ..."): an attack on that camp.
NAME_CALLING = re.compile(
    r"^(?:call(?:s|ed)?|described?|describes|dismiss(?:es|ed)?|brand(?:s|ed)?|label(?:s|l?ed)?|"
    r"paint(?:s|ed)?|portray(?:s|ed)?|lik(?:ens|ened))$",
    re.I,
)
# A camp's view reported to be answered: "Supporters say higher wages boost spending, but X
# said ...", "Critics call the plan unlawful, but X said ...", "Critics say ..., X said,
# 'but ...'". Whoever answers the camp with "but" takes the other side from it. Matched
# on one sentence (``text.sentence_spans``), so a full stop here is an abbreviation's.
CAMP_ANSWERED = re.compile(
    r"^\W*(?:(?:many|some|most|the|its|their|these|those)\s+)*"
    r"(?:(?P<owner>[\w-]+(?:'s|’s|s'|s’))\s+)?"
    rf"(?:(?P<against>{CAMP_AGAINST})|(?P<for>{CAMP_FOR}))\s+"
    r"(?:of\s+(?P<of>(?:the|this|its)\s+(?:[\w-]+\s+){0,2}?[\w-]+)\s+)?"
    r"(?:say|said|claim(?:ed)?|argue(?:d)?|insist(?:ed)?|contend(?:ed)?|maintain(?:ed)?|"
    r"believe(?:d)?|point(?:ed)?\s+to|promise(?:d)?|call(?:ed)?|warn(?:ed)?|predict(?:ed)?|"
    r"suggest(?:ed)?|note(?:d)?|complain(?:ed)?|fear(?:ed)?|hope(?:d)?)\b"
    r"[^;!?]*?(?:[,;]\s*|\s|[\"“‘'])but\b",
    re.I,
)
# A speaker who says the measure is nothing to fear ("he was not worried about the cap",
# "she did not fear foreign banks", "honest users have nothing to fear from it", "saw
# nothing wrong with working Sundays", "would not vote against the bill"): support of what
# follows, as a supporting cue's object is read.
UNWORRIED = re.compile(
    r"\b(?:(?:was|is|am|are|were|be|been|'m|'re|felt|feel|feels)\s+(?:not|never)|"
    r"(?:isn't|wasn't|aren't|weren't|isn’t|wasn’t|aren’t|weren’t))\s+"
    r"(?:at\s+all\s+|too\s+|remotely\s+|particularly\s+)?(?:worried|afraid|concerned|"
    r"scared|frightened|fearful|nervous|bothered|troubled|alarmed)\s+(?:about|of|by)\b|"
    r"\b(?:did|do|does)\s*(?:not|n't|n’t)\s+(?:fear|mind|object\s+to|resent|begrudge)\b|"
    r"\bnothing\s+to\s+fear(?:\s+from)?\b|"
    r"\b(?:saw|see|sees|found|find|finds)\s+nothing\s+wrong\s+(?:with|in)\b|"
    r"\bno\s+objections?\s+to\b|"
    r"\b(?:would|will|wo)\s*(?:not|n't|n’t|never)\s+(?:vote|stand|campaign|fight)\s+against\b",
    re.I,
)
# How sure the effect's sentiment (VADER compound, -1..1) must be to say a side.
EFFECT_SENTIMENT = 0.25
# Typographic quotes and apostrophes, as the ASCII ones a lexicon reader strips from words.
STRAIGHT_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'}
)
# A statement that is only a name ("the Harbour Gazette", "Radio Nord 4", what "told the
# Harbour Gazette" leaves when the recipient is read as the content): capitalised words, a
# determiner at most before them, nothing that could state a view.
NAME_ONLY = re.compile(r"^(?:the\s+)?(?:[A-Z0-9][\w.&'’-]*\s*){1,6}$")
# A statement that says the speaker takes no side yet: "open to more discussion", "has not
# decided", "refused to comment", "nothing more to say", "set out the figures without
# offering a view", "abstained", "voted present". Read (with the cue before the statement:
# "declined | to take a position") only in a statement that takes no side by rule (a cue,
# a verb of its own, an effect).
UNDECIDED = re.compile(
    r"\b(?:open to (?:further |more )?(?:debate|discussion|talks|the idea|persuasion)"
    r"|(?:has|have|had)(?:\s+not|n't|n’t|\s+yet\s+to)\s+(?:yet\s+)?(?:decided|made up (?:his|her|"
    r"their|its|my|our) minds?|taken (?:a|any) (?:position|stance|view|side))"
    r"|undecided|on the fence|keep(?:s|ing)? an open mind|too (?:early|soon) to (?:say|tell)"
    r"|(?:declined|refused|would not|wouldn't|did not|didn't|will not|won't) (?:to |be )?"
    r"(?:comment|say|take (?:a )?(?:position|side|sides|stance)|(?:give|giving|offer(?:ing)?|"
    r"share|sharing|express(?:ing)?|state|stating) (?:(?:a|an|any) (?:personal |own )?|"
    r"(?:his|her|their|its|my|our) (?:personal|own) )(?:view|opinion|position|preference)"
    r"(?! that))"
    r"|(?:not to|did not|didn't|would not|will not) (?:make|issue|give) (?:a |any )?"
    r"recommendation(?! to)"
    r"|nothing (?:more |further |concrete )?to say|no (?:position|view|stance) (?:on|yet)"
    r"|without (?:offering|giving|expressing|taking) (?:a|any) (?:view|opinion|position|side|"
    r"stance)|made no recommendation|t(?:ake|akes|ook|aken) no (?:position|side|stance|view)"
    r"|(?:remain|remains|remained|stay|stays|stayed) neutral|would not be drawn"
    r"|abstain(?:s|ed|ing)?|abstentions?|vot(?:e|es|ed|ing) present"
    # deferring the question to someone else ("not his role to take a view", "the decision
    # belonged to the council", "it was for the voters to decide")
    r"|not (?:his|her|its|our|my|their|the [\w’'-]+(?:'s|’s)) (?:role|place|job|business|task)"
    r" to (?:take|express|give|offer|have) (?:a |any )?(?:view|position|side|stance|opinion)"
    r"|decision(?: [\w’'-]+){0,3} (?:belong(?:s|ed)?|rest(?:s|ed)?|l(?:ies|ay)) (?:to|with)"
    r"|(?:is|was|were|are|remains?|remained) (?:(?:a matter|one|a question|a decision) for"
    r"|up to|for) (?:the )?(?:[\w’'-]+ ){1,3}(?:alone )?to (?:decide|determine|settle))\b",
    re.I,
)
# How much of an undecided statement's reading is neutral (the rest is the model's).
UNDECIDED_SHARE = 0.6

# Who attacks whom. A cue that attacks the person it acts on ("accused Bergin of
# scaremongering", "turned on Mr Vance", "hit out at the mayor"): its speaker takes the other
# side from that person's. One that praises or sides with them: the same side.
ATTACK_CUE = re.compile(
    r"^(?:accus(?:e|es|ed|ing)|blam(?:e|es|ed|ing)|attack(?:s|ed|ing)?|"
    r"critici[sz](?:e|es|ed|ing)|slam(?:s|med|ming)?|blast(?:s|ed|ing)?|"
    r"condemn(?:s|ed|ing)?|denounc(?:e|es|ed|ing)|mock(?:s|ed|ing)?|ridicul(?:e|es|ed|ing)|"
    r"dismiss(?:es|ed|ing)?|rebuk(?:e|es|ed|ing)|chastis(?:e|es|ed|ing)|"
    r"turn(?:s|ed|ing)? on|round(?:s|ed|ing)? on|hit(?:s|ting)? out at|"
    r"lash(?:es|ed|ing)? out at|t(?:ake|akes|ook|aking) aim at)$",
    re.I,
)
PRAISE_CUE = re.compile(
    r"^(?:prais(?:e|es|ed|ing)|thank(?:s|ed|ing)?|defend(?:s|ed|ing)?|hail(?:s|ed|ing)?|"
    r"commend(?:s|ed|ing)?|applaud(?:s|ed|ing)?|sid(?:e|es|ed|ing) with|"
    r"agre(?:e|es|ed|eing) with|st(?:and|ands|ood) (?:by|with))$",
    re.I,
)
# A statement that opens by reporting another speaker's view ("Mr Garrity says they will
# learn it badly at fourteen. Then teach it well.", "Councillor Sundqvist likes to say that
# ..."): quoted to be answered, so its speaker is on the other side from that speaker's.
VIEW_REPORTED = re.compile(
    r"^\W*(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Councillor|Senator|Minister|Mayor)\.?\s+)?"
    r"(?:[A-Z][\w’'-]+\s+){0,2}(?P<name>[A-Z][\w’'-]+)\s+"
    r"(?:(?:likes|loves|wants|keeps|tries|would like|would have you) to\s+)?"
    r"(?:says?|said|claims?|claimed|argues?|argued|insists?|insisted|thinks|believes|"
    r"tells (?:us|you|people)|told (?:us|you|people)|believe)\b",
)
# Capitalised words that open a sentence or an object without naming anyone, and titles
# before a name ("accused Councillor Bergin").
NOT_NAMES = frozenset(
    """they he she we i it you people critics opponents supporters some many others the this
    that those these mr mrs ms miss dr prof sir dame lord lady councillor councilman
    councilwoman senator sen rep representative minister mayor governor gov president
    chancellor premier secretary judge chief alderman deputy""".split()
)
# How clear another speaker's side must be (summed support minus oppose over their other
# statements in the document) for a statement about them to take a side from it.
RELATION_MARGIN = 0.3
