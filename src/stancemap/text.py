"""Layout of raw text: paragraphs, headings and quotation-mark pairing.

Works on characters only (no parse), so it is cheap and its offsets are exact.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from .core.records import Span
from .lang.en.words import ABBREVIATIONS, FUNCTION_WORDS

_PARA_RE = re.compile(r"[^\n]+")
_NEWLINE = re.compile(r"\n")
_TERMINAL = tuple('.!?:;"”’»)…')

# Opening mark -> closing marks that can end it. Straight quotes close themselves.
_PAIRS = {"“": '”"', "«": "»", "„": "“”", '"': '"”', "‹": "›", "»": "«"}
_CLOSERS = set("”»›")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted stretch: ``span`` includes the marks, ``inner`` excludes them."""

    span: Span
    inner: Span
    closed: bool

    @property
    def words(self) -> int:
        return len(self.inner.text.split())


def paragraphs(text: str) -> list[Span]:
    """Non-blank lines of ``text`` (trafilatura and most feeds put one paragraph on a line)."""
    spans = (Span.of(text, m.start(), m.end()) for m in _PARA_RE.finditer(text))
    return [s for s in spans if s.text]


def is_heading(para: Span) -> bool:
    """A short line without terminal punctuation: a headline, crosshead or byline."""
    words = para.text.split()
    return 0 < len(words) <= 12 and not para.text.endswith(_TERMINAL)


def shouted(text: str) -> bool:
    """A line in capitals ("KEY GOP SENATOR SAYS TALKS MUST END"): a headline or a kicker,
    where the cue words report no one's statement. Four letters or more, nine in ten
    capitals."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def title_cased(text: str) -> bool:
    """A headline in title case ("Traders Cheer as Council Scraps the Levy"): four words or more,
    each capitalised but the small ones (:data:`~stancemap.lang.en.words.FUNCTION_WORDS`),
    no sentence's end or a colon after it, and no quotation mark in it."""
    line = text.strip()
    words = _TITLE_WORD.findall(line)
    if len(words) < 4 or line.endswith((*_TERMINAL, ":")) or any(q in line for q in _QUOTES):
        return False
    return all(w[0].isupper() or w.lower() in FUNCTION_WORDS for w in words)


_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_QUOTES = frozenset('"“”«»„')


def find_quotes(text: str, paras: list[Span] | None = None) -> list[Quote]:
    """Pair quotation marks (straight, curly, angle, low-9), tolerating unbalanced ones.

    A quote left open at the end of a paragraph continues into the next paragraph when that
    paragraph does not open a new quote first (a quote broken by a stray line break);
    otherwise it is closed at the paragraph end (the news convention for multi-paragraph
    quotes, where only the last paragraph has a closing mark). A closing mark with no
    opening mark is ignored.
    """
    paras = paragraphs(text) if paras is None else paras
    quotes: list[Quote] = []
    open_at: int | None = None
    open_mark = ""
    for p_index, para in enumerate(paras):
        for offset, ch in enumerate(para.text):
            pos = para.start + offset
            if open_at is None:
                if ch in _PAIRS and not _is_inch_mark(text, pos, ch):
                    open_at, open_mark = pos, ch
            elif ch in _PAIRS[open_mark] or (ch in _CLOSERS and ch not in _PAIRS):
                quotes.append(_make(text, open_at, pos + 1, closed=True))
                open_at = None
        if open_at is not None:
            nxt = paras[p_index + 1] if p_index + 1 < len(paras) else None
            if nxt is not None and _continues(nxt.text, open_mark):
                continue
            quotes.append(_make(text, open_at, para.end, closed=False))
            open_at = None
    return quotes


def _continues(next_para: str, open_mark: str) -> bool:
    stripped = next_para.lstrip()
    if not stripped or stripped[0] in _PAIRS:
        return False
    if open_mark == '"':
        # Straight marks: an odd number ahead means one of them closes the open quote.
        return next_para.count('"') % 2 == 1
    return any(c in next_para for c in _PAIRS[open_mark])


def _is_inch_mark(text: str, pos: int, ch: str) -> bool:
    # 6'2" or 15" screen: a straight mark right after a digit is a unit, not a quote.
    return ch == '"' and pos > 0 and text[pos - 1].isdigit()


