"""The command line, run as a real process: outputs, exit codes and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from stancemap.report import json_schema

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "roundup.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "stancemap", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[str], code: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"stancemap: error: [{code}]"), lines[0]


def test_table_output() -> None:
    proc = run("extract", str(EXAMPLE))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].split()[:3] == ["speaker", "role", "kind"]
    assert "Tomas Reyes" in proc.stdout and "transport economist" in proc.stdout


def test_json_output_has_offsets_into_the_text() -> None:
    proc = run("extract", str(EXAMPLE), "--format", "json")
    data = json.loads(proc.stdout)
    assert (data["schema_version"], data["kind"]) == ("5", "extraction")
    jsonschema.validate(data, json_schema())  # the one schema of extract and map
    text = EXAMPLE.read_text("utf-8")
    statements = data["documents"][0]["statements"]
    assert len(statements) >= 10
    for s in statements:
        c = s["content"]
        assert text[c["start"] : c["end"]] == c["text"]
        assert s["kind"] in {"direct_quote", "reported_speech", "labelled_block", "transcript_line"}
        assert s["id"] == f"roundup:{c['start']}-{c['end']}"  # stable: document id + offsets
    assert len({s["id"] for s in statements}) == len(statements)


def test_jsonl_and_csv_agree() -> None:
    jsonl = [
        json.loads(line) for line in run("extract", str(EXAMPLE), "-f", "jsonl").stdout.splitlines()
    ]
    rows = list(csv.DictReader(io.StringIO(run("extract", str(EXAMPLE), "-f", "csv").stdout)))
    assert len(rows) == len(jsonl)
    assert [r["id"] for r in rows] == [j["id"] for j in jsonl]
    assert [int(r["start"]) for r in rows] == [j["content"]["start"] for j in jsonl]
    assert [r["speaker"] for r in rows] == [j["speaker"] or "" for j in jsonl]


def test_stdin_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    proc = run("extract", "-", "-f", "json", "-o", str(out), stdin=EXAMPLE.read_bytes())
    assert proc.returncode == 0 and proc.stdout == ""
    assert json.loads(out.read_text("utf-8"))["documents"][0]["document"]["id"] == "stdin"
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # a normal file, not a private temp


def test_html_article(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    body = "".join(f"<p>{line}</p>" for line in EXAMPLE.read_text("utf-8").splitlines() if line)
    page.write_text(
        f"<html><head><title>Cars</title></head><body><nav>Home | News</nav>"
        f"<article>{body}</article><footer>(c) Example</footer></body></html>",
        "utf-8",
    )
    proc = run("extract", str(page), "-f", "json")
    assert proc.returncode == 0, proc.stderr
    speakers = {s["speaker"] for s in json.loads(proc.stdout)["documents"][0]["statements"]}
    assert {"Tomas Reyes", "Maria Okafor"} <= speakers


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "E002"),
        (b"   \n\n  ", "E002"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "E003"),
        ("Le ministre a déclaré que".encode("latin-1") + b" " * 10, "E004"),
        (
            "Der Minister sagte am Montag, dass die Regierung die neuen Regeln nicht ändern "
            "werde. Die Opposition kritisierte die Entscheidung scharf und forderte eine "
            "Abstimmung im Parlament über die Reform der Steuer.".encode(),
            "E006",
        ),
        (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "E007"),
    ],
    ids=["empty", "blank", "binary", "latin1", "german", "html-without-article"],
)
def test_bad_input_is_one_line_error(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / ("input.html" if code == "E007" else "input.txt")
    path.write_bytes(content)
    assert_one_line_error(run("extract", str(path)), code)


def test_missing_path() -> None:
    proc = run("extract", "no/such/file.txt")
    assert_one_line_error(proc, "E001")
    assert proc.returncode == 2


def test_huge_file_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(50_000_000)  # sparse: 50 MB of size, no disk
    proc = run("extract", str(path))
    assert_one_line_error(proc, "E005")
    assert "50.0 MB" in proc.stderr and "--max-mb" in proc.stderr


def test_one_bad_file_does_not_lose_the_good_ones(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = run("extract", str(EXAMPLE), str(empty), "-f", "jsonl", "-q")
    assert proc.returncode == 1
    assert "[E002]" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stdout.splitlines()) >= 10


def test_failed_run_leaves_no_partial_output(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    proc = run("extract", str(tmp_path / "missing.txt"), "-f", "csv", "-o", str(out))
    assert proc.returncode == 2 and not out.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("", "has no words"),
        (" ?! ", "has no words"),
        ("Sollte Iran mit den USA verhandeln?", "does not look like English"),
        ("Должен ли Иран вести переговоры?", "does not look like English"),
        ("why " * 41, "41 words long"),
    ],
    ids=["empty", "punctuation", "german", "russian", "too-long"],
)
def test_map_refuses_a_question_it_cannot_read(tmp_path: Path, question: str, says: str) -> None:
    """Checked before any article is read or model loaded: one line, exit 2, no output."""
    out = tmp_path / "map.json"
    report = tmp_path / "report.html"
    proc = run(
        "map",
        str(EXAMPLE),
        "--question",
        question,
        "-f",
        "json",
        "-o",
        str(out),
        "--html",
        str(report),
    )
    assert_one_line_error(proc, "E012")
    assert proc.returncode == 2 and says in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_eval_on_a_missing_folder() -> None:
    assert_one_line_error(
        run("eval", "attribution", "--data", "/nonexistent", "--split", "x"), "E009"
    )


def test_two_files_of_one_name_get_distinct_ids(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "notes.txt").write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    proc = run("extract", str(tmp_path / "a" / "notes.txt"), str(tmp_path / "b" / "notes.txt"),
               "-f", "csv")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert {r["document"] for r in rows} == {"notes", "notes~2"}
    assert len({r["id"] for r in rows}) == len(rows)
