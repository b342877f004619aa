"""Key points of a map read from the database, found and kept there.

Key point analysis (:func:`stancemap.keypoints.analysis.find_key_points`) reads the map's
statements in passes, side by side in map order: the order is written once to a temporary
table (the speakers' places in the map, then the documents' order and the statements'),
and every pass reads it a page at a time. Each statement that joins a key point is written
to ``key_point_members`` as it is matched; the key points' figures (label, side, count,
speakers, best examples) go to ``key_point_maps.result`` when every statement is matched.
Nothing held grows with the number of statements.

A finding claims its map row: ``computed_at`` is its heartbeat, renewed every :data:`BEAT`
seconds while it works. Another ask of the same map meanwhile waits for the figures instead
of finding them twice. A finding cut short (the process killed) leaves ``result`` NULL and
its heartbeat stops: once it is :data:`LEASE` seconds old, the next ask takes the row over,
clears its members and finds them again. A finding that fails (an error, not a kill) marks
its row stale on the way out, so the next ask takes it over without waiting.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    delete,
    func,
    insert,
    null,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..core import Span, StanceLabel
from ..keypoints.analysis import ArgumentItem, KeyPoint, Summary, find_key_points
from . import tables as t
from .asking import document_order
from .reading import content

if TYPE_CHECKING:
    import numpy as np

    from .reading import Reader

d, s, st = t.documents.c, t.statements.c, t.stances.c
m, km = t.key_point_maps.c, t.key_point_members.c
IN_LIST = 500  # positions per IN (...) list
LEASE = 30.0  # seconds without a heartbeat after which a pending finding counts as dead
BEAT = 5.0  # seconds between a finding's heartbeats
WAIT = 0.5  # seconds between looks at a finding another ask is making
SEEN = 50_000  # statements' key points remembered from the statements read last
log = logging.getLogger(__name__)

_scratch = MetaData()
_ranks = Table(
    "stancemap_kp_ranks",
    _scratch,
    Column("speaker_key", Text, primary_key=True),
    Column("rank", Integer, nullable=False),
    prefixes=["TEMPORARY"],
)
_order = Table(
    "stancemap_kp_order",
    _scratch,
    Column("side", String(16), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("statement_id", String(80), nullable=False),
    prefixes=["TEMPORARY"],
)


def stored_points(reader: Reader) -> tuple[list[KeyPoint], StoredKeyPointOf]:
    """The key points of ``reader``'s map (stored under its question and fingerprint), found
    and stored first when there are none; when another ask is finding them, its figures."""
    engine, fingerprint = reader.engine, reader.fingerprint()
    while True:
        with engine.connect() as conn:
            row = conn.execute(
                select(m.id, m.result, m.computed_at).where(
                    m.question_id == reader.qid, m.fingerprint == fingerprint
                )
            ).first()
        if row is not None and row.result is not None:
            return _read(engine, row.id, row.result)
        map_id = _claim(engine, reader.qid, fingerprint, row)
        if map_id is not None:
            break
        time.sleep(WAIT)

    def sink(_side: str, rows: Sequence[tuple[int, ArgumentItem, int, float]]) -> None:
        members = [
            {"map_id": map_id, "statement_id": item.statement, "point": number, "match": p}
            for _position, item, number, p in rows
        ]
        with engine.begin() as conn:
            conn.execute(insert(t.key_point_members), members)

    with _Heartbeat(engine, map_id), engine.connect() as conn:
        source = _Ordered(conn, reader)
        try:
            found = find_key_points(source, None, sink)
        finally:
            source.close()
    result = {"points": [_point_dict(number, kp) for number, kp in found]}
    with engine.begin() as conn:
        conn.execute(
            update(t.key_point_maps).where(m.id == map_id).values(result=result, computed_at=_now())
        )
    return _read(engine, map_id, result)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _claim(engine: Engine, qid: int, fingerprint: str, row: Any) -> int | None:
    """The map row this ask finds the key points under: a new one, or a pending one whose
    finder stopped (members cleared); None while another ask holds it (or has just
    claimed it first)."""
    if row is None:
        try:
            with engine.begin() as conn:
                made = conn.execute(
                    insert(t.key_point_maps).values(
                        question_id=qid,
                        fingerprint=fingerprint,
                        result=null(),  # SQL NULL, not JSON null: set with the figures
                        computed_at=_now(),
                    )
                )
        except IntegrityError:  # another ask inserted it first
            return None
        key = made.inserted_primary_key
        assert key is not None
        return int(key[0])
    if _now() - row.computed_at < timedelta(seconds=LEASE):
        return None
    with engine.begin() as conn:
        taken = conn.execute(
            update(t.key_point_maps)
            # compare and set on the heartbeat: a finder that beat or finished since moved it
            .where(m.id == row.id, m.computed_at == row.computed_at)
            .values(computed_at=_now())
        )
        if taken.rowcount != 1:  # another ask took it over first
            return None
        conn.execute(delete(t.key_point_members).where(km.map_id == row.id))
    return int(row.id)


class _Heartbeat:
    """Renews a pending map row's ``computed_at`` every :data:`BEAT` seconds, from a thread
    of its own, while the finding runs."""

    def __init__(self, engine: Engine, map_id: int) -> None:
        self.engine, self.map_id = engine, map_id
        self.stop = threading.Event()
        self.thread = threading.Thread(
            target=self._beat, name="stancemap-kp-heartbeat", daemon=True
        )

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, *_exc: object) -> None:
        self.stop.set()
        self.thread.join()
        if kind is None:
            return
        # the finding failed: its row is stale at once, so the next ask finds the key points
        # itself instead of waiting out the lease of a finder that is gone
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    update(t.key_point_maps)
                    .where(m.id == self.map_id)
                    .values(computed_at=_now() - timedelta(seconds=2 * LEASE))
                )
        except SQLAlchemyError as exc:  # then the lease runs out as for a killed finder
            log.warning("key point finding %s: not marked stopped (%s)", self.map_id, exc)

    def _beat(self) -> None:
        while not self.stop.wait(BEAT):
            try:
                with self.engine.begin() as conn:
                    conn.execute(
                        update(t.key_point_maps)
                        .where(m.id == self.map_id)
                        .values(computed_at=_now())
                    )
            except SQLAlchemyError as exc:  # a missed beat: the next one may land
                log.warning("key point finding %s: heartbeat not written (%s)", self.map_id, exc)


def _read(
    engine: Engine, map_id: int, result: dict[str, Any]
) -> tuple[list[KeyPoint], StoredKeyPointOf]:
    points = [_point_of(p) for p in result["points"]]
    numbers = {int(p["number"]): k for k, p in enumerate(result["points"])}
    return points, StoredKeyPointOf(engine, map_id, numbers)


def _point_dict(number: int, kp: KeyPoint) -> dict[str, Any]:
    assert kp.summary is not None
    return {
        "number": number,
        "label": kp.label,
        "side": kp.side,
        "count": kp.summary.count,
        "speakers": list(kp.summary.speakers),
        "examples": [
            {
                "text": item.text,
                "label": item.label,
                "speaker": item.speaker,
                "document": item.document,
                "statement": item.statement,
                "start": item.span.start if item.span else None,
                "end": item.span.end if item.span else None,
                "match": p,
            }
            for item, p in kp.summary.examples
        ],
    }


def _point_of(data: dict[str, Any]) -> KeyPoint:
    examples = []
    for e in data["examples"]:
        span = None if e["start"] is None else Span(e["start"], e["end"], e["text"])
        item = ArgumentItem(
            e["text"], e["label"], data["side"], e["speaker"], e["document"], span, e["statement"]
        )
        examples.append((item, float(e["match"])))
    summary = Summary(int(data["count"]), tuple(data["speakers"]), tuple(examples))
    return KeyPoint(data["label"], data["side"], summary=summary)


class StoredKeyPointOf(Mapping[tuple[str, str], int]):
    """(document id, statement id) -> the key point a statement joined, read from the
    database. The map's statements, read speaker by speaker, bring theirs along
    (:meth:`note`); any other is looked up."""

    def __init__(self, engine: Engine, map_id: int, numbers: dict[int, int]) -> None:
        self.engine, self.map_id, self.numbers = engine, map_id, numbers
        self.seen: dict[str, int | None] = {}

    def note(self, statement_id: str, point: int | None) -> None:
        if len(self.seen) >= SEEN:
            self.seen.clear()
        self.seen[statement_id] = point

    def __getitem__(self, ref: tuple[str, str]) -> int:
        ident = ref[1]
        if ident in self.seen:
            point = self.seen[ident]
        else:
            with self.engine.connect() as conn:
                point = conn.scalar(
                    select(km.point).where(km.map_id == self.map_id, km.statement_id == ident)
                )
        if point is None or point not in self.numbers:
            raise KeyError(ref)
        return self.numbers[point]

    def _members(self) -> Any:
        return t.key_point_members.join(t.statements, s.id == km.statement_id)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        query = (
            select(s.document_id, km.statement_id, km.point)
            .select_from(self._members())
            .where(km.map_id == self.map_id)
            .order_by(km.statement_id)
        )
        with self.engine.connect() as conn:
            for doc_id, ident, point in conn.execution_options(yield_per=2000).execute(query):
                if point in self.numbers:
                    yield doc_id, ident

    def __len__(self) -> int:
        query = select(func.count()).where(
            km.map_id == self.map_id, km.point.in_(list(self.numbers))
        )
        with self.engine.connect() as conn:
            return int(conn.scalar(query) or 0)


class _Ordered:
    """A stored map's statements on a side with an argument, side by side in map order, as
    key point analysis reads them (:class:`stancemap.keypoints.analysis.ItemSource`). The
    order lives in temporary tables of ``conn``, for as long as the finding."""

    def __init__(self, conn: Connection, reader: Reader) -> None:
        self.conn, self.reader = conn, reader
        _scratch.drop_all(conn, checkfirst=True)
        _scratch.create_all(conn)
        ranks = [{"speaker_key": key, "rank": r} for key, r in reader.rank.items()]
        for at in range(0, len(ranks), IN_LIST):
            conn.execute(insert(_ranks), ranks[at : at + IN_LIST])
        position = func.row_number().over(
            partition_by=st.label, order_by=(_ranks.c.rank, *document_order(), s.ordinal)
        )
        query = (
            reader.joined(st.label, position - 1, s.id)
            .join(_ranks, _ranks.c.speaker_key == s.speaker_key)
            .where(
                st.label != StanceLabel.UNRELATED.value,
                st.argument.is_not(None),
                st.argument != "",
            )
        )
        conn.execute(insert(_order).from_select(["side", "position", "statement_id"], query))

    def close(self) -> None:
        try:
            _scratch.drop_all(self.conn, checkfirst=True)
            self.conn.commit()
        except SQLAlchemyError:
            self.conn.rollback()  # an aborted transaction (PostgreSQL) drops them itself

    def sides(self) -> list[tuple[str, int]]:
        query = select(_order.c.side, func.count()).group_by(_order.c.side)
        return sorted((side, int(n)) for side, n in self.conn.execute(query))

    def _items(self, side: str, where: Any) -> list[ArgumentItem]:
        joined = (
            _order.join(t.statements, s.id == _order.c.statement_id)
            .join(t.stances, and_(st.statement_id == s.id, st.question_id == self.reader.qid))
            .join(t.documents, d.id == s.document_id)
        )
        query = (
            select(s.id, s.speaker_key, s.document_id, s.start, s.end, content(), st.argument)
            .select_from(joined)
            .where(_order.c.side == side, where)
            .order_by(_order.c.position)
        )
        names = self.reader.names
        return [
            ArgumentItem(text, arg, side, names[key], doc_id, Span(start, end, text), ident)
            for ident, key, doc_id, start, end, text, arg in self.conn.execute(query)
        ]

    def page(self, side: str, start: int, stop: int) -> Sequence[ArgumentItem]:
        position = _order.c.position
        return self._items(side, and_(position >= start, position < stop))

    def at(self, side: str, positions: Sequence[int]) -> Sequence[ArgumentItem]:
        found: list[ArgumentItem] = []
        for at in range(0, len(positions), IN_LIST):
            found += self._items(side, _order.c.position.in_(positions[at : at + IN_LIST]))
        return found

    def vectors(self, side: str, positions: Sequence[int]) -> np.ndarray | None:
        return None
