"""A question's map over the corpus, read from the database.

The speakers' sides are summed by the database over their stored stances (no statement is
rebuilt, nothing is held per statement); each speaker's statements, the statements about
something else, the documents, the main statements and what key point analysis reads are
read from the database when a report or an export goes through them, in the order
:func:`stancemap.debate_map` gives them. It is the same map, field for field
(``tests/test_corpus.py``).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import ItemsView, Iterator, Mapping, Sequence, ValuesView
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, overload

from sqlalchemy import Engine, Select, and_, case, func, select, tuple_

from ..core import Document, Question, StanceLabel, Statement
from ..debate import DebateMap, SpeakerStance, commonest, is_conditional, speaker_order
from . import tables as t
from .asking import Filters, document_order
from .convert import SUMMED, statement_of

if TYPE_CHECKING:
    from .points import StoredKeyPointOf

d, s, st = t.documents.c, t.statements.c, t.stances.c
UNRELATED = StanceLabel.UNRELATED.value
CONDITIONAL = StanceLabel.CONDITIONAL.value
SUPPORT, OPPOSE = StanceLabel.SUPPORT.value, StanceLabel.OPPOSE.value
ROWS = 2000  # rows fetched at a time from a streamed query
IN_LIST = 500  # ids per IN (...) list


def content() -> Any:
    """A statement's text: stored when it differs from the document's, else cut from it."""
    return func.coalesce(s.text, func.substr(d.text, s.start + 1, s.end - s.start))


def _place(date: datetime | None, doc_id: str, ordinal: int) -> tuple[Any, ...]:
    """A statement's place in map order (:func:`document_order`, then text order)."""
    return (date is None, date or datetime.min, doc_id, ordinal)


@dataclass(slots=True)
class _Speaker:
    """One speaker's sums over their statements on the question."""

    names: dict[str, int] = field(default_factory=dict)
    roles: dict[str, int] = field(default_factory=dict)
    named: bool = False
    count: int = 0
    conditional: int = 0
    conditional_confidence: float = 0.0
    sided: int = 0  # statements read for or against
    totals: dict[str, float] = field(default_factory=lambda: dict.fromkeys(SUMMED, 0.0))

    def side(self) -> tuple[StanceLabel, float]:
        """As :func:`stancemap.debate.build_map` decides it: conditional as
        :func:`~stancemap.debate.is_conditional` says, else the label with the largest
        summed probability, with its share."""
        if is_conditional(self.conditional, self.sided):
            return StanceLabel.CONDITIONAL, self.conditional_confidence / self.conditional
        best = max(self.totals, key=self.totals.__getitem__)
        return StanceLabel(best), self.totals[best] / (sum(self.totals.values()) or 1.0)


