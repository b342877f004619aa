"""The corpus readers: files, folders, globs, JSONL lines and WARC records into articles, and a
coded Rejected (never an exception) for every input, line or record that gives none."""

from __future__ import annotations

import gzip
import io
import json
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from stancemap.corpus.sources import Article, Rejected, parse_date, read_inputs

# Made-up news text, written for these tests.
HARBOUR = (
    "The city council voted on Tuesday to close the old harbour bridge to heavy lorries "
    "from the start of next month, after engineers said that the steel frame was wearing "
    "out faster than they had expected.\n\n"
    "The mayor said the decision was not an easy one for the businesses on the east bank, "
    "but that the safety of the people who cross the bridge every day had to come first. "
    "A council report puts the cost of a full repair at about forty million pounds.\n\n"
    "Local traders told reporters that they were worried about the longer journeys their "
    "suppliers would face, and asked the council to pay for a temporary ferry while the "
    "work goes on. The council said it would look at the idea before the end of the year."
)
ORCHARD = (
    "Farmers in the valley say that this year's apple harvest is the best they have seen "
    "for a decade, thanks to a mild spring and a long, dry summer with few late frosts.\n\n"
    "The growers' association said that its members had picked nearly a third more fruit "
    "than last year, and that prices at the market had fallen as a result. Some of the "
    "smaller farms are now selling their surplus to a cider maker in the next town.\n\n"
    "An official at the regional office said the good weather had also helped the local "
    "bees, which had a strong season after two poor years in a row."
)
LIBRARY = (
    "The public library on Station Road will open on Sundays from the first week of "
    "October, the county said in a statement on Friday.\n\n"
    "The change follows a survey in which most of the people who use the library said "
    "that they would like to visit it at the weekend, when they are not at work. The "
    "county will hire two new members of staff to cover the extra hours.\n\n"
    "The head librarian said that she was delighted with the news and that the children's "
    "reading club, which meets on Saturdays, would now be able to hold a second session."
)


def html_page(title: str, text: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>\n" for p in text.split("\n\n"))
    return (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
        f"<title>{title}</title></head>\n<body>\n"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>\n"
        f"<article><h1>{title}</h1>\n{paragraphs}</article>\n"
        "<footer>Copyright The Valley Gazette</footer>\n</body></html>\n"
    )


def codes(items: list[Article | Rejected]) -> list[tuple[str, str]]:
    """(origin, "ok" or the error code) of each item, in order."""
    return [(i.origin, "ok" if isinstance(i, Article) else i.code) for i in items]


def by_origin(items: list[Article | Rejected]) -> dict[str, Article | Rejected]:
    return {i.origin: i for i in items}


def article(item: Article | Rejected | None) -> Article:
    assert isinstance(item, Article), item
    return item


def rejected(item: Article | Rejected | None) -> Rejected:
    assert isinstance(item, Rejected), item
    return item


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2024-03-05T10:00:00+02:00", datetime(2024, 3, 5, 8, 0, tzinfo=UTC)),
        ("2024-03-05T10:00:00Z", datetime(2024, 3, 5, 10, 0, tzinfo=UTC)),
        ("2024-03-05 10:00", datetime(2024, 3, 5, 10, 0, tzinfo=UTC)),  # naive: UTC
        ("2024-03-05", datetime(2024, 3, 5, tzinfo=UTC)),
        ("Tue, 05 Mar 2024 10:00:00 GMT", datetime(2024, 3, 5, 10, 0, tzinfo=UTC)),
        ("Tue, 05 Mar 2024 10:00:00 -0500", datetime(2024, 3, 5, 15, 0, tzinfo=UTC)),
        ("Tue, 05 Mar 2024 10:00:00 EST", datetime(2024, 3, 5, 15, 0, tzinfo=UTC)),
        ("5 March 2024, 23:30 +05:30", datetime(2024, 3, 5, 18, 0, tzinfo=UTC)),
    ],
)
def test_parse_date_reads_to_utc(given: str, expected: datetime) -> None:
    got = parse_date(given)
    assert got == expected
    assert got is not None and got.tzinfo is UTC


