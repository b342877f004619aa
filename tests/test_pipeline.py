"""The pipeline runs a concurrent stage (the stance model) beside the next batch's parse."""

from __future__ import annotations

import threading

import pytest

from stancemap import Pipeline
from stancemap.pipeline import Analysis
from stancemap.records import Document
from stancemap.stance import question as question_module
from stancemap.stance.stage import StanceStage


class Before:
    """Stands for the parse: records the batches it has started."""

    name = "before"

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
    concurrent = True

    def __init__(self, before: Before, *, fail_on: str | None = None) -> None:
        self.before = before
        self.fail_on = fail_on
        self.threads: dict[str, set[str]] = {"prepare": set(), "pipe": set()}
        self.overlapped = False

    def prepare(self, analyses: list[Analysis]) -> list[Analysis]:
        self.threads["prepare"].add(threading.current_thread().name)
        return analyses

    def pipe(self, analyses: list[Analysis]) -> list[Analysis]:
        self.threads["pipe"].add(threading.current_thread().name)
        if len(self.before.started) == 1:
            self.overlapped = self.before.second_batch.wait(timeout=5)
        for a in analyses:
            if a.document.text == self.fail_on:
                raise ValueError(f"cannot read {a.document.text}")
            a.question = f"asked of {a.document.text}"
        return analyses


class After:
    name = "after"

    def __call__(self, analysis: Analysis) -> Analysis:
        assert analysis.question is not None, "runs after the model"
        analysis.question += "!"
        return analysis


def _pipeline(fail_on: str | None = None) -> tuple[Pipeline, Model]:
    before = Before()
    model = Model(before, fail_on=fail_on)
    return Pipeline([before, model, After()]), model


def test_a_concurrent_stage_runs_beside_the_next_batch() -> None:
    texts = [f"doc {i}" for i in range(7)]
    pipe, model = _pipeline()
    results = list(pipe.pipe(texts, batch_size=2, overlap=True))
    assert [r.document.text for r in results] == texts
    assert [r.question for r in results] == [f"asked of doc {i}!" for i in range(7)]
    assert model.overlapped, "batch 2 did not start while batch 1 was in the model"
    main = threading.current_thread().name
    assert model.threads["prepare"] == {main}
    assert len(model.threads["pipe"]) == 1 and main not in model.threads["pipe"]


def test_without_overlap_everything_runs_in_the_callers_thread() -> None:
    texts = [f"doc {i}" for i in range(5)]
    pipe, model = _pipeline()
    results = list(pipe.pipe(texts, batch_size=2, overlap=False))
    assert [r.question for r in results] == [f"asked of doc {i}!" for i in range(5)]
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


def test_stance_overlapped_reads_as_serial_and_parses_questions_in_the_callers_thread(
    pipeline: Pipeline, example_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stancemap import nlp

    parse = nlp.load_model
    callers: list[str] = []

    def load_model(name: str | None = None) -> object:
        callers.append(threading.current_thread().name)
        return parse(name)

    monkeypatch.setattr(nlp, "load_model", load_model)
    question_module._question_shape.cache_clear()
    docs = [Document(text=example_text, id=str(i)) for i in range(3)]
    questions = ["Should the city close the old town to cars?", None, "Should we ban cars?"]

    def maps(overlap: bool) -> list[list[tuple[int, int, str]]]:
        outs = []
        for doc, q in zip(docs, questions, strict=True):
            pipe = Pipeline([*pipeline.stages, StanceStage(question=q)])
            (result,) = pipe.pipe([doc], overlap=overlap)
            assert result.question
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
            super().__init__(question="Should the city build the tram?")
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
