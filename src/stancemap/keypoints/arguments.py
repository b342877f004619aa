"""Argument labels: what a statement argues, in about ten words, taken from its own words.

The label is the statement's core claim, compressed: the sentence that decided its stance
(or the one that names the question's subject), without reporting frames ("he said that"),
discourse openers ("But", "However"), parentheticals and trailing subordinate clauses, cut at
a word boundary. Given the words' part-of-speech tags, a cut never splits a noun phrase: the
phrase is finished when two more words do it ("... change to the old town"), else left out.
A layout that labels arguments itself ("Argument: ...") wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet

from ..core import mentions
from ..core.records import Span
from ..lang.en.arguments import (
    APPOSITION,
    BUT,
    CLAUSE_BREAK,
    FRAME,
    JOINTS,
    LEADING_CLAUSE,
    NOT_ONLY,
    NP_HEAD,
    NP_INNER,
    OPENERS,
    TAIL_FRAME,
    TRAILING,
)
from ..text import sentence_spans

MAX_WORDS = 10
_QUOTES = "\"“”„«»‘’'`"
_PAREN = re.compile(r"\s*(?:\([^)]*\)|\[[^\]]*\])")
_WORD = re.compile(r"\S+")
_NP_MORE = 2  # words a label may run over ``max_words`` to finish a noun phrase
Tagger = Callable[[str], Sequence[str]]


def argument_label(
    content: Span,
    *,
    focus: Span | None = None,
    terms: AbstractSet[str] | None = None,
    tags: Tagger | None = None,
) -> str:
    """A short label for the statement ``content``. ``focus`` is the sentence to prefer (the
    stance evidence); ``terms`` are the question's words, used to pick a sentence otherwise;
    ``tags`` as for :func:`compress`."""
    sentence = _pick_sentence(content, focus, terms or set())
    return compress(sentence, tags=tags)


def compress(text: str, max_words: int = MAX_WORDS, *, tags: Tagger | None = None) -> str:
    """The core of one sentence in at most ``max_words`` words. ``tags`` gives the Penn
    Treebank tag of each whitespace-separated word of a string (:func:`stancemap.nlp.
    word_tags`): with it a cut does not split a noun phrase, and the label may run two words
    over ``max_words`` to finish one or to finish the sentence."""
    s = " ".join(text.split()).strip(_QUOTES + " ")
    s = _PAREN.sub("", s)
    s = TAIL_FRAME.sub("", s)
    for _ in range(2):
        s = OPENERS.sub("", s)
        s = FRAME.sub("", s, count=1) if len(s.split()) > 4 else s
        s = s.strip(_QUOTES + " ,")
    if len(s.split()) > max_words:
        s = LEADING_CLAUSE.sub("", s, count=1)
    if len(s.split()) > max_words:
        s = APPOSITION.sub(r"\g<name> ", s, count=1)
    head = CLAUSE_BREAK.split(s, maxsplit=1)[0]
    if len(head.split()) >= 3:
        s = head
    s = s.rstrip(" .!?;:,").strip(_QUOTES + " ")
    words = _WORD.findall(s)
    # with tags, a sentence that ends within _NP_MORE words of the limit is not cut at all
    # ("... only if emergency lanes stay open")
    if len(words) > max_words + (_NP_MORE if tags is not None else 0):
        words = words[:max_words]
        # a comma past the middle is a better place to stop than the word limit
        comma = max((i for i, w in enumerate(words[:-1]) if w.endswith(",")), default=-1)
        if comma + 1 >= max_words // 2:
            words = words[: comma + 1]
        else:
            # "... of students and force them to": stop before the cut-off second half
            joint = max((i for i, w in enumerate(words) if w.lower() in JOINTS), default=0)
            if joint >= max_words // 2:
                words = words[:joint]
            elif tags is not None:
                every, found = _WORD.findall(s), list(tags(s))
                if len(found) == len(every):
                    words = every[: _phrase_end(every, found, max_words)]
        lower = [w.lower() for w in words]
        if BUT not in lower:  # "not only X" whose "but also Y" was cut: keep X
            for i in range(len(words) - 1):
                if (lower[i], lower[i + 1]) == NOT_ONLY:
                    del words[i : i + 2]
                    break
        while len(words) > 3 and words[-1].lower().strip(",;:") in TRAILING:
            words.pop()
        s = " ".join(words).rstrip(",;:")
    if s.count('"') % 2 or s.count("“") != s.count("”"):
        s = re.sub('["“”]', "", s)  # a quotation cut in half: drop its marks
    s = s.strip(_QUOTES + " ")
    return s[:1].upper() + s[1:] if s else s


def _phrase_end(words: list[str], tags: list[str], cut: int) -> int:
    """Where to end ``words`` cut after ``cut`` of them so that no noun phrase is split: the
    end of the phrase when it comes within :data:`_NP_MORE` words, else its start. ``cut``
    itself when no phrase is split or too little would be left. A word ending in punctuation
    ends a phrase ("in her career, professors")."""

    def closes(i: int) -> bool:  # does the phrase end after word i?
        return i + 1 == len(words) or words[i][-1] in ",;:.!?" or tags[i + 1] not in goes_on

    goes_on = NP_HEAD | {"POS", "HYPH"}
    if cut >= len(words) or tags[cut - 1] not in NP_INNER - {"DT", "PDT", "PRP$"}:
        return cut  # a phrase only opened ("... jobs to the") loses its opening words anyway
    if words[cut - 1][-1] in ",;:.!?":
        return cut
    if tags[cut] not in (goes_on if tags[cut - 1] in NP_HEAD else NP_INNER - {"DT", "PDT"}):
        return cut
    for end in range(cut + 1, min(len(words), cut + _NP_MORE) + 1):
        if tags[end - 1] in NP_HEAD and closes(end - 1):
            return end
        if words[end - 1][-1] in ",;:.!?":
            break
    start = cut
    while start > 0 and tags[start - 1] in NP_INNER and words[start - 1][-1] not in ",;:.!?":
        start -= 1
    return start if start >= 3 else cut


def _pick_sentence(content: Span, focus: Span | None, terms: AbstractSet[str]) -> str:
    if focus is not None and content.contains(focus) and len(focus.text.split()) >= 3:
        return focus.text
    sentences = [s.text for s in sentence_spans(content.text, min_words=3)]
    if not sentences:
        return content.text
    if terms:
        for sentence in sentences:
            if mentions(sentence, terms):
                return sentence
    return sentences[0]
