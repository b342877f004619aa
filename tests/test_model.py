"""The shipped model end to end: stance, key points, the map command and the accuracy gates."""

from __future__ import annotations

import csv
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import numpy as np
import pytest

from stancemap import Pipeline
from stancemap import encoder as encoder_module
from stancemap.core import Question
from stancemap.corpora.argkp import load_kp_data
from stancemap.corpora.stance import load_ibm
from stancemap.encoder import (
    MODEL_DIR,
    Encoder,
    default_encoder,
    default_threads,
    stance_model_dir,
)
from stancemap.errors import DataError, ModelNotFound
from stancemap.evaluate.keypoints import embedding_scorer, evaluate_matching
from stancemap.evaluate.seed import check_seed_stance
from stancemap.evaluate.stance import evaluate_stance, predict_label
from stancemap.keypoints import ArgumentItem, key_points
from stancemap.stance.model import StanceModel
from stancemap.stance.sentiment import sentiment

ROOT = Path(__file__).resolve().parent.parent
FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text("utf-8"))
Q = "Should Harbourton close its old town to cars?"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line as a user would, in the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "stancemap", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


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


@pytest.mark.xfail(
    strict=True,
    reason="known weakness of the shipped model (README: Stance): a statement against a ban "
    "phrased as 'X is an attack on freedom' still leans support",
)
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


def test_negation_of_the_question_reads_as_oppose(model: StanceModel) -> None:
    q = "Should Iran negotiate with the United States?"
    (futile,) = model.predict(q, ["Negotiating with the US is futile."])
    assert futile.probs["oppose"] > futile.probs["support"]


@pytest.mark.parametrize(
    ("question", "statement", "side"),
    [
        # a long one that does not repeat the question's verb (the shared encoder's stance
        # head read it as support: fixed by the stance-only model of 2026-11-30)
        (
            "Should the city build a new stadium?",
            "Why should taxpayers pay for a new stadium that only team owners profit from?",
            "oppose",
        ),
        (
            "Should the city build a new stadium?",
            "Why should the city build a new stadium at all?",
            "oppose",
        ),
        (
            "Should schools require uniforms?",
            "Why shouldn't schools require uniforms, when they stop bullying over clothes?",
            "support",
        ),
    ],
)
def test_rhetorical_questions_read_as_the_side_they_argue(
    model: StanceModel, question: str, statement: str, side: str
) -> None:
    (s,) = model.predict(question, [statement])
    other = "support" if side == "oppose" else "oppose"
    assert s.probs[side] > s.probs[other]


@pytest.mark.parametrize(
    ("statement", "side"),
    [
        ("Critics say a new stadium would create jobs, but they are wrong.", "oppose"),
        pytest.param(
            "Opponents claim the stadium would waste public money, but that is not true.",
            "support",
            marks=pytest.mark.xfail(
                strict=True,
                reason="known weakness (README: Stance): a rebutted objection still reads as "
                "an objection",
            ),
        ),
    ],
)
def test_a_rebutted_view_counts_for_the_other_side(
    model: StanceModel, statement: str, side: str
) -> None:
    (s,) = model.predict("Should the city build a new stadium?", [statement])
    other = "support" if side == "oppose" else "oppose"
    assert s.probs[side] > s.probs[other]


@pytest.mark.parametrize(
    "statement",
    [
        "Opponents claim the stadium would waste public money, but that is not true.",
        "Opponents claim the stadium would waste public money. They are wrong.",
    ],
)
def test_the_product_reads_a_rebutted_view_for_the_other_side(
    model: StanceModel, statement: str
) -> None:
    """What the model alone gets wrong above, the reading gets right: it reads the view that
    is rebutted and swaps support and oppose, exactly."""
    q = "Should the city build a new stadium?"
    (rebutted,) = model.predict_statements([(q, statement)])
    (view,) = model.predict_statements([(q, "the stadium would waste public money")])
    assert view.scores.probs["oppose"] > view.scores.probs["support"]
    assert rebutted.scores.probs["support"] == pytest.approx(view.scores.probs["oppose"], abs=1e-5)
    assert rebutted.scores.probs["oppose"] == pytest.approx(view.scores.probs["support"], abs=1e-5)
    assert rebutted.scores.probs["neutral"] == pytest.approx(view.scores.probs["neutral"], abs=1e-5)


def test_the_rebuttal_after_a_view_is_read_as_the_view_denied(model: StanceModel) -> None:
    """ "Opponents will say it wastes money. Nothing could be further from the truth.": read
    alone, the second sentence sounds like an objection; it denies the view before it, so it
    is read as that view with support and oppose swapped, as the view's own sentence is."""
    q = "Should the city build a new stadium?"
    statement = (
        "Opponents will say it would waste public money. Nothing could be further from the truth."
    )
    (rebutted,) = model.predict_statements([(q, statement)])
    assert [s.text for s, _ in rebutted.sentences] == [
        "Opponents will say it would waste public money.",
        "Nothing could be further from the truth.",
    ]
    (view,) = model.predict_statements([(q, "it would waste public money")])
    for _span, scores in rebutted.sentences:
        assert scores.probs["support"] == pytest.approx(view.scores.probs["oppose"], abs=1e-5)
        assert scores.probs["oppose"] == pytest.approx(view.scores.probs["support"], abs=1e-5)


