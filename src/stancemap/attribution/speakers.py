"""Speaker resolution inside one document, and each actor's role.

No coreference model installs offline, so this is rules over the parse and the entities:
names cluster by their tokens (``Mr. Trump`` -> ``Donald Trump``), pronouns go to the
previous speaker or the last person named, relative pronouns to their antecedent, and role
nouns ("the cleric", "the Courier's managing director") to the actor whose role holds that noun.
Roles come from appositions, pre-modifiers and layout headers.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Token

from ..core.records import Actor, Span
from ..core.state import Draft
from ..lang.en.names import (
    ACRONYM_SKIP,
    ADDRESS,
    GROUP_PRONOUNS,
    HONORIFIC,
    MALE_HONORIFICS,
    NAME_SUFFIXES,
    PERSON_PRONOUNS,
    PRONOUN_GENDER,
    RELATIVE_PRONOUNS,
    ROLE_TITLES,
    TITLES,
)
from ..nlp import Parsed, lemma
from ..text import Quotes, find_quotes
from .index import SpanTable

_NAME_LABELS = ("PERSON", "ORG", "NORP", "GPE")
_WORD = re.compile(r"[\w\-’']+")


@functools.cache
def first_names() -> dict[str, str]:
    """Lower-cased first name -> "f" / "m", for names that US records give almost only to
    one sex (``first_names.tsv``, built by ``stancemap train names``; README: Attribution)."""
    text = (Path(__file__).parent / "first_names.tsv").read_text("utf-8")
    return dict(
        line.split("\t", 1) for line in text.splitlines() if line and not line.startswith("#")
    )


def name_key(name: str) -> tuple[str, ...]:
    words = [w.lower().removesuffix("'s").removesuffix("’s") for w in _WORD.findall(name)]
    # titles and numbers ("Schiff, 56": an age) are not part of a name
    key = tuple(w for w in words if w.rstrip(".") not in TITLES and not w.isdigit())
    # "the Vote Norland campaign" is Vote Norland
    while len(key) > 1 and key[-1] in NAME_SUFFIXES:
        key = key[:-1]
    return key


@dataclass(slots=True)
class _ActorBuild:
    name: str
    kind: str
    key: tuple[str, ...]
    seq: int  # the order actors were made in
    aliases: set[str] = field(default_factory=set)
    role: str | None = None
    mentions: list[Span] = field(default_factory=list)
    gender: str | None = None  # "f" / "m" where the text says so ("Mrs. Clinton")
    first: int = -1  # where its first mention starts


_GENDERS = ("m", "f", None)


class Resolver:
    """Builds the document's actors and resolves each draft's speaker to one of them.

    Every look-up goes through an index (actors by name key, initials, name word and role
    word; mentions by position), so resolving a document costs about its length: a scan of
    all actors or mentions per statement made a long transcript cost its length squared."""

    def __init__(self, parsed: Parsed) -> None:
        self.parsed = parsed
        self.actors: list[_ActorBuild] = []
        self._collecting: list[tuple[Span, _ActorBuild]] | None = []
        self._mentions: SpanTable[_ActorBuild] = SpanTable()
        self._by_key: dict[tuple[str, ...], _ActorBuild] = {}
        self._orgs_by_initials: dict[str, list[_ActorBuild]] = {}
        self._people_by_word: dict[str, list[_ActorBuild]] = {}
        self._by_role_word: dict[str, list[_ActorBuild]] = {}
        # a name inside a quote is who the quote speaks of, not a pronoun's antecedent
        # ("'Councillor Sundqvist likes to say ...,' she said": "she" is not Sundqvist)
        self._quotes = Quotes(find_quotes(parsed.text, parsed.paragraphs))
        self._collect()

    # -- actors -------------------------------------------------------------------------
    def _collect(self) -> None:
        ents = [
            (span, label)
            for s in self.parsed.sentences
            for span, label in s.entities
            if label in ("PERSON", "ORG")
        ]
        # Longest names first, so "Trump" later joins "Donald Trump".
        for span, label in sorted(ents, key=lambda e: -len(name_key(e[0].text))):
            self._add(span, label)
        assert self._collecting is not None
        for rank, (span, who) in enumerate(sorted(self._collecting, key=lambda m: m[0].start)):
            self._mentions.put(span, who, rank)
        self._collecting = None  # mentions added from now on (layout names) go last
        self._subjects = self._subject_starts()
        for m in HONORIFIC.finditer(self.parsed.text):
            person = self._match(m["name"], "PERSON")
            said = "m" if m["title"] in MALE_HONORIFICS else "f"
            if person is not None and person.kind == "PERSON":
                # two Clintons, one "Mr." and one "Mrs.": the surname matches neither alone
                person.gender = said if person.gender in (None, said) else "?"
        names = first_names()
        for person in self.actors:
            if person.kind != "PERSON":
                continue
            person.name = _personal_name(person, self.parsed.text, names)
            key = name_key(person.name)
            if person.gender is None and len(key) >= 2:
                # "Hillary Clinton" is not "he": her first name says so (a bare surname,
                # "Clinton", says nothing)
                person.gender = names.get(key[0])
        for sent in self.parsed.sentences:
            if sent.doc is None:
                continue
            for ent in sent.doc.ents:
                if ent.label_ in ("PERSON", "ORG"):
                    role = _role_near(ent.root, ent.start, ent.end)
                    actor = self._match(ent.text, ent.label_)
                    if role and actor is not None and actor.role is None:
                        self._set_role(actor, role)
        self._sorted = len(self._mentions)
        self._sorted_starts = [self._mentions.item(r)[0].start for r in range(self._sorted)]
        self._last_person = self._people_before()

    def _people_before(self) -> dict[str | None, tuple[list[int], list[int]]]:
        """For each pronoun gender, and each mention of the collected ones by start: the
        rank of the last person mentioned so far whose gender fits (-1: none), and of the
        last such one mentioned as a subject."""
        out: dict[str | None, tuple[list[int], list[int]]] = {}
        for gender in _GENDERS:
            best, subject = -1, -1
            bests, subjects = [], []
            for rank in range(self._sorted):
                m, a = self._mentions.item(rank)
                if a.kind == "PERSON" and a.gender in (None, "?", gender) and self._said(m):
                    best = rank
                    if m.start in self._subjects:
                        subject = rank
                bests.append(best)
                subjects.append(subject)
            out[gender] = (bests, subjects)
        return out

    def _said(self, mention: Span) -> bool:
        """Is the mention outside every quote (so a pronoun after it may refer to it)?"""
        return self._quotes.around(mention) is None

    def _set_role(self, actor: _ActorBuild, role: str) -> None:
        actor.role = role
        for word in {w.lower() for w in _WORD.findall(role)}:
            self._by_role_word.setdefault(word, []).append(actor)

    def _subject_starts(self) -> set[int]:
        """Start offsets of entity mentions that are a clause subject or open their sentence."""
        starts = set()
        for sent in self.parsed.sentences:
            if sent.entities:
                starts.add(sent.entities[0][0].start)
            if sent.doc is None:
                continue
            for ent in sent.doc.ents:
                root = ent.root
                if root.dep_ in ("nsubj", "nsubjpass") or (
                    # "Secretary of the ferry workers, the union's own X, disagreed": an
                    # apposition in the subject (which the parse may hang on its last noun)
                    root.dep_ == "appos"
                    and any(a.dep_ in ("nsubj", "nsubjpass") for a in list(root.ancestors)[:3])
                ):
                    starts.add(sent.start + ent.start_char)
        return starts

    def _add(self, span: Span, label: str) -> _ActorBuild | None:
        key = name_key(span.text)
        if not key:
            return None
        actor = self._match(span.text, label)
        if actor is None:
            actor = _ActorBuild(
                name=_clean_name(span.text), kind=label, key=key, seq=len(self.actors)
            )
            self.actors.append(actor)
            self._by_key.setdefault(key, actor)
            if label == "ORG":
                self._orgs_by_initials.setdefault(_initials(key), []).append(actor)
            elif label == "PERSON":
                for word in dict.fromkeys(key):
                    self._people_by_word.setdefault(word, []).append(actor)
        actor.aliases.add(_clean_name(span.text))
        actor.mentions.append(span)
        actor.first = span.start if actor.first < 0 else min(actor.first, span.start)
        if self._collecting is not None:
            self._collecting.append((span, actor))
        else:
            self._mentions.put(span, actor)
        return actor

    def _match(self, name: str, label: str) -> _ActorBuild | None:
        key = name_key(name)
        if not key:
            return None
        same = self._by_key.get(key)
        if same is not None:
            return same
        if label == "ORG" and re.fullmatch(r"[A-Z]{2,6}", name.strip()):
            # an acronym is the one organisation it abbreviates ("DNC")
            orgs = self._orgs_by_initials.get(key[0], [])
            if len(orgs) == 1:
                return orgs[0]
        if label != "PERSON" and len(key) > 1:
            return None
        # a surname alone is the one person known by it, even where the tagger took it for
        # an organisation ("Schiff told reporters" after "Adam Schiff")
        hits = [a for a in self._people_by_word.get(key[0], []) if _sub(key, a.key)]
        return hits[0] if len(hits) == 1 else None

    def add_named(self, name: Span, role: Span | None) -> _ActorBuild | None:
        """A name the layout states outright (a roundup header, a transcript speaker)."""
        actor = self._add(name, "PERSON")
        if actor is not None and role is not None and actor.role is None:
            self._set_role(actor, role.text.rstrip(" ,;:"))
        return actor

    # -- resolution ---------------------------------------------------------------------
    def resolve(self, drafts: list[Draft]) -> None:
        previous: _ActorBuild | None = None
        for d in sorted(
            drafts,
            key=lambda d: (
                d.content.start if d.speaker is None else min(d.speaker.start, d.content.start)
            ),
        ):
            actor = self._resolve_one(d, previous)
            if actor is not None:
                d.actor = actor.name
                if d.role is None and actor.role:
                    d.role = Span(0, 0, actor.role)
                previous = actor

    def _resolve_one(self, d: Draft, previous: _ActorBuild | None) -> _ActorBuild | None:
        if d.speaker is None:
            return None
        if d.named:
            return self.add_named(d.speaker, d.role)
        tok = self._token(d.source_ref)
        low = d.speaker.text.lower()
        if (
            tok is not None
            and tok.lower_ in RELATIVE_PRONOUNS
            and tok.dep_ in ("nsubj", "nsubjpass")
        ):
            antecedent = _relcl_antecedent(tok)
            if antecedent is not None:
                start = self._sentence_start(d.source_ref) + antecedent.idx
                return self._by_span(Span(start, start + len(antecedent.text), antecedent.text))
        if low in PERSON_PRONOUNS:
            gender = PRONOUN_GENDER[low]
            found = self._last_person_before(d.speaker.start, gender)
            if found is None and previous is not None and previous.gender in (None, "?", gender):
                found = previous
            return found
        if low in GROUP_PRONOUNS:
            return None
        head = self._sentence_start(d.source_ref) + tok.idx if tok is not None else None
        if tok is not None and head is not None and not self._named_at(head):
            # "according to Radio Norland's Hanna Virtanen" where the tagger found only the outlet:
            # the head word's own name, when it opens with a first name
            missed = _missed_name(tok, self._sentence_start(d.source_ref))
            if missed is not None:
                return self.add_named(missed, None)
        actor = self._by_span(d.speaker, head)
        if actor is None and tok is not None:
            actor = self._by_role_noun(tok, d.speaker.start)
        if actor is None and d.speaker.text[:1].isupper():
            actor = self._match(d.speaker.text, "PERSON")  # a name the tagger missed
        return actor

    def _by_span(self, span: Span, head: int | None = None) -> _ActorBuild | None:
        """The actor a speaker's mention names: the one whose name holds the mention's
        head word (at offset ``head``: "Former Brennan official Adam Kessler" is Kessler,
        "Harbourton Chemicals, the operators of the Carrick refinery" is Harbourton
        Chemicals), else its first person,
        else its first name."""
        found = list(self._mentions.overlapping(span))
        if head is not None:
            for m, a in found:
                if m.start <= head < m.end:
                    return a
        inside = [a for _m, a in found]
        people = [a for a in inside if a.kind == "PERSON"]
        ranked = people or inside
        return ranked[0] if ranked else None

    def _named_at(self, pos: int) -> bool:
        """Is the character at ``pos`` inside a mention of a known actor?"""
        return bool(self._mentions.overlapping(Span(pos, pos + 1, "")))

    def _last_person_before(self, pos: int, gender: str | None = None) -> _ActorBuild | None:
        """The person last named as a subject before ``pos`` (else the last person named):
        in "Trump attacked Clinton. He said ...", "He" is Trump. A person the text calls
        "Mrs." is never "he", one it calls "Mr." never "she". The mentions are read in
        their order (by start, then the layout's names in the order they came) up to the
        first that starts at ``pos`` or later."""
        n = bisect_left(self._sorted_starts, pos)
        bests, subjects = self._last_person[gender]
        best_rank = bests[n - 1] if n else -1
        subject_rank = subjects[n - 1] if n else -1
        best = self._mentions.item(best_rank)[1] if best_rank >= 0 else None
        subject = self._mentions.item(subject_rank)[1] if subject_rank >= 0 else None
        if n == self._sorted:  # every collected mention is before pos: the later ones too
            for rank in range(self._sorted, len(self._mentions)):
                m, a = self._mentions.item(rank)
                if m.start >= pos:
                    break
                if a.kind == "PERSON" and a.gender in (None, "?", gender) and self._said(m):
                    best = a
                    if m.start in self._subjects:
                        subject = a
        return subject or best

    def _by_role_noun(self, tok: Token, pos: int) -> _ActorBuild | None:
        if tok.pos_ != "NOUN":
            return None
        head = lemma(tok)
        words = {t.lower_ for t in tok.subtree if t.pos_ in ("NOUN", "PROPN", "ADJ")}
        best, best_score = None, 0
        found = self._by_role_word.get(head, []) + self._by_role_word.get(tok.lower_, [])
        for actor in sorted({a.seq: a for a in found}.values(), key=lambda a: a.seq):
            if not actor.role or not actor.first < pos:
                continue
            role_words = {w.lower() for w in _WORD.findall(actor.role)}
            if head not in role_words and tok.lower_ not in role_words:
                continue
            score = len(words & role_words)
            if score >= best_score:
                best, best_score = actor, score
        return best

    def _token(self, ref: tuple[int, int] | None) -> Token | None:
        if ref is None:
            return None
        doc = self.parsed.sentences[ref[0]].doc
        return doc[ref[1]] if doc is not None else None

    def _sentence_start(self, ref: tuple[int, int] | None) -> int:
        return self.parsed.sentences[ref[0]].start if ref is not None else 0

    # -- what later stages ask (:class:`~stancemap.core.state.Names`) -------------------
    def actor_named(self, name: str) -> str | None:
        """The actor ``name`` names: by its whole name, else a surname alone of the one
        person known by it, else the one organisation an acronym abbreviates."""
        actor = self._match(name, "PERSON") or self._match(name, "ORG")
        return actor.name if actor is not None else None

    def person_before(self, pos: int, pronoun: str) -> str | None:
        """The person a "he" or "she" at ``pos`` stands for, as a speaker's pronoun is
        resolved (:meth:`_last_person_before`)."""
        gender = PRONOUN_GENDER.get(pronoun.lower())
        if gender is None:
            return None
        actor = self._last_person_before(pos, gender)
        return actor.name if actor is not None else None

    def actor_records(self) -> list[Actor]:
        return [
            Actor(
                name=a.name,
                kind=a.kind,
                aliases=tuple(sorted(a.aliases - {a.name})),
                role=a.role,
                mentions=tuple(sorted(a.mentions, key=lambda m: m.start)),
            )
            for a in self.actors
        ]


def _personal_name(actor: _ActorBuild, text: str, names: dict[str, str]) -> str:
    """A person's name without a word before the first name: "Hillary Clinton" where the
    longest mention (the actor's first name) is "Crooked Hillary Clinton" or "Miss Universe
    Alicia Machado". Kept as it is when it opens with a first name (:func:`first_names`) or
    no shorter mention of it does ("Aung San Suu Kyi", not "Suu Kyi")."""
    if not actor.key or actor.key[0] in names:
        return actor.name
    counts: dict[str, int] = {}
    for m in actor.mentions:
        name = _clean_name(text[m.start : m.end])
        key = name_key(name)
        if 2 <= len(key) < len(actor.key) and key[0] in names and actor.key[-len(key) :] == key:
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda n: (counts[n], len(n))) if counts else actor.name


def _initials(key: tuple[str, ...]) -> str:
    """ "Democratic National Committee" -> "dnc" (the, of, and, for left out)."""
    return "".join(w[0] for w in key if w not in ACRONYM_SKIP)


def _sub(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return len(short) < len(long) and all(w in long for w in short)


def _clean_name(name: str) -> str:
    return re.sub(r"(['’]s|['’])$", "", name.strip())


def _missed_name(tok: Token, at: int) -> Span | None:
    """A person's name the tagger missed, headed by ``tok`` (a sentence starting at ``at``):
    the proper nouns compounded into it, two or three, the first a first name."""
    if tok.pos_ != "PROPN" or not tok.text[:1].isupper():
        return None
    words = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    words = [w for w in words if w.i >= tok.i - 2 and w.text[:1].isupper()] + [tok]
    if not 2 <= len(words) <= 3 or words[-1].i - words[0].i != len(words) - 1:
        return None
    if words[0].lower_ not in first_names():
        return None
    start, end = at + words[0].idx, at + tok.idx + len(tok.text)
    return Span(start, end, tok.doc.text[words[0].idx : tok.idx + len(tok.text)])


def _relcl_antecedent(tok: Token) -> Token | None:
    verb = tok.head
    if verb.dep_ == "relcl":
        return verb.head
    return None


def _role_near(root: Token, ent_start: int, ent_end: int) -> str | None:
    """Role from "Name, the role," or "the role Name" or "Org's role Name"."""
    doc = root.doc
    for child in root.children:
        if child.dep_ == "appos" and child.ent_type_ != "PERSON":
            # up to a relative clause: "fellow at the council who ran the agency, an ..."
            toks = list(child.subtree)
            cut = min((t.left_edge.i for t in toks if t.dep_ == "relcl"), default=None)
            toks = [t for t in toks if cut is None or t.i < cut]
            return clean_role(doc[toks[0].i : toks[-1].i + 1].text) if toks else None
    # Pre-modifiers: walk up while the name closes the phrase ("Iran's ambassador to Russia X").
    top = root
    while top.dep_ in ("pobj", "compound", "appos") and top.head.i != top.i:
        nxt = top.head.head if top.dep_ == "pobj" else top.head
        if max(t.i for t in nxt.subtree if not t.is_punct) + 1 != ent_end:
            break
        top = nxt
    left = min(t.i for t in top.subtree)
    if left < ent_start:
        pre = list(doc[left:ent_start])
        while pre and (pre[-1].is_punct or pre[-1].is_space):
            pre.pop()  # "The fire chief, Robert Klein"
        if pre and pre[-1].pos_ in {"ADP", "DET", "CCONJ", "SCONJ"}:
            return None  # "a positive side for Hillary Clinton": her, not her role
        dashes = [i for i, t in enumerate(pre) if t.text in {"-", "--", "—", "–"}]
        if dashes:  # "... 27 leaders - British Prime Minister Theresa May": after the dash
            pre = pre[dashes[-1] + 1 :]
        titled = any(
            t.pos_ == "NOUN" or (t.pos_ == "PROPN" and t.lower_ in ROLE_TITLES) for t in pre
        )
        if pre and titled and not any(t.text in ",;:" for t in pre):
            return clean_role(doc[pre[0].i : pre[-1].i + 1].text)
    return None


def clean_role(role: str) -> str | None:
    role = role.strip(" ,;:-—–")
    role = re.sub(r"^(the|a|an)\s+", "", role, flags=re.I)
    if not any(c.isalpha() for c in role) or role.lower() in ADDRESS:
        return None  # an age ("Quina Jones, 25") or a word of address
    return role
