"""Attribution that the layout gives away: labelled roundups and interview transcripts.

* Roundups: a ``Name, Role`` line followed by ``Label: text`` lines ("Viewpoint: ...",
  "Argument: ..."). The first content label is the statement; the rest become its fields.
* Transcripts: ``NAME: text`` lines in capitals, and ``Q:`` / ``A:`` exchanges.
"""

from __future__ import annotations

import re

from ..core.records import Span, StatementKind
from ..core.state import Draft
from ..lang.en.layout import CONTENT_LABELS, FIELD_LABELS, NOT_SPEAKERS
from ..text import is_heading

_LABEL_RE = re.compile(r"(?P<label>[A-Z][A-Za-z]+(?: [A-Za-z]+){0,2})\s*:\s+(?P<body>\S.*)", re.S)
_HEADER_RE = re.compile(
    r"(?P<name>[A-Z][\w'’.\-]*(?: (?:[A-Z][\w'’.\-]*|al|bin|de|van|von|da|el)){0,5}),"
    r"\s*(?P<role>\S.*)"
)
# "PENCE: Well, look ..." (a transcript pasted as one quotation opens each paragraph with a
# quote mark, and closes only the last)
_TRANSCRIPT_RE = re.compile(
    r"(?P<open>[\"“])?(?P<name>Q|A|[A-Z][A-Z.'’\- ]{1,40}[A-Z.]):\s+(?P<body>\S.*?)[\"”]?",
    re.S,
)


def labelled_blocks(text: str, paras: list[Span]) -> list[Draft]:
    drafts = []
    i = 0
    while i < len(paras):
        header = _HEADER_RE.fullmatch(paras[i].text)
        if header is None or not is_heading(paras[i]):
            i += 1
            continue
        labels: list[tuple[str, Span]] = []
        j = i + 1
        while j < len(paras):
            m = _LABEL_RE.fullmatch(paras[j].text)
            if m is None or m["label"].lower() not in CONTENT_LABELS | FIELD_LABELS:
                break
            body = Span.of(text, paras[j].start + m.start("body"), paras[j].end)
            labels.append((m["label"].lower(), body))
            j += 1
        if not labels:
            i += 1
            continue
        content_label = next((lab for lab, _ in labels if lab in CONTENT_LABELS), labels[0][0])
        content = dict(labels)[content_label]
        p = paras[i]
        drafts.append(
            Draft(
                content=content,
                kind=StatementKind.LABELLED_BLOCK,
                named=True,
                speaker=Span.of(text, p.start + header.start("name"), p.start + header.end("name")),
                role=Span.of(text, p.start + header.start("role"), p.end),
                fields={lab: span for lab, span in labels if lab != content_label},
            )
        )
        i = j
    return drafts


def transcript_lines(text: str, paras: list[Span]) -> list[Draft]:
    found = []
    for p in paras:
        m = _TRANSCRIPT_RE.fullmatch(p.text)
        if m is None or m["name"].strip() in NOT_SPEAKERS:
            continue
        if m["name"].lower() in CONTENT_LABELS | FIELD_LABELS:
            continue
        name = Span.of(text, p.start + m.start("name"), p.start + m.end("name"))
        label = {"Q": "Interviewer", "A": "Interviewee"}.get(name.text)
        found.append(
            Draft(
                # the closing mark is the pasted quotation's only where it opened one
                content=Span.of(
                    text, p.start + m.start("body"), p.start + m.end("body") if m["open"] else p.end
                ),
                kind=StatementKind.TRANSCRIPT_LINE,
                speaker=name,
                speaker_label=label,
                named=label is None,
            )
        )
    # One capitalised "WORD:" line is a dateline or a label, not an interview.
    names = {d.speaker.text for d in found if d.speaker is not None}
    if len(found) < 2 or (len(names) == 1 and not {"Q", "A"} & names):
        return []
    return found
