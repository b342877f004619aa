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
from collections.abc import Mapping

from ..lang.en.positions import CON_CUE, CON_OPENING, PRO_CUE, PRO_OPENING

# Logit shift toward the cue's side (and away from "unrelated": a side-taking cue is about
# something). Chosen on the news dev set.
CUE_WEIGHT = 1.5


def cue_polarity(cue: str | None, content: str) -> int:
    words = " ".join(cue.split()).lower() if cue else ""
    if words and PRO_CUE.match(words):
        return 1
    if words and CON_CUE.match(words):
        return -1
    opening = content.lstrip(" \"“'‘")
    if CON_OPENING.match(opening):
        return -1
    if PRO_OPENING.match(opening):
        return 1
    return 0


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
