"""Cue-anchored attribution from the dependency parse: who (source) said what (content).

Covers "X said (that) ...", "..., X said", "X warned/argued/insisted ...", "according to X, ...",
"X's view is that ...", "X called for ...", and cues the classifier finds beyond these.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..core.records import Span
from ..lang.en.cues import (
    AUX_LEFT,
    CONTENT_PREPS,
    DECIDING,
    INHERIT,
    INVERTED_SPEECH,
    QUANTITY_NOUNS,
    REPORT_NOUNS,
    SOURCE_CUT,
    SUBJ,
)
from ..lang.en.cues import VIEW_NOUNS as VIEW_NOUNS  # re-exported: stages.py reads it here
from ..nlp import lemma
from .cues import CueModel

_EDGE_PUNCT = frozenset(",;:—–-")


@dataclass(frozen=True, slots=True)
class Attribution:
    """One cue with its source and content, offsets into the whole document."""

    cue: Span
    source: Span | None
    source_token: int | None
    content: Span | None
    score: float
    colon_block: bool = False


def find_attributions(doc: Doc, offset: int, text: str, model: CueModel) -> list[Attribution]:
    """All attributions in one parsed sentence ``doc`` that starts at ``offset`` in ``text``."""
    scores = {t.i: model.score(t) for t in doc if model.worth_scoring(t)}
    positive = {i for i, p in scores.items() if p >= model.threshold}
    for tok in doc:
        if (
            _is_view_noun(tok)
            or _is_report_noun(tok)
            or _had_to_say(tok)
            or _made_clear(tok) is not None
            or _inverted_after_quote(tok, offset, text)
        ):
            positive.add(tok.i)
            scores[tok.i] = max(scores.get(tok.i, 0.0), 0.9)
    # Multi-word cues ("according to", "has said", "called for") count once, at their head.
    heads = sorted(i for i in positive if not _absorbed(doc[i], positive))
    return [attribution_at(doc[i], offset, text, scores[i], positive) for i in heads]


def attribution_at(
    tok: Token, offset: int, text: str, score: float, positive: set[int] | None = None
) -> Attribution:
    """The attribution whose cue is ``tok``: its cue span, source and content."""
    positive = positive if positive is not None else {tok.i}
    doc = tok.doc
    make = _made_clear(tok)
    if make is not None:
        # "X made it clear that ...", "..., X made that clear": the subject is make's, the
        # content its "that" clause or the clause before it
        source = next((c for c in make.children if c.dep_ in SUBJ), None)
        said = _made_clear_content(tok, make, source)
        return Attribution(
            cue=_span(text, offset, doc, make.i, tok.i),
            source=_np_span(text, offset, source) if source is not None else None,
            source_token=source.i if source is not None else None,
            content=_tokens_span(text, offset, doc, said) if said else None,
            score=max(score, 0.9),
        )
    cue_toks = _cue_tokens(tok, positive)
    source_tok = _source(tok)
    if source_tok is None and _inverted_after_quote(tok, offset, text):
        source_tok = _inverted_subject(tok)
    content = _content(tok, source_tok, positive)
    # "X shares his insights:" at a paragraph end introduces what follows; an object
    # before the colon ("his insights") names the words, it is not them.
    colon_block = _ends_with_colon(tok) and (
        content is None or not any(t.dep_ in {"ccomp", "xcomp", "mark"} for t in content)
    )
    if colon_block:
        content = None
    return Attribution(
        cue=_span(text, offset, doc, min(cue_toks), max(cue_toks)),
        source=_np_span(text, offset, source_tok) if source_tok is not None else None,
        source_token=source_tok.i if source_tok is not None else None,
        content=_tokens_span(text, offset, doc, content) if content else None,
        score=score,
        colon_block=colon_block,
    )


def quote_governor(doc: Doc, offset: int, start: int, end: int) -> Token | None:
    """The verb outside a quote (document offsets ``start``-``end``) whose clausal complement
    reaches into it and which has a subject: 'X believes that, "..."' even where the cue
    classifier is unsure of the verb."""
    for tok in doc:
        if tok.pos_ != "VERB" or start <= offset + tok.idx < end:
            continue
        if not any(c.dep_ in SUBJ for c in tok.children):
            continue
        for child in tok.children:
            if child.dep_ in {"ccomp", "xcomp", "parataxis"} and any(
                start <= offset + t.idx < end for t in child.subtree
            ):
                return tok
    return None


def _is_view_noun(tok: Token) -> bool:
    """ "X's view is that ...": a stance noun with an owner, subject of a copula with a clause."""
    return (
        lemma(tok) in VIEW_NOUNS
        and tok.dep_ in SUBJ
        and any(c.dep_ == "poss" for c in tok.children)
        and any(c.dep_ == "ccomp" for c in tok.head.children)
    )


def _had_to_say(tok: Token) -> bool:
    """ "X had this to say:", "had the following to say": the "say" that opens a quote."""
    head = tok.head
    return (
        lemma(tok) == "say"
        and tok.dep_ == "xcomp"
        and lemma(head) == "have"
        and any(c.dep_ == "dobj" and c.lower_ in {"this", "following"} for c in head.children)
    )


def _made_clear(tok: Token) -> Token | None:
    """The "make" of "made (it) clear", when ``tok`` is its "clear"."""
    head = tok.head
    if tok.lower_ != "clear" or head.i == tok.i or lemma(head) != "make" or head.i > tok.i:
        return None
    between = {t.lower_ for t in tok.doc[head.i + 1 : tok.i]}
    return head if between <= _CLEAR_BETWEEN else None  # not "crews made the roads clear"


_CLEAR_BETWEEN = frozenset(
    {"it", "that", "this", "very", "abundantly", "perfectly", "quite", "crystal"}
)


def _made_clear_content(tok: Token, make: Token, source: Token | None) -> list[Token] | None:
    """What "made (it) clear" reports: its "that" clause, else the clause before "made"
    ("The bridge stays shut, X made that clear")."""
    for c in [*tok.children, *make.children]:
        if c.i > tok.i and c.dep_ in {"ccomp", "advcl"} and _that_clause(c):
            return _trim(list(c.subtree)) or None
    exclude = set(source.subtree) if source is not None else set()
    before = [
        c for c in make.children if c.i < make.i and c.dep_ in {"advcl", "ccomp", "parataxis"}
    ]
    if before:
        return _trim([t for c in before for t in c.subtree if t not in exclude]) or None
    return None


def _is_report_noun(tok: Token) -> bool:
    """ "Mayor Berg's announcement that the square would reopen ...", "warnings by the
    central bank that prices will rise": a noun of saying owned by a name or with its agent
    ("by" / "from"), with the "that" clause of what was said."""
    if tok.pos_ != "NOUN" or lemma(tok) not in REPORT_NOUNS:
        return False
    host = _report_host(tok)
    owned = (
        any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in tok.children)
        or (_agent_of(tok) or _agent_of(host)) is not None
    )
    return owned and any(
        c.dep_ in {"acl", "ccomp"} and _that_clause(c) for c in {*tok.children, *host.children}
    )


def _report_host(tok: Token) -> Token:
    """The token a noun of saying's agent and clause hang on: the noun, or the noun of
    number it counts ("a wave of warnings from X that ...": "wave")."""
    of = tok.head
    if tok.dep_ == "pobj" and of.lower_ == "of" and of.head.lower_ in QUANTITY_NOUNS:
        return of.head
    return tok


def _agent_of(tok: Token) -> Token | None:
    """The agent of a noun ("warnings by X", "criticism from X")."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in {"by", "from"}:
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def _that_clause(tok: Token) -> bool:
    """Does the clause headed by ``tok`` open with "that" ("that the square would reopen")?"""
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children)


