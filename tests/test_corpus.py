"""The corpus database: ingest, runs that resume, questions over the stored statements, on
SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.config import Config

from stancemap import Document, Question, debate_map
from stancemap.corpus import PIPELINE_VERSION, Corpus, points
from stancemap.corpus import tables as t
from stancemap.corpus.store import MIGRATIONS
from stancemap.errors import CorpusError

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "Should the old town close to cars?"

# Articles written for these tests (with examples/roundup.txt, the project's own example).
TRAM = """Riverside council backs tram plan after long debate

The council of Riverside voted on Tuesday to build a tram line from the station to the
university. Mayor Helen Brandt said the line would cut traffic and "give students a cheap
way to get to class". Opposition leader Tomas Grieve called the plan "a costly vanity
project that taxpayers will pay for twice". The bus drivers' union said it would support
the tram only if no driver lost a job.
"""

CLOSURE = """Traders split over car-free old town

Shop owners in the old town are divided over the plan to close its streets to cars.
"We will lose the customers who drive in from the villages," said Peter Lund, who runs a
bakery on the market square. Anna Berg, a florist, said the closure would bring more
people on foot and that she was looking forward to it. The chamber of commerce urged the
council to delay the vote until a study of parking is done.
"""


def _variations(n: int) -> list[str]:
    """``n`` distinct articles made of the test articles' paragraphs, each with a line of
    its own (a made corpus for runs that take a while)."""
    parts = [
        *[p for p in (ROOT / "examples" / "roundup.txt").read_text("utf-8").split("\n\n")],
        *TRAM.split("\n\n"),
        *CLOSURE.split("\n\n"),
    ]
    rng = random.Random(7)
    return [
        f"Report {i} from the city desk.\n\n" + "\n\n".join(rng.sample(parts, 6)) for i in range(n)
    ]


def _write_jsonl(path: Path, articles: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), "utf-8")
    return path


def _alembic(conn: sa.Connection) -> Config:
    """An Alembic configuration of the corpus migrations, run on ``conn``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def _statement_ids(corpus: Corpus) -> list[str]:
    with corpus.engine.connect() as conn:
        return list(conn.scalars(sa.select(t.statements.c.id).order_by(t.statements.c.id)))


def test_ingest_stores_each_article_once_with_every_source(db_url: str, tmp_path: Path) -> None:
    feed_a = _write_jsonl(
        tmp_path / "a.jsonl",
        [
            {
                "text": TRAM,
                "url": "https://a.example/tram",
                "source": "Gazette",
                "date": "2024-03-05T10:00:00+02:00",
                "title": "Tram",
                "author": "J. Doe",
            },
            {"text": CLOSURE, "source": "Gazette", "date": "last Tuesday-ish"},
        ],
    )
    # the same tram article from another feed, with other spacing and case
    feed_b = _write_jsonl(
        tmp_path / "b.jsonl",
        [
            {
                "text": "  " + TRAM.replace("\n", " \n").upper(),
                "url": "https://b.example/1",
                "source": "Wire",
            }
        ],
    )
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "bad" / "latin.txt").write_bytes(CLOSURE.replace("old", "öld").encode("latin-1"))
    with Corpus(db_url) as corpus:
        report = corpus.ingest([feed_a, feed_b, tmp_path / "bad", tmp_path / "missing"])
        assert (report.read, report.new, report.duplicates) == (3, 2, 1)
        assert sorted(c for _, c, _ in report.rejected) == ["E001", "E003", "E004"]
        with corpus.engine.connect() as conn:
            rows = conn.execute(sa.select(t.documents).order_by(t.documents.c.title)).all()
            sources = conn.execute(
                sa.select(t.sources.c.source, t.sources.c.url).order_by(t.sources.c.source)
            ).all()
        tram = next(r for r in rows if r.title == "Tram")
        assert tram.date == datetime(2024, 3, 5, 8, 0)  # UTC
        assert tram.author == "J. Doe" and tram.text == TRAM
        other = next(r for r in rows if r.title != "Tram")
        assert other.date is None and other.date_text == "last Tuesday-ish"
        assert sorted(tuple(s) for s in sources) == [
            ("Gazette", ""),
            ("Gazette", "https://a.example/tram"),
            ("Wire", "https://b.example/1"),
        ]
        again = corpus.ingest([feed_a, feed_b])
        assert (again.new, again.new_sources) == (0, 0)
        # bad input later damages nothing stored
        broken = tmp_path / "broken.jsonl"
        broken.write_bytes(b'{"text": "cut short\n\x00\x01 binary\n{}\n')
        worse = corpus.ingest([broken, tmp_path / "bad"])
        assert worse.new == 0 and len(worse.rejected) == 5
        with corpus.engine.connect() as conn:
            assert conn.execute(sa.select(t.documents).order_by(t.documents.c.title)).all() == rows
        status = corpus.status()
        assert status["documents"] == {"pending": 2, "done": 0, "failed": 0}
        assert status["sources"] == 3
        assert {r["code"] for r in status["rejected"]} == {"E001", "E003", "E004", "E016"}


