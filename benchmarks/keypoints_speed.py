"""Key point analysis at corpus scale: time and memory for N statements, on two cores.

    python benchmarks/keypoints_speed.py [--data ../shared/data] [--sizes 2500,5000,10000]

Statements are the arguments, claims and sentences of the public stance corpora (ArgKP,
IBM, GWSD, VAST), each on the side its label gives. For each size it times embedding the
statements (the baseline every method pays), then key point selection and matching on those
embeddings, and records the peak memory the selection allocates (tracemalloc sees numpy).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--sizes", default="2500,5000,10000")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    data = Path(args.data)
    if not (data / "argkp").is_dir():
        print(f"benchmark needs the corpora at {data}", file=sys.stderr)
        return 2
    if hasattr(os, "sched_setaffinity"):
        cores = sorted(os.sched_getaffinity(0))[: args.threads]
        os.sched_setaffinity(0, set(cores))

    from stancemap.corpora.stance import load_argkp, load_gwsd, load_ibm, load_vast
    from stancemap.encoder import Encoder
    from stancemap.keypoints import ArgumentItem, compress, key_points

    rows = load_argkp(data / "argkp" / "arguments_train.csv")
    rows += load_argkp(data / "argkp" / "arguments_dev.csv")
    rows += load_ibm(data / "ibm_claim_stance" / "claim_stance_train.csv")
    rows += load_gwsd(data / "gwsd" / "gwsd_train.tsv")
    rows += load_vast(data / "vast" / "vast_dev.csv")
    items = [ArgumentItem(r.text, compress(r.text), r.label, r.target) for r in rows]
    sizes = [int(s) for s in args.sizes.split(",")]
    while len(items) < max(sizes):
        items = items + items[: max(sizes) - len(items)]
    enc = Encoder(threads=args.threads)
    print(f"{len(rows)} distinct statements, {args.threads} threads")
    print(
        f"{'statements':>10} {'embed s':>8} {'key points s':>13} {'total s':>8} "
        f"{'ratio':>6} {'peak MB':>8} {'key points':>10}"
    )
    for n in sizes:
        chunk = items[:n]
        start = time.perf_counter()
        emb = enc.embed([it.text for it in chunk])
        t_embed = time.perf_counter() - start
        tracemalloc.start()
        start = time.perf_counter()
        result = key_points(chunk, enc, embeddings=emb, max_per_side=15)
        t_kp = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        total = t_embed + t_kp
        print(
            f"{n:>10} {t_embed:>8.1f} {t_kp:>13.1f} {total:>8.1f} {total / t_embed:>6.2f} "
            f"{peak:>8.1f} {len(result.key_points):>10}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
