"""How English asks a question and words a motion: what :class:`~stancemap.core.Question`
reads."""

from __future__ import annotations

import re

from .words import FUNCTION_WORDS

# Words of a question that name nothing it is about.
QUESTION_STOP = frozenset(
    """should would could can will must do does did is are was were be the a an of to in on
    for with and or not no it its this that these those what which who whom whether how why
    when where than then there their they them his her he she we our us you your i me my any
    all more most less about against into from by as at again ever""".split()
)
QUESTION_FUNCTION_WORDS = FUNCTION_WORDS | {"should", "must", "can", "could", "do", "does", "did"}
# Function words of other languages that are not English words: two of them and no English
# one mark a question asked in another language ("Sollte Iran mit den USA verhandeln?").
FOREIGN_FUNCTION_WORDS = frozenset(
    "der die das und mit den dem nicht ist sollte soll wir sie ein eine für auf zu von "
    "sich oder auch le la les et est des du une au aux sont nous pour dans sur avec pas "
    "doit faut que qui el lo los las y es una del al se por para debe il che di sono deve "
    "della nel gli het een niet zijn moet wij voor och att ska inte".split()
)
# Verbs that make a question negative toward its object ("Should we ban smoking?", "Should
# Uganda lift its ban on Facebook?": against the ban).
ACTION = re.compile(
    r"\b(?:ban|bans|banned|banning|abolish\w*|abandon\w*|prohibit\w*|end|ending|close|"
    r"closing|limit|limiting|restrict\w*|criminali[sz]e\w*|forbid\w*|outlaw\w*|disband\w*|"
    r"stop|stopping|cancel\w*|fight|fighting|reject\w*|oppose|opposing|lift|lifting)\b",
    re.I,
)
# Nouns that are themselves acts against something: a question that acts against one ("Should
# Pakistan lift its ban on X?") acts against it, not against what it bans.
RESTRICTION_NOUN = re.compile(
    r"^(?:(?:the|its|their|a|an|this|his|her|our)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?P<noun>bans?|moratori(?:um|ums|a)|embargo(?:es)?|restrictions?|prohibitions?|"
    r"limits?|caps?|curbs?|sanctions?|blockades?|vetoe?s?|freezes?)\b",
    re.I,
)
# Verbs by which a question undoes what it names after them ("Should Greece scrap its golden
# visa scheme?", "Should Peru withdraw from the court?"): what a camp defends or attacks is
# then the other side's (:meth:`~stancemap.core.Question.undoes`; the :data:`ACTION` verbs
# are read by :meth:`~stancemap.core.Question.relation`). Read for camps only: as action
# verbs they read the model's sentences worse (docs/research.md).
UNDOING = re.compile(
    r"\b(?:scrap|repeal|remove|withdraw(?:\s+from)?|leave|exit|quit|ditch|axe|dismantle|"
    r"revoke|rescind|suspend|halt|shut|phase\s+out)\b",
    re.I,
)
# Prepositions whose complement makes an action verb act *for* its object: "close the old
# town to cars" (the town gains; what it acts against is the cars).
ACTION_COMPLEMENTS = frozenset({"to", "from"})
# Other negative wording: the question's relation to what is said is left unread.
NEGATIVE = re.compile(
    r"\b(?:not|never|no|harmful|dangerous|concern|threat|wrong|bad)\b|n't\b", re.I
)
# Words that make a target a question or a claim rather than a bare topic.
CLAUSE = re.compile(
    r"\?\s*$|\b(?:should|would|must|shall|can|could|will|may|might|is|are|was|were|do|does|"
    r"did|has|have|had|believes?|supports?)\b",
    re.I,
)
# A bare topic ("home schoolers") read as a question.
TOPIC_QUESTION = "Should we support {topic}?"
# A yes / no question opens with an auxiliary or a modal: it states a proposition to be for or
# against ("Should the council ...?"); "Why would Trump do that?" does not.
POLAR = re.compile(
    r"(?:should|shall|is|are|was|were|can|could|will|would|do|does|did|has|have|had|must|"
    r"may|might|ought)\b",
    re.I,
)
# "In the present climate, is building the bypass ...?": the part after a comma opens with these.
POLAR_AFTER_COMMA = frozenset({"is", "are", "should", "can", "will", "does", "do"})
# A condition on the question's subject: "if the closure goes ahead", "only if".
CONDITION = re.compile(
    r"\b(?:only if|if|unless|provided that|providing that|as long as|so long as|"
    r"on (?:the )?condition that|in case)\b[^.;:!?]*",
    re.I,
)
# "if it were not for the coalition", "if not for them": a counterfactual that credits a
# cause, no condition on anything. "if necessary", "if need be", "if anything": a hedge.
_HEDGE = r"(?:necessary|need\s+be|needed|required|possible|anything|at\s+all)\b"
COUNTERFACTUAL = re.compile(
    r"^if\s+(?:(?:it|this|that)\s+(?:were|was|had)\s*(?:n't|n’t|\s+not)\s+(?:been\s+)?for"
    r"|not\s+for\b|" + _HEDGE + ")",
    re.I,
)
# Support offered under a condition, whatever the measure is called: "would support the
# change as long as ...", "could back approval if ...", "is prepared to vote for it provided
# ...". A modal or a readiness right before the verb, the condition within a clause after.
CONDITIONAL_SIDE = re.compile(
    r"\b(?:would|could|will|can|might|(?:is|are|was|were|be) (?:ready|prepared|willing) to)\s+"
    r"(?:only\s+|still\s+|then\s+)?(?:support|back|accept|endorse|approve|sign|vote for|"
    r"vote yes|vote in favou?r|agree to|go along with|live with)\b(?P<object>[^.;!?]{0,80}?)"
    r"\b(?:only if|only with|"
    r"if(?!\s+" + _HEDGE + r")|provided|providing|as long as|so long as|on (?:the )?condition)"
    r"\b[^.;:!?]*",
    re.I,
)
# What makes an open condition ("if ...") one on the measure: a demand ("if the closure goes
# ahead, buses must run") or the speaker's own support offered ("it would be fine if ...",
# "she could vote yes if ..."). Without one, an "if" clause that names the measure argues a
# consequence ("farming could not survive if the meat were allowed"): no condition.
DEMAND = re.compile(
    r"\b(?:must|should|needs? to|has to|have to|ought to|(?:would|could|will|can|might)\s+"
    r"(?:only\s+|still\s+)?(?:support|back|accept|agree|vote|approve|endorse|live with|"
    r"be (?:fine|happy|willing|prepared|ready|open|acceptable))|(?:is|are|was|were|am) "
    r"(?:fine|happy|willing|prepared|ready|open)\b)",
    re.I,
)
# A precondition set on the measure: "the council must build the park-and-ride sites
# first", "not before the buses run", "only once the lanes are built". Support for later,
# under a condition: conditional, in a statement that takes a side.
PRECONDITION = re.compile(
    r"\b(?:must|should|needs? to|has to|have to|would have to|will have to)\b[^.;:!?]{0,80}?"
    r"\bfirst\b[^.;:!?]*"
    r"|\b(?:not (?:until|before)|only (?:after|once|when))\b[^.;:!?]*",
    re.I,
)
# A delay is no precondition: "should wait and watch what happens elsewhere first" puts the
# measure off (an opponent's wording), it does not set what must come before it.
DELAY = re.compile(r"\b(?:wait|watch|pause|delay|hold off|put off|postpone)\w*\b", re.I)
# Conditions that restrict a stance already taken ("support it only if ...").
OPEN_CONDITIONS = ("if ", "in case")
# Words that carry a stance in a sentence: what evidence picks when the model read one part.
STANCE_CUE = re.compile(
    r"\b(?:not|never|no|nothing|must|should|need|only|against|support|oppose|reject|"
    r"mistake|wrong|right|futile|useless|benefit|harm|danger)\b",
    re.I,
)
# A question to leave something ("Should the UK leave the European Union?"): what it leaves.
# To be "pro-" that something ("pro-EU", by its initials too) opposes leaving it.
LEAVE = re.compile(
    r"\b(?:leave|leaving|exit|exiting|quit|quitting|withdraw(?:ing)?\s+from)\s+"
    r"(?P<object>[^?.!,;]+)",
    re.I,
)
# "pro-EU", "anti-fracking": a side named in one word, and what it is for or against.
SIDE_LABEL = re.compile(r"\b(?P<way>pro|anti)-(?P<what>[a-z][\w-]*)", re.I)
# A question that asks for an act ("Should the city close the old town to cars?") opens
# with one of these; its proposition is that act ("closing the old town to cars").
PROPOSAL_MODALS = frozenset({"should", "shall", "must", "ought", "would", "will", "can"})
# A statement's reference to the measure under debate that the model reads better as the
# proposition it stands for ("the plan was a mistake" -> "closing the old town to cars was
# a mistake"): a definite or demonstrative measure noun ("proposed", "new", "planned" or
# "draft" at most between), not followed by what names it ("the plan to widen the road",
# "the proposal of the mayor") nor another's ("the mayor's plan" is no match either).
MEASURE_MENTION = re.compile(
    r"\b(?:the|this|that|such an?)\s+(?:(?:proposed|new|planned|draft)\s+)?"
    r"(?:bill|measure|legislation|proposal|plan|policy|law|motion|initiative|ordinance|"
    r"amendment|reform|scheme|ban|levy|mandate|move|change|programm?e|pilot|closure|idea)"
    r"\b(?!\s+(?:to|of|for|by|that|which|on|in|from|would\s+be)\b)(?!['’]s)",
    re.I,
)


def gerund(verb: str) -> str:
    """The -ing form of an English verb's base form: "close" -> "closing", "ban" ->
    "banning", "abolish" -> "abolishing", "tie" -> "tying", "free" -> "freeing"."""
    v = verb.lower()
    if v.endswith("ie"):
        return v[:-2] + "ying"
    if v.endswith("e") and not v.endswith(("ee", "ye", "oe")) and len(v) > 2:
        return v[:-1] + "ing"
    vowels = "aeiou"
    groups = re.findall(r"[aeiou]+", v)
    if (
        len(groups) == 1
        and len(v) >= 3
        and v[-1] not in vowels + "wxy"
        and v[-2] in vowels
        and v[-3] not in vowels
    ):
        return v + v[-1] + "ing"  # "ban", "cut", "stop": one syllable, consonant-vowel-consonant
    return v + "ing"
