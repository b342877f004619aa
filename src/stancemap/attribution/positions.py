"""Positions the text describes without quoting: "the initiative is backed by X and Y",
"signatories include X", "X, who backs a lower voting age", "opposition is led by X".

Often a speaker's only statement in a story. The ``positions`` stage places every person or
organisation named in a sentence that holds a position cue (:data:`POSITION_CUE`) and that
has no statement of its own in that sentence: the sentence is its statement, of kind
``described_position``, with the cue as its cue; the stance stage reads the sentence for it.
It runs in debate maps, after the speakers (``extract`` reports what was said, not this).

A name coordinated with a statement's speaker ("X and Y called the lawsuit cruel", "X, Y and
Z argued"; a ``conj`` of the speaker's head in the parse) says the same: it gets a copy of
the statement (:func:`co_speakers`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import pairwise

from spacy.tokens import Token

from ..core import Actor, Analysis, Draft, Span, StatementKind
from ..core.state import Names
from ..lang.en.names import (
    NAME_JOIN,
    ORGANISATION_WORDS,
    ROLE_TITLES,
    TITLE_ABBREVIATIONS,
    TITLES,
)
from ..lang.en.positions import (
    ACTIVE_VERB_CUE,
    AGENT_AFTER,
    ASKED_WHETHER,
    CAMP_CUE,
    CONTINUES_LIST,
    CUE_PREFIX,
    GROUP_HEAD,
    HOLDER_NOUN,
    HOLDER_OBJECT,
    NOUN_CUE,
    PASSIVE_AFTER,
    PLACE_BEFORE,
    POSITION_CUE,
    POSITION_HOLDERS,
    RELATIVE_AFTER,
    SIGNATORIES,
)
from ..lang.en.words import CALENDAR
from ..nlp import Sentence, noun_examples
from .index import Kept
from .speakers import first_names, name_key

# A described position is weaker evidence than a quote: it ranks below one in a map.
DESCRIBED_SCORE = 0.5
# A sentence longer than this is a list or a dump, not a description of positions.
MAX_SENTENCE_CHARS = 1_500


class PositionStage:
    """Described positions of the people and organisations a sentence names."""

    name = "positions"
    requires = ("parsed", "statements", "speakers")
    assigns = ("statements",)

    def __call__(self, analysis: Analysis) -> Analysis:
        parsed = analysis.parsed
        if parsed is None:
            return analysis
        text = parsed.text
        actor_named = _actor_lookup(analysis)
        copies, general = co_speakers(analysis, actor_named)
        analysis.drafts = [*(d for d in analysis.drafts if id(d) not in general), *copies]
        # who already speaks in each sentence: by the sentence a statement's speaker is in
        # and where their statements (cue and content) lie
        speaking: dict[int, dict[str, list[tuple[Span, int, int]]]] = {}
        starts = [s.start for s in parsed.sentences]
        for d in analysis.drafts:
            if d.speaker is not None:
                i = _sentence_at(starts, d.speaker.start)
                lo = min(d.content.start, d.cue.start if d.cue else d.content.start)
                hi = max(d.content.end, d.cue.end if d.cue else d.content.end)
                who = speaking.setdefault(i, {})
                who.setdefault(d.actor or d.speaker.text, []).append((d.speaker, lo, hi))
        # names that are part of someone else's mention or role ("managing director of
        # the Courier", "the Vote Leave campaign said"): not holders of a position of their own
        names = [
            span
            for d in analysis.drafts
            for span in (d.speaker, d.role)
            if span is not None and span.end > span.start
        ]
        covered = Kept(names)
        for span in names:
            covered.add(span)
        found: list[Draft] = []
        for i, sent in enumerate(parsed.sentences):
            if sent.end - sent.start > MAX_SENTENCE_CHARS or not (
                sent.entities or _OPENING_PRONOUN.match(text, sent.start)
            ):
                continue
            cue = POSITION_CUE.search(text, sent.start, sent.end)
            while cue is not None and ASKED_WHETHER.search(text[sent.start : cue.start()]):
                cue = POSITION_CUE.search(text, cue.end(), sent.end)  # what was asked
            camp = CAMP_CUE.search(text, sent.start, sent.end)
            subjects = None  # a camp places only the subjects of the sentence's clauses
            if camp is not None and (cue is None or camp.start() < cue.start()):
                cue, subjects = camp, _camp_subjects(sent, camp.end())
            if cue is None:
                # "Among them were X and Y": the names hold the sentence before's cue
                before = parsed.sentences[i - 1] if i else None
                if before is None or not CONTINUES_LIST.match(text, sent.start, sent.end):
                    continue
                cue = _last(POSITION_CUE.finditer(text, before.start, before.end))
                if cue is None:
                    continue
            content = Span.of(text, sent.start, sent.end)
            if i and _holds_earlier(text, cue, sent.start):
                # "Among the signatories were X": what they signed is the sentence before's,
                # and so is the cue that says it ("a letter urging ...") when it has one
                before = parsed.sentences[i - 1]
                content = Span.of(text, before.start, sent.end)
                if SIGNATORIES.fullmatch(cue.group(0)):
                    cue = _last(POSITION_CUE.finditer(text, before.start, before.end)) or cue
            # an active verb's object is what it acts on, not a holder
            # (not a noun: "has the backing of X", whose "of" names the holder)
            active = (
                ACTIVE_VERB_CUE.match(cue.group(0)) is not None
                and not PASSIVE_AFTER.match(text, cue.end(), sent.end)
                and not _DETERMINED.search(text, max(sent.start, cue.start() - 8), cue.start())
            )
            taken = speaking.get(i, {})
            seen: set[str] = set()
            people_end = -1  # where the last person named in the sentence ends
            held = [(span, holder_label(span.text, label)) for span, label in sent.entities]
            people = [span.start for span, label in held if label == "PERSON"]
            resolved: dict[int, Actor] = {}
            if active and i:
                # "She has already ruled out a bag tax": the person the pronoun stands for
                found_pronoun = _pronoun_holder(text, sent.start, cue, analysis.names)
                person = actor_named(found_pronoun[1]) if found_pronoun else None
                if found_pronoun is not None and person is not None:
                    held.insert(0, (found_pronoun[0], "PERSON"))
                    resolved[found_pronoun[0].start] = person
            # a cue with "by" or "from" after it is the position of the name it introduces
            # ("backed the levy despite opposition from X"), not the sentence's first
            others = (
                list(POSITION_CUE.finditer(text, sent.start, sent.end))
                if cue.start() >= sent.start and subjects is None
                else []
            )
            agents = [
                m for m in others if m.start() != cue.start() and AGENT_AFTER.match(text, m.end())
            ]
            # a verb cue right after a name is that name's own ("X backed the bill while Y
            # opposed it": Y opposed it; "Y abstained"), not the sentence's first
            verbs = [
                m for m in others if m.start() >= cue.end() and ACTIVE_VERB_CUE.match(m.group(0))
            ]
            for span, label in held:
                mine = _agent_cue(agents, span) or _own_verb(text, verbs, span)
                holds = cue if mine is None else mine
                acts = active and mine is None
                after_person = people_end
                if label == "PERSON":
                    people_end = span.end
                if label not in POSITION_HOLDERS or span.overlaps(
                    Span(holds.start(), holds.end(), "")
                ):
                    continue
                if subjects is not None and not any(span.start <= h < span.end for h in subjects):
                    continue
                if acts and _object_of(text, holds.end(), span.start):
                    continue
                if label != "PERSON" and (
                    _employer(text, after_person, span.start)
                    or _premodifies(text, span.end, people)
                    or _titles(text, span.end)
                    or (label == "NORP" and _name_goes_on(text, span.end))
                ):
                    continue
                if PLACE_BEFORE.search(
                    text, max(sent.start, span.start - 10), span.start
                ) and not RELATIVE_AFTER.match(text, span.end):
                    continue  # "marched through Carrickmore": where, not who
                if _noun_object(text, holds, span.start) or _others_relative(
                    text, span.end, holds.start()
                ):
                    continue
                actor = resolved.get(span.start) or actor_named(span.text)
                name = actor.name if actor is not None else span.text
                said = taken.get(name, ())
                own = any(m.start <= span.start and span.end <= m.end for m, _, _ in said)
                if covered.overlaps(span) and not own:
                    continue
                # a speaker of the sentence holds the cue too when it is none of their
                # statements' and the sentence gives it to them ("X did not back the
                # motion, saying ...": :func:`_holds_own`)
                if said and (
                    any(lo <= holds.start() < hi for _, lo, hi in said)
                    or not _holds_own(text, span, holds, sent.start)
                ):
                    continue
                if name in seen or not (name_key(span.text) or span.start in resolved):
                    continue
                seen.add(name)
                found.append(
                    Draft(
                        content=content,
                        kind=StatementKind.DESCRIBED_POSITION,
                        speaker=span,
                        cue=Span.of(text, holds.start(), holds.end()),
                        score=DESCRIBED_SCORE,
                        actor=actor.name if actor is not None else None,
                        role_name=actor.role if actor is not None else None,
                    )
                )
        analysis.drafts = sorted(
            [*analysis.drafts, *found],
            key=lambda d: (d.content.start, d.speaker.start if d.speaker else 0),
        )
        return analysis


def co_speakers(
    analysis: Analysis, actor_named: Callable[[str], Actor | None]
) -> tuple[list[Draft], set[int]]:
    """Copies of each statement for the people and organisations coordinated with its
    speaker ("Judge Ana Brandt and Commissioner Tomas Reyes called it cruel": Reyes too),
    read from the parse: the ``conj`` tokens under the speaker's head or its mention, the
    names the text joins to the speaker's ("X and Y said", :func:`_joined_names`), and the
    examples its noun gives ("warnings from groups such as X and Y"), each with the words
    before it holding a named holder that is not the speaker (nor another speaker of the
    same sentence). Also the ``id`` of each statement whose speaker is a common noun that
    gives such examples ("Groups such as X and Y"): the examples speak, not the noun."""
    parsed = analysis.parsed
    general: set[int] = set()
    if parsed is None:
        return [], general
    spoken = {
        (d.source_ref[0], d.speaker.start) for d in analysis.drafts if d.source_ref and d.speaker
    }
    out: list[Draft] = []
    for d in analysis.drafts:
        if d.source_ref is None or d.speaker is None:
            continue
        sent = parsed.sentences[d.source_ref[0]]
        if sent.doc is None:
            continue
        doc = sent.doc
        head = doc[d.source_ref[1]]
        examples = noun_examples(head)
        given = len(out)
        heads = [head, *(c for c in head.children if c.dep_ == "appos"), *examples]
        found = [
            (tok, _conjunct_name(sent.entities, sent.start, tok))
            for tok in [*examples, *_conjuncts(heads)]
        ]
        joined = _joined_names(sent.entities, d.speaker, parsed.text)
        found += [(head, span) for span in joined]
        seen: set[int] = set()
        for tok, span in found:
            if span is None or span.start in seen:
                continue
            # a name within the speaker's own words ("X and Y said") is no other speaker's
            own = d.speaker.start <= span.start < d.speaker.end and span in joined
            if (d.source_ref[0], span.start) in spoken and not own:
                continue
            seen.add(span.start)
            actor = actor_named(span.text)
            # a mention of the whole coordination ("Leader X and Senator Y") resolved to X
            if actor is not None and actor.name == d.actor:
                continue
            out.append(
                replace(
                    d,
                    speaker=span,
                    source_ref=(d.source_ref[0], tok.i),
                    actor=actor.name if actor is not None else None,
                    role=None,
                    role_name=actor.role if actor is not None else None,
                    fields=dict(d.fields),
                )
            )
        # the noun itself holds nothing once its examples do (unless it was resolved to
        # one of them: "bodies such as the Harbour Trust" as the Trust's)
        resolved_to_it = d.actor is None or head.text in d.actor.split()
        if examples and head.pos_ == "NOUN" and len(out) > given and resolved_to_it:
            general.add(id(d))
    return out, general


def _joined_names(entities: tuple[tuple[Span, str], ...], speaker: Span, text: str) -> list[Span]:
    """The named holders a list joins to the speaker's name ("Amnesty International and
    Human Rights Watch said": Amnesty too, where the parse hangs the first name under the
    second rather than as its conjunct; "X, Y and Z said"). A list ends with "and": a name
    after a comma alone is an apposition ("Ana Brandt, Director of the Harbour Trust, says")."""
    holders = sorted(
        (span for span, label in entities if label in POSITION_HOLDERS and label != "NORP"),
        key=lambda sp: sp.start,
    )

    def joins(a: Span, b: Span) -> str | None:
        gap = text[a.end : b.start]
        if not NAME_JOIN.fullmatch(gap):
            return None
        return "and" if "and" in gap else ","

    out: list[Span] = []
    lo, hi = speaker.start, speaker.end
    inside = [sp for sp in holders if lo <= sp.start and sp.end <= hi]
    # the speaker's words may be the whole list ("X and Y"): its names, if joined
    if len(inside) > 1:
        gaps = [joins(a, b) for a, b in pairwise(inside)]
        if all(gaps) and gaps[-1] == "and":
            out += inside
    first = Span(lo, lo, "")
    before = [sp for sp in holders if sp.end <= lo]
    if before and joins(before[-1], first) == "and":  # "..., Y and <speaker>"
        nxt = first
        for span in reversed(before):
            if joins(span, nxt) is None:
                break
            out.append(span)
            nxt = span
    chain: list[Span] = []
    last = Span(hi, hi, "")
    for span in (sp for sp in holders if sp.start >= hi):
        way = joins(last, span)
        if way is None:
            break
        chain.append(span)
        last = span
        if way == "and":  # "<speaker>, X and Y": the list ends at its "and"
            out += chain
            chain = []
    return out


def _conjunct_name(entities: tuple[tuple[Span, str], ...], at: int, tok: Token) -> Span | None:
    """The holder a conjunct names: the named holder that holds its token; for a title the
    parse took as the conjunct ("X and GOP Sen. Y"), the person named right after it; else
    the last person or organisation among the words before it ("GMB trade union"; not a
    party label like "Democrat" in "Democrat Commissioner X")."""
    lo, end = at + tok.left_edge.idx, at + tok.idx
    title = tok.lower_.rstrip(".") in TITLE_WORDS
    before = None
    for span, label in entities:
        if label not in POSITION_HOLDERS:
            continue
        if span.start <= end < span.end:
            return span
        if title:
            if label == "PERSON" and 0 <= span.start - (end + len(tok.text)) <= 2:
                return span
        elif lo <= span.start and span.end <= end and label != "NORP":
            before = span
    return before


# Words that title a person's name: a conjunct that is one names the person after it.
TITLE_WORDS = frozenset({t.rstrip(".") for t in (*TITLES, *ROLE_TITLES, *TITLE_ABBREVIATIONS)})


def _conjuncts(heads: list[Token]) -> list[Token]:
    """The tokens coordinated with any of ``heads`` ("X, Y and Z": Y and Z for X; also
    under an apposition: "Leader X and Senator Y"), each once, none of ``heads``."""
    found: list[Token] = []
    stack = list(heads)
    while stack:
        for child in stack.pop().children:
            if child.dep_ == "conj" and child not in found and child not in heads:
                found.append(child)
                stack.append(child)
    return found


def _holds_earlier(text: str, cue: re.Match[str], start: int) -> bool:
    """Whether the position the cue gives its holders is stated in the sentence before the
    one that starts at ``start``: the cue is there ("Among them were X", continuing the
    sentence before's list), or it is a holder noun with no object of its own ("Among the
    signatories were X", "Supporters include X"; not "supporters of the levy")."""
    if cue.start() < start:
        return True
    return HOLDER_NOUN.fullmatch(cue.group(0)) is not None and not HOLDER_OBJECT.match(
        text, cue.end()
    )


def holder_label(name: str, label: str) -> str:
    """The entity label of a holder, with a person's name the parser took for an
    organisation read as a person's: two to four capitalised words, the first a first name
    (:func:`~.speakers.first_names`), none an organisation's word ("Nadia El Idrissi", not
    "Virginia House of Delegates")."""
    if label != "ORG":
        return label
    words = name.split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() or w in _PARTICLES for w in words):
        return label
    if words[0].lower() not in first_names():
        return label
    if any(w.lower().strip(".,’'") in ORGANISATION_WORDS for w in words):
        return label
    return "PERSON"


