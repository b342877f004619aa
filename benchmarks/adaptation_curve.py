"""How stance improves with a few labelled statements of the debate being mapped.

    python benchmarks/adaptation_curve.py [--shared ../shared] [--draws 10] [--ks 0,5,10,20]

For each debate, k of its statements are labelled (drawn at random, ``--draws`` times), the
map adapts to them (``stancemap.stance.adapt``), and what was NOT labelled is scored:

* news dev (``data/news``, 16 debates of two excerpts each): the labelled statements are
  those of gold speakers found on the map, labelled with their speaker's gold stance; the
  score is the share of the other found gold speakers on the right side.
* the stance corpus (``data/stance``, 308 debates written for the project, each statement
  an article of its own, as ``stancemap eval statements`` reads it): the labelled
  statements are statements of the debate with their own gold label (what a reviewer
  gives); the score is the share of the other statements whose speaker, found on the map
  without labels, is on the right side.
* VAST dev: a debate is a topic; the score is macro-F1 (support / oppose / neutral) over
  the unlabelled rows of the topics with more than k rows (VAST's topics are small: few
  have 20).

Each point is the mean over the draws, with k = 0 on the same statements beside it.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parent.parent


def print_curve(
    ks: list[int],
    draws: int,
    column: str,
    one_draw: Callable[[int, random.Random], tuple[int, int, int]],
) -> None:
    """One line per k: the share right with k labels and with none on the same statements,
    each the mean over ``draws`` draws (``one_draw`` gives right with k, right with 0, scored)."""
    print(f"{'k':>4} {column:>{len(column) + 1}} {'same, 0 labels':>15} {'scored':>7}")
    for k in ks:
        with_k, without, scored = [], [], 0
        for draw in range(draws):
            right_k, right_0, total = one_draw(k, random.Random(draw))
            with_k.append(right_k / total if total else 0.0)
            without.append(right_0 / total if total else 0.0)
            scored = total
        print(f"{k:>4} {mean(with_k):>{len(column) + 1}.3f} {mean(without):>15.3f} {scored:>7}")


def news_curve(shared: Path, ks: list[int], draws: int) -> None:
    from stancemap import debate_map
    from stancemap.core import Extraction
    from stancemap.debate import build_map
    from stancemap.evaluate.news import load_news, mapped_speakers, match
    from stancemap.ingest import read_document
    from stancemap.stance.adapt import adapt

    root = shared / "data" / "news"
    by_question: dict[str, list[tuple[dict[str, object], list[Extraction]]]] = defaultdict(list)
    for entry in load_news(root):
        doc = read_document(root / "articles" / f"{entry['id']}.txt")
        debate = debate_map([doc], question=str(entry["question"]), key_points=False)
        statements = [s for sp in debate.speakers for _d, s in sp.statements]
        statements += [s for _d, s in debate.unrelated]
        ordered = tuple(sorted(statements, key=lambda s: s.content.start))
        by_question[debate.question.text].append(
            (entry, [Extraction(doc, ordered, (), debate.question)])
        )
    print(f"news dev: {len(by_question)} debates")

    def one_draw(k: int, rng: random.Random) -> tuple[int, int, int]:
        right_k = right_0 = total = 0
        for excerpts in by_question.values():
            results = [r for _e, rs in excerpts for r in rs]
            pool = []  # (statement id, gold stance, gold actor)
            for entry, rs in excerpts:
                debate = build_map(rs, rs[0].question)  # type: ignore[arg-type]
                speakers = mapped_speakers(debate)
                for actor in entry["actors"]:  # type: ignore[attr-defined]
                    got = match(actor["name"], speakers)
                    if got is None:
                        continue
                    for s in (s for r in rs for s in r.statements):
                        if s.speaker_name == got.name:
                            pool.append((s.id, actor["stance"], (entry["id"], actor["name"])))
            picked = rng.sample(pool, min(k, max(0, len(pool) - 1)))
            labels = {i: stance for i, stance, _a in picked}
            held = {a for _i, _s, a in picked}
            adapted, _c = adapt(results, labels) if labels else (results, None)
            for version, counter in ((adapted, "k"), (results, "0")):
                right = 0
                n = 0
                for entry, rs in excerpts:
                    ids = {r.document.id for r in rs}
                    mine = [r for r in version if r.document.id in ids]
                    debate = build_map(mine, mine[0].question)  # type: ignore[arg-type]
                    speakers = mapped_speakers(debate)
                    for actor in entry["actors"]:  # type: ignore[attr-defined]
                        if (entry["id"], actor["name"]) in held:
                            continue
                        got = match(actor["name"], speakers)
                        if got is None:
                            continue
                        n += 1
                        right += got.side == actor["stance"]
                if counter == "k":
                    right_k += right
                    total += n
                else:
                    right_0 += right
        return right_k, right_0, total

    print_curve(ks, draws, "right of found (k labels)", one_draw)


def own_curve(ks: list[int], draws: int) -> None:
    from stancemap import debate_map
    from stancemap.core import Document, Extraction
    from stancemap.corpora.own import OwnStatement, read_corpus
    from stancemap.debate import build_map, by_document
    from stancemap.evaluate.news import mapped_speakers, match
    from stancemap.stance.adapt import adapt

    rows_of: dict[str, list[OwnStatement]] = defaultdict(list)
    for row in read_corpus(None):
        rows_of[row.debate].append(row)

    def side_of(extraction: Extraction, name: str) -> str | None:
        speakers = mapped_speakers(build_map([extraction], extraction.question))  # type: ignore[arg-type]
        return next((m.side for m in speakers if m.name == name), None)

    # per debate: (gold label, speaker, their statement ids, the document's extraction, and
    # whether the map without labels puts the speaker on that label's side: read once)
    debates: list[list[tuple[str, str, list[str], Extraction, bool]]] = []
    for name, rows in rows_of.items():
        docs = [Document(r.text, id=f"{name}:{i}") for i, r in enumerate(rows)]
        debate = debate_map(docs, question=rows[0].question, key_points=False)
        maps = by_document(debate)
        items = []
        for doc, row in zip(docs, rows, strict=True):
            one = maps.get(doc.id)
            if one is None:
                continue
            got = match(row.speaker, mapped_speakers(one))
            if got is None:
                continue
            statements = [s for sp in one.speakers for _d, s in sp.statements]
            statements += [s for _d, s in one.unrelated]
            ordered = tuple(sorted(statements, key=lambda s: s.content.start))
            # the speaker's statements as the map groups them (names varied), and set aside
            mine = [s for sp in one.speakers if sp.name == got.name for _d, s in sp.statements]
            mine += [s for _d, s in one.unrelated if s.speaker_name == got.name]
            ids = [s.id for s in mine]
            extraction = Extraction(doc, ordered, (), debate.question)
            right = side_of(extraction, got.name) == row.label
            items.append((row.label, got.name, ids, extraction, right))
        debates.append(items)
    found = sum(len(d) for d in debates)
    print(f"stance corpus: {len(debates)} debates, {found} statements with their speaker found")

    def one_draw(k: int, rng: random.Random) -> tuple[int, int, int]:
        right_k = right_0 = total = 0
        for items in debates:
            if len(items) <= k:
                continue
            picked = set(rng.sample(range(len(items)), k))
            labels = {i: items[j][0] for j in picked for i in items[j][2]}
            results = [x[3] for x in items]
            adapted, _c = adapt(results, labels) if labels else (results, None)
            for j, (label, name, _ids, _ext, right) in enumerate(items):
                if j in picked:
                    continue
                total += 1
                right_0 += right
                right_k += side_of(adapted[j], name) == label
        return right_k, right_0, total

    print_curve(ks, draws, "right (k labels)", one_draw)


def vast_curve(shared: Path, ks: list[int], draws: int) -> None:
    from stancemap.corpora.stance import load_vast
    from stancemap.evaluate.stance import THREE, predict_label
    from stancemap.stance.adapt import fit
    from stancemap.stance.model import StanceModel, StanceScores, macro_f1

    rows = load_vast(shared / "data" / "vast" / "vast_dev.csv")
    model = StanceModel()
    scores = [s.scores for s in model.predict_statements([(r.target, r.text) for r in rows])]
    topics: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        topics[r.target].append(i)
    print(f"VAST dev: {len(rows)} rows, {len(topics)} topics")
    print(f"{'k':>4} {'topics':>7} {'rows scored':>12} {'macro-F1 (k labels)':>20} {'0 labels':>9}")
    for k in ks:
        usable = [ids for ids in topics.values() if len(ids) > k]
        f1_k, f1_0, n_rows = [], [], 0
        for draw in range(draws):
            rng = random.Random(draw)
            gold, pred_k, pred_0 = [], [], []
            for ids in usable:
                picked = set(rng.sample(ids, k))
                correction = fit([(scores[i].probs, rows[i].label) for i in picked])
                for i in ids:
                    if i in picked:
                        continue
                    gold.append(rows[i].label)
                    pred_0.append(predict_label(scores[i], THREE)[0])
                    pred_k.append(
                        predict_label(StanceScores(correction.probs(scores[i].probs)), THREE)[0]
                    )
            f1_k.append(macro_f1(gold, pred_k, THREE))
            f1_0.append(macro_f1(gold, pred_0, THREE))
            n_rows = len(gold)
        print(f"{k:>4} {len(usable):>7} {n_rows:>12} {mean(f1_k):>20.3f} {mean(f1_0):>9.3f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--draws", type=int, default=10)
    ap.add_argument("--ks", default="0,5,10,20")
    ap.add_argument("--only", choices=("news", "own", "vast"))
    args = ap.parse_args()
    shared = Path(args.shared)
    if not (shared / "data").is_dir():
        print(f"benchmark needs the public corpora at {shared}", file=sys.stderr)
        return 2
    ks = [int(k) for k in args.ks.split(",")]
    if args.only in (None, "news"):
        news_curve(shared, ks, args.draws)
    if args.only in (None, "own"):
        own_curve(ks, args.draws)
    if args.only in (None, "vast"):
        vast_curve(shared, ks, args.draws)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
