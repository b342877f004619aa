"""Words that describe where someone stands without quoting them: "backed by X", "X voted
against the bill", "signatories include X", "X, who supports the measure"."""

from __future__ import annotations

import re

# A sentence that opens with the question put to its speaker ("Asked whether the ministry
# backed the plan, X said ..."): a position cue in that opening is what was asked, not
# anyone's position. Only the opening: "Reporters asked if talks had stalled as X
# campaigned for it" places X.
ASKED_WHETHER = re.compile(
    r"^\W*(?:when\s+|after\s+being\s+)?(?:asked|pressed|questioned)\s+(?:whether|if)\b[^,;:]*$",
    re.I,
)

# Putting a measure before a body ("tabled a motion", "filed a bill"): the side of what it
# asks for.
_TABLED = (
    r"(?:tabl|fil|introduc)(?:e|es|ed|ing) (?:a|an|the|its|his|her|their) "
    r"(?:[a-z-]+ )?(?:motion|bill|amendment|resolution|petition)"
)
# Asking someone to act ("lobbied councillors to approve it", "petitioned the mayor to halt
# the works", "called on the government to scrap it"): like "urged", for the act asked for.
_URGING = (
    r"(?:lobb(?:ies|ied|ying)|petition(?:ed|ing)|call(?:s|ed|ing)? on|"
    r"press(?:es|ed|ing)? for|appeal(?:s|ed|ing)? to)"
)
# A word between a protest verb and its "against": none that opens a clause or names an
# argument ("demonstrated that the case against ..." is no protest).
_GAP_WORD = r"(?!(?:that|which|who|whether|the\s+case|claims?|arguments?)\b)[\w'’-]+(?:[,.]\d+)*"
_CONCERNS = r"rais(?:e|es|ed|ing) (?:serious |grave |strong )?concerns? (?:about|over)"
# Acts of protest against something ("marched through the centre against the plan",
# "collected 20,000 signatures against it", "in protest at the sale"), and other phrases
# of opposition ("advised against", "objected to", "pushed back against", "raised concerns
# about", "voted down"); and of support ("rallied behind", "gave its blessing to",
# "applauded").
_PROTEST = (
    r"(?:(?:protest|march|demonstrat|rall(?:y|ie|ied)|lobb(?:y|ie|ied)|mobili[sz]|strike|"
    r"struck|picket|walk(?:ed)? out|boycott)[a-z]*(?: " + _GAP_WORD + r"){0,4}? against|"
    r"(?:collect|gather|deliver|hand(?:ed)? in|submit|launch|start|organi[sz])[a-z]*"
    r"(?: " + _GAP_WORD + r"){0,5}? (?:petitions?|signatures) against|"
    r"in protest (?:at|against|over)|"
    r"advis(?:e|es|ed|ing) against|object(?:s|ed|ing)? to|"
    r"push(?:es|ed|ing)? back (?:against|on)|" + _CONCERNS + r"|vot(?:e|es|ed|ing) down)"
)
_RALLIED = (
    r"(?:rall(?:y|ies|ied|ying) (?:behind|around|to)|"
    r"g(?:ive|ives|ave|iven|iving) (?:its|their|his|her) blessing to|applaud(?:s|ed|ing)?)"
)
# Attacking a camp of the debate ("turned on the plan's critics", "hit out at its
# backers"): against what it acts on, so for the measure when that is its critics
# (:data:`OPPONENT_WORDS`). A cue only before a camp: "the vote turned on X's amendment",
# "took aim at Greenpeace over ..." place no one.
# The camps of a debate, named as groups of people (plural): against the measure, for it.
CAMP_AGAINST = "critics|opponents|detractors|naysayers|sceptics|skeptics|objectors"
CAMP_FOR = "supporters|backers|advocates|proponents|champions|defenders|cheerleaders"


def _one_or_more(camp: str) -> str:
    """A camp's words, each singular or plural ("critics?")."""
    return "|".join(w.removesuffix("s") + "s?" for w in camp.split("|"))


