"""What stance adds to attribution, per document, and how long the model takes to load.

    python benchmarks/stance_speed.py [--data ../shared/data/polnear] [--split dev] [--model DIR]
                                      [--cores N]

One core by default (``--cores 2``: the process gets two cores and the encoder two threads;
spaCy's parse uses one either way). Runs attribution alone and attribution + stance over the
same texts in the same process (alternating rounds, fastest kept): the stance run is
``stancemap.debate_map`` without key points, on one question for all the articles. With two
cores the pipeline runs the stance model on one batch beside the parse of the next (the
default there); the stance time is also measured one stage after the other
(``overlap=False``): what stance costs in CPU.
"""

from __future__ import annotations

import time

from _common import polnear_texts  # first: it sets the thread limits before numpy loads
from stancemap import Document, Pipeline, debate_map
from stancemap.encoder import Encoder, stance_model_dir
from stancemap.stance.model import StanceModel

# PolNeAR's articles cover the 2016 US presidential election.
QUESTION = "Should Hillary Clinton be elected president?"


def main() -> int:
    args, texts = polnear_texts(
        __doc__.splitlines()[0],
        rounds=2,
        extra=[("--model", "model folder (default: shipped)")],
        cores_option=True,
    )
    docs = [Document(text=t) for t in texts]
    start = time.perf_counter()
    model = StanceModel(encoder=Encoder(args.model or stance_model_dir(), threads=args.cores))
    load_s = time.perf_counter() - start
    plain = Pipeline.default()

    def mapped(overlap: bool) -> int:
        debate = debate_map(
            docs,
            question=QUESTION,
            stance_model=model,
            pipeline=plain,
            key_points=False,
            overlap=overlap,
        )
        return sum(len(sp.statements) for sp in debate.speakers) + len(debate.unrelated)

    plain(docs[0])
    mapped(False)
    t_plain = t_stance = t_serial = float("inf")
    statements = 0
    overlap = args.cores >= 2
    for _ in range(args.rounds):
        s = time.perf_counter()
        for _r in plain.pipe(docs):
            pass
        t_plain = min(t_plain, time.perf_counter() - s)
        s = time.perf_counter()
        statements = mapped(overlap)
        t_stance = min(t_stance, time.perf_counter() - s)
        if overlap:
            s = time.perf_counter()
            mapped(False)
            t_serial = min(t_serial, time.perf_counter() - s)
    n = len(docs)
    cores = "one core" if args.cores == 1 else f"{args.cores} cores"
    print(f"PolNeAR {args.split}: {n} articles, {statements} statements, {cores}")
    print(f"stance model load: {load_s:.2f} s")
    print(f"attribution:          {1000 * t_plain / n:7.1f} ms/article")
    print(f"attribution + stance: {1000 * t_stance / n:7.1f} ms/article")
    print(f"stance adds {100 * (t_stance - t_plain) / t_plain:.0f} % to attribution")
    if overlap:
        print(
            f"one stage after the other: {1000 * t_serial / n:7.1f} ms/article, stance adds "
            f"{100 * (t_serial - t_plain) / t_plain:.0f} %"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
