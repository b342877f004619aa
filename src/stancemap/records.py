"""Typed records shared by every stage: documents, spans with offsets, statements, actors."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class StatementKind(StrEnum):
    DIRECT_QUOTE = "direct_quote"
    REPORTED_SPEECH = "reported_speech"
    LABELLED_BLOCK = "labelled_block"
    TRANSCRIPT_LINE = "transcript_line"


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
    """One article: its text and where it came from."""

    text: str
    id: str = ""
    title: str | None = None
    source: str | None = None


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
    question: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "document": {
                "id": self.document.id,
                "title": self.document.title,
                "source": self.document.source,
            },
            "statements": [s.to_dict() for s in self.statements],
            "actors": [a.to_dict() for a in self.actors],
        }
