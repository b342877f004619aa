"""English attribution cues: view nouns, content prepositions and the dependency labels (spaCy's
English scheme) that cue-anchored attribution reads."""

from __future__ import annotations

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