# Lower-case words inside a person's name ("Damon de Laszlo", "Ursula von der Leyen").
_PARTICLES = frozenset({"de", "der", "van", "von", "da", "di", "du", "la", "le", "el", "al", "bin"})


def _object_of(text: str, cue_end: int, start: int) -> bool:
    """Is the name at ``start`` the object of the verb cue that ends at ``cue_end`` ("rejected
    Nicola Sturgeon's call", "urged Chancellor Rachel Reeves to"): right after it, a title
    or two between, no punctuation?"""
    return _adjacent(text, cue_end, start, OBJECT_GAP_WORDS, ',;:.()"“”')


def _adjacent(text: str, end: int, start: int, words: int, marks: str) -> bool:
    """Does ``start`` come at most ``words`` words after ``end``, with none of ``marks``
    between?"""
    between = text[end:start] if start >= end else None
    return (
        between is not None
        and len(between.split()) <= words
        and not any(c in between for c in marks)
    )


def _holds_own(text: str, span: Span, cue: re.Match[str], start: int) -> bool:
    """Whether a position cue outside the statements of a name that speaks in the sentence
    (which starts at ``start``) is that name's: a list the sentence continues ("Among them
    were ... X, who lamented ..."), a passive that ends with it ("backed by X, who said
    ..."), the verb it is the subject of ("X did not back the motion, saying ..."), or its
    relative clause or apposition ("says X, who started a group to push for ...", "X, one
    of the most vocal critics, argued ..."); not another holder's ("Y is a supporter
    despite X backing the other side")."""
    if cue.start() < start:
        return True
    if cue.end() <= span.start:
        # "backed by X, who said ...", "has the backing of X, which sent ..."
        agent = PASSIVE_AFTER.match(text, cue.end()) is not None or (
            HOLDER_NOUN.fullmatch(cue.group(0)) is None and _OF.match(text, cue.end()) is not None
        )
        return agent and span.start - cue.end() <= PASSIVE_CHARS
    between = text[span.end : cue.start()]
    if _subject_of(text, span.end, cue.start()):
        return True
    if _RELATIVE.match(between):
        return True
    return (
        HOLDER_NOUN.fullmatch(cue.group(0)) is not None
        and "," in between
        and len(between.split()) <= APPOSITION_WORDS
    )


