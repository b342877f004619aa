"""A corpus kept in a database (SQLite or PostgreSQL): ingest articles, process them in
bulk (resumable, in parallel, or on Dask), and ask questions over all of them.

>>> from stancemap.corpus import Corpus
>>> corpus = Corpus("news.db")                 # doctest: +SKIP
>>> corpus.ingest(["feeds/*.jsonl"])           # doctest: +SKIP
>>> corpus.run(workers=2)                      # doctest: +SKIP
>>> corpus.map("Should the city ban cars?")    # doctest: +SKIP
"""

from __future__ import annotations

from .corpus import PIPELINE_VERSION, Corpus, RunReport
from .ingest import IngestReport
from .sources import Article, Rejected
from .work import Outcome

__all__ = [
    "PIPELINE_VERSION",
    "Article",
    "Corpus",
    "IngestReport",
    "Outcome",
    "Rejected",
    "RunReport",
]
