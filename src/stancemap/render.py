"""Output formats for extraction results: a readable table, JSON, JSON Lines and CSV."""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from collections.abc import Sequence
from typing import Any

from .core.records import SCHEMA_VERSION, Extraction

FORMATS = ("table", "json", "jsonl", "csv")
CSV_FIELDS = (
    "id",
    "document",
    "speaker",
    "role",
    "kind",
    "start",
    "end",
    "text",
    "speaker_mention",
    "speaker_start",
    "speaker_end",
    "cue",
    "cue_start",
    "cue_end",
    "confidence",
)


def render(results: Sequence[Extraction], fmt: str) -> str:
    if fmt == "json":
        body: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "kind": "extraction",
            "documents": [r.to_dict() for r in results],
        }
        return json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        lines = [
            json.dumps({"document": r.document.id, **s.to_dict()}, ensure_ascii=False)
            for r in results
            for s in r.statements
        ]
        return "".join(line + "\n" for line in lines)
    if fmt == "csv":
        return _csv(results)
    return _table(results)


def _rows(results: Sequence[Extraction]) -> list[dict[str, Any]]:
    rows = []
    for r in results:
        for s in r.statements:
            rows.append(
                {
                    "id": s.id,
                    "document": r.document.id,
                    "speaker": s.speaker_name or "",
                    "role": s.role or "",
                    "kind": s.kind.value,
                    "start": s.content.start,
                    "end": s.content.end,
                    "text": s.content.text,
                    "speaker_mention": s.speaker.text if s.speaker else "",
                    "speaker_start": s.speaker.start if s.speaker else "",
                    "speaker_end": s.speaker.end if s.speaker else "",
                    "cue": s.cue.text if s.cue else "",
                    "cue_start": s.cue.start if s.cue else "",
                    "cue_end": s.cue.end if s.cue else "",
                    "confidence": round(s.confidence, 3),
                }
            )
    return rows


def _csv(results: Sequence[Extraction]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(_rows(results))
    return out.getvalue()


def _table(results: Sequence[Extraction]) -> str:
    width = max(80, min(shutil.get_terminal_size((120, 24)).columns, 160))
    cols = (22, 26, 9)
    text_width = max(30, width - sum(cols) - 8)
    out = []
    for r in results:
        if len(results) > 1 or r.document.title:
            out.append(f"== {r.document.title or r.document.id} ({len(r.statements)} statements)")
        header = ("speaker", "role", "kind", "statement [start:end]")
        out.append("  ".join(h.ljust(w) for h, w in zip(header, (*cols, 0), strict=True)).rstrip())
        out.append("-" * min(width, sum(cols) + text_width + 6))
        for s in r.statements:
            kind = {
                "direct_quote": "quote",
                "reported_speech": "reported",
                "labelled_block": "labelled",
                "transcript_line": "transcript",
                "described_position": "described",
            }[s.kind.value]
            body = f"{_one_line(s.content.text)} [{s.content.start}:{s.content.end}]"
            lines = textwrap.wrap(body, text_width) or [""]
            speaker = _cut(s.speaker_name or "?", cols[0])
            role = _cut(s.role or "", cols[1])
            out.append(
                f"{speaker.ljust(cols[0])}  {role.ljust(cols[1])}  "
                f"{kind.ljust(cols[2])}  {lines[0]}"
            )
            pad = " " * (sum(cols) + 6)
            out.extend(pad + line for line in lines[1:])
        out.append("")
    return "\n".join(out)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cut(text: str, width: int) -> str:
    text = _one_line(text)
    return text if len(text) <= width else text[: width - 1] + "…"
