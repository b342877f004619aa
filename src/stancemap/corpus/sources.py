"""Corpus inputs read into articles: files, folders, glob patterns, JSONL and WARC archives.

:func:`read_inputs` walks what it is given and yields one :class:`Article` per article found,
or a :class:`Rejected` (an error code and a one-line message) for each thing that cannot be
read, and goes on with the next. It never raises for bad input, and streams: a JSONL file or a
WARC archive of many GB is read a line or a record at a time.

* ``.txt``, ``.md``, ``.html``, ``.htm``: one article per file, read with
  :func:`stancemap.ingest.document_from_bytes` (so the same checks apply as to one article;
  for HTML, the article text trafilatura extracts).
* ``.jsonl``: one article per line, a JSON object with ``text`` or ``html`` and optional
  ``url``, ``date``, ``source``, ``title``, ``author``.
* ``.warc``, ``.warc.gz``: one article per HTML ``response`` record (read with warcio).

A folder is walked recursively (files sorted by path, other extensions skipped); a file named
explicitly, or matched by a glob pattern, with another extension is read as text.
"""

from __future__ import annotations

import codecs
import glob
import json
import logging
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import BadRecord, InputTooLarge, StancemapError
from ..ingest import DEFAULT_MAX_BYTES, document_from_bytes

__all__ = ["DEFAULT_MAX_BYTES", "Article", "Rejected", "parse_date", "read_inputs"]

log = logging.getLogger("stancemap.corpus")

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
WARC_SUFFIXES = (".warc", ".warc.gz")
_GLOB_CHARS = re.compile(r"[*?\[]")
_META_FIELDS = ("url", "date", "source", "title", "author")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SKIP_CHUNK = 1 << 20
_MAX_MESSAGE = 400

# Zone names that news feeds use and dateutil does not know (RFC 822 defines the US ones).
_ZONES = {
    "UT": 0,
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
}


