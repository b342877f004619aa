"""The debate map: speakers grouped by their stance on the question, with the statements
behind each stance (one article or many), and the key points they make.

:func:`stancemap.debate_map` builds it; this module holds the map and its aggregation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .core import Document, Extraction, Question, StanceLabel, Statement
from .core.records import SCHEMA_VERSION
from .core.speakers import identifies, speaker_key
from .keypoints.analysis import ArgumentItem, KeyPoint, KeyPointResult

if TYPE_CHECKING:
    from .encoder import Encoder

SIDES = (StanceLabel.SUPPORT, StanceLabel.OPPOSE, StanceLabel.CONDITIONAL, StanceLabel.NEUTRAL)


@dataclass(slots=True)
class SpeakerStance:
    name: str
    role: str | None
    stance: StanceLabel
    confidence: float
    # (document id, statement); a map over a corpus reads them from the database when
    # iterated (:mod:`stancemap.corpus.reading`)
    statements: Sequence[tuple[str, Statement]] = field(default_factory=list)
    # False for a vague or generic source ("some", "critics", "a large group", "the photo", an
    # unresolved pronoun): see :func:`identified`
    named: bool = True
    # reads the main statement without reading them all (a map over a corpus)
    best: Callable[[], tuple[str, Statement]] | None = None

    @property
    def main(self) -> tuple[str, Statement]:
        """The statement that best shows the speaker's side: on their side, most confident
        (the first of equals)."""
        if self.best is not None:
            return self.best()

        def rank(item: tuple[str, Statement]) -> tuple[int, float]:
            st = item[1].stance
            on_side = st is not None and st.label is self.stance
            return (0 if on_side else 1, -(st.confidence if st else 0.0))

        return min(self.statements, key=rank)

    @property
    def argument(self) -> str | None:
        return self.main[1].argument

    def to_dict(self, key_point_of: Mapping[tuple[str, str], int] | None = None) -> dict[str, Any]:
        return whole(self.parts(key_point_of))

    def parts(self, key_point_of: Mapping[tuple[str, str], int] | None = None) -> Parts:
        """The fields of :meth:`to_dict` in order, the statements as an iterator."""
        kp = key_point_of if key_point_of is not None else {}
        yield "name", self.name
        yield "named", self.named
        yield "role", self.role
        yield "stance", self.stance.value
        yield "confidence", round(self.confidence, 3)
        yield "argument", self.argument
        yield (
            "statements",
            (
                {
                    "id": s.id,
                    "document": doc_id,
                    "text": s.content.text,
                    "start": s.content.start,
                    "end": s.content.end,
                    "kind": s.kind.value,
                    "stance": s.stance.label.value if s.stance else None,
                    "confidence": round(s.stance.confidence, 3) if s.stance else None,
                    "evidence": [e.to_dict() for e in s.stance.evidence] if s.stance else [],
                    "argument": s.argument,
                    "key_point": kp.get((doc_id, s.id)),
                }
                for doc_id, s in self.statements
            ),
        )


# A record's fields in order, each list as an iterator of its items (a dict, or a nested
# record's own fields): what a streamed export writes from.
Parts = Iterator[tuple[str, Any]]


def whole(parts: Parts) -> dict[str, Any]:
    """The dict of ``parts``, every iterator read into a list."""
    return {
        k: [item if isinstance(item, dict) else whole(item) for item in v]
        if isinstance(v, Iterator)
        else v
        for k, v in parts
    }


@dataclass(slots=True)
class DebateMap:
    question: Question
    speakers: list[SpeakerStance]
    unrelated: Sequence[tuple[str, Statement]]
    documents: Mapping[str, Document] = field(default_factory=dict)
    key_points: list[KeyPoint] = field(default_factory=list)
    # what key points were found over (empty for a corpus map: its key points hold summaries)
    items: Sequence[ArgumentItem] = field(default_factory=list)
    # (document id, statement id) -> index into key_points
    key_point_of: Mapping[tuple[str, str], int] = field(default_factory=dict)

    def side(self, label: StanceLabel) -> list[SpeakerStance]:
        return [s for s in self.speakers if s.stance is label]

    def sides(self) -> list[tuple[StanceLabel, list[SpeakerStance]]]:
        """The sides that have speakers, in display order (for, against, conditional,
        neutral), each with its speakers."""
        return [(label, side) for label in SIDES if (side := self.side(label))]

    @property
    def question_how(self) -> str:
        if self.question.given:
            return "given"
        return "proposed from the article" + ("s" if len(self.documents) > 1 else "")

    def key_point_index(self, doc_id: str, s: Statement) -> int | None:
        return self.key_point_of.get((doc_id, s.id))

    def to_dict(self) -> dict[str, Any]:
        return whole(self.parts())

    def parts(self) -> Parts:
        """The fields of :meth:`to_dict` in order, each list as an iterator of its items
        (made one at a time: what a streamed export writes from; a corpus map reads them
        from the database as they are asked for)."""
        yield "schema_version", SCHEMA_VERSION
        yield "kind", "debate_map"
        yield "question", self.question.text
        yield "question_source", self.question.source
        yield (
            "documents",
            ({"id": d.id, "title": d.title, "source": d.source} for d in self.documents.values()),
        )
        yield "speakers", (s.parts(self.key_point_of) for s in self.speakers)
        yield (
            "key_points",
            ({"id": i, **kp.to_dict(self.items)} for i, kp in enumerate(self.key_points)),
        )
        yield (
            "unrelated",
            (
                {
                    "id": s.id,
                    "document": doc_id,
                    "speaker": s.speaker_name,
                    "text": s.content.text,
                    "start": s.content.start,
                    "end": s.content.end,
                    "kind": s.kind.value,
                    "confidence": round(s.stance.confidence, 3) if s.stance else None,
                }
                for doc_id, s in self.unrelated
            ),
        )
        yield "unrelated_statements", len(self.unrelated)


def build_map(results: Sequence[Extraction], question: Question) -> DebateMap:
    """Group statements by speaker across ``results`` and aggregate each speaker's stance.

    A speaker with as many conditional statements as statements for or against is
    conditional (:func:`is_conditional`); otherwise the stance with the
    largest summed probability over their statements about the question. Statements the model
    finds unrelated to the question count for no side. On each side named speakers come
    first, then unnamed sources ("some", "critics"), each by confidence. A speaker is shown
    by the commonest form of their name and their commonest role.
    """
    pairs = [(r.document.id, s) for r in results for s in r.statements]
    return _map_of(pairs, question, {r.document.id: r.document for r in results})


def _map_of(
    pairs: Sequence[tuple[str, Statement]], question: Question, documents: Mapping[str, Document]
) -> DebateMap:
    """The map of (document id, statement) ``pairs``: :func:`build_map`'s grouping."""
    groups: dict[str, list[tuple[str, Statement]]] = {}
    unrelated: list[tuple[str, Statement]] = []
    for doc_id, s in pairs:
        if s.stance is None or s.speaker_name is None:
            continue
        if s.stance.label is StanceLabel.UNRELATED:
            unrelated.append((doc_id, s))
            continue
        groups.setdefault(speaker_key(s.speaker_name), []).append((doc_id, s))
    speakers = [_aggregate(items) for items in groups.values()]
    speakers.sort(key=speaker_order)
    return DebateMap(question, speakers, unrelated, documents)


