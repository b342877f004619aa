"""Attribution: every statement in a document and the mention of who made it."""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc

from ..core.records import Span, StatementKind
from ..core.state import Draft
from ..lang.en.names import FIRST_PERSON
from ..nlp import Parsed
from ..text import Lines, Quote, Quotes, find_quotes, is_heading, shouted
from .cues import CueModel
from .index import Containing, Kept, overlapping, spans_containing
from .layouts import labelled_blocks, transcript_lines
from .reported import Attribution, attribution_at, find_attributions, quote_governor

MIN_QUOTE_WORDS = 5
NESTED_MIN_SCORE = 0.7
GOVERNOR_SCORE = 0.5
_DASH_SPEAKER = re.compile(
    r"[\s,]*[—–―]+\s*(?P<name>[A-Z][^\n,;.()]{1,60})(?P<role>,[^\n]{1,150})?"
)
_SPEAKER_DASH = re.compile(
    r"(?P<name>[A-Z][^\n,;.()“”\"]{1,60})(?P<role>,[^\n—–―“”\"]{1,150})?\s*[—–―:]\s*$"
)
_SPEAKER_LINE = re.compile(
    r"(?P<name>[A-Z][^\n,;:.()“”\"]{1,60}?)(?:,\s*(?P<role>[^\n:“”\"]{1,150}))?\s*:"
)
_NEAR_CUE = re.compile(r"[\s,:;.!?—–\-\"”»’]*")
# what follows a quote that ends its sentence ('... "live here". Critics said'): a full stop
# after the closing mark; such a quote is not the next sentence's cue's
_ENDS_SENTENCE = re.compile(r"\s*[.!?]")
_NON_SPACE = re.compile(r"\S+")
# a quote ends at most this many words before the cue that claims it ('"...," he said')
ADJACENT_WORDS = 6

__all__ = ["CueModel", "Draft", "attribute"]


def attribute(parsed: Parsed, model: CueModel) -> list[Draft]:
    """Statements of one document, before speaker resolution, in text order."""
    text = parsed.text
    quotes = Quotes(find_quotes(text, parsed.paragraphs))
    lines = Lines(text, parsed.paragraphs)
    layout = labelled_blocks(text, parsed.paragraphs) + transcript_lines(text, parsed.paragraphs)
    drafts = list(layout)
    in_layout = Containing([_block(d) for d in layout])
    for s_index, sent in enumerate(parsed.sentences):
        if sent.doc is None or shouted(text[sent.start : sent.end]):
            continue  # a headline in capitals ("KEY SENATOR SAYS ...") credits no one
        found = find_attributions(sent.doc, sent.start, text, model)
        if not found and sent.doc[-1:].text == ":":
            found = _presentational_colon(sent.doc, sent.start, text)
        for att in found:
            if in_layout.contains(att.cue):
                # Nested in a roundup entry or an answer: the layout's speaker holds it.
                continue
            if _first_person_in_quote(att, quotes):
                continue  # "I think" inside a quote is the quoted speaker's own statement
            draft = _from_cue(att, quotes, parsed, lines, s_index)
            if draft is not None:
                drafts.append(draft)
    drafts = _drop_weak_nested(_dedupe(drafts), quotes)
    drafts += _governed_quotes(quotes, drafts, parsed, lines)
    drafts += _unclaimed_quotes(text, quotes, drafts, parsed, lines)
    # A statement nobody is credited with has no place in a map of who says what.
    kept = [d for d in _dedupe(drafts) if d.speaker is not None]
    return sorted(kept, key=lambda d: d.content.start)


def _drop_weak_nested(drafts: list[Draft], quotes: Quotes) -> list[Draft]:
    """A cue inside another statement's words must be confident to stand on its own, and
    one inside another speaker's quotation belongs to that speaker's statement."""
    with_cue = [i for i, d in enumerate(drafts) if d.cue is not None]
    cues = [c for i in with_cue if (c := drafts[i].cue) is not None]
    holders = spans_containing(cues, [d.content for d in drafts])
    dropped = set()
    for i, held_by in zip(with_cue, holders, strict=True):
        d = drafts[i]
        assert d.cue is not None
        hosts = [drafts[h] for h in held_by if h != i]
        around = quotes.around(d.cue)
        in_quote = (
            around is not None
            and around.words >= MIN_QUOTE_WORDS
            and around.inner.contains(d.cue)
            and any(h.content.overlaps(around.inner) for h in hosts)
        )
        if hosts and not (d.score >= NESTED_MIN_SCORE and not in_quote):
            dropped.add(i)
    return [d for i, d in enumerate(drafts) if i not in dropped]


