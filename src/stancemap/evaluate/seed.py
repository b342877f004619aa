"""The seed check: of the actors in a hand-drawn ``gold.json`` map, how many stancemap finds
credited with their evidence text and their role."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core import Extraction, Statement
from ..errors import DataError
from ..ingest import read_document
from ..pipeline import Pipeline

if TYPE_CHECKING:
    from ..debate import DebateMap

_STOP = frozenset(["the", "of", "to", "and", "a", "an", "in", "for", "on", "at", "'s", "’s", "s"])
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def _norm(text: str) -> str:
    text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.lower().split())


def same_person(gold_name: str, name: str | None) -> bool:
    if not name:
        return False
    gold, got = _words(gold_name), _words(name)
    return bool(gold) and len(gold & got) >= min(2, len(gold))


def role_matches(gold_role: str, role: str | None) -> bool:
    """At least 60 % of the gold role's content words appear in the predicted role."""
    gold = _words(gold_role)
    return bool(role) and bool(gold) and len(gold & _words(role or "")) / len(gold) >= 0.6


def check_seed(seed_dir: str | Path, *, pipeline: Pipeline | None = None) -> dict[str, Any]:
    root = Path(seed_dir)
    gold_path = root / "gold.json"
    if not gold_path.is_file():
        raise DataError(f"{gold_path} not found: the seed folder holds gold.json and its article")
    gold = json.loads(gold_path.read_text("utf-8"))
    doc = read_document(root / gold["document"])
    result = (pipeline or Pipeline.default())(doc)
    rows = [_check_actor(a, result) for a in gold["actors"]]
    return {
        "document": gold["document"],
        "actors": len(rows),
        "found": sum(r["found"] for r in rows),
        "with_evidence": sum(r["evidence"] for r in rows),
        "with_role": sum(r["role_ok"] for r in rows),
        "complete": sum(r["found"] and r["evidence"] and r["role_ok"] for r in rows),
        "rows": rows,
    }


def _check_actor(gold: dict[str, Any], result: Extraction) -> dict[str, Any]:
    mine: list[Statement] = [s for s in result.statements if same_person(gold["name"], s.actor)]
    evidence = _norm(gold["evidence"])
    with_evidence = [s for s in mine if evidence in _norm(s.content.text)]
    actor = next((a for a in result.actors if same_person(gold["name"], a.name)), None)
    roles = [s.role for s in with_evidence or mine] + [actor.role if actor else None]
    role = next((r for r in roles if role_matches(gold.get("role", ""), r)), None)
    return {
        "name": gold["name"],
        "found": bool(mine),
        "evidence": bool(with_evidence),
        "role_ok": role is not None,
        "role": role or next((r for r in roles if r), None),
    }


def check_seed_stance(seed_dir: str | Path, *, pipeline: Pipeline | None = None) -> dict[str, Any]:
    """Of the gold actors, how many land on the gold side of the gold question (the map
    :func:`stancemap.debate_map` draws, with ``pipeline`` as its attribution pipeline); and
    of the pairs the article gives the same argument (one label's words all in the other's), how
    many end up under one key point."""
    from ..api import debate_map

    root = Path(seed_dir)
    gold = json.loads((root / "gold.json").read_text("utf-8"))
    doc = read_document(root / gold["document"])
    debate = debate_map([doc], question=gold["question"], pipeline=pipeline)
    rows = []
    for actor in gold["actors"]:
        mine = next((sp for sp in debate.speakers if same_person(actor["name"], sp.name)), None)
        got = mine.stance.value if mine else None
        rows.append(
            {
                "name": actor["name"],
                "gold": actor["stance"],
                "predicted": got,
                "confidence": round(mine.confidence, 3) if mine else None,
                "correct": got == actor["stance"],
            }
        )
    pairs = _same_argument_pairs(gold["actors"], debate)
    names = [a["name"] for a in gold["actors"]]
    named = [sp.name for sp in debate.speakers if sp.named]
    return {
        "actors": len(rows),
        "correct": sum(r["correct"] for r in rows),
        "rows": rows,
        # the map's named speakers that are not gold actors (unnamed sources are listed apart)
        "named_speakers": len(named),
        "named_not_gold": [n for n in named if not any(same_person(g, n) for g in names)],
        "key_points": [kp.label for kp in debate.key_points],
        "same_argument_pairs": pairs,
        "same_argument_together": sum(p["together"] for p in pairs),
    }


def _same_argument_pairs(actors: list[dict[str, Any]], debate: DebateMap) -> list[dict[str, Any]]:
    """Gold actors the article gives the same argument, and whether their main statements
    share a key point."""

    def key_point(name: str) -> int | None:
        sp = next((s for s in debate.speakers if same_person(name, s.name)), None)
        if sp is None:
            return None
        doc_id, main = sp.main
        return debate.key_point_index(doc_id, main)

    pairs = []
    for i, a in enumerate(actors):
        for b in actors[i + 1 :]:
            wa, wb = _words(a.get("argument", "")), _words(b.get("argument", ""))
            if not wa or not wb or not (wa <= wb or wb <= wa):
                continue
            ka, kb = key_point(a["name"]), key_point(b["name"])
            pairs.append(
                {
                    "actors": [a["name"], b["name"]],
                    "key_points": [ka, kb],
                    "together": ka is not None and ka == kb,
                }
            )
    return pairs
