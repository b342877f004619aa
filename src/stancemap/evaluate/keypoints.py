"""Key point matching evaluation on data laid out like ArgKP-2021 (``stancemap eval keypoints``;
the data is read by :mod:`stancemap.corpora.argkp`).

The shared-task metric (Friedman et al. 2021): every argument is paired with its
highest-scoring key point of the same topic and stance; within each topic-and-stance group
the lower-scoring half of those pairs is dropped and the average precision of the rest is
computed against the gold labels; the score is the mean over groups. *Strict* counts a pair
the annotators left unlabelled as a non-match, *relaxed* as a match.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..corpora.argkp import KPArgument, KPData

if TYPE_CHECKING:
    from ..encoder import Encoder


def average_precision(gold: Sequence[int], scores: Sequence[float]) -> float:
    """Average precision as scikit-learn computes it (ties broken as one threshold step)."""
    positives = sum(gold)
    if positives == 0:
        return 0.0
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    ap = 0.0
    tp = seen = 0
    i = 0
    while i < len(order):
        j = i
        while j < len(order) and scores[order[j]] == scores[order[i]]:
            j += 1
        block_tp = sum(gold[order[k]] for k in range(i, j))
        tp += block_tp
        seen += j - i
        ap += (block_tp / positives) * (tp / seen)
        i = j
    return ap


def mean_average_precision(data: KPData, best: dict[str, tuple[str, float]]) -> dict[str, float]:
    """``best`` maps an argument id to (its best key point's id, that pair's score).
    Arguments without a prediction count as matched to nothing with score 0."""
    groups: dict[tuple[str, int], list[tuple[float, int | None]]] = {}
    for arg in data.arguments:
        kp_id, score = best.get(arg.id, ("", 0.0))
        label = data.labels.get((arg.id, kp_id)) if kp_id else 0
        groups.setdefault((arg.topic, arg.stance), []).append((score, label))
    result = {}
    for mode, missing in (("strict", 0), ("relaxed", 1)):
        aps = []
        for rows in groups.values():
            top = sorted(rows, key=lambda r: -r[0])[: len(rows) // 2]
            if not top:
                continue
            gold = [missing if label is None else label for _, label in top]
            aps.append(average_precision(gold, [s for s, _ in top]))
        result[f"map_{mode}"] = sum(aps) / len(aps) if aps else 0.0
    result["groups"] = float(len(groups))
    return result


def evaluate_matching(
    data: KPData, score: Callable[[Sequence[str], Sequence[str]], list[list[float]]]
) -> dict[str, float]:
    """Score every argument against its candidate key points with ``score(arguments,
    key_points) -> matrix`` (one call per topic-and-stance group) and compute the mAP."""
    best: dict[str, tuple[str, float]] = {}
    by_group: dict[tuple[str, int], list[KPArgument]] = {}
    for arg in data.arguments:
        by_group.setdefault((arg.topic, arg.stance), []).append(arg)
    for (topic, stance), args in sorted(by_group.items()):
        kps = [k for k in data.key_points if k.topic == topic and k.stance == stance]
        if not kps:
            continue
        matrix = score([a.text for a in args], [k.text for k in kps])
        for arg, row in zip(args, matrix, strict=True):
            j = max(range(len(kps)), key=row.__getitem__)
            best[arg.id] = (kps[j].id, row[j])
    scores = mean_average_precision(data, best)
    scores["arguments"] = float(len(data.arguments))
    return scores


MARGIN = 0.5  # chosen on ArgKP dev among 0, 0.25, 0.5, 1 (README: Accuracy)


def embedding_scorer(
    encoder: Encoder | None = None, *, margin: float = MARGIN
) -> Callable[[Sequence[str], Sequence[str]], list[list[float]]]:
    """Match score = cosine of the two sentence embeddings, less ``margin`` times the
    argument's best cosine with any *other* candidate: a match that stands out from the
    argument's other candidates ranks above one that does not. The best key point of each
    argument is unchanged."""
    import numpy as np

    from ..encoder import default_encoder

    enc = encoder or default_encoder()

    def score(args: Sequence[str], kps: Sequence[str]) -> list[list[float]]:
        sims = enc.embed(args) @ enc.embed(kps).T
        if margin and sims.shape[1] > 1:
            top2 = np.sort(sims, axis=1)[:, -2:]
            other = np.where(sims >= top2[:, 1:2], top2[:, 0:1], top2[:, 1:2])
            sims = sims - margin * other
        return sims.tolist()  # type: ignore[no-any-return]

    return score
