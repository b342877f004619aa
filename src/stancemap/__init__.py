"""stancemap: who argues what in news coverage of a contested question."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import StancemapError

if TYPE_CHECKING:
    from .ingest import read_document
    from .pipeline import Analysis, Pipeline, default_pipeline, extract
    from .records import Actor, Document, Extraction, Span, Statement, StatementKind
    from .stance.debate import DebateMap, debate_map

__version__ = "0.1.0"

# The public names load on first use: a submodule (the model, the training recipe) can be
# imported without the attribution stack (spaCy), and ``import stancemap`` stays quick.
_LAZY = {
    "read_document": "ingest",
    "Analysis": "pipeline",
    "Pipeline": "pipeline",
    "default_pipeline": "pipeline",
    "extract": "pipeline",
    "Actor": "records",
    "Document": "records",
    "Extraction": "records",
    "Span": "records",
    "Statement": "records",
    "StatementKind": "records",
    "DebateMap": "stance.debate",
    "debate_map": "stance.debate",
}

__all__ = [
    "Actor",
    "Analysis",
    "DebateMap",
    "Document",
    "Extraction",
    "Pipeline",
    "Span",
    "StancemapError",
    "Statement",
    "StatementKind",
    "debate_map",
    "default_pipeline",
    "extract",
    "read_document",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'stancemap' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
