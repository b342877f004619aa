"""A corpus database as it grows: ingest, run and map speed, memory, database size.

    python benchmarks/corpus_scale.py [--sizes 1000,10000] [--data ../shared/data/polnear]
                                      [--db-dir DIR] [--postgres URL] [--dask] [--question Q]
                                      [--copies K]

N documents per size: PolNeAR's articles, then variations (the paragraphs after the lead
reordered, a "CITY, Month D (Wire) -" dateline), all distinct, dated 2016-2020, from made-up
outlets, in JSONL. Each size in a fresh process (its memory peak its own): ingest docs/s; a
run with 2 worker processes and one with 1 (``workers=1``) on two SQLite databases from the
same file, and the speed-up (2 / 1; above 2,000 documents, on the first 2,000 for both:
the 2-worker database runs them first, then the rest); peak memory (the process through
ingest and the 2-worker run, the largest worker, the process after the 1-worker run); the
database's KB per document. On the largest size: ``map`` seconds: the first ask (every stance
read), repeated, then with key points (found, then stored) and again, then every statement
of the map read back (what an export reads), with peak memory, and the map exported as
JSON piece by piece, then rendered whole (peak memory of each). ``--copies K``: the same on a
database of the largest size's rows copied K times under new ids (the stored statements and
stances, not computed again: 10,000 documents in seconds from 1,000). ``--dask``,
``--postgres``: the smallest size on a local Dask cluster of 2 processes (against the 2
local ones), on PostgreSQL (against SQLite). ``--resume`` (with ``--db-dir``): a size's
files and 2-worker database found there are kept and its run goes on where a killed one
stopped (100,000 documents take about 2 h on two cores); its documents/s are then read
from the documents' processing times (the stretches between stops), its peaks the largest
of any stretch (kept in ``two-N.json``).
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
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


def corpus_files(folder: Path, n: int) -> list[Path]:
    """Size ``n``'s JSONL: the first ``HEAD`` documents, then the rest (when there are)."""
    return [folder / f"docs-{n}-{part}.jsonl" for part in "ab"][: 1 + (n > HEAD)]


def write_corpus(texts: list[str], n: int, folder: Path) -> float:
    """``n`` distinct documents, streamed to JSONL; their MB of text."""
    seen: set[str] = set()
    size = 0
    outs = [path.open("w", encoding="utf-8") for path in corpus_files(folder, n)]
    for i in range(n):
        day = START + timedelta(days=(i * 7919) % DAYS)
        text = texts[i % len(texts)]
        for attempt in range(50):
            if (digest := content_hash(text)) not in seen:
                break
            text = variation(texts[i % len(texts)], i, day, attempt)
        else:
            raise SystemExit(f"cannot make document {i} distinct: too few source texts")
        seen.add(digest)
        size += len(text.encode("utf-8"))
        outlet = OUTLETS[i % len(OUTLETS)]
        url = f"https://{outlet.lower().replace(' ', '-')}.example/{day:%Y/%m/%d}/{i}"
        record = {"text": text, "url": url, "date": day.isoformat(), "source": outlet}
        outs[i >= HEAD].write(json.dumps(record) + "\n")
    for out in outs:
        out.close()
    return size / 1e6


def ingest(corpus: Corpus, path: Path, expected: int, *, resume: bool = False) -> tuple[float, int]:
    """Seconds to ingest ``path`` and the new documents; exits when it does not store
    ``expected`` new documents (``resume``: at most that many, some being stored already)."""
    start = time.perf_counter()
    report, took = corpus.ingest(path), time.perf_counter() - start
    if report.new != expected and not (resume and report.new < expected):
        raise SystemExit(f"{path.name}: {report.new} new documents, not {expected}")
    return took, report.new


GAP = 300.0  # seconds without a document processed: the run was stopped there


