"""The ``arguments`` pipeline stage: a short argument label on every statement."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from ..core import Analysis, Draft, StanceLabel
from ..nlp import word_tags
from .arguments import Tagger, argument_label, compress

TagMany = Callable[[Sequence[str]], Sequence[Sequence[str]]]
_Label = Callable[..., str]  # called with tags=: one statement's label


class ArgumentStage:
    """Labels each statement with what it argues: a label an earlier stage wrote (the LLM
    backend's, abstractive) or the article gives itself ("Argument: ...") is kept;
    otherwise the statement's core claim, compressed. ``tags`` tags labels' words, all of a
    batch at once, so that a cut does not split a noun phrase (default: spaCy's tagger,
    :func:`stancemap.nlp.word_tags`; None: cut at the word limit)."""

    name = "arguments"
    requires = ("statements",)
    assigns = ("arguments",)

    def __init__(self, tags: TagMany | None = word_tags) -> None:
        self.tags = tags

    def __call__(self, analysis: Analysis) -> Analysis:
        return self.pipe([analysis])[0]

    def pipe(self, analyses: list[Analysis]) -> list[Analysis]:
        jobs = [job for a in analyses for job in _jobs(a)]
        tagger: Tagger | None = None
        if self.tags is not None and jobs:
            # a first pass finds the strings that need tags (compress is cheap), one batch
            # tags them, the second pass labels
            wanted: dict[str, Sequence[str]] = {}

            def note(text: str) -> Sequence[str]:
                wanted[text] = ()
                return ()  # tags that do not fit: the plain cut

            for _, label in jobs:
                label(tags=note)
            texts = list(wanted)
            tagger = dict(zip(texts, self.tags(texts), strict=True)).__getitem__
        for draft, label in jobs:
            draft.argument = label(tags=tagger)
        return analyses


def _jobs(analysis: Analysis) -> list[tuple[Draft, _Label]]:
    terms = analysis.question.terms if analysis.question else frozenset()
    jobs: list[tuple[Draft, _Label]] = []
    for d in analysis.drafts:
        if d.argument:  # an earlier stage (the LLM backend) wrote one
            continue
        given = d.fields.get("argument")
        if given is not None and given.text.strip():
            jobs.append((d, partial(compress, given.text, 12)))
            continue
        focus = None
        if d.stance is not None and d.stance.label is not StanceLabel.CONDITIONAL:
            focus = d.stance.evidence[0] if d.stance.evidence else None
        jobs.append((d, partial(argument_label, d.content, focus=focus, terms=terms)))
    return jobs
