"""Is a document about the question? What a question over a corpus reads.

A corpus holds articles on many debates; a question's map is drawn from those about it, or
the generic statements of every other article ("to pass it without delay") land on its
sides. A document is about the question when it names most of the question's words and
its sentences come near the question in meaning, or when they come very near it whatever
its words (real news names a "soda tax" where the question asks about "sugary soft
drinks"):

* **words**: the share of the question's content words (:attr:`Question.terms`, inflection
  allowed: :func:`~stancemap.core.question.mentions`) that the document names;
* **meaning**: the mean cosine of the :data:`TOP` document sentences nearest the question,
  in the shared encoder's embedding (the first :data:`LEAD_SENTENCES` sentences read).

The thresholds were chosen on the news dev set and the written news dev set, each question
asked of every article of its set: 50 of the 52 articles on their question kept, 6 of the
660 on another; on the check set, 16 of 16 and 1 of 112 (research record, "A question over
a corpus reads the documents about it").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..core import Question
from ..core.question import mentions
from ..text import sentence_spans

if TYPE_CHECKING:
    from ..encoder import Encoder

LEAD_SENTENCES = 40  # sentences of a document read for its meaning
LEAD_CHARS = 12_000  # of at most this much of its text
TOP = 3  # its sentences nearest the question, averaged
WORDS = 0.5  # share of the question's words a document names ...
NEAR = 0.25  # ... with its sentences at least this near the question,
VERY_NEAR = 0.5  # or its sentences this near whatever its words


def word_share(question: Question, text: str) -> float:
    """The share of the question's content words that ``text`` names."""
    terms = sorted(question.terms)
    if not terms:
        return 1.0
    words = " ".join(set(text.lower().split()))  # each word read once, however often used
    return sum(mentions(words, {term}) for term in terms) / len(terms)


class Relevance:
    """Decides which documents are about ``question`` (the question's embedding is made
    once)."""

    def __init__(self, question: Question, encoder: Encoder | None = None) -> None:
        from ..encoder import default_encoder

        self.question = question
        self.encoder = encoder or default_encoder()
        self._asked = self.encoder.embed([question.text])[0]

    def nearness(self, texts: Sequence[str]) -> list[float]:
        """Per text: the mean cosine of its :data:`TOP` sentences nearest the question
        (0 for a text with none), all texts' sentences embedded in one call."""
        import numpy as np

        sentences = [
            [s.text for s in sentence_spans(text[:LEAD_CHARS], min_words=4)][:LEAD_SENTENCES]
            for text in texts
        ]
        flat = [s for group in sentences for s in group]
        if not flat:
            return [0.0] * len(texts)
        sims = self.encoder.embed(flat) @ self._asked
        out, at = [], 0
        for group in sentences:
            mine = np.sort(sims[at : at + len(group)])[-TOP:]
            out.append(float(mine.mean()) if len(mine) else 0.0)
            at += len(group)
        return out

    def about(self, texts: Sequence[str]) -> list[bool]:
        """Per text: is it about the question?"""
        near = self.nearness(texts)
        shares = [word_share(self.question, text) for text in texts]
        return [
            (share >= WORDS and n >= NEAR) or n >= VERY_NEAR
            for share, n in zip(shares, near, strict=True)
        ]
