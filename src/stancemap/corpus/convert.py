"""Between the pipeline's records and the corpus tables' rows: an extraction to rows, stored
rows back to the analysis the stance stages go on from, and stance rows to stances.

Spans are stored as ``[start, end, text]``; a statement's content as its offsets, with its
text only where it is not the document's text at those offsets (it always is, today).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..core import (
    Actor,
    Analysis,
    Document,
    Draft,
    Extraction,
    Span,
    Stance,
    StanceLabel,
    Statement,
)
from ..core.records import StatementKind
from ..core.speakers import identifies, speaker_key

SUMMED = ("support", "oppose", "neutral")  # the probabilities a map sums per speaker


def span_row(span: Span | None) -> list[Any] | None:
    return None if span is None else [span.start, span.end, span.text]


def span_of(row: Sequence[Any] | None) -> Span | None:
    return None if row is None else Span(int(row[0]), int(row[1]), str(row[2]))


def extraction_rows(
    extraction: Extraction,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The (statement rows, actor rows) of one document's extraction."""
    doc = extraction.document
    statements = [
        {
            "id": s.id,
            "document_id": doc.id,
            "ordinal": i,
            "start": s.content.start,
            "end": s.content.end,
            "text": None
            if doc.text[s.content.start : s.content.end] == s.content.text
            else s.content.text,
            "kind": s.kind.value,
            "speaker": span_row(s.speaker),
            "cue": span_row(s.cue),
            "actor": s.actor,
            "role": s.role,
            "confidence": s.confidence,
            "fields": {k: span_row(v) for k, v in s.fields.items()},
            "speaker_name": s.speaker_name,
            "speaker_key": None if s.speaker_name is None else speaker_key(s.speaker_name),
            "identified": identifies(s.actor, s.speaker.text if s.speaker else None),
        }
        for i, s in enumerate(extraction.statements)
    ]
    actors = [
        {
            "id": f"{doc.id}#{i}",
            "document_id": doc.id,
            "name": a.name,
            "kind": a.kind,
            "role": a.role,
            "aliases": list(a.aliases),
            "mentions": [span_row(m) for m in a.mentions],
        }
        for i, a in enumerate(extraction.actors)
    ]
    return statements, actors


def analysis_of(
    document: Document,
    statements: Sequence[Mapping[str, Any]],
    actors: Sequence[Mapping[str, Any]],
) -> Analysis:
    """The analysis the attribution stages left (statements and actors, no parse), from the
    stored rows in text order: the stance stages go on from it as from a fresh one."""
    text = document.text
    drafts = []
    for r in statements:
        start, end = int(r["start"]), int(r["end"])
        content = Span(start, end, r["text"] if r["text"] is not None else text[start:end])
        fields = {k: span_of(v) for k, v in (r["fields"] or {}).items()}
        drafts.append(
            Draft(
                content=content,
                kind=StatementKind(r["kind"]),
                speaker=span_of(r["speaker"]),
                cue=span_of(r["cue"]),
                score=float(r["confidence"]),
                fields={k: v for k, v in fields.items() if v is not None},
                actor=r["actor"],
                role_name=r["role"],
            )
        )
    people = [actor_of(a) for a in actors]
    return Analysis(document=document, drafts=drafts, actors=people)


def statement_of(row: Mapping[Any, Any], text: str) -> Statement:
    """A stored statement (a row of statements, outer-joined with its stance toward a
    question: ``stance_label`` ... ``stance_argument``, None when it has none) as the record
    the map reads, with its stored id (the pipeline's)."""
    start, end = int(row["start"]), int(row["end"])
    fields = {k: span_of(v) for k, v in (row["fields"] or {}).items()}
    return Statement(
        content=Span(start, end, row["text"] if row["text"] is not None else text[start:end]),
        kind=StatementKind(row["kind"]),
        id=row["id"],
        speaker=span_of(row["speaker"]),
        cue=span_of(row["cue"]),
        actor=row["actor"],
        role=row["role"],
        confidence=float(row["confidence"]),
        fields={k: v for k, v in fields.items() if v is not None},
        stance=None
        if row["stance_label"] is None
        else stance_of(
            {
                "label": row["stance_label"],
                "confidence": row["stance_confidence"],
                "probs": row["stance_probs"],
                "evidence": row["stance_evidence"],
            }
        ),
        argument=row["stance_argument"],
    )


def actor_of(row: Mapping[str, Any]) -> Actor:
    return Actor(
        name=row["name"],
        kind=row["kind"],
        aliases=tuple(row["aliases"]),
        role=row["role"],
        mentions=tuple(s for m in row["mentions"] if (s := span_of(m)) is not None),
    )


def stance_row(question_id: int, statement_id: str, stance: Stance | None) -> dict[str, Any]:
    st = stance or Stance(StanceLabel.UNRELATED, 1.0)
    return {
        "question_id": question_id,
        "statement_id": statement_id,
        "label": st.label.value,
        "confidence": st.confidence,
        "probs": dict(st.probs),
        "evidence": [span_row(e) for e in st.evidence],
        **{f"p_{k}": st.probs.get(k, 0.0) for k in SUMMED},
    }


def stance_of(row: Mapping[str, Any]) -> Stance:
    return Stance(
        StanceLabel(row["label"]),
        float(row["confidence"]),
        {k: float(v) for k, v in (row["probs"] or {}).items()},
        tuple(s for e in row["evidence"] if (s := span_of(e)) is not None),
    )
