"""The corpus database's tables (SQLAlchemy Core). The migrations in ``migrations/versions``
build them; a change here needs a new migration (``NOTES.md``: the corpus database).

- ``documents``: one row per distinct article (its id comes from a hash of the normalised
  text), its metadata, and where processing stands (``state``: pending, done, failed; the
  pipeline version that did it; the error code and reason of a failure; the run that has
  claimed it, :mod:`.claims`).
- ``sources``: every place a document was found (feed, URL, input origin): the same article
  from two feeds is one document with two sources.
- ``rejects``: inputs that could not be read as an article, with their error code.
- ``actors`` and ``statements``: what the question-independent pipeline found, with stable
  ids and offsets into the document's text.
- ``questions``, ``stances`` and ``question_documents``: each question asked, under the stance
  model that read it; every statement's stance and argument toward it; which documents it
  has read (a document stored later is read the next time the question is asked).
- ``key_point_sets``: the key points found over a map's statements, by a fingerprint of
  what they were found over (asking the same question of the same statements reads them);
  a map adapted with labels keeps them here.
- ``key_point_maps`` and ``key_point_members``: the key points of a map read from the
  database (by a fingerprint of its filters and documents), their figures (``result``,
  NULL while they are being found), and which statements joined which of them.
- ``reviews``: a reviewer's decision on a statement (kept for the review tools), by the
  statement's stable id, so that it outlives the document's processing again.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    true,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("text", Text, nullable=False),
    Column("title", Text),
    Column("url", Text),
    Column("date", DateTime),  # UTC, naive
    Column("date_text", Text),  # the date as given when it could not be read
    Column("author", Text),
    Column("ingested_at", DateTime, nullable=False),
    Column("state", String(16), nullable=False, server_default="pending"),
    Column("pipeline", String(80)),
    Column("error_code", String(8)),
    Column("error", Text),
    Column("processed_at", DateTime),
    # the run processing it now, and until when its claim holds (:mod:`.claims`)
    Column("claimed_by", String(160)),
    Column("claimed_until", DateTime),
    Index("ix_documents_state", "state"),
    Index("ix_documents_claimed_by", "claimed_by"),
    Index("ix_documents_date", "date"),
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(40), ForeignKey("documents.id"), nullable=False),
    # '' rather than NULL: a unique constraint treats NULLs as distinct
    Column("source", Text, nullable=False, server_default=""),
    Column("url", Text, nullable=False, server_default=""),
    Column("origin", Text, nullable=False),
    UniqueConstraint("document_id", "source", "url", name="uq_sources_document_source_url"),
    Index("ix_sources_source", "source"),
)

rejects = Table(
    "rejects",
    metadata,
    Column("origin", Text, primary_key=True),
    Column("code", String(8), nullable=False),
    Column("message", Text, nullable=False),
    Column("seen_at", DateTime, nullable=False),
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(60), primary_key=True),  # "<document id>#<n>"
    Column("document_id", String(40), ForeignKey("documents.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("role", Text),
    Column("aliases", JSON, nullable=False),
    Column("mentions", JSON, nullable=False),  # [[start, end, text], ...]
    Index("ix_actors_document", "document_id"),
)

statements = Table(
    "statements",
    metadata,
    Column("id", String(80), primary_key=True),  # "<document id>:<start>-<end>"
    Column("document_id", String(40), ForeignKey("documents.id"), nullable=False),
    Column("ordinal", Integer, nullable=False),  # text order within the document
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text),  # only when it is not the document's text at start:end
    Column("kind", String(24), nullable=False),
    Column("speaker", JSON),  # [start, end, text] or null
    Column("cue", JSON),
    Column("actor", Text),
    Column("role", Text),
    Column("confidence", Float, nullable=False),
    Column("fields", JSON, nullable=False),  # {name: [start, end, text]}
    # what a map groups and shows the statement by (debate.speaker_key, debate.identifies)
    Column("speaker_name", Text),
    Column("speaker_key", Text),
    Column("identified", Boolean, nullable=False, server_default=false()),
    Index("ix_statements_document", "document_id", "ordinal"),
    Index("ix_statements_actor", "actor"),
    Index("ix_statements_speaker", "speaker_key"),
)

questions = Table(
    "questions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("text", Text, nullable=False),
    Column("key", Text, nullable=False),  # the question, normalised
    Column("model", String(80), nullable=False),  # the stance model's version
    Column("asked_at", DateTime, nullable=False),
    UniqueConstraint("key", "model", name="uq_questions_key_model"),
)

question_documents = Table(
    "question_documents",
    metadata,
    Column("question_id", Integer, ForeignKey("questions.id"), primary_key=True),
    Column("document_id", String(40), ForeignKey("documents.id"), primary_key=True),
    # is the document about the question (:mod:`stancemap.stance.relevance`)? Only those
    # are read, and a map draws on them
    Column("relevant", Boolean, nullable=False, server_default=true()),
)

stances = Table(
    "stances",
    metadata,
    Column("question_id", Integer, ForeignKey("questions.id"), primary_key=True),
    Column("statement_id", String(80), ForeignKey("statements.id"), primary_key=True),
    Column("label", String(16), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("probs", JSON, nullable=False),
    Column("evidence", JSON, nullable=False),  # [[start, end, text], ...]
    Column("argument", Text),
    # probs' support, oppose and neutral, summed over a speaker's statements by a map
    Column("p_support", Float, nullable=False, server_default="0"),
    Column("p_oppose", Float, nullable=False, server_default="0"),
    Column("p_neutral", Float, nullable=False, server_default="0"),
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # no foreign key: a statement's id is stable, and a document processed again (a new
    # pipeline) replaces its statements; the decision holds for the statement that comes back
    Column("statement_id", String(80), nullable=False),
    Column("question_id", Integer, ForeignKey("questions.id")),
    Column("decision", String(16), nullable=False),  # accept, reject, relabel
    Column("stance", String(16)),
    Column("reviewer", Text),
    Column("note", Text),
    Column("decided_at", DateTime, nullable=False),
    Index("ix_reviews_statement", "statement_id"),
)

key_point_sets = Table(
    "key_point_sets",
    metadata,
    Column("question_id", Integer, ForeignKey("questions.id"), primary_key=True),
    # a hash of what key point analysis read (statements, sides, arguments, speakers)
    Column("fingerprint", String(64), primary_key=True),
    Column("result", JSON, nullable=False),
    Column("computed_at", DateTime, nullable=False),
)

key_point_maps = Table(
    "key_point_maps",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("question_id", Integer, ForeignKey("questions.id"), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("result", JSON),  # NULL until every statement is matched
    Column("computed_at", DateTime, nullable=False),
    UniqueConstraint("question_id", "fingerprint", name="uq_key_point_maps_question"),
)

key_point_members = Table(
    "key_point_members",
    metadata,
    Column("map_id", Integer, ForeignKey("key_point_maps.id"), primary_key=True),
    Column("statement_id", String(80), ForeignKey("statements.id"), primary_key=True),
    Column("point", Integer, nullable=False),  # the key point's number in ``result``
    Column("match", Float, nullable=False),
    sqlite_with_rowid=False,
)