def stretch_rate(path: Path, first: int | None = None) -> float:
    """Documents/s of a database's run from its documents' processing times, summed over
    the stretches between stops (``first``: over the first that many processed only)."""
    import sqlite3

    with sqlite3.connect(path) as con:
        rows = con.execute(
            "SELECT processed_at FROM documents WHERE processed_at IS NOT NULL "
            "ORDER BY processed_at"
        ).fetchall()
    times = [datetime.fromisoformat(r[0]).timestamp() for r in rows[:first]]
    spent = sum(b - a for a, b in itertools.pairwise(times) if b - a < GAP)
    return len(times) / spent if spent else float("nan")


def run(corpus: Corpus, **options: Any) -> float:
    start = time.perf_counter()
    corpus.run(**options)
    return time.perf_counter() - start


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KB on Linux


def own_peak_mb() -> float:
    """This process's peak resident memory since it started (``ru_maxrss`` carries the
    forking process's peak across exec; the kernel's high-water mark does not)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return peak_mb(resource.RUSAGE_SELF)


def fresh_db(folder: Path, name: str) -> Path:
    for old in folder.glob(f"{name}*"):
        old.unlink()
    return folder / name


def db_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists()) / 1e6


def one_size(n: int, folder: Path, question: str | None, *, resume: bool = False) -> dict[str, Any]:
    """One size's ingest and runs (``--one``, in its own process); the map on ``question``.
    ``resume``: an existing 2-worker database goes on where its run stopped."""
    head = min(n, HEAD)
    files = corpus_files(folder, n)
    two_path = folder / f"two-{n}.db"
    kept = folder / f"two-{n}.json"  # what earlier stretches of a resumed run measured
    resumed = resume and two_path.exists() and kept.exists()
    if not resumed:
        fresh_db(folder, two_path.name)
    one_path = fresh_db(folder, f"one-{n}.db")
    out: dict[str, Any] = {"n": n, "head": head}
    before: dict[str, Any] = json.loads(kept.read_text()) if resumed else {}
    seconds: dict[str, float] = dict(before.get("ingest_s", {}))  # files ingested whole
    with Corpus(two_path) as two:
        t_ingest, t_two = [], []
        for path, count in zip(files, (head, n - head), strict=False):
            took, new = ingest(two, path, count, resume=resumed)
            t_ingest.append(took)
            if resume and new == count:
                seconds[path.name] = took
                kept.write_text(json.dumps(before | {"ingest_s": seconds}))
            t_two.append(run(two, workers=2))
        if resume:
            whole = len(seconds) == len(files)
            out.update(ingest=n / sum(seconds.values()) if whole else float("nan"))
            out.update(two=stretch_rate(two_path), two_head=stretch_rate(two_path, head))
        else:
            out.update(ingest=n / sum(t_ingest), two=n / sum(t_two), two_head=head / t_two[0])
        out.update(db_kb=db_mb(two_path) * 1000 / n, parent_mb=peak_mb(resource.RUSAGE_SELF))
        out.update(
            worker_mb=peak_mb(resource.RUSAGE_CHILDREN), failed=len(two.status()["failures"])
        )
    for peak in ("parent_mb", "worker_mb"):
        out[peak] = max(out[peak], before.get(peak, 0.0))
    if resume:
        peaks = {k: out[k] for k in ("parent_mb", "worker_mb")}
        kept.write_text(json.dumps(before | {"ingest_s": seconds} | peaks))
    with Corpus(one_path) as one:
        ingest(one, files[0], head)
        out.update(one=head / run(one, workers=1), one_mb=peak_mb(resource.RUSAGE_SELF))
        out["failed"] += len(one.status()["failures"])
    if question is not None:
        out.update(map_times(two_path, question))
    return out


def map_times(path: Path, question: str) -> dict[str, Any]:
    """Seconds of ``map`` on ``question``: stances are read on the first ask; key points
    are found on the first ask with them (the stances then stored); each is asked again
    (that and what follows in a fresh process, its memory peak its own); then every
    statement of the map is read back (what an export reads)."""
    from stancemap.stance.model import StanceModel

    model = StanceModel()
    out: dict[str, Any] = {}
    with Corpus(path) as corpus:
        for name, kp in (("stance", False), ("kp", True)):
            start = time.perf_counter()
            corpus.map(question, key_points=kp, stance_model=model)
            out[f"map_{name}"] = time.perf_counter() - start
    out["first_mb"] = peak_mb(resource.RUSAGE_SELF)
    command = [sys.executable, __file__, "--map-again", str(path), "--question", question]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
    return out | json.loads(done.stdout.strip().splitlines()[-1])


def map_again(path: Path, question: str) -> dict[str, Any]:
    """:func:`map_times`' repeated asks and the statements read back."""
    from stancemap.atomic import write_atomic
    from stancemap.report import render_json, stream_json
    from stancemap.stance.model import StanceModel

    model = StanceModel()
    out: dict[str, Any] = {"start_mb": own_peak_mb()}
    with Corpus(path) as corpus:
        for name, kp in (("plain", False), ("kp_again", True)):
            start = time.perf_counter()
            debate = corpus.map(question, key_points=kp, stance_model=model)
            out[f"map_{name}"] = time.perf_counter() - start
        out["map_mb"] = own_peak_mb()
        start = time.perf_counter()
        out["statements"] = sum(sum(1 for _ in sp.statements) for sp in debate.speakers)
        out["unrelated"] = sum(1 for _ in debate.unrelated)
        out["map_walk"] = time.perf_counter() - start
        out["walk_mb"] = own_peak_mb()
        # the map exported as JSON, written piece by piece (what `map --db -o` does), then
        # rendered whole for comparison (peaks are the process's own, in that order)
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            write_atomic(Path(tmp) / "map.json", stream_json(debate))
            out["export"] = time.perf_counter() - start
            out["export_kb"] = (Path(tmp) / "map.json").stat().st_size / 1024
        out["export_mb"] = own_peak_mb()
        whole = render_json(debate)
        out["whole_mb"] = own_peak_mb()
        del whole
    return out