@dataclass(frozen=True, slots=True)
class Article:
    """One article of a corpus input and what is known about it.

    ``origin`` says where it came from: ``"path"`` for a file, ``"path:LINE"`` (1-based) for
    a JSONL line, ``"path#N"`` for the N-th (1-based) response record of a WARC archive.
    ``date`` is timezone-aware, in UTC; a date given that could not be read is kept as
    ``date_text`` (and ``date`` is ``None``)."""

    text: str
    origin: str
    url: str | None = None
    date: datetime | None = None
    date_text: str | None = None
    source: str | None = None
    title: str | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input, a line or a record that gave no article: its stancemap error ``code``
    (``"E003"`` ...) and a one-line ``message`` that says what is wrong and what to do."""

    origin: str
    code: str
    message: str


def read_inputs(
    inputs: Sequence[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    check_language: bool = True,
) -> Iterator[Article | Rejected]:
    """Articles of ``inputs`` (files, folders, glob patterns), in order, each input's files
    sorted by path; a :class:`Rejected` for each input, file, line or record that gives none.

    A string with ``*``, ``?`` or ``[`` that is not an existing path is a glob pattern
    (``**`` matches folders at any depth); a :class:`~pathlib.Path` is always taken as it is.

    ``max_bytes`` caps one article (a file, a JSONL line, a WARC response body);
    ``check_language`` rejects text that does not look English (E006)."""
    for item in inputs:
        for path in _expand(item):
            if isinstance(path, Rejected):
                yield path
            else:
                yield from _read_file(path, max_bytes, check_language)


def parse_date(value: str) -> datetime | None:
    """``value`` read as a date and time, in UTC; ``None`` when it cannot be read.

    A time without a zone is taken as UTC. A text without a full date (``"10:00"``,
    ``"March"``) is ``None`` rather than today's or a made-up day."""
    from dateutil.parser import parse  # type: ignore[import-untyped, unused-ignore]

    value = value.strip()
    if not value:
        return None
    try:
        # Parsed twice with defaults that differ in every date field: a field filled from the
        # default is not in the text, and a date without its year, month or day is not one.
        first = parse(value, default=datetime(2000, 1, 1), tzinfos=_tzinfo)
        second = parse(value, default=datetime(2001, 2, 2), tzinfos=_tzinfo)
        if not isinstance(first, datetime) or first.date() != second.date():
            return None
        if first.tzinfo is None:
            first = first.replace(tzinfo=UTC)
        return first.astimezone(UTC)
    except (ValueError, OverflowError, TypeError):
        # dateutil's ParserError is a ValueError
        return None


def _tzinfo(name: str | None, offset: int | None) -> timezone | None:
    """The zone of a parsed date: its numeric offset, else a known name, else none (UTC).
    Never the machine's local zone, so a date reads the same everywhere."""
    if offset is not None:
        return timezone(timedelta(seconds=offset))
    if name is not None and name.upper() in _ZONES:
        return timezone(timedelta(hours=_ZONES[name.upper()]))
    return None


# --- inputs ------------------------------------------------------------------------------


def _expand(item: str | Path) -> Iterator[Path | Rejected]:
    """The files of one input; a Rejected (E001) for a missing path or a pattern that
    matches nothing."""
    name = str(item)
    path = Path(item)
    if path.is_dir():
        yield from _walk(path)
    elif path.exists():
        yield path
    elif isinstance(item, str) and _GLOB_CHARS.search(name):
        matches = sorted(glob.glob(name, recursive=True))
        if not matches:
            yield _rejected(name, "E001", f"no files match {name}; check the pattern")
        for match in matches:
            found = Path(match)
            if found.is_dir():
                yield from _walk(found)
            else:
                yield found
    else:
        yield _rejected(name, "E001", f"no such file or directory: {name}; check the path")


def _walk(root: Path) -> Iterator[Path]:
    found: list[Path] = []
    for folder, _dirs, files in os.walk(root):
        found.extend(Path(folder, f) for f in files if _kind(f) is not None)
    if not found:
        log.warning("%s: no .txt, .md, .html, .htm, .jsonl, .warc or .warc.gz files in it", root)
    yield from sorted(found)


def _kind(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(WARC_SUFFIXES):
        return "warc"
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(TEXT_SUFFIXES):
        return "text"
    return None


def _read_file(path: Path, max_bytes: int, check_language: bool) -> Iterator[Article | Rejected]:
    origin = str(path)
    kind = _kind(path.name) or "text"
    try:
        if not path.is_file():
            message = f"{origin} is not a regular file: give files or folders of articles"
            yield _rejected(origin, "E001", message)
            return
        if kind == "warc":
            yield from _read_warc(path, max_bytes, check_language)
        elif kind == "jsonl":
            yield from _read_jsonl(path, max_bytes, check_language)
        else:
            yield _read_text(path, max_bytes, check_language)
    except OSError as exc:
        # a file that vanished, a folder named like a file, no permission, an I/O error
        reason = exc.strerror or type(exc).__name__
        yield _rejected(origin, "E001", f"cannot read {origin}: {reason}; check the file")


def _read_text(path: Path, max_bytes: int, check_language: bool) -> Article | Rejected:
    origin = str(path)
    size = path.stat().st_size
    if size > max_bytes:
        return _rejected(origin, InputTooLarge.code, _too_large(origin, size, max_bytes))
    with path.open("rb") as fh:
        raw = fh.read(max_bytes + 1)
    try:
        doc = document_from_bytes(
            raw, name=origin, max_bytes=max_bytes, check_language=check_language
        )
    except StancemapError as exc:
        return _from_error(origin, exc)
    return Article(text=doc.text, origin=origin, title=doc.title)


# --- JSONL -------------------------------------------------------------------------------


def _read_jsonl(path: Path, max_bytes: int, check_language: bool) -> Iterator[Article | Rejected]:
    with path.open("rb") as fh:
        lineno = 0
        while raw := fh.readline(max_bytes + 1):
            lineno += 1
            origin = f"{path}:{lineno}"
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                _skip_line(fh)
                message = (
                    f"{origin}: the line is over the {max_bytes / 1e6:g} MB limit for one "
                    "article: split the record, or raise the limit with --max-mb"
                )
                yield _rejected(origin, InputTooLarge.code, message)
                continue
            if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            if not raw.strip():
                continue
            yield _jsonl_line(raw, origin, path, max_bytes, check_language)


def _skip_line(fh: BinaryIO) -> None:
    """Read on to the end of an over-long line, a chunk at a time."""
    while chunk := fh.readline(_SKIP_CHUNK):
        if chunk.endswith(b"\n"):
            return


def _jsonl_line(
    raw: bytes, origin: str, path: Path, max_bytes: int, check_language: bool
) -> Article | Rejected:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = (
            f"{origin} is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column "
            f"{exc.start + 1}); convert the file first, e.g. "
            f"iconv -f latin1 -t utf-8 {path} > fixed.jsonl"
        )
        return _rejected(origin, "E004", message)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        message = (
            f"{origin} is not valid JSON ({exc.msg} at column {exc.colno}): "
            "each line must be one JSON object"
        )
        return _rejected(origin, BadRecord.code, message)
    except (ValueError, RecursionError) as exc:
        detail = _one_line(str(exc)) or "nested too deeply"
        message = f"{origin} cannot be read as JSON ({detail}): each line must be one JSON object"
        return _rejected(origin, BadRecord.code, message)
    if not isinstance(record, dict):
        message = (
            f"{origin} is a JSON {_json_type(record)}, not an object: each line must be "
            'an object with "text" or "html"'
        )
        return _rejected(origin, BadRecord.code, message)
    return _jsonl_record(record, origin, max_bytes, check_language)


def _jsonl_record(
    record: dict[str, Any], origin: str, max_bytes: int, check_language: bool
) -> Article | Rejected:
    fields: dict[str, str | None] = {}
    for key in ("text", "html", *_META_FIELDS):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            message = (
                f'{origin}: "{key}" is a JSON {_json_type(value)}, not a string; '
                "fix the record (null or leave it out when unknown)"
            )
            return _rejected(origin, BadRecord.code, message)
        fields[key] = value
    text, html = fields["text"], fields["html"]
    if text is None and html is None:
        keys = ", ".join(f'"{k}"' for k in list(record)[:8]) or "none"
        message = f'{origin} has neither "text" nor "html" (keys: {keys}); give the article text'
        return _rejected(origin, BadRecord.code, message)
    as_html = html is not None and (text is None or not text.strip())
    body = html if as_html else text
    assert body is not None
    try:
        raw = body.encode("utf-8")
    except UnicodeEncodeError as exc:
        field = "html" if as_html else "text"
        message = (
            f'{origin}: "{field}" has an unpaired surrogate (\\u{ord(body[exc.start]):04x} '
            f"at character {exc.start}); fix the record's escapes"
        )
        return _rejected(origin, "E004", message)
    name = origin + ".html" if as_html else origin
    try:
        doc = document_from_bytes(
            raw, name=name, max_bytes=max_bytes, check_language=check_language
        )
    except StancemapError as exc:
        return _from_error(origin, exc, name=name)
    date = _date(fields["date"], origin)
    return Article(
        text=doc.text,
        origin=origin,
        url=_clean(fields["url"]),
        date=date,
        date_text=_clean(fields["date"]) if date is None else None,
        source=_clean(fields["source"]),
        title=_clean(fields["title"]) or doc.title,
        author=_clean(fields["author"]),
    )


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, str):
        return "string"
    return "null"


# --- WARC --------------------------------------------------------------------------------


def _read_warc(path: Path, max_bytes: int, check_language: bool) -> Iterator[Article | Rejected]:
    from warcio.archiveiterator import ArchiveIterator

    origin = str(path)
    if path.stat().st_size == 0:
        message = f"{origin} is empty: give a WARC archive of response records"
        yield _rejected(origin, "E002", message)
        return
    with path.open("rb") as fh:
        archive = ArchiveIterator(fh)
        cut_short = _watch_gzip_end(archive)
        records: Iterator[Any] = iter(archive)
        responses = 0
        while True:
            where = origin
            try:
                record = next(records, None)
                if record is None:
                    break
                if record.format != "warc":
                    # warcio reads ARC too, and takes lines of plain text for ARC records
                    raise ValueError(f"{record.format.upper()} data, not a WARC record")
                if record.rec_type != "response":
                    continue
                responses += 1
                where = f"{path}#{responses}"
                page = _warc_page(record, max_bytes)
            except Exception as exc:  # warcio raises many kinds on a broken archive
                yield _rejected(where, BadRecord.code, _broken_warc(where, origin, exc))
                return
            if page is not None:
                yield _warc_article(page, where, max_bytes, check_language)
    if cut_short():
        message = (
            f"{origin} is cut short after {responses} response records (its last gzip member "
            "is incomplete): the rest of the archive is lost; download it again"
        )
        yield _rejected(origin, BadRecord.code, message)


def _watch_gzip_end(archive: Any) -> Callable[[], bool]:
    """Whether a gzipped archive ended inside a gzip member (a truncated download), which
    warcio takes for the end of the archive. Known only once it is read to the end: the
    check runs when warcio closes its reader."""
    ended_inside: list[bool] = []
    close = archive.close

    def check_then_close() -> None:
        decompressor = getattr(getattr(archive, "reader", None), "decompressor", None)
        ended_inside.append(decompressor is not None and not getattr(decompressor, "eof", True))
        close()

    archive.close = check_then_close
    return lambda: any(ended_inside)


def _broken_warc(where: str, origin: str, exc: Exception) -> str:
    detail = _one_line(str(exc)) or type(exc).__name__
    if "non-chunked gzip" in detail:
        return (
            f"{where}: the archive is one gzip stream, not a gzip member per record as WARC "
            f"readers need; fix it with `warcio recompress {origin} fixed.warc.gz`"
        )
    return (
        f"{where}: broken or cut-short WARC archive ({type(exc).__name__}: {detail}); "
        f"the rest of {origin} is skipped: check it with `warcio check {origin}`"
    )


@dataclass(frozen=True, slots=True)
class _Page:
    body: bytes | None  # None: over max_bytes
    url: str | None
    date: str | None


def _warc_page(record: Any, max_bytes: int) -> _Page | None:
    """The HTML page of a response record; None for one that is not HTML or not a 2xx."""
    http = record.http_headers
    if http is not None:
        status = str(http.get_statuscode() or "")
        content_type = http.get_header("Content-Type")
    else:
        status = ""
        content_type = record.rec_headers.get_header("Content-Type")
    url = _clean(record.rec_headers.get_header("WARC-Target-URI"))
    if status and not status.startswith("2"):
        log.debug("skipping %s: HTTP status %s", url, status)
        return None
    if content_type and _media_type(content_type) not in _HTML_TYPES:
        return None
    body: bytes | None = record.content_stream().read(max_bytes + 1)
    if body is not None and len(body) > max_bytes:
        body = None
    elif body is not None:
        body = _to_utf8(body, content_type)
    return _Page(body=body, url=url, date=_clean(record.rec_headers.get_header("WARC-Date")))


def _warc_article(
    page: _Page, origin: str, max_bytes: int, check_language: bool
) -> Article | Rejected:
    label = f"{origin} ({page.url})" if page.url else origin
    if page.body is None:
        message = (
            f"{label}: the page is over the {max_bytes / 1e6:g} MB limit for "
            "one article; raise the limit with --max-mb"
        )
        return _rejected(origin, InputTooLarge.code, message)
    name = origin + ".html"
    try:
        doc = document_from_bytes(
            page.body, name=name, max_bytes=max_bytes, check_language=check_language
        )
    except StancemapError as exc:
        if exc.code == "E004":
            message = (
                f"{label}: the page is not valid UTF-8 and declares no charset "
                "that reads it; the record is skipped"
            )
            return _rejected(origin, exc.code, message)
        return _from_error(origin, exc, name=name)
    date = _date(page.date, origin)
    return Article(
        text=doc.text,
        origin=origin,
        url=page.url,
        date=date,
        date_text=page.date if date is None else None,
        title=doc.title,
    )


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _to_utf8(body: bytes, content_type: str | None) -> bytes:
    """A page's bytes as UTF-8: as they are when they are, else decoded with the charset the
    HTTP header or a ``<meta>`` tag declares; unchanged when neither reads them."""
    try:
        body.decode("utf-8")
        return body
    except UnicodeDecodeError:
        pass
    declared: list[str] = []
    if content_type:
        match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.I)
        if match:
            declared.append(match.group(1))
    meta = _META_CHARSET.search(body[:4096])
    if meta:
        declared.append(meta.group(1).decode("ascii", "replace"))
    for charset in declared:
        try:
            return body.decode(charset).encode("utf-8")
        except (LookupError, UnicodeError):
            continue
    return body


# --- shared ------------------------------------------------------------------------------


def _date(value: str | None, origin: str) -> datetime | None:
    value = _clean(value)
    if value is None:
        return None
    date = parse_date(value)
    if date is None:
        log.warning(
            "%s: cannot read the date %r; the article is kept without a date", origin, value
        )
    return date


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.replace("\x00", "").strip()
    return value or None


def _from_error(origin: str, exc: StancemapError, *, name: str | None = None) -> Rejected:
    message = exc.message
    if name is not None and name != origin:
        # the name given to document_from_bytes only to have it read the text as HTML
        message = message.replace(name, origin)
    return _rejected(origin, exc.code, message)


def _rejected(origin: str, code: str, message: str) -> Rejected:
    return Rejected(origin=origin, code=code, message=_one_line(message))


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _MAX_MESSAGE else line[: _MAX_MESSAGE - 1] + "…"


def _too_large(name: str, size: int, limit: int) -> str:
    return (
        f"{name} is {size / 1e6:.1f} MB, over the {limit / 1e6:g} MB limit for one "
        "article: split it into articles, or raise the limit with --max-mb"
    )
