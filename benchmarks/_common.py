"""What the benchmarks share: one core, one BLAS thread, PolNeAR-layout texts."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

ROOT = Path(__file__).resolve().parent.parent


def polnear_texts(
    description: str,
    *,
    rounds: int,
    extra: list[tuple[str, str]] | None = None,
    cores_option: bool = False,
    split: str = "dev",
) -> tuple[argparse.Namespace, list[str]]:
    """Parse the common options, pin this process to one core (``--cores N`` when
    ``cores_option``), read the split's texts.

    Exits with status 2 and a one-line message when the texts are not there.
    """
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "polnear"))
    ap.add_argument("--split", default=split)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--rounds", type=int, default=rounds, help="timed rounds (fastest kept)")
    for flag, help_text in extra or []:
        ap.add_argument(flag, help=help_text)
    if cores_option:
        ap.add_argument("--cores", type=int, default=1, help="cores to pin to (default 1)")
    args = ap.parse_args()
    folder = Path(args.data) / args.split / "text"
    if not folder.is_dir():
        print(f"benchmark needs PolNeAR-layout texts at {folder}", file=sys.stderr)
        raise SystemExit(2)
    if hasattr(os, "sched_setaffinity"):
        cores = sorted(os.sched_getaffinity(0))[: getattr(args, "cores", 1)]
        os.sched_setaffinity(0, set(cores))
    texts = [p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))]
    return args, texts[: args.limit] if args.limit else texts
