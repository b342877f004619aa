"""Arguments and key points: what each statement argues, and the few points many make."""

from .analysis import ArgumentItem, KeyPoint, KeyPointResult, key_points
from .arguments import argument_label, compress
from .stage import ArgumentStage

__all__ = [
    "ArgumentItem",
    "ArgumentStage",
    "KeyPoint",
    "KeyPointResult",
    "argument_label",
    "compress",
    "key_points",
]
