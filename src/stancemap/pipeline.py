"""The pipeline: small named stages over one :class:`Analysis` per document.

Default stages: ``parse`` (selective spaCy parse) -> ``attribution`` (statements with speaker
mentions) -> ``speakers`` (actors, roles, resolution). Later stages (stance, arguments) are
appended with :meth:`Pipeline.add`; any stage can be replaced by name, e.g. by an LLM backend.

A stage whose work is mostly a model run that releases the GIL (the embedded stance model)
says so with ``concurrent = True``: :meth:`Pipeline.pipe` then runs it on one batch in a
worker thread while the stages before it parse the next batch (where the process has two
cores or more). Its ``prepare`` runs first in the caller's thread, for anything that may not
run beside the parse (spaCy).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol, TypeVar, cast

from .attribution import CueModel, Draft, attribute
from .attribution.reported import VIEW_NOUNS
from .attribution.speakers import Resolver, clean_role
from .encoder import available_cores
from .nlp import Parsed, SelectiveParser, load_model
from .records import Actor, Document, Extraction, Statement
from .text import paragraphs

T = TypeVar("T")


@dataclass(slots=True)
class Analysis:
    """Working state of one document as it moves through the stages."""

    document: Document
    parsed: Parsed | None = None
    drafts: list[Draft] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    question: str | None = None

    def result(self) -> Extraction:
        text = self.document.text
        statements = tuple(
            Statement(
                content=d.content,
                kind=d.kind,
                speaker=d.speaker,
                cue=d.cue,
                actor=d.actor or d.speaker_label,
                role=clean_role(d.role.text) if d.role is not None else None,
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
    name: str

    def __call__(self, analysis: Analysis) -> Analysis: ...


class ConcurrentStage(Stage, Protocol):
    """A stage that may run in a worker thread beside the parse of the next batch."""

    concurrent: bool

    def prepare(self, analyses: list[Analysis]) -> list[Analysis]:
        """The part of the work that must run in the caller's thread (spaCy)."""
        ...

    def pipe(self, analyses: list[Analysis]) -> list[Analysis]:
        """The rest; touches nothing that the stages before it use."""
        ...


class ParseStage:
    name = "parse"

    def __init__(self, parser: SelectiveParser) -> None:
        self.parser = parser

    def __call__(self, analysis: Analysis) -> Analysis:
        return self.pipe([analysis])[0]

    def pipe(self, analyses: list[Analysis]) -> list[Analysis]:
        items = [(a.document.text, paragraphs(a.document.text)) for a in analyses]
        for analysis, parsed in zip(analyses, self.parser.parse_many(items), strict=True):
            analysis.parsed = parsed
        return analyses


class AttributionStage:
    name = "attribution"

    def __init__(self, model: CueModel) -> None:
        self.model = model

    def __call__(self, analysis: Analysis) -> Analysis:
        assert analysis.parsed is not None, "attribution needs the parse stage first"
        analysis.drafts = attribute(analysis.parsed, self.model)
        return analysis


class SpeakerStage:
    name = "speakers"

    def __call__(self, analysis: Analysis) -> Analysis:
        assert analysis.parsed is not None, "speakers needs the parse stage first"
        resolver = Resolver(analysis.parsed)
        resolver.resolve(analysis.drafts)
        analysis.actors = resolver.actor_records()
        return analysis


class Pipeline:
    """An ordered list of stages; call it on a document, or stream many with :meth:`pipe`."""

    def __init__(self, stages: Iterable[Stage]) -> None:
        self.stages = list(stages)

    @classmethod
    def default(cls, *, model: str | None = None, cue_model: str | None = None) -> Pipeline:
        cues = CueModel.load(cue_model)
        parser = SelectiveParser(load_model(model), cues.triggers | VIEW_NOUNS)
        return cls([ParseStage(parser), AttributionStage(cues), SpeakerStage()])

    @property
    def stage_names(self) -> list[str]:
        return [s.name for s in self.stages]

    def add(self, stage: Stage, *, after: str | None = None) -> None:
        at = self.stage_names.index(after) + 1 if after else len(self.stages)
        self.stages.insert(at, stage)

    def replace(self, name: str, stage: Stage) -> None:
        self.stages[self.stage_names.index(name)] = stage

    def __call__(self, doc: Document | str) -> Extraction:
        document = doc if isinstance(doc, Document) else Document(text=doc)
        analysis = Analysis(document)
        for stage in self.stages:
            analysis = stage(analysis)
        return analysis.result()

    def pipe(
        self,
        docs: Iterable[Document | str],
        *,
        batch_size: int = 16,
        overlap: bool | None = None,
    ) -> Iterator[Extraction]:
        """Results in input order; each carries its document (and so its id).

        Documents go through the stages ``batch_size`` at a time, so stages with a ``pipe``
        method (the parse) can batch work across documents. ``overlap`` (default: when the
        process may use two cores or more) runs the first ``concurrent`` stage on a batch in
        a worker thread while the stages before it work on the next batch; results are the
        same, in the same order.
        """
        at = next((i for i, s in enumerate(self.stages) if getattr(s, "concurrent", False)), None)
        if overlap is None:
            overlap = available_cores() >= 2
        batches = (
            [Analysis(d if isinstance(d, Document) else Document(text=d)) for d in chunk]
            for chunk in _chunks(docs, batch_size)
        )
        if at is None or not overlap:
            for analyses in batches:
                yield from _results(_run(self.stages, analyses))
            return
        before, after = self.stages[:at], self.stages[at + 1 :]
        stage = cast(ConcurrentStage, self.stages[at])
        with ThreadPoolExecutor(1, thread_name_prefix=f"stancemap-{stage.name}") as worker:
            pending: Future[list[Analysis]] | None = None
            for analyses in batches:
                ready = stage.prepare(_run(before, analyses))
                running = worker.submit(stage.pipe, ready)
                if pending is not None:
                    yield from _results(_run(after, pending.result()))
                pending = running
            if pending is not None:
                yield from _results(_run(after, pending.result()))


def _run(stages: list[Stage], analyses: list[Analysis]) -> list[Analysis]:
    for stage in stages:
        batch = getattr(stage, "pipe", None)
        analyses = batch(analyses) if batch else [stage(a) for a in analyses]
    return analyses


def _results(analyses: list[Analysis]) -> Iterator[Extraction]:
    return (a.result() for a in analyses)


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline.default()
    return _DEFAULT


def extract(doc: Document | str) -> list[Statement]:
    """Statements of one article, with speakers, roles and offsets: the library entry point."""
    return list(default_pipeline()(doc).statements)
