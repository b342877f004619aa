"""The question's content words, and whether a text names them (allowing for inflection)."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_QUESTION_STOP = frozenset(
    """should would could can will must do does did is are was were be the a an of to in on
    for with and or not no it its this that these those what which who whom whether how why
    when where than then there their they them his her he she we our us you your i me my any
    all more most less about against into from by as at again ever""".split()
)


@lru_cache(maxsize=64)
def question_terms(question: str) -> frozenset[str]:
    """The question's content words, lower-cased (cached: every statement asks for them)."""
    return frozenset(
        w.lower()
        for w in _WORD.findall(question)
        if w.lower() not in _QUESTION_STOP and len(w) >= 4
    )


def mentions(text: str, terms: AbstractSet[str]) -> bool:
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
