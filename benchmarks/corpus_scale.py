"""A corpus database as it grows: ingest, run and map speed, memory and database size.

    python benchmarks/corpus_scale.py [--sizes 1000,10000] [--data ../shared/data/polnear]
                                      [--db-dir DIR] [--postgres URL] [--dask] [--question Q]

For each size N, N documents: PolNeAR's articles (train and dev), then variations of them
(the paragraphs after the lead reordered, seeded; a "CITY, Month D (Wire) -" dateline;
another date), every text distinct, dated over 2016-2020, from a few made-up outlets,
written to JSONL. Each size runs in a fresh process (so its memory peak is its own): ingest
(documents/s); a run with 2 worker processes and one with 1 (``workers=1``: this process),
on two SQLite databases ingested from the same file, and the speed-up (2 workers / 1). Above
2,000 documents the 1-worker run takes the first 2,000 only, and the speed-up is measured on
those 2,000 for both (the 2-worker database ingests and runs them first, then the rest).
Then the peak resident memory (the process through ingest and the 2-worker run, the largest
worker, the process after the 1-worker run) and the database's size per document. On the
largest size: ``map`` seconds, first ask (reads every stance) and repeated, with key points
and without. ``--dask``: the smallest size on a local Dask cluster of 2 processes against
the 2 local worker processes; ``--postgres``: the smallest size ingested and run on it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from _common import ROOT  # first: it sets the thread limits before numpy loads
from stancemap.corpus import Corpus
from stancemap.corpus.ingest import content_hash
from stancemap.errors import CorpusError

HEAD = 2000  # documents the 1-worker run takes at most
START, DAYS = date(2016, 1, 1), 1827  # 2016-01-01 to 2020-12-31
CITIES = ("WASHINGTON", "NEW YORK", "CHICAGO", "DES MOINES", "ATLANTA", "DENVER", "PHOENIX")
OUTLETS = ("Capitol Wire", "The Morning Ledger", "Prairie Courier", "Harbor Times", "Summit Post")


def variation(text: str, i: int, day: date, attempt: int) -> str:
    """``text`` with its paragraphs after the lead reordered (seeded) and a dateline."""
    rng = random.Random(i * 101 + attempt)
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    body = paragraphs[1:]
    rng.shuffle(body)
    city = CITIES[(i + attempt) % len(CITIES)]
    dateline = f"{city}, {day:%B} {day.day} (Wire) - "
    return "\n\n".join([dateline + paragraphs[0], *body])


def write_corpus(texts: list[str], n: int, folder: Path) -> tuple[list[Path], float]:
    """``n`` distinct documents, streamed to JSONL: the first ``HEAD`` in one file, the rest
    in another (none when ``n <= HEAD``); the files and their MB of text."""
    paths = [folder / f"docs-{n}-a.jsonl", folder / f"docs-{n}-b.jsonl"]
    seen: set[str] = set()
    size = 0
    out = paths[0].open("w", encoding="utf-8")
    for i in range(n):
        if i == HEAD:
            out.close()
            out = paths[1].open("w", encoding="utf-8")
        day = START + timedelta(days=(i * 7919) % DAYS)
        text, attempt = texts[i % len(texts)], 0
        while content_hash(text) in seen:
            if attempt > 50:
                raise SystemExit(f"cannot make document {i} distinct: too few source texts")
            text, attempt = variation(texts[i % len(texts)], i, day, attempt), attempt + 1
        seen.add(content_hash(text))
        size += len(text.encode("utf-8"))
        outlet = OUTLETS[i % len(OUTLETS)]
        url = f"https://{outlet.lower().replace(' ', '-')}.example/{day:%Y/%m/%d}/{i}"
        record = {"text": text, "url": url, "date": day.isoformat(), "source": outlet}
        out.write(json.dumps(record) + "\n")
    out.close()
    return paths[: 1 + (n > HEAD)], size / 1e6


def ingest(corpus: Corpus, path: Path, expected: int) -> float:
    """Seconds to ingest ``path``; exits when it does not store ``expected`` new documents."""
    start = time.perf_counter()
    report = corpus.ingest(path)
    took = time.perf_counter() - start
    if report.new != expected:
        raise SystemExit(f"{path.name}: {report.new} new documents, not {expected}")
    return took


def run(corpus: Corpus, **options: Any) -> tuple[float, int]:
    """Seconds to run, and how many documents failed."""
    start = time.perf_counter()
    report = corpus.run(**options)
    return time.perf_counter() - start, len(report.failed)


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KB on Linux


def fresh_db(folder: Path, name: str) -> Path:
    for old in folder.glob(f"{name}*"):
        old.unlink()
    return folder / name


def db_mb(path: Path) -> float:
    parts = [path, path.with_name(path.name + "-wal")]
    return sum(p.stat().st_size for p in parts if p.exists()) / 1e6


def one_size(n: int, folder: Path, question: str | None) -> dict[str, Any]:
    """One size's ingest and runs (``--one``, in its own process); the map on ``question``."""
    head = min(n, HEAD)
    files = [folder / f"docs-{n}-a.jsonl", folder / f"docs-{n}-b.jsonl"][: 1 + (n > HEAD)]
    two_path, one_path = fresh_db(folder, f"two-{n}.db"), fresh_db(folder, f"one-{n}.db")
    out: dict[str, Any] = {"n": n, "head": head, "failed": 0}
    with Corpus(two_path) as two:
        t_ingest, t_two, t_two_head = 0.0, 0.0, 0.0
        for path, count in zip(files, (head, n - head), strict=False):
            t_ingest += ingest(two, path, count)
            took, failed = run(two, workers=2)
            t_two += took
            t_two_head = t_two_head or took
            out["failed"] += failed
        out.update(ingest=n / t_ingest, two=n / t_two, two_head=head / t_two_head)
        out.update(db_kb=db_mb(two_path) * 1000 / n, parent_mb=peak_mb(resource.RUSAGE_SELF))
        out["worker_mb"] = peak_mb(resource.RUSAGE_CHILDREN)
    with Corpus(one_path) as one:
        ingest(one, files[0], head)
        took, failed = run(one, workers=1)
        out.update(one=head / took, one_mb=peak_mb(resource.RUSAGE_SELF))
        out["failed"] += failed
    if question is not None:
        from stancemap.stance.model import StanceModel

        model = StanceModel()
        copy = fresh_db(folder, f"plain-{n}.db")
        for suffix in ("", "-wal"):  # closed: the WAL is checkpointed, if it is there
            if Path(f"{two_path}{suffix}").exists():
                shutil.copyfile(f"{two_path}{suffix}", f"{copy}{suffix}")
        for key_points, path in ((True, two_path), (False, copy)):
            with Corpus(path) as corpus:
                for ask in ("first", "again"):
                    start = time.perf_counter()
                    corpus.map(question, key_points=key_points, stance_model=model)
                    out[f"map_{ask}_{'kp' if key_points else 'plain'}"] = (
                        time.perf_counter() - start
                    )
        out["map_mb"] = peak_mb(resource.RUSAGE_SELF)
    return out


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cpu}, {cores} cores; {time.strftime('%Y-%m-%d %H:%M')}"