def _absorbed(tok: Token, positive: set[int]) -> bool:
    head = tok.head
    return head.i != tok.i and head.i in positive and abs(head.i - tok.i) <= 2


def _cue_tokens(tok: Token, positive: set[int]) -> list[int]:
    idx = {tok.i}
    idx.update(c.i for c in tok.children if c.i in positive and abs(c.i - tok.i) <= 2)
    doc = tok.doc
    left = tok.i - 1
    while left >= 0 and doc[left].head.i == tok.i and doc[left].dep_ in AUX_LEFT:
        idx.add(left)
        left -= 1
    for c in tok.children:
        if c.dep_ == "prt" or (tok.lower_ == "according" and c.lower_ == "to"):
            idx.add(c.i)
    return sorted(idx)


def _source(tok: Token) -> Token | None:
    lem = lemma(tok)
    if tok.lower_ == "according":
        for c in tok.children:
            if c.lower_ == "to":
                return next((g for g in c.children if g.dep_ == "pobj"), None)
        return None
    if tok.pos_ in {"NOUN", "PROPN"}:
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        if poss is not None:
            return poss
        agent = _agent_of(tok)
        if agent is None and lem in REPORT_NOUNS:
            agent = _agent_of(_report_host(tok))  # "a wave of warnings from X"
        if agent is not None:
            return agent
        if tok.dep_ in SUBJ and lem in VIEW_NOUNS:
            return None
    cur = tok
    for _ in range(3):
        for c in cur.children:
            if c.dep_ in SUBJ:
                return c
            if c.dep_ == "agent":
                return next((g for g in c.children if g.dep_ == "pobj"), None)
        if cur.tag_ == "VBN" and cur.dep_ == "advcl":
            return None  # "Asked about it, she said": she was asked; the asker is unnamed
        if cur.dep_ in INHERIT and cur.head.i != cur.i:
            cur = cur.head
            continue
        if cur.dep_ == "relcl":
            return None
        break
    return _stray_subject(tok)


