"""A question over the corpus: every stored statement's stance toward it, computed the first
time the question is asked (under one stance model) and stored, then the debate map over
the documents that match the filters. Asking again reads the stored stances; a document
processed since is read on the next ask; a new question never parses anything again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, Select, and_, exists, func, select

from ..core import Document, Extraction, Question, Statement
from . import tables as t
from .convert import analysis_of, stance_row, statement_of
from .ingest import normalised
from .store import insert_ignore

if TYPE_CHECKING:
    from ..debate import DebateMap
    from ..keypoints.analysis import ArgumentItem, KeyPointResult
    from ..stance.model import StanceModel

PAGE = 64  # documents read (and written) per transaction


@dataclass(frozen=True, slots=True)
class Filters:
    """Which stored documents a map covers: dated on or after ``since`` and before or on
    ``until`` (UTC), found at ``source``; with ``about``, those the question of that id
    read and found about it (:mod:`stancemap.stance.relevance`)."""

    since: datetime | None = None
    until: datetime | None = None
    source: str | None = None
    about: int | None = None  # a question's id: only the documents it found about it

    def where(self, query: Select[Any]) -> Select[Any]:
        d = t.documents.c
        query = query.where(d.state == "done")
        if self.about is not None:
            qd = t.question_documents.c
            query = query.where(
                exists().where(
                    and_(qd.question_id == self.about, qd.document_id == d.id, qd.relevant)
                )
            )
        if self.since is not None:
            query = query.where(d.date >= _naive(self.since))
        if self.until is not None:
            query = query.where(d.date <= _naive(self.until))
        if self.source is not None:
            s = t.sources.c
            query = query.where(
                exists().where(and_(s.document_id == d.id, s.source == self.source))
            )
        return query


def document_order() -> tuple[Any, ...]:
    """Undated documents last, then by date and id: the order of a map's documents."""
    d = t.documents.c
    return (d.date.is_(None), d.date, d.id)


def _naive(when: datetime) -> datetime:
    return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when


# The stance stages' reading (focus sentences, cues, sentiment, conditions, argument labels
# and key points): bump it with a change of what they give, so that stored stances and key
# points are read again (NOTES.md: the corpus database).
READING_VERSION = "2026-12-04.18"


def model_version(model: StanceModel, *, every: bool = False) -> str:
    """The stance reading's version: a hash of what the model's folder says of it
    (encoder.json) and of :data:`READING_VERSION`; ``every``: read over every document,
    not only those about the question (stored apart)."""
    meta = json.dumps([model.meta, READING_VERSION], sort_keys=True, default=str)
    version = "embedded:" + hashlib.sha256(meta.encode("utf-8")).hexdigest()[:12]
    return version + ("+every" if every else "")


def question_id(engine: Engine, question: Question, model: str) -> int:
    """The stored question's id under ``model``, added on first ask."""
    key = normalised(question.text)
    q = t.questions.c
    with engine.begin() as conn:
        insert_ignore(
            conn,
            t.questions,
            [{"text": question.text, "key": key, "model": model, "asked_at": _now()}],
        )
        found = conn.scalar(select(q.id).where(q.key == key, q.model == model))
    assert found is not None
    return int(found)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def unread(engine: Engine, qid: int, filters: Filters) -> int:
    """How many matching documents the question has not read yet."""
    qd = t.question_documents.c
    query = filters.where(select(func.count()).select_from(t.documents)).where(
        ~exists().where(and_(qd.question_id == qid, qd.document_id == t.documents.c.id))
    )
    with engine.connect() as conn:
        return int(conn.scalar(query) or 0)


def read_stances(
    engine: Engine,
    question: Question,
    qid: int,
    filters: Filters,
    *,
    model: StanceModel,
    batch_size: int = 16,
    every: bool = False,
) -> Iterator[int]:
    """Read the question over the matching documents it has not read, a page at a time:
    those about it (:class:`~stancemap.stance.relevance.Relevance`; ``every``: all of
    them) have their statements' stances stored, and each is recorded as read, about the
    question or not. Yields the number of documents of each page once it is stored."""
    from ..api import ATTRIBUTED, _stance_stages
    from ..pipeline import Pipeline
    from ..stance.relevance import Relevance

    stages = Pipeline(_stance_stages(question, model, None), given=ATTRIBUTED)
    relevance: Relevance | None = None  # made when a page is read: it loads the encoder
    qd = t.question_documents.c
    d = t.documents.c
    after = ""
    while True:
        query = (
            filters.where(select(d.id, d.text, d.title, d.url, d.processed_at))
            .where(d.id > after)
            .where(~exists().where(and_(qd.question_id == qid, qd.document_id == d.id)))
            .order_by(d.id)
            .limit(PAGE)
        )
        with engine.connect() as conn:
            rows = conn.execute(query).all()
        page = [Document(text=r.text, id=r.id, title=r.title, source=r.url) for r in rows]
        if not page:
            return
        read_at = {r.id: r.processed_at for r in rows}
        if not every and relevance is None:
            relevance = Relevance(question)
        about = relevance.about([doc.text for doc in page]) if relevance else []
        relevant = {doc.id for i, doc in enumerate(page) if not about or about[i]}
        with engine.connect() as conn:
            analyses = _analyses(conn, [doc for doc in page if doc.id in relevant])
        after = page[-1].id
        results = [a.result() for a in stages.continue_analyses(analyses, batch_size=batch_size)]
        with engine.begin() as conn:
            # a document processed again meanwhile (a run beside this map) is read next time
            query = select(d.id, d.processed_at).where(d.id.in_(list(read_at)))
            now = {r.id: r.processed_at for r in conn.execute(query)}
            same = {i for i, at in read_at.items() if now.get(i) == at}
            insert_ignore(
                conn,
                t.stances,
                [
                    {**stance_row(qid, s.id, s.stance), "argument": s.argument}
                    for r in results
                    if r.document.id in same
                    for s in r.statements
                ],
            )
            insert_ignore(
                conn,
                t.question_documents,
                [
                    {"question_id": qid, "document_id": i, "relevant": i in relevant}
                    for i in sorted(same)
                ],
            )
        yield len(page)


