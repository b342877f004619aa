"""The stance corpus written for the project (data/stance): well formed, the guide's mix,
no news dev debate and no evaluation text in it; the second reading's agreement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stancemap.corpora.own import check_corpus, cohen_kappa, default_dir, read_corpus
from stancemap.errors import DataError


def test_the_shipped_corpus_passes_its_check_and_has_its_size() -> None:
    report = check_corpus(default_dir())
    assert report["problems"] == []
    assert report["debates"] >= 300 and report["statements"] >= 8000
    assert set(report["labels"]) == {"support", "oppose", "conditional", "neutral", "unrelated"}
    assert report["countries"] >= 40 and len(report["domains"]) >= 7


def test_the_corpus_overlaps_no_evaluation_set(shared: Path) -> None:
    report = check_corpus(default_dir(), shared=shared)
    assert report["overlap"] == {"news_debates": [], "texts": []}, report["problems"][:5]


def test_a_second_reader_agrees() -> None:
    """A blind second reading of a random tenth (data card: data/stance/README.md)."""
    report = check_corpus(default_dir())
    reading = report["second_reading"]
    assert reading["statements"] == round(0.1 * report["statements"])
    assert reading["kappa"] >= 0.8


def test_kappa_and_a_broken_corpus(tmp_path: Path) -> None:
    assert cohen_kappa(["a", "b", "a", "b"], ["a", "b", "a", "b"]) == 1.0
    assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == 0.0
    row = {
        "debate": "T-1",
        "question": "Should the town build a tram?",
        "domain": "local",
        "country": "Chile",
        "speaker": "Ana",
        "role": "",
        "text": "We need it.",
        "label": "support",
        "form": "quote",
    }
    (tmp_path / "x.jsonl").write_text(
        json.dumps(row) + "\n" + json.dumps(row | {"label": "maybe"}) + "\nnot json\n", "utf-8"
    )
    report = check_corpus(tmp_path)
    assert report["statements"] == 1
    assert any("x.jsonl:2" in p for p in report["problems"])
    assert any("x.jsonl:3: not JSON" in p for p in report["problems"])
    assert any("T-1: 1 statements" in p for p in report["problems"])
    with pytest.raises(DataError, match=r"x\.jsonl:2"):
        read_corpus(tmp_path)


def test_the_corpus_trains_stance_toward_each_debates_question() -> None:
    from stancemap.training.rows import own_rows

    rows = own_rows()
    corpus = read_corpus()
    assert len(rows) == len(corpus)
    assert {r.label for r in rows} == {"support", "oppose", "neutral", "unrelated"}
    conditional = [r for r, c in zip(rows, corpus, strict=True) if c.label == "conditional"]
    assert conditional and all(r.label == "support" for r in conditional)
    assert all(r.target.endswith("?") and r.source == "own" for r in rows)


def test_a_share_of_the_corpus_keeps_whole_debates() -> None:
    from stancemap.training.rows import _own_share, own_rows

    rows = own_rows(share=0.25, seed=13)
    debates = {r.group for r in own_rows()}
    kept = {r.group for r in rows}
    assert len(kept) == round(0.25 * len(debates))
    assert len(rows) == sum(1 for r in own_rows() if r.group in kept)
    assert own_rows(share=0.25, seed=13) == rows
    assert _own_share(["argkp", "own:0.25"])[0] == 0.25 and _own_share(["own"])[0] == 1.0
    assert _own_share(["argkp"])[0] == 0.0
    with pytest.raises(DataError, match="share"):
        _own_share(["own:2"])


def test_the_corpus_can_train_with_some_of_its_forms_only() -> None:
    from stancemap.corpora.own import FORMS
    from stancemap.training.rows import _own_share, own_rows

    share, forms = _own_share(["argkp", "own:attack+consequence"])
    assert share == 1.0 and forms == {"attack", "consequence"}
    assert _own_share(["own"])[1] == set(FORMS)
    corpus = read_corpus()
    rows = own_rows(forms=forms)
    wanted = [c for c in corpus if c.form in forms]
    assert wanted and len(rows) == len(wanted) < len(corpus)
    assert [r.text for r in rows] == [c.text for c in wanted]
    assert _own_share(["own:1e-1"])[0] == 0.1
    with pytest.raises(DataError, match=r"'rebutal' in .* is no form.*rebuttal"):
        _own_share(["own:attack+rebutal"])