def _stray_subject(tok: Token) -> Token | None:
    """The speaker the parse hung elsewhere: a main verb with no subject, right after a name
    or a role set off by commas that the parse took as an apposition of an earlier noun
    ("Asked whether the ministry backed the plan, a spokeswoman, Anna Berg, said ...")."""
    if tok.dep_ != "ROOT" or tok.pos_ != "VERB":
        return None
    at = tok.i - 1
    doc = tok.doc
    while at >= 0 and doc[at].is_punct:
        at -= 1
    if at < 0 or at == tok.i - 1 or doc[at].dep_ != "appos":
        return None  # "X, Y, said" only: the commas set the name off
    return doc[at] if doc[at].pos_ in {"PROPN", "NOUN"} else None


def _content(tok: Token, source: Token | None, cues: set[int]) -> list[Token] | None:
    doc = tok.doc
    lem = lemma(tok)
    exclude = set(source.subtree) if source is not None else set()
    if tok.lower_ == "according":
        head = tok.head
        if head.i == tok.i:
            return None
        drop = set(tok.subtree)
        return _trim([t for t in head.subtree if t not in drop])
    # "X's view is that ...": the noun is the cue, the copula's clause the content.
    if tok.dep_ in SUBJ and lem in VIEW_NOUNS:
        clause = [c for c in tok.head.children if c.dep_ in {"ccomp", "attr", "acomp"}]
        return _trim([t for c in clause for t in c.subtree]) or None
    for deps in (("ccomp",), ("xcomp",)):
        # A clause headed by another cue is that cue's attribution, not part of this content.
        kids = [c for c in tok.children if c.dep_ in deps and c.i not in cues]
        if kids:
            return _trim([t for c in kids for t in c.subtree if t not in exclude])
    if tok.dep_ in {"parataxis", "ccomp", "advcl"} and tok.head.i < tok.i:
        drop = set(tok.subtree)
        return _trim([t for t in tok.head.subtree if t not in drop]) or None
    if _parenthetical(tok):
        # "The levy, the ministry says, will ...", "as X explained, the roof was ...":
        # the clause the cue interrupts or introduces is what it reports
        head = tok.head
        drop = set(tok.subtree) | {c for c in head.children if c.dep_ == "mark"}
        return _trim([t for t in head.subtree if t not in drop]) or None
    if tok.pos_ in {"NOUN", "PROPN"}:
        kids = [c for c in tok.children if c.dep_ in {"acl", "ccomp", "appos", "relcl"}]
        host = _report_host(tok) if lem in REPORT_NOUNS else tok
        if host is not tok:
            kids += [c for c in host.children if c.dep_ in {"acl", "ccomp"} and _that_clause(c)]
        kids += [c for c in tok.children if c.dep_ == "prep" and c.lower_ in CONTENT_PREPS]
        return _trim([t for c in kids for t in c.subtree]) or None
    # "X voted 9-2 on Monday to close the bridge": the parse may take the
    # infinitive for a clause of purpose; after a cue of deciding it is what was decided
    purpose = [c for c in tok.children if c.dep_ == "advcl" and c.i > tok.i and _infinitive(c)]
    if lem in DECIDING and purpose:
        return _trim(list(purpose[0].subtree)) or None
    objects = [c for c in tok.children if c.dep_ in {"dobj", "dative", "attr", "acomp", "oprd"}]
    preps = [
        c for c in tok.children if c.dep_ == "prep" and c.lower_ in CONTENT_PREPS and c.i > tok.i
    ]
    if objects or preps:
        toks = [t for c in objects + preps for t in c.subtree if t not in exclude]
        return _trim(toks) or None
    # "He said:" with the words after the colon in the same sentence.
    after = [t for t in doc if t.i > tok.i]
    if after and after[0].text == ":" and len(after) > 2:
        return _trim(after[1:])
    return None


