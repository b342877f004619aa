"""The project's stance corpus read through the whole product: each statement mapped as
an article of its own on its debate's question (attribution, described positions and the
stance stage's readings, as ``stancemap map`` reads), its speaker looked up by name on
that article's map and scored as news dev is (:mod:`.news`): found, and on the right side.

``eval stance --dataset own`` scores the model's reading of a statement's words; this
scores what a reader of the map sees, rules and all, over 8,000 statements in news
register and every form the annotation guide names (by form in the report). A statement
is one sentence, often with its speaker named by a surname alone ("Kim said ...") or
as an unnamed group ("Irrigators from three states rallied ..."): fewer speakers are
found than in whole articles, so "found" here measures that, not news dev's figure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core import Document
from ..corpora.own import FORMS, LABELS, OwnStatement, read_corpus
from .news import MISSING, mapped_speakers, match

if TYPE_CHECKING:
    from ..pipeline import Pipeline
    from ..stance.model import StanceModel

SIDED = ("support", "oppose")


def evaluate_statements(
    folder: str | Path | None = None,
    *,
    pipeline: Pipeline | None = None,
    stance_model: StanceModel | None = None,
    progress: Callable[[list[str]], Iterable[str]] | None = None,
) -> dict[str, Any]:
    """Map every statement of the corpus in ``folder`` (default: the shipped
    ``data/stance``) as its own article, a debate at a time, and score each speaker's side
    on it: the totals, the confusion table (gold label -> the side mapped, or "missing"),
    the share right between support and oppose, and the figures by form."""
    from ..api import debate_map
    from ..debate import by_document

    debates: dict[str, list[OwnStatement]] = defaultdict(list)
    for row in read_corpus(folder):
        debates[row.debate].append(row)
    scored: list[tuple[OwnStatement, str]] = []
    names = list(debates)
    for name in progress(names) if progress else names:
        rows = debates[name]
        docs = [Document(r.text, id=f"{name}:{i}") for i, r in enumerate(rows)]
        debate = debate_map(
            docs,
            question=rows[0].question,
            key_points=False,
            pipeline=pipeline,
            stance_model=stance_model,
        )
        maps = by_document(debate)
        for doc, row in zip(docs, rows, strict=True):
            one = maps.get(doc.id)
            got = match(row.speaker, mapped_speakers(one)) if one is not None else None
            scored.append((row, got.side if got is not None else MISSING))
    return summarise(scored)


def summarise(scored: Sequence[tuple[OwnStatement, str]]) -> dict[str, Any]:
    n = len(scored)
    found = sum(side != MISSING for _, side in scored)
    right = sum(side == row.label for row, side in scored)
    confusion = {g: dict.fromkeys((*LABELS, MISSING), 0) for g in LABELS}
    forms = {f: {"rows": 0, "found": 0, "right": 0} for f in FORMS}
    for row, side in scored:
        confusion[row.label][side] += 1
        form = forms.setdefault(row.form, {"rows": 0, "found": 0, "right": 0})
        form["rows"] += 1
        form["found"] += side != MISSING
        form["right"] += side == row.label
    sided = [(row, side) for row, side in scored if row.label in SIDED and side in SIDED]
    return {
        "rows": n,
        "found": found,
        "right": right,
        "found_share": round(found / n, 4) if n else 0.0,
        "right_share": round(right / n, 4) if n else 0.0,
        "right_of_found": round(right / found, 4) if found else 0.0,
        # of the statements for or against that the map puts for or against: the right one
        "sides_right": round(sum(r.label == s for r, s in sided) / len(sided), 4) if sided else 0.0,
        "sided": len(sided),
        "confusion": confusion,
        "forms": {f: v for f, v in forms.items() if v["rows"]},
    }
