"""The shipped stance model end to end: the map command and the accuracy gates."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from stancemap import Pipeline
from stancemap.evaluate.seed import check_seed_stance
from stancemap.evaluate.stance import evaluate_stance
from stancemap.stance.model import StanceModel

ROOT = Path(__file__).resolve().parent.parent
FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text("utf-8"))
MODEL_DIR = ROOT / "src" / "stancemap" / "stance"
if not (MODEL_DIR / "stance_model.onnx").is_file():
    pytest.skip(
        "the stance model is not shipped yet (issue 3 in progress); build it with "
        "'stancemap train stance --data ../shared/data'",
        allow_module_level=True,
    )
Q = "Should Harbourton close its old town to cars?"


@pytest.fixture(scope="module")
def model() -> StanceModel:
    return StanceModel()


def test_probabilities_are_a_distribution(model: StanceModel) -> None:
    out = model.predict(
        Q, ["Closing the old town would make it safe for children.", "The bakery opens at five."]
    )
    for s in out:
        assert set(s.probs) == {"support", "oppose", "neutral", "unrelated"}
        assert abs(sum(s.probs.values()) - 1.0) < 1e-6
        assert s.confidence == max(s.probs.values())


def test_clear_sides_come_out_right(model: StanceModel) -> None:
    q = "Should we ban smoking in restaurants?"
    pro, con = model.predict(
        q,
        [
            "Smoking should be banned in restaurants because second-hand smoke kills staff.",
            "Banning smoking in restaurants is an attack on personal freedom and must be stopped.",
        ],
    )
    assert pro.probs["support"] > pro.probs["oppose"]
    assert con.probs["oppose"] > con.probs["support"]


def test_map_command_json() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "stancemap",
            "map",
            "examples/roundup.txt",
            "--question",
            Q,
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["question"] == Q and data["question_source"] == "given"
    text = (ROOT / "examples" / "roundup.txt").read_text("utf-8")
    names = {sp["name"]: sp for sp in data["speakers"]}
    assert {"Maria Okafor", "Daniel Hoffmann", "Tomas Reyes"} <= set(names)
    for sp in data["speakers"]:
        assert sp["stance"] in {"support", "oppose", "conditional", "neutral"}
        assert 0.0 <= sp["confidence"] <= 1.0
        for st in sp["statements"]:
            assert text[st["start"] : st["end"]] == st["text"]
    assert names["Robert Klein"]["stance"] == "conditional"  # "only if emergency lanes stay open"


def test_map_proposes_a_question_when_none_is_given() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "stancemap", "map", "examples/roundup.txt"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    first = proc.stdout.splitlines()[0]
    assert first.startswith("Question: Should Harbourton close its old town to cars?")
    assert first.endswith("(proposed from the article)")


def test_seed_speakers_on_the_right_side(shared: Path) -> None:
    report = check_seed_stance(shared / "seed", pipeline=Pipeline.default())
    wrong = [r for r in report["rows"] if not r["correct"]]
    assert report["correct"] >= FLOORS["seed_stance_correct"], wrong


@pytest.mark.parametrize(
    ("dataset", "path", "metric"),
    [
        ("vast", "vast/vast_dev.csv", "macro_f1"),
    ],
)
def test_stance_floor(
    shared: Path, model: StanceModel, dataset: str, path: str, metric: str
) -> None:
    report = evaluate_stance(dataset, shared / "data" / path, model=model)
    floor = FLOORS["stance"][f"{dataset}.{metric}"]
    assert report[metric] >= floor, report
