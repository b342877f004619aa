"""Stance through an LLM (any OpenAI-compatible endpoint): the optional top-quality backend.

Drop-in for :class:`~stancemap.stance.stage.StanceStage`: same name, same output, plus an
abstractive argument label per statement (the ``arguments`` stage keeps it). Statements
go in batches, each answer is checked against a JSON schema, and the words the model quotes
as evidence are located in the statement so they keep their offsets.
"""

from __future__ import annotations

import json
from typing import Any

from ..attribution.layouts import Draft
from ..errors import BadQuestion, LLMBadResponse
from ..llm import LLMClient
from ..pipeline import Analysis
from ..records import Span, Stance, StanceLabel
from .question import check_question
from .stage import propose_question

LABELS = [label.value for label in StanceLabel]
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "stance": {"type": "string", "enum": LABELS},
                    "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                    "evidence": {"type": "string"},
                    "argument": {"type": "string", "maxLength": 100},
                },
                "required": ["id", "stance", "confidence", "evidence", "argument"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["items"],
    "additionalProperties": False,
}
SYSTEM = (
    "You label where each statement stands on a question. stance is one of: support (for "
    "it), oppose (against it), conditional (for it only under stated conditions), neutral "
    "(about the question, no side), unrelated (not about the question). A statement that "
    "quotes opponents to rebut them takes the side it argues for. confidence is your "
    "probability that the label is right. evidence is the few words of the statement, "
    "copied exactly, that decide the label. argument is what the statement argues, in your "
    'own words, at most ten words ("The US demands ransom", "Negotiation is futile"). '
    "Answer in JSON: one item per statement id."
)


QUESTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"question": {"type": "string", "maxLength": 300}},
    "required": ["question"],
    "additionalProperties": False,
}
PROPOSE = (
    "You read the start of a news article and name the contested question its statements "
    "argue about, as one yes / no question in English that people can be for or against, at "
    'most twenty words ("Should Iran negotiate with the United States?"). Answer in JSON.'
)
LEAD_CHARS = 4000  # the question is set out early in an article


class LLMStanceStage:
    """Stance, argument and evidence of each statement from an LLM. ``concurrent``: the
    pipeline may run :meth:`pipe` (the labelling calls, mostly waiting on the endpoint) in a
    worker thread beside the next batch's parse, after :meth:`prepare` (the questions) in its
    own thread."""

    name = "stance"
    concurrent = True

    def __init__(
        self, client: LLMClient, *, question: str | None = None, batch_size: int = 8
    ) -> None:
        self.client = client
        self.question = None if question is None else check_question(question)
        self.batch_size = batch_size

    def __call__(self, analysis: Analysis) -> Analysis:
        return self.pipe([analysis])[0]

    def prepare(self, analyses: list[Analysis]) -> list[Analysis]:
        """Each article's question: given, or proposed (by the LLM, else by rule)."""
        for a in analyses:
            a.question = self.question or a.question or self._propose(a)
        return analyses

    def pipe(self, analyses: list[Analysis]) -> list[Analysis]:
        for a in self.prepare(analyses):
            assert a.question is not None
            for i in range(0, len(a.drafts), self.batch_size):
                self._label(a.question, a.drafts[i : i + self.batch_size])
        return analyses

    def _propose(self, analysis: Analysis) -> str:
        """The question the article argues about, as the LLM puts it; the rule-based proposal
        (:func:`~.stage.propose_question`) when its answer is off-schema, not a yes / no
        question, or one stancemap cannot read (:func:`~.question.check_question`)."""
        doc = analysis.document
        lead = {"title": doc.title, "text": doc.text[:LEAD_CHARS]}
        messages = [
            {"role": "system", "content": PROPOSE},
            {"role": "user", "content": json.dumps(lead, ensure_ascii=False)},
        ]
        try:
            answer = self.client.complete_json(messages, QUESTION_SCHEMA, name="question")
            asked = check_question(str(answer["question"]))
        except (LLMBadResponse, BadQuestion):
            return propose_question(analysis)
        return asked if asked.endswith("?") else propose_question(analysis)

    def _label(self, question: str, drafts: list[Draft]) -> None:
        items = [
            {
                "id": i,
                "speaker": d.actor or (d.speaker.text if d.speaker else None),
                "statement": d.content.text,
            }
            for i, d in enumerate(drafts)
        ]
        messages = [
            {"role": "system", "content": SYSTEM},
            {
                "role": "user",
                "content": json.dumps(
                    {"question": question, "statements": items}, ensure_ascii=False
                ),
            },
        ]
        answer = self.client.complete_json(messages, SCHEMA, name="stances")
        by_id = {item["id"]: item for item in answer["items"]}
        missing = [i for i in range(len(drafts)) if i not in by_id]
        if missing:
            raise LLMBadResponse(
                f"the LLM left out statements {missing} of a batch; try a "
                "smaller batch or a stronger model"
            )
        for i, d in enumerate(drafts):
            item = by_id[i]
            evidence = _locate(d.content, item["evidence"])
            d.stance = Stance(
                StanceLabel(item["stance"]),
                float(item["confidence"]),
                {item["stance"]: float(item["confidence"])},
                (evidence,) if evidence else (),
            )
            argument = " ".join(str(item.get("argument", "")).split()[:12])
            d.argument = argument or None


def _locate(content: Span, words: str) -> Span | None:
    words = words.strip().strip('"“”')
    at = content.text.find(words) if words else -1
    if at < 0:
        return None
    return Span(content.start + at, content.start + at + len(words), words)
