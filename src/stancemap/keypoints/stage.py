"""The ``arguments`` pipeline stage: a short argument label on every statement."""

from __future__ import annotations

from ..pipeline import Analysis
from ..records import StanceLabel
from ..stance.terms import question_terms
from .arguments import argument_label, compress


class ArgumentStage:
    """Labels each statement with what it argues: a label an earlier stage wrote (the LLM
    backend's, abstractive) or the article gives itself ("Argument: ...") is kept;
    otherwise the statement's core claim, compressed."""

    name = "arguments"

    def __call__(self, analysis: Analysis) -> Analysis:
        terms = question_terms(analysis.question) if analysis.question else frozenset()
        for d in analysis.drafts:
            if d.argument:  # an earlier stage (the LLM backend) wrote one
                continue
            given = d.fields.get("argument")
            if given is not None and given.text.strip():
                d.argument = compress(given.text, max_words=12)
                continue
            focus = None
            if d.stance is not None and d.stance.label is not StanceLabel.CONDITIONAL:
                focus = d.stance.evidence[0] if d.stance.evidence else None
            d.argument = argument_label(d.content, focus=focus, terms=terms)
        return analysis

    def pipe(self, analyses: list[Analysis]) -> list[Analysis]:
        return [self(a) for a in analyses]