def test_a_ban_question_is_also_read_against_its_object(model: StanceModel) -> None:
    """For "Should the city ban fireworks?" each sentence is read twice: toward the question,
    and toward "fireworks" with support and oppose swapped; the surer reading is kept."""
    q = "Should the city ban fireworks?"
    texts = ["Fireworks frighten pets and wildlife.", "Fireworks are a joyful tradition."]
    # one call in the reading's order: int8 activation scales depend on the batch
    both = model.encoder.logits([(q, t) for t in texts] + [("fireworks", t) for t in texts])
    direct, toward = both[:2], both[2:]
    got = model.predict_statements([(q, t) for t in texts], sentiment_weight=0.0)
    labels = list(model.labels)
    pro, con = labels.index("support"), labels.index("oppose")
    used = 0
    for d, o, g in zip(direct, toward, got, strict=True):
        turned = o.copy()
        turned[[pro, con]] = o[[con, pro]]
        wider = abs(o[pro] - o[con]) > abs(d[pro] - d[con])
        used += wider
        surer = turned if wider else d
        want = model.encoder.calibrated(surer.tolist())
        for label in labels:
            assert g.scores.probs[label] == pytest.approx(want[label], abs=1e-5)
    assert used, "the test should cover the object reading winning"
    # rephrasing can be turned off: then it is the question alone
    (alone,) = model.predict_statements([(q, texts[0])], sentiment_weight=0.0, rephrase=False)
    (plain,) = model.predict(q, [texts[0]])
    assert alone.scores.probs["support"] == pytest.approx(plain.probs["support"], abs=2e-3)


def test_a_bare_topic_is_also_read_as_a_question(model: StanceModel) -> None:
    """A topic given as a bare noun phrase (as VAST phrases its targets) is read as itself
    and as "Should we support ...?", and the two readings' logits averaged."""
    topic = "fireworks on new year's eve"
    texts = ["Fireworks frighten pets and wildlife.", "Fireworks are a joyful tradition."]
    asked = "Should we support fireworks on new year's eve?"
    both = model.encoder.logits([(topic, t) for t in texts] + [(asked, t) for t in texts])
    got = model.predict_statements([(topic, t) for t in texts], sentiment_weight=0.0)
    for mean, g in zip((both[:2] + both[2:]) / 2, got, strict=True):
        want = model.encoder.calibrated(mean.tolist())
        for label in model.labels:
            assert g.scores.probs[label] == pytest.approx(want[label], abs=1e-5)


def test_a_question_that_asks_for_an_act_is_read_toward_the_act_alone(
    model: StanceModel,
) -> None:
    """ "Should the city close its old town to cars?" has no object reading and no bare
    topic: each sentence is read once, toward "closing its old town to cars"."""
    q = "Should the city close its old town to cars?"
    act = Question.parse(q, check=False).proposition
    assert act == "closing its old town to cars"
    texts = ["Children can walk to school safely now.", "The shops will lose their customers."]
    got = model.predict_statements([(q, t) for t in texts], sentiment_weight=0.0)
    for row, g in zip(model.encoder.logits([(act, t) for t in texts]), got, strict=True):
        want = model.encoder.calibrated(row.tolist())
        for label in model.labels:
            assert g.scores.probs[label] == pytest.approx(want[label], abs=1e-5)
    # without rephrasing it is the question itself
    (alone,) = model.predict_statements([(q, texts[0])], sentiment_weight=0.0, rephrase=False)
    (plain,) = model.predict(q, [texts[0]])
    assert alone.scores.probs["support"] == pytest.approx(plain.probs["support"], abs=1e-5)


def test_an_input_given_twice_is_run_once(monkeypatch: pytest.MonkeyPatch) -> None:
    enc = default_encoder()
    pairs = [("Should the city ban fireworks?", "Fireworks frighten pets.")] * 3
    pairs.insert(1, ("Should the city ban fireworks?", "Fireworks are a joyful tradition."))
    fed: list[int] = []
    run = enc.session.run

    def counted(names: list[str], feed: dict[str, np.ndarray]) -> list[np.ndarray]:
        fed.append(len(feed["input_ids"]))
        return run(names, feed)

    monkeypatch.setattr(enc.session, "run", counted)
    rows = enc.logits(pairs, batch_size=1)
    assert sum(fed) == 2
    assert rows.shape[0] == 4
    np.testing.assert_array_equal(rows[0], rows[2])
    np.testing.assert_array_equal(rows[0], rows[3])
    assert not np.allclose(rows[0], rows[1])
    assert np.allclose(rows[1], enc.logits([pairs[1]])[0], atol=1e-6)


def test_a_statement_is_read_by_its_sentences_that_name_the_question(model: StanceModel) -> None:
    """Sentences off the question do not reach the model; the sentences that name it are
    read one by one and their logits averaged (the normalised geometric mean of their
    probabilities, since one temperature scales them all)."""
    aside = "The council met on Tuesday in the old library."
    pro = "Closing the old town to cars would make it safe for children."
    con = "Closing the old town to cars would ruin the shops that live on passing trade."
    (alone,) = model.predict(Q, [pro])
    (padded,) = model.predict_statements(
        [(Q, f"{aside} {pro}")], sentiment_weight=0.0, rephrase=False
    )
    assert [span.text for span, _ in padded.sentences] == [pro]
    for label, p in alone.probs.items():
        assert padded.scores.probs[label] == pytest.approx(p, abs=1e-5)
    a, b = model.predict(Q, [pro, con])
    (both,) = model.predict_statements(
        [(Q, f"{pro} {aside} {con}")], sentiment_weight=0.0, rephrase=False
    )
    assert [span.text for span, _ in both.sentences] == [pro, con]
    geo = {k: (a.probs[k] * b.probs[k]) ** 0.5 for k in a.probs}
    total = sum(geo.values())
    for label, p in geo.items():
        assert both.scores.probs[label] == pytest.approx(p / total, abs=1e-4)


