"""Layout of raw text: paragraphs, headings and quotation-mark pairing.

Works on characters only (no parse), so it is cheap and its offsets are exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .records import Span

_PARA_RE = re.compile(r"[^\n]+")
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
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st gen sen rep gov lt col capt sgt jr sr vs etc no inc ltd co corp
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e""".split()
)


def sentence_spans(text: str, offset: int = 0, *, min_words: int = 1) -> list[Span]:
    """Sentences of ``text`` (offsets shifted by ``offset``), not split after abbreviations
    ("Mr.", "U.S.") or initials; sentences under ``min_words`` words are left out."""
    spans: list[Span] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        before = text[start : m.start()].split()
        word = before[-1].lower().rstrip(".") if before else ""
        if m.group(0).startswith(".") and (word in _ABBREVIATIONS or len(word) == 1):
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
