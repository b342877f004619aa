"""The library's entry point for a debate map: :func:`debate_map` is the only code that
assembles a pipeline for a map. The CLI's ``map``, ``eval seed``, the benchmarks and every
later front end call it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .core import Analysis, Document, Question, Stage
from .debate import DebateMap, assemble
from .errors import StancemapError
from .pipeline import Pipeline, default_pipeline

if TYPE_CHECKING:
    from .llm import LLMClient, LLMSettings
    from .stance.model import StanceModel

Backend = Literal["embedded", "llm"]
BACKENDS: tuple[Backend, ...] = ("embedded", "llm")
# What the attribution stages leave on an analysis: the stance stages may start from there.
ATTRIBUTED = ("text", "parsed", "statements", "speakers")


def debate_map(
    documents: Iterable[Document | str] | Document | str,
    *,
    question: str | Question | None = None,
    backend: Backend = "embedded",
    key_points: bool = True,
    llm: LLMSettings | LLMClient | None = None,
    stance_model: StanceModel | None = None,
    pipeline: Pipeline | None = None,
    batch_size: int = 16,
    overlap: bool | None = None,
    described: bool = True,
    labels: Mapping[str, str] | str | Path | None = None,
) -> DebateMap:
    """The debate map of ``documents`` (texts or :class:`~stancemap.core.Document`; one or
    many) on ``question``.

    ``question``: in plain words; when None, one question is proposed from all the
    documents (:func:`~stancemap.stance.propose.propose_question`; by the LLM with
    ``backend="llm"``) and every statement is read against it. ``backend``: ``"embedded"``
    (the shipped model, offline; ``stance_model`` to use another) or ``"llm"`` (an
    OpenAI-compatible endpoint: ``llm`` is its :class:`~stancemap.llm.LLMSettings` or a
    client; default the ``STANCEMAP_LLM_*`` environment). ``key_points``: group the
    arguments under key points. ``pipeline``: the attribution pipeline to reuse (default
    the process's one). ``described``: also place the people and organisations whose
    position the text describes without quoting them ("backed by X", "X voted against":
    :mod:`~stancemap.attribution.positions`). ``batch_size`` and ``overlap``: how documents
    stream through the stages (:meth:`~stancemap.pipeline.Pipeline.pipe_analyses`).
    ``labels``: statements a reviewer labelled (statement id -> stance, or a CSV file of
    them: :func:`~stancemap.stance.adapt.read_labels`): they take their labels and the
    rest of the debate's stances adapt to them (:mod:`~stancemap.stance.adapt`).

    Raises a :class:`~stancemap.errors.StancemapError` with a one-line message: a question
    that cannot be read (before any work), a missing model, an unreachable LLM.
    """
    if backend not in BACKENDS:
        raise StancemapError(f"unknown backend {backend!r}: use one of {', '.join(BACKENDS)}")
    asked = Question.parse(question) if isinstance(question, str) else question
    given = given_labels(labels)  # a bad labels file fails before any work, like a question
    client = _client(llm) if backend == "llm" else None
    model = None
    if client is None:
        from .stance.model import StanceModel

        model = stance_model or StanceModel()  # load now: a missing model fails before work
    base = pipeline or default_pipeline()
    if described:
        from .attribution.positions import PositionStage

        base = base.with_stages(PositionStage())
    # the pipeline gives every document a unique id (core.records.with_ids)
    docs = [documents] if isinstance(documents, str | Document) else documents
    if asked is not None:
        stages = _stance_stages(asked, model, client)
        whole = Pipeline([*base.stages, *stages])
        analyses = whole.pipe_analyses(docs, batch_size=batch_size, overlap=overlap)
        results = [a.result() for a in analyses]
    else:
        first = [
            _drop_parse(a) for a in base.pipe_analyses(docs, batch_size=batch_size, overlap=overlap)
        ]
        found = [a.document for a in first]
        if client is not None and found:
            from .stance.llm_stage import propose_with_llm

            asked = propose_with_llm(client, found)
        else:
            from .stance.propose import propose_question

            asked = propose_question(found)
        rest = Pipeline(_stance_stages(asked, model, client), given=ATTRIBUTED)
        later = rest.continue_analyses(first, batch_size=batch_size, overlap=overlap)
        results = [a.result() for a in later]
    return assemble(results, asked, labels=given, key_points=key_points)


def given_labels(labels: Mapping[str, str] | str | Path | None) -> dict[str, str] | None:
    """A reviewer's labels, read from a CSV file or checked (None: none given); raises
    :class:`~stancemap.errors.LabelsError` (one line) for a bad file."""
    if labels is None:
        return None
    from .stance.adapt import checked, read_labels

    return read_labels(labels) if isinstance(labels, str | Path) else checked(labels)


def _stance_stages(
    question: Question, model: StanceModel | None, client: LLMClient | None
) -> list[Stage]:
    from .keypoints import ArgumentStage

    stance: Stage
    if client is not None:
        from .stance.llm_stage import LLMStanceStage

        stance = LLMStanceStage(client, question)
    else:
        from .stance.stage import StanceStage

        stance = StanceStage(question, model=model)
    return [stance, ArgumentStage()]


def _client(llm: LLMSettings | LLMClient | None) -> LLMClient:
    from .llm import LLMClient, LLMSettings

    if isinstance(llm, LLMClient):
        return llm
    return LLMClient(llm if isinstance(llm, LLMSettings) else LLMSettings.from_env())


def _drop_parse(analysis: Analysis) -> Analysis:
    """The stance stages read statements and actors, not the parse: free it (and the
    speakers stage's resolver, which holds it) while the other documents wait for the
    question."""
    analysis.parsed = None
    analysis.names = None
    return analysis
