"""What groups a speaker's statements and whether a speaker identifies someone: read by the
debate map and stored with each statement by the corpus (so that a database groups them
the same way)."""

from __future__ import annotations

import re

from ..lang.en.words import DEFINITE, MEDIA, NON_AGENTS, VAGUE

_KEY = re.compile(r"[a-z0-9]+")
_WORDS = re.compile(r"[a-z]+")


def speaker_key(name: str) -> str:
    """What groups a speaker's statements: the name's letters and digits, lower-cased."""
    return " ".join(_KEY.findall(name.lower()))


def identifies(actor: str | None, mention: str | None) -> bool:
    """Does a statement's speaker identify someone (its actor, the text of its speaker
    mention)? Yes for a resolved actor and for a definite description ("the mayor", "the
    regional chamber of commerce"); no for a pronoun, a quantifier or a generic group
    ("some", "critics", "a large group", "opponents of the plan", a bare plural in lower
    case: "shop owners", not "her aides"), for a caption ("The photo shows ...") and for
    what is nobody ("the plan calls for", "estimates indicate":
    :data:`~stancemap.lang.en.words.NON_AGENTS`)."""
    if actor:
        return True
    if mention is None:
        return False
    words = _WORDS.findall(mention.lower())
    if mention.islower() and words[0] not in DEFINITE and _bare_plural(words):
        return False  # "shop owners fear ...": a kind of people, not someone
    if words[:1] == ["the"]:
        words = words[1:]
        if words and (words[0] in MEDIA or words[-1] in MEDIA):
            return False
    return bool(words) and words[0] not in VAGUE and not _non_agent(mention)


def _bare_plural(words: list[str]) -> bool:
    """Is a mention's last word a plural ("owners", "families"), not a singular that ends
    in s ("business", "campus", "analysis")?"""
    last = words[-1] if words else ""
    return len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is"))


def _non_agent(mention: str) -> bool:
    """Is the mention's head word (before its first "of", "to" or "for": "the main obstacle
    to their application") one of :data:`NON_AGENTS`, in lower case (a capitalised one is a
    name: "the Marist Poll")?"""
    words = re.findall(r"[A-Za-z]+", mention)
    for i, w in enumerate(words):
        if w.lower() in ("of", "to", "for") and i:
            words = words[:i]
            break
    return bool(words) and words[-1].islower() and words[-1] in NON_AGENTS