def copied(path: Path, times: int) -> Path:
    """A database of ``path``'s documents, statements and stances copied ``times`` times
    under new ids (what the pipeline and the stance model stored, without running them
    again): the map's figures on a larger corpus."""
    import sqlite3

    out = path.with_name(f"{path.stem}-x{times}.db")
    for old in out.parent.glob(f"{out.name}*"):
        old.unlink()
    with sqlite3.connect(path) as src, sqlite3.connect(out) as dst:
        src.backup(dst)
    con = sqlite3.connect(out)
    for table in ("key_point_sets", "key_point_members", "key_point_maps"):
        con.execute(f"DELETE FROM {table}")
    first = "document_id NOT LIKE '%x%'"  # the original rows (ids are hex: no x)
    for k in range(1, times):
        tag = f"x{k}"

        def copy(table: str, where: str, **changed: str) -> None:
            cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
            picked = ", ".join(changed.get(c, c) for c in cols if c != "id" or "id" in changed)
            names = ", ".join(c for c in cols if c != "id" or "id" in changed)
            con.execute(f"INSERT INTO {table} ({names}) SELECT {picked} FROM {table} WHERE {where}")

        doc = f"document_id || '{tag}'"
        # a statement's id is "<document id>:<start>-<end>"
        colon = "instr(statement_id, ':')"
        statement = (
            f"substr(statement_id, 1, {colon} - 1) || '{tag}' || substr(statement_id, {colon})"
        )
        copy(
            "documents",
            "id NOT LIKE '%x%'",
            id=f"id || '{tag}'",
            content_hash=f"content_hash || '{tag}'",
        )
        copy("sources", first, document_id=doc)
        copy(
            "statements", first, id=f"{doc} || substr(id, length(document_id) + 1)", document_id=doc
        )
        copy("stances", "statement_id NOT LIKE '%x%'", statement_id=statement)
        copy("question_documents", first, document_id=doc)
    con.commit()
    con.execute("ANALYZE")
    con.close()
    return out


