"""The project's own stance corpus, ``data/stance/*.jsonl`` (CC BY 4.0; its data card is
``data/stance/README.md``): reading it, and checking it.

The check (:func:`check_corpus`) says what the corpus holds (debates, statements, labels,
forms, domains, countries), what is wrong with it (a malformed line, a duplicate, a debate
short of the guide's mix), whether any debate is one of the news dev set's, and whether any
statement shares a run of :data:`SHINGLE` words with an evaluation text.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import content_terms
from ..errors import DataError

LABELS = ("support", "oppose", "conditional", "neutral", "unrelated")
FORMS = (
    "quote",
    "reported",
    "described",
    "negation",
    "rhetorical",
    "attack",
    "rebuttal",
    "conditional",
    "consequence",
    "neutral_report",
    "no_side",
    "unrelated",
)
FIELDS = ("debate", "question", "domain", "country", "speaker", "role", "text", "label", "form")
# The guide's mix per debate: at least this many statements of each label.
MIN_LABELS = {"support": 7, "oppose": 7, "conditional": 2, "neutral": 3, "unrelated": 2}
MIN_STATEMENTS = 25
# A statement sharing this many words in a row with an evaluation text is flagged.
SHINGLE = 8
# A debate whose question and a news dev question share this share of their content words
# (Jaccard) is that debate.
SAME_QUESTION = 0.5
SECOND_READING = "second_reading.jsonl"
# The news dev set's debates by their subject words (its README lists them): a question
# holding all the words of one entry is that debate, whatever the country or wording.
NEWS_DEBATE_WORDS = (
    ("leave", "european union"),
    ("brexit",),
    ("basic income",),
    ("cannabis",),
    ("marijuana",),
    ("voting age",),
    ("vote at 16",),
    ("votes at 16",),
    ("four-day",),
    ("4-day",),
    ("tiktok",),
    ("scot", "independence"),
    ("student loan",),
    ("student debt",),
    ("heathrow",),
    ("death penalty",),
    ("capital punishment",),
    ("fracking",),
    ("vaccin", "mandat"),
    ("vaccin", "compulsory"),
    ("wealth tax",),
    ("sugar", "tax"),
    ("sugary",),
    ("soda", "tax"),
    ("school voucher",),
    ("school choice",),
    ("nato", "sweden"),
    ("nato", "finland"),
)
_WORDS = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class OwnStatement:
    debate: str
    question: str
    domain: str
    country: str
    speaker: str
    role: str
    text: str
    label: str
    form: str


def default_dir() -> Path:
    """``data/stance`` of a source checkout (the corpus ships with the repository)."""
    return Path(__file__).resolve().parents[3] / "data" / "stance"


def read_corpus(folder: str | Path | None = None) -> list[OwnStatement]:
    """Every statement of the corpus, file by file (sorted), line by line. A malformed line
    is a :class:`~stancemap.errors.DataError` naming its file and line."""
    rows, problems = _read(Path(folder) if folder else default_dir())
    if problems:
        raise DataError(f"{problems[0]} (and {len(problems) - 1} more): run 'stancemap data check'")
    return rows


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise DataError(f"{folder} is not a folder of .jsonl files (data/stance)")
    return sorted(p for p in folder.glob("*.jsonl") if p.name != SECOND_READING)


def _read(folder: Path) -> tuple[list[OwnStatement], list[str]]:
    rows: list[OwnStatement] = []
    problems: list[str] = []
    for path in _files(folder):
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path.name}:{n}"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: not JSON ({exc.msg})")
                continue
            if not isinstance(item, dict) or set(item) != set(FIELDS):
                problems.append(f"{where}: keys must be exactly {', '.join(FIELDS)}")
                continue
            if not all(isinstance(item[k], str) for k in FIELDS):
                problems.append(f"{where}: every value must be a string")
                continue
            if item["label"] not in LABELS or item["form"] not in FORMS:
                problems.append(f"{where}: label or form not one of the guide's")
                continue
            if not item["text"].strip() or not item["question"].strip().endswith("?"):
                problems.append(f"{where}: empty text, or a question without '?'")
                continue
            rows.append(OwnStatement(**{k: item[k] for k in FIELDS}))
    return rows, problems


def shingles(text: str, size: int = SHINGLE) -> set[tuple[str, ...]]:
    words = _WORDS.findall(text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def evaluation_texts(shared: Path) -> Iterator[tuple[str, str]]:
    """(data set, text) of every evaluation text in ``shared`` (../shared): the news dev
    set, the seed article, PolNeAR dev, VAST dev, IBM claim stance, ArgKP, GWSD."""
    data = shared / "data"
    news = data / "news" / "articles"
    for p in sorted(news.glob("*.txt")) if news.is_dir() else []:
        yield "news", p.read_text("utf-8")
    for p in sorted((shared / "seed").glob("*.txt")):
        yield "seed", p.read_text("utf-8")
    polnear = data / "polnear" / "dev" / "text"
    for p in sorted(polnear.glob("*.txt")) if polnear.is_dir() else []:
        yield "polnear", p.read_text("utf-8")
    tables = [
        ("vast", data / "vast" / "vast_dev.csv", ("Tweet",), ","),
        (
            "ibm",
            data / "ibm_claim_stance" / "claim_stance_train.csv",
            ("claims.claimCorrectedText",),
            ",",
        ),
        ("argkp", data / "argkp" / "arguments_train.csv", ("argument",), ","),
        ("argkp", data / "argkp" / "arguments_dev.csv", ("argument",), ","),
        ("argkp", data / "argkp" / "key_points_train.csv", ("key_point",), ","),
        ("argkp", data / "argkp" / "key_points_dev.csv", ("key_point",), ","),
        ("gwsd", data / "gwsd" / "gwsd_train.tsv", ("sentence",), "\t"),
    ]
    for name, path, columns, delimiter in tables:
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter=delimiter):
                for column in columns:
                    if row.get(column):
                        yield name, row[column]


def news_questions(shared: Path) -> list[str]:
    gold = shared / "data" / "news" / "gold.json"
    if not gold.is_file():
        return []
    return sorted({str(e["question"]) for e in json.loads(gold.read_text("utf-8"))})


def cohen_kappa(first: Sequence[str], second: Sequence[str]) -> float:
    """Cohen's kappa of two readers' labels of the same items."""
    if len(first) != len(second) or not first:
        raise DataError("kappa needs two equally long, non-empty lists of labels")
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    ca, cb = Counter(first), Counter(second)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def second_reading(folder: Path, rows: Iterable[OwnStatement]) -> dict[str, Any] | None:
    """Agreement of the second reader (``second_reading.jsonl``: debate, text, label, as
    the second reader gave it blind) with the corpus labels."""
    path = folder / SECOND_READING
    if not path.is_file():
        return None
    labels = {(r.debate, r.text): r.label for r in rows}
    first, second = [], []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            key = (item["debate"], item["text"])
            if key in labels:
                first.append(labels[key])
                second.append(item["label"])
    return {
        "statements": len(first),
        "agreement": round(sum(a == b for a, b in zip(first, second, strict=True)) / len(first), 4)
        if first
        else 0.0,
        "kappa": round(cohen_kappa(first, second), 4) if first else 0.0,
    }


def second_reading_sample(
    rows: Sequence[OwnStatement], *, share: float = 0.1, seed: int = 0
) -> list[OwnStatement]:
    """The statements a second reader labels blind: ``share`` of them, drawn with a fixed
    seed (the same draw every time), in corpus order."""
    import random

    picked = set(random.Random(seed).sample(range(len(rows)), round(share * len(rows))))
    return [r for i, r in enumerate(rows) if i in picked]


def check_corpus(folder: str | Path | None = None, *, shared: Path | None = None) -> dict[str, Any]:
    """What the corpus holds and what is wrong with it (``problems``: empty when it passes).
    With ``shared`` (../shared), also the overlap with the evaluation sets."""
    root = Path(folder) if folder else default_dir()
    rows, problems = _read(root)
    debates: dict[str, list[OwnStatement]] = {}
    for r in rows:
        debates.setdefault(r.debate, []).append(r)
    seen: Counter[str] = Counter(" ".join(r.text.split()).lower() for r in rows)
    problems += [f"statement written twice: {t[:60]!r}" for t, n in seen.items() if n > 1]
    for name, items in debates.items():
        if len({(r.question, r.domain, r.country) for r in items}) > 1:
            problems.append(f"{name}: its statements disagree on question, domain or country")
        counts = Counter(r.label for r in items)
        short = [f"{k} {counts[k]}/{n}" for k, n in MIN_LABELS.items() if counts[k] < n]
        if len(items) < MIN_STATEMENTS or short:
            problems.append(f"{name}: {len(items)} statements; short of the mix: {short}")
    report: dict[str, Any] = {
        "debates": len(debates),
        "statements": len(rows),
        "labels": dict(Counter(r.label for r in rows).most_common()),
        "forms": dict(Counter(r.form for r in rows).most_common()),
        "domains": dict(Counter(items[0].domain for items in debates.values()).most_common()),
        "countries": len({items[0].country for items in debates.values()}),
        "problems": problems,
    }
    if shared is not None:
        report["overlap"] = overlap(rows, debates, shared)
        problems += [
            f"{o['debate']}: the news dev debate {o['news_question']!r}"
            for o in report["overlap"]["news_debates"]
        ]
        problems += [
            f"{o['debate']}: shares {SHINGLE} words in a row with {o['data_set']}: {o['words']!r}"
            for o in report["overlap"]["texts"]
        ]
    reading = second_reading(root, rows)
    if reading is not None:
        report["second_reading"] = reading
    return report


def overlap(
    rows: Sequence[OwnStatement], debates: dict[str, list[OwnStatement]], shared: Path
) -> dict[str, list[dict[str, str]]]:
    """The debates that are the news dev set's, and the statements that share a run of
    :data:`SHINGLE` words with an evaluation text."""
    index: dict[tuple[str, ...], str] = {}
    for name, text in evaluation_texts(shared):
        for sh in shingles(text):
            index.setdefault(sh, name)
    texts = []
    for r in rows:
        hit = next((sh for sh in shingles(r.text) if sh in index), None)
        if hit is not None:
            texts.append({"debate": r.debate, "data_set": index[hit], "words": " ".join(hit)})
    same = []
    asked = [(q, content_terms(q)) for q in news_questions(shared)]
    for name, items in debates.items():
        question = items[0].question
        terms = content_terms(question)
        for q, gold in asked:
            if terms and gold and len(terms & gold) / len(terms | gold) >= SAME_QUESTION:
                same.append({"debate": name, "news_question": q})
        low = question.lower()
        for words in NEWS_DEBATE_WORDS:
            if all(w in low for w in words):
                same.append({"debate": name, "news_question": " + ".join(words)})
    return {"news_debates": same, "texts": texts}
