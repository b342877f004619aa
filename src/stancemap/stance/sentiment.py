"""Sentence sentiment as a second voice on stance (VADER: a lexicon and rules, no model file).

The encoder learnt stance from ~80 debate topics; on a topic it has not seen it often
cannot tell a praise from a complaint. A sentence's sentiment can: what is said about the
question's subject tends to be good from its supporters and bad from its opponents, turned
round when the question asks to ban, end, close, ... something and the sentence speaks of
that something ("Smoking kills" argues for "Should we *ban* smoking?"); other negative
wording ("... a *threat*?", "not") is left unread. This is IBM's stance
decomposition (Bar-Haim et al. 2017: the claim's sentiment toward its target times the
target's relation to the motion) in its simplest form: sentence sentiment for the first,
the question's wording for the second (:func:`relation`). A feeling the sentence gives to
other people ("Those who are *enthusiastic* about talks should know ...") is theirs, not the
speaker's: it is left out (:func:`sentiment`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .terms import mentions, question_terms

# Logit shift per unit of VADER compound score (-1..1) x relation, added to support and
# taken from oppose. Chosen on VAST dev and ArgKP dev (unseen topics): README, Accuracy.
SENTIMENT_WEIGHT = 0.75

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
# "Those who are enthusiastic about X should know ...": a relative clause that describes the
# people a speaker addresses or warns, up to the modal of the main clause. Its feelings are
# theirs (the speaker usually disowns them), so they are not the speaker's sentiment.
_HOLDER = re.compile(
    r"\b(?:those|people|anyone|anybody|everyone|everybody|someone|somebody|others|the ones)"
    r"\s+who\b[^.;:!?]*?(?=\b(?:should|must|ought|needs? to|ha(?:ve|s) to|will|would|"
    r"can|cannot|could|may|might|shall)\b)",
    re.I,
)


@lru_cache(maxsize=64)
def _question_shape(question: str) -> tuple[bool, frozenset[str], frozenset[str], str | None]:
    """(other negative wording?, action stems, object terms, object phrase) of a question:
    read once per question, not once per sentence."""
    if _NEGATIVE.search(question):
        return True, frozenset(), frozenset(), None
    actions = frozenset(m.group(0).lower()[:4] for m in _ACTION.finditer(question))
    objects = frozenset(t for t in question_terms(question) if t[:4] not in actions)
    first = _ACTION.search(question)
    phrase = question[first.end() :].strip(" ?.!") if first else ""
    return False, actions, objects, (phrase if question_terms(phrase) else None)


def relation(question: str, sentence: str) -> float:
    """How ``sentence``'s sentiment maps onto support for ``question``: 1.0 for a plain
    question ("Should Iran negotiate ...?"); for one that asks to ban, end, close, ...
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


@lru_cache(maxsize=64)
def object_target(question: str) -> str | None:
    """What a ban / end / close ... question acts on, as a bare target ("Should the city
    ban smoking in bars?" -> "smoking in bars"): to be for the ban is to be against it.
    None for a plain question, one with other negative wording, no object named, or an
    action with a to / from complement ("close the old town *to cars*": what it acts
    against is not its object). The question is parsed once (spaCy)."""
    unread, actions, _objects, phrase = _question_shape(question)
    if unread or phrase is None:
        return None
    from ..nlp import load_model

    for tok in load_model()(question):
        if tok.lower_[:4] in actions:
            if any(
                c.dep_ in {"prep", "dative"} and c.lower_ in {"to", "from"} for c in tok.children
            ):
                return None
            break
    return phrase


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentiment(text: str) -> float:
    """The speaker's sentiment in ``text``: VADER's compound score, -1 (most negative) to 1
    (most positive), of the text without the clauses that describe other people's feelings
    ("those who are enthusiastic about ... should know")."""
    return float(_analyzer().polarity_scores(_HOLDER.sub(" ", text))["compound"])
