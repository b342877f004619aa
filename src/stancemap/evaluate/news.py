"""Who argues what in real news: the gold speakers of ``../shared/data/news`` found on the
map, and on their side.

Scoring (the data set's README): a gold actor is *found* when a mapped speaker's name
contains the gold name's last word of three letters or more (case-insensitive); it is
*right* when that speaker's side equals the gold stance. A gold actor marked "unrelated"
is right when the speaker's statements are all set aside as not about the question.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core import StanceLabel
from ..errors import DataError
from ..ingest import read_document

if TYPE_CHECKING:
    from ..debate import DebateMap
    from ..pipeline import Pipeline
    from ..stance.model import StanceModel

STANCES = ("support", "oppose", "conditional", "neutral", "unrelated")
MISSING = "missing"
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def key_word(name: str) -> str | None:
    """The gold name's last capitalised word of three letters or more, lower-cased: its
    proper name ("GMB" of "GMB trade union"; "Biden" of "Biden administration"); else its
    last word of three letters or more."""
    long = [w for w in _WORD.findall(name) if len(w) >= 3]
    proper = [w for w in long if w[0].isupper()]
    return (proper or long)[-1].lower() if long else None


def shouted(name: str, text: str = "") -> bool:
    """A name in capitals that is a headline's words, not a speaker: several words
    ("BREAKING NEWS"), or one the text also uses as a plain word ("KEY" where "key"
    occurs). An acronym ("NATO", "GMB") is a name."""
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters):
        return False
    words = _WORD.findall(name)
    return len(words) > 1 or re.search(rf"\b{re.escape(name.lower())}\b", text) is not None


@dataclass(slots=True)
class Mapped:
    """A speaker on the map: a side, or "unrelated" when every statement was set aside."""

    name: str
    side: str
    statements: int
    named: bool


@dataclass(slots=True)
class ExcerptScore:
    id: str
    question: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # mapped speakers matching no gold actor
    shouted: list[str] = field(default_factory=list)  # of those, headline words in capitals


def mapped_speakers(debate: DebateMap) -> list[Mapped]:
    """Every speaker the map shows: those on a side, then those whose statements were all
    set aside as not about the question."""
    out = [Mapped(sp.name, sp.stance.value, len(sp.statements), sp.named) for sp in debate.speakers]
    on_side = {m.name for m in out}
    aside: Counter[str] = Counter(
        s.speaker_name for _d, s in debate.unrelated if s.speaker_name is not None
    )
    out += [
        Mapped(name, StanceLabel.UNRELATED.value, n, True)
        for name, n in aside.items()
        if name not in on_side
    ]
    return out


def match(gold_name: str, speakers: Sequence[Mapped]) -> Mapped | None:
    """The mapped speaker that stands for a gold actor: of those whose name contains the gold
    name's key word (else, for a plural, its singular as a word), the one sharing most of
    its words, then with most statements."""
    word = key_word(gold_name)
    if word is None:
        return None
    hits = [m for m in speakers if word in m.name.lower()]
    if not hits and word.endswith("s"):  # "every Democrat voted no": the gold "Democrats"
        one = re.compile(rf"\b{re.escape(word[:-1])}\b")
        hits = [m for m in speakers if one.search(m.name.lower())]
    if not hits:
        return None
    gold_words = {w.lower() for w in _WORD.findall(gold_name)}

    def rank(m: Mapped) -> tuple[int, int]:
        shared = len(gold_words & {w.lower() for w in _WORD.findall(m.name)})
        return (shared, m.statements)

    return max(hits, key=rank)


def score_excerpt(entry: dict[str, Any], debate: DebateMap) -> ExcerptScore:
    speakers = mapped_speakers(debate)
    out = ExcerptScore(str(entry["id"]), str(entry["question"]))
    used: set[str] = set()
    for actor in entry["actors"]:
        got = match(actor["name"], speakers)
        if got is not None:
            used.add(got.name)
        out.rows.append(
            {
                "name": actor["name"],
                "gold": actor["stance"],
                "mapped_as": got.name if got else None,
                "predicted": got.side if got else MISSING,
                "found": got is not None,
                "right": got is not None and got.side == actor["stance"],
            }
        )
    out.extra = [m.name for m in speakers if m.name not in used and m.named]
    text = " ".join(d.text for d in debate.documents.values())
    out.shouted = [n for n in out.extra if shouted(n, text)]
    return out


def load_news(data_dir: str | Path) -> list[dict[str, Any]]:
    root = Path(data_dir)
    gold = root / "gold.json"
    if not gold.is_file():
        raise DataError(
            f"{gold} not found: the folder holds gold.json and articles/ (../shared/data/news)"
        )
    entries: list[dict[str, Any]] = json.loads(gold.read_text("utf-8"))
    for e in entries:
        if not (root / "articles" / f"{e['id']}.txt").is_file():
            raise DataError(f"{root / 'articles' / (e['id'] + '.txt')} not found")
    return entries


def evaluate_news(
    data_dir: str | Path,
    *,
    pipeline: Pipeline | None = None,
    stance_model: StanceModel | None = None,
    progress: Callable[[list[dict[str, Any]]], Iterable[dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    """Map each excerpt on its gold question (:func:`stancemap.debate_map`, no key points)
    and score it. Returns the totals, the confusion table (gold stance -> predicted side or
    "missing"), per-excerpt rows, and the mapped speakers that match no gold actor."""
    from ..api import debate_map

    root = Path(data_dir)
    entries = load_news(root)
    scores = []
    for entry in progress(entries) if progress else entries:
        doc = read_document(root / "articles" / f"{entry['id']}.txt")
        debate = debate_map(
            [doc],
            question=entry["question"],
            key_points=False,
            pipeline=pipeline,
            stance_model=stance_model,
        )
        scores.append(score_excerpt(entry, debate))
    return summarise(scores)


def summarise(scores: Sequence[ExcerptScore]) -> dict[str, Any]:
    rows = [r for s in scores for r in s.rows]
    gold = len(rows)
    found = sum(r["found"] for r in rows)
    right = sum(r["right"] for r in rows)
    confusion = {g: dict.fromkeys((*STANCES, MISSING), 0) for g in STANCES}
    for r in rows:
        confusion[r["gold"]][r["predicted"]] += 1
    extra = [name for s in scores for name in s.extra]
    return {
        "excerpts": len(scores),
        "gold_speakers": gold,
        "found": found,
        "right": right,
        "found_share": round(found / gold, 4) if gold else 0.0,
        "right_of_gold": round(right / gold, 4) if gold else 0.0,
        "right_of_found": round(right / found, 4) if found else 0.0,
        "confusion": confusion,
        "not_in_gold": len(extra),
        "capitalised_speakers": sorted({n for s in scores for n in s.shouted}),
        "excerpt_scores": [
            {"id": s.id, "question": s.question, "rows": s.rows, "not_in_gold": s.extra}
            for s in scores
        ],
    }