def test_a_question_over_the_corpus_maps_as_the_documents_do(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stored statements, read again for a question, give the map debate_map gives of
    the same documents; a repeated question reads nothing again; filters select."""
    feed = _write_jsonl(
        tmp_path / "feed.jsonl",
        [
            {
                "text": (ROOT / "examples" / "roundup.txt").read_text("utf-8"),
                "date": "2024-01-10",
                "source": "City Desk",
            },
            {"text": CLOSURE, "date": "2024-02-01", "source": "Gazette"},
            {"text": TRAM, "date": "2023-12-24", "source": "Gazette"},
        ],
    )
    with Corpus(db_url) as corpus:
        corpus.ingest([feed])
        report = corpus.run()
        assert (report.done, report.failed) == (3, [])
        assert corpus.pending() == 0
        with corpus.engine.connect() as conn:
            docs = [
                Document(text=r.text, id=r.id, title=r.title, source=r.url)
                for r in conn.execute(
                    sa.select(t.documents).order_by(t.documents.c.date, t.documents.c.id)
                )
            ]
        assert corpus.unread(QUESTION) == 3
        stored = corpus.map(QUESTION, key_points=False)
        # the tram article is read and found not to be about the question: left out
        about = [d for d in docs if d.text != TRAM]
        assert len(about) == 2
        assert stored.to_dict() == debate_map(about, question=QUESTION, key_points=False).to_dict()
        assert corpus.unread(QUESTION) == 0
        every = corpus.map(QUESTION, key_points=False, every_document=True)
        assert every.to_dict() == debate_map(docs, question=QUESTION, key_points=False).to_dict()

        class Counting:
            """The shipped model, counting the statements it reads."""

            def __init__(self, inner: object) -> None:
                self.inner, self.meta, self.read = inner, inner.meta, 0  # type: ignore[attr-defined]

            def predict_statements(self, pairs: list[tuple[object, str]]) -> object:
                self.read += len(pairs)
                return self.inner.predict_statements(pairs)  # type: ignore[attr-defined]

        from stancemap.stance.model import StanceModel

        counting = Counting(StanceModel())
        again = corpus.map(QUESTION, key_points=False, stance_model=counting)  # type: ignore[arg-type]
        assert counting.read == 0 and again.to_dict() == stored.to_dict()
        with_points = corpus.map(QUESTION)
        assert with_points.key_points
        # found over the database a page at a time: the same key points, counts, speakers,
        # examples and memberships as over the statements in memory
        assert with_points.to_dict() == debate_map(about, question=QUESTION).to_dict()
        import stancemap.corpus.points as points

        def not_again(*_args: object, **_kw: object) -> None:
            raise AssertionError("key points found again for the same statements")

        monkeypatch.setattr(points, "find_key_points", not_again)
        assert corpus.map(QUESTION).to_dict() == with_points.to_dict()
        monkeypatch.undo()
        since = corpus.map(QUESTION, since=datetime(2024, 1, 1, tzinfo=UTC), key_points=False)
        assert list(since.documents) == [d.id for d in about]  # the tram is the oldest
        gazette = corpus.map(QUESTION, source="Gazette", key_points=False)
        assert set(gazette.documents) == {docs[2].id}
        gazette_every = corpus.map(
            QUESTION, source="Gazette", key_points=False, every_document=True
        )
        assert set(gazette_every.documents) == {docs[0].id, docs[2].id}
        assert [q["question"] for q in corpus.status()["questions"]] == [QUESTION, QUESTION]


def test_until_a_date_keeps_all_of_that_day() -> None:
    from stancemap.cli.mapping import when

    assert when("until", "2024-03-31") == datetime(2024, 3, 31, 23, 59, 59, 999999, tzinfo=UTC)
    assert when("since", "2024-03-31") == datetime(2024, 3, 31, tzinfo=UTC)
    assert when("until", "2024-03-31T12:00:00Z") == datetime(2024, 3, 31, 12, tzinfo=UTC)


def test_metadata_any_database_can_store(db_url: str, tmp_path: Path) -> None:
    """A lone surrogate in a title, NUL characters past the binary check: stored alike on
    SQLite and PostgreSQL (which refuses NUL in text), the ingest goes on."""
    long = TRAM + "\n\n" + ("More of the same report. " * 400) + "\x00 end."
    feed = _write_jsonl(
        tmp_path / "odd.jsonl",
        [{"text": long, "title": "Tram \ud800 plan", "author": "A\x00B"}, {"text": CLOSURE}],
    )
    with Corpus(db_url) as corpus:
        report = corpus.ingest([feed])
        assert (report.new, report.skipped) == (2, 0)
        with corpus.engine.connect() as conn:
            row = conn.execute(
                sa.select(t.documents).where(t.documents.c.author.is_not(None))
            ).one()
        assert (row.title, row.author) == ("Tram ? plan", "AB") and "\x00" not in row.text


def test_a_failed_document_is_recorded_and_retried(db_url: str, tmp_path: Path) -> None:
    feed = _write_jsonl(tmp_path / "f.jsonl", [{"text": TRAM}, {"text": CLOSURE}])
    with Corpus(db_url) as corpus:
        corpus.ingest([feed])
        report = corpus.run(time_limit=1e-6)
        assert report.done == 0 and {c for _, c, _ in report.failed} == {"E017"}
        status = corpus.status()
        assert status["documents"]["failed"] == 2
        assert all("--time-limit" in f["reason"] for f in status["failures"])
        assert corpus.run().done == 0  # failures wait for --retry-failed
        assert corpus.run(retry_failed=True).done == 2
        assert corpus.status()["documents"] == {"pending": 0, "done": 2, "failed": 0}


def test_worker_processes_store_what_one_process_stores(tmp_path: Path) -> None:
    texts = _variations(12)
    feed = _write_jsonl(tmp_path / "f.jsonl", [{"text": x} for x in texts])
    results = []
    for workers in (1, 2):
        with Corpus(tmp_path / f"w{workers}.db") as corpus:
            corpus.ingest([feed])
            assert corpus.run(workers=workers).done == 12
            results.append(_statement_ids(corpus))
    assert results[0] == results[1] and len(results[0]) > 12


def _workers() -> list[int]:
    """This process's worker processes (Linux /proc: its children forked from it, which
    share its command line; not the resource tracker or a server a fixture started)."""
    me = str(os.getpid())
    mine = Path("/proc/self/cmdline").read_bytes()
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if fields[1] == me and command == mine:
            found.append(int(stat.parent.name))
    return found


def test_a_worker_killed_mid_run_loses_no_document(tmp_path: Path) -> None:
    """A worker process killed (as the out-of-memory killer would) breaks the pool: the
    documents it held are read again one at a time, and every document ends processed."""
    texts = _variations(40)
    feed = _write_jsonl(tmp_path / "f.jsonl", [{"text": x} for x in texts])
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest([feed])
        seen = 0
        for outcome in corpus.run_stream(workers=2):
            seen += 1
            if seen == 3:
                workers = _workers()
                assert workers
                os.kill(workers[0], signal.SIGKILL)
            assert outcome.ok, outcome.error
        assert corpus.status()["documents"] == {"pending": 0, "done": 40, "failed": 0}
        assert seen == 40


def test_dask_workers_store_what_local_processes_store(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    from stancemap.corpus import work

    texts = _variations(8)
    feed = _write_jsonl(tmp_path / "f.jsonl", [{"text": x} for x in texts])
    with Corpus(tmp_path / "local.db") as corpus:
        corpus.ingest([feed])
        corpus.run()
        local = _statement_ids(corpus)
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    try:
        with Corpus(tmp_path / "dask.db") as corpus:
            corpus.ingest([feed])
            report = corpus.run(engine="dask", scheduler=cluster.scheduler_address)
            assert report.done == 8
            assert _statement_ids(corpus) == local
        with distributed.Client(cluster.scheduler_address) as client:
            loads = client.run(work.loads)
        assert sorted(loads.values()) in ([1, 1], [0, 1])  # once per worker that worked
    finally:
        cluster.close()


def _done(db: str) -> int:
    with Corpus(db) as corpus:
        return int(corpus.status()["documents"]["done"])


def test_a_run_killed_at_random_points_resumes_without_duplicates_or_loss(
    db_url: str, tmp_path: Path
) -> None:
    """``kill -9`` three times, each at a random point of the work (after a random number
    of documents and a random fraction of a second), then a run to the end."""
    n = 120
    feed = _write_jsonl(tmp_path / "f.jsonl", [{"text": x} for x in _variations(n)])
    with Corpus(tmp_path / "reference.db") as reference:
        reference.ingest([feed])
        reference.run()
        expected = _statement_ids(reference)
    with Corpus(db_url) as corpus:
        corpus.ingest([feed])
    rng = random.Random(os.getpid())
    command = [sys.executable, "-m", "stancemap", "run", "--db", db_url, "-q"]
    seen = []
    for _ in range(3):
        target = _done(db_url) + rng.randint(1, 25)
        run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while _done(db_url) < target and run.poll() is None:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.2))
        run.send_signal(signal.SIGKILL)
        run.wait()
        seen.append(_done(db_url))
    finished = subprocess.run(command, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    with Corpus(db_url) as corpus:
        assert corpus.status()["documents"] == {"pending": 0, "done": n, "failed": 0}
        assert _statement_ids(corpus) == expected  # none twice, none lost
        with corpus.engine.connect() as conn:
            pipelines = set(conn.scalars(sa.select(t.documents.c.pipeline)))
    assert pipelines == {PIPELINE_VERSION}
    assert 0 < seen[0] < seen[-1] < n  # each kill landed with work done and work left


def test_two_runs_at_once_share_the_documents(db_url: str, tmp_path: Path) -> None:
    """Two ``stancemap run`` on one database at once each claim documents before they
    process them: together they process every document once."""
    n = 48
    feed = _write_jsonl(tmp_path / "f.jsonl", [{"text": x} for x in _variations(n)])
    with Corpus(db_url) as corpus:
        corpus.ingest([feed])
    command = [sys.executable, "-m", "stancemap", "run", "--db", db_url, "-q", "--json"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    done = []
    for run in runs:
        out, _ = run.communicate()
        assert run.returncode == 0
        done.append(json.loads(out)["done"])
    assert sum(done) == n and min(done) > 0, done  # none done twice, the work shared
    with Corpus(db_url) as corpus:
        status = corpus.status()
        assert status["documents"] == {"pending": 0, "done": n, "failed": 0}
        assert status["claimed"] == 0  # each run gave back what it held


def _claim(corpus: Corpus, holder: str, seconds: float, limit: int) -> list[str]:
    """Mark the first ``limit`` documents claimed by ``holder`` for ``seconds``."""
    d = t.documents.c
    until = datetime.now(UTC).replace(tzinfo=None) + timedelta(seconds=seconds)
    with corpus.engine.begin() as conn:
        ids = list(conn.scalars(sa.select(d.id).order_by(d.id).limit(limit)))
        conn.execute(
            sa.update(t.documents)
            .where(d.id.in_(ids))
            .values(claimed_by=holder, claimed_until=until)
        )
    return ids


def test_a_killed_runs_claims_are_taken_over(tmp_path: Path) -> None:
    """Claims of a run of this machine whose process is gone are taken at once; those of
    a run of another machine when their lease runs out; a run that renews its claims keeps
    its documents."""
    import socket

    feed = _write_jsonl(tmp_path / "f.jsonl", [{"text": x} for x in _variations(6)])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest([feed])
        _claim(corpus, f"{socket.gethostname()[:100]}/{dead.pid}/x", 3600, 2)
        assert corpus.run().done == 6  # the dead run's two at once
        with corpus.engine.begin() as conn:
            conn.execute(sa.update(t.documents).values(pipeline="older"))
        _claim(corpus, "elsewhere/1/x", 1.5, 2)
        started = time.monotonic()
        assert corpus.run(lease=2.0).done == 6  # waited for the lease to run out
        assert time.monotonic() - started >= 1.0
        with corpus.engine.begin() as conn:
            conn.execute(sa.update(t.documents).values(pipeline="older"))
        held = _claim(corpus, "elsewhere/2/x", 1.0, 2)
        stop = threading.Event()

        def renew() -> None:
            while not stop.wait(0.2):
                _claim(corpus, "elsewhere/2/x", 1.0, 2)

        renewing = threading.Thread(target=renew)
        renewing.start()
        try:
            assert corpus.run(lease=2.0).done == 4  # alive: its two are left to it
        finally:
            stop.set()
            renewing.join()
        with corpus.engine.connect() as conn:
            older = sa.select(t.documents.c.id).where(t.documents.c.pipeline == "older")
            assert sorted(conn.scalars(older)) == held


def test_a_reviewed_statement_does_not_stop_its_document_being_processed_again(
    db_url: str, tmp_path: Path
) -> None:
    """A reviewer's decision names a statement by its stable id: processing the document
    again (a new pipeline) replaces the statements and keeps the decision."""
    feed = _write_jsonl(tmp_path / "f.jsonl", [{"text": TRAM}])
    with Corpus(db_url) as corpus:
        corpus.ingest([feed])
        corpus.run()
        first = _statement_ids(corpus)
        now = datetime.now(UTC).replace(tzinfo=None)
        with corpus.engine.begin() as conn:
            review = {"statement_id": first[0], "decision": "accept", "decided_at": now}
            conn.execute(sa.insert(t.reviews).values(**review))
            conn.execute(sa.update(t.documents).values(pipeline="older"))
        report = corpus.run()
        assert report.done == 1 and not report.failed, report.failed
        assert _statement_ids(corpus) == first
        with corpus.engine.connect() as conn:
            assert list(conn.scalars(sa.select(t.reviews.c.statement_id))) == [first[0]]


def test_the_migrations_build_the_tables_the_code_uses(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    corpus = Corpus(tmp_path / "c.db")
    with corpus.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), t.metadata)
    corpus.close()
    assert diff == []


def test_an_older_database_is_upgraded_when_opened(tmp_path: Path) -> None:
    from alembic import command

    from stancemap.corpus.store import revision

    path = tmp_path / "old.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(_alembic(conn), "0001")
        conn.execute(
            sa.insert(t.documents).values(
                id="d1", content_hash="h", text="kept", ingested_at=datetime(2024, 1, 1)
            )
        )
    engine.dispose()
    with Corpus(path) as corpus:
        assert revision(corpus.engine) == "0006"
        assert sa.inspect(corpus.engine).has_table("key_point_sets")
        assert corpus.status()["documents"]["pending"] == 1  # nothing stored is lost


def test_statements_stored_before_the_speaker_columns_are_filled_in(tmp_path: Path) -> None:
    """A database whose statements and stances were stored before revision 0003 (no
    speaker or summed columns) is filled in on open and maps as before."""
    from alembic import command

    path = tmp_path / "c.db"
    feed = _write_jsonl(
        tmp_path / "feed.jsonl",
        [{"text": TRAM, "date": "2024-01-02"}, {"text": CLOSURE, "date": "2024-01-03"}],
    )
    with Corpus(path) as corpus:
        corpus.ingest([feed])
        corpus.run()
        # over every document: going back to 0002 also forgets which were about the question
        before = corpus.map(QUESTION, key_points=False, every_document=True).to_dict()
        assert before["speakers"]
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.downgrade(_alembic(conn), "0002")
    assert "speaker_key" not in {c["name"] for c in sa.inspect(engine).get_columns("statements")}
    engine.dispose()
    with Corpus(path) as corpus:
        with corpus.engine.connect() as conn:
            empty = sa.select(sa.func.count()).where(t.statements.c.speaker_key.is_(None))
            assert conn.scalar(empty) == 0
        assert corpus.map(QUESTION, key_points=False, every_document=True).to_dict() == before


def test_a_speakers_statements_are_found_by_their_index_after_a_run(tmp_path: Path) -> None:
    """After a run SQLite's planner knows the tables' sizes: a speaker's statements are
    looked up by the speaker index, not by reading every stance of the question (which
    made an export of a 1,000-document map take a minute)."""
    from stancemap.corpus.asking import Filters
    from stancemap.corpus.reading import Reader
    from stancemap.corpus.store import has_statistics

    feed = _write_jsonl(tmp_path / "feed.jsonl", [{"text": TRAM}, {"text": CLOSURE}])
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest([feed])
        assert not has_statistics(corpus.engine)
        corpus.run()
        assert has_statistics(corpus.engine)
        corpus.map(QUESTION, key_points=False, every_document=True)  # both documents' stances
        with corpus.engine.connect() as conn:
            qid = conn.scalar(sa.select(t.questions.c.id))
        reader = Reader(corpus.engine, Question.parse(QUESTION), qid, Filters())
        query = reader._statements().where(t.statements.c.speaker_key == "x")
        sql = str(query.compile(corpus.engine, compile_kwargs={"literal_binds": True}))
        with corpus.engine.connect() as conn:
            plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
    assert "ix_statements_speaker" in plan, plan


def test_a_database_it_cannot_read_fails_with_what_to_do(tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    Corpus(newer).close()
    engine = sa.create_engine(f"sqlite:///{newer}")
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(CorpusError, match="newer version; upgrade stancemap"):
        Corpus(newer)
    foreign = tmp_path / "foreign.db"
    engine = sa.create_engine(f"sqlite:///{foreign}")
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE documents (x INTEGER)"))
    engine.dispose()
    with pytest.raises(CorpusError, match="not made by stancemap"):
        Corpus(foreign)
    with pytest.raises(CorpusError, match="no folder"):
        Corpus(tmp_path / "nowhere" / "c.db")
    with pytest.raises(CorpusError, match="cannot open the database"):
        Corpus("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_the_cli_ingests_runs_reports_and_maps(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "tram.txt").write_text(TRAM, "utf-8")
    (tmp_path / "in" / "closure.md").write_text(CLOSURE, "utf-8")
    (tmp_path / "in" / "empty.txt").write_text("", "utf-8")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "stancemap", *args], capture_output=True, text=True
        )

    ingest = cli("ingest", str(tmp_path / "in"), "--db", db)
    assert ingest.returncode == 0, ingest.stderr
    assert ingest.stdout.startswith("2 new documents") and "empty.txt: [E002]" in ingest.stderr
    ran = cli("run", "--db", db, "--json")
    assert json.loads(ran.stdout) == {"done": 2, "failed": 0}
    assert ran.stderr == ""  # no progress bar when stderr is not a terminal
    status = cli("status", "--db", db)
    assert "documents 2 done, 0 pending, 0 failed" in status.stdout
    assert "[E002]" in status.stdout
    mapped = cli("map", "--db", db, "--question", QUESTION, "--format", "json", "--no-key-points")
    assert mapped.returncode == 0, mapped.stderr
    names = {s["name"] for s in json.loads(mapped.stdout)["speakers"]}
    assert "Anna Berg" in names and "Tomas Grieve" not in names  # the tram is another debate
    # written to a file piece by piece, the same map; the report beside it
    out, page = tmp_path / "map.json", tmp_path / "map.html"
    to_file = cli(
        "map", "--db", db, "--question", QUESTION, "-f", "json", "--no-key-points",
        "-o", str(out), "--html", str(page), "-q",
    )  # fmt: skip
    assert to_file.returncode == 0, to_file.stderr
    assert out.read_text("utf-8") == mapped.stdout
    assert "Anna Berg" in page.read_text("utf-8")
    every = cli("map", "--db", db, "--question", QUESTION, "--every-document", "--format", "json")
    assert every.returncode == 0, every.stderr
    assert {"Anna Berg", "Tomas Grieve"} <= {
        s["name"] for s in json.loads(every.stdout)["speakers"]
    }
    for args, code in (
        (("map", "--db", db), "E019"),
        (("map", "--db", db, "--question", QUESTION, "--since", "soonish"), "E019"),
        (("map", str(tmp_path / "in" / "tram.txt"), "--since", "2024-01-01"), "E019"),
        (("run", "--db", db, "--engine", "dask"), "E015"),
        (("status", "--db", str(tmp_path / "no" / "c.db")), "E015"),
        (("status", "--db", str(tmp_path / "in" / "tram.txt")), "E015"),  # not a database
    ):
        failed = cli(*args)
        assert failed.returncode == 2 and f"[{code}]" in failed.stderr, (args, failed.stderr)
        assert "Traceback" not in failed.stderr and len(failed.stderr.strip().splitlines()) == 1


def test_two_first_asks_at_once_find_the_key_points_once(db_url: str, tmp_path: Path) -> None:
    """Two asks of a new question at the same moment, each with its own connection (as two
    processes): one finds the key points, the other waits for its figures; neither fails on
    the map row's unique key or clears the other's members."""
    feed = _write_jsonl(
        tmp_path / "feed.jsonl",
        [{"text": (ROOT / "examples" / "roundup.txt").read_text("utf-8")}, {"text": CLOSURE}],
    )
    with Corpus(db_url) as corpus:
        corpus.ingest([feed])
        corpus.run()
        corpus.map(QUESTION, key_points=False)  # stances read first: the race is on key points
    start = threading.Barrier(2)
    maps: list[dict[str, Any]] = []
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            with Corpus(db_url) as mine:
                start.wait()
                maps.append(mine.map(QUESTION).to_dict())
        except BaseException as exc:  # reported below, with the thread's error
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(maps) == 2 and maps[0] == maps[1] and maps[0]["key_points"]
    km = t.key_point_members.c
    with Corpus(db_url) as corpus, corpus.engine.connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).select_from(t.key_point_maps)) == 1
        members = conn.execute(sa.select(km.statement_id)).scalars().all()
        assert members and len(members) == len(set(members))
        assert corpus.map(QUESTION).to_dict() == maps[0]


def test_a_failed_finding_leaves_its_row_to_the_next_ask_at_once(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A finding that raises marks its pending row stale on the way out: the next ask
    takes it over at once (it does not wait out the lease of a finder that is gone) and
    finds the same key points as an ask that never failed."""
    feed = _write_jsonl(
        tmp_path / "feed.jsonl",
        [{"text": (ROOT / "examples" / "roundup.txt").read_text("utf-8")}, {"text": CLOSURE}],
    )
    m = t.key_point_maps.c
    real = points.find_key_points

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the finding broke")

    with Corpus(db_url) as corpus:
        corpus.ingest([feed])
        corpus.run()
        monkeypatch.setattr(points, "find_key_points", broken)
        with pytest.raises(RuntimeError, match="the finding broke"):
            corpus.map(QUESTION)
        with corpus.engine.connect() as conn:
            (result, beat) = conn.execute(sa.select(m.result, m.computed_at)).one()
        assert result is None
        now = datetime.now(UTC).replace(tzinfo=None)
        assert now - beat > timedelta(seconds=points.LEASE)  # stale: no wait for the next
        monkeypatch.setattr(points, "find_key_points", real)
        monkeypatch.setattr(points, "WAIT", 3600.0)  # a wait would hang the test: none is made
        again = corpus.map(QUESTION).to_dict()
        assert again["key_points"]
        with corpus.engine.connect() as conn:
            assert conn.scalar(sa.select(sa.func.count()).select_from(t.key_point_maps)) == 1
            assert conn.scalar(sa.select(m.result)) is not None


