"""Where ``stancemap run`` does its per-document work (:func:`.work.process`): in this
process, in local worker processes, or on a Dask distributed cluster. Each engine takes a
stream of stored documents and yields their outcomes as they finish (in any order), with
only a few chunks in flight, so memory does not grow with the corpus.
"""

from __future__ import annotations

import importlib
import multiprocessing
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
    """``workers`` local processes, each loading the pipeline once. A worker that dies
    (killed, out of memory) fails only the documents it held; the pool starts again."""
    context = multiprocessing.get_context("spawn")
    pending = chunks(items, chunk)
    while True:
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker)

        def submit(batch: list[Item], pool: ProcessPoolExecutor = pool) -> Future[list[Outcome]]:
            return pool.submit(process, batch, time_limit)

        try:
            broken = yield from _bounded(submit, pending, 2 * workers)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        if not broken:
            return
        yield from (
            Outcome(i[0], None, ProcessingFailed.code, "the worker process died on it")
            for i in broken
        )


def _bounded(
    submit: Callable[[list[Item]], Future[list[Outcome]]],
    batches: Iterator[list[Item]],
    in_flight: int,
) -> Generator[Outcome, None, list[Item]]:
    """Keep ``in_flight`` batches submitted; yield outcomes as they come. Returns the items
    of the batches a broken pool lost (then the caller restarts it)."""
    running: dict[Future[list[Outcome]], list[Item]] = {}
    for batch in islice(batches, in_flight):
        running[submit(batch)] = batch
    while running:
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        lost: list[Item] = []
        for future in done:
            batch = running.pop(future)
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                lost += batch
                continue
            yield from outcomes
        if lost:
            for future, batch in running.items():
                future.cancel()
                lost += batch
            return lost
        for batch in islice(batches, len(done)):
            running[submit(batch)] = batch
    return []


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
        first = [
            client.submit(process, batch, time_limit, pure=False)
            for batch in islice(batches, in_flight)
        ]
        if not first:
            return
        futures = distributed.as_completed(first, loop=client.loop)
        for future in futures:
            outcomes: list[Outcome] = future.result()
            future.release()
            yield from outcomes
            for batch in islice(batches, 1):
                futures.add(client.submit(process, batch, time_limit, pure=False))
    finally:
        client.close()