_ATTACK_VERBS = (
    r"(?:turn(?:s|ed|ing)? on|round(?:s|ed|ing)? on|hit(?:s|ting)? out at|"
    r"lash(?:es|ed|ing)? out at|t(?:ake|akes|ook|aken|aking) aim at)"
)
_TURNED_ON = (
    _ATTACK_VERBS
    + r"(?=\s+(?:(?:the|its|their|his|her|some|many|all)\s+)?(?:[\w’'-]+(?:'s|’s)\s+)?"
    + rf"(?:{CAMP_AGAINST}|{CAMP_FOR})\b)"
)
# A cue of a described position: a side-taking noun, verb or phrase. Every person or
# organisation named in the sentence that holds one, and who has no statement of their own
# there, is placed by that sentence.
POSITION_CUE = re.compile(
    r"\b(?:supporters?|backers?|advocates?|proponents?|champions?|opponents?|critics?|"
    r"signator(?:y|ies)|signed|campaigners?|"
    r"put (?:his|her|their|its|my|our) names? (?:to|on)|"
    r"back(?:s|ed|ing)?|support(?:s|ed|ing)|endors(?:e|es|ed|ing|ement)|"
    r"oppos(?:e|es|ed|ing|ition)|"
    r"favou?r(?:s|ed)?|in favou?r of|reject(?:s|ed|ing)?|vot(?:e|es|ed|ing) (?:for|against)|"
    r"campaign(?:s|ed|ing)? (?:for|against)|lobb(?:y|ies|ied|ying)|push(?:es|ed)? for|"
    r"call(?:s|ed)? for|urg(?:e|es|ed|ing)|"
    + _URGING
    + r"|welcom(?:e|es|ed|ing)|prais(?:e|es|ed|ing)|"
    r"slam(?:s|med)?|condemn(?:s|ed|ing)?|critici[sz](?:e|es|ed|ing)|" + _TURNED_ON + r"|"
    r"spok(?:e|en) out|c(?:a|o)me out (?:against|for|in favou?r)|led by|funded by|"
    r"(?:is|are|be|been|stands?) (?:\w+ly )?against|"
    r"g(?:ive|ives|ave|iven|iving) (?:its |their |his |her |final |formal |initial )?"
    r"(?:approval|backing|support|the go-ahead|the green light) (?:to|for)|"
    r"rul(?:e|es|ed|ing) out|"
    r"thr(?:ow|ows|ew|own|owing) (?:his|her|their|its|our|my) (?:full )?weight behind|"
    + _TABLED
    + r"|"
    + _PROTEST
    + r"|"
    + _RALLIED
    + r"|"
    r"abstain(?:s|ed|ing)?|vot(?:e|es|ed|ing) present|"
    r"pro-[a-z]+|anti-[a-z]+)\b",
    re.I,
)
# A camp in a vote named by its side ("for the Stay campaign", "on the Yes side, X",
# "the No camp"): capitalised, as a name. Who it places is the subject of the clause, and
# its side is the camp's word toward the question (:data:`CAMP_SIDE`).
CAMP_CUE = re.compile(
    r"\b(?:the|a) (?:Yes|No|Leave|Remain|Stay|Out|In|Aye|Nay)(?: campaign| camp| side)s?\b"
)
CAMP_SIDE = re.compile(
    r"^(?:the|a) (?:(?P<yes>yes|aye)|(?P<no>no|nay)|(?P<word>\w+))"
    r" (?:campaign|camp|side)s?$",
    re.I,
)
# A sentence that opens by naming members of the group the sentence before it placed
# ("Thirty councillors opposed the levy. Among them were X and Y."): it continues that
# sentence's position, and its names hold the earlier cue. Not a group the sentence itself
# defines ("Among the eleven who voted no was X": the sentence before may say something else).
CONTINUES_LIST = re.compile(
    r"\W*(?:among (?:them|those|these|the [a-z]+)\b(?!,?\s+(?:who|that|which|whom)\b)"
    r"|(?:they|those|these) (?:include|included)\b"
    r"|(?:the )?(?:others|rest) (?:include|included|are|were)\b)",
    re.I,
)
# Position cues that name the holders of a side and nothing else ("the signatories", "its
# backers"), and what says what side they hold after them ("supporters of the levy"): with
# no such object, the side is the one the sentence before states ("... sent an open letter
# urging the council to act. Among the signatories were X and Y").
HOLDER_NOUN = re.compile(
    r"supporters?|backers?|advocates?|proponents?|champions?|opponents?|critics?|"
    r"signator(?:y|ies)|campaigners?",
    re.I,
)
HOLDER_OBJECT = re.compile(r"\s+(?:of|for|against|in favou?r)\b", re.I)
# Holders of a document, not of a side: what they signed ("a letter defending the centre")
# is the sentence before's, and its cue says their side. "Supporters", "critics" hold the
# debate's sides, whatever the sentence before says.
SIGNATORIES = re.compile(r"signator(?:y|ies)", re.I)
# A position cue that is an active verb ("X rejected Y's call", "X urged Y to"): who it
# names after itself is what it acts on, not a holder of the position (unless "by" follows:
# "backed by X").
ACTIVE_VERB_CUE = re.compile(
    r"^(?:signed|put (?:his|her|their|its|my|our) names? (?:to|on)|"
    r"back(?:s|ed|ing)?|support(?:s|ed|ing)|endors(?:e|es|ed|ing)|oppos(?:e|es|ed|ing)|"
    r"favou?r(?:s|ed)|reject(?:s|ed|ing)?|vot(?:e|es|ed|ing) (?:for|against)|"
    r"campaign(?:s|ed|ing)? (?:for|against)|lobb(?:y|ies|ied|ying)|push(?:es|ed)? for|"
    r"call(?:s|ed)? for|urg(?:e|es|ed|ing)|" + _URGING + r"|welcom(?:e|es|ed|ing)|"
    r"prais(?:e|es|ed|ing)|slam(?:s|med)?|condemn(?:s|ed|ing)?|critici[sz](?:e|es|ed|ing)|"
    r"g(?:ive|ives|ave|iven|iving) (?:its |their |his |her |final |formal |initial )?"
    r"(?:approval|backing|support|the go-ahead|the green light) (?:to|for)|"
    r"rul(?:e|es|ed|ing) out|(?:is|are|be|been|stands?) (?:\w+ly )?against|"
    r"thr(?:ow|ows|ew|own|owing) (?:his|her|their|its|our|my) (?:full )?weight behind|"
    + _TABLED
    + r"|"
    r"abstain(?:s|ed|ing)?|vot(?:e|es|ed|ing) present)$",
    re.I,
)
# The members a party's or group's name qualifies, between the name and its verb ("Labour
# councillors abstained", "the Green group abstained", "Tory MPs voted against").
GROUP_HEAD = re.compile(
    r"^(?:[a-z]+\s+)?(?:councill?ors?|members?|groups?|mps|meps|lawmakers|legislators|"
    r"senators|deputies|delegates|representatives|party|caucus|bloc|faction|delegation|"
    r"ministers|peers)\s+",
    re.I,
)
PASSIVE_AFTER = re.compile(r"\s+by\b", re.I)
# What makes a cue the position of the name after it rather than the sentence's first cue
# ("backed the levy despite opposition from X", "a plan backed by Y").
AGENT_AFTER = re.compile(r"\s+(?:by|from)\b", re.I)
# Entity labels (spaCy's English scheme) that can hold a position: people, organisations,
# parties and groups.
POSITION_HOLDERS = frozenset({"PERSON", "ORG", "NORP"})
# A preposition of place right before a name the parser took for an organisation: where
# it happened, not who ("marched through Carrickmore in protest").
PLACE_BEFORE = re.compile(r"\b(?:through|across|outside|around|near|into|along|in)\s+$", re.I)
# ... unless a relative clause says what the name did ("strongest in the Green Party, which
# objected to ...").
RELATIVE_AFTER = re.compile(r",?\s*(?:which|who)\b", re.I)
# The side a cue takes toward what it acts on ("X rejected the plan", "backed by X",
# "critics of the levy"): +1 for, -1 against. Read by the stance stage when the cue acts on
# the measure (:func:`stancemap.stance.cues.cue_polarity`).
PRO_CUE = re.compile(
    r"^(?:supporters?|backers?|advocates?|proponents?|champions?|signator(?:y|ies)|"
    r"sign(?:s|ed|ing)?|put (?:his|her|their|its|my|our) names? (?:to|on)|"
    r"back(?:s|ed|ing)?|support(?:s|ed|ing)?|endors(?:e|es|ed|ing|ement)|favou?r(?:s|ed)?|"
    r"in favou?r(?: of)?|welcom(?:e|es|ed|ing)|prais(?:e|es|ed|ing)|hail(?:s|ed|ing)?|"
    r"urg(?:e|es|ed|ing)|call(?:s|ed)? for|push(?:es|ed)? for|campaign(?:s|ed|ing)? for|"
    + _URGING
    + r"|"
    r"vot(?:e|es|ed|ing) for|pro-[a-z]+|promot(?:e|es|ed|ing)|introduc(?:e|es|ed|ing)|"
    r"sponsor(?:s|ed|ing)?|sp(?:eak|eaks|oke|oken) (?:out )?(?:for|in favou?r of)|"
    r"restart(?:s|ed|ing)?|reviv(?:e|es|ed|ing)|expand(?:s|ed|ing)?|renew(?:s|ed|ing)?|"
    r"approv(?:e|es|ed|ing)|adopt(?:s|ed|ing)?|pass(?:es|ed|ing)?|"
    r"thr(?:ow|ows|ew|own|owing) (?:his|her|their|its|our|my) (?:full )?weight behind|"
    + _TABLED
    + r"|"
    + _RALLIED
    + r"|"
    r"g(?:ive|ives|ave|iven|iving) (?:its |their |his |her |final |formal |initial )?"
    r"(?:approval|backing|support|the go-ahead|the green light) (?:to|for))$",
    re.I,
)
CON_CUE = re.compile(
    r"^(?:opponents?|critics?|opposition|oppos(?:e|es|ed|ing)|reject(?:s|ed|ing)?|"
    r"slam(?:s|med)?|condemn(?:s|ed|ing)?|critici[sz](?:e|es|ed|ing)|denounc(?:e|es|ed|ing)|"
    r"block(?:s|ed|ing)?|attack(?:s|ed|ing)?|blast(?:s|ed)?|campaign(?:s|ed|ing)? against|"
    + _ATTACK_VERBS
    + r"|"
    r"vot(?:e|es|ed|ing) against|spok(?:e|en) out|anti-[a-z]+|fight(?:s|ing)?|fought|"
    r"sp(?:eak|eaks|oke|oken) (?:out )?against|repeal(?:s|ed|ing)?|scrap(?:s|ped|ping)?|"
    r"halt(?:s|ed|ing)?|overturn(?:s|ed|ing)?|veto(?:es|ed|ing)?|warn(?:s|ed|ing)?|"
    r"fear(?:s|ed|ing)?|" + _PROTEST + r"|"
    r"(?:is|are|be|been|stands?) (?:\w+ly )?against|rul(?:e|es|ed|ing) out)$",
    re.I,
)
# Who a side-taking verb inside a statement may have as its subject for the side to be the
# speaker's: a personal pronoun ("she supports the levy"), a statement ("an open letter
# welcoming the plan"), or nothing ("to block the levy"); else the speaker's own name.
INNER_PRONOUNS = frozenset({"i", "we", "he", "she", "they", "it"})
STATEMENT_NOUNS = frozenset(
    """statement statements letter release resolution report post tweet petition submission
    op-ed editorial""".split()
)
# Side-taking cues that are nouns or adjectives ("critics", "pro-EU"): inside a statement they
# name other people or describe, and are not the statement's own verb.
NOUN_CUE = re.compile(
    r"^(?:supporters?|backers?|advocates?|proponents?|champions?|signator(?:y|ies)|opponents?|"
    r"critics?|opposition|endorsement|pro-[a-z]+|anti-[a-z]+)$",
    re.I,
)
# "accused X of ...", "blamed X for ...": the speaker takes the other side from what X is
# accused of ("of obstructing the reform": for the reform; "of pro-EU scaremongering":
# against the EU). Read only when what X did takes a side.
ACCUSE_CUE = re.compile(r"^(?:accus(?:e|es|ed|ing)|blam(?:e|es|ed|ing))$", re.I)
# Cues that are acts done to something ("approved a coin", "renewed its demand", "vetoed the
# budget", "tabled a motion to keep the notices in print", "raised concerns about delays"):
# they take a side on the measure only when their object names it (a measure noun or the
# question's subject); on anything else they say nothing.
ACT_CUE = re.compile(
    r"^(?:restart(?:s|ed|ing)?|reviv(?:e|es|ed|ing)|expand(?:s|ed|ing)?|renew(?:s|ed|ing)?|"
    r"approv(?:e|es|ed|ing)|adopt(?:s|ed|ing)?|pass(?:es|ed|ing)?|repeal(?:s|ed|ing)?|"
    r"scrap(?:s|ped|ping)?|" + _TABLED + r"|" + _CONCERNS + r"|"
    r"halt(?:s|ed|ing)?|overturn(?:s|ed|ing)?|veto(?:es|ed|ing)?)$",
    re.I,
)
# Words before a cue's verb that leave its side as it is ("have urged", "largely opposed",
# "also backed"): perfect auxiliaries and adverbs of degree, time and addition. A negation
# or a modal ("did not back", "would back") is not among them: its cue takes no side. A form
# of "be" before an -ing form ("is promoting") is the same verb going on; before a
# participle ("is opposed to", "was backed by") it is not read.
CUE_PREFIX = re.compile(
    r"^(?:(?:has|have|had|also|previously|recently|since|once|already|later|again|then|now|"
    r"publicly|openly|strongly|firmly|largely|widely|long|repeatedly|loudly|fiercely|"
    r"vocally|initially|quickly|swiftly|unanimously|overwhelmingly)\s+"
    r"|(?:is|are|was|were|been|am)\s+(?=\w+ing\b))+",
    re.I,
)
# A short object that refers back to the measure under debate ("opposed the bill", "cast
# the only 'no' vote" aside): a definite or demonstrative noun of a measure, or "it". A
# side-taking cue on it takes that side, though the words alone are too few to read.
MEASURE_REFERENCE = re.compile(
    r"^(?:(?:against|for|in favou?r of) )?(?:(?:the|this|that|its|their|his|her) )?"
    r"(?:(?:proposed|new|draft) )?"
    r"(?:bill|measure|legislation|proposal|plan|policy|law|motion|initiative|ordinance|"
    r"amendment|reform|scheme|ban|levy|tax|mandate|idea|move|decision|draft|rules?|"
    r"regulations?|requirement|change|deal|programm?e|pilot|approval)$"
    r"|^(?:(?:against|for|in favou?r of) )?(?:it|them)$",
    re.I,
)
# A measure named by a definite noun ("the bill", "Mr X's decision", "the wealth tax
# proposal"): what a side-taking verb inside a statement acts on when it acts on the measure.
MEASURE_NOUN = re.compile(
    r"\b(?:bill|measure|legislation|proposal|plan|policy|law|motion|initiative|ordinance|"
    r"amendment|reform|scheme|ban|levy|tax|mandate|decision|program|programme|pilot)s?\b",
    re.I,
)
# How far into a statement a side-taking verb of its own is read ("she supports the levy
# since ...", "most growers firmly opposed the plan, ...", "an open letter welcoming the
# plan"), and how far after it the measure must be named.
INNER_CUE_WORDS = 6
INNER_OBJECT_WORDS = 5
# Words before such a verb that leave it no side of its own: a negation or a modal ("did
# not back", "would oppose"), a condition, or a report of someone else ("said critics
# opposed").
INNER_BLOCKERS = frozenset(
    """not never no nor n't cannot would could might may should if unless whether said says
    claimed claims argued argues""".split()
)
# A negation just before a cue ("did not back the plan", "never endorsed it", "refused to
# sign"): a cue that supports what it acts on then opposes it (news says "did not back" of
# who voted against or abstained); one that opposes it then takes no side ("did not oppose").
NEGATED_CUE = re.compile(
    r"(?:\bnot|\bnever|n't|n’t|\brefused to|\bdeclined to|\bfailed to|\bno longer)\s+"
    r"(?:(?:even|publicly|openly|formally|explicitly|yet)\s+)?$",
    re.I,
)
# A vote cast, and nothing else ("cast a 'no' vote", "the deciding yes vote"): the vote's side
# on the measure under debate. Group "no" opposes, group "yes" supports.
VOTE_CAST = re.compile(
    r"^(?:(?:the|a|an|his|her|their|its)\s+)?(?:(?:only|lone|sole|single|deciding|decisive|"
    r"first|one)\s+)?[\"“”'‘’]?(?:(?P<no>no|nay)|(?P<yes>yes|aye))[\"“”'‘’]?\s+votes?$",
    re.I,
)
# A side the speaker says they once took ("I once supported it, but ...", "we used to oppose
# it"): no longer theirs. The cue's side, turned round, is the speaker's side now.
FORMER_SIDE = re.compile(
    r"\b(?:i|we)\s+(?:(?:used\s+to(?:\s+be)?|once|previously|originally)\s+"
    r"(?P<cue>in\s+favou?r(?:\s+of)?|for|support(?:ed)?|back(?:ed)?|against|oppos(?:e|ed)|"
    r"favou?r(?:ed)?)\b"
    # "I was against the tram for years. Then I rode one" (with :data:`FORMER_CHANGE`)
    r"|(?:was|were|had\s+been)\s+(?P<held>against|for|in\s+favou?r\s+of)\s+"
    r"(?=[^.;!?]{1,80}?\s(?:for\s+(?:years|decades|a\s+long\s+time|many\s+years|"
    r"most\s+of\s+my\s+life))\b))",
    re.I,
)
# What a side held for years needs after it to be one no longer: a change ("then", "but
# now", "changed my mind"), and no word that it still holds ("still", "nothing has changed
# my mind", "proves I was right").
FORMER_CHANGE = re.compile(
    r"\b(?:then|but|now|no\s+longer|changed\s+(?:my|our)\s+minds?|came\s+round|"
    r"turned|until)\b",
    re.I,
)
FORMER_KEPT = re.compile(
    r"\b(?:still|nothing\s+(?:has\s+)?changed|(?:was|were)\s+right|ever\s+since|"
    r"always\s+will)\b",
    re.I,
)
# A content that opens with these takes the side on its own ("argued against the motion").
PRO_OPENING = re.compile(r"^(?:for|in favou?r of|in support of)\b", re.I)
CON_OPENING = re.compile(r"^(?:against|in opposition to)\b", re.I)
# Words that turn a cue's side round when its object holds one of them and the question the
# other ("in favour of Britain staying in the union" toward "Should the UK leave the EU?"): the
# question's word (a stem) -> the stems of its opposites.
OPPOSITES = {
    "leav": ("stay", "remain"),
    "exit": ("stay", "remain"),
    "remain": ("leav", "exit", "quit"),
    "stay": ("leav", "exit", "quit"),
    "ban": ("allow", "legali", "permit", "lift"),
    "prohibit": ("allow", "legali", "permit"),
    "legali": ("ban", "prohibit", "criminali"),
    "allow": ("ban", "prohibit", "block"),
    "abolish": ("keep", "retain", "maintain", "preserv"),
    "scrap": ("keep", "retain", "maintain"),
    "keep": ("abolish", "scrap", "end", "repeal", "stop"),
    "stop": ("keep", "continu", "retain", "maintain", "preserv"),
    "sell": ("keep", "retain"),
    "privati": ("keep", "retain"),
    "clos": ("keep", "reopen"),
    "remov": ("keep", "retain"),
    "demolish": ("keep", "preserv", "restor", "retain"),
    "introduc": ("scrap", "repeal", "abolish"),
    "rais": ("lower", "cut", "reduc"),
    "lower": ("rais", "increas"),
    "join": ("leav", "quit", "withdraw"),
    "paus": ("keep", "continu", "resum"),
    "suspend": ("keep", "continu", "resum"),
    "halt": ("keep", "continu", "resum"),
}
# A verb or preposition in a cue's object that acts against what follows it ("signed a decree
# *banning* the levy", "backed the campaign *against* the tax"): when what follows
# names the question's subject, the cue's side toward the object is the other side toward
# the measure (toward a question that asks to ban, end ... the measure, the same side: the
# object does what the question asks). Read within AGAINST_REACH words.
AGAINST = re.compile(
    r"\b(?:prohibit(?:s|ed|ing)?|ban(?:s|ned|ning)?|block(?:s|ed|ing)?|outlaw(?:s|ed|ing)?|"
    r"forbid(?:s|ding)?|end(?:s|ed|ing)?|halt(?:s|ed|ing)?|stop(?:s|ped|ping)?|"
    r"repeal(?:s|ed|ing)?|scrap(?:s|ped|ping)?|overturn(?:s|ed|ing)?|abolish(?:es|ed|ing)?|"
    r"prevent(?:s|ed|ing)?|sabotag(?:e|es|ed|ing)|undermin(?:e|es|ed|ing)|"
    r"obstruct(?:s|ed|ing)?|derail(?:s|ed|ing)?|delay(?:s|ed|ing)?|fail(?:s|ed|ing)? to|"
    r"moratori(?:um|ums|a) on|freez(?:e|es|ing)(?: on)?|withdraw(?:s|n|ing)?|drop(?:s|ped|ping)?|"
    r"abandon(?:s|ed|ing)?|shelv(?:e|es|ed|ing)|cancel\w*|"
    # "reject the plan", not "reject claims that the plan ..."
    r"reject(?:s|ed|ing)?(?!\s+(?:the\s+)?(?:claims?|suggestions?|accusations?|criticism|"
    r"allegations?|arguments?|idea|notion)\b)|"
    r"defeat(?:s|ed|ing)?|without|against)\b",
    re.I,
)
AGAINST_REACH = 4
# A cue's object that asks for a procedure on the measure ("called for a referendum on the
# tram", "urged a public inquiry into the plan"): a call for a vote or a review is no side
# on the measure (opponents ask for them as often), unless the question asks for that
# procedure itself ("Should Scotland hold a second referendum?").
PROCEDURE_OBJECT = re.compile(
    r"^(?:(?:the\s+|growing\s+|repeated\s+|fresh\s+)*(?:calls?|demands?|requests?|pleas?)"
    r"\s+for\s+)?"
    r"(?:(?:a|an|the|another|fresh|new|full|public|independent|second|separate|binding|"
    r"local|national|proper|formal|urgent)\s+)*"
    r"(?P<noun>referend(?:um|ums|a)|votes?|ballots?|plebiscites?|inquir(?:y|ies)|"
    r"investigations?|reviews?|consultations?|debates?|studies|study|audits?|hearings?)"
    r"\s+(?:on|into|of|about|over|before|first)\b",
    re.I,
)
# Procedures that are one thing to a question: a question that asks for a referendum asks
# for the vote.
PROCEDURE_KIN = {"vote": "referend", "ballo": "referend", "plebi": "referend"}
# A cue's object that names the measure's opponents turns the cue round: to attack its
# critics is to support the measure ("slammed the critics of the levy"); its backers keep
# the cue's side (to attack them opposes it).
OPPONENT_WORDS = re.compile(rf"\b(?:{_one_or_more(CAMP_AGAINST)})\b", re.I)
BACKER_WORDS = re.compile(rf"\b(?:{_one_or_more(CAMP_FOR)})\b", re.I)
# Where what someone is accused of begins: "X of ...", "X for ..."
ACCUSED_OF = re.compile(r"\s(?:of|for)\s", re.I)
