"""The pipeline runs a concurrent stage (the stance model) beside the next batch's parse."""

from __future__ import annotations

import threading

import pytest

from stancemap import Pipeline
from stancemap.core import Analysis, Document, Question
from stancemap.errors import StageOrderError
from stancemap.stance.stage import StanceStage


class Before:
    """Stands for the parse: records the batches it has started."""

    name = "before"
    requires = ("text",)
    assigns = ("parsed",)

    def __init__(self) -> None:
        self.started: list[str] = []
        self.second_batch = threading.Event()

    def pipe(self, analyses: list[Analysis]) -> list[Analysis]:
        self.started.append(analyses[0].document.text)
        if len(self.started) == 2:
            self.second_batch.set()
        return analyses


class Model:
    """Stands for the stance stage: on the first batch, waits until the second batch has
    started in the caller's thread (it never does when the pipeline does not overlap)."""

    name = "model"
    requires = ("parsed",)
    assigns = ("question",)
    concurrent = True

    def __init__(self, before: Before, *, fail_on: str | None = None) -> None:
        self.before = before
        self.fail_on = fail_on
        self.threads: dict[str, set[str]] = {"pipe": set()}
        self.overlapped = False

    def pipe(self, analyses: list[Analysis]) -> list[Analysis]:
        self.threads["pipe"].add(threading.current_thread().name)
        if len(self.before.started) == 1:
            self.overlapped = self.before.second_batch.wait(timeout=5)
        for a in analyses:
            if a.document.text == self.fail_on:
                raise ValueError(f"cannot read {a.document.text}")
            a.question = Question(f"asked of {a.document.text}", True, frozenset())
        return analyses


class After:
    name = "after"
    requires = ("question",)
    assigns = ("arguments",)

    def __call__(self, analysis: Analysis) -> Analysis:
        assert analysis.question is not None, "runs after the model"
        q = analysis.question
        analysis.question = Question(q.text + "!", q.given, q.terms)
        return analysis


def asked(results: list[Analysis] | list[object]) -> list[str]:
    return [r.question.text for r in results]  # type: ignore[attr-defined]


def _pipeline(fail_on: str | None = None) -> tuple[Pipeline, Model]:
    before = Before()
    model = Model(before, fail_on=fail_on)
    return Pipeline([before, model, After()]), model


def test_a_concurrent_stage_runs_beside_the_next_batch() -> None:
    texts = [f"doc {i}" for i in range(7)]
    pipe, model = _pipeline()
    results = list(pipe.pipe(texts, batch_size=2, overlap=True))
    assert [r.document.text for r in results] == texts
    assert asked(results) == [f"asked of doc {i}!" for i in range(7)]
    assert model.overlapped, "batch 2 did not start while batch 1 was in the model"
    main = threading.current_thread().name
    assert len(model.threads["pipe"]) == 1 and main not in model.threads["pipe"]


def test_without_overlap_everything_runs_in_the_callers_thread() -> None:
    texts = [f"doc {i}" for i in range(5)]
    pipe, model = _pipeline()
    results = list(pipe.pipe(texts, batch_size=2, overlap=False))
    assert asked(results) == [f"asked of doc {i}!" for i in range(5)]
    assert not model.overlapped
    assert model.threads["pipe"] == {threading.current_thread().name}


def test_an_error_in_the_worker_reaches_the_caller() -> None:
    pipe, _model = _pipeline(fail_on="doc 3")
    with pytest.raises(ValueError, match="cannot read doc 3"):
        list(pipe.pipe([f"doc {i}" for i in range(6)], batch_size=2, overlap=True))


def test_stopping_early_leaves_no_thread_running() -> None:
    pipe, _model = _pipeline()
    stream = pipe.pipe([f"doc {i}" for i in range(9)], batch_size=2, overlap=True)
    assert next(stream).document.text == "doc 0"
    stream.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("stancemap-model")]