def by_document(debate: DebateMap) -> dict[str, DebateMap]:
    """Each document's own map, by document id: its statements of ``debate`` grouped by
    speaker within it, each speaker's side from that document's statements alone (as
    :func:`build_map` would give for the document by itself)."""
    pairs: dict[str, list[tuple[str, Statement]]] = {d: [] for d in debate.documents}
    for sp in debate.speakers:
        for doc_id, s in sp.statements:
            pairs.setdefault(doc_id, []).append((doc_id, s))
    for doc_id, s in debate.unrelated:
        pairs.setdefault(doc_id, []).append((doc_id, s))
    docs = debate.documents
    return {
        d: _map_of(ps, debate.question, {d: docs[d]} if d in docs else {})
        for d, ps in pairs.items()
    }


def add_key_points(debate: DebateMap, encoder: Encoder | None = None, **settings: Any) -> None:
    """Run key point analysis over the map's statements (each on the side of its own stance)
    and record which key point every statement falls under."""
    from .keypoints.analysis import key_points

    refs, items = key_point_items(debate)
    attach_key_points(debate, refs, items, key_points(items, encoder, **settings))


def key_point_items(debate: DebateMap) -> tuple[list[tuple[str, str]], list[ArgumentItem]]:
    """What key point analysis reads of the map, in map order: (document id, statement id)
    of each statement with a stance and an argument, and the statement as an item."""
    refs: list[tuple[str, str]] = []
    items: list[ArgumentItem] = []
    for sp in debate.speakers:
        for doc_id, s in sp.statements:
            if s.stance is None or not s.argument:
                continue
            items.append(
                ArgumentItem(
                    s.content.text, s.argument, s.stance.label.value, sp.name, doc_id, s.content
                )
            )
            refs.append((doc_id, s.id))
    return refs, items


