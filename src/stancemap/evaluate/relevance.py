"""Which documents a corpus question reads (:mod:`stancemap.stance.relevance`), scored on a
news-layout folder: every question of the folder asked of every article in it. An article
on its own question should be kept, one on another question left out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core import Question
from ..ingest import read_document
from .news import load_news


def evaluate_relevance(data_dir: str | Path) -> dict[str, Any]:
    """Per folder: the articles kept on their own question (of how many) and the articles
    kept on another (of how many), with the misses named."""
    from ..stance.relevance import Relevance

    root = Path(data_dir)
    entries = load_news(root)
    texts = {e["id"]: read_document(root / "articles" / f"{e['id']}.txt").text for e in entries}
    asked = {e["id"]: e["question"] for e in entries}
    ids = sorted(texts)
    own = other = own_kept = other_kept = 0
    lost: list[str] = []
    strays: list[str] = []
    for question in sorted(set(asked.values())):
        about = Relevance(Question.parse(question, check=False)).about([texts[i] for i in ids])
        for ident, kept in zip(ids, about, strict=True):
            if asked[ident] == question:
                own += 1
                own_kept += kept
                if not kept:
                    lost.append(f"{ident}: {question}")
            else:
                other += 1
                other_kept += kept
                if kept:
                    strays.append(f"{ident}: {question}")
    return {
        "articles": len(ids),
        "questions": len(set(asked.values())),
        "own_kept": own_kept,
        "own": own,
        "own_kept_share": round(own_kept / own, 4) if own else 0.0,
        "other_kept": other_kept,
        "other": other,
        "other_kept_share": round(other_kept / other, 4) if other else 0.0,
        "own_left_out": lost,
        "other_kept_in": strays,
    }