def _parenthetical(tok: Token) -> bool:
    """A verb cue set in the clause it reports: between commas before its head ("The plan,
    the ministry says, will raise ...") or opened by "as" ("as X explained, the roof
    was ...", "As X stated, our members ...")."""
    head = tok.head
    if head.i == tok.i or head.i < tok.i or tok.pos_ not in {"VERB", "AUX"}:
        return False
    if any(c.dep_ in _OWN_CONTENT for c in tok.children):
        return False  # "As the president announced the deal, markets rose": its own words
    if tok.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children)
    if tok.dep_ == "parataxis":
        marks = [c.i for c in tok.children if c.text == ","]
        before = any(i < tok.i for i in marks) or tok.doc[max(tok.left_edge.i - 1, 0)].text == ","
        return before and any(i > tok.i for i in marks)
    return False


# Children of a cue that are what it reports, or its object: such a cue is no parenthetical.
_OWN_CONTENT = frozenset({"dobj", "ccomp", "xcomp"})


def _infinitive(tok: Token) -> bool:
    """A verb with "to" before it ("to abolish")."""
    return tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _ends_with_colon(tok: Token) -> bool:
    toks = [t for t in tok.sent if not t.is_space]
    return bool(toks) and toks[-1].text == ":"


def _trim(toks: list[Token]) -> list[Token]:
    toks = sorted(set(toks), key=lambda t: t.i)
    while toks and ((toks[0].is_punct and toks[0].text in _EDGE_PUNCT) or toks[0].is_space):
        toks = toks[1:]
    while toks and ((toks[-1].is_punct and toks[-1].text in _EDGE_PUNCT) or toks[-1].is_space):
        toks = toks[:-1]
    return toks


def _np_span(text: str, offset: int, tok: Token) -> Span:
    """The noun phrase headed by ``tok``, without relative clauses and trailing clauses."""
    keep = {tok.i}
    stack = [c for c in tok.children if c.dep_ not in SOURCE_CUT]
    while stack:  # a clause goes at any depth ("Mayor furious as X rejects")
        t = stack.pop()
        keep.add(t.i)
        stack.extend(c for c in t.children if c.dep_ != "advcl")
    lo, hi = min(keep), max(keep)
    doc = tok.doc
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    # "the charity Second Chance Trust", where the parse hangs the name elsewhere: a common
    # noun followed at once by a name holds that name
    after = hi + 1
    if (
        doc[hi].pos_ == "NOUN"
        and after < len(doc)
        and doc[after].ent_iob_ == "B"
        and doc[after].ent_type_ in ("ORG", "PERSON")
    ):
        while after + 1 < len(doc) and doc[after + 1].ent_iob_ == "I":
            after += 1
        hi = after
    return _span(text, offset, doc, lo, hi)


def _tokens_span(text: str, offset: int, doc: Doc, toks: list[Token]) -> Span:
    return _span(text, offset, doc, toks[0].i, toks[-1].i)


def _span(text: str, offset: int, doc: Doc, first: int, last: int) -> Span:
    start = offset + doc[first].idx
    end = offset + doc[last].idx + len(doc[last].text)
    return Span.of(text, start, end)


_CLOSING = frozenset("\"”’»'")


def _inverted_after_quote(tok: Token, offset: int, text: str) -> bool:
    """A speech verb right after a closing quote with its subject after it ('"Free for
    whom?" asked Mikko Sundqvist'): it reports that quote (which may end the sentence
    before: ``text`` is the document, ``offset`` where the sentence starts)."""
    if lemma(tok) not in INVERTED_SPEECH or tok.pos_ not in {"VERB", "AUX"}:
        return False
    at = offset + tok.idx
    before = text[max(0, at - 4) : at]
    mark = before.rstrip()
    if not mark or mark[-1] not in _CLOSING or mark == before:
        return False  # no mark, or one the verb is glued to
    if len(mark) < 2 or mark[-2].isspace():
        return False  # a mark after a space opens a quote ('she said: "Ask Smith ...')
    return _inverted_subject(tok) is not None


def _inverted_subject(tok: Token) -> Token | None:
    """The subject after an inverted speech verb, which the parser may read as its object
    ("asked Mikko Sundqvist": a name or a pronoun right after the verb)."""
    for c in tok.children:
        if c.i <= tok.i or c.i > tok.i + 3:
            continue
        if c.dep_ in SUBJ or (c.dep_ == "dobj" and c.pos_ in {"PROPN", "PRON"}):
            return c
    return None
