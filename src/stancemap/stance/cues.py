"""The side a statement's cue takes: "X rejected the plan", "backed by X", "critics of the
levy", "argued against the motion". A described position is often the only statement of
its speaker, and its words ("the plan", "the motion") say nothing the model can read: the
cue says it.

:func:`cue_polarity` is +1 for a cue that supports what it acts on, -1 for one that opposes
it, 0 otherwise (a plain "said", a negated "did not back", an unknown word). The stance
stage leans the model's reading that way (:func:`lean`) by :data:`CUE_WEIGHT`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from ..core import Question
from ..core.question import content_terms, mentions
from ..lang.en.positions import (
    ACCUSE_CUE,
    ACCUSED_OF,
    ACT_CUE,
    AGAINST,
    AGAINST_REACH,
    BACKER_WORDS,
    CAMP_SIDE,
    CON_CUE,
    CON_OPENING,
    CUE_PREFIX,
    FORMER_CHANGE,
    FORMER_KEPT,
    FORMER_SIDE,
    INNER_BLOCKERS,
    INNER_CUE_WORDS,
    INNER_OBJECT_WORDS,
    INNER_PRONOUNS,
    MEASURE_NOUN,
    NOUN_CUE,
    OPPONENT_WORDS,
    OPPOSITES,
    PRO_CUE,
    PRO_OPENING,
    PROCEDURE_KIN,
    PROCEDURE_OBJECT,
    STATEMENT_NOUNS,
)
from ..lang.en.question import LEAVE, SIDE_LABEL
from ..lang.en.stance import (
    CAMP_ANSWERED,
    CAMP_DESCRIPTION,
    CAMP_NAMED,
    COUNTER_ACT_OPENING,
    EFFECT_END,
    EFFECT_OPENING,
    EFFECT_SENTIMENT,
    NAME_CALLING,
    PROCESS_COMPLAINT,
    PROCESS_QUESTION,
    UNWORRIED,
)

# Logit shift toward the cue's side (and away from "unrelated": a side-taking cue is about
# something). Chosen on the news dev set.
CUE_WEIGHT = 1.5


def cue_polarity(cue: str | None, content: str, question: str | Question = "") -> int:
    """The cue's side toward the ``question``: +1, -1 or 0. What the cue acts on decides
    how its side maps onto the question: the measure (as it is), the measure's opponents
    (turned round: "slammed the critics of the levy" supports it), the opposite of the
    question's action (turned round: "in favour of staying" toward "Should the UK leave the
    EU?"), what a question to ban, end, abolish ... acts against (turned round: "supports
    the death penalty" toward "Should the death penalty be abolished?"; a read
    :class:`~stancemap.core.Question` is needed for that one), or an act against the
    measure (turned round: "signed a decree banning the tram" toward "Should the town
    build a tram?"; as it is toward a question that asks for such an act)."""
    words = CUE_PREFIX.sub("", " ".join(cue.split()).lower()) if cue else ""
    side = 0
    if words and ACCUSE_CUE.match(words):
        return _accused_of(content, question)
    camp = CAMP_SIDE.match(words) if words else None
    if camp is not None:
        return _camp_side(camp, question)
    if words and PRO_CUE.match(words):
        side = 1
    elif words and CON_CUE.match(words):
        side = -1
    else:
        opening = content.lstrip(" \"“'‘")
        if CON_OPENING.match(opening):
            side = -1
        elif PRO_OPENING.match(opening):
            side = 1
        # the side is the opening's ("against the plan"): its object follows it
        content, cue = OPENINGS.sub("", opening, count=1), None
    if not side:
        return 0
    label = SIDE_LABEL.fullmatch(words) if words else None
    if label is not None:  # "pro-EU": the side it names, toward the question
        return _label_side(label, question)
    target = _object(content, cue)
    if ACT_CUE.match(words) and not _names_measure(target, question):
        return 0  # "approved a new coin": an act on something else
    label = SIDE_LABEL.search(_object(content, cue, raw=True))
    if label is not None:  # "accused X of pro-EU scaremongering": an attack on that side
        return side * _label_side(label, question)
    if _procedure_only(target, question):
        return 0  # "called for a referendum on the tram": no side on the tram
    if OPPONENT_WORDS.search(target):
        side = -side
    if _undoes_measure(target):  # "tabled a motion to withdraw the plan": against it
        return -side
    text = question.text if isinstance(question, Question) else question
    acts = isinstance(question, Question) and bool(question.actions)
    if text and _acts_against(target, question):
        return side if acts else -side
    if (text and _opposite(text, target)) or (
        isinstance(question, Question) and question.relation(target) < 0
    ):
        side = -side
    return side


def inner_polarity(content: str, question: Question, speaker: str | None = None) -> int:
    """The side of the statement's own side-taking verb (:func:`inner_cue`), or 0."""
    return inner_cue(content, question, speaker)[0]


def inner_cue(content: str, question: Question, speaker: str | None = None) -> tuple[int, str]:
    """The side of a side-taking verb of the statement's own that acts on the measure: "she
    supports the levy since ...", "most growers firmly opposed the plan, ...", "an open
    letter welcoming the plan" (+1, -1, +1 toward the measure, then as
    :func:`cue_polarity` maps it onto the question). The verb is one of the first
    :data:`INNER_CUE_WORDS` words of the statement's first clause, with no negation, modal,
    condition or report before it, and with the speaker as its subject (a pronoun, a
    statement, none, or a word of ``speaker``'s name); the measure (a measure noun, or the
    question's subject) is named within :data:`INNER_OBJECT_WORDS` words after it. With
    the side, the rest of the clause after the verb ("the measure"). (0, "") when there is
    none."""
    if FORMER_SIDE.search(content):  # "I used to back it": a side no longer held
        return 0, ""
    clause = _CLAUSE_END.split(content, maxsplit=1)[0]
    words = [_CONTRACTION.sub(_expand, w) for w in _TOKENS.findall(clause)]
    words = " ".join(words).split()
    for i in range(min(INNER_CUE_WORDS, len(words))):
        w = words[i].lower()
        if w in INNER_BLOCKERS or w.endswith("n't") or w.endswith("n’t"):
            return 0, ""
        for n in (2, 1):
            phrase = " ".join(words[i : i + n])
            if len(phrase.split()) < n or NOUN_CUE.match(phrase):
                continue
            if not (PRO_CUE.match(phrase) or CON_CUE.match(phrase)):
                continue
            after = " ".join(words[i + n : i + n + INNER_OBJECT_WORDS])
            refers = words[i + n : i + n + 1] in (["it"], ["them"])  # "sign it", "back them"
            if not (refers or MEASURE_NOUN.search(after) or question.named_in(after)):
                continue
            if not _own_subject([w.lower() for w in words[:i]], speaker):
                return 0, ""
            return cue_polarity(phrase, content, question), " ".join(words[i + n :])
    return 0, ""


def effect_polarity(content: str) -> int:
    """The side of a statement that opens with what the measure would do ("it would do
    lasting harm": -1; "the scheme will help families": +1): the sign of the sentiment
    of that first clause after its opening (:func:`~.sentiment.sentiment`, at least
    :data:`EFFECT_SENTIMENT` either way; "ban" or "tax" is no effect). 0 for any other
    statement, and for an effect that acts against something ("it would end the
    drought": what it ends says the side, not the word)."""
    from .sentiment import sentiment

    opening = content.lstrip(" \"“'‘")
    m = EFFECT_OPENING.match(opening)
    if m is None:
        return 0
    clause = opening[: m.end()] + EFFECT_END.split(opening[m.end() :], maxsplit=1)[0]
    if AGAINST.search(clause[m.end() :]):
        return 0
    score = sentiment(clause[m.end() :])  # the effect, not the measure's name ("ban")
    if abs(score) < EFFECT_SENTIMENT:
        return 0
    return 1 if score > 0 else -1


def counter_act_polarity(content: str, question: Question) -> int:
    """The side of what a statement says of an act against the measure ("the lawsuit
    spiteful", "the veto a disgrace": +1), the act's sentiment turned round; 0 for any other
    statement, and toward a question that itself asks to ban, end ... something (a lawsuit
    or a repeal may then be the measure)."""
    from .sentiment import sentiment

    opening = content.lstrip(" \"“'‘")
    if question.actions or not COUNTER_ACT_OPENING.match(opening):
        return 0
    clause = EFFECT_END.split(opening, maxsplit=1)[0]
    score = sentiment(clause)
    if abs(score) < EFFECT_SENTIMENT:
        return 0
    return -1 if score > 0 else 1


def unworried_polarity(content: str, question: Question) -> int:
    """+1 toward what a statement says is nothing to fear ("he was not worried about the
    cap", "honest users have nothing to fear from verifying a number":
    :data:`~stancemap.lang.en.stance.UNWORRIED`), mapped onto the question as the object of
    a supporting cue is (:func:`cue_polarity`: "not afraid of foreign banks" toward a
    question to ban them opposes it); 0 for a statement that says none."""
    m = UNWORRIED.search(content)
    if m is None:
        return 0
    what = _CLAUSE_END.split(content[m.end() :], maxsplit=1)[0].strip()  # not past ", but"
    if not what or not _names_measure(what, question):
        return 0  # "nothing to fear from tenants": not the measure
    return cue_polarity("supports", "supports " + what, question)


def camp_polarity(content: str, question: Question | None = None, cue: str | None = None) -> int:
    """The side of a statement that opens by naming a camp of the debate
    (:data:`~stancemap.lang.en.stance.CAMP_NAMED`) and says what it is (a description,
    :data:`~stancemap.lang.en.stance.CAMP_DESCRIPTION`, or a name the ``cue`` gives it:
    "called the bill's sponsors 'auctioneers'", :data:`~stancemap.lang.en.stance.NAME_CALLING`):
    +1 for one that describes the measure's critics ("its loudest critics were paid-up
    friends of the platforms"), -1 for its backers; turned round when the camp is of what
    the ``question`` asks to undo ("the ban's defenders were moralists" toward "Should
    Poland lift its ban on Sunday trading?": :func:`_camp_way`). 0 otherwise, and for a
    description that praises ("are a credit to this council")."""
    opening = content.lstrip(" \"“'‘")
    m = CAMP_NAMED.match(opening)
    if m is None:
        return 0
    called = cue is not None and NAME_CALLING.match(" ".join(cue.split()[-1:])) is not None
    said = opening[m.end() :]
    if not (called or CAMP_DESCRIPTION.match(said)):
        return 0
    side = 1 if m.group("against") or m.group("against_doing") else -1
    return side * _camp_way(m, question)


def _camp_way(camp: re.Match[str], question: Question | None) -> int:
    """-1 when a camp (:data:`~stancemap.lang.en.stance.CAMP_NAMED`) is of what the
    question asks to undo ("the ban's defenders", "defenders of the scheme" toward a
    question to lift the ban, scrap the scheme: :meth:`Question.undoes`), else 1."""
    found = camp.groupdict()
    owner = found.get("owner") or found.get("of") or found.get("what") or ""
    if question is None or not owner:
        return 1
    return -1 if question.undoes(owner.replace("’", "'").removesuffix("'s")) else 1


def answer_polarity(sentence: str, speaker_at: int, question: Question | None = None) -> int:
    """The side of who answers a camp's reported view with "but" (:data:`CAMP_ANSWERED`:
    "Supporters say higher wages boost spending, but X said ..."): +1 when the camp is the
    measure's critics, -1 when its backers; 0 otherwise, and when the speaker (at
    ``speaker_at`` in ``sentence``, the statement's sentence up to its end) is not after
    the camp's name."""
    m = CAMP_ANSWERED.match(sentence)
    if m is None:
        return 0
    camp = "against" if m.group("against") else "for"
    if speaker_at < m.end(camp):
        return 0
    return (1 if camp == "against" else -1) * _camp_way(m, question)


def process_polarity(content: str, question: Question) -> int:
    """-1 for a complaint that the measure came without asking the people it touches
    (:data:`~stancemap.lang.en.stance.PROCESS_COMPLAINT`: "Nobody asked the people who
    deliver the bread"), 0 otherwise and toward a question that asks for a vote, a
    referendum or a consultation."""
    if PROCESS_QUESTION.search(question.text) or not PROCESS_COMPLAINT.search(content):
        return 0
    return -1


def former_polarity(content: str, question: Question) -> int:
    """The speaker's side now, from one they say they once took: "I once supported it, but
    ..." (-1: they support it no longer), "we once opposed it", "I was against it for
    years" (+1). 0 when they say none."""
    m = FORMER_SIDE.search(content)
    if m is None:
        return 0
    group = "cue" if m.group("cue") else "held"
    if group == "held":  # "for years": a side no longer held only when it says it changed
        after = content[m.end() :]
        if not FORMER_CHANGE.search(after) or FORMER_KEPT.search(after):
            return 0
    cue = " ".join(m.group(group).split())
    # "for" and "against" are read as the opening of what follows them
    plain = cue.lower() in {"for", "against"}
    return -cue_polarity(None if plain else cue, content[m.start(group) :], question)


def _own_subject(before: list[str], speaker: str | None) -> bool:
    """Whether the words before a verb inside a statement make the speaker its subject."""
    if not before or before == ["to"] or before[0] in INNER_PRONOUNS:
        return True
    if STATEMENT_NOUNS.intersection(before):
        return True
    own = {w.lower() for w in _TOKENS.findall(speaker or "") if len(w) > 2}
    return bool(own.intersection(before))


# "he'll", "she'd": a pronoun and its auxiliary ("'d" is "would", a modal: no side).
_CONTRACTION = re.compile(r"^(\w+)['’](ll|d|s|re|ve)$", re.I)


def _expand(m: re.Match[str]) -> str:
    aux = {"ll": "will", "d": "would", "s": "is", "re": "are", "ve": "have"}
    return f"{m.group(1)} {aux[m.group(2).lower()]}"


_CLAUSE_END = re.compile(r"[,;:.!?]|\s(?:because|but|while|although|as)\s", re.I)
_TOKENS = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def _accused_of(content: str, question: str | Question) -> int:
    """The side of who accuses someone: the other side from what they are accused of, when
    that takes one (a one-word side, "pro-EU"; an act against the measure, "obstructing the
    reform"); else 0."""
    what = " ".join(_WORDS.findall(content.lower()))
    label = SIDE_LABEL.search(content)
    if label is not None:
        return -_label_side(label, question)
    if _acts_against(what, question):
        acts = isinstance(question, Question) and bool(question.actions)
        return -1 if acts else 1
    # "accused the scheme's opponents of ...": the other side from the camp accused, turned
    # round when the camp is of what the question undoes ("the agencies' defenders")
    accused = ACCUSED_OF.split(content, maxsplit=1)[0]
    camp = CAMP_NAMED.match(accused.strip() + " ")
    way = _camp_way(camp, question if isinstance(question, Question) else None) if camp else 1
    if OPPONENT_WORDS.search(accused):
        return way
    if BACKER_WORDS.search(accused):
        return -way
    return 0


def _names_measure(target: str, question: str | Question) -> bool:
    """Whether a cue's object names the measure: a measure noun, "it", or the question's
    subject."""
    if MEASURE_NOUN.search(target) or target.split()[:1] in (["it"], ["them"]):
        return True
    terms = question.terms if isinstance(question, Question) else content_terms(question)
    return mentions(target, terms)


def _label_side(label: re.Match[str], question: str | Question) -> int:
    """The side toward the question of a one-word side ("pro-EU", "anti-fracking"): what
    it names (``what``), for (+1) or against (-1), turned round when the question asks to
    leave it, to ban, end ... it, or asks its opposite."""
    side = 1 if label.group("way").lower() == "pro" else -1
    what = label.group("what").lower()
    text = question.text if isinstance(question, Question) else question
    if text and (
        _leaves(text, what)
        or _opposite(text, what)
        or (isinstance(question, Question) and question.relation(what) < 0)
    ):
        side = -side
    return side


def _camp_side(camp: re.Match[str], question: str | Question) -> int:
    """The side toward the question of a camp named by its word ("the Remain campaign"):
    "Yes" for, "No" against; a word of the question's own act for ("Leave" toward "Should
    the UK leave the EU?"), its opposite against ("Remain"); else none."""
    if camp.group("yes"):
        return 1
    if camp.group("no"):
        return -1
    text = question.text if isinstance(question, Question) else question
    word = camp.group("word").lower()
    if not text:
        return 0
    if _opposite(text, word):
        return -1
    stems = [stem for stem in OPPOSITES if word.startswith(stem)]
    asked = _WORDS.findall(text.lower())
    return 1 if any(w.startswith(stem) for stem in stems for w in asked) else 0


def _leaves(question: str, what: str) -> bool:
    """Whether ``question`` asks to leave ``what`` (named by its words or its initials:
    "EU" for "the European Union")."""
    m = LEAVE.search(question)
    if m is None:
        return False
    left = m.group("object")
    initials = "".join(w[0] for w in re.findall(r"\b[A-Z]\w*", left)).lower()
    return what == initials or mentions(what, content_terms(left))


def _procedure_only(target: str, question: str | Question) -> bool:
    """Whether ``target`` asks for a procedure on the measure (:data:`PROCEDURE_OBJECT`)
    that the question does not itself ask for."""
    m = PROCEDURE_OBJECT.match(target)
    if m is None:
        return False
    text = (question.text if isinstance(question, Question) else question).lower()
    stem = m.group("noun").lower()[:5]
    return stem not in text and PROCEDURE_KIN.get(stem, stem) not in text


def _undoes_measure(target: str) -> bool:
    """Whether ``target`` opens by acting against the measure itself, named by a definite
    measure noun ("to withdraw the plan", "scrapping the scheme")."""
    m = AGAINST.search(" ".join(target.split()[:2]))
    if m is None:
        return False
    after = target[target.find(m.group(0)) + len(m.group(0)) :]
    return _DEFINITE_MEASURE.match(after.strip()) is not None


_DEFINITE_MEASURE = re.compile(
    r"(?:the|this|that|its|their|his|her) (?:[a-z-]+ )?" + MEASURE_NOUN.pattern, re.I
)


def _acts_against(target: str, question: str | Question) -> bool:
    """Whether ``target`` holds a word of :data:`AGAINST` followed, within
    :data:`AGAINST_REACH` words, by the question's subject (what a question to ban, end ...
    something acts on, when it asks that)."""
    if isinstance(question, Question):
        terms = question.objects if question.actions else question.terms
    else:
        terms = content_terms(question)
    text = question.text if isinstance(question, Question) else question
    asked = set(_WORDS.findall(text.lower()))
    for m in AGAINST.finditer(target):
        if asked.intersection(_WORDS.findall(m.group(0).lower())):
            continue  # "a moratorium on fracking" toward a question that asks for one
        after = " ".join(_WORDS.findall(target[m.end() :])[:AGAINST_REACH])
        if terms and mentions(" ".join(content_terms(after)), terms):
            return True
    return False


OPENINGS = re.compile("|".join(f"(?:{p.pattern})" for p in (CON_OPENING, PRO_OPENING)), re.I)
_WORDS = re.compile(r"[a-z]+")
# How far after the cue its object is read.
OBJECT_WORDS = 8


def _object(content: str, cue: str | None, *, raw: bool = False) -> str:
    """The words after the cue in the statement (its object), or the statement's start;
    ``raw``: as written (hyphens and all), else lower-cased letters only."""
    low = content.lower()
    at = low.find(cue.lower()) if cue else -1
    rest = low[at + len(cue) :] if cue and at >= 0 else low
    if raw:
        return " ".join(rest.split()[:OBJECT_WORDS])
    return " ".join(_WORDS.findall(rest)[:OBJECT_WORDS])


def _opposite(question: str, phrase: str) -> bool:
    asked = _WORDS.findall(question.lower())
    said = _WORDS.findall(phrase)
    return any(
        any(w.startswith(stem) for w in asked)
        and not any(w.startswith(stem) for w in said)
        and any(w.startswith(o) for w in said for o in opposites)
        for stem, opposites in OPPOSITES.items()
    )


def lean(probs: Mapping[str, float], polarity: int, weight: float = CUE_WEIGHT) -> dict[str, float]:
    """``probs`` shifted toward support (``polarity`` 1) or oppose (-1) by ``weight`` in
    logits, and away from "unrelated"; unchanged for 0."""
    if not polarity:
        return dict(probs)
    factor = {
        "support": math.exp(weight * polarity),
        "oppose": math.exp(-weight * polarity),
        "unrelated": math.exp(-weight),
    }
    moved = {k: v * factor.get(k, 1.0) for k, v in probs.items()}
    total = sum(moved.values()) or 1.0
    return {k: v / total for k, v in moved.items()}
