"""Attribution's cost as one document grows: seconds per MB, against the same text as
article-sized documents in the same run.

    python benchmarks/long_documents.py [--data ../shared/data/polnear] [--split train]
                                        [--sizes 0.1,0.4,1.6,6] [--quotes 50000]

One core. For each size, PolNeAR articles are joined (blank lines between; repeated when the
split is shorter than the size) into one document, and the same articles are run as
separate documents; the ratio (one document / as articles) is what a long document costs
over its length: 1.0 is linear, and the target is at most 1.3 at every size. Then a
made-up text of ``--quotes`` short quotes (0.9 MB for 50,000: a transcript's shape) as
one document, in seconds (target: under 60 s on one core).
"""

from __future__ import annotations

import time

from _common import polnear_texts  # first: it sets the thread limits before numpy loads
from stancemap import Pipeline

SEPARATOR = "\n\n"
SPEAKERS = ("Ann", "Bo", "Cy", "Di", "Ed")


def articles_of(texts: list[str], size: int) -> list[str]:
    """Whole articles, in order and repeated as needed, up to ``size`` characters joined."""
    out: list[str] = []
    total = 0
    i = 0
    while total < size:
        text = texts[i % len(texts)]
        out.append(text)
        total += len(text) + len(SEPARATOR)
        i += 1
    return out


def short_quotes(n: int) -> str:
    """``n`` short quotes, ten to a paragraph, each credited to a named speaker."""
    lines = []
    for i in range(0, n, 10):
        lines.append(
            " ".join(
                f"“Yes {j % 9},” said {SPEAKERS[j % len(SPEAKERS)]}."
                for j in range(i, min(n, i + 10))
            )
        )
    return "\n\n".join(lines)


def main() -> int:
    args, texts = polnear_texts(
        __doc__.splitlines()[0],
        rounds=1,
        extra=[
            ("--sizes", "document sizes in MB, comma-separated (default 0.1,0.4,1.6,6)"),
            ("--quotes", "short quotes in the transcript-shaped text (default 50000; 0: none)"),
        ],
        split="train",
    )
    sizes = [float(s) for s in (args.sizes or "0.1,0.4,1.6,6").split(",")]
    pipe = Pipeline.default()
    pipe("Warm up. “The models load now,” she said.")
    print(f"PolNeAR {args.split}, one core: one document against the same articles")
    print(f"{'MB':>6} {'articles':>9} {'one doc s/MB':>13} {'articles s/MB':>14} {'ratio':>6}")
    worst = 0.0
    for mb in sizes:
        parts = articles_of(texts, int(mb * 1e6))
        joined = SEPARATOR.join(parts)
        start = time.perf_counter()
        whole = len(pipe(joined).statements)
        t_one = time.perf_counter() - start
        start = time.perf_counter()
        split = sum(len(r.statements) for r in pipe.pipe(parts))
        t_parts = time.perf_counter() - start
        size = len(joined.encode("utf-8")) / 1e6
        ratio = t_one / t_parts
        worst = max(worst, ratio)
        print(
            f"{size:6.2f} {len(parts):9d} {t_one / size:13.2f} {t_parts / size:14.2f} "
            f"{ratio:6.2f}   ({whole} / {split} statements)"
        )
    print(f"worst ratio: {worst:.2f} (target: at most 1.3)")
    n = int(args.quotes) if args.quotes is not None else 50_000
    if n:
        text = short_quotes(n)
        start = time.perf_counter()
        found = len(pipe(text).statements)
        took = time.perf_counter() - start
        size = len(text.encode("utf-8")) / 1e6
        print(f"{n} short quotes, {size:.2f} MB as one document: {took:.1f} s, {found} statements")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
