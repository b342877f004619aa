"""The PyTorch side of ``train stance``: the joint model (MiniLM, a stance head and the key
point embedding), its readings in batches, the optimiser and one epoch's steps.

PyTorch is an optional extra: it comes in as the ``torch`` argument (imported by
:func:`~stancemap.training.stance.train_stance`), never when this module is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..corpora.argkp import KPData
from ..corpora.stance import LABELS, StanceExample
from ..errors import DataError
from .rows import kp_batches


def _device(torch: Any, name: str) -> Any:
    """The torch device to train on (``name`` matches :data:`~.stance.DEVICE`): ``auto`` is
    the first GPU when PyTorch sees one, else the CPU."""
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


def build_model(
    torch: Any, auto_model: Any, base: Path, *, layers: int, kp_projection: bool, dev: Any
) -> Any:
    """The base encoder's first ``layers`` transformer layers under a stance head (logits)
    and the normalised mean-pooled sentence vector (embedding), on ``dev``.
    ``kp_projection``: the embedding is a learned linear map of the pooled vector (starting
    as the identity), not that vector itself."""
    encoder = auto_model.from_pretrained(str(base))
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

    return Joint().to(dev)


@dataclass(frozen=True, slots=True)
class Reader:
    """The model's readings in batches on ``dev``: stance logits of (target, text) pairs and
    sentence embeddings, texts cut at ``max_length`` tokens."""

    torch: Any
    tok: Any
    model: Any
    dev: Any
    max_length: int

    def encode_pairs(self, chunk: Sequence[StanceExample]) -> Any:
        return self.tok(
            [r.target for r in chunk],
            [r.text for r in chunk],
            truncation=True,
            max_length=self.max_length,
            padding=True,
            return_tensors="pt",
        ).to(self.dev)

    def embed(self, texts: Sequence[str]) -> Any:
        enc = self.tok(
            list(texts),
            truncation=True,
            max_length=self.max_length,
            padding=True,
            return_tensors="pt",
        ).to(self.dev)
        return self.model(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])[1]

    def predict(self, items: list[StanceExample]) -> Any:
        """Stance logits of ``items`` (in eval mode, then back to training), on the CPU."""
        model = self.model
        model.eval()
        out = []
        with self.torch.no_grad():
            for i in range(0, len(items), 64):
                enc = self.encode_pairs(items[i : i + 64])
                out.append(model(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])[0])
        model.train()
        return self.torch.cat(out).cpu()

    def kp_scores(self, args: Sequence[str], kps: Sequence[str]) -> list[list[float]]:
        """The cosine of every argument with every key point (``evaluate_matching``'s score)."""
        torch = self.torch
        with torch.no_grad():
            a = torch.cat([self.embed(args[i : i + 64]) for i in range(0, len(args), 64)])
            return (a @ self.embed(kps).T).cpu().tolist()  # type: ignore[no-any-return]


@dataclass(slots=True)
class Steps:
    """The optimiser's state across epochs: the stance loss (weighted by label), AdamW and its
    schedule, the steps in an epoch, and the key point batches still to take (one queue for
    the whole run, refilled when empty)."""

    loss: Any
    opt: Any
    sched: Any
    per_epoch: int
    kp_queue: list[Any] = field(default_factory=list)


def optimiser(
    torch: Any,
    model: Any,
    train: Sequence[StanceExample],
    *,
    epochs: int,
    batch_size: int,
    lr: float,
    head_lr: float,
    dev: Any,
) -> Steps:
    """Label weights against the training rows' label shares (at most 3x), AdamW with
    ``lr`` for the encoder and ``head_lr`` for the heads, a linear warm-up over the first
    6 % of the steps, then a linear decay to 0."""
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
    return Steps(stance_loss, opt, sched, per_epoch)


def train_epoch(
    reader: Reader,
    steps: Steps,
    train: Sequence[StanceExample],
    kp_train: KPData,
    *,
    epoch: int,
    batch_size: int,
    kp_every: int,
    kp_weight: float,
    seed: int,
    stance_only: bool,
    report: Callable[[str], None],
) -> None:
    """One pass over ``train`` in batches (``epoch``: 0-based, the epochs done before it):
    the stance loss, plus ``kp_weight`` times a key point batch's loss on every
    ``kp_every``-th step (none for a stance-only model)."""
    torch, model = reader.torch, reader.model
    label_id = {name: i for i, name in enumerate(LABELS)}
    model.train()
    for step in range(steps.per_epoch):
        chunk = train[step * batch_size : (step + 1) * batch_size]
        enc = reader.encode_pairs(chunk)
        y = torch.tensor([label_id[r.label] for r in chunk], device=reader.dev)
        logits = model(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])[0]
        loss = steps.loss(logits, y)
        if not stance_only and step % kp_every == 0:
            if not steps.kp_queue:
                steps.kp_queue = kp_batches(kp_train, size=batch_size, seed=seed + epoch + step)
            loss = loss + kp_weight * _kp_loss(torch, model, reader.embed, steps.kp_queue.pop())
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        steps.opt.step()
        steps.sched.step()
        steps.opt.zero_grad()
        if step % 50 == 0:
            report(f"epoch {epoch + 1} step {step}/{steps.per_epoch}: loss {loss.item():.3f}")


def snapshot(model: Any) -> dict[str, Any]:
    """A copy of the model's weights, to load back if its epoch is chosen."""
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


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