class Reader:
    """Reads one question's stored map (the documents ``filters`` select) from the
    database."""

    def __init__(self, engine: Engine, question: Question, qid: int, filters: Filters):
        self.engine, self.question, self.qid, self.filters = engine, question, qid, filters
        self._sides: dict[str, StanceLabel] = {}  # speaker key -> side
        self.rank: dict[str, int] = {}  # speaker key -> place in the map
        self.names: dict[str, str] = {}  # speaker key -> name shown
        self._mains: dict[str, tuple[str, Statement]] | None = None
        self.points: StoredKeyPointOf | None = None  # the map's key points, once added

    def joined(self, *columns: Any) -> Select[Any]:
        joined = t.statements.join(
            t.stances, and_(st.statement_id == s.id, st.question_id == self.qid)
        ).join(t.documents, d.id == s.document_id)
        query = select(*columns).select_from(joined).where(s.speaker_key.is_not(None))
        return self.filters.where(query)

    def _stream(self, query: Select[Any]) -> Iterator[Any]:
        with self.engine.connect() as conn:
            yield from conn.execution_options(stream_results=True, yield_per=ROWS).execute(query)

    # the map
    def debate(self) -> DebateMap:
        """The map, its speakers summed by the database; the rest read when gone through."""
        off = (st.label == UNRELATED).label("off")
        conditional = st.label == CONDITIONAL
        query = self.joined(
            s.speaker_key,
            s.speaker_name,
            off,
            func.count(),
            func.sum(case((conditional, 1), else_=0)),
            func.sum(case((conditional, st.confidence), else_=0.0)),
            func.sum(case((st.label.in_((SUPPORT, OPPOSE)), 1), else_=0)),
            *(func.sum(st[f"p_{label}"]) for label in SUMMED),
            func.max(case((s.identified, 1), else_=0)),
        ).group_by(s.speaker_key, s.speaker_name, off)
        roles = self.joined(s.speaker_key, s.role, func.count()).where(
            st.label != UNRELATED, s.role.is_not(None), s.role != ""
        )
        speakers: dict[str, _Speaker] = defaultdict(_Speaker)
        unrelated = 0
        with self.engine.connect() as conn:
            for key, name, is_off, n, n_cond, cond_conf, n_sided, *sums, named in conn.execute(
                query
            ):
                if is_off:
                    unrelated += n
                    continue
                sp = speakers[key]
                sp.names[name] = n
                sp.count += n
                sp.conditional += n_cond
                sp.conditional_confidence += cond_conf
                sp.sided += n_sided
                for label, total in zip(SUMMED, sums, strict=True):
                    sp.totals[label] += total
                sp.named = sp.named or bool(named)
            for key, role, n in conn.execute(roles.group_by(s.speaker_key, s.role)):
                speakers[key].roles[role] = n
        mapped: list[tuple[str, SpeakerStance]] = []
        for key, sp in speakers.items():
            label, confidence = sp.side()
            self._sides[key] = label
            role = commonest(sp.roles) if sp.roles else None
            said = Said(self, key, sp.count)
            mine = SpeakerStance(commonest(sp.names), role, label, confidence, said, sp.named)
            mine.best = _MainOf(self, key)
            mapped.append((key, mine))
        mapped.sort(key=lambda m: speaker_order(m[1]))
        self.rank = {key: i for i, (key, _) in enumerate(mapped)}
        names = {key: mine.name for key, mine in mapped}
        debate = DebateMap(
            self.question,
            [mine for _, mine in mapped],
            Said(self, None, unrelated),
            StoredDocuments(self, self._count_documents()),
        )
        self.names = names
        return debate

    def add_key_points(self, debate: DebateMap) -> None:
        """Key points over the map's statements: stored under the question, the filters and
        the state of the documents they select; found (and stored) when there are none.
        Which statement joined which is read from the database as statements are read."""
        from .points import stored_points

        debate.key_points, self.points = stored_points(self)
        debate.key_point_of = self.points  # its key points carry their examples

    def fingerprint(self) -> str:
        """What the map reads, in a few figures: the filters, and how many documents they
        select, with their first and last ids and latest processing time (a document
        processed again, added or taken away changes it)."""
        figures = [func.count(), func.min(d.id), func.max(d.id), func.max(d.processed_at)]
        query = self.filters.where(select(*figures))
        with self.engine.connect() as conn:
            state = conn.execute(query).one()
        f = self.filters
        what = ["documents", f.since, f.until, f.source, *state]
        return hashlib.sha256(json.dumps(what, default=str).encode()).hexdigest()

    def _count_documents(self) -> int:
        query = self.filters.where(select(func.count()).select_from(t.documents))
        with self.engine.connect() as conn:
            return int(conn.scalar(query) or 0)

    # what the map reads when a report or an export goes through it
    def _statements(self) -> Select[Any]:
        columns = [c for c in t.statements.c if c.name != "text"]
        return self.joined(
            *columns,
            content().label("text"),
            st.label.label("stance_label"),
            st.confidence.label("stance_confidence"),
            st.probs.label("stance_probs"),
            st.evidence.label("stance_evidence"),
            st.argument.label("stance_argument"),
        )

    def statements(self, key: str | None) -> Iterator[tuple[str, Statement]]:
        """A speaker's statements on the question (``key``), or (None) those about
        something else, in map order."""
        query = self._statements()
        if key is None:
            query = query.where(st.label == UNRELATED)
        else:
            query = query.where(s.speaker_key == key, st.label != UNRELATED)
        points = self.points
        if points is not None:  # each statement's key point comes along
            km = t.key_point_members.c
            joins = and_(km.map_id == points.map_id, km.statement_id == s.id)
            query = query.outerjoin(t.key_point_members, joins).add_columns(km.point)
        for row in self._stream(query.order_by(*document_order(), s.ordinal)):
            if points is not None:
                points.note(row.id, row.point)
            yield row.document_id, statement_of(row._mapping, "")

    def main(self, key: str) -> tuple[str, Statement]:
        """A speaker's main statement: on their side, most confident, the first of equals
        (else the most confident). The first asked for reads every speaker's."""
        if self._mains is None:
            self._mains = self._read_mains()
        return self._mains[key]

    def _read_mains(self) -> dict[str, tuple[str, Statement]]:
        # each speaker's most confident statements on each label, then the best of them
        top = (
            self.joined(s.speaker_key, st.label, func.max(st.confidence).label("top"))
            .where(st.label != UNRELATED)
            .group_by(s.speaker_key, st.label)
            .subquery()
        )
        query = self.joined(
            s.speaker_key, st.label, st.confidence, d.date, s.document_id, s.ordinal, s.id
        ).where(
            tuple_(s.speaker_key, st.label, st.confidence).in_(
                select(top.c.speaker_key, top.c.label, top.c.top)
            )
        )
        best: dict[str, tuple[tuple[Any, ...], str, str]] = {}
        with self.engine.connect() as conn:
            for key, label, confidence, date, doc_id, ordinal, ident in conn.execute(query):
                on_side = label == self._sides.get(key, StanceLabel.UNRELATED).value
                rank = (not on_side, -confidence, *_place(date, doc_id, ordinal))
                if key not in best or rank < best[key][0]:
                    best[key] = (rank, doc_id, ident)
            ids = sorted(ident for _rank, _doc, ident in best.values())
            found: dict[str, tuple[str, Statement]] = {}
            for at in range(0, len(ids), IN_LIST):
                query = self._statements().where(s.id.in_(ids[at : at + IN_LIST]))
                for row in conn.execute(query):
                    found[row.id] = (row.document_id, statement_of(row._mapping, ""))
        return {key: found[ident] for key, (_rank, _doc, ident) in best.items()}

    def documents(self, page: int = 64) -> Iterator[Document]:
        """The matching documents in map order, ``page`` at a time."""
        order = self.filters.where(select(d.id)).order_by(*document_order())
        with self.engine.connect() as conn:
            ids = list(conn.scalars(order))
        for at in range(0, len(ids), page):
            wanted = ids[at : at + page]
            with self.engine.connect() as conn:
                rows = conn.execute(select(d.id, d.text, d.title, d.url).where(d.id.in_(wanted)))
                got = {r.id: _document(r) for r in rows}
            yield from (got[i] for i in wanted)

    def document(self, ident: str) -> Document | None:
        query = self.filters.where(select(d.id, d.text, d.title, d.url)).where(d.id == ident)
        with self.engine.connect() as conn:
            r = conn.execute(query).first()
        return None if r is None else _document(r)


