"""The stance rows ``train stance`` learns from and what it reads them with: the corpora's
rows (:mod:`stancemap.corpora`), the pairs made from them (motions asked as questions,
negated, rhetorical, reported; unrelated pairs; noun-phrase and claim targets), the split into
calibration and training rows, and the key point batches.

Every row and its order follows from the seed: the same data and options give the same rows.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..corpora.argkp import KPData, load_kp_data
from ..corpora.own import FORMS, read_corpus
from ..corpora.stance import (
    StanceExample,
    load_argkp,
    load_gwsd,
    load_ibm,
    load_ibm_targets,
    load_vast,
    row_fold,
    topic_fold,
)
from ..errors import DataError

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
    own, forms = _own_share(use)
    use = [u.split(":")[0] for u in use]
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
    if own:
        rows += own_rows(share=own, seed=seed, forms=forms)
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
    sided = [r for r in rows if r.label in _FLIP]
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


def _own_share(use: Sequence[str]) -> tuple[float, frozenset[str]]:
    """The share of the project's corpus in ``use`` and the forms kept: "own" is all of it,
    "own:0.25" a quarter of its debates, "own:attack+rebuttal" the statements of those forms
    only (the guide's forms, :data:`~stancemap.corpora.own.FORMS`); (0.0, all) when it is
    not used."""
    for u in use:
        name, _, share = u.partition(":")
        if name != "own":
            continue
        try:
            value = float(share) if share else 1.0
        except ValueError:
            forms = frozenset(share.split("+"))
            unknown = sorted(forms - set(FORMS))
            if unknown:
                known = ", ".join(FORMS)
                raise DataError(
                    f"{', '.join(map(repr, unknown))} in {u!r} is no form of the stance guide:"
                    f" use a share (own:0.25) or forms joined by '+' of {known}"
                ) from None
            return 1.0, forms
        if not 0.0 < value <= 1.0:
            raise DataError(f"the corpus share in {u!r} must be above 0 and at most 1")
        return value, frozenset(FORMS)
    return 0.0, frozenset(FORMS)


def own_rows(
    folder: Path | None = None,
    *,
    share: float = 1.0,
    seed: int = 13,
    forms: frozenset[str] = frozenset(FORMS),
) -> list[StanceExample]:
    """The project's stance corpus (``data/stance``, :mod:`stancemap.corpora.own`) as rows
    toward each debate's question. Conditional statements are for the measure, under a
    condition the stance stage reads by rule: they train as support. ``share`` < 1: that
    share of the debates (drawn with ``seed``), each with all its statements; ``forms``:
    only the statements of those forms."""
    records = [r for r in read_corpus(folder) if r.form in forms]
    if share < 1.0:
        debates = sorted({r.debate for r in records})
        kept = set(random.Random(seed).sample(debates, max(1, round(share * len(debates)))))
        records = [r for r in records if r.debate in kept]
    return [
        StanceExample(
            r.text,
            r.question,
            "support" if r.label == "conditional" else r.label,
            r.debate,
            source="own",
        )
        for r in records
    ]


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


def _counts(rows: list[StanceExample]) -> dict[str, int]:
    """Rows by source, the made unrelated pairs counted apart (encoder.json's "data")."""
    counts: dict[str, int] = {}
    for r in rows:
        key = "unrelated pairs" if r.label == "unrelated" else r.source
        counts[key] = counts.get(key, 0) + 1
    return counts


@dataclass(frozen=True, slots=True)
class TrainingSets:
    """What one training run reads: its (calibration, training) rows, the rows' sources
    before any limit (encoder.json's "data" counts them), what training left out (for
    encoder.json: ``eval stance --held-out`` scores it), and the dev sets that choose the
    epoch. A stance-only model reads no key points: ``kp_train`` and ``kp_dev`` are empty."""

    calibration: list[StanceExample]
    train: list[StanceExample]
    rows: list[StanceExample]
    left_out: dict[str, Any]
    vast: list[StanceExample]
    argkp_dev: list[StanceExample]
    kp_train: KPData
    kp_dev: KPData


def read_sets(
    data: Path,
    *,
    seed: int,
    use: Sequence[str],
    np_targets: bool,
    claim_targets: bool,
    ibm_fold: tuple[int, int] | None,
    gwsd_fold: tuple[int, int] | None,
    gwsd_repeat: int,
    argkp_dev: bool,
    stance_only: bool,
    limit: int | None,
) -> TrainingSets:
    """The rows of :func:`split_rows`, VAST dev, ArgKP dev's arguments (``argkp_dev``: for
    the ArgKP floor) and ArgKP's key point matches; ``limit`` caps each at that many rows."""
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
    left_out: dict[str, Any] = {
        **({"ibm_held_out": sorted(held_out), "ibm_fold": list(ibm_fold)} if ibm_fold else {}),
        **({"gwsd_fold": list(gwsd_fold)} if gwsd_fold else {}),
    }
    vast = load_vast(data / "vast" / "vast_dev.csv")
    arguments = load_argkp(data / "argkp" / "arguments_dev.csv") if argkp_dev else []
    no_kp = KPData([], [], {})
    kp_train = no_kp if stance_only else load_kp_data(data / "argkp", "train")
    kp_dev = no_kp if stance_only else load_kp_data(data / "argkp", "dev")
    if limit is not None:
        train, calibration, vast = train[:limit], calibration[:limit], vast[:limit]
        arguments = arguments[:limit]
        kp_train = KPData(kp_train.arguments[:limit], kp_train.key_points, kp_train.labels)
        kp_dev = KPData(kp_dev.arguments[:limit], kp_dev.key_points, kp_dev.labels)
    return TrainingSets(calibration, train, rows, left_out, vast, arguments, kp_train, kp_dev)
