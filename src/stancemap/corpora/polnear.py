"""PolNeAR-layout data (``SPLIT/text/*.txt`` + ``SPLIT/attributions/*.ann``, brat stand-off)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError

LABELS = ("Source", "Cue", "Content")
_T_RE = re.compile(r"^(T\d+)\t(\S+) ([\d; ]+)\t", re.M)
_E_RE = re.compile(r"^E\d+\t(.+)$", re.M)


@dataclass(slots=True)
class GoldAttribution:
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    content: tuple[int, int] | None


@dataclass(slots=True)
class GoldDoc:
    name: str
    text: str
    spans: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    attributions: list[GoldAttribution] = field(default_factory=list)


def load_split(data_dir: str | Path, split: str) -> list[GoldDoc]:
    """Read one split; where an article has several annotators' files, the first sorted one."""
    root = Path(data_dir) / split
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise DataError(f"{root} must hold text/ and attributions/ folders (PolNeAR layout)")
    anns: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        base = re.sub(r"_[0-9a-f]{4}$", "", ann.stem)
        anns.setdefault(base, ann)
    docs = []
    for txt in sorted(text_dir.glob("*.txt")):
        ann_path = anns.get(txt.stem)
        if ann_path is None:
            continue
        text = txt.read_text("utf-8")
        docs.append(parse_ann(txt.stem, text, ann_path.read_text("utf-8")))
    if not docs:
        raise DataError(f"no annotated articles found under {root}")
    return docs


def parse_ann(name: str, text: str, ann: str) -> GoldDoc:
    spans_by_id: dict[str, tuple[str, tuple[int, int]]] = {}
    for tid, label, offsets in _T_RE.findall(ann):
        numbers = [int(n) for n in re.split(r"[; ]", offsets) if n]
        spans_by_id[tid] = (label, (min(numbers), max(numbers)))
    doc = GoldDoc(name, text, {label: set() for label in LABELS})
    for tid_label, span in spans_by_id.values():
        if tid_label in doc.spans:
            doc.spans[tid_label].add(span)
    for line in _E_RE.findall(ann):
        roles: dict[str, tuple[int, int]] = {}
        for arg in line.split()[1:]:
            role, _, tid = arg.partition(":")
            role = role.rstrip("0123456789")
            if tid in spans_by_id and role in LABELS:
                roles.setdefault(role, spans_by_id[tid][1])
        if roles:
            doc.attributions.append(
                GoldAttribution(roles.get("Source"), roles.get("Cue"), roles.get("Content"))
            )
    return doc


def cue_word_counts(docs: list[GoldDoc]) -> tuple[dict[str, int], dict[str, int]]:
    """Lower-cased word forms inside gold cue spans, and in all text (for trigger selection)."""
    in_cue: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    word = re.compile(r"[A-Za-z]+")
    for doc in docs:
        for w in word.findall(doc.text):
            total[w.lower()] += 1
        for start, end in doc.spans["Cue"]:
            for w in word.findall(doc.text[start:end]):
                in_cue[w.lower()] += 1
    return dict(in_cue), dict(total)