def test_probabilities_are_the_logits_calibrated(model: StanceModel) -> None:
    """Each probability is softmax(logit / temperature + the label's bias), both fitted by
    `train calibrate`; the shipped model damps neutral (one corpus teaches it, weighted up)."""
    pairs = [(Q, "Closing the old town to cars would ruin the shops."), (Q, "The band played.")]
    labels = list(model.labels)
    bias = np.array([model.meta.get("logit_bias", {}).get(label, 0.0) for label in labels])
    assert bias[labels.index("neutral")] < 0
    assert [b for i, b in enumerate(bias) if i != labels.index("neutral")] == [0.0] * 3
    for row, got in zip(model.encoder.logits(pairs), model.predict_pairs(pairs), strict=True):
        want = np.exp(row.astype(np.float64) / model.encoder.temperature + bias)
        want /= want.sum()
        for label, p in zip(labels, want, strict=True):
            assert got.probs[label] == pytest.approx(float(p), abs=1e-6)


def test_a_statements_stance_does_not_depend_on_what_is_read_with_it(model: StanceModel) -> None:
    """The int8 model quantises a batch's activations with one scale: read in a batch, a
    statement's scores would move with its batch-mates. Stance rows go one per pass."""
    q = "Should the city close the old town to cars?"
    target = "Closing the old town would ruin the shops that families have run for decades."
    others = [
        "Yes.",
        "The council has debated the plan for two years and still cannot agree on the "
        "parking, the buses, the delivery hours or the cost of the new tram line to the port.",
        "Cars are loud.",
    ]
    alone = model.statement_logits([(q, target)])[0]
    mixed = model.statement_logits([(q, t) for t in [*others, target]])[-1]
    assert alone.tolist() == mixed.tolist()


def test_stance_rows_are_batched_only_for_a_model_with_per_row_scales(tmp_path: Path) -> None:
    """The shipped model quantises a batch's activations with one scale: stance rows one per
    pass. A model whose encoder.json says "activation_scales": "per-row" (training.quantize)
    may read them in batches."""
    for name in ("encoder.onnx", "tokenizer.json"):
        (tmp_path / name).symlink_to(MODEL_DIR / name)
    meta = json.loads((MODEL_DIR / "encoder.json").read_text("utf-8"))
    assert "activation_scales" not in meta
    (tmp_path / "encoder.json").write_text(
        json.dumps({**meta, "activation_scales": "per-row"}), "utf-8"
    )
    pairs = [("Should we?", "Yes."), ("Should we?", "No.")]
    for folder, want in ((MODEL_DIR, [1, 1]), (tmp_path, [2])):
        enc = Encoder(folder)
        calls: list[int] = []
        run = enc.session.run
        enc.session.run = lambda out, feed, calls=calls, run=run: (  # type: ignore[method-assign]
            calls.append(len(feed["input_ids"])) or run(out, feed)
        )
        enc.logits(pairs)
        assert calls == want


def stance_only_copy(folder: Path) -> Path:
    """A stance-only model folder made of the shared encoder's files (what `train stance
    --stance-only` writes: encoder.json says so and has no key point scale)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("encoder.onnx", "tokenizer.json"):
        (folder / name).symlink_to(MODEL_DIR / name)
    meta = json.loads((MODEL_DIR / "encoder.json").read_text("utf-8"))
    meta = {k: v for k, v in meta.items() if not k.startswith("kp_")} | {"stance_only": True}
    (folder / "encoder.json").write_text(json.dumps(meta), "utf-8")
    return folder


def test_a_stance_only_model_reads_stance_and_refuses_to_embed(tmp_path: Path) -> None:
    """Its embedding output was never trained to group arguments: asking it for key point
    vectors is a coded error, not silently meaningless key points."""
    enc = Encoder(stance_only_copy(tmp_path / "stance"))
    assert enc.stance_only and not default_encoder().stance_only
    assert enc.logits([(Q, "Cars make the old town dangerous.")]).shape == (1, len(enc.labels))
    with pytest.raises(ModelNotFound, match="stance only"):
        enc.embed(["Cars make the old town dangerous."])


def test_stance_is_read_by_the_stance_only_model_when_one_ships(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """model/stance holds the stance model when one ships beside the shared encoder: stance
    reads it, key points keep the shared encoder; without it, both use the shared one."""
    monkeypatch.setattr(encoder_module, "_STANCE", None)
    monkeypatch.setattr(encoder_module, "STANCE_DIR", tmp_path / "none")
    assert stance_model_dir() == MODEL_DIR
    assert StanceModel().encoder is default_encoder()
    folder = stance_only_copy(tmp_path / "stance")
    monkeypatch.setattr(encoder_module, "STANCE_DIR", folder)
    assert stance_model_dir() == folder
    model = StanceModel()
    assert model.encoder.root == folder and model.encoder.stance_only
    assert StanceModel().encoder is model.encoder  # loaded once per process
    assert default_encoder().root == MODEL_DIR


def test_the_shipped_stance_model_is_stance_only_or_the_shared_one() -> None:
    """A folder in model/stance must be a stance-only model (a full copy of the shared
    encoder there would be 23 MB for nothing)."""
    folder = stance_model_dir()
    enc = Encoder(folder)
    assert enc.stance_only == (folder != MODEL_DIR)
    assert enc.size_bytes < 30_000_000
    assert enc.meta.get("temperature"), "the stance model is calibrated"


def test_statement_logits_are_what_predict_statements_calibrates(model: StanceModel) -> None:
    """`train calibrate` fits on `statement_logits`: they must be the very logits behind
    `predict_statements`' probabilities (focus sentences, rephrasing, sentiment and all)."""
    pairs = [
        ("Should the city ban fireworks?", "Fireworks frighten pets. The council met. Bans fail."),
        ("fireworks on new year's eve", "Fireworks are a joyful tradition."),
        (Q, "Opponents claim the closure would ruin shops, but that is not true."),
    ]
    logits = model.statement_logits(pairs)
    assert logits.shape == (3, len(model.labels))
    for row, got in zip(logits, model.predict_statements(pairs), strict=True):
        want = model.encoder.calibrated(row.tolist())
        for label in model.labels:
            assert got.scores.probs[label] == pytest.approx(want[label], abs=1e-6)
    assert model.statement_logits([]).shape == (0, len(model.labels))


