"""Key point analysis: the few points that many statements make, per side.

In the spirit of IBM's Key Point Analysis (Bar-Haim et al. 2020/2021):

1. candidates are the statements' own argument labels (short, extractive), deduplicated;
2. every statement is scored against every candidate of its side with the encoder's match
   probability (a calibrated logistic of the cosine between their embeddings; the better
   of the statement's and its own label's cosine);
3. key points are chosen greedily: each round takes the candidate that matches the most
   statements not yet covered, until none matches ``min_support`` new ones;
4. every statement goes to its best key point if that match is probable enough, else to none.

Deterministic: no sampling, and ties break on fewer words, then input order. Memory is
``statements x candidates`` per side with candidates capped, so linear in the statements.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..core.records import Span
from ..lang.en.arguments import PRONOUN_START

if TYPE_CHECKING:
    import numpy as np

    from ..encoder import Encoder


@dataclass(frozen=True, slots=True)
class ArgumentItem:
    """One statement as key point analysis sees it."""

    text: str  # what is matched: the statement
    label: str  # its argument label: a key point candidate
    side: str
    speaker: str | None = None
    document: str = ""
    span: Span | None = None


@dataclass(slots=True)
class KeyPoint:
    label: str
    side: str
    members: list[int] = field(default_factory=list)  # item indices, best match first
    scores: list[float] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.members)

    def speakers(self, items: Sequence[ArgumentItem]) -> list[str]:
        counts = Counter(s for i in self.members if (s := items[i].speaker))
        return [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    def to_dict(self, items: Sequence[ArgumentItem], examples: int = 3) -> dict[str, Any]:
        return {
            "label": self.label,
            "side": self.side,
            "count": self.count,
            "speakers": self.speakers(items),
            "examples": [
                _example(items[i], score)
                for i, score in zip(self.members[:examples], self.scores[:examples], strict=True)
            ],
        }


def _example(item: ArgumentItem, score: float) -> dict[str, Any]:
    span = item.span
    return {
        "speaker": item.speaker,
        "document": item.document,
        "text": item.text,
        "start": span.start if span else None,
        "end": span.end if span else None,
        "match": round(score, 3),
    }


@dataclass(slots=True)
class KeyPointResult:
    key_points: list[KeyPoint]
    assignment: list[int | None]  # per item: index into key_points, or None
    match: list[float]  # per item: match probability with its key point (0 when none)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, as :meth:`of` reads it back (a corpus stores it)."""
        return {
            "key_points": [
                {"label": k.label, "side": k.side, "members": k.members, "scores": k.scores}
                for k in self.key_points
            ],
            "assignment": self.assignment,
            "match": self.match,
        }

    @classmethod
    def of(cls, data: dict[str, Any]) -> KeyPointResult:
        return cls(
            [
                KeyPoint(k["label"], k["side"], list(k["members"]), list(k["scores"]))
                for k in data["key_points"]
            ],
            list(data["assignment"]),
            list(data["match"]),
        )


def _quality_order(labels: Sequence[str]) -> list[int]:
    """Candidate preference: 4-12 words, not opening with a pronoun, shorter first."""

    def rank(i: int) -> tuple[int, int, int]:
        words = labels[i].split()
        bad = int(not 3 <= len(words) <= 12) + int(words[0].lower() in PRONOUN_START)
        return (bad, len(words), i)

    return sorted((i for i in range(len(labels)) if labels[i].split()), key=rank)


# Key points are chosen on at most this many statements of a side (drawn at random, seeded);
# every statement is then matched to the chosen ones a page at a time, so that memory stays
# bounded however many statements a corpus map holds.
CHOOSE_ON = 20_000
PAGE = 4096


