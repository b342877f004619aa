"""What stance adds to attribution, per document, and how long the model takes to load.

    python benchmarks/stance_speed.py [--data ../shared/data/polnear] [--split dev]

One core. Runs attribution alone and attribution + stance over the same texts in the same
process (alternating rounds, fastest kept), with each article's proposed question.
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from stancemap import Document, Pipeline  # noqa: E402
from stancemap.stance.model import StanceModel  # noqa: E402
from stancemap.stance.stage import StanceStage  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "polnear"))
    ap.add_argument("--split", default="dev")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    folder = Path(args.data) / args.split / "text"
    if not folder.is_dir():
        print(f"benchmark needs PolNeAR-layout texts at {folder}", file=sys.stderr)
        return 2
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    docs = [Document(text=p.read_text("utf-8")) for p in sorted(folder.glob("*.txt"))]
    start = time.perf_counter()
    model = StanceModel()
    load_s = time.perf_counter() - start
    plain = Pipeline.default()
    with_stance = Pipeline.default()
    with_stance.add(StanceStage(model))
    plain(docs[0])
    with_stance(docs[0])
    t_plain = t_stance = float("inf")
    statements = 0
    for _ in range(args.rounds):
        s = time.perf_counter()
        for _r in plain.pipe(docs):
            pass
        t_plain = min(t_plain, time.perf_counter() - s)
        s = time.perf_counter()
        statements = sum(len(r.statements) for r in with_stance.pipe(docs))
        t_stance = min(t_stance, time.perf_counter() - s)
    n = len(docs)
    print(f"PolNeAR {args.split}: {n} articles, {statements} statements, one core")
    print(f"stance model load: {load_s:.2f} s")
    print(f"attribution:          {1000 * t_plain / n:7.1f} ms/article")
    print(f"attribution + stance: {1000 * t_stance / n:7.1f} ms/article")
    print(f"stance adds {100 * (t_stance - t_plain) / t_plain:.0f} % to attribution")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
