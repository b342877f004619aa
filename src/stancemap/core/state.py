"""The working state of one document between stages, and the stage protocol.

A stage takes an :class:`Analysis` and returns it with more filled in. Each declares what it
``requires`` and what it ``assigns`` (names of :data:`FACETS`), the way spaCy components do:
:func:`check_order` turns a pipeline whose stage needs something no stage before it adds
into a coded error (:class:`~stancemap.errors.StageOrderError`), before any work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..errors import StageOrderError
from .question import Question
from .records import (
    Actor,
    Document,
    Extraction,
    Span,
    Stance,
    Statement,
    StatementKind,
    statement_id,
)

if TYPE_CHECKING:
    from ..nlp import Parsed

# What an analysis can hold, by the names stages use in ``requires`` / ``assigns``.
FACETS = frozenset({"text", "parsed", "statements", "speakers", "question", "stance", "arguments"})


@dataclass(slots=True)
class Draft:
    """A statement in the making: stages refine it before it becomes a :class:`Statement`."""

    content: Span
    kind: StatementKind
    speaker: Span | None = None
    cue: Span | None = None
    role: Span | None = None
    score: float = 1.0
    fields: dict[str, Span] = field(default_factory=dict)
    source_ref: tuple[int, int] | None = None  # (sentence index, token index) of the source head
    actor: str | None = None
    speaker_label: str | None = None  # a name the layout implies ("Interviewer")
    named: bool = False  # the layout states the speaker's name outright
    role_name: str | None = None  # the role as shown, cleaned by the speakers stage
    stance: Stance | None = None
    argument: str | None = None


class Names(Protocol):
    """Who a name or a "he" / "she" in the document stands for, as the speakers stage
    resolved its speakers (:class:`~stancemap.attribution.speakers.Resolver`): later stages
    ask it rather than resolve names again."""

    def actor_named(self, name: str) -> str | None:
        """The name of the actor that ``name`` names (a surname alone: the one person
        known by it), or None."""
        ...

    def person_before(self, pos: int, pronoun: str) -> str | None:
        """The name of the person that ``pronoun`` ("he", "she") at ``pos`` stands for,
        or None."""
        ...


@dataclass(slots=True)
class Analysis:
    """Working state of one document as it moves through the stages: the parse, the
    statements in the making (``drafts``), the actors, who names stand for (``names``,
    from the speakers stage), the question."""

    document: Document
    parsed: Parsed | None = None
    drafts: list[Draft] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    question: Question | None = None
    names: Names | None = None

    def result(self) -> Extraction:
        """The document's statements, each with its stable id, in text order."""
        text = self.document.text
        taken: set[str] = set()
        statements = tuple(
            Statement(
                content=d.content,
                kind=d.kind,
                id=statement_id(self.document.id, d.content, taken),
                speaker=d.speaker,
                cue=d.cue,
                actor=d.actor or d.speaker_label,
                role=d.role_name,
                confidence=d.score,
                fields=dict(d.fields),
                stance=d.stance,
                argument=d.argument,
            )
            for d in self.drafts
            if d.content.text and d.content.end <= len(text)
        )
        return Extraction(self.document, statements, tuple(self.actors), self.question)


class Stage(Protocol):
    """A named step over analyses: ``__call__`` on one; it may also have a
    ``pipe(analyses)`` that does a batch at once."""

    name: str

    @property
    def requires(self) -> tuple[str, ...]:
        """What the stage reads (names of :data:`FACETS`)."""
        ...

    @property
    def assigns(self) -> tuple[str, ...]:
        """What the stage adds (names of :data:`FACETS`)."""
        ...

    def __call__(self, analysis: Analysis) -> Analysis: ...


def check_order(stages: Sequence[Stage], *, given: Sequence[str] = ("text",)) -> None:
    """Raise :class:`StageOrderError` when a stage requires what neither ``given`` nor a
    stage before it assigns; the message names the stage, what it lacks and who adds it."""
    have = set(given)
    for i, stage in enumerate(stages):
        missing = [r for r in stage.requires if r not in have]
        if missing:
            later = [s.name for s in stages[i + 1 :] if set(missing) & set(s.assigns)]
            where = (
                f"move '{stage.name}' after '{later[0]}'"
                if later
                else "add a stage that assigns it before it"
            )
            raise StageOrderError(
                f"stage '{stage.name}' needs {', '.join(missing)}, which no stage before it "
                f"adds: {where}"
            )
        have.update(stage.assigns)