def _make(text: str, start: int, end: int, *, closed: bool) -> Quote:
    inner_end = end - 1 if closed else end
    # '"..., we will win," she said': the comma belongs to the sentence, not the words.
    while inner_end > start + 1 and text[inner_end - 1] in ", \n":
        inner_end -= 1
    return Quote(Span.of(text, start, end), Span.of(text, start + 1, inner_end), closed)


_BOUNDARY = re.compile(r"[.!?;]+[\"”’)]*(?=\s|$)")


def sentence_spans(text: str, offset: int = 0, *, min_words: int = 1) -> list[Span]:
    """Sentences of ``text`` (offsets shifted by ``offset``), not split after abbreviations
    ("Mr.", "U.S.") or initials; sentences under ``min_words`` words are left out."""
    spans: list[Span] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        before = text[start : m.start()].split()
        word = before[-1].lower().rstrip(".") if before else ""
        if m.group(0).startswith(".") and (word in ABBREVIATIONS or len(word) == 1):
            continue
        spans.append(Span.of(text, start, m.end()))
        start = m.end()
    if text[start:].strip():
        spans.append(Span.of(text, start, len(text)))
    return [
        Span(offset + s.start, offset + s.end, s.text)
        for s in spans
        if s.text and len(s.text.split()) >= min_words
    ]


class Quotes:
    """A document's quotes (:func:`find_quotes`: in text order, never overlapping) with the
    look-ups attribution asks of them, each a binary search: work per look-up does not grow
    with the number of quotes in the document."""

    def __init__(self, quotes: list[Quote]) -> None:
        self.all = quotes
        self._starts = [q.span.start for q in quotes]
        self._ends = [q.span.end for q in quotes]

    def __iter__(self) -> Iterator[Quote]:
        return iter(self.all)

    def overlapping(self, start: int, end: int) -> list[Quote]:
        """The quotes whose span (marks included) overlaps ``[start, end)``, in order."""
        i = bisect_right(self._ends, start)
        found = []
        while i < len(self.all) and self._starts[i] < end:
            found.append(self.all[i])
            i += 1
        return found

    def around(self, span: Span) -> Quote | None:
        """The quote whose span contains ``span``, if one does."""
        i = bisect_right(self._starts, span.start) - 1
        if i >= 0 and self.all[i].span.contains(span):
            return self.all[i]
        return None

    def ending_by(self, pos: int) -> Iterator[Quote]:
        """The quotes that end at or before ``pos``, nearest first."""
        i = bisect_right(self._ends, pos) - 1
        while i >= 0:
            yield self.all[i]
            i -= 1

    def starting_from(self, pos: int) -> Iterator[Quote]:
        """The quotes that start at or after ``pos``, nearest first."""
        i = bisect_left(self._starts, pos)
        while i < len(self.all):
            yield self.all[i]
            i += 1


class Lines:
    """Where the lines and paragraphs of a document start: which one holds an offset, in a
    binary search rather than a scan of the text."""

    def __init__(self, text: str, paras: list[Span]) -> None:
        self.paras = paras
        self._starts = [p.start for p in paras]
        self._newlines = [m.start() for m in _NEWLINE.finditer(text)]

    def line_start(self, pos: int) -> int:
        """Where the line holding ``pos`` starts (``text.rfind("\\n", 0, pos) + 1``)."""
        i = bisect_left(self._newlines, pos) - 1
        return self._newlines[i] + 1 if i >= 0 else 0

    def first_from(self, pos: int) -> int:
        """Index of the first paragraph that starts at or after ``pos``."""
        return bisect_left(self._starts, pos)

    def count_starting(self, a: int, b: int) -> int:
        """How many paragraphs start in ``[a, b)``."""
        return max(0, bisect_left(self._starts, b) - bisect_left(self._starts, a))

    def opens_paragraph(self, pos: int) -> bool:
        """Does a paragraph start exactly at ``pos`` (nothing but blanks before it on its
        line)?"""
        i = bisect_left(self._starts, pos)
        return i < len(self._starts) and self._starts[i] == pos

    def before(self, pos: int) -> Span | None:
        """The last paragraph that ends at or before ``pos``."""
        i = bisect_right(self._starts, pos) - 1
        while i >= 0 and self.paras[i].end > pos:
            i -= 1
        return self.paras[i] if i >= 0 else None