def _document(row: Any) -> Document:
    return Document(text=row.text, id=row.id, title=row.title, source=row.url)


@dataclass(frozen=True, slots=True)
class _MainOf:
    reader: Reader
    key: str

    def __call__(self) -> tuple[str, Statement]:
        return self.reader.main(self.key)


class Said(Sequence[tuple[str, Statement]]):
    """A speaker's statements (``key``), or the unrelated ones (None), read when iterated."""

    def __init__(self, reader: Reader, key: str | None, size: int) -> None:
        self.reader, self.key, self.size = reader, key, size

    def __len__(self) -> int:
        return self.size

    def __iter__(self) -> Iterator[tuple[str, Statement]]:
        return self.reader.statements(self.key)

    @overload
    def __getitem__(self, index: int) -> tuple[str, Statement]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[str, Statement]]: ...
    def __getitem__(
        self, index: int | slice
    ) -> tuple[str, Statement] | Sequence[tuple[str, Statement]]:
        return list(self)[index]


class StoredDocuments(Mapping[str, Document]):
    """The map's documents by id, read from the database when gone through."""

    def __init__(self, reader: Reader, count: int) -> None:
        self.reader, self.count = reader, count

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[str]:
        return (doc.id for doc in self.reader.documents())

    def __getitem__(self, ident: str) -> Document:
        doc = self.reader.document(ident)
        if doc is None:
            raise KeyError(ident)
        return doc

    def items(self) -> ItemsView[str, Document]:
        return _Items(self)

    def values(self) -> ValuesView[Document]:
        return _Values(self)


class _Items(ItemsView[str, Document]):
    _mapping: StoredDocuments

    def __iter__(self) -> Iterator[tuple[str, Document]]:
        return ((doc.id, doc) for doc in self._mapping.reader.documents())


class _Values(ValuesView[Document]):
    _mapping: StoredDocuments

    def __iter__(self) -> Iterator[Document]:
        return self._mapping.reader.documents()
