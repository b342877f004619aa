"""The made training pairs: each carries the label a reader would give it."""

from __future__ import annotations

import random

import pytest

from stancemap.training.stance import as_question, negated, reported, rhetorical


def test_motion_asked_as_a_question() -> None:
    assert as_question("We should ban fossil fuels") == "Should We ban fossil fuels?"
    assert as_question("Fossil fuels are bad for everyone") == "Are Fossil fuels bad for everyone?"
    assert as_question("Nothing to front here") is None


def test_negated_motion_goes_both_ways() -> None:
    assert negated("We should ban fossil fuels") == "We should not ban fossil fuels"
    assert negated("We should not ban fossil fuels") == "We should ban fossil fuels"
    assert negated("Nothing to negate here") is None


@pytest.mark.parametrize("seed", range(6))
def test_rhetorical_question_keeps_the_side_it_expresses(seed: int) -> None:
    rng = random.Random(seed)
    against = rhetorical("We should ban fossil fuels", "oppose", rng)
    assert against is not None
    text, label = against
    assert label == "oppose"
    assert text.endswith("we should ban fossil fuels?") or text.endswith("we ban fossil fuels?")
    assert " not " not in text and "n't" not in text
    text, label = rhetorical("We should ban fossil fuels", "support", rng) or ("", "")
    assert label == "support"
    assert "not" in text or "n't" in text


def test_rhetorical_needs_a_should_motion() -> None:
    assert rhetorical("Global warming is a serious concern", "support", random.Random(0)) is None


def test_reported_view_flips_when_rebutted_and_keeps_when_endorsed() -> None:
    rng = random.Random(3)
    seen = set()
    for _ in range(40):
        text, label = reported("Fossil fuels heat the planet.", "support", rng)
        assert "fossil fuels heat the planet" in text
        rebutted = text.rstrip(".").endswith(
            ("wrong", "not true", "does not hold", "otherwise", "nonsense")
        )
        assert label == ("oppose" if rebutted else "support")
        seen.add(rebutted)
    assert seen == {True, False}


def test_reported_keeps_an_acronym_capitalised() -> None:
    text, _ = reported("NATO keeps Europe safe", "support", random.Random(1))
    assert "NATO keeps Europe safe" in text
