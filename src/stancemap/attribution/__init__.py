"""Attribution: every statement in a document and the mention of who made it."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..nlp import Parsed
from ..records import Span, StatementKind
from ..text import Quote, find_quotes, is_heading
from .cues import CueModel
from .layouts import Draft, labelled_blocks, transcript_lines
from .reported import Attribution, attribution_at, find_attributions, quote_governor

MIN_QUOTE_WORDS = 5
NESTED_MIN_SCORE = 0.7
GOVERNOR_SCORE = 0.5
_DASH_SPEAKER = re.compile(
    r"[\s,]*[—–―]+\s*(?P<name>[A-Z][^\n,;.()]{1,60})(?P<role>,[^\n]{1,150})?"
)
_FIRST_PERSON = frozenset({"i", "we", "you"})
_SPEAKER_DASH = re.compile(
    r"(?P<name>[A-Z][^\n,;.()“”\"]{1,60})(?P<role>,[^\n—–―“”\"]{1,150})?\s*[—–―:]\s*$"
)
_SPEAKER_LINE = re.compile(
    r"(?P<name>[A-Z][^\n,;:.()“”\"]{1,60}?)(?:,\s*(?P<role>[^\n:“”\"]{1,150}))?\s*:"
)
_NEAR_CUE = re.compile(r"[\s,:;.!?—–\-\"”»’]*")

__all__ = ["CueModel", "Draft", "attribute"]


def attribute(parsed: Parsed, model: CueModel) -> list[Draft]:
    """Statements of one document, before speaker resolution, in text order."""
    text = parsed.text
    quotes = find_quotes(text, parsed.paragraphs)
    layout = labelled_blocks(text, parsed.paragraphs) + transcript_lines(text, parsed.paragraphs)
    drafts = list(layout)
    for s_index, sent in enumerate(parsed.sentences):
        if sent.doc is None:
            continue
        found = find_attributions(sent.doc, sent.start, text, model)
        if not found and sent.doc[-1:].text == ":":
            found = _presentational_colon(sent.doc, sent.start, text)
        for att in found:
            if any(_block(d).contains(att.cue) for d in layout):
                # Nested in a roundup entry or an answer: the layout's speaker holds it.
                continue
            if _first_person_in_quote(att, quotes):
                continue  # "I think" inside a quote is the quoted speaker's own statement
            draft = _from_cue(att, quotes, parsed, s_index)
            if draft is not None:
                drafts.append(draft)
    drafts = _drop_weak_nested(_dedupe(drafts), quotes)
    drafts += _governed_quotes(quotes, drafts, parsed)
    drafts += _unclaimed_quotes(text, quotes, drafts, parsed)
    # A statement nobody is credited with has no place in a map of who says what.
    kept = [d for d in _dedupe(drafts) if d.speaker is not None]
    return sorted(kept, key=lambda d: d.content.start)


def _drop_weak_nested(drafts: list[Draft], quotes: list[Quote]) -> list[Draft]:
    """A cue inside another statement's words must be confident to stand on its own, and
    one inside another speaker's quotation belongs to that speaker's statement."""
    kept = []
    for d in drafts:
        if d.cue is None:
            kept.append(d)
            continue
        hosts = [o for o in drafts if o is not d and o.content.contains(d.cue)]
        in_quote = any(
            q.inner.contains(d.cue) and h.content.overlaps(q.inner)
            for h in hosts
            for q in quotes
            if q.words >= MIN_QUOTE_WORDS
        )
        if not hosts or (d.score >= NESTED_MIN_SCORE and not in_quote):
            kept.append(d)
    return kept


def _from_cue(att: Attribution, quotes: list[Quote], parsed: Parsed, s_index: int) -> Draft | None:
    text = parsed.text
    content = att.content
    outside = [q for q in quotes if not q.span.contains(att.cue)]
    if content is None and att.colon_block:
        content = _following_block(parsed, att.cue.end)
    if content is None:
        content = _adjacent_quote(text, att.cue, outside)
    if content is None:
        return None
    joined = [q for q in outside if q.words >= MIN_QUOTE_WORDS and q.span.overlaps(content)]
    for q in joined:
        content = _union(text, content, q.inner)
    quoted = sum(
        min(q.inner.end, content.end) - max(q.inner.start, content.start)
        for q in outside
        if q.span.overlaps(content)
    )
    kind = (
        StatementKind.DIRECT_QUOTE
        if quoted >= 0.6 * (content.end - content.start)
        else StatementKind.REPORTED_SPEECH
    )
    ref = (s_index, att.source_token) if att.source_token is not None else None
    return Draft(
        content=content, kind=kind, speaker=att.source, cue=att.cue, score=att.score, source_ref=ref
    )


def _block(d: Draft) -> Span:
    """The whole stretch a layout statement covers: its content and its labelled fields."""
    spans = [d.content, *d.fields.values()]
    return Span(min(s.start for s in spans), max(s.end for s in spans), "")


def _first_person_in_quote(att: Attribution, quotes: list[Quote]) -> bool:
    if att.source is None or att.source.text.lower() not in _FIRST_PERSON:
        return False
    return any(q.words >= MIN_QUOTE_WORDS and q.inner.contains(att.cue) for q in quotes)


def _adjacent_quote(text: str, cue: Span, quotes: list[Quote]) -> Span | None:
    """A quote that ends just before the cue ('"...," he said') or starts right after it."""
    for q in quotes:
        if q.words < 2:
            continue
        if (
            q.span.end <= cue.start
            and len(text[q.span.end : cue.start].split()) <= 6
            and "\n" not in text[q.span.end : cue.start]
        ):
            return q.inner
        if q.span.start >= cue.end and _NEAR_CUE.fullmatch(text[cue.end : q.span.start]):
            return q.inner
    return None


def _following_block(parsed: Parsed, pos: int) -> Span | None:
    """'X shares his insights:' introduces the paragraphs that follow, up to the next heading."""
    paras = [p for p in parsed.paragraphs if p.start >= pos]
    while paras and is_heading(paras[0]):
        paras = paras[1:]
    block: list[Span] = []
    for p in paras[:5]:
        if is_heading(p):
            break
        block.append(p)
    if not block:
        return None
    return Span.of(parsed.text, block[0].start, block[-1].end)


def _presentational_colon(doc: Doc, offset: int, text: str) -> list[Attribution]:
    """'Name, role, shares his view:' with no learned cue: the root verb with a subject
    introduces the block that follows."""
    root = next((t for t in doc if t.dep_ == "ROOT" and t.pos_ == "VERB"), None)
    if root is None or not any(c.dep_ == "nsubj" for c in root.children):
        return []
    att = attribution_at(root, offset, text, GOVERNOR_SCORE)
    return [att] if att.colon_block else []


def _is_claimed(q: Quote, drafts: list[Draft]) -> bool:
    # A cue inside the quote ("Nobody asked ...") is the quote's own words, not its claim.
    return any(
        d.content.overlaps(q.inner) and not (d.cue is not None and q.inner.contains(d.cue))
        for d in drafts
    )


def _governed_quotes(quotes: list[Quote], drafts: list[Draft], parsed: Parsed) -> list[Draft]:
    """Quotes no cue claimed, introduced by a verb with a subject in the same sentence."""
    found = []
    for q in quotes:
        if q.words < MIN_QUOTE_WORDS or _is_claimed(q, drafts):
            continue
        for s_index, sent in enumerate(parsed.sentences):
            if sent.doc is None or not (sent.start <= q.span.start < sent.end):
                continue
            tok = quote_governor(sent.doc, sent.start, q.span.start, q.span.end)
            if tok is None:
                break
            att = attribution_at(tok, sent.start, parsed.text, GOVERNOR_SCORE)
            draft = _from_cue(att, quotes, parsed, s_index)
            if draft is not None and draft.speaker is not None:
                found.append(draft)
            break
    return found


def _unclaimed_quotes(
    text: str, quotes: list[Quote], drafts: list[Draft], parsed: Parsed
) -> list[Draft]:
    """Quotes no cue claimed: speaker after a dash, on the line before, or the last speaker."""
    found = []
    ordered = sorted(drafts, key=lambda d: d.content.start)
    for q in quotes:
        if q.words < MIN_QUOTE_WORDS or _is_claimed(q, drafts):
            continue
        named = _named_speaker(text, parsed, q)
        if named is not None:
            found.append(
                Draft(
                    content=q.inner,
                    kind=StatementKind.DIRECT_QUOTE,
                    speaker=named[0],
                    role=named[1],
                    score=0.8,
                    named=True,
                )
            )
            continue
        before = [d for d in ordered if d.content.end <= q.span.start and d.speaker is not None]
        if before and _paragraph_gap(parsed, before[-1].content.end, q.span.start) <= 1:
            prev = before[-1]
            found.append(
                Draft(
                    content=q.inner,
                    kind=StatementKind.DIRECT_QUOTE,
                    speaker=prev.speaker,
                    score=0.6,
                    source_ref=prev.source_ref,
                )
            )
    return found


def _named_speaker(text: str, parsed: Parsed, q: Quote) -> tuple[Span, Span | None] | None:
    """The speaker the layout names: '"..." — Name, role', 'Name, role — "..."', or a
    'Name, role:' line before the quote's paragraph."""
    for m in (
        _DASH_SPEAKER.match(text, q.span.end),
        _SPEAKER_DASH.match(text, _line_start(text, q.span.start), q.span.start),
    ):
        if m is not None:
            role = Span.of(text, m.start("role") + 1, m.end("role")) if m["role"] else None
            return Span.of(text, m.start("name"), m.end("name")), role
    return _speaker_line(parsed, q)


