"""stancemap: who argues what in news coverage of a contested question."""

from __future__ import annotations

from .errors import StancemapError
from .ingest import read_document
from .pipeline import Analysis, Pipeline, default_pipeline, extract
from .records import Actor, Document, Extraction, Span, Statement, StatementKind
from .stance.debate import DebateMap, debate_map

__version__ = "0.1.0"

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