def attach_key_points(
    debate: DebateMap,
    refs: Sequence[tuple[str, str]],
    items: Sequence[ArgumentItem],
    result: KeyPointResult,
) -> None:
    """Record ``result`` (key points over ``items``) on the map."""
    debate.items = items
    debate.key_points = result.key_points
    debate.key_point_of = {
        ref: k for ref, k in zip(refs, result.assignment, strict=True) if k is not None
    }


def identified(s: Statement) -> bool:
    """Does the statement's speaker identify someone (:func:`stancemap.core.speakers.identifies`:
    a resolved actor or a definite description, not "some", "critics" or a caption)?"""
    return identifies(s.actor, s.speaker.text if s.speaker else None)


def commonest(counts: Mapping[str, int]) -> str:
    """The most frequent of ``counts``, the first in code point order of equals (so that a
    map counted by a database shows the same)."""
    return max(sorted(counts), key=counts.__getitem__)


def is_conditional(conditional: int, sided: int) -> bool:
    """Does a speaker with ``conditional`` statements read conditional and ``sided`` read for
    or against stand on the conditional side? When those are at least as many: one
    condition among many statements against ("if it joins, we will oppose its bases") does
    not make the speaker's side conditional."""
    return conditional > 0 and conditional >= sided


def speaker_order(sp: SpeakerStance) -> tuple[int, bool, float, str]:
    """Where a speaker stands in the map: by side (for, against, conditional, neutral),
    named before unnamed, then by confidence (to 9 places: sums in another order agree)."""
    return (SIDES.index(sp.stance), not sp.named, -round(sp.confidence, 9), sp.name)


def _aggregate(items: list[tuple[str, Statement]]) -> SpeakerStance:
    names = Counter(s.speaker_name for _, s in items if s.speaker_name is not None)
    roles = Counter(s.role for _, s in items if s.role)
    name, role = commonest(names), commonest(roles) if roles else None
    named = any(identified(s) for _, s in items)
    stances = [s.stance for _, s in items if s.stance is not None]
    conditional = [st for st in stances if st.label is StanceLabel.CONDITIONAL]
    sided = sum(st.label in (StanceLabel.SUPPORT, StanceLabel.OPPOSE) for st in stances)
    if is_conditional(len(conditional), sided):
        conf = sum(st.confidence for st in conditional) / len(conditional)
        return SpeakerStance(name, role, StanceLabel.CONDITIONAL, conf, items, named)
    totals = {label: 0.0 for label in ("support", "oppose", "neutral")}
    for st in stances:
        for label in totals:
            totals[label] += st.probs.get(label, 0.0)
    best = max(totals, key=totals.__getitem__)
    share = totals[best] / (sum(totals.values()) or 1.0)
    return SpeakerStance(name, role, StanceLabel(best), share, items, named)


def assemble(
    results: Sequence[Extraction],
    question: Question,
    *,
    labels: dict[str, str] | None = None,
    key_points: bool = True,
) -> DebateMap:
    """The map of ``results`` read against ``question``: stances adapted to a reviewer's
    ``labels`` (:mod:`~stancemap.stance.adapt`) when there are some, then grouped by speaker
    (:func:`build_map`), then key points (:func:`add_key_points`)."""
    if labels is not None:
        from .stance.adapt import adapt

        results, _correction = adapt(results, labels)
    debate = build_map(results, question)
    if key_points:
        add_key_points(debate)
    return debate
