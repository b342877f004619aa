"""What argument labels add to attribution, per document: cut at the word limit, and cut
where no noun phrase is split (spaCy's tagger on the labels that are cut, one batch).

    python benchmarks/arguments_speed.py [--data ../shared/data/polnear] [--split dev]

One core. Three pipelines over the same texts in the same process (alternating rounds,
fastest kept): attribution alone, + labels without tags, + labels with tags.
"""

from __future__ import annotations

import time

from _common import polnear_texts  # first: it sets the thread limits before numpy loads
from stancemap import Document, Pipeline
from stancemap.keypoints import ArgumentStage


def main() -> int:
    args, texts = polnear_texts(__doc__.splitlines()[0], rounds=3)
    docs = [Document(text=t) for t in texts]
    pipes = {"attribution": Pipeline.default()}
    for name, stage in (("plain", ArgumentStage(tags=None)), ("tagged", ArgumentStage())):
        pipes[name] = Pipeline.default()
        pipes[name].add(stage)
    for pipe in pipes.values():
        pipe(docs[0])  # load models before timing
    best = dict.fromkeys(pipes, float("inf"))
    labels: dict[str, list[str | None]] = {}
    for _ in range(args.rounds):
        for name, pipe in pipes.items():
            start = time.perf_counter()
            results = list(pipe.pipe(docs))
            best[name] = min(best[name], time.perf_counter() - start)
            labels[name] = [s.argument for r in results for s in r.statements]
    n, base = len(docs), best["attribution"]
    changed = sum(a != b for a, b in zip(labels["plain"], labels["tagged"], strict=True))
    print(f"PolNeAR {args.split}: {n} articles, {len(labels['plain'])} statements, one core")
    print(f"attribution:            {1000 * base / n:7.1f} ms/article")
    for name in ("plain", "tagged"):
        extra = best[name] - base
        print(
            f"+ labels, {name + ':':8}     {1000 * best[name] / n:7.1f} ms/article "
            f"(labels add {100 * extra / base:.1f} %)"
        )
    print(f"labels the tags change: {changed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
