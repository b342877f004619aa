"""Train the cue classifier on PolNeAR-layout data: ``stancemap train cues``.

Deterministic: same data and settings give the same weights. Needs scikit-learn
(``pip install 'stancemap[train]'``); inference does not.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from ..attribution.cues import CueModel, features, is_candidate
from ..corpora.polnear import GoldDoc, cue_word_counts, load_split
from ..errors import DataError
from ..nlp import SelectiveParser, load_model
from ..text import paragraphs

log = logging.getLogger(__name__)


def select_triggers(docs: list[GoldDoc], *, min_count: int, min_rate: float) -> set[str]:
    """Word forms that often sit inside a cue: sentences holding one get parsed."""
    in_cue, total = cue_word_counts(docs)
    return {w for w, c in in_cue.items() if c >= min_count and c / total[w] >= min_rate}


def train_cues(
    data_dir: str | Path,
    *,
    split: str = "train",
    c: float = 0.2,
    threshold: float = 0.35,
    min_count: int = 3,
    min_rate: float = 0.2,
    min_weight: float = 0.1,
    progress: Callable[[int], None] | None = None,
) -> CueModel:
    try:
        import sklearn  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise DataError("training needs scikit-learn: pip install 'stancemap[train]'") from exc
    docs = load_split(data_dir, split)
    triggers = select_triggers(docs, min_count=min_count, min_rate=min_rate)
    rows, labels = collect_examples(docs, triggers, progress=progress)
    weights = fit_weights(rows, labels, c=c, min_weight=min_weight)
    meta: dict[str, object] = {
        "data": f"PolNeAR {split} ({len(docs)} articles)",
        "candidates": len(labels),
        "positives": sum(labels),
        "C": c,
        "min_count": min_count,
        "min_rate": min_rate,
        "min_weight": min_weight,
    }
    log.info("trained cue model on %d candidates", len(labels))
    return CueModel(weights=weights, threshold=threshold, triggers=frozenset(triggers), meta=meta)


def fit_weights(
    rows: list[dict[str, float]], labels: list[int], *, c: float, min_weight: float
) -> dict[str, float]:
    """L2 logistic regression; weights under ``min_weight`` are dropped (they change no
    decision on dev and would make the shipped file ten times larger)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    # liblinear takes 32-bit sparse indices only.
    x.indices = x.indices.astype("int32")
    x.indptr = x.indptr.astype("int32")
    clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear", random_state=0)
    clf.fit(x, labels)
    names = vec.get_feature_names_out()
    weights = {
        str(n): float(w) for n, w in zip(names, clf.coef_[0], strict=True) if abs(w) >= min_weight
    }
    weights["bias"] = weights.get("bias", 0.0) + float(clf.intercept_[0])
    return weights


def collect_examples(
    docs: list[GoldDoc], triggers: set[str], *, progress: Callable[[int], None] | None = None
) -> tuple[list[dict[str, float]], list[int]]:
    """Features and labels (inside a gold cue or not) of every candidate token."""
    parser = SelectiveParser(load_model(), triggers)
    rows: list[dict[str, float]] = []
    labels: list[int] = []
    for doc in docs:
        cues = sorted(doc.spans["Cue"])
        parsed = parser.parse(doc.text, paragraphs(doc.text))
        for sent in parsed.sentences:
            if sent.doc is None:
                continue
            for tok in sent.doc:
                if not is_candidate(tok):
                    continue
                start = sent.start + tok.idx
                end = start + len(tok.text)
                labels.append(int(any(s <= start and end <= e for s, e in cues)))
                rows.append(dict.fromkeys(features(tok), 1.0))
        if progress:
            progress(1)
    return rows, labels