# How far a refit of the shipped calibration may land from the committed one on another CPU.
TEMPERATURE_TOLERANCE = 0.05
BIAS_TOLERANCE = 0.1


def test_train_calibrate_reproduces_the_shipped_calibration(shared: Path, tmp_path: Path) -> None:
    """The committed temperature and neutral bias of the stance model that ships come from
    `train calibrate` on the rows the recipe holds out: refitting a copy whose calibration
    was wiped gives them back within the CPU tolerance, and nothing else in encoder.json
    changes. int8 kernels round differently on AVX2 and on AVX-512 VNNI / AMX CPUs, so the
    logits the fit reads move a little with the CPU: a fit of 1.6306 / -0.8906 on AVX2
    came back as 1.6583 / -0.8147 on an AVX-512 VNNI + AMX Xeon (the committed 1.6829 /
    -0.8003 were fitted on that Xeon). A wrong fit (a refit on other rows, a lost bias)
    moves them by far more."""
    folder = tmp_path / "model"
    shutil.copytree(stance_model_dir(), folder)
    meta = json.loads((stance_model_dir() / "encoder.json").read_text("utf-8"))
    wiped = {k: v for k, v in meta.items() if k != "logit_bias"} | {"temperature": 1.0}
    (folder / "encoder.json").write_text(json.dumps(wiped), "utf-8")
    proc = cli("train", "calibrate", "--data", str(shared / "data"), "--model", str(folder))
    assert proc.returncode == 0, proc.stderr
    refit = json.loads((folder / "encoder.json").read_text("utf-8"))
    assert refit["temperature"] == pytest.approx(meta["temperature"], abs=TEMPERATURE_TOLERANCE)
    assert refit["logit_bias"].keys() == meta["logit_bias"].keys()
    for label, bias in meta["logit_bias"].items():
        assert refit["logit_bias"][label] == pytest.approx(bias, abs=BIAS_TOLERANCE)
    calibration = {"temperature", "logit_bias"}
    assert {k: v for k, v in refit.items() if k not in calibration} == {
        k: v for k, v in meta.items() if k not in calibration
    }
    # a folder that is not the training data: one line, a failing exit, encoder.json as it was
    before = (folder / "encoder.json").read_bytes()
    bad = cli("train", "calibrate", "--data", str(tmp_path), "--model", str(folder))
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert bad.stderr.startswith("stancemap: error:") and bad.stderr.count("\n") == 1
    assert "arguments_train.csv not found" in bad.stderr
    assert (folder / "encoder.json").read_bytes() == before


def test_sentence_sentiment_shifts_the_logits_by_its_weight(model: StanceModel) -> None:
    """Praise for the subject of a plain question moves the odds of support over oppose by
    exactly 2 x weight x VADER compound / temperature, and nothing else changes."""
    q = "Should Harbourton build a new library?"
    text = "A new library would be a wonderful gift to the children of Harbourton."
    compound = sentiment(text)
    assert compound > 0.5
    (plain,) = model.predict_statements([(q, text)], sentiment_weight=0.0)
    (voiced,) = model.predict_statements([(q, text)], sentiment_weight=0.5)
    temperature = model.encoder.temperature

    def odds(p: dict[str, float], a: str, b: str) -> float:
        return math.log(p[a] / p[b])

    moved = odds(voiced.scores.probs, "support", "oppose") - odds(
        plain.scores.probs, "support", "oppose"
    )
    assert moved == pytest.approx(2 * 0.5 * compound / temperature, abs=1e-4)
    kept = odds(voiced.scores.probs, "neutral", "unrelated") - odds(
        plain.scores.probs, "neutral", "unrelated"
    )
    assert kept == pytest.approx(0.0, abs=1e-4)


def test_encoder_threads_default_to_the_cores_it_may_use_up_to_two() -> None:
    assert 1 <= default_threads() <= 2
    assert Encoder().session.get_session_options().intra_op_num_threads == default_threads()
    assert Encoder(threads=1).session.get_session_options().intra_op_num_threads == 1


def test_shipped_model_is_small_and_loads_fast() -> None:
    enc = default_encoder()
    assert enc.size_bytes < 30_000_000
    assert enc.meta["selection"], "the model records how its epoch was chosen"


def test_embeddings_put_paraphrases_together() -> None:
    enc = default_encoder()
    v = enc.embed(
        [
            "Cars in the old town make the streets dangerous for children.",
            "Traffic puts kids at risk in the historic centre.",
            "The bakery on Market Street opens at five in the morning.",
        ]
    )
    sims = v @ v.T
    assert sims[0, 1] > sims[0, 2] + 0.2


