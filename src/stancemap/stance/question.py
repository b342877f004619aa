"""How a question relates what is said to support or opposition.

A plain question ("Should Iran negotiate with the United States?") takes what is said about
its subject at face value. One that asks to ban, end, close, ... something turns it round
for that something: "Smoking kills" argues *for* "Should we ban smoking?" (:func:`relation`),
and a statement's stance toward "smoking" alone, swapped, is a second reading of its stance
toward the ban (:func:`object_target`). A bare topic ("home schoolers", as VAST phrases its
targets) is also read as the question "Should we support home schoolers?"
(:func:`topic_question`). Other negative wording ("... a *threat*?", "not") is left unread.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..errors import BadQuestion
from ..ingest import ENGLISH_FUNCTION_WORDS
from .terms import mentions, question_terms

# The model reads the question and a statement together in 128 tokens: a longer question
# would crowd the statement out.
MAX_QUESTION_WORDS = 40
# Function words of other languages that are not English words: two of them and no English
# one mark a question asked in another language ("Sollte Iran mit den USA verhandeln?").
_FOREIGN = frozenset(
    "der die das und mit den dem nicht ist sollte soll wir sie ein eine für auf zu von "
    "sich oder auch le la les et est des du une au aux sont nous pour dans sur avec pas "
    "doit faut que qui el lo los las y es una del al se por para debe il che di sono deve "
    "della nel gli het een niet zijn moet wij voor och att ska inte".split()
)
_ENGLISH = ENGLISH_FUNCTION_WORDS | {"should", "must", "can", "could", "do", "does", "did"}

# Verbs that make a question negative toward its object ("Should we ban smoking?").
_ACTION = re.compile(
    r"\b(?:ban|bans|banned|banning|abolish\w*|abandon\w*|prohibit\w*|end|ending|close|"
    r"closing|limit|limiting|restrict\w*|criminali[sz]e\w*|forbid\w*|outlaw\w*|disband\w*|"
    r"stop|stopping|cancel\w*|fight|fighting|reject\w*|oppose|opposing)\b",
    re.I,
)
# Other negative wording: the question's relation to what is said is left unread.
_NEGATIVE = re.compile(
    r"\b(?:not|never|no|harmful|dangerous|concern|threat|wrong|bad)\b|n't\b", re.I
)
_WORD = re.compile(r"[a-z]+")
# Words that make a target a question or a claim rather than a bare topic.
_CLAUSE = re.compile(
    r"\?\s*$|\b(?:should|would|must|shall|can|could|will|may|might|is|are|was|were|do|does|"
    r"did|has|have|had|believes?|supports?)\b",
    re.I,
)


def check_question(question: str) -> str:
    """``question`` with its outer blanks removed, or :class:`~stancemap.errors.BadQuestion`
    when it has no words, is longer than :data:`MAX_QUESTION_WORDS` words, or is asked in
    another language (letters mostly outside the Latin alphabet, or other languages'
    function words and no English one)."""
    asked = question.strip()
    words = re.findall(r"\w+", asked)
    letters = [c for c in asked if c.isalpha()]
    if not letters:
        raise BadQuestion(
            f"the question {question!r} has no words: ask it in plain words, "
            "e.g. 'Should the city close the old town to cars?'"
        )
    if len(words) > MAX_QUESTION_WORDS:
        raise BadQuestion(
            f"the question is {len(words)} words long: ask it in at most "
            f"{MAX_QUESTION_WORDS} (the model reads it together with each statement)"
        )
    lower = [w.lower() for w in words]
    latin = sum(c.isascii() for c in letters) / len(letters)
    foreign = sum(w in _FOREIGN for w in lower)
    if latin < 0.5 or (foreign >= 2 and not any(w in _ENGLISH for w in lower)):
        raise BadQuestion(
            f"the question {asked!r} does not look like English; stancemap's default model "
            "reads English only: ask it in English"
        )
    return asked


@lru_cache(maxsize=1024)
def _question_shape(question: str) -> tuple[bool, frozenset[str], frozenset[str], str | None]:
    """(other negative wording?, action stems, object terms, object phrase) of a question:
    read once per question, not once per sentence."""
    if _NEGATIVE.search(question):
        return True, frozenset(), frozenset(), None
    found = list(_ACTION.finditer(question))
    actions = frozenset(m.group(0).lower()[:4] for m in found)
    if found and _acts_against_complement(question, actions):
        return False, frozenset(), frozenset(), None  # read as a plain question
    objects = frozenset(t for t in question_terms(question) if t[:4] not in actions)
    phrase = question[found[0].end() :].strip(" ?.!") if found else ""
    return False, actions, objects, (phrase if question_terms(phrase) else None)


def read_question(question: str) -> None:
    """Read ``question``'s shape now (one spaCy parse when it has an action verb, cached):
    :func:`relation` and :func:`object_target` then need no spaCy for it, so they may run in
    a thread beside another spaCy parse."""
    _question_shape(question)


def relation(question: str, sentence: str) -> float:
    """How ``sentence``'s sentiment maps onto support for ``question``: 1.0 for a plain
    question ("Should Iran negotiate ...?", and "Should the city close the old town to
    cars?", whose action has a to / from complement); for one that asks to ban, end, close, ...
    something, -1.0 when the sentence names that something but not the action ("Smoking
    kills" for "Should we ban smoking?"), 0.0 when it names the action ("The ban would
    ruin bars": good or bad about the action, not the object) or neither ("The streets
    would be safer"); 0.0 for a question with other negative wording ("not", "a threat"),
    read neither way."""
    unread, actions, objects, _phrase = _question_shape(question)
    if unread:
        return 0.0
    if not actions:
        return 1.0
    if any(w.startswith(a) for w in _WORD.findall(sentence.lower()) for a in actions):
        return 0.0
    return -1.0 if mentions(sentence, objects) else 0.0


def _acts_against_complement(question: str, actions: frozenset[str]) -> bool:
    """Whether the question's first action verb has a to / from complement ("close the old
    town *to cars*"): then what it acts against is not its object (the old town gains), so
    the question is read as a plain one. One spaCy parse per question (cached by the
    caller)."""
    from ..nlp import load_model

    for tok in load_model()(question):
        if tok.lower_[:4] in actions:
            return any(
                c.dep_ in {"prep", "dative"} and c.lower_ in {"to", "from"} for c in tok.children
            )
    return False


def object_target(question: str) -> str | None:
    """What a ban / end / close ... question acts on, as a bare target ("Should the city
    ban smoking in bars?" -> "smoking in bars"): to be for the ban is to be against it.
    None for a plain question, one with other negative wording, no object named, or an
    action with a to / from complement ("close the old town *to cars*": what it acts
    against is not its object)."""
    return _question_shape(question)[3]


@lru_cache(maxsize=64)
def topic_question(question: str) -> str | None:
    """A bare topic ("home schoolers") as a question ("Should we support home schoolers?"),
    a second phrasing to read it by; None for anything phrased as a question or a claim."""
    topic = question.strip().rstrip(".!")
    if not topic or _CLAUSE.search(topic) or not question_terms(topic):
        return None
    return f"Should we support {topic}?"
