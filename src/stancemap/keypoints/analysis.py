"""Key point analysis: the few points that many statements make, per side.

In the spirit of IBM's Key Point Analysis (Bar-Haim et al. 2020/2021):

1. candidates are the statements' own argument labels (short, extractive), deduplicated;
2. every statement is scored against every candidate of its side with the encoder's match
   probability (a calibrated logistic of the cosine between their embeddings; the better
   of the statement's and its own label's cosine);
3. key points are chosen greedily: each round takes the candidate that matches the most
   statements not yet covered, until none matches ``min_support`` new ones;
4. every statement goes to its best key point if that match is probable enough, else to none.

Deterministic (a side with more than :data:`CHOOSE_ON` statements is chosen on a seeded
draw of them), and ties break on fewer words, then input order. The statements are read in
passes, a page at a time (:func:`find_key_points`): memory is the draw's ``statements x
candidates``, capped, whatever the number of statements.
"""

from __future__ import annotations

import heapq
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

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
    statement: str = ""  # the statement's id, when the item is read from a corpus


@dataclass(frozen=True, slots=True)
class Summary:
    """What a key point shows when its members are not held (a corpus map's, whose members
    are stored): how many statements it has, its speakers (most statements first) and its
    best-matching statements with their match."""

    count: int
    speakers: tuple[str, ...]
    examples: tuple[tuple[ArgumentItem, float], ...]


