"""Attribution's work grows linearly with the length of a document.

Counted, not timed: the Python and built-in calls that attribution and speaker resolution
make (``sys.setprofile``) for a made-up article and for the same kinds of paragraphs four
times over. Linear work gives about 4x the calls; a scan of every quote or statement per
cue (what made a 415 KB document cost 13 times its articles) gives about 16x.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest

from stancemap import Pipeline
from stancemap.core import Analysis, Document

NAMES = ("Ana Silva", "Tomas Reyes", "Maria Okafor", "Daniel Hoffmann", "Robert Klein")


def article(paragraphs: int) -> str:
    """Paragraphs of the shapes attribution reads: quotes before and after their cue,
    reported speech, a pronoun speaker, a role noun, "according to", a colon block."""
    out = ["Harbourton debates its old town"]
    for i in range(paragraphs):
        name, other = NAMES[i % len(NAMES)], NAMES[(i + 2) % len(NAMES)]
        out.append(
            f"“The plan number {i} will change the town for good,” said {name}, a councillor. "
            f"{other} said the shops would lose customers in the winter. "
            f"The plan is backed by {other} and the Harbourton Traders Union. "
            f"He added that the council had not listened. "
            f"The mayor warned that the budget for year {i} was tight. "
            f"According to {name}, the buses run every ten minutes."
        )
        out.append(f'{other} told reporters: "We will vote against it in the spring."')
    return "\n\n".join(out)


def calls(run: Callable[[], object]) -> int:
    count = 0

    def profile(_frame: FrameType, event: str, _arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return count


def work(pipeline: Pipeline, text: str) -> tuple[int, int]:
    """Calls made by the stages after the parse (the parse is spaCy's, linear by
    construction: sentence by sentence), and statements found."""
    parse, *rest = pipeline.stages
    analysis = parse(Analysis(Document(text, id="t")))

    from stancemap.attribution.positions import PositionStage

    def attribute() -> None:
        for stage in [*rest, PositionStage()]:  # and the described positions of a map
            stage(analysis)

    n = calls(attribute)
    return n, len(analysis.drafts)


@pytest.mark.parametrize("paragraphs", [40])
def test_attribution_work_grows_linearly_with_document_length(
    pipeline: Pipeline, paragraphs: int
) -> None:
    small, found_small = work(pipeline, article(paragraphs))
    large, found_large = work(pipeline, article(4 * paragraphs))
    assert found_small >= 5 * paragraphs  # every shape is read: the work is real
    assert found_large >= 4 * found_small * 0.95
    ratio = large / small
    assert ratio < 5.0, f"4x the text cost {ratio:.1f}x the calls (linear: about 4)"


def test_many_short_quotes_cost_what_their_length_does(pipeline: Pipeline) -> None:
    """A transcript's shape: many short quotes in few paragraphs."""

    def quotes(n: int) -> str:
        lines = [
            " ".join(f"“We agree {j},” said {NAMES[j % len(NAMES)]}." for j in range(i, i + 10))
            for i in range(0, n, 10)
        ]
        return "\n\n".join(lines)

    small, found_small = work(pipeline, quotes(200))
    large, found_large = work(pipeline, quotes(800))
    assert (found_small, found_large) == (200, 800)
    assert large / small < 5.0, f"4x the quotes cost {large / small:.1f}x the calls"