def key_points(
    items: Sequence[ArgumentItem],
    encoder: Encoder | None = None,
    *,
    threshold: float = 0.5,
    min_support: int = 2,
    max_per_side: int = 10,
    max_candidates: int = 1000,
    embeddings: np.ndarray | None = None,
    choose_on: int = CHOOSE_ON,
) -> KeyPointResult:
    """Key points over ``items``; ``embeddings`` (unit rows of ``encoder.embed([i.text])``)
    may be passed when they are already known. On each side the candidates (the items'
    argument labels) that cover most statements are chosen, on ``choose_on`` statements
    at most (a seeded draw); then each statement joins the chosen key point it matches
    best, if it matches one."""
    from ..encoder import default_encoder

    enc = encoder or default_encoder()
    assignment: list[int | None] = [None] * len(items)
    match = [0.0] * len(items)
    found: list[KeyPoint] = []
    sides = sorted({it.side for it in items})
    for side in sides:
        idx = [i for i, it in enumerate(items) if it.side == side]
        labels: list[str] = []
        seen: set[str] = set()
        for i in idx:
            key = _key(items[i].label)
            if key and key not in seen:
                seen.add(key)
                labels.append(items[i].label)
        order = _quality_order(labels)[:max_candidates]
        cands = [labels[j] for j in order]
        if not cands:
            continue
        scorer = _Scorer(items, enc, enc.embed(cands), cands, embeddings)
        whole = len(idx) <= choose_on
        # a seeded draw (a stride could fall in step with a pattern of the statements)
        sample = idx if whole else sorted(random.Random(len(idx)).sample(idx, choose_on))
        probs = scorer.probs(sample)
        chosen = _greedy(probs, threshold=threshold, min_support=min_support, limit=max_per_side)
        if not chosen:
            continue
        points = [KeyPoint(cands[c], side) for c in chosen]
        pages = [(sample, probs[:, chosen])] if whole else _pages(scorer, idx, chosen)
        for rows, sub in pages:
            best = sub.argmax(axis=1)
            for row, i in enumerate(rows):
                p = float(sub[row, best[row]])
                if p >= threshold:
                    points[best[row]].members.append(i)
                    points[best[row]].scores.append(p)
        for kp in points:
            if kp.count < min_support:
                continue
            ranked = sorted(zip(kp.scores, kp.members, strict=True), key=lambda t: (-t[0], t[1]))
            kp.scores = [s for s, _ in ranked]
            kp.members = [m for _, m in ranked]
            found.append(kp)
    found.sort(key=lambda kp: (sides.index(kp.side), -kp.count, kp.label))
    for k, kp in enumerate(found):
        for i, p in zip(kp.members, kp.scores, strict=True):
            assignment[i] = k
            match[i] = p
    return KeyPointResult(found, assignment, match)


class _Scorer:
    """Match probabilities of statements (rows of ``items``) with a side's candidates."""

    def __init__(
        self,
        items: Sequence[ArgumentItem],
        encoder: Encoder,
        cand_vecs: np.ndarray,
        cands: list[str],
        embeddings: np.ndarray | None,
    ) -> None:
        self.items, self.encoder, self.cand_vecs = items, encoder, cand_vecs
        self.at = {_key(c): j for j, c in enumerate(cands)}
        self.embeddings = embeddings

    def probs(self, rows: Sequence[int], columns: Sequence[int] | None = None) -> np.ndarray:
        """rows x candidates (or only ``columns`` of them)."""
        import numpy as np

        if self.embeddings is not None:
            vecs = self.embeddings[list(rows)]
        else:
            vecs = self.encoder.embed([self.items[i].text for i in rows])
        cands = self.cand_vecs if columns is None else self.cand_vecs[list(columns)]
        sims = vecs @ cands.T
        # A statement also matches what its own label matches: long statements that make
        # several points are otherwise diluted ("... futile, and red lines must be crossed").
        own = [(r, self.at.get(_key(self.items[i].label))) for r, i in enumerate(rows)]
        pairs = [(r, j) for r, j in own if j is not None]
        if pairs:
            mine = [r for r, _ in pairs]
            label_sims = self.cand_vecs[[j for _, j in pairs]] @ cands.T
            sims[mine] = np.maximum(sims[mine], label_sims)
        return self.encoder.match_probability(sims)


def _pages(
    scorer: _Scorer, idx: list[int], chosen: list[int]
) -> Iterator[tuple[list[int], np.ndarray]]:
    """Every statement's probabilities with the chosen candidates, a page at a time."""
    for at in range(0, len(idx), PAGE):
        rows = idx[at : at + PAGE]
        yield rows, scorer.probs(rows, chosen)


def _key(label: str) -> str:
    return " ".join(label.lower().split())


def _greedy(probs: np.ndarray, *, threshold: float, min_support: int, limit: int) -> list[int]:
    """Column indices of ``probs`` (statements x candidates) that cover the most statements,
    greedily; ties go to the earlier (preferred) candidate."""
    import numpy as np

    hits = probs >= threshold
    covered = np.zeros(probs.shape[0], dtype=bool)
    chosen: list[int] = []
    while len(chosen) < limit:
        gain = hits[~covered].sum(axis=0)
        if chosen:
            gain[chosen] = -1
        best = int(np.argmax(gain))  # first maximum: the preferred candidate
        if gain[best] < min_support:
            break
        chosen.append(best)
        covered |= hits[:, best]
    return chosen