def test_rows_come_back_in_input_order_across_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    import stancemap.encoder as encoder_module

    enc = default_encoder()
    texts = [
        "The bakery on Market Street opens at five in the morning.",
        "Taxes.",
        "Closing the old town to cars would make the streets safe for children again, the "
        "residents' association said after a long meeting in the town hall on Tuesday.",
        "Shops will lose customers.",
        "The fire chief wants emergency lanes to stay open at all times.",
        "Buses every ten minutes.",
        "A referendum on the plan is planned for the spring.",
        "Football results from the weekend.",
    ]
    whole = enc.embed(texts)
    monkeypatch.setattr(encoder_module, "_CHUNK", 3)
    chunked = enc.embed(texts)
    # same rows in the same order (int8 activations make batch-mates matter a little)
    assert ((whole * chunked).sum(1) > 0.98).all()
    assert ((whole @ whole.T) < 0.9).sum() == len(texts) * (len(texts) - 1)  # all distinct
    singles = np.stack([enc.embed([t])[0] for t in texts])
    assert ((chunked * singles).sum(1) > 0.98).all()


def test_key_points_group_the_same_point_made_twice() -> None:
    items = [
        ArgumentItem(
            "Closing the streets will ruin the shops in the centre.",
            "Closing will ruin the shops",
            "oppose",
            "A",
        ),
        ArgumentItem(
            "Shopkeepers will lose their customers and go bankrupt.",
            "Shopkeepers will lose customers",
            "oppose",
            "B",
        ),
        ArgumentItem(
            "The closure would cost small firms millions in lost trade.",
            "The closure would cost small firms millions",
            "oppose",
            "C",
        ),
        ArgumentItem(
            "Without cars the air in the old town will be clean again.",
            "The air will be clean again",
            "support",
            "D",
        ),
        ArgumentItem(
            "Fewer cars means less pollution for the people who live there.",
            "Fewer cars means less pollution",
            "support",
            "E",
        ),
    ]
    result = key_points(items)
    assert {kp.side for kp in result.key_points} == {"oppose", "support"}
    trade = result.assignment[0]
    assert trade is not None and result.assignment[1] == trade
    air = result.assignment[3]
    assert air is not None and result.assignment[4] == air and air != trade


