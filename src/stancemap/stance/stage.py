"""The ``stance`` pipeline stage: each statement's stance toward the question.

The model gives support / oppose / neutral / unrelated. Two things it cannot see on its own
are added here: *conditional* support ("if negotiations are to take place, we should get what
is ours": a condition clause that names the question's subject), and the evidence, the
sentence of a statement that most carries its label.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from ..attribution.layouts import Draft
from ..pipeline import Analysis
from ..records import Span, Stance, StanceLabel
from ..text import is_heading, sentence_spans
from .model import StanceModel, StanceScores
from .question import MAX_QUESTION_WORDS, check_question, read_question
from .terms import mentions, question_terms

_CONDITION = re.compile(
    r"\b(?:only if|if|unless|provided that|providing that|as long as|so long as|"
    r"on (?:the )?condition that|in case)\b[^.;:!?]*",
    re.I,
)


def condition_span(text: str, offset: int, terms: AbstractSet[str]) -> Span | None:
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


# A yes / no question opens with an auxiliary or a modal: it states a proposition to be for or
# against ("Should the council ...?"); "Why would Trump do that?" or "How much do these
# figures matter?" does not.
_POLAR = re.compile(
    r"(?:should|shall|is|are|was|were|can|could|will|would|do|does|did|has|have|had|must|"
    r"may|might|ought)\b",
    re.I,
)
# A headline's closing punctuation before its closing quote, if any ("... in Their Heads.’",
# "Lawmaker urges retaliation on Russia;")
_CLOSING = re.compile(r"[\s.;:,!?]+([’”'\"]?)\s*$")


def propose_question(analysis: Analysis) -> str:
    """The question an article argues about, when the user gives none: a headline phrased as
    a question, else an early yes / no question of the text, else the headline itself."""
    doc = analysis.document
    if doc.title and doc.title.strip().endswith("?"):
        return doc.title.strip()
    paras = analysis.parsed.paragraphs if analysis.parsed else []
    for para in paras[:4]:
        for span in sentence_spans(para.text, min_words=4):
            sentence = span.text.strip().rstrip('"”’)')
            if sentence.endswith("?"):
                asked = _from_comma(_quoted_part(sentence))
                if _POLAR.match(asked):
                    return asked
    heading = next((p.text for p in paras[:3] if is_heading(p)), None)
    title = doc.title or heading or (_lead(paras[0].text) if paras else "the article's claim")
    return _short(_CLOSING.sub(r"\1", title.strip())) + "?"


def _lead(text: str) -> str:
    """A first paragraph as a claim: whole when short (a headline line, which sentence
    splitting would cut at "E.U." or ";"), else its first sentence."""
    if len(text.split()) <= MAX_QUESTION_WORDS:
        return text
    first = sentence_spans(text, min_words=4)[:1]
    return first[0].text if first else text


def _short(claim: str) -> str:
    """At most :data:`~.question.MAX_QUESTION_WORDS` words (a question the model can read
    with a statement), cut at the last comma when it falls in the second half."""
    words = claim.split()
    if len(words) <= MAX_QUESTION_WORDS:
        return claim
    cut = " ".join(words[:MAX_QUESTION_WORDS])
    comma = cut.rfind(",")
    return cut[:comma] if comma > len(cut) // 2 else cut


def _quoted_part(sentence: str) -> str:
    # 'The minister asked: "Should we talk?' -> 'Should we talk?': the question after a quote
    # mark left open (the closing one was stripped) or after a colon; not 'the "Deal" be ...'
    cuts = []
    if sentence.count("“") > sentence.count("”"):
        cuts.append(sentence.rindex("“") + 1)
    if sentence.count('"') % 2:
        cuts.append(sentence.rindex('"') + 1)
    if ": " in sentence:
        cuts.append(sentence.rindex(": ") + 2)
    for cut in sorted(cuts, reverse=True):
        tail = sentence[cut:].strip()
        if tail[:1].isupper() and len(tail.split()) >= 4:
            return tail
    return sentence


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
    """Each statement's stance toward the question given, else toward the one proposed from
    its article. ``concurrent``: the pipeline may run :meth:`pipe` in a worker thread beside
    the next batch's parse, after :meth:`prepare` in its own thread."""

    name = "stance"
    concurrent = True

    def __init__(
        self,
        model: StanceModel | None = None,
        *,
        question: str | None = None,
        min_confidence: float = 0.0,
    ) -> None:
        self._model = model
        self.question = None if question is None else check_question(question)
        self.min_confidence = min_confidence

    @property
    def model(self) -> StanceModel:
        if self._model is None:
            self._model = StanceModel()
        return self._model

    def __call__(self, analysis: Analysis) -> Analysis:
        return self.pipe([analysis])[0]

    def prepare(self, analyses: list[Analysis]) -> list[Analysis]:
        """Each article's question, read (:func:`~.question.read_question`: its one spaCy
        parse, which may not run beside the pipeline's parse) so that :meth:`pipe` needs no
        spaCy."""
        for a in analyses:
            a.question = self.question or a.question or propose_question(a)
            read_question(a.question)
        return analyses

    def pipe(self, analyses: list[Analysis]) -> list[Analysis]:
        drafts: list[tuple[Draft, str]] = []
        for a in self.prepare(analyses):
            assert a.question is not None
            for d in a.drafts:
                if is_fragment(d.content.text, a.question):
                    d.stance = Stance(StanceLabel.UNRELATED, 1.0)
                else:
                    drafts.append((d, a.question))
        scores = self.model.predict_statements([(q, d.content.text) for d, q in drafts])
        for (d, question), s in zip(drafts, scores, strict=True):
            at = d.content.start
            read = tuple((Span(at + p.start, at + p.end, p.text), ps) for p, ps in s.sentences)
            d.stance = decide(question, d.content, s.scores, read)
        return analyses


