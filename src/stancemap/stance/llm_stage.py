"""Stance through an LLM (any OpenAI-compatible endpoint): the optional top-quality backend.

Drop-in for :class:`~stancemap.stance.stage.StanceStage`: same name, same output, plus an
abstractive argument label per statement (the ``arguments`` stage keeps it). Statements
go in batches, each answer is checked against a JSON schema, and the words the model quotes
as evidence are located in the statement so they keep their offsets.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..core import Analysis, Document, Draft, Question, Span, Stance, StanceLabel
from ..errors import BadQuestion, LLMBadResponse
from ..llm import LLMClient
from .propose import LEAD_CHARS, propose_question

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
    "You read the start of one or more news articles and name the contested question "
    "their statements argue about, as one yes / no question in English that people can be "
    'for or against, at most twenty words ("Should Iran negotiate with the United States?"). '
    "Answer in JSON."
)
# How many articles' leads the LLM reads to propose the question.
PROPOSE_DOCUMENTS = 3


def propose_with_llm(client: LLMClient, documents: Sequence[Document]) -> Question:
    """The question ``documents`` argue about, as the LLM puts it from their first leads;
    the rule-based proposal (:func:`~.propose.propose_question`) when its answer is
    off-schema, not a yes / no question, or one stancemap cannot read."""
    leads = [
        {
            "title": doc.title,
            "text": doc.text[: LEAD_CHARS // min(len(documents), PROPOSE_DOCUMENTS)],
        }
        for doc in documents[:PROPOSE_DOCUMENTS]
    ]
    lead: Any = leads[0] if len(leads) == 1 else {"articles": leads}
    messages = [
        {"role": "system", "content": PROPOSE},
        {"role": "user", "content": json.dumps(lead, ensure_ascii=False)},
    ]
    try:
        answer = client.complete_json(messages, QUESTION_SCHEMA, name="question")
        asked = Question.parse(str(answer["question"]), given=False)
    except (LLMBadResponse, BadQuestion):
        return propose_question(documents)
    return asked if asked.text.endswith("?") else propose_question(documents)


class LLMStanceStage:
    """Stance, argument and evidence of each statement from an LLM. ``concurrent``: the
    pipeline may run :meth:`pipe` (the labelling calls, mostly waiting on the endpoint) in a
    worker thread beside the next batch's parse."""

    name = "stance"
    requires = ("statements",)
    assigns = ("question", "stance")
    concurrent = True

    def __init__(self, client: LLMClient, question: Question, *, batch_size: int = 8) -> None:
        self.client = client
        self.question = question
        self.batch_size = batch_size

    def __call__(self, analysis: Analysis) -> Analysis:
        return self.pipe([analysis])[0]

    def pipe(self, analyses: list[Analysis]) -> list[Analysis]:
        for a in analyses:
            a.question = self.question
            for i in range(0, len(a.drafts), self.batch_size):
                self._label(self.question.text, a.drafts[i : i + self.batch_size])
        return analyses

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
