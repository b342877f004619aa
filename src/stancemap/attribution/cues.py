"""The cue classifier: is this token what introduces speech, thought or stance?

A logistic model over sparse features of the token and its dependency neighbourhood, trained
on PolNeAR train (``stancemap train cues``) and shipped as a small JSON file of weights.
Scoring is a few dictionary lookups per candidate token: no numeric library at run time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from spacy.tokens import Token

from ..errors import ModelNotFound
from ..nlp import lemma

CANDIDATE_POS = frozenset({"VERB", "NOUN", "ADJ", "ADP", "AUX", "PUNCT", "PROPN"})
_CLAUSAL = frozenset(
    {
        "ccomp",
        "xcomp",
        "dobj",
        "prep",
        "nsubj",
        "nsubjpass",
        "agent",
        "advcl",
        "attr",
        "acomp",
        "dative",
        "parataxis",
        "punct",
        "mark",
        "poss",
        "acl",
    }
)
DEFAULT_MODEL = "cue_model.json"


def is_candidate(tok: Token) -> bool:
    if tok.pos_ not in CANDIDATE_POS:
        return False
    if tok.pos_ == "PUNCT":
        return tok.text == ":"
    return tok.is_alpha


def features(tok: Token) -> Iterator[str]:
    """Sparse binary features of a candidate token (names are stable: they key the weights)."""
    lem = lemma(tok)
    yield "bias"
    yield f"l={lem}"
    yield f"p={tok.pos_}"
    yield f"t={tok.tag_}"
    yield f"d={tok.dep_}"
    yield f"l={lem}|d={tok.dep_}"
    yield f"l={lem}|t={tok.tag_}"
    yield f"hl={lemma(tok.head)}|l={lem}"
    yield f"hp={tok.head.pos_}|d={tok.dep_}"
    deps = set()
    for child in tok.children:
        dep = child.dep_
        if dep not in _CLAUSAL:
            continue
        if dep == "prep":
            yield f"l={lem}|prep={child.lower_}"
            yield f"prep={child.lower_}"
        if dep in {"nsubj", "nsubjpass"}:
            yield f"subj={child.pos_}"
            yield f"subjent={child.ent_type_ or '-'}"
        if dep == "punct" and child.text not in {",", ":"} and child.text not in '"“”«»':
            continue
        deps.add(dep if dep != "punct" else f"punct{child.text}")
    for dep in sorted(deps):
        yield f"c={dep}"
        yield f"l={lem}|c={dep}"
    if tok.i + 1 < len(tok.doc):
        yield f"l={lem}|next={tok.doc[tok.i + 1].lower_}"
    if tok.i > 0:
        yield f"prev={tok.doc[tok.i - 1].lower_}|l={lem}"
    sent_quotes = any(t.text in '"“”«»' for t in tok.sent)
    yield f"q={sent_quotes}"
    yield f"l={lem}|q={sent_quotes}"


class CueModel:
    """Weights, decision threshold and trigger words of the cue classifier."""

    def __init__(
        self,
        weights: dict[str, float],
        threshold: float,
        triggers: frozenset[str],
        meta: dict[str, object],
    ) -> None:
        self.weights = weights
        self.threshold = threshold
        self.triggers = triggers
        self.meta = meta
        # Only lemmas that training saw lean towards cues are worth scoring: it skips
        # nine tokens in ten and changes no decision on dev.
        self.cue_lemmas = frozenset(
            k[2:] for k, v in weights.items() if k.startswith("l=") and "|" not in k and v > 0
        )

    def worth_scoring(self, tok: Token) -> bool:
        return is_candidate(tok) and (lemma(tok) in self.cue_lemmas or tok.lower_ in self.triggers)

    def score(self, tok: Token) -> float:
        """Probability that ``tok`` is (part of) an attribution cue."""
        z = sum(self.weights.get(f, 0.0) for f in features(tok))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def load(cls, path: str | Path | None = None) -> CueModel:
        try:
            if path is None:
                raw = resources.files(__package__).joinpath(DEFAULT_MODEL).read_text("utf-8")
            else:
                raw = Path(path).read_text("utf-8")
        except (FileNotFoundError, OSError) as exc:
            raise ModelNotFound(
                f"cue model not found ({exc}); run 'stancemap train cues' or reinstall stancemap"
            ) from exc
        data = json.loads(raw)
        return cls(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            threshold=float(data["threshold"]),
            triggers=frozenset(data["triggers"]),
            meta=dict(data.get("meta", {})),
        )

    def save(self, path: str | Path) -> None:
        data = {
            "meta": self.meta,
            "threshold": self.threshold,
            "triggers": sorted(self.triggers),
            "weights": {k: round(v, 4) for k, v in sorted(self.weights.items())},
        }
        Path(path).write_text(json.dumps(data, indent=0, sort_keys=False) + "\n", "utf-8")