def dask_rate(files: list[Path], n: int, folder: Path) -> float | str:
    """docs/s of a run on a local Dask cluster of 2 processes, or why there is none."""
    try:
        from distributed import LocalCluster
    except ImportError:
        return "needs Dask's distributed: pip install 'stancemap[dask]'"
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Corpus(fresh_db(folder, f"dask-{n}.db")) as corpus,
    ):
        for path, count in zip(files, (min(n, HEAD), n - HEAD), strict=False):
            ingest(corpus, path, count)
        took, _ = run(corpus, engine="dask", scheduler=cluster.scheduler_address)
    return n / took


def postgres_rates(url: str, files: list[Path], n: int) -> tuple[float, float] | str:
    """Ingest and 2-worker run docs/s on PostgreSQL, or why there are none."""
    try:
        with Corpus(url) as corpus:
            if sum(corpus.status()["documents"].values()):
                return "the database is not empty: give an empty one"
            t_ingest = sum(
                ingest(corpus, path, count)
                for path, count in zip(files, (min(n, HEAD), n - HEAD), strict=False)
            )
            took, _ = run(corpus, workers=2)
    except CorpusError as exc:
        return str(exc)
    return n / t_ingest, n / took


COLUMNS = (
    "docs | MB | ingest docs/s | 1 worker docs/s | 2 workers docs/s | speed-up | "
    "process MB | worker MB | 1-worker process MB | DB KB/doc"
)


