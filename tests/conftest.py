from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from stancemap import Pipeline

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("STANCEMAP_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    """The public corpora. A user's clone has none (skip); CI has them (fail if missing)."""
    if not (SHARED / "data").is_dir():
        reason = f"needs the public corpora at {SHARED} (set STANCEMAP_SHARED)"
        if os.environ.get("STANCEMAP_REQUIRE_SHARED"):
            pytest.fail(reason + ": CI must run every accuracy gate")
        pytest.skip(reason)
    return SHARED


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline.default()


@pytest.fixture(scope="session")
def example_text() -> str:
    return (ROOT / "examples" / "roundup.txt").read_text("utf-8")


def _postgres_bin() -> Path | None:
    """The folder of a PostgreSQL server's programs (initdb, pg_ctl), if one is installed."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return versions[-1].parent if versions else None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Path]:
    """A real PostgreSQL server, started for the tests in a temporary folder (on a Unix
    socket in it, no TCP port) and stopped after them; yields the socket folder. Without
    PostgreSQL installed the tests that need it skip; CI (STANCEMAP_REQUIRE_POSTGRES) fails."""
    bindir = _postgres_bin()
    if bindir is None:
        reason = "needs a PostgreSQL server (Debian: apt-get install postgresql)"
        if os.environ.get("STANCEMAP_REQUIRE_POSTGRES"):
            pytest.fail(reason + ": CI must test the PostgreSQL storage")
        pytest.skip(reason)
    as_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="stancemap-pg-"))
    if os.geteuid() == 0:  # the server refuses to run as root: run it as its own user
        shutil.chown(folder, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    subprocess.run(
        [*as_user, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
        check=True,
        capture_output=True,
    )
    options = f"-p 5432 -k {folder} -c listen_addresses='' -c fsync=off"
    ctl = [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-w"]
    subprocess.run(
        [*ctl, "-o", options, "-l", str(folder / "log"), "start"], check=True, capture_output=True
    )
    try:
        yield folder
    finally:
        subprocess.run([*ctl, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


_DATABASES = iter(range(1, 1_000_000))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty corpus database: a SQLite file, and a database on the real
    PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "corpus.db")
    import psycopg

    folder = request.getfixturevalue("postgres_server")
    name = f"corpus_{next(_DATABASES)}"
    with psycopg.connect(host=str(folder), user="postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"postgresql://postgres@/{name}?host={folder}"
