"""The pipeline: an ordered list of stages over one :class:`~stancemap.core.Analysis` per
document. It knows the stage protocol (:class:`~stancemap.core.Stage`), not the stages.

The default stages (:meth:`Pipeline.default`) are the attribution stages: ``parse``
(selective spaCy parse) -> ``attribution`` (statements with speaker mentions) ->
``speakers`` (actors, roles, resolution). Stance and arguments are appended with
:meth:`Pipeline.add` (:func:`stancemap.debate_map` does it); any stage can be replaced by
name, e.g. by an LLM backend. Every change of the list checks the order
(:func:`~stancemap.core.check_order`).

A stage whose work is mostly a model run that releases the GIL (the embedded stance model)
says so with ``concurrent = True``: :meth:`Pipeline.pipe` then runs it on one batch in a
worker thread while the stages before it parse the next batch (where the process has two
cores or more). Such a stage touches nothing the stages before it use (no spaCy).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from .core import Analysis, Document, Extraction, Stage, Statement, check_order
from .core.records import with_ids
from .encoder import available_cores

T = TypeVar("T")


class Pipeline:
    """An ordered list of stages; call it on a document, or stream many with :meth:`pipe`."""

    def __init__(self, stages: Iterable[Stage], *, given: Sequence[str] = ("text",)) -> None:
        """``given``: what the analyses hold before the first stage (a pipeline that goes
        on from another's analyses is given what that one assigns)."""
        self.stages = list(stages)
        self.given = tuple(given)
        check_order(self.stages, given=self.given)

    @classmethod
    def default(cls, *, model: str | None = None, cue_model: str | None = None) -> Pipeline:
        """The attribution stages: statements, speakers, roles (``model``: a spaCy
        pipeline's name; ``cue_model``: a cue model file from ``train cues``)."""
        from .attribution.stages import attribution_stages

        return cls(attribution_stages(model=model, cue_model=cue_model))

    @property
    def stage_names(self) -> list[str]:
        return [s.name for s in self.stages]

    def add(self, stage: Stage, *, after: str | None = None) -> None:
        at = self.stage_names.index(after) + 1 if after else len(self.stages)
        stages = [*self.stages[:at], stage, *self.stages[at:]]
        check_order(stages, given=self.given)
        self.stages = stages

    def replace(self, name: str, stage: Stage) -> None:
        stages = list(self.stages)
        stages[self.stage_names.index(name)] = stage
        check_order(stages, given=self.given)
        self.stages = stages

    def with_stages(self, *stages: Stage) -> Pipeline:
        """A new pipeline: these stages after this one's (this one is left as it is)."""
        return Pipeline([*self.stages, *stages], given=self.given)

    def analyse(self, doc: Document | str) -> Analysis:
        """One document through every stage: its working state (for a caller that goes on
        with more stages, as :func:`stancemap.debate_map` does)."""
        return _run(self.stages, [Analysis(Document.of(doc))])[0]

    def __call__(self, doc: Document | str) -> Extraction:
        return self.analyse(doc).result()

    def pipe(
        self,
        docs: Iterable[Document | str],
        *,
        batch_size: int = 16,
        overlap: bool | None = None,
    ) -> Iterator[Extraction]:
        """Results in input order; each carries its document (and so its id)."""
        return (
            a.result() for a in self.pipe_analyses(docs, batch_size=batch_size, overlap=overlap)
        )

    def pipe_analyses(
        self,
        docs: Iterable[Document | str],
        *,
        batch_size: int = 16,
        overlap: bool | None = None,
    ) -> Iterator[Analysis]:
        """The working states, in input order. Documents go through the stages
        ``batch_size`` at a time, so stages with a ``pipe`` method (the parse) can batch
        work across documents. ``overlap`` (default: when the process may use two cores or
        more) runs the first ``concurrent`` stage on a batch in a worker thread while the
        stages before it work on the next batch; results are the same, in the same
        order. Documents get unique ids (:func:`~stancemap.core.records.with_ids`)."""
        return self._pipe((Analysis(d) for d in with_ids(docs)), batch_size, overlap)

    def continue_analyses(
        self, analyses: Iterable[Analysis], *, batch_size: int = 16, overlap: bool | None = None
    ) -> Iterator[Analysis]:
        """Analyses that earlier stages made (:meth:`pipe_analyses` of another pipeline)
        through this one's stages, in order."""
        return self._pipe(iter(analyses), batch_size, overlap)

    def _pipe(
        self, analyses: Iterator[Analysis], batch_size: int, overlap: bool | None
    ) -> Iterator[Analysis]:
        at = next((i for i, s in enumerate(self.stages) if getattr(s, "concurrent", False)), None)
        if overlap is None:
            overlap = available_cores() >= 2
        batches = _chunks(analyses, batch_size)
        if at is None or not overlap:
            for batch in batches:
                yield from _run(self.stages, batch)
            return
        before, after = self.stages[:at], self.stages[at + 1 :]
        stage = self.stages[at]
        work: Callable[[list[Analysis]], list[Analysis]] = getattr(stage, "pipe", None) or (
            lambda batch: [stage(a) for a in batch]
        )
        with ThreadPoolExecutor(1, thread_name_prefix=f"stancemap-{stage.name}") as worker:
            pending: Future[list[Analysis]] | None = None
            for batch in batches:
                running = worker.submit(work, _run(before, batch))
                if pending is not None:
                    yield from _run(after, pending.result())
                pending = running
            if pending is not None:
                yield from _run(after, pending.result())


def _run(stages: list[Stage], analyses: list[Analysis]) -> list[Analysis]:
    for stage in stages:
        batch = getattr(stage, "pipe", None)
        analyses = batch(analyses) if batch else [stage(a) for a in analyses]
    return analyses


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
    """The attribution pipeline, built once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline.default()
    return _DEFAULT


def extract(doc: Document | str) -> list[Statement]:
    """Statements of one article, with speakers, roles, offsets and ids."""
    return list(default_pipeline()(doc).statements)
