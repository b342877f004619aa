"""Typed records shared by every stage: documents, spans with offsets, statements, actors.

What a stage produces and a front end shows: frozen, with ``to_dict`` for JSON. The working
state of a document between stages is :mod:`.state`."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .question import Question


# The version of the JSON that ``extract`` and ``map`` write (one schema covers both:
# ``stancemap schema``). Raised when a field changes meaning or goes; a new field is added
# without a change only where readers may ignore it.
SCHEMA_VERSION = "5"


class StatementKind(StrEnum):
    DIRECT_QUOTE = "direct_quote"
    REPORTED_SPEECH = "reported_speech"
    LABELLED_BLOCK = "labelled_block"
    TRANSCRIPT_LINE = "transcript_line"
    # a position the text describes without quoting: "backed by X", "X voted against"
    DESCRIBED_POSITION = "described_position"


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``[start, end)`` of a document and their text (``doc.text[start:end]``)."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """Span of ``text[start:end]`` with surrounding whitespace trimmed."""
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return cls(start, end, text[start:end])

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Document:
    """One article: its text and where it came from. ``id`` names it in every output;
    :meth:`of` gives a text without one an id of its own, from a hash of the text."""

    text: str
    id: str = ""
    title: str | None = None
    source: str | None = None

    @classmethod
    def of(cls, doc: Document | str) -> Document:
        """``doc`` as a Document with an id: a text's id is ``"d"`` and 12 hex digits of the
        SHA-256 of its text, so the same text always gets the same id."""
        document = doc if isinstance(doc, Document) else cls(text=doc)
        if document.id:
            return document
        digest = hashlib.sha256(document.text.encode("utf-8", "surrogatepass")).hexdigest()
        return replace(document, id=f"d{digest[:12]}")


def with_ids(documents: Iterable[Document | str]) -> Iterator[Document]:
    """The documents, each with an id (:meth:`Document.of`), made unique in order: a second
    document with an id already used (two ``notes.txt`` from two folders, the same text
    twice) gets ``~2``, ``~3`` ..."""
    seen: set[str] = set()
    for item in documents:
        doc = Document.of(item)
        ident, n = doc.id, 1
        while ident in seen:
            n += 1
            ident = f"{doc.id}~{n}"
        seen.add(ident)
        yield doc if ident == doc.id else replace(doc, id=ident)


def statement_id(document_id: str, content: Span, taken: set[str] | None = None) -> str:
    """The stable id of a statement: its document's id and its content's offsets
    (``"roundup:351-469"``). Two statements of one document on the same characters (rare:
    two cues claim one quote) get ``".2"``, ``".3"`` ... in text order; ``taken`` holds the
    ids already given in the document and is updated."""
    base = f"{document_id}:{content.start}-{content.end}"
    if taken is None:
        return base
    ident, n = base, 1
    while ident in taken:
        n += 1
        ident = f"{base}.{n}"
    taken.add(ident)
    return ident


class StanceLabel(StrEnum):
    SUPPORT = "support"
    OPPOSE = "oppose"
    CONDITIONAL = "conditional"
    NEUTRAL = "neutral"
    UNRELATED = "unrelated"


@dataclass(frozen=True, slots=True)
class Stance:
    """Where a statement stands on the question, how sure we are, and what decided it.

    ``confidence`` is the calibrated probability of ``label``; ``evidence`` are the spans of
    the statement that carried the decision (the deciding sentence, a condition clause).
    """

    label: StanceLabel
    confidence: float
    probs: dict[str, float] = field(default_factory=dict)
    evidence: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label.value,
            "confidence": round(self.confidence, 3),
            "probs": {k: round(v, 3) for k, v in self.probs.items()},
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Statement:
    """Something an actor said or argued, located in the document.

    ``speaker`` is the mention in the text that names the speaker (it may be a pronoun or
    "the cleric"); ``actor`` is the canonical name it resolves to, when the text supports one.
    ``fields`` holds labelled parts of a layout, e.g. ``{"argument": Span(...)}``.
    """

    content: Span
    kind: StatementKind
    id: str = ""  # stable: "<document id>:<start>-<end>" (:func:`statement_id`)
    speaker: Span | None = None
    cue: Span | None = None
    actor: str | None = None
    role: str | None = None
    confidence: float = 1.0
    fields: dict[str, Span] = field(default_factory=dict)
    stance: Stance | None = None
    argument: str | None = None  # what the statement argues, in a few words

    @property
    def speaker_name(self) -> str | None:
        if self.actor:
            return self.actor
        return self.speaker.text if self.speaker else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "speaker": self.speaker_name,
            "role": self.role,
            "kind": self.kind.value,
            "content": self.content.to_dict(),
            "speaker_mention": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "confidence": round(self.confidence, 3),
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
            "stance": self.stance.to_dict() if self.stance else None,
            "argument": self.argument,
        }


@dataclass(frozen=True, slots=True)
class Actor:
    """A person or organisation, with every mention that resolves to it."""

    name: str
    kind: str = "PERSON"
    aliases: tuple[str, ...] = ()
    role: str | None = None
    mentions: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "role": self.role,
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class Extraction:
    """What the pipeline found in one document."""

    document: Document
    statements: tuple[Statement, ...]
    actors: tuple[Actor, ...]
    question: Question | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question.text if self.question else None,
            "document": {
                "id": self.document.id,
                "title": self.document.title,
                "source": self.document.source,
            },
            "statements": [s.to_dict() for s in self.statements],
            "actors": [a.to_dict() for a in self.actors],
        }
