from __future__ import annotations

import os
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
