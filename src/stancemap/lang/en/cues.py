"""English attribution cues: view nouns, content prepositions and the dependency labels (spaCy's
English scheme) that cue-anchored attribution reads."""

from __future__ import annotations

import re

# Dependency labels of a subject.
SUBJ = ("nsubj", "csubj")
# Labels of the words left of a cue that belong to it ("has not said").
AUX_LEFT = frozenset({"aux", "auxpass", "neg", "advmod"})
# Labels of a source's children that are not part of its name (relative clauses, lists).
SOURCE_CUT = frozenset({"relcl", "acl", "punct", "cc", "conj", "advcl", "case"})
# Labels of a cue that takes its source from its head ("wants to say", "and added").
INHERIT = frozenset({"xcomp", "advcl", "conj", "pcomp"})
# Cues whose infinitive is what they report even where the parse takes it for a clause of
# purpose ("voted 9-2 on Monday to close the bridge", "moved on Monday to ban").
DECIDING = frozenset({"vote", "move", "decide", "agree", "pledge", "promise", "vow"})
# Prepositions after a cue whose object is the content ("warned about ...", "called for ...").
CONTENT_PREPS = frozenset(
    {
        "about",
        "for",
        "on",
        "against",
        "of",
        "over",
        "with",
        "that",
        "toward",
        "towards",
        "into",
        "to",
    }
)
# "X's view is that ...": nouns that name a stance and cue its owner.
VIEW_NOUNS = frozenset(
    {
        "view",
        "position",
        "argument",
        "belief",
        "claim",
        "message",
        "point",
        "contention",
        "opinion",
        "stance",
        "conclusion",
        "assessment",
        "verdict",
    }
)
# Nouns of saying whose owner is the speaker and whose "that" clause is what was said
# ("Mayor Berg's announcement that the square would reopen ...", "the union's warning that ...").
REPORT_NOUNS = frozenset(
    """announcement warning claim pledge promise statement assertion insistence admission
    argument contention suggestion prediction assurance vow threat complaint accusation
    charge allegation""".split()
)
# A noun of saying with its agent ("warnings by the central bank", "claims from the
# company"): its sentence is parsed though no trigger word is in it.
REPORT_AGENT = re.compile(r"\b(?:" + "|".join(sorted(REPORT_NOUNS)) + r")s?\s+(?:by|from)\b", re.I)
# Nouns of number that take a noun of saying with "of" and, in the parse, its agent and
# "that" clause ("a wave of warnings from the central bank that ...": "from" and "that" hang
# on "wave").
QUANTITY_NOUNS = frozenset(
    """series string number spate wave flurry barrage raft chorus host stream litany slew
    succession volley torrent""".split()
)
# Speech verbs that, right after a closing quote and before their subject ('"Free for
# whom?" asked Mikko Sundqvist'), report that quote, whatever they do elsewhere ("asked
# about it, she said").
INVERTED_SPEECH = frozenset(
    {
        "ask",
        "add",
        "reply",
        "answer",
        "respond",
        "retort",
        "counter",
        "insist",
        "explain",
        "exclaim",
        "shout",
        "write",
        "note",
        "agree",
        "continue",
        "warn",
        "argue",
    }
)
