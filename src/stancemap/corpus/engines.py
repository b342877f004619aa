"""Where ``stancemap run`` does its per-document work (:func:`.work.process`): in this
process, in local worker processes, or on a Dask distributed cluster. Each engine takes a
stream of stored documents and yields their outcomes as they finish (in any order), with
only a few chunks in flight, so memory does not grow with the corpus.
"""

from __future__ import annotations

import importlib
import multiprocessing
import sys
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any

from ..errors import CorpusError, ProcessingFailed
from .work import Item, Outcome, init_worker, process

ENGINES = ("local", "dask")


def chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def in_process(
    items: Iterable[Item], *, time_limit: float | None, chunk: int = 8
) -> Iterator[Outcome]:
    """One document after another in this process (``--workers 1``)."""
    for batch in chunks(items, chunk):
        yield from process(batch, time_limit)


def local_processes(
    items: Iterable[Item], *, workers: int, time_limit: float | None, chunk: int = 4
) -> Iterator[Outcome]:
    """``workers`` local processes, each loading the pipeline once. When a worker dies
    (killed, out of memory), the documents the pool held are read again one at a time
    (:func:`_isolate`): only the one it dies on fails; the pool starts again."""
    context = _context()
    pending = chunks(items, chunk)
    while True:
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker)

        def submit(batch: list[Item], pool: ProcessPoolExecutor = pool) -> Future[list[Outcome]]:
            return pool.submit(process, batch, time_limit)

        try:
            lost = yield from _bounded(submit, pending, 2 * workers)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        if not lost:
            return
        yield from _isolate(lost, context, time_limit)


def _context() -> Any:
    """How worker processes start: forked where the platform forks safely (Linux: at once,
    sharing what the parent loaded, and a script needs no ``__main__`` guard), else spawned
    (a script that runs ``Corpus.run(workers=2)`` then needs ``if __name__ == "__main__":``)."""
    return multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")


def _isolate(items: list[Item], context: Any, time_limit: float | None) -> Iterator[Outcome]:
    """The documents a broken pool held, one at a time in a pool of one worker: the one it
    dies on fails (E018), the others are processed. Workers that die on every document in
    a row (they cannot start) stop the run with one coded error instead."""
    queue = list(items)
    dead = 0
    while queue:
        pool = ProcessPoolExecutor(1, mp_context=context, initializer=init_worker)
        try:
            while queue:
                item = queue.pop(0)
                try:
                    outcomes = pool.submit(process, [item], time_limit).result()
                except BrokenProcessPool:
                    dead += 1
                    yield Outcome(item[0], None, ProcessingFailed.code, DIED)
                    if dead == DEAD_IN_A_ROW:
                        raise CorpusError(
                            f"worker processes died on {dead} documents in a row: run with "
                            "--workers 1 to see why, then --retry-failed"
                        ) from None
                    break  # a fresh pool for the rest
                dead = 0
                yield from outcomes
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


DEAD_IN_A_ROW = 3


DIED = "the worker process died on it (killed, or out of memory): try --retry-failed"


def _bounded(
    submit: Callable[[list[Item]], Future[list[Outcome]]],
    batches: Iterator[list[Item]],
    in_flight: int,
) -> Generator[Outcome, None, list[Item]]:
    """Keep ``in_flight`` batches submitted; yield outcomes as they come. Returns the items
    of the batches a broken pool held whose outcomes were not yielded (the caller reads
    them again)."""
    running: dict[Future[list[Outcome]], list[Item]] = {}
    lost: list[Item] = []

    def more(n: int) -> None:
        for batch in islice(batches, n):
            if lost:  # the pool broke: the rest waits for the next one
                lost.extend(batch)
                continue
            try:
                running[submit(batch)] = batch
            except BrokenProcessPool:  # it broke since the last wait
                lost.extend(batch)

    more(in_flight)
    while running:
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            batch = running.pop(future)
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                lost.extend(batch)
                continue
            yield from outcomes
        if not lost:
            more(len(done))
        if lost:
            for future, batch in running.items():
                future.cancel()
                lost.extend(batch)
            return lost
    return lost


def on_dask(
    items: Iterable[Item], *, scheduler: str | Any, time_limit: float | None, chunk: int = 8
) -> Iterator[Outcome]:
    """The same per-document function on a Dask distributed cluster (``scheduler``: its
    address, ``tcp://host:8786``, or a cluster object). Each worker process builds the
    pipeline once, on its first chunk."""
    try:
        distributed: Any = importlib.import_module("distributed")
    except ImportError:
        raise CorpusError(
            "the dask engine needs Dask's distributed scheduler: pip install 'stancemap[dask]'"
        ) from None
    try:
        client = distributed.Client(scheduler, timeout=30, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise CorpusError(
            f"cannot reach the Dask scheduler at {scheduler}: {exc}; start one with "
            "'dask scheduler' and workers with 'dask worker ADDRESS'"
        ) from None
    try:
        in_flight = max(2, 2 * sum(client.nthreads().values()))
        batches = chunks(items, chunk)
        held: dict[Any, list[Item]] = {}
        for batch in islice(batches, in_flight):
            held[client.submit(process, batch, time_limit, pure=False)] = batch
        if not held:
            return
        futures = distributed.as_completed(list(held), loop=client.loop)
        for future in futures:
            batch = held.pop(future)
            try:
                outcomes: list[Outcome] = future.result()
            except Exception as exc:  # a worker that died on the batch (KilledWorker ...)
                reason = f"the Dask worker failed on it ({type(exc).__name__}): try --retry-failed"
                outcomes = [Outcome(i[0], None, ProcessingFailed.code, reason) for i in batch]
            future.release()
            yield from outcomes
            for more in islice(batches, 1):
                submitted = client.submit(process, more, time_limit, pure=False)
                held[submitted] = more
                futures.add(submitted)
    finally:
        client.close()
