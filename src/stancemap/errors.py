"""Coded errors. The library raises these; the CLI turns them into one line and an exit code.

Every message says what happened and what to do about it, so a user never has to read a traceback.
"""

from __future__ import annotations


class StancemapError(Exception):
    """Base class: ``code`` is stable (``E001`` ...) so scripts and tests can match on it."""

    code = "E000"
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class InputNotFound(StancemapError):
    code = "E001"
    exit_code = 2


class EmptyInput(StancemapError):
    code = "E002"


class BinaryInput(StancemapError):
    code = "E003"


class EncodingError(StancemapError):
    code = "E004"


class InputTooLarge(StancemapError):
    code = "E005"


class NotEnglish(StancemapError):
    code = "E006"


class NoArticleText(StancemapError):
    code = "E007"


class ModelNotFound(StancemapError):
    code = "E008"


class LLMUnreachable(StancemapError):
    """The LLM endpoint did not answer (connection refused, DNS, timeout)."""

    code = "E010"


class LLMBadResponse(StancemapError):
    """The LLM endpoint answered with an error or with output that fails the schema."""

    code = "E011"


class BadQuestion(StancemapError):
    """The question given is blank, too long to read with a statement, or not English."""

    code = "E012"
    exit_code = 2


class DataError(StancemapError):
    """Evaluation or training data is missing or not laid out as documented."""

    code = "E009"
    exit_code = 2


class StageOrderError(StancemapError):
    """A pipeline's stage needs what no stage before it adds (a wrong order or a gap)."""

    code = "E013"
    exit_code = 2


class LabelsError(StancemapError):
    """A file of labelled statements is missing, malformed or names no statement."""

    code = "E014"
    exit_code = 2


class CorpusError(StancemapError):
    """A corpus database that cannot be opened, read or upgraded."""

    code = "E015"
    exit_code = 2


class BadRecord(StancemapError):
    """A record of a corpus input that cannot be read (a broken JSONL line, a WARC record)."""

    code = "E016"


class TimeLimit(StancemapError):
    """A document that took longer than the per-document time limit."""

    code = "E017"


class ProcessingFailed(StancemapError):
    """A document the pipeline failed on (an unexpected error, recorded and skipped)."""

    code = "E018"


class UsageError(StancemapError):
    """Options that do not go together, or one missing that the others need."""

    code = "E019"
    exit_code = 2
