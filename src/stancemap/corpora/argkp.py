"""ArgKP-2021 key point matches (``arguments_``, ``key_points_``, ``labels_`` tables of a
split), as ``eval keypoints`` scores them and ``train stance`` learns them."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError


@dataclass(frozen=True, slots=True)
class KPArgument:
    id: str
    text: str
    topic: str
    stance: int


@dataclass(frozen=True, slots=True)
class KPKeyPoint:
    id: str
    text: str
    topic: str
    stance: int


@dataclass(frozen=True, slots=True)
class KPData:
    arguments: list[KPArgument]
    key_points: list[KPKeyPoint]
    labels: dict[tuple[str, str], int]  # (arg_id, key_point_id) -> 0 / 1

    def candidates(self, arg: KPArgument) -> list[KPKeyPoint]:
        return [k for k in self.key_points if k.topic == arg.topic and k.stance == arg.stance]


def _table(path: Path, *columns: str) -> list[dict[str, str]]:
    if not path.is_file():
        raise DataError(
            f"{path} not found: expected ArgKP layout (arguments_, key_points_, labels_)"
        )
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if not rows or any(c not in rows[0] for c in columns):
        raise DataError(f"{path} must be a table with columns {', '.join(columns)}")
    return rows


def load_kp_data(data_dir: str | Path, split: str) -> KPData:
    """One split's arguments, key points and their match labels from ``data_dir``."""
    root = Path(data_dir)
    args = _table(root / f"arguments_{split}.csv", "arg_id", "argument", "topic", "stance")
    kps = _table(root / f"key_points_{split}.csv", "key_point_id", "key_point", "topic", "stance")
    labels = _table(root / f"labels_{split}.csv", "arg_id", "key_point_id", "label")
    try:
        return KPData(
            [KPArgument(r["arg_id"], r["argument"], r["topic"], int(r["stance"])) for r in args],
            [
                KPKeyPoint(r["key_point_id"], r["key_point"], r["topic"], int(r["stance"]))
                for r in kps
            ],
            {(r["arg_id"], r["key_point_id"]): int(r["label"]) for r in labels},
        )
    except ValueError as exc:
        raise DataError(f"{root}: stance and label columns must be integers ({exc})") from exc
