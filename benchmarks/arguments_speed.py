"""What argument labels add to attribution, per document: cut at the word limit, and cut
where no noun phrase is split (spaCy's tagger on the labels that are cut, one batch).

    python benchmarks/arguments_speed.py [--data ../shared/data/polnear] [--split dev]

One core. Attribution runs over the texts in batches of 16 documents (as ``Pipeline.pipe``
does); then the label stage, without and with tags, runs on those same statements, in
alternating rounds in the same process, fastest round kept.
"""

from __future__ import annotations

import time

from _common import polnear_texts  # first: it sets the thread limits before numpy loads
from stancemap import Document, Pipeline
from stancemap.keypoints import ArgumentStage
from stancemap.nlp import word_tags

BATCH = 16


def main() -> int:
    args, texts = polnear_texts(__doc__.splitlines()[0], rounds=3)
    attribution = Pipeline.default()
    attribution(texts[0])  # load the models before timing
    stages = {"plain": ArgumentStage(tags=None), "tagged": ArgumentStage()}
    word_tags(["the tagger too"])  # a document without statements would not reach it
    best = dict.fromkeys(["attribution", *stages], float("inf"))
    labels: dict[str, list[str | None]] = {}
    for _ in range(args.rounds):
        start = time.perf_counter()
        batches = []
        for i in range(0, len(texts), BATCH):
            chunk = [Document(t) for t in texts[i : i + BATCH]]
            batches.append(list(attribution.pipe_analyses(chunk, batch_size=BATCH)))
        best["attribution"] = min(best["attribution"], time.perf_counter() - start)
        for name, stage in stages.items():
            for batch in batches:
                for a in batch:
                    for d in a.drafts:
                        d.argument = None
            start = time.perf_counter()
            for batch in batches:
                stage.pipe(batch)
            best[name] = min(best[name], time.perf_counter() - start)
            labels[name] = [d.argument for batch in batches for a in batch for d in a.drafts]
    n, base = len(texts), best["attribution"]
    changed = sum(a != b for a, b in zip(labels["plain"], labels["tagged"], strict=True))
    print(f"PolNeAR {args.split}: {n} articles, {len(labels['plain'])} statements, one core")
    print(f"attribution:      {1000 * base / n:7.1f} ms/article")
    for name in stages:
        print(
            f"labels, {name + ':':8} {1000 * best[name] / n:7.2f} ms/article "
            f"({100 * best[name] / base:.1f} % of attribution)"
        )
    ratio = best["tagged"] / best["plain"]
    print(f"tagged / plain: {ratio:.1f}x; labels the tags change: {changed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
