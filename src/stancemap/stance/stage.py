"""The ``stance`` pipeline stage: each statement's stance toward the question.

The model gives support / oppose / neutral / unrelated. Two things it cannot see on its own
are added here: *conditional* support ("if negotiations are to take place, we should get what
is ours": a condition clause that names the question's subject), and the evidence, the
sentence of a statement that most carries its label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..attribution.layouts import Draft
from ..pipeline import Analysis
from ..records import Span, Stance, StanceLabel
from ..text import is_heading
from .model import StanceModel, StanceScores

_SENTENCE = re.compile(r"[^.!?;]+[.!?;]*[\"”’]?")
_CONDITION = re.compile(
    r"\b(?:only if|if|unless|provided that|providing that|as long as|so long as|"
    r"on (?:the )?condition that|in case)\b[^.;:!?]*",
    re.I,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_QUESTION_STOP = frozenset(
    """should would could can will must do does did is are was were be the a an of to in on
    for with and or not no it its this that these those what which who whom whether how why
    when where than then there their they them his her he she we our us you your i me my any
    all more most less about against into from by as at again ever""".split()
)


def question_terms(question: str) -> set[str]:
    """The question's content words, lower-cased."""
    return {
        w.lower()
        for w in _WORD.findall(question)
        if w.lower() not in _QUESTION_STOP and len(w) >= 4
    }


def mentions(text: str, terms: set[str]) -> bool:
    """Does ``text`` name one of ``terms``, allowing for inflection ("closure" ~ "close",
    "negotiations" ~ "negotiate"): a shared prefix of four letters or more that covers most
    of the shorter word."""
    for word in _WORD.findall(text.lower()):
        for term in terms:
            n = 0
            for a, b in zip(word, term, strict=False):
                if a != b:
                    break
                n += 1
            if n >= 4 and n >= 0.6 * min(len(word), len(term)):
                return True
    return False


def condition_span(text: str, offset: int, terms: set[str]) -> Span | None:
    """A condition on the question's subject, if the text states one: a condition clause
    that names the subject ("if negotiations are to take place"), or a restrictive one
    ("only if", "provided that") in a statement that names it ("support the closure only
    if lanes stay open")."""
    for m in _CONDITION.finditer(text):
        clause = m.group(0)
        restrictive = not clause.lower().startswith(("if ", "in case"))
        if mentions(clause, terms) or (restrictive and mentions(text, terms)):
            return Span(offset + m.start(), offset + m.end(), clause)
    return None


def propose_question(analysis: Analysis) -> str:
    """The question an article argues about, when the user gives none: a headline or an early
    sentence phrased as a question, else the headline itself."""
    doc = analysis.document
    if doc.title and doc.title.strip().endswith("?"):
        return doc.title.strip()
    paras = analysis.parsed.paragraphs if analysis.parsed else []
    for para in paras[:4]:
        for m in _SENTENCE.finditer(para.text):
            sentence = m.group(0).strip()
            if sentence.endswith("?") and len(sentence.split()) >= 4:
                return _from_comma(sentence)
    heading = next((p.text for p in paras[:3] if is_heading(p)), None)
    title = doc.title or heading or (paras[0].text if paras else "the article's claim")
    return f"{title.rstrip(' .')}?"


def _from_comma(sentence: str) -> str:
    # "In the current context, is negotiating ... a viable way?" -> "Is negotiating ...?"
    _head, sep, tail = sentence.partition(", ")
    if (
        sep
        and tail[:1].islower()
        and tail.split()[0].lower() in {"is", "are", "should", "can", "will", "does", "do"}
    ):
        return tail[0].upper() + tail[1:]
    return sentence


class StanceStage:
    name = "stance"

    def __init__(
        self,
        model: StanceModel | None = None,
        *,
        question: str | None = None,
        min_confidence: float = 0.0,
    ) -> None:
        self._model = model
        self.question = question
        self.min_confidence = min_confidence

    @property
    def model(self) -> StanceModel:
        if self._model is None:
            self._model = StanceModel()
        return self._model

    def __call__(self, analysis: Analysis) -> Analysis:
        return self.pipe([analysis])[0]

    def pipe(self, analyses: list[Analysis]) -> list[Analysis]:
        jobs: list[tuple[Draft, str, list[Span]]] = []
        pairs: list[tuple[str, str]] = []
        for a in analyses:
            a.question = self.question or a.question or propose_question(a)
            for d in a.drafts:
                sentences = _sentences(d.content)
                jobs.append((d, a.question, sentences))
                pairs.append((a.question, d.content.text))
                if len(sentences) > 1:
                    pairs.extend((a.question, s.text) for s in sentences)
        scores = self.model.predict_pairs(pairs) if pairs else []
        at = 0
        for d, question, sentences in jobs:
            whole = scores[at]
            parts = scores[at + 1 : at + 1 + len(sentences)] if len(sentences) > 1 else [whole]
            at += 1 + (len(sentences) if len(sentences) > 1 else 0)
            d.stance = decide(question, d.content, whole, sentences, parts)
        return analyses


def decide(
    question: str,
    content: Span,
    whole: StanceScores,
    sentences: Sequence[Span],
    parts: Sequence[StanceScores],
) -> Stance:
    label = whole.label
    probs = dict(whole.probs)
    if label == "unrelated":
        return Stance(StanceLabel.UNRELATED, whole.confidence, probs)
    condition = condition_span(content.text, content.start, question_terms(question))
    if condition is not None:
        sided = probs["support"] + probs["oppose"] + probs["neutral"]
        return Stance(StanceLabel.CONDITIONAL, sided, probs, (condition,))
    best = max(range(len(parts)), key=lambda i: parts[i].probs[label])
    return Stance(StanceLabel(label), whole.confidence, probs, (sentences[best],))


def _sentences(content: Span) -> list[Span]:
    spans = []
    for m in _SENTENCE.finditer(content.text):
        span = Span.of(content.text, m.start(), m.end())
        if len(span.text.split()) >= 3:
            spans.append(Span(content.start + span.start, content.start + span.end, span.text))
    return spans or [content]
