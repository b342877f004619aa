"""What the LLM backend's waits cost with and without the parse running beside them.

    python benchmarks/llm_overlap.py [--data ../shared/data/polnear] [--split dev]
                                     [--latency 0.2] [--limit 40] [--cores N]

A local OpenAI-compatible endpoint answers every stance request after ``--latency`` seconds
(a remote model's round trip; every statement labelled neutral), so the figure is the
pipeline's, not a model's. Attribution + the LLM stance stage over the same texts, one
stage after the other (``overlap=False``) and with the labelling of one batch beside the
parse of the next (``Pipeline.pipe``'s default on two cores), alternating rounds, fastest
kept; no response cache.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from _common import polnear_texts  # first: it sets the thread limits before numpy loads
from stancemap import Document, Pipeline, debate_map
from stancemap.llm import LLMClient, LLMSettings

QUESTION = "Should the United States change course?"


class SlowEndpoint(BaseHTTPRequestHandler):
    latency = 0.2

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        asked = json.loads(body["messages"][-1]["content"])
        items = [
            {"id": s["id"], "stance": "neutral", "confidence": 0.5, "evidence": "", "argument": ""}
            for s in asked["statements"]
        ]
        time.sleep(type(self).latency)
        reply = {
            "choices": [{"message": {"content": json.dumps({"items": items})}}],
            "usage": {"prompt_tokens": 100, "completion_tokens": 10},
        }
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def main() -> int:
    args, texts = polnear_texts(
        __doc__.splitlines()[0],
        rounds=2,
        extra=[("--latency", "seconds per LLM request (default 0.2)")],
        cores_option=True,
    )
    SlowEndpoint.latency = float(args.latency or 0.2)
    texts = texts if args.limit else texts[:40]  # 40 articles unless --limit says
    docs = [Document(text=t) for t in texts]
    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowEndpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    llm = LLMClient(LLMSettings(base_url=url, model="slow", max_retries=0))
    plain = Pipeline.default()
    plain(docs[0])

    def mapped(overlap: bool) -> None:
        debate_map(
            docs,
            question=QUESTION,
            backend="llm",
            llm=llm,
            pipeline=plain,
            key_points=False,
            overlap=overlap,
        )

    t_plain = t_serial = t_overlap = float("inf")
    for _ in range(args.rounds):
        s = time.perf_counter()
        for _r in plain.pipe(docs):
            pass
        t_plain = min(t_plain, time.perf_counter() - s)
        s = time.perf_counter()
        mapped(False)
        t_serial = min(t_serial, time.perf_counter() - s)
        s = time.perf_counter()
        mapped(True)
        t_overlap = min(t_overlap, time.perf_counter() - s)
    server.shutdown()
    n = len(docs)
    requests = llm.usage.requests // (2 * args.rounds)
    print(f"PolNeAR {args.split}: {n} articles, {requests} LLM requests per run")
    print(f"latency per request: {SlowEndpoint.latency:.2f} s")
    print(f"attribution alone:          {t_plain / n * 1000:7.1f} ms/article")
    print(f"+ LLM, one after the other: {t_serial / n * 1000:7.1f} ms/article")
    print(f"+ LLM, beside the parse:    {t_overlap / n * 1000:7.1f} ms/article")
    ratio = t_overlap / t_serial
    print(f"beside the parse / one after the other: {ratio:.2f} ({1 - ratio:.0%} saved)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