def _others_relative(text: str, end: int, cue_start: int) -> bool:
    """Is the cue in a relative clause of a noun after the name that ends at ``end``
    ("X answered the society that has led the opposition": the society's, not X's)? Not
    of the name's apposition ("X, the mayor who backed it") or predicate ("X was one of the
    members who voted against")."""
    if cue_start < end:
        return False
    return _OTHERS_RELATIVE.match(text, end, cue_start) is not None


# A clause opened by a relative pronoun right before a cue, after words of the name's own
# clause (no comma first: "X, the mayor who ..." is the name's; nor a copula: "X was one of
# the members who ..." is X's).
_OTHERS_RELATIVE = re.compile(
    r"\s+(?!(?:is|was|are|were|be|been|became|becomes|remains|remained)\b)"
    r"[^,;:.()\"“”–—\s][^,;:.()\"“”–—]*?\s(?:that|which|who)\s+(?:[\w'’-]+\s+){0,3}$",
    re.I,
)
# "X, who ...": a relative clause of the name, up to the cue.
_RELATIVE = re.compile(r"\s*,\s*(?:who|whose|which)\b[^;:.()\"“”–—]*$", re.I)
# How far before a name a passive cue may be ("backed by two club doctors, X"), and how
# many words may come between a name and the holder noun of its apposition ("X of the
# Rovers, one of the most vocal critics").
PASSIVE_CHARS = 60
APPOSITION_WORDS = 10