_WORDS = re.compile(r"\w+")
MIN_STATEMENT_WORDS = 3


def is_fragment(text: str, question: str) -> bool:
    """Whether a statement is too short to take a side: fewer than
    :data:`MIN_STATEMENT_WORDS` words ("it", "the deal", "to reconsider": what "derided the
    deal" or "urged them to reconsider" report) that do not name the question's subject.
    Such a statement is unrelated by rule, not read by the model."""
    return len(_WORDS.findall(text)) < MIN_STATEMENT_WORDS and not mentions(
        text, question_terms(question)
    )


_CUE = re.compile(
    r"\b(?:not|never|no|nothing|must|should|need|only|against|support|oppose|reject|"
    r"mistake|wrong|right|futile|useless|benefit|harm|danger)\b",
    re.I,
)


def decide(
    question: str,
    content: Span,
    whole: StanceScores,
    read: tuple[tuple[Span, StanceScores], ...] = (),
) -> Stance:
    """The statement's stance from the model's scores, with the condition overlay and the
    evidence: the condition clause; else, of the sentences the model read (``read``, with
    their own scores), the one that most carries the label; else the sentence that names
    the question's subject and carries a stance cue (negation, modal, evaluative word),
    else the first that names it. A statement that names the question's subject is never
    "unrelated"."""
    label = whole.label
    probs = dict(whole.probs)
    terms = question_terms(question)
    if label == "unrelated":
        if not mentions(content.text, terms):
            return Stance(StanceLabel.UNRELATED, whole.confidence, probs)
        # It names the question's subject, so it is about it: the best of the other labels.
        label = max(("support", "oppose", "neutral"), key=probs.__getitem__)
    condition = condition_span(content.text, content.start, terms)
    if condition is not None:
        sided = probs["support"] + probs["oppose"] + probs["neutral"]
        return Stance(StanceLabel.CONDITIONAL, sided, probs, (condition,))
    if len(read) > 1:
        evidence = max(read, key=lambda r: r[1].probs[label])[0]
    else:
        evidence = evidence_sentence(content, terms)
    return Stance(StanceLabel(label), probs[label], probs, (evidence,))


def evidence_sentence(content: Span, terms: AbstractSet[str]) -> Span:
    sentences = _sentences(content)
    if len(sentences) == 1:
        return sentences[0]

    def rank(i: int) -> tuple[int, int, int]:
        s = sentences[i].text
        return (-int(mentions(s, terms)), -int(bool(_CUE.search(s))), i)

    return sentences[min(range(len(sentences)), key=rank)]


def _sentences(content: Span) -> list[Span]:
    return sentence_spans(content.text, content.start, min_words=3) or [content]