def _from_cue(
    att: Attribution, quotes: Quotes, parsed: Parsed, lines: Lines, s_index: int
) -> Draft | None:
    text = parsed.text
    content = att.content
    around = quotes.around(att.cue)  # the one quote the cue is inside, if any

    def outside(span: Span) -> list[Quote]:
        return [q for q in quotes.overlapping(span.start, span.end) if q is not around]

    if content is None and att.colon_block:
        content = _following_block(parsed, lines, att.cue.end)
    if content is None:
        content = _adjacent_quote(text, att.cue, quotes, lines, att.source)
    if content is None:
        return None
    joined = [q for q in outside(content) if q.words >= MIN_QUOTE_WORDS]
    for q in joined:
        content = _union(text, content, q.inner)
    quoted = sum(
        min(q.inner.end, content.end) - max(q.inner.start, content.start) for q in outside(content)
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


def _first_person_in_quote(att: Attribution, quotes: Quotes) -> bool:
    if att.source is None or att.source.text.lower() not in FIRST_PERSON:
        return False
    q = quotes.around(att.cue)
    return q is not None and q.words >= MIN_QUOTE_WORDS and q.inner.contains(att.cue)


def _adjacent_quote(
    text: str, cue: Span, quotes: Quotes, lines: Lines, source: Span | None = None
) -> Span | None:
    """A quote that ends just before the cue ('"...," he said': at most
    :data:`ADJACENT_WORDS` words before it besides the cue's source, on its line, not
    closing its sentence with a full stop after the mark), else the first that starts right
    after it (only punctuation between); of those before, the earliest. Only the quotes next
    to the cue are looked at: a gap that fails fails for every quote farther away. A quote
    of one word counts when it opens its sentence ('"Reckless," Mayor X, a former engineer who
    ..., said')."""
    line = lines.line_start(cue.start)
    earliest = None
    for q in quotes.ending_by(cue.start):
        named = source is not None and q.span.end <= source.start and source.end <= cue.start
        most = ADJACENT_WORDS + (len(source.text.split()) if named and source else 0)
        if q.span.end < line or not _few_words(text, q.span.end, cue.start, most):
            break
        if _ENDS_SENTENCE.match(text, q.span.end, cue.start):
            break
        if q.words >= 2 or (q.words == 1 and _opens_sentence(text, q, line)):
            earliest = q
    if earliest is not None:
        return earliest.inner
    for q in quotes.starting_from(cue.end):
        if not _NEAR_CUE.fullmatch(text, cue.end, q.span.start):
            break
        if q.words >= 2:
            return q.inner
    return None


def _opens_sentence(text: str, q: Quote, line: int) -> bool:
    """Does the quote open its line or a sentence, and end with a comma, "!" or "?" at its
    closing mark ('"Reckless," she said'; not a scare quote inside a sentence)?"""
    before = text[line : q.span.start].rstrip().rstrip("\"”’'»")
    closing = text[q.inner.end : q.span.end + 1]
    return (not before or before[-1] in ".!?") and any(c in closing for c in ",!?")


def _few_words(text: str, start: int, end: int, most: int) -> bool:
    """``len(text[start:end].split()) <= most``, reading no further than it must."""
    return all(n <= most for n, _word in enumerate(_NON_SPACE.finditer(text, start, end), 1))


def _following_block(parsed: Parsed, lines: Lines, pos: int) -> Span | None:
    """'X shares his insights:' introduces the paragraphs that follow, up to the next heading."""
    i = lines.first_from(pos)
    paras = parsed.paragraphs
    while i < len(paras) and is_heading(paras[i]):
        i += 1
    block: list[Span] = []
    for p in paras[i : i + 5]:
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


def _unclaimed(quotes: Quotes, drafts: list[Draft]) -> list[Quote]:
    """The quotes of :data:`MIN_QUOTE_WORDS` words or more that no statement claims: none
    overlaps their words, but for a statement whose cue is inside them ("Nobody asked
    ...": the quote's own words, not its claim)."""
    long = [q for q in quotes if q.words >= MIN_QUOTE_WORDS]
    near = overlapping([q.inner for q in long], [d.content for d in drafts])
    out = []
    for q, found in zip(long, near, strict=True):
        claimed = any(
            not ((cue := drafts[i].cue) is not None and q.inner.contains(cue)) for i in found
        )
        if not claimed:
            out.append(q)
    return out


def _governed_quotes(
    quotes: Quotes, drafts: list[Draft], parsed: Parsed, lines: Lines
) -> list[Draft]:
    """Quotes no cue claimed, introduced by a verb with a subject in the same sentence."""
    found = []
    starts = [sent.start for sent in parsed.sentences]
    for q in _unclaimed(quotes, drafts):
        s_index = bisect_right(starts, q.span.start) - 1
        sent = parsed.sentences[s_index] if s_index >= 0 else None
        if sent is None or sent.doc is None or not (sent.start <= q.span.start < sent.end):
            continue
        tok = quote_governor(sent.doc, sent.start, q.span.start, q.span.end)
        if tok is None:
            continue
        att = attribution_at(tok, sent.start, parsed.text, GOVERNOR_SCORE)
        draft = _from_cue(att, quotes, parsed, lines, s_index)
        if draft is not None and draft.speaker is not None:
            found.append(draft)
    return found


def _unclaimed_quotes(
    text: str, quotes: Quotes, drafts: list[Draft], parsed: Parsed, lines: Lines
) -> list[Draft]:
    """Quotes no cue claimed: speaker after a dash, on the line before, or the last speaker."""
    found = []
    # the statements with a speaker by where they end, to find the last one before a quote
    by_start = sorted(range(len(drafts)), key=lambda i: drafts[i].content.start)
    rank = {i: r for r, i in enumerate(by_start)}
    by_end = sorted(
        (i for i in by_start if drafts[i].speaker is not None),
        key=lambda i: drafts[i].content.end,
    )
    at, last = 0, None
    for q in _unclaimed(quotes, drafts):
        while at < len(by_end) and drafts[by_end[at]].content.end <= q.span.start:
            i = by_end[at]
            if last is None or (drafts[i].content.start, rank[i]) > (
                drafts[last].content.start,
                rank[last],
            ):
                last = i
            at += 1
        named = _named_speaker(text, parsed, lines, q)
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
        if last is not None and lines.count_starting(drafts[last].content.end, q.span.start) <= 1:
            prev = drafts[last]
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


def _named_speaker(
    text: str, parsed: Parsed, lines: Lines, q: Quote
) -> tuple[Span, Span | None] | None:
    """The speaker the layout names: '"..." — Name, role', 'Name, role — "..."', or a
    'Name, role:' line before the quote's paragraph."""
    for m in (
        _DASH_SPEAKER.match(text, q.span.end),
        _SPEAKER_DASH.match(text, lines.line_start(q.span.start), q.span.start),
    ):
        if m is not None:
            role = Span.of(text, m.start("role") + 1, m.end("role")) if m["role"] else None
            return Span.of(text, m.start("name"), m.end("name")), role
    return _speaker_line(parsed, lines, q)


def _speaker_line(parsed: Parsed, lines: Lines, q: Quote) -> tuple[Span, Span | None] | None:
    """'Name, role:' on the line before a paragraph that opens with the quote."""
    prev = lines.before(q.span.start)
    if prev is None or not lines.opens_paragraph(q.span.start):
        return None  # text between the last paragraph's end and the quote
    m = _SPEAKER_LINE.fullmatch(prev.text)
    if m is None:
        return None
    base, text = prev.start, parsed.text
    role = Span.of(text, base + m.start("role"), base + m.end("role")) if m["role"] else None
    return Span.of(text, base + m.start("name"), base + m.end("name")), role


def _union(text: str, a: Span, b: Span) -> Span:
    return Span.of(text, min(a.start, b.start), max(a.end, b.end))


def _dedupe(drafts: list[Draft]) -> list[Draft]:
    """One statement per cue; a cue-less one only where no other statement covers it.

    Layout statements win, then those with a speaker, then longer ones, then the surer cue.
    Two cues of the very same words ('X disagreed. "...," she said') are one statement.
    """
    rank = {StatementKind.LABELLED_BLOCK: 0, StatementKind.TRANSCRIPT_LINE: 0}
    ordered = sorted(
        drafts,
        key=lambda d: (
            rank.get(d.kind, 1),
            d.speaker is None,
            -(d.content.end - d.content.start),
            -d.score,
        ),
    )
    same: set[tuple[int, int]] = set()
    cues = Kept([d.cue for d in drafts if d.cue is not None])
    cueless = Kept([d.content for d in drafts if d.cue is None])
    contents = Kept([d.content for d in drafts])
    kept: list[Draft] = []
    for d in ordered:
        if d.cue is not None:
            # Distinct cues stand on their own, nested ones included ("X said Y claimed Z").
            where = (d.content.start, d.content.end)
            clash = cues.overlaps(d.cue) or cueless.overlaps(d.content) or where in same
        else:
            clash = contents.overlaps(d.content)
        if not clash:
            kept.append(d)
            contents.add(d.content)
            if d.cue is not None:
                cues.add(d.cue)
                same.add((d.content.start, d.content.end))
            else:
                cueless.add(d.content)
    return kept