def _premodifies(text: str, end: int, people: list[int]) -> bool:
    """Is the organisation that ends at ``end`` the employer in a person's title before
    their name ("Greenfield Taverns founder and chairman Owen Hartley"): a person named
    right after it, lower-case words between (at most :data:`TITLE_WORDS_BEFORE`), no
    punctuation?"""
    for start in people:
        if start < end:
            continue
        between = text[end:start].split()
        return (
            0 < len(between) <= TITLE_WORDS_BEFORE
            and between[0] not in {"and", "or"}  # "the Greens and party leader X": two
            and all(w.isalpha() and w.islower() for w in between)
        )
    return False


# Words at most between an organisation and the person whose title it opens.
TITLE_WORDS_BEFORE = 4


def _subject_of(text: str, end: int, cue_start: int) -> bool:
    """Is the name that ends at ``end`` the subject of the cue at ``cue_start`` ("X did not
    back", "X has backed"): the cue after it, a few words between, no punctuation?"""
    return _adjacent(text, end, cue_start, SUBJECT_GAP_WORDS, ',;:.()"“”–—-')


# Words at most between a name and the verb cue it is the subject of ("X did not back").
SUBJECT_GAP_WORDS = 3
# Words at most between a verb cue and the name it acts on ("urged Chancellor X").
OBJECT_GAP_WORDS = 2