def row(r: dict[str, Any], mb: float) -> str:
    note = f" (1 worker: first {r['head']:,})" if r["n"] > r["head"] else ""
    failed = f" ({r['failed']} failed)" if r["failed"] else ""
    cells = (
        f"{r['n']:,}",
        f"{mb:.1f}",
        f"{r['ingest']:.0f}",
        f"{r['one']:.2f}",
        f"{r['two']:.2f}",
        f"{r['two_head'] / r['one']:.2f}{note}",
        f"{r['parent_mb']:.0f}",
        f"{r['worker_mb']:.0f}",
        f"{r['one_mb']:.0f}",
        f"{r['db_kb']:.1f}{failed}",
    )
    return "| " + " | ".join(cells) + " |"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000", help="corpus sizes (100000: opt in)")
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "polnear"))
    ap.add_argument("--db-dir", help="folder for the files (default: a temporary one)")
    ap.add_argument("--postgres", help="a PostgreSQL URL: run the smallest size there too")
    ap.add_argument("--dask", action="store_true", help="measure Dask's overhead")
    ap.add_argument("--question", default="Should Congress repeal the Affordable Care Act?")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--map", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one is not None:
        result = one_size(args.one, Path(args.db_dir), args.question if args.map else None)
        print(json.dumps(result))
        return 0
    sources = sorted(Path(args.data).glob("*/text/*.txt"))
    if not sources:
        print(f"benchmark needs PolNeAR-layout texts at {args.data}/*/text", file=sys.stderr)
        return 2
    texts = [p.read_text("utf-8") for p in sources]
    sizes = sorted(int(s) for s in args.sizes.split(","))
    folder = Path(args.db_dir or tempfile.mkdtemp(prefix="stancemap-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{machine()}; {len(texts)} PolNeAR articles; SQLite in {folder}")
    print("| " + COLUMNS + " |\n|" + "---|" * len(COLUMNS.split("|")))
    rows, results, corpora = [], [], {}
    try:
        for n in sizes:
            corpora[n] = write_corpus(texts, n, folder)
            command = [sys.executable, __file__, "--one", str(n), "--db-dir", str(folder)]
            command += ["--question", args.question] + (["--map"] if n == sizes[-1] else [])
            done = subprocess.run(command, stdout=subprocess.PIPE, text=True)
            if done.returncode:
                print(f"size {n}: the run exited with status {done.returncode}", file=sys.stderr)
                return 1
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
            rows.append(row(results[-1], corpora[n][1]))
            print(rows[-1], flush=True)
        last, small = results[-1], results[0]
        print(
            f"\nmap on {last['n']:,} documents, {args.question!r} (process peak "
            f"{last['map_mb']:.0f} MB):"
        )
        for kind, label in (("kp", "with key points"), ("plain", "without key points")):
            print(
                f"  {label}: first ask {last[f'map_first_{kind}']:.1f} s, "
                f"repeated {last[f'map_again_{kind}']:.1f} s"
            )
        n, files = small["n"], corpora[small["n"]][0]
        if args.dask:
            rate = dask_rate(files, n, folder)
            print(
                f"\nDask, {n:,} documents: "
                + (
                    rate
                    if isinstance(rate, str)
                    else (
                        f"{rate:.2f} docs/s against {small['two']:.2f} with 2 local processes "
                        f"(local / Dask: {small['two'] / rate:.2f})"
                    )
                )
            )
        if args.postgres:
            pg = postgres_rates(args.postgres, files, n)
            print(
                f"\nPostgreSQL, {n:,} documents: "
                + (
                    pg
                    if isinstance(pg, str)
                    else (
                        f"ingest {pg[0]:.0f} docs/s, 2 workers {pg[1]:.2f} docs/s (SQLite: "
                        f"{small['ingest']:.0f} and {small['two']:.2f})"
                    )
                )
            )
        print("\nFor the README:\n\n| " + COLUMNS + " |\n|" + "---|" * len(COLUMNS.split("|")))
        print("\n".join(rows))
    finally:
        if not args.db_dir:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