def machine() -> str:
    names = [
        line for line in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in line
    ]
    cpu = names[0].split(":", 1)[1].strip() if names else "unknown CPU"
    return f"{cpu}, {len(os.sched_getaffinity(0))} cores; {time.strftime('%Y-%m-%d %H:%M')}"


def ingest_all(corpus: Corpus, files: list[Path], n: int) -> float:
    pairs = zip(files, (min(n, HEAD), n - HEAD), strict=False)
    return sum(ingest(corpus, path, count)[0] for path, count in pairs)


def on_dask(files: list[Path], small: dict[str, Any], folder: Path) -> str:
    """A run on a local Dask cluster of 2 processes against the 2 local worker processes."""
    try:
        distributed: Any = importlib.import_module("distributed")
    except ImportError:
        return "needs Dask's distributed: pip install 'stancemap[dask]'"
    n = small["n"]
    options = {"threads_per_worker": 1, "processes": True, "dashboard_address": None}
    with (
        distributed.LocalCluster(n_workers=2, **options) as cluster,
        Corpus(fresh_db(folder, f"dask-{n}.db")) as corpus,
    ):
        ingest_all(corpus, files, n)
        rate = n / run(corpus, engine="dask", scheduler=cluster.scheduler_address)
    local = small["two"]
    return f"{rate:.2f} docs/s, 2 local processes {local:.2f} (local / Dask: {local / rate:.2f})"


def on_postgres(url: str, files: list[Path], small: dict[str, Any]) -> str:
    """Ingest and a 2-worker run on PostgreSQL against SQLite."""
    n = small["n"]
    try:
        with Corpus(url) as corpus:
            if sum(corpus.status()["documents"].values()):
                return "the database is not empty: give an empty one"
            ingest_rate = n / ingest_all(corpus, files, n)
            rate = n / run(corpus, workers=2)
    except CorpusError as exc:
        return str(exc)
    return (
        f"ingest {ingest_rate:.0f} docs/s, 2 workers {rate:.2f} docs/s "
        f"(SQLite: {small['ingest']:.0f} and {small['two']:.2f})"
    )


HEADER = (
    "| docs | MB | ingest docs/s | 1 worker docs/s | 2 workers docs/s | speed-up | process MB "
    "| worker MB | 1-worker process MB | DB KB/doc |\n|" + "---|" * 10
)


def row(r: dict[str, Any]) -> str:
    note = f" (1 worker: first {r['head']:,})" if r["n"] > r["head"] else ""
    failed = f" ({r['failed']} failed)" if r["failed"] else ""
    return (
        f"| {r['n']:,} | {r['mb']:.1f} | {r['ingest']:.0f} | {r['one']:.2f} | {r['two']:.2f} "
        f"| {r['two_head'] / r['one']:.2f}{note} | {r['parent_mb']:.0f} | {r['worker_mb']:.0f} "
        f"| {r['one_mb']:.0f} | {r['db_kb']:.1f}{failed} |"
    )


def maps(r: dict[str, Any]) -> str:
    return "\n".join(
        [
            f"  first ask (every stance read): {r['map_stance']:.1f} s",
            f"  first with key points (stances stored): {r['map_kp']:.1f} s "
            f"(process peak {r['first_mb']:.0f} MB)",
            f"  in a fresh process ({r['start_mb']:.0f} MB): repeated, no key points: "
            f"{r['map_plain']:.2f} s; with key points: {r['map_kp_again']:.2f} s "
            f"(process peak {r['map_mb']:.0f} MB)",
            f"  every statement read back ({r['statements']:,} on a side, {r['unrelated']:,} on "
            f"none): {r['map_walk']:.1f} s (process peak {r['walk_mb']:.0f} MB)",
            f"  exported as JSON piece by piece ({r['export_kb'] / 1024:.1f} MB): "
            f"{r['export']:.1f} s (process peak {r['export_mb']:.0f} MB); rendered whole: "
            f"process peak {r['whole_mb']:.0f} MB",
        ]
    )


