"""The core every stage imports: records, the working state, the question, the stage
protocol. It imports no stage."""

from .question import Question, check_question, content_terms, mentions
from .records import (
    Actor,
    Document,
    Extraction,
    Span,
    Stance,
    StanceLabel,
    Statement,
    StatementKind,
    statement_id,
)
from .state import FACETS, Analysis, Draft, Stage, check_order

__all__ = [
    "FACETS",
    "Actor",
    "Analysis",
    "Document",
    "Draft",
    "Extraction",
    "Question",
    "Span",
    "Stage",
    "Stance",
    "StanceLabel",
    "Statement",
    "StatementKind",
    "check_order",
    "check_question",
    "content_terms",
    "mentions",
    "statement_id",
]