def test_key_points_cut_short_are_found_again_from_scratch(db_url: str, tmp_path: Path) -> None:
    """A finding killed before its figures were written leaves ``result`` NULL and some
    members: the next ask clears those members and finds the same key points. A document
    processed again takes its statements' key point members with it."""
    feed = _write_jsonl(
        tmp_path / "feed.jsonl",
        [{"text": (ROOT / "examples" / "roundup.txt").read_text("utf-8")}, {"text": CLOSURE}],
    )
    m, km = t.key_point_maps.c, t.key_point_members.c
    with Corpus(db_url) as corpus:
        corpus.ingest([feed])
        corpus.run()
        first = corpus.map(QUESTION).to_dict()
        assert first["key_points"]
        with corpus.engine.begin() as conn:
            kept = conn.execute(sa.select(km.statement_id, km.point)).all()
            assert kept
            # a stale finding: its process died a minute ago, so its heartbeat stopped
            died = datetime.now(UTC).replace(tzinfo=None) - timedelta(seconds=points.LEASE + 30)
            conn.execute(sa.update(t.key_point_maps).values(result=None, computed_at=died))
            conn.execute(sa.update(t.key_point_members).values(point=99))
        again = corpus.map(QUESTION).to_dict()
        with corpus.engine.connect() as conn:
            assert conn.scalar(sa.select(sa.func.count()).select_from(t.key_point_maps)) == 1
            assert conn.scalar(sa.select(m.result)) is not None
            assert sorted(conn.execute(sa.select(km.statement_id, km.point)).all()) == sorted(kept)
        assert again == first
        with corpus.engine.begin() as conn:  # processed under another pipeline version
            conn.execute(sa.update(t.documents).values(pipeline="older"))
        report = corpus.run()
        assert (report.done, report.failed) == (2, [])
        with corpus.engine.connect() as conn:
            assert conn.scalar(sa.select(sa.func.count()).select_from(t.key_point_members)) == 0
        assert corpus.map(QUESTION).to_dict()["key_points"] == first["key_points"]