def sizes_of(text: str) -> list[int]:
    """``--sizes``: corpus sizes, comma-separated, each at least 1."""
    sizes = sorted(int(s) for s in text.split(","))
    if sizes[0] < 1:
        raise ValueError(text)
    return sizes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=sizes_of, default="1000,10000", help="100000: opt in")
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "polnear"))
    ap.add_argument("--db-dir", help="folder for the files (default: a temporary one)")
    ap.add_argument("--postgres", help="a PostgreSQL URL: run the smallest size there too")
    ap.add_argument("--dask", action="store_true", help="measure Dask's overhead")
    ap.add_argument("--question", default="Should Congress repeal the Affordable Care Act?")
    ap.add_argument(
        "--copies",
        type=int,
        help="then map a database of the largest size's rows copied this many times",
    )
    ap.add_argument(
        "--resume", action="store_true", help="with --db-dir: go on with a stopped run there"
    )
    ap.add_argument("--no-map", action="store_true", help="no map on the largest size")
    ap.add_argument("--map-db", help=argparse.SUPPRESS)
    ap.add_argument("--map-again", help=argparse.SUPPRESS)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--map", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.map_db is not None:
        print(json.dumps(map_times(Path(args.map_db), args.question)))
        return 0
    if args.map_again is not None:
        print(json.dumps(map_again(Path(args.map_again), args.question)))
        return 0
    if args.one is not None:
        question = args.question if args.map else None
        result = one_size(args.one, Path(args.db_dir), question, resume=args.resume)
        print(json.dumps(result))
        return 0
    sources = sorted(Path(args.data).glob("*/text/*.txt"))
    if not sources:
        print(f"benchmark needs PolNeAR-layout texts at {args.data}/*/text", file=sys.stderr)
        return 2
    texts = [p.read_text("utf-8") for p in sources]
    sizes = args.sizes
    if args.resume and not args.db_dir:
        print("--resume needs --db-dir: the folder of the stopped run", file=sys.stderr)
        return 2
    folder = Path(args.db_dir or tempfile.mkdtemp(prefix="stancemap-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{machine()}; {len(texts)} PolNeAR articles; SQLite in {folder}")
    print(HEADER)
    results: list[dict[str, Any]] = []
    try:
        for n in sizes:
            mb = write_corpus(texts, n, folder)  # the same files each time
            command = [sys.executable, __file__, "--one", str(n), "--db-dir", str(folder)]
            mapped = n == sizes[-1] and not args.no_map
            command += ["--question", args.question] + (["--map"] if mapped else [])
            command += ["--resume"] if args.resume else []
            done = subprocess.run(command, stdout=subprocess.PIPE, text=True)
            if done.returncode:
                print(f"size {n}: the run exited with status {done.returncode}", file=sys.stderr)
                return 1
            results.append(json.loads(done.stdout.strip().splitlines()[-1]) | {"mb": mb})
            print(row(results[-1]), flush=True)
        last, small = results[-1], results[0]
        if "map_stance" in last:
            print(f"\nmap on {last['n']:,} documents, {args.question!r}:")
            print(maps(last))
        if args.copies:
            bigger = copied(folder / f"two-{last['n']}.db", args.copies)
            command = [sys.executable, __file__, "--map-db", str(bigger)]
            done = subprocess.run([*command, "--question", args.question], stdout=subprocess.PIPE)
            if done.returncode:
                print(f"the copied database's map exited with {done.returncode}", file=sys.stderr)
                return 1
            times = json.loads(done.stdout.strip().splitlines()[-1])
            n = last["n"] * args.copies
            print(f"\nmap on {n:,} documents ({last['n']:,} copied {args.copies} times):")
            print(maps(times))
        files = corpus_files(folder, small["n"])
        if args.dask:
            print(f"\nDask, {small['n']:,} documents: {on_dask(files, small, folder)}")
        if args.postgres:
            pg = on_postgres(args.postgres, files, small)
            print(f"\nPostgreSQL, {small['n']:,} documents: {pg}")
        print("\nFor the README:\n\n" + HEADER + "\n" + "\n".join(map(row, results)))
    finally:
        if not args.db_dir:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