def test_map_command_json() -> None:
    proc = cli(
        "map",
        "examples/roundup.txt",
        "--question",
        Q,
        "--format",
        "json",
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    schema = json.loads(cli("schema").stdout)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert data["question"] == Q and data["question_source"] == "given"
    text = (ROOT / "examples" / "roundup.txt").read_text("utf-8")
    names = {sp["name"]: sp for sp in data["speakers"]}
    assert {"Maria Okafor", "Tomas Reyes", "Robert Klein"} <= set(names)
    for sp in data["speakers"]:
        assert sp["stance"] in {"support", "oppose", "conditional", "neutral"}
        assert 0.0 <= sp["confidence"] <= 1.0
        for st in sp["statements"]:
            assert text[st["start"] : st["end"]] == st["text"]
    assert names["Robert Klein"]["stance"] == "conditional"  # "only if emergency lanes stay open"
    for sp in data["speakers"]:
        assert sp["argument"] and len(sp["argument"].split()) <= 12
    ids = {kp["id"] for kp in data["key_points"]}
    for kp in data["key_points"]:
        assert kp["count"] >= 2 and kp["speakers"] and kp["label"]
        for ex in kp["examples"]:
            assert text[ex["start"] : ex["end"]] == ex["text"]
    for sp in data["speakers"]:
        for st in sp["statements"]:
            assert st["key_point"] is None or st["key_point"] in ids


def test_map_writes_the_html_report(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    proc = cli(
        "map",
        "examples/roundup.txt",
        "--question",
        Q,
        "--html",
        str(report),
    )
    assert proc.returncode == 0, proc.stderr
    assert f"wrote the report to {report}" in proc.stderr
    page = report.read_text("utf-8")
    assert f"<h1>{Q}</h1>" in page and "Maria Okafor" in page and "<mark id=" in page


def test_map_proposes_a_question_when_none_is_given() -> None:
    proc = cli("map", "examples/roundup.txt")
    assert proc.returncode == 0, proc.stderr
    first = proc.stdout.splitlines()[0]
    assert first.startswith("Question: Should Harbourton close its old town to cars?")
    assert first.endswith("(proposed from the article)")


def test_seed_speakers_on_the_right_side(shared: Path) -> None:
    report = check_seed_stance(shared / "seed", pipeline=Pipeline.default())
    wrong = [r for r in report["rows"] if not r["correct"]]
    assert report["correct"] >= FLOORS["seed_stance_correct"], wrong
    together = report["same_argument_together"]
    assert together >= FLOORS["seed_same_argument_together"], report["same_argument_pairs"]
    # "some believe ...", "a large group", the photo caption: mapped, but not as named speakers
    assert len(report["named_not_gold"]) <= FLOORS["seed_named_not_gold_max"], report
    assert report["named_speakers"] >= report["correct"]


def test_keypoint_matching_floor(shared: Path) -> None:
    data = load_kp_data(shared / "data" / "argkp", "dev")
    scores = evaluate_matching(data, embedding_scorer())
    floors = FLOORS["keypoints"]
    assert scores["map_strict"] >= floors["argkp_dev.map_strict"], scores
    assert scores["map_relaxed"] >= floors["argkp_dev.map_relaxed"], scores


@pytest.mark.parametrize(
    ("dataset", "path", "metric"),
    [
        ("vast", "vast/vast_dev.csv", "macro_f1"),
        # ArgKP dev: 4 debate topics the model never trains stance on (unseen, like IBM's
        # held-out topics); the key point stage's dev set too
        ("argkp", "argkp/arguments_dev.csv", "accuracy"),
        # GWSD: the file the model trains on (seen; its held-out test rows are not here)
        ("gwsd", "gwsd/gwsd_train.tsv", "macro_f1"),
    ],
)
def test_stance_floor(
    shared: Path, model: StanceModel, dataset: str, path: str, metric: str
) -> None:
    report = evaluate_stance(dataset, shared / "data" / path, model=model)
    floor = FLOORS["stance"][f"{dataset}.{metric}"]
    assert report[metric] >= floor, report
    low, high = report["ci95"][metric]
    assert low <= report[metric] <= high and high - low < 0.1, report["ci95"]
    # the confidences mean what they say
    assert report["calibration"]["ece"] <= FLOORS["stance"][f"{dataset}.max_ece"], report


def test_stance_floor_on_the_project_corpus(model: StanceModel) -> None:
    """The project's own corpus (ships in data/stance, so no ../shared needed): news register
    and the guide's hard forms, three-way. The shipped model reads it weakly (0.296 when
    measured, docs/research.md); the floor keeps a change from reading it worse."""
    report = evaluate_stance("own", ROOT / "data" / "stance", model=model)
    assert report["rows"] >= 8000
    assert report["macro_f1"] >= FLOORS["stance"]["own.macro_f1"], report


def test_eval_keypoints_command_on_any_split_with_the_layout(shared: Path, tmp_path: Path) -> None:
    """A split named "mini": one topic of ArgKP dev, written in the same layout."""
    src = shared / "data" / "argkp"
    for kind in ("arguments", "key_points", "labels"):
        lines = (src / f"{kind}_dev.csv").read_text("utf-8").splitlines()
        keep = [lines[0]] + [ln for ln in lines[1:] if ln.startswith(("arg_4_", "kp_4_"))]
        (tmp_path / f"{kind}_mini.csv").write_text("\n".join(keep) + "\n", "utf-8")
    proc = cli(
        "eval",
        "keypoints",
        "--data",
        str(tmp_path),
        "--split",
        "mini",
        "--json",
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["split"] == "mini" and report["groups"] == 2
    assert 0.5 < report["map_strict"] <= report["map_relaxed"] <= 1.0
    missing = cli(
        "eval",
        "keypoints",
        "--data",
        str(tmp_path),
        "--split",
        "nope",
    )
    assert missing.returncode != 0 and "arguments_nope.csv not found" in missing.stderr
    assert "Traceback" not in missing.stderr
    folder = stance_only_copy(tmp_path / "stance")
    args = ("eval", "keypoints", "--data", str(tmp_path), "--split", "mini", "--model")
    refused = cli(*args, str(folder))
    assert refused.returncode != 0 and refused.stderr.count("\n") == 1
    assert "stance only" in refused.stderr and "Traceback" not in refused.stderr


def test_eval_stance_reports_calibration(shared: Path, model: StanceModel) -> None:
    report = evaluate_stance(
        "ibm", shared / "data" / "ibm_claim_stance" / "claim_stance_train.csv", model=model
    )
    cal = report["calibration"]
    assert sum(b["rows"] for b in cal["bins"]) == report["rows"]
    assert cal["ece"] <= FLOORS["stance"]["ibm.max_ece"], cal


def test_eval_held_out_scores_only_the_topics_the_model_left_out(
    tmp_path: Path, model: StanceModel
) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(
        "topicId,topicText,claims.stance,claims.claimCorrectedText\n"
        "7,This house would close the old town to cars,PRO,Cars make the streets unsafe\n"
        "7,This house would close the old town to cars,CON,Shops need customers who drive\n"
        "9,This house would ban fireworks,PRO,Fireworks frighten pets\n",
        "utf-8",
    )
    held = StanceModel(encoder=model.encoder)
    held.meta = {**model.meta, "ibm_held_out": ["9"], "ibm_fold": [2, 2]}
    report = evaluate_stance("ibm", path, model=held, held_out=True)
    assert report["rows"] == 1 and report["held_out_fold"] == [2, 2]
    assert list(report["by_topic"]) == ["This house would ban fireworks"]
    assert evaluate_stance("ibm", path, model=held)["rows"] == 3
    # the shipped model held nothing out: a clear error, not a score over seen topics
    failed = cli("eval", "stance", "--dataset", "ibm", "--path", str(path), "--held-out")
    assert failed.returncode != 0 and "--ibm-hold-out K/N" in failed.stderr
    assert len(failed.stderr.strip().splitlines()) == 1
    # a model folder whose encoder.json records a held-out fold, as train stance writes it
    folder = tmp_path / "model"
    shutil.copytree(MODEL_DIR, folder)
    meta = json.loads((folder / "encoder.json").read_text("utf-8"))
    meta.update(ibm_held_out=["9"], ibm_fold=[2, 2])
    (folder / "encoder.json").write_text(json.dumps(meta), "utf-8")
    args = ("eval", "stance", "--dataset", "ibm", "--path", str(path), "--model", str(folder))
    ok = cli(*args, "--held-out")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith(
        "ibm (1 rows, the topics of fold 2/2, unseen in training, full reading)"
    )


def test_eval_held_out_scores_only_the_gwsd_rows_the_model_left_out(
    tmp_path: Path, model: StanceModel
) -> None:
    """A model trained with ``--gwsd-hold-out K/N`` is scored on GWSD's rows of that fold
    only (the fold of each row comes from its text, as in training)."""
    from stancemap.corpora.stance import row_fold

    sentences = [
        "Global warming is a hoax invented by scientists.",
        "Rising seas will flood coastal cities within decades.",
        "The climate has always changed on its own.",
        "Carbon emissions must be cut to protect our children.",
        "Temperatures rose again this year, the agency said.",
    ]
    path = tmp_path / "gwsd.tsv"
    lines = ["sentence\tagree\tneutral\tdisagree"]
    lines += [f"{t}\t0.2\t0.1\t0.7" for t in sentences]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    fold = row_fold(sentences[0], 2)
    held = StanceModel(encoder=model.encoder)
    held.meta = {**model.meta, "gwsd_fold": [fold, 2]}
    report = evaluate_stance("gwsd", path, model=held, held_out=True)
    assert report["rows"] == sum(1 for t in sentences if row_fold(t, 2) == fold) < 5
    assert report["held_out_fold"] == [fold, 2]
    # a model that left no GWSD rows out: a clear error naming both options
    with pytest.raises(DataError, match="--gwsd-hold-out K/N"):
        evaluate_stance("gwsd", path, model=model, held_out=True)
    folder = tmp_path / "model"
    shutil.copytree(MODEL_DIR, folder)
    meta = json.loads((folder / "encoder.json").read_text("utf-8"))
    meta.update(gwsd_fold=[fold, 2])
    (folder / "encoder.json").write_text(json.dumps(meta), "utf-8")
    ok = cli(
        "eval",
        "stance",
        "--dataset",
        "gwsd",
        "--path",
        str(path),
        "--model",
        str(folder),
        "--held-out",
    )
    assert ok.returncode == 0, ok.stderr
    assert f"the rows of fold {fold}/2, unseen in training" in ok.stdout.splitlines()[0]


def test_eval_stance_reads_as_the_product_or_as_asked(tmp_path: Path, model: StanceModel) -> None:
    """``reading``: "full" scores what the product decides, "focus" the model alone on the
    focus sentences, "whole" the model alone on whole texts."""
    motion = "This house would ban fireworks"
    claims = [
        ("PRO", "Fireworks frighten pets and wildlife"),
        ("CON", "Fireworks are a wonderful, joyful tradition that families love"),
        ("PRO", "The town hall met late. Fireworks injure thousands every year. It was cold."),
        ("CON", "A ban on fireworks would be impossible to enforce"),
    ]
    path = tmp_path / "claims.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["topicId", "topicText", "claims.stance", "claims.claimCorrectedText"])
        out.writerows(["9", motion, side, text] for side, text in claims)
    assert [r.text for r in load_ibm(path)] == [text for _, text in claims]  # commas quoted
    pairs = [(motion, text) for _, text in claims]
    gold = ["support" if side == "PRO" else "oppose" for side, _ in claims]
    expected = {
        "whole": model.predict_pairs(pairs),
        "focus": [
            s.scores for s in model.predict_statements(pairs, sentiment_weight=0.0, rephrase=False)
        ],
        "full": [s.scores for s in model.predict_statements(pairs)],
    }
    assert expected["full"] != expected["focus"] != expected["whole"]
    for reading, scores in expected.items():
        report = evaluate_stance("ibm", path, model=model, reading=reading)
        preds = [predict_label(s, ("support", "oppose"))[0] for s in scores]
        right = sum(g == p for g, p in zip(gold, preds, strict=True))
        assert report["reading"] == reading
        assert report["accuracy"] == round(right / len(gold), 4)
    with pytest.raises(DataError, match="unknown reading"):
        evaluate_stance("ibm", path, model=model, reading="sideways")


def test_train_checks_the_hold_out_fold_before_loading_anything(tmp_path: Path) -> None:
    bad = cli("train", "stance", "--data", str(tmp_path), "--ibm-hold-out", "3/2")
    assert bad.returncode == 2 and "use K/N" in bad.stderr and "Traceback" not in bad.stderr
    never = cli("train", "stance", "--data", str(tmp_path), "--gwsd-repeat", "0")
    assert never.returncode == 2 and "--gwsd-repeat" in never.stderr
    assert "Traceback" not in never.stderr
    out = tmp_path / "out"
    floor = cli("train", "stance", "--data", str(tmp_path), "-o", str(out), "--argkp-floor", "0.8")
    assert floor.returncode == 2 and "needs --select product" in floor.stderr
    assert len(floor.stderr.strip().splitlines()) == 1 and not out.exists()


def test_python_api_debate_map(example_text: str) -> None:
    import stancemap

    debate = stancemap.debate_map([example_text, example_text], question=Q)
    assert debate.question.text == Q and debate.question.given
    first = stancemap.Document.of(example_text).id
    assert first.startswith("d") and list(debate.documents) == [first, f"{first}~2"]
    klein = next(sp for sp in debate.speakers if sp.name == "Robert Klein")
    assert {doc for doc, _ in klein.statements} == {first, f"{first}~2"}
    sides = {sp.name: sp.stance.value for sp in debate.speakers}
    assert sides.get("Robert Klein") == "conditional"
    data = debate.to_dict()
    ids = [st["id"] for sp in data["speakers"] for st in sp["statements"]]
    ids += [u["id"] for u in data["unrelated"]]
    assert len(ids) == len(set(ids)) and ids
    for sp in data["speakers"]:
        for st in sp["statements"]:
            assert st["id"] == f"{st['document']}:{st['start']}-{st['end']}"
    again = stancemap.debate_map([example_text, example_text], question=Q)
    assert [kp.label for kp in again.key_points] == [kp.label for kp in debate.key_points]
    again_ids = [st["id"] for sp in again.to_dict()["speakers"] for st in sp["statements"]]
    assert again_ids == [st["id"] for sp in data["speakers"] for st in sp["statements"]]


def test_without_a_question_one_is_proposed_from_all_documents_and_used_for_all(
    example_text: str,
) -> None:
    """Two articles, each asking its own question: one question is proposed from both (the
    one both name), and every statement of both is read against it."""
    import stancemap

    other = (
        "Harbourton budget\n\nShould the council raise the harbour fees? "
        "The harbour master said fees must rise."
    )
    debate = stancemap.debate_map([other, example_text], key_points=False)
    asked = debate.question
    assert not asked.given and asked.text.endswith("?")
    assert stancemap.debate_map([example_text], key_points=False).question.text == (
        "Should Harbourton close its old town to cars?"
    )
    data = debate.to_dict()
    assert data["question"] == asked.text and data["question_source"] == "proposed"
    assert len(data["documents"]) == 2


def test_the_model_and_the_training_recipe_load_without_spacy() -> None:
    """The stance model, its evaluation and the training recipe need no attribution stack:
    they import where spaCy is missing (a GPU machine that only trains), while the public
    names that need it still load on first use where it is installed."""
    code = (
        "import sys; sys.modules['spacy'] = None\n"
        "import stancemap, stancemap.stance.model, stancemap.evaluate.stance\n"
        "import stancemap.training.stance\n"
        "try:\n"
        "    stancemap.Pipeline.default()\n"
        "except ImportError:\n"
        "    print('pipeline needs spacy')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "pipeline needs spacy"
    import stancemap

    assert stancemap.Pipeline.__name__ == "Pipeline"
    assert set(stancemap.__all__) <= set(dir(stancemap))
    with pytest.raises(AttributeError):
        stancemap.not_a_name  # noqa: B018


def test_holders_of_one_described_position_share_one_highlight() -> None:
    """Two holders named in one sentence ("backed by X and Y") are two statements on the same
    characters: distinct statement ids, one highlight in the report, no id twice."""
    import re

    import stancemap
    from stancemap.report import render_html

    text = (
        "The tram plan is backed by Ana Silva and the Harbourton Cyclists Union.\n\n"
        "“It will ruin every shop on the high street,” said Daniel Hoffmann."
    )
    debate = stancemap.debate_map([text], question="Should Harbourton build the tram?")
    described = [
        s
        for sp in debate.speakers
        for _d, s in sp.statements
        if s.kind.value == "described_position"
    ]
    assert len(described) == 2 and described[0].content == described[1].content
    assert len({s.id for s in described}) == 2
    ids = re.findall(r' id="([^"]+)"', render_html(debate))
    assert len(ids) == len(set(ids))


def test_a_roundup_entry_answers_the_articles_question() -> None:
    """A roundup lists who argues what on its question: an entry whose viewpoint never
    names the measure ("my customers will go elsewhere") is on a side, never set aside as
    unrelated. Text written for this test."""
    import stancemap

    text = (
        "Should Kelbury build a tram line?\n\n"
        "Jonas Weber, owner of Weber Bakery\n"
        "Viewpoint: My customers come down from the hills by car. They will go elsewhere.\n"
        "Argument: Loss of trade\n"
    )
    debate = stancemap.debate_map(text, question="Should Kelbury build a tram line?")
    sides = {sp.name: sp.stance.value for sp in debate.speakers}
    assert sides.get("Jonas Weber") in {"support", "oppose"}, sides
    assert not debate.to_dict()["unrelated"]


def test_the_example_articles_named_speakers_on_their_sides(example_text: str) -> None:
    """Every named speaker of the bundled example, toward the question it opens with: the
    roundup entries, the Deputy Mayor's praise, the economist's and the fire chief's
    conditions, the chamber's cost warning and the baker's complaint that nobody was asked."""
    from stancemap.api import debate_map

    debate = debate_map(example_text, key_points=False)
    sides = {sp.name: sp.stance.value for sp in debate.speakers if sp.named}
    assert sides == {
        "Maria Okafor": "support",
        "Leila Brandt": "support",
        "Daniel Hoffmann": "oppose",
        "the regional chamber of commerce": "oppose",
        "Ana Silva": "oppose",
        "Tomas Reyes": "conditional",
        "Robert Klein": "conditional",
    }


def test_a_complaint_that_nobody_was_asked_opposes_the_measure() -> None:
    from stancemap.core import Question
    from stancemap.stance.cues import process_polarity

    tram = Question.parse("Should the city build a tram line?")
    assert process_polarity("Nobody asked the people who live on Mill Road.", tram) == -1
    assert process_polarity("The plan was drafted without consulting staff.", tram) == -1
    assert process_polarity("Residents were never consulted, she said.", tram) == -1
    assert process_polarity("Nobody asked why the buses were late.", tram) == 0
    assert process_polarity("Would they do it without asking questions?", tram) == 0
    # toward a question that asks for the say itself, the complaint is no side
    vote = Question.parse("Should the city hold a referendum on the tram?")
    assert process_polarity("Nobody asked the people who live on Mill Road.", vote) == 0


def test_not_being_asked_to_do_something_is_no_complaint() -> None:
    from stancemap.core import Question
    from stancemap.stance.cues import process_polarity

    tram = Question.parse("Should the city build a tram line?")
    assert process_polarity("He was not asked to resign over the tram.", tram) == 0
    assert process_polarity("I was never asked about the tram, she said.", tram) == 0
    assert process_polarity("Residents were never consulted.", tram) == -1
