"""Sides read from who attacks whom: a statement aimed at another speaker of the same
document takes its side from that speaker's.

"Vītols accused Bērziņa of scaremongering" says nothing about shelters in words the model
can read, but Bērziņa's side is known from her own statements: who attacks her is on the
other side, who praises or defends her is on hers, and who quotes her view to answer it
("Ms Bērziņa says ... Then ...") is on the other side. The target is a speaker named in the
cue's object (the words after the cue) or opening the statement, matched by a word of
their name; their side is what their other statements in the document sum to, when it is
clear (:data:`~stancemap.lang.en.stance.RELATION_MARGIN`). The statement then reads as a
statement whose cue takes that side (:func:`~.cues.lean` of an even reading).
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..core import Analysis, Draft, Stance, StanceLabel
from ..core.speakers import speaker_key
from ..lang.en.stance import (
    ATTACK_CUE,
    NOT_NAMES,
    PRAISE_CUE,
    RELATION_MARGIN,
    VIEW_REPORTED,
)
from .cues import lean

_NAME_WORD = re.compile(r"[A-Z][\w’'-]{2,}")
OBJECT_CHARS = 60  # how far after a cue its object is read
OBJECT_WORDS = 4  # how many of its first words may name the person
_OBJECT_END = re.compile(r"[.;:!?,()]|\s(?:of|for|over|after|as|because|in|on)\s")
EVEN = {"support": 0.25, "oppose": 0.25, "neutral": 0.25, "unrelated": 0.25}


def relate(analysis: Analysis) -> None:
    """Give each statement aimed at another speaker of ``analysis`` the side that follows
    from that speaker's (the other statements' stances are read first)."""
    text = analysis.document.text
    aimed: list[tuple[Draft, int, str]] = []  # (draft, +1 same side / -1 other, target word)
    for d in analysis.drafts:
        found = _aim(d, text)
        if found is not None:
            aimed.append((d, *found))
    if not aimed:
        return
    holders = _holders(analysis.drafts)
    for d, way, word in aimed:
        own = _key(d)
        sides = [side for key, (words, side) in holders.items() if word in words and key != own]
        if len(sides) != 1 or not sides[0]:
            continue  # nobody, or more than one speaker, goes by that name
        side = way * sides[0]
        probs = lean(EVEN, side)
        label = StanceLabel.SUPPORT if side > 0 else StanceLabel.OPPOSE
        if d.stance is not None and d.stance.label is StanceLabel.CONDITIONAL:
            continue
        d.stance = Stance(label, probs[label.value], probs, (d.content,))


def _aim(d: Draft, text: str) -> tuple[int, str] | None:
    """(+1 or -1, the target's name word) when the draft is aimed at a named person."""
    if d.cue is not None:
        cue = " ".join(d.cue.text.split())
        way = -1 if ATTACK_CUE.match(cue) else 1 if PRAISE_CUE.match(cue) else 0
        if way:
            # the object: up to the clause's end, "of" or "for" ("accused Marr of ...")
            after = _OBJECT_END.split(text[d.cue.end : d.cue.end + OBJECT_CHARS], 1)[0]
            words = [w for w in after.split()[:OBJECT_WORDS] if _NAME_WORD.fullmatch(w)]
            named = [w.lower() for w in words if w.lower() not in NOT_NAMES]  # no titles
            if named:
                return way, named[0]
    m = VIEW_REPORTED.match(d.content.text)
    if m is not None and m.group("name").lower() not in NOT_NAMES:
        return -1, m.group("name").lower()
    return None


def _key(d: Draft) -> str:
    name = d.actor or (d.speaker.text if d.speaker else "")
    return speaker_key(name)


def _holders(drafts: list[Draft]) -> dict[str, tuple[set[str], int]]:
    """Each speaker of the document: the words of their name, and their side (+1, -1, or
    0 when it is not clear) from their statements as read so far."""
    words: dict[str, set[str]] = defaultdict(set)
    lean_by: dict[str, float] = defaultdict(float)
    for d in drafts:
        key = _key(d)
        if not key:
            continue
        name = d.actor or (d.speaker.text if d.speaker else "")
        words[key] |= {w.lower() for w in _NAME_WORD.findall(name)}
        if d.stance is None:
            continue
        if d.stance.label is StanceLabel.UNRELATED:
            continue
        lean_by[key] += d.stance.probs.get("support", 0.0) - d.stance.probs.get("oppose", 0.0)
    out: dict[str, tuple[set[str], int]] = {}
    for key, names in words.items():
        total = lean_by.get(key, 0.0)
        side = 0 if abs(total) < RELATION_MARGIN else 1 if total > 0 else -1
        out[key] = (names, side)
    return out
