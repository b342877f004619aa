"""Sentence sentiment as a second voice on stance (VADER: a lexicon and rules, no model file).

The encoder learnt stance from ~80 debate topics; on a topic it has not seen it often
cannot tell a praise from a complaint. A sentence's sentiment can: what is said about the
question's subject tends to be good from its supporters and bad from its opponents, turned
round when the question asks to ban, end, close, ... something and the sentence speaks of
that something (:func:`.question.relation`). This is IBM's stance decomposition (Bar-Haim et
al. 2017: the claim's sentiment toward its target times the target's relation to the
motion) in its simplest form. A feeling the sentence gives to other people ("Those who are
*enthusiastic* about talks should know ...") is theirs, not the speaker's: it is left out
(:func:`sentiment`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..lang.en.stance import HOLDER, STRAIGHT_QUOTES

# Logit shift per unit of VADER compound score (-1..1) x relation, added to support and
# taken from oppose. Chosen on VAST dev and ArgKP dev (unseen topics): README, Accuracy.
SENTIMENT_WEIGHT = 0.75


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentiment(text: str) -> float:
    """The speaker's sentiment in ``text``: VADER's compound score, -1 (most negative) to 1
    (most positive), of the text without the clauses that describe other people's feelings
    ("those who are enthusiastic about ... should know"). Curly quotes are read as straight
    ones: VADER strips ASCII punctuation from a word, so "‘disastrous" would be no word it
    knows."""
    plain = HOLDER.sub(" ", text).translate(STRAIGHT_QUOTES)
    return float(_analyzer().polarity_scores(plain)["compound"])
