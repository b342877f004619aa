"""The question a set of articles argues about, proposed when the user gives none."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..core import Document, Question, check_question, content_terms, mentions
from ..core.question import MAX_QUESTION_WORDS
from ..errors import BadQuestion
from ..lang.en.question import POLAR, POLAR_AFTER_COMMA
from ..text import is_heading, paragraphs, sentence_spans

# A headline's closing punctuation before its closing quote, if any ("... in Their Heads.’",
# "Lawmaker urges retaliation on Russia;")
_CLOSING = re.compile(r"[\s.;:,!?]+([’”'\"]?)\s*$")


def propose_question(documents: Sequence[Document]) -> Question:
    """The one question that ``documents`` argue about, when the user gives none: each
    document's candidate (:func:`candidate`), and of those the one most documents name
    (a question a document asks outright before a headline turned into one; then the
    earliest document). Raises :class:`~stancemap.errors.BadQuestion` only when no
    candidate can be read at all."""
    found: list[tuple[str, bool]] = []
    for doc in documents:
        try:
            text, asked = candidate(doc)
            found.append((check_question(text), asked))
        except BadQuestion:
            continue
    if not found:
        return Question.parse("the article's claim?", given=False)
    if len(found) == 1:
        return Question.parse(found[0][0], given=False)
    leads = [d.text[:LEAD_CHARS] for d in documents]

    def rank(i: int) -> tuple[int, int, int]:
        text, asked = found[i]
        terms = content_terms(text)
        named = sum(1 for lead in leads if mentions(lead, terms))
        return (-int(asked), -named, i)

    best = min(range(len(found)), key=rank)
    return Question.parse(found[best][0], given=False)


# Where a document sets out its question: its start.
LEAD_CHARS = 4000


def candidate(doc: Document) -> tuple[str, bool]:
    """The question one article argues about, and whether the article asks it: a headline
    phrased as a question, else an early yes / no question of the text (asked), else the
    headline or the lead turned into a question (not asked)."""
    if doc.title and doc.title.strip().endswith("?"):
        return doc.title.strip(), True
    paras = paragraphs(doc.text[: LEAD_CHARS * 2])
    for para in paras[:4]:
        for span in sentence_spans(para.text, min_words=4):
            sentence = span.text.strip().rstrip('"”’)')
            if sentence.endswith("?"):
                asked = _from_comma(_quoted_part(sentence))
                if POLAR.match(asked):
                    return asked, True
    heading = next((p.text for p in paras[:3] if is_heading(p)), None)
    title = doc.title or heading or (_lead(paras[0].text) if paras else "the article's claim")
    return _short(_CLOSING.sub(r"\1", title.strip())) + "?", False


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
    # "In the present climate, is building the bypass ... wise?" -> "Is building the bypass ...?"
    _head, sep, tail = sentence.partition(", ")
    if sep and tail[:1].islower() and tail.split()[0].lower() in POLAR_AFTER_COMMA:
        return tail[0].upper() + tail[1:]
    return sentence