def _employer(text: str, person_end: int, start: int) -> bool:
    """Is the organisation at ``start`` named in the apposition of the person before it
    ("Owen Hartley, a founder of Brightline Mobile", "X, president of the Caterers
    Association"): where the person works, not a holder of a position?"""
    if person_end < 0 or start - person_end > APPOSITION_CHARS:
        return False
    between = text[person_end:start]
    if _COORDINATED.search(between):  # "X, who works at A, and B": B is a second holder
        return False
    return between.lstrip().startswith(",") and any(w in between for w in APPOSITION_LINKS)


_COORDINATED = re.compile(r"[,\s](?:and|or)\s+(?:the\s+)?$", re.I)


# An apposition's role before the organisation it names: at most this long, and linked by
# one of these.
APPOSITION_CHARS = 80
APPOSITION_LINKS = (" of ", " at ", " for ", " with ")


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    last = None
    for last in matches:  # noqa: B007 (the loop keeps the last)
        pass
    return last


def _titles(text: str, end: int) -> bool:
    """Is the name that ends at ``end`` the first word of a title ("Harbour Secretary",
    "Cabinet minister", "Alliance Secretary General"): a title word right after it?"""
    m = _NEXT_WORD.match(text, end)
    return m is not None and m.group(1).lower() in _OFFICE_WORDS


