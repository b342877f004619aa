"""Someone else's view, reported to be rebutted: "Opponents claim the stadium would waste
money, but that is not true" argues *for* the stadium.

The model reads the reported view itself, which carries the opponents' side; the statement
takes the other side. :func:`rebutted_view` finds such a view: a report ("X claims / says /
argues that ...") rebutted in the same sentence ("..., but that is not true") or by the
sentence right after it ("They are wrong."). The speaker's own words ("I / we said ...")
are never read as someone else's.
"""

from __future__ import annotations

from ..lang.en.stance import FIRST_PERSON, REBUTTAL_NEXT, REBUTTAL_TAIL, REPORT


def rebutted_view(sentence: str, after: str = "") -> str | None:
    """The view ``sentence`` reports in order to rebut it, or None. ``after``: the text
    that follows the sentence in the statement (its next sentence may be the rebuttal)."""
    report = REPORT.match(sentence.strip())
    if report is None:
        return None
    if FIRST_PERSON.intersection(report.group("who").lower().split()):
        return None
    view = report.group("view")
    tail = REBUTTAL_TAIL.search(view)
    if tail is not None:
        view = view[: tail.start()]
    elif not REBUTTAL_NEXT.match(after):
        return None
    view = view.strip().rstrip(".,;!?").strip()
    return view if len(view.split()) >= 3 else None


def is_rebuttal(sentence: str) -> bool:
    """Whether ``sentence`` is a rebuttal on its own ("They are wrong.", "Nothing could be
    further from the truth."): read after a reported view, it denies that view."""
    return REBUTTAL_NEXT.match(sentence) is not None