def _analyses(conn: Any, docs: Sequence[Document]) -> list[Any]:
    ids = [doc.id for doc in docs]
    s, a = t.statements.c, t.actors.c
    by_doc: dict[str, list[Any]] = {i: [] for i in ids}
    for row in conn.execute(
        select(t.statements).where(s.document_id.in_(ids)).order_by(s.document_id, s.ordinal)
    ):
        by_doc[row.document_id].append(row._mapping)
    actors: dict[str, list[Any]] = {i: [] for i in ids}
    for row in conn.execute(select(t.actors).where(a.document_id.in_(ids)).order_by(a.id)):
        actors[row.document_id].append(row._mapping)
    for rows in actors.values():
        rows.sort(key=lambda r: int(r["id"].rsplit("#", 1)[1]))
    return [analysis_of(doc, by_doc[doc.id], actors[doc.id]) for doc in docs]


def extractions(
    engine: Engine, question: Question, qid: int, filters: Filters
) -> Iterator[Extraction]:
    """The matching documents with their statements and stored stances toward the
    question, in the order of their dates (undated last) and ids, a page at a time. Their
    actors are left out: a map reads speakers from the statements (the actors table is
    there for other readers)."""
    d, st, s = t.documents.c, t.stances.c, t.statements.c
    order = filters.where(select(d.id)).order_by(*document_order())
    with engine.connect() as conn:
        ids = list(conn.scalars(order))
    stanced = (
        select(
            t.statements,
            st.label.label("stance_label"),
            st.confidence.label("stance_confidence"),
            st.probs.label("stance_probs"),
            st.evidence.label("stance_evidence"),
            st.argument.label("stance_argument"),
        )
        .outerjoin(t.stances, and_(st.statement_id == s.id, st.question_id == qid))
        .order_by(s.document_id, s.ordinal)
    )
    for at in range(0, len(ids), PAGE):
        wanted = ids[at : at + PAGE]
        with engine.connect() as conn:
            docs = {
                r.id: Document(text=r.text, id=r.id, title=r.title, source=r.url)
                for r in conn.execute(select(d.id, d.text, d.title, d.url).where(d.id.in_(wanted)))
            }
            said: dict[str, list[Statement]] = {i: [] for i in wanted}
            for row in conn.execute(stanced.where(s.document_id.in_(wanted))):
                said[row.document_id].append(statement_of(row._mapping, docs[row.document_id].text))
        for i in wanted:
            yield Extraction(docs[i], tuple(said[i]), (), question)


def key_points(engine: Engine, qid: int, debate: DebateMap) -> None:
    """Key points on ``debate`` (a map of statements read back with
    :func:`extractions`): read back when the same question was asked of the same statements
    (sides, arguments and speakers included) before, else found and stored."""
    from ..debate import attach_key_points, key_point_items

    refs, items = key_point_items(debate)
    what = [[r[0], r[1], i.side, i.label, i.speaker] for r, i in zip(refs, items, strict=True)]
    fingerprint = hashlib.sha256(json.dumps(what).encode("utf-8")).hexdigest()
    attach_key_points(debate, refs, items, stored_key_points(engine, qid, fingerprint, items))


def stored_key_points(
    engine: Engine, qid: int, fingerprint: str, items: Sequence[ArgumentItem]
) -> KeyPointResult:
    """The key points over ``items`` stored under ``fingerprint`` (what they are found
    over), else found over them and stored."""
    from ..keypoints.analysis import KeyPointResult
    from ..keypoints.analysis import key_points as find

    k = t.key_point_sets.c
    with engine.connect() as conn:
        stored = conn.scalar(
            select(k.result).where(k.question_id == qid, k.fingerprint == fingerprint)
        )
    if stored is not None:
        return KeyPointResult.of(stored)
    result = find(list(items))
    with engine.begin() as conn:
        insert_ignore(
            conn,
            t.key_point_sets,
            [
                {
                    "question_id": qid,
                    "fingerprint": fingerprint,
                    "result": result.to_dict(),
                    "computed_at": _now(),
                }
            ],
        )
    return result