def _name_goes_on(text: str, end: int) -> bool:
    """Is the word after a group's adjective ("Scottish", "Republican") capitalised: the
    start of the name it is part of ("the Scottish Parliament", "Republican Senator X"),
    whose holder is that name, not the adjective?"""
    m = _NEXT_WORD.match(text, end)
    return m is not None and m.group(1)[0].isupper() and m.group(1).lower() not in CALENDAR


_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)")
# Title words that name an office after its department ("Harbour Secretary"), not words
# of address ("Sir", "Mr") or "the".
_OFFICE_WORDS = TITLE_WORDS - {
    "the",
    "former",
    "lady",
    "sir",
    "lord",
    "miss",
    "mr",
    "mrs",
    "ms",
    "dr",
}


def _noun_object(text: str, cue: re.Match[str], start: int) -> bool:
    """Is the name at ``start`` what a noun cue is about ("backers of Vote Norland",
    "opposition to a bigger Westmoor Airport", "support for the union"): "of", "to" or "for" right
    after the cue, at most :data:`NOUN_OBJECT_WORDS` words before the name?"""
    word = cue.group(0)
    if NOUN_CUE.fullmatch(word) is None and word.lower() != "support":
        return False
    between = text[cue.end() : start] if start >= cue.end() else None
    # "backers of X" are X's; "opposition of X" is X's own, "opposition to X" is about X
    about = _OF_TO_FOR if HOLDER_NOUN.fullmatch(word) else _TO_FOR
    return (
        between is not None
        and about.match(between) is not None
        and len(between.split()) <= NOUN_OBJECT_WORDS + 1
        and not any(c in between for c in ',;:.()"“”')
    )