@dataclass(slots=True)
class KeyPoint:
    label: str
    side: str
    members: list[int] = field(default_factory=list)  # item indices, best match first
    scores: list[float] = field(default_factory=list)
    summary: Summary | None = None  # set instead of members when they are not held

    @property
    def count(self) -> int:
        return self.summary.count if self.summary is not None else len(self.members)

    def speakers(self, items: Sequence[ArgumentItem]) -> list[str]:
        if self.summary is not None:
            return list(self.summary.speakers)
        counts = Counter(s for i in self.members if (s := items[i].speaker))
        return [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    def examples(
        self, items: Sequence[ArgumentItem], n: int = 3
    ) -> list[tuple[ArgumentItem, float]]:
        """The ``n`` statements that match it best, with their match."""
        if self.summary is not None:
            return list(self.summary.examples[:n])
        return [(items[i], s) for i, s in zip(self.members[:n], self.scores[:n], strict=True)]

    def to_dict(self, items: Sequence[ArgumentItem], examples: int = 3) -> dict[str, Any]:
        return {
            "label": self.label,
            "side": self.side,
            "count": self.count,
            "speakers": self.speakers(items),
            "examples": [_example(item, score) for item, score in self.examples(items, examples)],
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


# Key points are chosen on at most this many statements of a side (drawn at random, seeded);
# every statement is then matched to the chosen ones a page at a time, so that memory stays
# bounded however many statements a corpus map holds.
CHOOSE_ON = 20_000
PAGE = 4096
EXAMPLES = 5  # best-matching statements a key point's summary keeps


class ItemSource(Protocol):
    """The statements key point analysis reads, side by side and each side in map order,
    in passes: a list of items (:func:`key_points`) or a corpus database."""

    def sides(self) -> list[tuple[str, int]]:
        """Each side (in sorted order) with its number of statements."""
        ...

    def page(self, side: str, start: int, stop: int) -> Sequence[ArgumentItem]:
        """The side's statements at positions ``start`` to ``stop - 1``."""
        ...

    def at(self, side: str, positions: Sequence[int]) -> Sequence[ArgumentItem]:
        """The side's statements at ``positions`` (ascending)."""
        ...

    def vectors(self, side: str, positions: Sequence[int]) -> np.ndarray | None:
        """Their embeddings when they are known (unit rows), else None."""
        ...


# what a pass of matching gives, a page at a time: (the statement's position on its side, the
# statement, the number of the key point it joins, the match)
Sink = Callable[[str, Sequence[tuple[int, ArgumentItem, int, float]]], None]


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
    source = _Listed(items, embeddings)
    joined: dict[int, list[tuple[float, int]]] = defaultdict(list)

    def sink(side: str, rows: Sequence[tuple[int, ArgumentItem, int, float]]) -> None:
        where = source.by_side[side]
        for position, _item, number, p in rows:
            joined[number].append((-p, where[position]))

    found = find_key_points(
        source,
        encoder,
        sink,
        threshold=threshold,
        min_support=min_support,
        max_per_side=max_per_side,
        max_candidates=max_candidates,
        choose_on=choose_on,
    )
    assignment: list[int | None] = [None] * len(items)
    match = [0.0] * len(items)
    points: list[KeyPoint] = []
    for k, (number, kp) in enumerate(found):
        ranked = sorted(joined[number])
        points.append(KeyPoint(kp.label, kp.side, [i for _, i in ranked], [-p for p, _ in ranked]))
        for p, i in ranked:
            assignment[i], match[i] = k, -p
    return KeyPointResult(points, assignment, match)


def find_key_points(
    source: ItemSource,
    encoder: Encoder | None,
    sink: Sink,
    *,
    threshold: float = 0.5,
    min_support: int = 2,
    max_per_side: int = 10,
    max_candidates: int = 1000,
    choose_on: int = CHOOSE_ON,
) -> list[tuple[int, KeyPoint]]:
    """Key points over ``source``, reading it in passes so that memory does not grow with
    its statements: each statement that joins a key point goes to ``sink`` (with the key
    point's number) a page at a time. Gives the key points that have ``min_support``
    statements, each with its number and a :class:`Summary`, in display order (sides in
    order, then by statements)."""
    from ..encoder import default_encoder

    enc = encoder or default_encoder()
    found: list[tuple[int, KeyPoint]] = []
    sides = source.sides()
    number = 0
    for side, n in sides:
        cands = _candidates(source, side, n, max_candidates)
        if not cands:
            continue
        scorer = _Scorer(enc, cands)
        whole = n <= choose_on
        # a seeded draw (a stride could fall in step with a pattern of the statements)
        drawn = range(n) if whole else sorted(random.Random(n).sample(range(n), choose_on))
        sample = _Sample(source, side, scorer, list(drawn), threshold)
        chosen = _greedy(sample.hits, min_support=min_support, limit=max_per_side)
        if not chosen:
            continue
        tallies = [_Tally(number + j) for j in range(len(chosen))]
        number += len(chosen)
        for at in range(0, n, PAGE):
            page = source.page(side, at, min(at + PAGE, n))
            probs = scorer.probs(sample.vectors(at, page), page, chosen)
            best = probs.argmax(axis=1)
            rows = []
            for row, item in enumerate(page):
                p = float(probs[row, best[row]])
                if p >= threshold:
                    tallies[best[row]].add(at + row, item, p)
                    rows.append((at + row, item, tallies[best[row]].number, p))
            if rows:
                sink(side, rows)
        for c, tally in zip(chosen, tallies, strict=True):
            if tally.count >= min_support:
                found.append((tally.number, KeyPoint(cands[c], side, summary=tally.summary())))
    order = [side for side, _ in sides]
    found.sort(key=lambda f: (order.index(f[1].side), -f[1].count, f[1].label))
    return found


def _candidates(source: ItemSource, side: str, n: int, limit: int) -> list[str]:
    """The side's distinct argument labels (the first of each spelling), the ``limit`` best
    by :func:`_quality_order`'s preference, in that order; a pass that keeps ``limit`` of
    them at a time."""
    if limit <= 0:
        return []
    kept: dict[str, tuple[tuple[int, int, int], str]] = {}
    worst: list[tuple[int, int, int, str]] = []  # a max-heap of the kept ranks (negated)
    for at in range(0, n, PAGE):
        for row, item in enumerate(source.page(side, at, min(at + PAGE, n))):
            key = _key(item.label)
            if not key or key in kept:
                continue
            rank = _rank(item.label, at + row)
            if len(kept) == limit:
                if rank >= (-worst[0][0], -worst[0][1], -worst[0][2]):
                    continue  # an evicted or later spelling can never rank better
                dropped = heapq.heappop(worst)
                del kept[dropped[3]]
            kept[key] = (rank, item.label)
            heapq.heappush(worst, (-rank[0], -rank[1], -rank[2], key))
    return [label for _rank, label in sorted(kept.values())]


def _rank(label: str, at: int) -> tuple[int, int, int]:
    """Candidate preference: 4-12 words, not opening with a pronoun, shorter first."""
    words = label.split()
    bad = int(not 3 <= len(words) <= 12) + int(words[0].lower() in PRONOUN_START)
    return (bad, len(words), at)


class _Scorer:
    """Match probabilities of statements with a side's candidates."""

    def __init__(self, encoder: Encoder, cands: list[str]) -> None:
        self.encoder, self.cand_vecs = encoder, encoder.embed(cands)
        self.at = {_key(c): j for j, c in enumerate(cands)}

    def embed(self, items: Sequence[ArgumentItem]) -> np.ndarray:
        return self.encoder.embed([item.text for item in items])

    def probs(
        self, vecs: np.ndarray, items: Sequence[ArgumentItem], columns: Sequence[int] | None
    ) -> np.ndarray:
        """statements x candidates (or only ``columns`` of them)."""
        import numpy as np

        cands = self.cand_vecs if columns is None else self.cand_vecs[list(columns)]
        sims = vecs @ cands.T
        # A statement also matches what its own label matches: long statements that make
        # several points are otherwise diluted ("... futile, and red lines must be crossed").
        own = [(r, self.at.get(_key(item.label))) for r, item in enumerate(items)]
        pairs = [(r, j) for r, j in own if j is not None]
        if pairs:
            mine = [r for r, _ in pairs]
            label_sims = self.cand_vecs[[j for _, j in pairs]] @ cands.T
            sims[mine] = np.maximum(sims[mine], label_sims)
        return self.encoder.match_probability(sims)


class _Sample:
    """The drawn statements of a side: their embeddings (kept, to match them again without
    embedding them twice) and which candidates each matches."""

    def __init__(
        self,
        source: ItemSource,
        side: str,
        scorer: _Scorer,
        drawn: list[int],
        threshold: float,
    ) -> None:
        import numpy as np

        self.source, self.side, self.scorer = source, side, scorer
        self.drawn = np.asarray(drawn, dtype=np.int64)
        parts, hits = [], []
        contiguous = len(drawn) == 0 or drawn[-1] - drawn[0] + 1 == len(drawn)
        for at in range(0, len(drawn), PAGE):
            chunk = drawn[at : at + PAGE]
            if contiguous:
                items = source.page(side, chunk[0], chunk[-1] + 1)
            else:
                items = source.at(side, chunk)
            vecs = source.vectors(side, chunk)
            if vecs is None:
                vecs = scorer.embed(items)
            parts.append(vecs)
            hits.append(scorer.probs(vecs, items, None) >= threshold)
        self.vecs = np.concatenate(parts)
        self.hits = np.concatenate(hits)

    def vectors(self, at: int, page: Sequence[ArgumentItem]) -> np.ndarray:
        """Embeddings of the side's statements ``page`` (from position ``at``): the drawn
        ones kept, the others embedded (or read from the source)."""
        import numpy as np

        positions = np.arange(at, at + len(page))
        k = np.searchsorted(self.drawn, positions)
        k_in = np.minimum(k, len(self.drawn) - 1)
        inside = self.drawn[k_in] == positions
        if inside.all():
            return self.vecs[k_in]
        out = np.empty((len(page), self.vecs.shape[1]), dtype=self.vecs.dtype)
        out[inside] = self.vecs[k_in[inside]]
        rest = [int(r) for r in np.flatnonzero(~inside)]
        vecs = self.source.vectors(self.side, [at + r for r in rest])
        out[rest] = vecs if vecs is not None else self.scorer.embed([page[r] for r in rest])
        return out


@dataclass(slots=True)
class _Tally:
    """A chosen key point's figures as its statements join it."""

    number: int
    count: int = 0
    speakers: Counter[str] = field(default_factory=Counter)
    best: list[tuple[float, int, ArgumentItem]] = field(default_factory=list)  # a min-heap

    def add(self, position: int, item: ArgumentItem, p: float) -> None:
        self.count += 1
        if item.speaker:
            self.speakers[item.speaker] += 1
        entry = (p, -position, item)
        if len(self.best) < EXAMPLES:
            heapq.heappush(self.best, entry)
        elif entry[:2] > self.best[0][:2]:
            heapq.heapreplace(self.best, entry)

    def summary(self) -> Summary:
        speakers = sorted(self.speakers.items(), key=lambda kv: (-kv[1], kv[0]))
        best = sorted(self.best, key=lambda e: (-e[0], -e[1]))
        return Summary(
            self.count,
            tuple(name for name, _ in speakers),
            tuple((item, p) for p, _pos, item in best),
        )


class _Listed:
    """Items in a list as an :class:`ItemSource`."""

    def __init__(self, items: Sequence[ArgumentItem], embeddings: np.ndarray | None) -> None:
        self.items, self.embeddings = items, embeddings
        self.by_side: dict[str, list[int]] = defaultdict(list)
        for i, item in enumerate(items):
            self.by_side[item.side].append(i)

    def sides(self) -> list[tuple[str, int]]:
        return [(side, len(self.by_side[side])) for side in sorted(self.by_side)]

    def page(self, side: str, start: int, stop: int) -> Sequence[ArgumentItem]:
        return [self.items[i] for i in self.by_side[side][start:stop]]

    def at(self, side: str, positions: Sequence[int]) -> Sequence[ArgumentItem]:
        where = self.by_side[side]
        return [self.items[where[p]] for p in positions]

    def vectors(self, side: str, positions: Sequence[int]) -> np.ndarray | None:
        if self.embeddings is None:
            return None
        where = self.by_side[side]
        return self.embeddings[[where[p] for p in positions]]


def _key(label: str) -> str:
    return " ".join(label.lower().split())


def _greedy(hits: np.ndarray, *, min_support: int, limit: int) -> list[int]:
    """Column indices of ``hits`` (statements x candidates: does it match?) that cover the
    most statements, greedily; ties go to the earlier (preferred) candidate."""
    import numpy as np

    covered = np.zeros(hits.shape[0], dtype=bool)
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
