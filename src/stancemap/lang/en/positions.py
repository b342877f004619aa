"""Words that describe where someone stands without quoting them: "backed by X", "X voted
against the bill", "signatories include X", "X, who supports the measure"."""

from __future__ import annotations

import re

# A cue of a described position: a side-taking noun, verb or phrase. Every person or
# organisation named in the sentence that holds one, and who has no statement of their own
# there, is placed by that sentence.
POSITION_CUE = re.compile(
    r"\b(?:supporters?|backers?|advocates?|proponents?|champions?|opponents?|critics?|"
    r"signator(?:y|ies)|signed|campaigners?|"
    r"back(?:s|ed|ing)?|endors(?:e|es|ed|ing|ement)|oppos(?:e|es|ed|ing|ition)|"
    r"favou?r(?:s|ed)?|in favou?r of|reject(?:s|ed|ing)?|vot(?:e|es|ed|ing) (?:for|against)|"
    r"campaign(?:s|ed|ing)? (?:for|against)|lobb(?:y|ies|ied|ying)|push(?:es|ed)? for|"
    r"call(?:s|ed)? for|urg(?:e|es|ed|ing)|welcom(?:e|es|ed|ing)|prais(?:e|es|ed|ing)|"
    r"slam(?:s|med)?|condemn(?:s|ed|ing)?|critici[sz](?:e|es|ed|ing)|"
    r"spok(?:e|en) out|c(?:a|o)me out (?:against|for|in favou?r)|led by|funded by|"
    r"pro-[a-z]+|anti-[a-z]+)\b",
    re.I,
)
# A sentence that opens by naming members of the group the sentence before it placed
# ("Fifty members voted against the bill. Among them were X and Y."): it continues that
# sentence's position, and its names hold the earlier cue.
CONTINUES_LIST = re.compile(
    r"\W*(?:among (?:them|those|these|the [a-z]+)\b|(?:they|those|these) (?:include|included)\b"
    r"|(?:the )?(?:others|rest) (?:include|included|are|were)\b)",
    re.I,
)
# A position cue that is an active verb ("X rejected Y's call", "X urged Y to"): who it
# names after itself is what it acts on, not a holder of the position (unless "by" follows:
# "backed by X").
ACTIVE_VERB_CUE = re.compile(
    r"^(?:signed|back(?:s|ed|ing)?|endors(?:e|es|ed|ing)|oppos(?:e|es|ed|ing)|"
    r"favou?r(?:s|ed)|reject(?:s|ed|ing)?|vot(?:e|es|ed|ing) (?:for|against)|"
    r"campaign(?:s|ed|ing)? (?:for|against)|lobb(?:y|ies|ied|ying)|push(?:es|ed)? for|"
    r"call(?:s|ed)? for|urg(?:e|es|ed|ing)|welcom(?:e|es|ed|ing)|prais(?:e|es|ed|ing)|"
    r"slam(?:s|med)?|condemn(?:s|ed|ing)?|critici[sz](?:e|es|ed|ing))$",
    re.I,
)
PASSIVE_AFTER = re.compile(r"\s+by\b", re.I)
# Entity labels (spaCy's English scheme) that can hold a position: people, organisations,
# parties and groups.
POSITION_HOLDERS = frozenset({"PERSON", "ORG", "NORP"})
# The side a cue takes toward what it acts on ("X rejected the plan", "backed by X",
# "critics of the levy"): +1 for, -1 against. Read by the stance stage when the cue acts on
# the measure (:func:`stancemap.stance.cues.cue_polarity`).
PRO_CUE = re.compile(
    r"^(?:supporters?|backers?|advocates?|proponents?|champions?|signator(?:y|ies)|signed|"
    r"back(?:s|ed|ing)?|support(?:s|ed|ing)?|endors(?:e|es|ed|ing|ement)|favou?r(?:s|ed)?|"
    r"in favou?r(?: of)?|welcom(?:e|es|ed|ing)|prais(?:e|es|ed|ing)|hail(?:s|ed|ing)?|"
    r"urg(?:e|es|ed|ing)|call(?:s|ed)? for|push(?:es|ed)? for|campaign(?:s|ed|ing)? for|"
    r"vot(?:e|es|ed|ing) for|pro-[a-z]+|promot(?:e|es|ed|ing)|introduc(?:e|es|ed|ing)|"
    r"sponsor(?:s|ed|ing)?|sp(?:eak|eaks|oke|oken) (?:out )?(?:for|in favou?r of))$",
    re.I,
)
CON_CUE = re.compile(
    r"^(?:opponents?|critics?|opposition|oppos(?:e|es|ed|ing)|reject(?:s|ed|ing)?|"
    r"slam(?:s|med)?|condemn(?:s|ed|ing)?|critici[sz](?:e|es|ed|ing)|denounc(?:e|es|ed|ing)|"
    r"block(?:s|ed|ing)?|attack(?:s|ed|ing)?|blast(?:s|ed)?|campaign(?:s|ed|ing)? against|"
    r"vot(?:e|es|ed|ing) against|spok(?:e|en) out|anti-[a-z]+|fight(?:s|ing)?|fought|"
    r"sp(?:eak|eaks|oke|oken) (?:out )?against)$",
    re.I,
)
# Words before a cue's verb that leave its side as it is ("have urged", "largely opposed",
# "also backed"): perfect auxiliaries and adverbs of degree, time and addition. A negation
# or a modal ("did not back", "would back") is not among them: its cue takes no side.
CUE_PREFIX = re.compile(
    r"^(?:(?:has|have|had|also|previously|recently|since|once|already|later|again|then|now|"
    r"publicly|openly|strongly|firmly|largely|widely|long|repeatedly|loudly|fiercely|"
    r"vocally|initially|quickly|swiftly|unanimously|overwhelmingly)\s+)+",
    re.I,
)
# A short object that refers back to the measure under debate ("opposed the bill", "cast
# the only 'no' vote" aside): a definite or demonstrative noun of a measure, or "it". A
# side-taking cue on it takes that side, though the words alone are too few to read.
MEASURE_REFERENCE = re.compile(
    r"^(?:(?:against|for|in favou?r of) )?(?:(?:the|this|that|its|their|his|her) )?"
    r"(?:(?:proposed|new|draft) )?"
    r"(?:bill|measure|legislation|proposal|plan|policy|law|motion|initiative|ordinance|"
    r"amendment|reform|scheme|ban|levy|tax|mandate|idea|move|decision)$"
    r"|^(?:(?:against|for|in favou?r of) )?(?:it|them)$",
    re.I,
)
# A content that opens with these takes the side on its own ("argued against the motion").
PRO_OPENING = re.compile(r"^(?:for|in favou?r of|in support of)\b", re.I)
CON_OPENING = re.compile(r"^(?:against|in opposition to)\b", re.I)
# Words that turn a cue's side round when its object holds one of them and the question the
# other ("in favour of staying in the EU" toward "Should the UK leave the EU?"): the
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
    "keep": ("abolish", "scrap", "end", "repeal"),
    "introduc": ("scrap", "repeal", "abolish"),
    "rais": ("lower", "cut", "reduc"),
    "lower": ("rais", "increas"),
    "join": ("leav", "quit", "withdraw"),
}
# A cue's object that names the measure's opponents turns the cue round: to attack its
# critics is to support the measure ("slammed the critics of the levy"); its backers keep
# the cue's side (to attack them opposes it).
OPPONENT_WORDS = re.compile(
    r"\b(?:critics?|opponents?|detractors?|naysayers?|sceptics?|skeptics?|objectors?)\b", re.I
)
