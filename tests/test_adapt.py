"""Stance adapted to a debate from a few labelled statements."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from stancemap.core import (
    Document,
    Extraction,
    Question,
    Span,
    Stance,
    StanceLabel,
    Statement,
    StatementKind,
)
from stancemap.errors import LabelsError
from stancemap.stance.adapt import NO_CHANGE, adapt, fit, read_labels
from test_model import cli

ROOT = Path(__file__).resolve().parent.parent


def leaning(support: float) -> dict[str, float]:
    """A reading that leans support by ``support`` over oppose."""
    rest = (1.0 - support) / 3
    return {"support": support, "oppose": rest * 1.5, "neutral": rest, "unrelated": rest * 0.5}


def test_fit_learns_a_debates_lean_and_the_prior_holds_it_back() -> None:
    """The model reads everything in this debate as support; the reviewer says most of it
    is opposition: the correction moves toward oppose, more with more labels."""
    few = [(leaning(0.5), "oppose")] * 3 + [(leaning(0.5), "support")]
    many = few * 5
    a, b = fit(few), fit(many)
    assert a.bias["oppose"] > a.bias["support"]
    assert b.bias["oppose"] - b.bias["support"] > a.bias["oppose"] - a.bias["support"]
    assert max(b.probs(leaning(0.5)), key=b.probs(leaning(0.5)).get) == "oppose"
    assert fit([]) == NO_CHANGE and fit([(leaning(0.6), "conditional")]) == NO_CHANGE
    same = NO_CHANGE.probs(leaning(0.6))
    assert same == pytest.approx(leaning(0.6))


def statement(ident: str, start: int, text: str, probs: dict[str, float]) -> Statement:
    best = max(probs, key=probs.__getitem__)
    return Statement(
        Span(start, start + len(text), text),
        StatementKind.REPORTED_SPEECH,
        id=ident,
        actor=f"Speaker {start}",
        stance=Stance(StanceLabel(best), probs[best], probs),
    )


def test_adapt_gives_labels_and_reads_the_rest_again() -> None:
    q = Question.parse("Should the city build a tram?")
    texts = ["It costs too much.", "Shops will suffer.", "Buses are enough.", "Nobody asked us."]
    statements = tuple(
        statement(f"d:{i * 30}-{i * 30 + len(t)}", i * 30, t, leaning(0.45))
        for i, t in enumerate(texts)
    )
    result = Extraction(Document("...", id="d"), statements, (), q)
    labels = {statements[0].id: "oppose", statements[1].id: "oppose", statements[2].id: "oppose"}
    (adapted,), correction = adapt([result], labels)
    assert correction.labelled == 3
    got = {s.id: s.stance for s in adapted.statements}
    for ident in labels:
        assert got[ident] is not None and got[ident].label is StanceLabel.OPPOSE
        assert got[ident].confidence == 1.0
    unlabelled = got[statements[3].id]
    assert unlabelled is not None and unlabelled.label is StanceLabel.OPPOSE  # it was support
    with pytest.raises(LabelsError, match="not in the map"):
        adapt([result], {"d:999-1000": "support"})
    with pytest.raises(LabelsError, match="'maybe' of"):
        adapt([result], {statements[0].id: "maybe"})  # the library checks labels too


def test_read_labels_by_id_or_offsets_and_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_text("id,stance\nroundup:351-469,support\n", "utf-8")
    assert read_labels(path) == {"roundup:351-469": "support"}
    path.write_text("document,start,end,stance\nroundup,351,469,Oppose\n", "utf-8")
    assert read_labels(path) == {"roundup:351-469": "oppose"}
    path.write_text("id,side\nx,support\n", "utf-8")
    with pytest.raises(LabelsError, match="columns must be"):
        read_labels(path)
    path.write_text("id,stance\nx,maybe\n", "utf-8")
    with pytest.raises(LabelsError, match=r"labels\.csv: stance 'maybe'"):
        read_labels(path)
    path.write_text("id,stance\n,support\n", "utf-8")
    with pytest.raises(LabelsError, match=r"labels\.csv:2: no statement id"):
        read_labels(path)
    path.write_bytes("\ufeffid,stance\nroundup:1-9,Support\n".encode())  # a spreadsheet's
    assert read_labels(path) == {"roundup:1-9": "support"}
    path.write_bytes(b"id,stance\nroundup:1-9,\xe9t\xe9\n")
    with pytest.raises(LabelsError, match="not UTF-8"):
        read_labels(path)
    with pytest.raises(LabelsError, match="no such labels file"):
        read_labels(tmp_path / "none.csv")


def test_map_takes_a_labels_file(tmp_path: Path) -> None:
    """The ids of 'map --format csv' label statements back: the labelled statements come out
    with their labels; a file naming no statement of the map is one coded line."""
    q = "Should Harbourton close its old town to cars?"
    first = cli("map", "examples/roundup.txt", "--question", q, "-f", "csv", "--no-key-points")
    assert first.returncode == 0, first.stderr
    rows = list(csv.DictReader(io.StringIO(first.stdout)))
    chosen = [r for r in rows if r["stance"] in {"support", "oppose"}][:2]
    flipped = {r["id"]: "oppose" if r["stance"] == "support" else "support" for r in chosen}
    labels = tmp_path / "labels.csv"
    labels.write_text("id,stance\n" + "".join(f"{i},{s}\n" for i, s in flipped.items()), "utf-8")
    again = cli(
        "map", "examples/roundup.txt", "--question", q, "-f", "csv", "--no-key-points",
        "--labels", str(labels),
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    got = {r["id"]: r for r in csv.DictReader(io.StringIO(again.stdout))}
    for ident, stance in flipped.items():
        assert got[ident]["stance"] == stance and float(got[ident]["confidence"]) == 1.0
    labels.write_text("id,stance\nnowhere:1-2,support\n", "utf-8")
    bad = cli("map", "examples/roundup.txt", "--question", q, "--labels", str(labels))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.startswith("stancemap: error: [E014]") and bad.stderr.count("\n") == 1