def _speaker_line(parsed: Parsed, q: Quote) -> tuple[Span, Span | None] | None:
    """'Name, role:' on the line before a paragraph that opens with the quote."""
    text = parsed.text
    prev = [p for p in parsed.paragraphs if p.end <= q.span.start]
    if not prev or text[prev[-1].end : q.span.start].strip():
        return None
    m = _SPEAKER_LINE.fullmatch(prev[-1].text)
    if m is None:
        return None
    base = prev[-1].start
    role = Span.of(text, base + m.start("role"), base + m.end("role")) if m["role"] else None
    return Span.of(text, base + m.start("name"), base + m.end("name")), role


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _paragraph_gap(parsed: Parsed, a: int, b: int) -> int:
    return sum(1 for p in parsed.paragraphs if a <= p.start < b)


def _union(text: str, a: Span, b: Span) -> Span:
    return Span.of(text, min(a.start, b.start), max(a.end, b.end))


def _dedupe(drafts: list[Draft]) -> list[Draft]:
    """One statement per cue; a cue-less one only where no other statement covers it.

    Layout statements win, then those with a speaker, then longer ones.
    """
    rank = {StatementKind.LABELLED_BLOCK: 0, StatementKind.TRANSCRIPT_LINE: 0}
    ordered = sorted(
        drafts,
        key=lambda d: (rank.get(d.kind, 1), d.speaker is None, -(d.content.end - d.content.start)),
    )
    kept: list[Draft] = []
    for d in ordered:
        if d.cue is not None:
            # Distinct cues stand on their own, nested ones included ("X said Y claimed Z").
            clash = any(k.cue is not None and k.cue.overlaps(d.cue) for k in kept) or any(
                k.cue is None and k.content.overlaps(d.content) for k in kept
            )
        else:
            clash = any(k.content.overlaps(d.content) for k in kept)
        if not clash:
            kept.append(d)
    return kept
