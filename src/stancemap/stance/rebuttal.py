"""Someone else's view, reported to be rebutted: "Opponents claim the stadium would waste
money, but that is not true" argues *for* the stadium.

The model reads the reported view itself, which carries the opponents' side; the statement
takes the other side. :func:`rebutted_view` finds such a view: a report ("X claims / says /
argues that ...") rebutted in the same sentence ("..., but that is not true") or by the
sentence right after it ("They are wrong."). The speaker's own words ("I / we said ...")
are never read as someone else's.
"""

from __future__ import annotations

import re

_REPORT = re.compile(
    r"^(?P<who>[^.;:!?]{1,80}?)\s+(?:claim(?:s|ed)?|say(?:s)?|said|argue(?:s|d)?|"
    r"insist(?:s|ed)?|contend(?:s|ed)?|suggest(?:s|ed)?|maintain(?:s|ed)?|believe(?:s|d)?|"
    r"think(?:s)?|thought|assert(?:s|ed)?|allege(?:s|d)?|warn(?:s|ed)?|complain(?:s|ed)?|"
    r"tell(?:s)? us|told us|would have (?:you|us) believe)\s+(?:that\s+)?(?P<view>.+)$",
    re.I | re.S,
)
_FALSE = (
    r"(?:simply\s+|just\s+|plainly\s+|flat\s+|dead\s+)?(?:not true|untrue|false|wrong|"
    r"nonsense|a myth|mistaken|misleading|incorrect|not the case|baseless|unfounded|rubbish)\b"
)
_IT_IS = (
    r"(?:that|this|it|they|he|she|such claims?|those claims?|the claim)\s+"
    r"(?:is|are|was|were|'s|'re|’s|’re)\s+"
)
# "..., but that is not true": the rebuttal that ends a report in the same sentence.
_TAIL = re.compile(
    r"(?:[,;]\s*(?:but|yet|however)?|\s(?:but|yet|however))\b,?\s*"
    + _IT_IS
    + _FALSE
    + r"[^.!?]*[.!?]?\s*$",
    re.I,
)
# "They are wrong." / "That is simply not true." / "Nonsense.": a rebuttal on its own.
_NEXT = re.compile(
    r"^\s*(?:but\s+)?(?:" + _IT_IS + _FALSE + r"|(?:nonsense|rubbish|not true|wrong)\b)", re.I
)
_FIRST_PERSON = frozenset({"i", "we"})


def rebutted_view(sentence: str, after: str = "") -> str | None:
    """The view ``sentence`` reports in order to rebut it, or None. ``after``: the text
    that follows the sentence in the statement (its next sentence may be the rebuttal)."""
    report = _REPORT.match(sentence.strip())
    if report is None:
        return None
    if _FIRST_PERSON.intersection(report.group("who").lower().split()):
        return None
    view = report.group("view")
    tail = _TAIL.search(view)
    if tail is not None:
        view = view[: tail.start()]
    elif not _NEXT.match(after):
        return None
    view = view.strip().rstrip(".,;!?").strip()
    return view if len(view.split()) >= 3 else None