_OF_TO_FOR = re.compile(r"\s+(?:of|to|for)\b", re.I)
_OF = re.compile(r"\s+of\b", re.I)
# A determiner right before a cue: the cue is a noun ("the backing", "its support").
_DETERMINED = re.compile(r"\b(?:the|its|their|his|her|our|a|an)\s+$", re.I)
_TO_FOR = re.compile(r"\s+(?:to|for)\b", re.I)
# Words at most between a noun cue's "of" / "to" / "for" and the name it is about.
NOUN_OBJECT_WORDS = 3


def _agent_cue(agents: list[re.Match[str]], span: Span) -> re.Match[str] | None:
    """The cue right before the name at ``span`` that introduces it ("opposition from",
    "backed by"): at most :data:`PASSIVE_CHARS` before it."""
    for m in reversed(agents):
        if m.end() <= span.start:
            return m if span.start - m.end() <= PASSIVE_CHARS else None
    return None


def _own_verb(text: str, verbs: list[re.Match[str]], span: Span) -> re.Match[str] | None:
    """The verb cue that follows the name at ``span`` as its verb: nothing between them
    but the group the name qualifies ("Labour councillors abstained") and words that leave
    a cue's side as it is ("Y has also opposed it"). Not a noun after
    a possessive ("rejected Y's call for a referendum on the tram": a call for a vote on
    the measure is not a side on it, and what the sentence's first cue acts on)."""
    if _POSSESSIVE.search(span.text):
        return None
    for m in verbs:
        if m.start() >= span.end:
            gap = GROUP_HEAD.sub("", text[span.end : m.start()].lstrip(), count=1)
            if gap.startswith(("'", "’")):
                return None
            return m if not gap or CUE_PREFIX.fullmatch(gap) else None
    return None


_POSSESSIVE = re.compile(r"['’]s?$")


def _actor_lookup(analysis: Analysis) -> Callable[[str], Actor | None]:
    """The document's actor a holder's name is, as the speakers stage resolves names
    (:class:`~stancemap.core.state.Names`: a surname alone is the one person known by
    it); an analysis without that answer (speakers read back from storage) matches whole
    names only."""
    by_name = {a.name: a for a in analysis.actors}
    names = analysis.names
    if names is None:
        keyed = {name_key(alias): a for a in analysis.actors for alias in (a.name, *a.aliases)}
        return lambda name: keyed.get(name_key(name))
    return lambda name: by_name.get(names.actor_named(name) or "")


def _pronoun_holder(
    text: str, start: int, cue: re.Match[str], names: Names | None
) -> tuple[Span, str] | None:
    """The "he" or "she" that opens the sentence at ``start`` as the subject of its verb
    cue, and the name of the person it stands for, resolved as a speaker's pronoun is
    ("X criticised Y on Monday. He has ruled out ...": X)."""
    m = _OPENING_PRONOUN.match(text, start)
    if m is None or names is None or not _subject_of(text, m.end(), cue.start()):
        return None
    person = names.person_before(m.start(), m.group(0))
    return (Span(m.start(), m.end(), m.group(0)), person) if person else None


_OPENING_PRONOUN = re.compile(r"(?:He|She)\b")


def _camp_subjects(sent: Sentence, end: int) -> list[int]:
    """Where the subject's head word is of the clause that holds the camp phrase ending at
    ``end`` ("Minister X will tour the valleys for the Stay campaign": X's surname; "X
    toured Dover for the Stay campaign while Y said ...": X's, not Y's). Nothing
    for a camp inside a relative clause ("X, who once flirted with the Stay campaign, now
    leads ...") or a sentence without a parse."""
    if sent.doc is None:
        return []
    noun = next((t for t in sent.doc if sent.start + t.idx + len(t.text) == end), None)
    verb = noun
    while verb is not None and verb.pos_ not in ("VERB", "AUX"):
        verb = verb.head if verb.head.i != verb.i else None
    if verb is None or verb.dep_ in ("relcl", "acl"):
        return []
    return [sent.start + c.idx for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]


def _sentence_at(starts: list[int], pos: int) -> int:
    return bisect_right(starts, pos) - 1
