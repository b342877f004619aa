"""Storing articles: each input article (:mod:`.sources`) becomes one document, keyed by a
hash of its normalised text, so the same article from two feeds is stored once with both
sources and ingesting the same data again changes nothing. Inputs that cannot be read are
stored as rejects with their error code and reason.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from sqlalchemy import Engine, delete, select

from . import tables as t
from .sources import Article, Rejected
from .store import insert_ignore

_SPACE = re.compile(r"\s+")


def storable(value: str) -> str:
    """``value`` as both databases store it alike: no NUL characters (PostgreSQL refuses
    them in text) and no unpaired surrogates (not UTF-8: replaced by "?")."""
    value = value.replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value


def _opt(value: str | None) -> str | None:
    return None if value is None else storable(value)


def normalised(text: str) -> str:
    """What two copies of an article share: Unicode NFKC, case folded, whitespace runs as
    one space, no space at the ends."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalised(text).encode("utf-8", "surrogatepass")).hexdigest()


def document_id(digest: str) -> str:
    """A corpus document's id: ``d`` and 16 hex digits of its content hash."""
    return f"d{digest[:16]}"


@dataclass(slots=True)
class IngestReport:
    """What one ingest did: articles read, new documents, articles already stored (the
    same text), new sources of stored documents, rejected inputs (origin, code, reason)."""

    read: int = 0
    new: int = 0
    duplicates: int = 0
    new_sources: int = 0
    skipped: int = 0  # inputs rejected; the first KEPT_REJECTS of them in ``rejected``
    rejected: list[tuple[str, str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "new": self.new,
            "duplicates": self.duplicates,
            "new_sources": self.new_sources,
            "skipped": self.skipped,
            "rejected": [{"origin": o, "code": c, "reason": m} for o, c, m in self.rejected],
        }


# Rejects a report keeps (all are stored): a crawl of a million pages without an article
# must not fill memory.
KEPT_REJECTS = 1000


def store_articles(
    engine: Engine, items: Iterable[Article | Rejected], *, batch: int = 200
) -> Iterator[IngestReport]:
    """Store ``items`` ``batch`` at a time, one transaction each; yields the running report
    after every batch (the CLI's progress follows it)."""
    report = IngestReport()
    it = iter(items)
    while chunk := list(islice(it, batch)):
        _store(engine, chunk, report)
        yield report


def _store(engine: Engine, chunk: list[Article | Rejected], report: IngestReport) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    docs: dict[str, dict[str, Any]] = {}
    source_rows: list[dict[str, Any]] = []
    reject_rows: list[dict[str, Any]] = []
    read_origins: list[str] = []
    for item in chunk:
        if isinstance(item, Rejected):
            origin, message = storable(item.origin), storable(item.message)
            reject_rows.append(
                {"origin": origin, "code": item.code, "message": message, "seen_at": now}
            )
            report.skipped += 1
            if len(report.rejected) < KEPT_REJECTS:
                report.rejected.append((origin, item.code, message))
            continue
        report.read += 1
        read_origins.append(item.origin)
        text = storable(item.text)
        digest = content_hash(text)
        ident = document_id(digest)
        docs.setdefault(
            ident,
            {
                "id": ident,
                "content_hash": digest,
                "text": text,
                "title": _opt(item.title),
                "url": _opt(item.url),
                "date": item.date.astimezone(UTC).replace(tzinfo=None) if item.date else None,
                "date_text": _opt(item.date_text),
                "author": _opt(item.author),
                "ingested_at": now,
                "state": "pending",
            },
        )
        source_rows.append(
            {
                "document_id": ident,
                "source": storable(item.source or ""),
                "url": storable(item.url or ""),
                "origin": storable(item.origin),
            }
        )
    with engine.begin() as conn:
        if docs:
            stored = set(
                conn.scalars(select(t.documents.c.id).where(t.documents.c.id.in_(list(docs))))
            )
            fresh = [row for ident, row in docs.items() if ident not in stored]
            insert_ignore(conn, t.documents, fresh)
            report.new += len(fresh)
            report.duplicates += len(source_rows) - len(fresh)
            report.new_sources += _new_sources(conn, source_rows)
        if read_origins:  # an input fixed since it was rejected is no longer a reject
            origins = [storable(o) for o in read_origins]
            conn.execute(delete(t.rejects).where(t.rejects.c.origin.in_(origins)))
        insert_ignore(conn, t.rejects, reject_rows)


def _new_sources(conn: Any, rows: list[dict[str, Any]]) -> int:
    unique = {(r["document_id"], r["source"], r["url"]): r for r in rows}
    ids = list({k[0] for k in unique})
    c = t.sources.c
    stored = {
        (d, s, u)
        for d, s, u in conn.execute(
            select(c.document_id, c.source, c.url).where(c.document_id.in_(ids))
        )
    }
    fresh = [r for k, r in unique.items() if k not in stored]
    insert_ignore(conn, t.sources, fresh)
    return len(fresh)