def test_a_stage_out_of_order_is_a_coded_error_before_any_work() -> None:
    before = Before()
    with pytest.raises(
        StageOrderError, match=r"stage 'after' needs question.*move 'after' after 'model'"
    ):
        Pipeline([before, After(), Model(before)])
    pipe = Pipeline([before])
    with pytest.raises(StageOrderError) as err:
        pipe.add(After())
    assert err.value.code == "E013" and "add a stage that assigns it" in str(err.value)
    assert pipe.stage_names == ["before"]  # the pipeline is left as it was
    # a pipeline that goes on from another's analyses is given what that one assigned
    Pipeline([After()], given=("text", "parsed", "question"))


def test_stance_overlapped_reads_as_serial_and_never_parses_in_the_worker(
    pipeline: Pipeline, example_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The questions are read (their one spaCy parse each) before any stage runs, so the
    stance stage in its worker thread never touches spaCy, and reads as it does serially."""
    from spacy.language import Language

    callers: list[str] = []
    call, pipe = Language.__call__, Language.pipe

    def called(self: Language, *args: object, **kwargs: object) -> object:
        callers.append(threading.current_thread().name)
        return call(self, *args, **kwargs)  # type: ignore[arg-type]

    def piped(self: Language, *args: object, **kwargs: object) -> object:
        callers.append(threading.current_thread().name)
        return pipe(self, *args, **kwargs)  # type: ignore[arg-type]

    # every use of a spaCy pipeline, the parse's and the questions', records its thread
    monkeypatch.setattr(Language, "__call__", called)
    monkeypatch.setattr(Language, "pipe", piped)
    docs = [Document(text=example_text, id=str(i)) for i in range(3)]
    questions = [
        Question.parse(q)
        for q in ("Should the city close the old town to cars?", "Should we ban cars?")
    ]

    def maps(overlap: bool) -> list[list[tuple[int, int, str]]]:
        outs = []
        for q in questions:
            pipe = Pipeline([*pipeline.stages, StanceStage(q)])
            for result in pipe.pipe(docs, batch_size=1, overlap=overlap):
                assert result.question is q
                outs.append(
                    [
                        (s.content.start, s.content.end, s.stance.label.value)
                        for s in result.statements
                        if s.stance is not None
                    ]
                )
        return outs

    overlapped = maps(True)
    assert callers and set(callers) == {threading.current_thread().name}
    assert overlapped == maps(False)
    assert all(overlapped)


def test_a_fragment_is_unrelated_without_the_model(pipeline: Pipeline) -> None:
    """ "urged them to reconsider" reports the words "to reconsider": nothing to be for or
    against, so not read; a short statement that names the question is read."""

    class Unread(StanceStage):
        def __init__(self) -> None:
            super().__init__(Question.parse("Should the city build the tram?"))
            self.read: list[str] = []

        def pipe(self, analyses: list[Analysis]) -> list[Analysis]:
            model = self.model
            original = model.predict_statements

            def spy(pairs, **kwargs):  # type: ignore[no-untyped-def]
                self.read.extend(text for _q, text in pairs)
                return original(pairs, **kwargs)

            model.predict_statements = spy  # type: ignore[method-assign]
            try:
                return super().pipe(analyses)
            finally:
                del model.predict_statements

    stage = Unread()
    pipe = Pipeline([*pipeline.stages, stage])
    text = (
        "Thomas Okoro urged them to reconsider. Karen Whitfield said: "
        '"The tram is a waste of money." Okoro said the tram works.'
    )
    (result,) = pipe.pipe([text], overlap=False)
    by_text = {s.content.text: s.stance for s in result.statements}
    fragment = by_text["to reconsider"]
    assert fragment is not None and fragment.label.value == "unrelated"
    assert "to reconsider" not in stage.read
    assert "the tram works" in stage.read
    assert any("waste of money" in t for t in stage.read)
