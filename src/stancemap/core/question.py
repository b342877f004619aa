"""The question a debate map is drawn on, read once and handed to every stage.

A :class:`Question` knows its words (:attr:`Question.terms`), whether the user gave it or
stancemap proposed it, and how it relates what is said to support or opposition. A plain
question ("Should Iran negotiate with the United States?") takes what is said about its
subject at face value. One that asks to ban, end, close, ... something turns it round for
that something: "Smoking kills" argues *for* "Should we ban smoking?" (:meth:`relation`),
and a statement's stance toward "smoking" alone, swapped, is a second reading of its stance
toward the ban (:attr:`object_phrase`). A bare topic ("home schoolers", as VAST phrases its
targets) is also read as the question "Should we support home schoolers?"
(:attr:`topic_question`). Other negative wording ("... a *threat*?", "not") is left unread
(:attr:`negative`).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import BadQuestion
from ..lang.en import question as words

if TYPE_CHECKING:
    from spacy.language import Language

# The model reads the question and a statement together in 128 tokens: a longer question
# would crowd the statement out.
MAX_QUESTION_WORDS = 40
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_LETTERS = re.compile(r"[a-z]+")


def content_terms(text: str) -> frozenset[str]:
    """The content words of ``text``, lower-cased: what a statement must name to be about it."""
    return frozenset(
        w.lower()
        for w in _WORD.findall(text)
        if w.lower() not in words.QUESTION_STOP and len(w) >= 4
    )


def mentions(text: str, terms: AbstractSet[str]) -> bool:
    """Does ``text`` name one of ``terms``, allowing for inflection ("closure" ~ "close",
    "negotiations" ~ "negotiate"): a shared prefix of four letters or more that covers most
    of the shorter word, or a term shorter than that as it is or plural ("ban", "bans")."""
    for word in _WORD.findall(text.lower()):
        for term in terms:
            n = 0
            for a, b in zip(word, term, strict=False):
                if a != b:
                    break
                n += 1
            if n >= 4 and n >= 0.6 * min(len(word), len(term)):
                return True
            if n == len(term) < 4 and word in (term, term + "s"):  # "ban", "bans"
                return True
    return False


def check_question(question: str) -> str:
    """``question`` with its outer blanks removed, or :class:`~stancemap.errors.BadQuestion`
    when it has no words, is longer than :data:`MAX_QUESTION_WORDS` words, or is asked in
    another language (letters mostly outside the Latin alphabet, or other languages'
    function words and no English one)."""
    asked = question.strip()
    found = re.findall(r"\w+", asked)
    letters = [c for c in asked if c.isalpha()]
    if not letters:
        raise BadQuestion(
            f"the question {question!r} has no words: ask it in plain words, "
            "e.g. 'Should the city close the old town to cars?'"
        )
    if len(found) > MAX_QUESTION_WORDS:
        raise BadQuestion(
            f"the question is {len(found)} words long: ask it in at most "
            f"{MAX_QUESTION_WORDS} (the model reads it together with each statement)"
        )
    lower = [w.lower() for w in found]
    latin = sum(c.isascii() for c in letters) / len(letters)
    foreign = sum(w in words.FOREIGN_FUNCTION_WORDS for w in lower)
    if latin < 0.5 or (foreign >= 2 and not any(w in words.QUESTION_FUNCTION_WORDS for w in lower)):
        raise BadQuestion(
            f"the question {asked!r} does not look like English; stancemap's default model "
            "reads English only: ask it in English"
        )
    return asked


@dataclass(frozen=True, slots=True)
class Question:
    """A question, read: build it with :meth:`parse` (which checks it), never by hand.

    ``terms``: its content words. ``actions``: the four-letter stems of the ban / end /
    close ... verbs it asks for (empty for a plain question). ``objects``: the terms of what
    those verbs act on. ``object_phrase``: that object as a bare target ("smoking in bars"),
    None when there is none. ``negative``: other negative wording, which leaves the relation
    of sentiment to side unread. ``topic_question``: a bare topic put as a question.
    ``proposition``: the act the question asks for, as a phrase ("closing its old town to
    cars": :func:`proposition`).
    """

    text: str
    given: bool
    terms: frozenset[str]
    actions: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()
    object_phrase: str | None = None
    negative: bool = False
    topic_question: str | None = None
    proposition: str | None = None

    @classmethod
    def parse(
        cls, text: str, *, given: bool = True, check: bool = True, nlp: Language | None = None
    ) -> Question:
        """Check ``text`` (:func:`check_question`: a one-line :class:`BadQuestion` when it
        cannot be read; ``check=False`` for a data set's targets, read as they are) and read
        its shape. A question with an action verb or a modal costs a spaCy parse (``nlp``,
        default the English model): whether the verb has a to / from complement, and the
        act it asks for."""
        asked = check_question(text) if check else text.strip()
        terms = content_terms(asked)
        act = proposition(asked, nlp)
        topic = asked.rstrip(".!").strip()
        topic_q = (
            words.TOPIC_QUESTION.format(topic=topic)
            if topic and not words.CLAUSE.search(topic) and terms
            else None
        )
        if words.NEGATIVE.search(asked):
            return cls(asked, given, terms, negative=True, topic_question=topic_q)  # unread
        # "lift" acts against only a ban it lifts ("lift the swing bridge" is no action)
        found = [
            m
            for m in words.ACTION.finditer(asked)
            if not m.group(0).lower().startswith("lift")
            or words.RESTRICTION_NOUN.match(asked[m.end() :].strip())
        ]
        phrase = asked[found[0].end() :].strip(" ?.!") if found else ""
        # an act against a ban acts against the ban ("lift its ban on X": the ban, and "ban"
        # is no action there)
        restriction = words.RESTRICTION_NOUN.match(phrase)
        if restriction is not None:
            inside = found[0].end() + len(phrase) - len(phrase.lstrip()) + restriction.end()
            found = [found[0]] + [m for m in found[1:] if m.start() >= inside]
        actions = frozenset(m.group(0).lower()[:4] for m in found)
        if found and _acts_for_complement(asked, actions, nlp):
            # read as a plain question
            return cls(asked, given, terms, topic_question=topic_q, proposition=act)
        # what the action acts on is named after it: not who would act ("Should the
        # municipality stop publishing notices?": notices, not the municipality)
        if restriction is not None:
            after = frozenset({restriction.group("noun").lower().removesuffix("s")})
        else:
            after = content_terms(phrase)
        objects = frozenset(t for t in (after or terms) if t[:4] not in actions)
        return cls(
            asked,
            given,
            terms,
            actions,
            objects,
            phrase if content_terms(phrase) or restriction is not None else None,
            topic_question=topic_q,
            proposition=act,
        )

    @property
    def source(self) -> str:
        return "given" if self.given else "proposed"

    def named_in(self, text: str) -> bool:
        """Does ``text`` name the question's subject (:func:`mentions` of its terms)?"""
        return mentions(text, self.terms)

    def relation(self, sentence: str) -> float:
        """How ``sentence``'s sentiment maps onto support: 1.0 for a plain question ("Should
        Iran negotiate ...?", and "Should the city close the old town to cars?", whose
        action has a to / from complement); for one that asks to ban, end, close, ...
        something, -1.0 when the sentence names that something but not the action
        ("Smoking kills" for "Should we ban smoking?"), 0.0 when it names the action ("The
        ban would ruin bars": about the action, not the object) or neither; 0.0 for a
        question with other negative wording ("not", "a threat"), read neither way."""
        if self.negative:
            return 0.0
        if not self.actions:
            return 1.0
        low = sentence.lower()
        if any(w.startswith(a) for w in _LETTERS.findall(low) for a in self.actions):
            return 0.0
        return -1.0 if mentions(sentence, self.objects) else 0.0

    def undoes(self, text: str) -> bool:
        """Does ``text`` name what the question asks to undo, and not the undoing itself:
        "the ban" toward "Should Uganda lift its ban on Facebook?", "the scheme" toward
        "Should Greece scrap its golden visa scheme?", "the court" toward "Should Peru
        withdraw from the court?" (:data:`~stancemap.lang.en.question.UNDOING`); not "to
        scrap the scheme". False for a question with other negative wording."""
        if self.negative:
            return False
        head = _LETTERS.findall(text.lower())[-1:]
        if any(h.startswith(a) for h in head for a in self.actions):
            return False  # "the scooter ban" toward a ban: the act the question asks for
        if self.actions:
            return self.relation(text) < 0
        m = words.UNDOING.search(self.text)
        if m is None or words.UNDOING.search(text):
            return False
        undone = self.text[m.end() :]
        short = {w.lower() for w in _WORD.findall(undone) if len(w) == 3}  # "law", "tax"
        return mentions(text, content_terms(undone) | (short - words.QUESTION_STOP))

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "source": self.source,
            "terms": sorted(self.terms),
            "object": self.object_phrase,
            "negative": self.negative,
        }


def proposition(question: str, nlp: Language | None = None) -> str | None:
    """The act a question asks for, as a phrase that can stand where a statement names the
    measure: "Should Harbourton close its old town to cars?" -> "closing its old town to
    cars", "Should the death penalty be abolished?" -> "abolishing the death penalty",
    "Should there be a tax on soft drinks?" -> "a tax on soft drinks", "We should abolish
    the monarchy" -> "abolishing the monarchy". None for a question that asks for no act (a
    bare topic, "Should X be mandatory?"). One spaCy parse (``nlp``, default the English
    model), only of a question with a modal in its first words
    (:data:`~stancemap.lang.en.question.PROPOSAL_MODALS`)."""
    opening = [w.lower() for w in question.split()[:3]]
    if not any(w in words.PROPOSAL_MODALS for w in opening):
        return None
    if nlp is None:
        from ..nlp import load_model

        nlp = load_model()
    doc = nlp(question.rstrip(" ?.!"))
    at = next((t.i for t in doc if t.lower_ in words.PROPOSAL_MODALS), 0)
    before, after = doc[:at].text, list(doc)[at + 1 :]  # "We | should | abolish ..."
    if len(after) > 2 and after[0].lower_ == "there" and after[1].lower_ == "be":
        return doc[after[2].i :].text  # "there be a tax on ..."
    for k, tok in enumerate(after):
        if tok.tag_ == "VB" and tok.lower_ != "be" and (k or before):
            break  # "Should Iran negotiate or be sanctioned?": the first act is the verb's
        if tok.lower_ == "be":
            if k + 1 < len(after) and after[k + 1].tag_ == "VBN":
                # "the death penalty be abolished": the act on the subject
                subject = before or doc[after[0].i : tok.i].text
                rest = doc[after[k + 1].i + 1 :].text
                done = words.gerund(after[k + 1].lemma_)
                return " ".join(p for p in (done, subject, rest) if p) if subject else None
            return None  # "X be mandatory": a state, not an act
    lead = 0 if before else 1  # "Should | Iran negotiate": the subject comes first
    tagged = next((t for t in after[lead:] if t.tag_ == "VB"), None)
    # an action verb the tagger read otherwise ("Should the city ban cars?", "... stop
    # publishing its notices and post them online?"), if it comes first
    action = next((t for t in after[lead:] if words.ACTION.fullmatch(t.text)), None)
    verb = action if action is not None and (tagged is None or action.i < tagged.i) else tagged
    if verb is None:  # the first lower-case word after a capitalised subject
        verb = next(
            (
                t
                for t in after[lead:]
                if t.is_alpha and t.is_lower and not t.is_stop and doc[t.i - 1].text[:1].isupper()
            ),
            None,
        )
    if verb is None:
        return None
    return f"{words.gerund(verb.lower_)} {doc[verb.i + 1 :].text}".strip()


def _acts_for_complement(question: str, actions: frozenset[str], nlp: Language | None) -> bool:
    """Whether the question's first action verb has a to / from complement ("close the old
    town *to cars*"): then what it acts against is not its object (the old town gains)."""
    if nlp is None:
        from ..nlp import load_model

        nlp = load_model()
    for tok in nlp(question):
        if tok.lower_[:4] in actions:
            return any(
                c.dep_ in {"prep", "dative"} and c.lower_ in words.ACTION_COMPLEMENTS
                for c in tok.children
            )
    return False
