"""The debate map: speakers grouped by their stance on the question, with the statements
behind each stance (one article or many)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..records import Extraction, StanceLabel, Statement

SIDES = (StanceLabel.SUPPORT, StanceLabel.OPPOSE, StanceLabel.CONDITIONAL, StanceLabel.NEUTRAL)
_KEY = re.compile(r"[a-z0-9]+")


@dataclass(slots=True)
class SpeakerStance:
    name: str
    role: str | None
    stance: StanceLabel
    confidence: float
    statements: list[tuple[str, Statement]] = field(default_factory=list)  # (document id, s)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "stance": self.stance.value,
            "confidence": round(self.confidence, 3),
            "statements": [
                {
                    "document": doc_id,
                    "text": s.content.text,
                    "start": s.content.start,
                    "end": s.content.end,
                    "kind": s.kind.value,
                    "stance": s.stance.label.value if s.stance else None,
                    "confidence": round(s.stance.confidence, 3) if s.stance else None,
                    "evidence": [e.to_dict() for e in s.stance.evidence] if s.stance else [],
                }
                for doc_id, s in self.statements
            ],
        }


@dataclass(slots=True)
class DebateMap:
    question: str
    question_given: bool
    speakers: list[SpeakerStance]
    unrelated: list[tuple[str, Statement]]

    def side(self, label: StanceLabel) -> list[SpeakerStance]:
        return [s for s in self.speakers if s.stance is label]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": "1",
            "question": self.question,
            "question_source": "given" if self.question_given else "proposed",
            "speakers": [s.to_dict() for s in self.speakers],
            "unrelated_statements": len(self.unrelated),
        }


def build_map(results: Sequence[Extraction], question: str, *, given: bool) -> DebateMap:
    """Group statements by speaker across ``results`` and aggregate each speaker's stance.

    A speaker with any conditional statement is conditional; otherwise the stance with the
    largest summed probability over their statements about the question. Statements the model
    finds unrelated to the question count for no side.
    """
    groups: dict[str, list[tuple[str, Statement]]] = {}
    names: dict[str, str] = {}
    unrelated: list[tuple[str, Statement]] = []
    for r in results:
        for s in r.statements:
            if s.stance is None or s.speaker_name is None:
                continue
            if s.stance.label is StanceLabel.UNRELATED:
                unrelated.append((r.document.id, s))
                continue
            key = " ".join(_KEY.findall(s.speaker_name.lower()))
            groups.setdefault(key, []).append((r.document.id, s))
            names.setdefault(key, s.speaker_name)
    speakers = [_aggregate(names[k], items) for k, items in groups.items()]
    order = {label: i for i, label in enumerate(SIDES)}
    speakers.sort(key=lambda sp: (order[sp.stance], -sp.confidence, sp.name))
    return DebateMap(question, given, speakers, unrelated)


def _aggregate(name: str, items: list[tuple[str, Statement]]) -> SpeakerStance:
    role = next((s.role for _, s in items if s.role), None)
    stances = [s.stance for _, s in items if s.stance is not None]
    conditional = [st for st in stances if st.label is StanceLabel.CONDITIONAL]
    if conditional:
        conf = sum(st.confidence for st in conditional) / len(conditional)
        return SpeakerStance(name, role, StanceLabel.CONDITIONAL, conf, items)
    totals = {label: 0.0 for label in ("support", "oppose", "neutral")}
    for st in stances:
        for label in totals:
            totals[label] += st.probs.get(label, 0.0)
    best = max(totals, key=totals.__getitem__)
    share = totals[best] / (sum(totals.values()) or 1.0)
    return SpeakerStance(name, role, StanceLabel(best), share, items)


def render_map(debate: DebateMap) -> str:
    how = "given" if debate.question_given else "proposed from the article"
    out = [f"Question: {debate.question}  ({how})", ""]
    for label in SIDES:
        side = debate.side(label)
        if not side:
            continue
        out.append(f"{label.value.upper()} ({len(side)})")
        for sp in side:
            role = f", {sp.role}" if sp.role else ""
            out.append(f"  {sp.name}{role}  [{sp.confidence:.2f}]")
            for _, s in sp.statements:
                st = s.stance
                tag = f"{st.label.value} {st.confidence:.2f}" if st else "?"
                text = " ".join(s.content.text.split())
                if len(text) > 160:
                    text = text[:159] + "…"
                out.append(f"    “{text}” ({tag}) [{s.content.start}:{s.content.end}]")
        out.append("")
    if debate.unrelated:
        out.append(f"Not about the question: {len(debate.unrelated)} statements")
    return "\n".join(out).rstrip() + "\n"
