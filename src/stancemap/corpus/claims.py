"""Which run processes which document. A run claims a few stored documents at a time
(``documents.claimed_by``, ``claimed_until``) before it processes them, so two runs on one
database (two terminals, or two machines on one PostgreSQL server) share the work instead
of both doing all of it.

A claim is a lease: the run renews its claims while it works (a thread, every quarter of
the lease) and gives back what it did not process when it stops. A claim whose lease ran
out, or whose run was a process of this machine that is gone (``kill -9``), is taken over
at once; a run that finds documents held by a run of another machine waits until that run
renews them (it is alive: they are left to it) or their lease runs out (they are taken).
So a killed run started again resumes where it stopped, with no document lost or done
twice.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select, update

from . import tables as t
from .work import Item

LEASE = 120.0  # seconds a claim holds without being renewed
PAGE = 32  # documents claimed at a time: small, so that runs at once share the work
_HOST = socket.gethostname()[:100]
_HELD: set[str] = set()  # the claims' names of this process's runs under way


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def token() -> str:
    """A run's name in the claims it makes: its machine, its process and a random part."""
    return f"{_HOST}/{os.getpid()}/{uuid.uuid4().hex[:12]}"


def gone(holder: str) -> bool:
    """Is ``holder`` a run of this machine whose process no longer exists (killed, or a
    zombie its parent has not reaped)? A run of another machine is never known gone."""
    parts = holder.rsplit("/", 2)
    if len(parts) != 3 or parts[0] != _HOST or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():  # a run of this process, or of one killed before it (a container
        return holder not in _HELD  # restarted gives its process the same pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # another user's process: alive
        return False
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


@dataclass
class Claims:
    """The claims of one run over the documents ``todo`` selects."""

    engine: Engine
    todo: Any  # a WHERE clause over ``documents``
    lease: float = LEASE
    page: int = PAGE
    name: str = field(default_factory=token)

    def items(self) -> Iterator[Item]:
        """The documents this run claims, a page at a time in id order; passes over the
        corpus again while others' claims can still be taken over (see the module)."""
        watched: dict[str, datetime] = {}  # another machine's run: its latest lease seen
        while True:
            took = False
            after = ""
            while True:
                dead = self._dead()  # once a page: both queries read the same holders
                page = self._candidates(after, dead)
                if not page:
                    break
                after = page[-1]
                claimed = self._take(page, dead)
                took = took or bool(claimed)
                yield from claimed
            if took:
                continue
            wait = self._held_elsewhere(watched)
            if wait is None:
                return
            time.sleep(wait)

    def _claimable(self, now: datetime, dead: list[str]) -> Any:
        d = t.documents.c
        free = or_(d.claimed_by.is_(None), d.claimed_until < now)
        if dead:
            free = or_(free, d.claimed_by.in_(dead))
        return and_(free, or_(d.claimed_by.is_(None), d.claimed_by != self.name))

    def _dead(self) -> list[str]:
        """The holders of live-looking claims on work to do that are this machine's runs
        that are gone."""
        d = t.documents.c
        query = (
            select(d.claimed_by)
            .where(self.todo, d.claimed_by.is_not(None), d.claimed_by != self.name)
            .where(d.claimed_until >= _now())
            .distinct()
        )
        with self.engine.connect() as conn:
            return [h for h in conn.scalars(query) if gone(h)]

    def _candidates(self, after: str, dead: list[str]) -> list[str]:
        d = t.documents.c
        query = (
            select(d.id)
            .where(self.todo, d.id > after, self._claimable(_now(), dead))
            .order_by(d.id)
            .limit(self.page)
        )
        with self.engine.connect() as conn:
            return list(conn.scalars(query))

    def _take(self, ids: list[str], dead: list[str]) -> list[Item]:
        """Claim those of ``ids`` still to do and free (another run may have taken some
        meanwhile): one UPDATE, which the database applies to each row once."""
        d = t.documents.c
        now = _now()
        stmt = (
            update(t.documents)
            .where(d.id.in_(ids), self.todo, self._claimable(now, dead))
            .values(claimed_by=self.name, claimed_until=now + timedelta(seconds=self.lease))
            .returning(d.id, d.text, d.title, d.url)
        )
        with self.engine.begin() as conn:
            rows = [(r.id, r.text, r.title, r.url) for r in conn.execute(stmt)]
        return sorted(rows)

    def _held_elsewhere(self, watched: dict[str, datetime]) -> float | None:
        """Seconds to wait before looking again, or None when the work left to do (if any)
        is held by runs that are alive. ``watched``: another machine's runs, by the lease
        first seen (a later lease: it renewed, it is alive)."""
        d = t.documents.c
        query = (
            select(d.claimed_by, func.max(d.claimed_until))
            .where(self.todo, d.claimed_by.is_not(None), d.claimed_by != self.name)
            .group_by(d.claimed_by)
        )
        with self.engine.connect() as conn:
            held: list[tuple[str, datetime]] = [(str(h), u) for h, u in conn.execute(query)]
        now = _now()
        waits: list[float] = []
        for holder, until in held:
            if until < now or gone(holder):
                return 0.0  # free to take now
            if holder.startswith(f"{_HOST}/"):
                continue  # alive on this machine: its run will do them
            first = watched.setdefault(holder, until)
            if until > first:
                continue  # it renewed: alive
            waits.append((until - now).total_seconds())
        if not waits:
            return None
        return max(0.05, min(min(waits), self.lease / 4))

    def renew(self) -> None:
        d = t.documents.c
        until = _now() + timedelta(seconds=self.lease)
        with self.engine.begin() as conn:
            conn.execute(
                update(t.documents).where(d.claimed_by == self.name).values(claimed_until=until)
            )

    def release(self) -> None:
        """Give back the documents claimed and not processed."""
        d = t.documents.c
        with self.engine.begin() as conn:
            conn.execute(
                update(t.documents)
                .where(d.claimed_by == self.name)
                .values(claimed_by=None, claimed_until=None)
            )

    @contextmanager
    def held(self) -> Iterator[Claims]:
        """Renew the claims while the run works; give back the rest when it stops."""
        stop = threading.Event()

        def beat() -> None:
            while not stop.wait(self.lease / 4):
                try:
                    self.renew()
                except Exception:  # a database gone for a moment: the next beat tries
                    continue

        thread = threading.Thread(target=beat, name="stancemap-claims", daemon=True)
        _HELD.add(self.name)
        thread.start()
        try:
            yield self
        finally:
            stop.set()
            thread.join()
            try:
                self.release()
            finally:
                _HELD.discard(self.name)


__all__ = ["LEASE", "Claims", "gone", "token"]
