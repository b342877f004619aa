"""stancemap: who argues what in news coverage of a contested question."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import StancemapError

if TYPE_CHECKING:
    from .api import debate_map
    from .core import (
        Actor,
        Analysis,
        Document,
        Extraction,
        Question,
        Span,
        Stance,
        StanceLabel,
        Statement,
        StatementKind,
    )
    from .corpus import Corpus
    from .debate import DebateMap
    from .ingest import read_document
    from .llm import LLMSettings
    from .pipeline import Pipeline, default_pipeline, extract

__version__ = "0.1.0"

# The public names load on first use: a submodule (the model, the training recipe) can be
# imported without the attribution stack (spaCy), and ``import stancemap`` stays quick.
_LAZY = {
    "debate_map": "api",
    "Corpus": "corpus",
    "read_document": "ingest",
    "Pipeline": "pipeline",
    "default_pipeline": "pipeline",
    "extract": "pipeline",
    "Actor": "core",
    "Analysis": "core",
    "Document": "core",
    "Extraction": "core",
    "Question": "core",
    "Span": "core",
    "Stance": "core",
    "StanceLabel": "core",
    "Statement": "core",
    "StatementKind": "core",
    "DebateMap": "debate",
    "LLMSettings": "llm",
}

__all__ = [
    "Actor",
    "Analysis",
    "Corpus",
    "DebateMap",
    "Document",
    "Extraction",
    "LLMSettings",
    "Pipeline",
    "Question",
    "Span",
    "Stance",
    "StanceLabel",
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
