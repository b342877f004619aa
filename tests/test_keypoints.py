"""Key point logic without the stance model: the shared-task metric, argument labels, selection."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest

from stancemap.core import Draft
from stancemap.core.records import Document, Span, StatementKind
from stancemap.corpora.argkp import KPArgument, KPData, KPKeyPoint, load_kp_data
from stancemap.errors import DataError
from stancemap.evaluate.keypoints import (
    average_precision,
    evaluate_matching,
    mean_average_precision,
)
from stancemap.keypoints import ArgumentStage
from stancemap.keypoints.analysis import ArgumentItem, key_points
from stancemap.keypoints.arguments import argument_label, compress
from stancemap.nlp import word_tags
from stancemap.pipeline import Analysis


def test_average_precision_matches_the_textbook_values() -> None:
    # ranks: 1 (hit), 2 (miss), 3 (hit) -> (1/1 + 2/3) / 2
    assert average_precision([1, 0, 1], [0.9, 0.8, 0.7]) == pytest.approx((1 + 2 / 3) / 2)
    assert average_precision([0, 1], [0.9, 0.1]) == pytest.approx(0.5)
    # tied scores form one threshold step, as in scikit-learn
    assert average_precision([1, 0], [0.5, 0.5]) == pytest.approx(0.5)
    assert average_precision([0, 0], [0.5, 0.4]) == 0.0


def _data() -> KPData:
    args = [KPArgument(f"a{i}", f"argument {i}", "T", 1) for i in range(4)]
    args += [KPArgument("b0", "other side", "T", -1), KPArgument("b1", "other two", "T", -1)]
    kps = [KPKeyPoint("k0", "kp zero", "T", 1), KPKeyPoint("k1", "kp one", "T", 1)]
    kps += [KPKeyPoint("k2", "kp two", "T", -1)]
    labels = {("a0", "k0"): 1, ("a1", "k0"): 0, ("a1", "k1"): 1, ("a2", "k0"): 0}
    labels |= {("b0", "k2"): 1, ("b1", "k2"): 0}
    return KPData(args, kps, labels)


def test_map_keeps_the_top_half_per_group_and_handles_unlabelled_pairs() -> None:
    data = _data()
    best = {
        "a0": ("k0", 0.9),  # labelled match
        "a3": ("k0", 0.8),  # unlabelled: a miss when strict, a hit when relaxed
        "a1": ("k0", 0.3),  # dropped: lower half
        "a2": ("k0", 0.2),  # dropped
        "b0": ("k2", 0.4),
        "b1": ("k2", 0.6),  # labelled non-match ranks first
    }
    scores = mean_average_precision(data, best)
    # group +1: top 2 = a0 (1), a3 (0 strict / 1 relaxed); group -1: top 1 = b1 (0)
    assert scores["map_strict"] == pytest.approx((1.0 + 0.0) / 2)
    assert scores["map_relaxed"] == pytest.approx((1.0 + 0.0) / 2)
    best["b0"] = ("k2", 0.7)
    assert mean_average_precision(data, best)["map_strict"] == pytest.approx(1.0)


def test_evaluate_matching_takes_each_arguments_best_key_point() -> None:
    data = _data()
    truth = {("argument 0", "kp zero"), ("argument 1", "kp one"), ("other side", "kp two")}

    def score(args: list[str], kps: list[str]) -> list[list[float]]:
        return [[0.9 if (a, k) in truth else 0.1 for k in kps] for a in args]

    scores = evaluate_matching(data, score)  # type: ignore[arg-type]
    assert scores["map_strict"] == pytest.approx(1.0)
    assert scores["arguments"] == 6


def test_kp_data_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"arguments_dev\.csv not found"):
        load_kp_data(tmp_path, "dev")
    (tmp_path / "arguments_dev.csv").write_text("id,text\n1,x\n", "utf-8")
    with pytest.raises(DataError, match="columns arg_id, argument, topic, stance"):
        load_kp_data(tmp_path, "dev")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "But he said that bargaining with the landlord yields no results, as history shows.",
            "Bargaining with the landlord yields no results",
        ),
        (
            "“We will never surrender to them again,” he told the crowd.",
            "We will never surrender to them again",
        ),
        (
            "However, the ban (set in 2019) has cut smoking among teenagers, which we wanted.",
            "The ban has cut smoking among teenagers",
        ),
        (
            "If the tunnel is to be built at all, the city should first pay for bus lanes.",
            "The city should first pay for bus lanes",
        ),
    ],
)
def test_compress_keeps_the_core_claim(text: str, label: str) -> None:
    assert compress(text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (  # a role in apposition to a name goes; a list does not
            "Ana Lopes, the mayor of the town, wants the closure to start in spring.",
            "Ana Lopes wants the closure to start in spring",
        ),
        (
            "Cars, buses, trucks and bikes all share the road, which is dangerous for a child",
            "Cars, buses, trucks and bikes all share the road",
        ),
        (  # a quotation cut in half loses its marks
            'the plan was "the most important change to the old town in fifty years"',
            "The plan was the most important change to the old",
        ),
        (
            "I also said at the hustings that we should sit down with Mr. Halloway",
            "We should sit down with Mr. Halloway",
        ),
        (  # the cut falls in a second half joined by "and": stop before it
            "Uniforms limit the individuality of students and force them to look alike.",
            "Uniforms limit the individuality of students",
        ),
        (  # "not only X but also Y" cut before "but": X alone
            "Uniforms not only save families money on a new wardrobe but also time each morning",
            "Uniforms save families money on a new wardrobe",
        ),
    ],
)
def test_compress_edge_cases(text: str, label: str) -> None:
    assert compress(text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (  # the noun phrase the cut falls in is finished ...
            'the plan was "the most important change to the old town in fifty years"',
            "The plan was the most important change to the old town",
        ),
        (  # ... or, when two more words do not finish it, left out
            "The plan was the most important change to the old town hall square in the region",
            "The plan was the most important change",
        ),
        (
            "Closing the old town to cars would kill the small family shops in the narrow streets",
            "Closing the old town to cars would kill the small family shops",
        ),
        (  # a phrase only opened at the cut ("to the") is dropped as before
            "The tram would bring thousands of new jobs to the poorest parts of the city",
            "The tram would bring thousands of new jobs",
        ),
        (  # a sentence two words over the limit is finished, not cut after its verb
            "He would support the closure only if emergency lanes stay open",
            "He would support the closure only if emergency lanes stay open",
        ),
        (  # no label ends on a modal
            "Negotiating with the United States of America under pressure would be a mistake",
            "Negotiating with the United States of America under pressure",
        ),
    ],
)
def test_a_cut_does_not_split_a_noun_phrase(text: str, label: str) -> None:
    assert compress(text, tags=lambda s: word_tags([s])[0]) == label


def test_phrase_cut_follows_the_tags_it_is_given() -> None:
    text = "one two three four five six seven eight nine ten eleven twelve thirteen"
    words = text.split()

    def tags(*pattern: str) -> Callable[[str], list[str]]:
        def tag(s: str) -> list[str]:
            assert s.split() == words  # the tagger sees the whole cleaned sentence
            return list(pattern)

        return tag

    # words 9-11 one noun phrase (JJ JJ NN), word 12 a verb: finished at eleven
    finished = tags(*["VB"] * 8, "JJ", "JJ", "NN", "VBZ", "RB")
    assert compress(text, tags=finished).lower().split() == words[:11]
    # a phrase running four words past the cut: dropped from its first word (word 8)
    long = tags(*["VB"] * 7, "DT", "JJ", "JJ", "NN", "NN", "NN")
    assert compress(text, tags=long).lower().split() == words[:7]
    # tags that do not fit the words are not used
    assert compress(text, tags=lambda s: ["NN"]).lower().split() == words[:10]


def test_labels_are_at_most_ten_words() -> None:
    text = " ".join(["word"] * 30)
    assert len(compress(text).split()) <= 10


def test_argument_label_prefers_the_sentence_on_the_question() -> None:
    text = "It was a long day. Closing the old town would kill the shops. Thanks."
    assert argument_label(Span(0, len(text), text), terms={"closing", "town"}) == (
        "Closing the old town would kill the shops"
    )


class FakeEncoder:
    """Embeds by hand-set topic vectors so selection can be checked exactly."""

    kp_scale, kp_bias = 20.0, -14.0  # cosine 0.7 -> probability 0.5

    def __init__(self, topics: dict[str, list[float]]) -> None:
        self.topics = topics

    def embed(self, texts: list[str]) -> np.ndarray:
        rows = []
        for t in texts:
            vec = next(v for word, v in self.topics.items() if word in t.lower())
            rows.append(np.array(vec) / np.linalg.norm(vec))
        return np.stack(rows)

    def match_probability(self, cosine: np.ndarray) -> np.ndarray:
        out: np.ndarray = 1 / (1 + np.exp(-(self.kp_scale * cosine + self.kp_bias)))
        return out


def test_key_points_cover_the_most_statements_per_side() -> None:
    enc = FakeEncoder({"cost": [1, 0, 0], "jobs": [0, 1, 0], "safety": [0, 0, 1]})
    items = [
        ArgumentItem(
            "It will cost too much, far too much money.", "The cost is too high", "oppose", "A"
        ),
        ArgumentItem(
            "The cost would ruin the city budget.", "Cost ruins the budget", "oppose", "B"
        ),
        ArgumentItem("Nobody can pay the cost.", "Nobody can pay the cost of this", "oppose", "C"),
        ArgumentItem("It would destroy jobs in shops.", "It would destroy jobs", "oppose", "D"),
        ArgumentItem(
            "Streets get safety for children.", "Safety for children improves", "support", "E"
        ),
        ArgumentItem("More safety on every street.", "More safety on the streets", "support", "F"),
    ]
    result = key_points(items, enc, min_support=2)  # type: ignore[arg-type]
    labels = {(kp.side, kp.label, kp.count) for kp in result.key_points}
    # equal coverage: the shortest well-formed label wins (no pronoun start, 3-12 words)
    assert labels == {
        ("oppose", "Cost ruins the budget", 3),
        ("support", "Safety for children improves", 2),
    }
    assert result.assignment[3] is None  # "jobs" is made once: no key point
    oppose = next(kp for kp in result.key_points if kp.side == "oppose")
    assert oppose.speakers(items) == ["A", "B", "C"]
    again = key_points(items, enc, min_support=2)  # type: ignore[arg-type]
    assert [kp.label for kp in again.key_points] == [kp.label for kp in result.key_points]


def test_key_points_chosen_on_a_sample_still_take_every_statement() -> None:
    """Over more statements than they are chosen on, the same key points are found and every
    statement that matches one joins it (matched a page at a time, not only the sample)."""
    enc = FakeEncoder({"cost": [1, 0, 0], "jobs": [0, 1, 0], "safety": [0, 0, 1]})
    made = [
        ("The cost would ruin the city budget {}.", "Cost ruins the budget", "oppose"),
        ("It would destroy jobs in shops {}.", "It would destroy jobs", "oppose"),
        ("More safety on every street {}.", "More safety on the streets", "support"),
    ]
    items = [
        ArgumentItem(text.format(n), label, side, f"S{n}")
        for n in range(40)
        for text, label, side in made
    ]
    whole = key_points(items, enc, min_support=2)  # type: ignore[arg-type]
    sampled = key_points(items, enc, min_support=2, choose_on=20)  # type: ignore[arg-type]
    assert [(kp.label, kp.count) for kp in sampled.key_points] == [
        (kp.label, kp.count) for kp in whole.key_points
    ]
    assert sorted(kp.count for kp in sampled.key_points) == [40, 40, 40]
    assert sampled.assignment == whole.assignment and None not in sampled.assignment


def _analysis(*contents: str, argument: str | None = None) -> Analysis:
    text = " ".join(contents)
    drafts, at = [], 0
    for c in contents:
        span = Span(at, at + len(c), c)
        fields = {"argument": span} if argument == c else {}
        drafts.append(Draft(span, StatementKind.DIRECT_QUOTE, fields=fields))
        at += len(c) + 1
    return Analysis(Document(text), drafts=drafts)


def test_argument_stage_tags_a_batch_at_once_and_labels_as_one_at_a_time() -> None:
    long = "Closing the old town to cars would kill the small family shops in the narrow streets."
    short = "The tram would bring jobs."
    calls: list[list[str]] = []

    def tags(texts: Sequence[str]) -> list[list[str]]:
        calls.append(list(texts))
        return word_tags(texts)

    stage = ArgumentStage(tags=tags)
    together = stage.pipe([_analysis(long, short), _analysis(short, long, argument=long)])
    assert len(calls) == 1  # one tagger batch for both documents
    assert calls[0] == [long.rstrip(".")]  # only a label that is cut needs tags
    labels = [d.argument for a in together for d in a.drafts]
    assert labels == [
        "Closing the old town to cars would kill the small family shops",
        "The tram would bring jobs",
        "The tram would bring jobs",
        "Closing the old town to cars would kill the small family shops",
    ]
    alone = [d.argument for d in ArgumentStage()(_analysis(long, short)).drafts]
    assert alone == labels[:2]
    untagged = [d.argument for d in ArgumentStage(tags=None)(_analysis(long)).drafts]
    assert untagged == ["Closing the old town to cars would kill the small"]


def test_candidates_kept_a_page_at_a_time_are_the_best_of_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The heap that keeps the best ``limit`` labels as pages are read gives what sorting
    every distinct label would: the first spelling of each, shorter well-formed ones
    first, earlier ones among equals."""
    import random

    from stancemap.keypoints import analysis

    rng = random.Random(7)
    words = "cost jobs safety buses they it the town plan trams fares money".split()
    labels = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 14))) for _ in range(900)]
    labels += [label.upper() for label in labels[:50]]  # other spellings of earlier labels
    items = [ArgumentItem(f"text {i}", label, "oppose") for i, label in enumerate(labels)]
    source = analysis._Listed(items, None)
    first: dict[str, int] = {}
    for i, label in enumerate(labels):
        first.setdefault(analysis._key(label), i)
    expected = sorted(first.values(), key=lambda i: analysis._rank(labels[i], i))
    monkeypatch.setattr(analysis, "PAGE", 64)  # many pages
    for limit in (5, 40, 2000):
        got = analysis._candidates(source, "oppose", len(items), limit)
        assert got == [labels[i] for i in expected[:limit]]