@pytest.mark.parametrize(
    "given", ["", "   ", "soon", "the day after the vote", "10:00", "99999999999999999999"]
)
def test_parse_date_unreadable_is_none(given: str) -> None:
    assert parse_date(given) is None


# --- files and folders -------------------------------------------------------------------


def test_folder_of_good_and_bad_files(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a_harbour.txt").write_text(HARBOUR.replace("\n", "\r\n"), "utf-8")
    (corpus / "b_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (corpus / "c_latin1.txt").write_bytes(("Caf\u00e9 owners said " + ORCHARD).encode("latin-1"))
    (corpus / "d_empty.txt").write_bytes(b"")
    (corpus / "e_menu.html").write_text(
        "<html><body><nav><a href='/'>Home</a> <a href='/about'>About</a></nav></body></html>",
        "utf-8",
    )
    (corpus / "f_page.HTML").write_text(html_page("Library to open on Sundays", LIBRARY), "utf-8")
    # 64 KB of NUL bytes, sparse: rejected by its size (E005) before a byte is read (else E003)
    with (corpus / "g_huge.txt").open("wb") as fh:
        fh.truncate(64_000)
    (corpus / "h_notes.md").write_text("# Harvest\n\n" + ORCHARD, "utf-8")
    (corpus / "i_table.csv").write_text("a,b\n1,2\n", "utf-8")  # not an article type: skipped
    (corpus / "sub" / "deeper.htm").write_text(html_page("Bridge to close", HARBOUR), "utf-8")

    items = list(read_inputs([corpus], max_bytes=20_000))

    assert codes(items) == [
        (f"{corpus}/a_harbour.txt", "ok"),
        (f"{corpus}/b_binary.txt", "E003"),
        (f"{corpus}/c_latin1.txt", "E004"),
        (f"{corpus}/d_empty.txt", "E002"),
        (f"{corpus}/e_menu.html", "E007"),
        (f"{corpus}/f_page.HTML", "ok"),
        (f"{corpus}/g_huge.txt", "E005"),
        (f"{corpus}/h_notes.md", "ok"),
        (f"{corpus}/sub/deeper.htm", "ok"),
    ]
    found = by_origin(items)
    harbour = article(found[f"{corpus}/a_harbour.txt"])
    assert harbour.text == HARBOUR  # line ends "\n"
    assert (harbour.url, harbour.date, harbour.title, harbour.source) == (None, None, None, None)

    page = article(found[f"{corpus}/f_page.HTML"])
    assert page.title == "Library to open on Sundays"
    assert "open on Sundays from the first week of October" in page.text
    assert "Home" not in page.text and "Copyright" not in page.text

    assert article(found[f"{corpus}/h_notes.md"]).text.startswith("# Harvest\n\nFarmers")
    assert article(found[f"{corpus}/sub/deeper.htm"]).title == "Bridge to close"

    for item in items:
        if isinstance(item, Rejected):
            assert "\n" not in item.message and not item.message.startswith("[E")
            assert item.message.startswith(item.origin)
    assert "not valid UTF-8 (byte 0xe9" in rejected(found[f"{corpus}/c_latin1.txt"]).message
    assert "0.1 MB, over the" in rejected(found[f"{corpus}/g_huge.txt"]).message


def test_not_english_is_rejected_unless_the_check_is_off(tmp_path: Path) -> None:
    path = tmp_path / "liste.txt"
    path.write_text(
        "Die Stadt hat am Dienstag beschlossen, die alte Brücke für schwere Lastwagen zu "
        "sperren. Die Ingenieure sagten, der Rahmen sei schneller verschlissen als erwartet. "
        "Der Bürgermeister sagte, die Entscheidung sei nicht leicht gewesen, aber die "
        "Sicherheit der Menschen gehe vor. Eine Reparatur koste etwa vierzig Millionen.",
        "utf-8",
    )
    assert codes(list(read_inputs([path]))) == [(str(path), "E006")]
    assert codes(list(read_inputs([path], check_language=False))) == [(str(path), "ok")]


def test_missing_paths_and_empty_globs_are_rejected_and_reading_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "news" / "harbour.txt"
    good.parent.mkdir()
    good.write_text(HARBOUR, "utf-8")
    (tmp_path / "news" / "orchard.txt").write_text(ORCHARD, "utf-8")
    (tmp_path / "news" / "deep").mkdir()
    (tmp_path / "news" / "deep" / "library.txt").write_text(LIBRARY, "utf-8")
    named = tmp_path / "readme.text"  # another extension, named explicitly: read as text
    named.write_text(LIBRARY, "utf-8")
    missing = tmp_path / "no-such-folder"
    nothing = str(tmp_path / "news" / "*.nothing")

    items = list(
        read_inputs([str(missing), nothing, good, named, str(tmp_path / "news" / "**" / "*.txt")])
    )

    assert codes(items) == [
        (str(missing), "E001"),
        (nothing, "E001"),
        (str(good), "ok"),
        (str(named), "ok"),
        (str(tmp_path / "news" / "deep" / "library.txt"), "ok"),
        (str(good), "ok"),
        (str(tmp_path / "news" / "orchard.txt"), "ok"),
    ]
    assert rejected(items[0]).message == f"no such file or directory: {missing}; check the path"
    assert rejected(items[1]).message == f"no files match {nothing}; check the pattern"
    assert article(items[3]).text == LIBRARY


# --- JSONL -------------------------------------------------------------------------------


def test_jsonl_lines(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps(
            {
                "text": HARBOUR,
                "url": "https://gazette.example/bridge",
                "date": "2024-03-05T10:00:00+02:00",
                "source": "Valley Gazette",
                "title": "Bridge to close",
                "author": "Sam Reed",
                "tags": ["council"],  # other keys are ignored
            }
        ),
        '{"text": "The council met on Tuesday", ',  # 2: broken JSON
        json.dumps([ORCHARD]),  # 3: not an object
        "",  # 4: blank, skipped
        json.dumps({"body": ORCHARD, "url": "https://gazette.example/apples"}),  # 5
        json.dumps({"html": html_page("Library to open on Sundays", LIBRARY)}),  # 6
        json.dumps({"text": ORCHARD, "date": "the week after the harvest"}),  # 7
        json.dumps({"text": "   "}),  # 8: empty text
        json.dumps({"text": ORCHARD, "url": 42}),  # 9: not a string
        json.dumps({"html": "<html><body><nav>Home | About</nav></body></html>"}),  # 10
        json.dumps({"text": LIBRARY, "date": "Tue, 05 Mar 2024 10:00:00 GMT"}),  # 12
    ]
    with path.open("wb") as fh:
        fh.write(b"\xef\xbb\xbf")  # a byte order mark before the first line
        for line in lines[:10]:
            fh.write(line.encode("utf-8") + b"\n")
        fh.write(json.dumps({"text": "Caf\u00e9 " + ORCHARD}, ensure_ascii=False).encode("latin-1"))
        fh.write(b"\r\n")  # 11: not UTF-8, and a CRLF line end
        fh.write(lines[10].encode("utf-8"))  # 12: the last line, no line end

    with caplog.at_level(logging.WARNING, logger="stancemap.corpus"):
        items = list(read_inputs([path]))

    p = str(path)
    assert codes(items) == [
        (f"{p}:1", "ok"),
        (f"{p}:2", "E016"),
        (f"{p}:3", "E016"),
        (f"{p}:5", "E016"),
        (f"{p}:6", "ok"),
        (f"{p}:7", "ok"),
        (f"{p}:8", "E002"),
        (f"{p}:9", "E016"),
        (f"{p}:10", "E007"),
        (f"{p}:11", "E004"),
        (f"{p}:12", "ok"),
    ]
    found = by_origin(items)
    first = article(found[f"{p}:1"])
    assert first == Article(
        text=HARBOUR,
        origin=f"{p}:1",
        url="https://gazette.example/bridge",
        date=datetime(2024, 3, 5, 8, 0, tzinfo=UTC),
        source="Valley Gazette",
        title="Bridge to close",
        author="Sam Reed",
    )
    html = article(found[f"{p}:6"])
    assert html.title == "Library to open on Sundays"
    assert "open on Sundays from the first week of October" in html.text
    assert "Copyright" not in html.text

    undated = article(found[f"{p}:7"])
    assert (undated.date, undated.date_text) == (None, "the week after the harvest")
    assert undated.text == ORCHARD
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert f"{p}:7" in warnings[0].getMessage()
    assert "the week after the harvest" in warnings[0].getMessage()

    assert article(found[f"{p}:12"]).date == datetime(2024, 3, 5, 10, 0, tzinfo=UTC)

    assert "not valid JSON" in rejected(found[f"{p}:2"]).message
    assert "array, not an object" in rejected(found[f"{p}:3"]).message
    assert 'neither "text" nor "html"' in rejected(found[f"{p}:5"]).message
    assert '"url" is a JSON number, not a string' in rejected(found[f"{p}:9"]).message
    # the messages name the line, not the name used to have the HTML extracted
    assert rejected(found[f"{p}:10"]).message.startswith(f"{p}:10: no article text")
    assert "byte 0xe9 at column" in rejected(found[f"{p}:11"]).message
    for item in items:
        if isinstance(item, Rejected):
            assert "\n" not in item.message and item.message.startswith(item.origin)


def test_jsonl_line_over_the_limit_is_skipped_without_losing_the_next(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    long_text = " ".join([HARBOUR] * 20)  # about 16 KB
    with path.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": long_text}) + "\n")
        fh.write(json.dumps({"text": ORCHARD}) + "\n")
        fh.write(json.dumps({"text": long_text}))  # the last line, over the limit, no "\n"

    items = list(read_inputs([path], max_bytes=4_000))

    assert codes(items) == [(f"{path}:1", "E005"), (f"{path}:2", "ok"), (f"{path}:3", "E005")]
    assert article(items[1]).text == ORCHARD
    assert "over the 0.004 MB limit" in rejected(items[0]).message


# --- WARC --------------------------------------------------------------------------------


def write_warc(path: Path, *, compress: bool) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))

        def response(
            url: str, content_type: str | None, body: bytes, date: str, status: str = "200 OK"
        ) -> None:
            headers = [("Content-Type", content_type)] if content_type else []
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(record)

        bridge = html_page("Bridge to close", HARBOUR).encode("utf-8")
        response(  # 1
            "https://gazette.example/bridge",
            "text/html; charset=utf-8",
            bridge,
            "2024-03-05T10:00:00Z",
        )
        get = b"GET /bridge HTTP/1.1\r\nHost: gazette.example\r\n\r\n"
        request = writer.create_warc_record(
            "https://gazette.example/bridge", "request", payload=io.BytesIO(get), length=len(get)
        )
        writer.write_record(request)  # not a response: skipped
        response(  # 2: not HTML: skipped
            "https://gazette.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n", "2024-03-05"
        )
        response(  # 3: a redirect: skipped
            "https://gazette.example/old",
            "text/html",
            b"<html>Moved</html>",
            "2024-03-05",
            "301 Moved Permanently",
        )
        response(  # 4: no Content-Type, Latin-1 declared in a meta tag
            "https://gazette.example/apples",
            None,
            html_page("Apples galore", "Caf\u00e9 owners said " + ORCHARD)
            .replace("charset='utf-8'", "charset='iso-8859-1'")
            .encode("latin-1"),
            "2024-09-01T06:30:00Z",
        )
        response(  # 5: a page with no article
            "https://gazette.example/menu",
            "text/html",
            b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
            "2024-09-02T06:30:00Z",
        )
        response(  # 6: an unreadable date, kept as text
            "https://gazette.example/library",
            "application/xhtml+xml",
            html_page("Library to open on Sundays", LIBRARY).encode("utf-8"),
            "sometime in autumn",
        )
        response(  # 7: not UTF-8, and no charset says what it is
            "https://gazette.example/cafe",
            "text/html",
            html_page("Caf\u00e9", "Caf\u00e9 owners said " + ORCHARD)
            .replace("<meta charset='utf-8'>", "")
            .encode("latin-1"),
            "2024-09-03T06:30:00Z",
        )


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_response_records(tmp_path: Path, name: str, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / name
    write_warc(path, compress=name.endswith(".gz"))
    with caplog.at_level(logging.WARNING, logger="stancemap.corpus"):
        items = list(read_inputs([path]))

    p = str(path)
    assert codes(items) == [
        (f"{p}#1", "ok"),
        (f"{p}#4", "ok"),
        (f"{p}#5", "E007"),
        (f"{p}#6", "ok"),
        (f"{p}#7", "E004"),
    ]
    bridge = article(items[0])
    assert bridge.url == "https://gazette.example/bridge"
    assert bridge.date == datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    assert bridge.title == "Bridge to close"
    assert "to close the old harbour bridge to heavy lorries" in bridge.text
    assert "Copyright" not in bridge.text and "Home" not in bridge.text

    apples = article(items[1])
    assert apples.url == "https://gazette.example/apples"
    assert apples.date == datetime(2024, 9, 1, 6, 30, tzinfo=UTC)
    assert "Caf\u00e9 owners said Farmers in the valley" in apples.text

    menu = rejected(items[2])
    assert menu.message.startswith(f"{p}#5: no article text")

    library = article(items[3])
    assert (library.date, library.date_text) == (None, "sometime in autumn")
    assert [r.getMessage() for r in caplog.records if f"{p}#6" in r.getMessage()]

    cafe = rejected(items[4])
    assert cafe.message.startswith(f"{p}#7 (https://gazette.example/cafe): the page is not")


def test_warc_page_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, compress=True)
    items = list(read_inputs([path], max_bytes=700))
    p = str(path)
    assert codes(items) == [
        (f"{p}#1", "E005"),
        (f"{p}#4", "E005"),
        (f"{p}#5", "E007"),  # a small page
        (f"{p}#6", "E005"),
        (f"{p}#7", "E005"),
    ]
    assert "over the 0.0007 MB limit" in rejected(items[0]).message


def test_broken_warc_is_one_rejected_and_reading_goes_on(tmp_path: Path) -> None:
    junk = tmp_path / "junk.warc"
    junk.write_text("this is not a web archive at all\n" * 5, "utf-8")
    noise = tmp_path / "noise.warc.gz"
    noise.write_bytes(bytes(range(256)) * 4)
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    whole = tmp_path / "whole.warc"
    write_warc(whole, compress=False)
    data = whole.read_bytes()
    # cut short in the headers of the record after the first response
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: data.index(b"WARC-Type: request") + 40])
    # one gzip stream over the whole archive rather than a member per record
    solid = tmp_path / "solid.warc.gz"
    solid.write_bytes(gzip.compress(data))
    # a download that stopped half way: warcio alone would just end early
    zipped = tmp_path / "zipped.warc.gz"
    write_warc(zipped, compress=True)
    with zipped.open("rb") as fh:
        archive = ArchiveIterator(fh)
        offsets = [archive.get_record_offset() for _record in archive]
    half = tmp_path / "half.warc.gz"
    # ... 30 bytes into the gzip member of the request record, after the first response
    half.write_bytes(zipped.read_bytes()[: offsets[2] + 30])
    good = tmp_path / "harbour.txt"
    good.write_text(HARBOUR, "utf-8")

    items = list(read_inputs([junk, noise, empty, cut, solid, half, good]))

    assert codes(items) == [
        (str(junk), "E016"),
        (str(noise), "E016"),
        (str(empty), "E002"),
        (f"{cut}#1", "ok"),
        (str(cut), "E016"),
        (str(solid), "E016"),
        (f"{half}#1", "ok"),
        (str(half), "E016"),
        (str(good), "ok"),
    ]
    for item in items:
        if isinstance(item, Rejected):
            assert "\n" not in item.message and item.message.startswith(item.origin)
    assert "ARC data, not a WARC record" in rejected(items[0]).message
    assert "Unknown archive format" in rejected(items[1]).message
    assert "the rest of" in rejected(items[4]).message
    assert "warcio recompress" in rejected(items[5]).message
    assert "cut short after" in rejected(items[7]).message
