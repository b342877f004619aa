"""The side a statement's cue takes: "X rejected the plan", "backed by X", "critics of the
levy", "argued against the motion". A described position is often the only statement of
its speaker, and its words ("the plan", "the motion") say nothing the model can read: the
cue says it.

:func:`cue_polarity` is +1 for a cue that supports what it acts on, -1 for one that opposes
it, 0 otherwise (a plain "said", a negated "did not back", an unknown word). The stance
stage leans the model's reading that way (:func:`lean`) by :data:`CUE_WEIGHT`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from ..core import Question
from ..lang.en.positions import (
    CON_CUE,
    CON_OPENING,
    CUE_PREFIX,
    OPPONENT_WORDS,
    OPPOSITES,
    PRO_CUE,
    PRO_OPENING,
)

# Logit shift toward the cue's side (and away from "unrelated": a side-taking cue is about
# something). Chosen on the news dev set.
CUE_WEIGHT = 1.5


def cue_polarity(cue: str | None, content: str, question: str | Question = "") -> int:
    """The cue's side toward the ``question``: +1, -1 or 0. What the cue acts on decides
    how its side maps onto the question: the measure (as it is), the measure's opponents
    (turned round: "slammed the critics of the levy" supports it), the opposite of the
    question's action (turned round: "in favour of staying" toward "Should the UK leave the
    EU?"), or what a question to ban, end, abolish ... acts against (turned round: "supports
    the death penalty" toward "Should the death penalty be abolished?"; a read
    :class:`~stancemap.core.Question` is needed for that one)."""
    words = CUE_PREFIX.sub("", " ".join(cue.split()).lower()) if cue else ""
    side = 0
    if words and PRO_CUE.match(words):
        side = 1
    elif words and CON_CUE.match(words):
        side = -1
    else:
        opening = content.lstrip(" \"“'‘")
        if CON_OPENING.match(opening):
            side = -1
        elif PRO_OPENING.match(opening):
            side = 1
    if not side:
        return 0
    target = _object(content, cue)
    if OPPONENT_WORDS.search(target):
        side = -side
    text = question.text if isinstance(question, Question) else question
    if (text and _opposite(text, target)) or (
        isinstance(question, Question) and question.relation(target) < 0
    ):
        side = -side
    return side


_WORDS = re.compile(r"[a-z]+")
# How far after the cue its object is read.
OBJECT_WORDS = 8


def _object(content: str, cue: str | None) -> str:
    """The words after the cue in the statement (its object), or the statement's start."""
    low = content.lower()
    at = low.find(cue.lower()) if cue else -1
    rest = low[at + len(cue) :] if cue and at >= 0 else low
    return " ".join(_WORDS.findall(rest)[:OBJECT_WORDS])


def _opposite(question: str, phrase: str) -> bool:
    asked = _WORDS.findall(question.lower())
    said = _WORDS.findall(phrase)
    return any(
        any(w.startswith(stem) for w in asked)
        and not any(w.startswith(stem) for w in said)
        and any(w.startswith(o) for w in said for o in opposites)
        for stem, opposites in OPPOSITES.items()
    )


def lean(probs: Mapping[str, float], polarity: int, weight: float = CUE_WEIGHT) -> dict[str, float]:
    """``probs`` shifted toward support (``polarity`` 1) or oppose (-1) by ``weight`` in
    logits, and away from "unrelated"; unchanged for 0."""
    if not polarity:
        return dict(probs)
    factor = {
        "support": math.exp(weight * polarity),
        "oppose": math.exp(-weight * polarity),
        "unrelated": math.exp(-weight),
    }
    moved = {k: v * factor.get(k, 1.0) for k, v in probs.items()}
    total = sum(moved.values()) or 1.0
    return {k: v / total for k, v in moved.items()}
