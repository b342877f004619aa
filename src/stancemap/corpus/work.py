"""The per-document work of ``stancemap run``: the question-independent stages (parse,
attribution, speakers, described positions) over one stored document, with a time limit,
turning any failure into a coded outcome. The same function runs in this process, in local
worker processes, or on Dask workers; the pipeline loads once per process.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core import Document, Extraction
from ..errors import ProcessingFailed, StancemapError, TimeLimit

if TYPE_CHECKING:
    from ..pipeline import Pipeline

# (document id, text, title, source) of a stored document, as the workers get it
Item = tuple[str, str, str | None, str | None]

log = logging.getLogger(__name__)
_PIPELINE: Pipeline | None = None
LOADS = 0  # how many times this process built the pipeline (tests read it on Dask workers)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What processing one document gave: its extraction, or a failure's code and reason."""

    document_id: str
    extraction: Extraction | None
    code: str | None = None
    error: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.extraction is not None


def pipeline() -> Pipeline:
    """This process's question-independent pipeline, built on first use (once, also when
    a Dask worker runs several threads)."""
    global _PIPELINE, LOADS
    with _BUILDING:
        if _PIPELINE is None:
            from ..attribution.positions import PositionStage
            from ..pipeline import default_pipeline

            _PIPELINE = default_pipeline().with_stages(PositionStage())
            LOADS += 1
    return _PIPELINE


_BUILDING = threading.Lock()


def init_worker() -> None:
    """A worker process's start: one thread per library (the processes are the
    parallelism) and the pipeline loaded before the first document."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    try:
        pipeline()
    except Exception:  # each document then reports it, coded (a missing model: E008)
        log.warning("the pipeline could not be built in a worker", exc_info=True)


def process(items: Sequence[Item], time_limit: float | None = None) -> list[Outcome]:
    """Each document through the pipeline, one at a time: a failure or a document over
    ``time_limit`` seconds is an outcome with its code, never an exception."""
    return [_one(item, time_limit) for item in items]


def _one(item: Item, time_limit: float | None) -> Outcome:
    doc_id, text, title, source = item
    started = time.perf_counter()
    try:
        pipe = pipeline()
        started = time.perf_counter()  # building the pipeline is not the document's time
        with _limit(time_limit, doc_id):
            extraction = pipe(Document(text=text, id=doc_id, title=title, source=source))
        seconds = time.perf_counter() - started
        if time_limit is not None and seconds > time_limit:  # where no alarm could stop it
            raise TimeLimit(_over(doc_id, time_limit))
        return Outcome(doc_id, extraction, seconds=seconds)
    except StancemapError as exc:
        return _failed(doc_id, exc.code, exc, started)
    except Exception as exc:  # a bug or a broken input: recorded, the run goes on
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:500]
        return _failed(doc_id, ProcessingFailed.code, reason, started)


def _failed(doc_id: str, code: str, reason: object, started: float) -> Outcome:
    message = str(reason)
    if message.startswith(f"[{code}] "):
        message = message[len(code) + 3 :]
    return Outcome(doc_id, None, code, message, time.perf_counter() - started)


def _over(doc_id: str, limit: float) -> str:
    return f"{doc_id} took longer than the {limit:g} s limit: raise --time-limit to process it"


@contextmanager
def _limit(seconds: float | None, doc_id: str) -> Iterator[None]:
    """Interrupt the work after ``seconds`` with :class:`TimeLimit` where a timer signal can
    (the main thread of a process on a POSIX system); elsewhere (Dask's worker threads) the
    time is checked when the document is done."""
    usable = (
        seconds is not None
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable or seconds is None:
        yield
        return

    def alarm(_signum: int, _frame: Any) -> None:
        raise TimeLimit(_over(doc_id, seconds))

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def loads() -> int:
    """How many times this process built the pipeline (run on Dask workers by tests)."""
    return LOADS
