"""Reading articles: plain text or HTML, from a path or stdin, with checks that fail clearly.

Offsets everywhere refer to :attr:`Document.text` as returned here (line ends normalised to
``\\n``; for HTML, the article text trafilatura extracts).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .core.records import Document
from .errors import (
    BinaryInput,
    EmptyInput,
    EncodingError,
    InputNotFound,
    InputTooLarge,
    NoArticleText,
    NotEnglish,
)
from .lang.en.words import FUNCTION_WORDS

DEFAULT_MAX_BYTES = 10_000_000
_HTML_SNIFF = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<article|<div|<p[ >])", re.I)
_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)


def read_document(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, check_language: bool = True
) -> Document:
    """Read ``path`` (``"-"`` for stdin) into a :class:`Document`.

    Raises a :class:`~stancemap.errors.StancemapError` subclass for a missing path, an empty,
    binary, over-large or mis-encoded file, HTML with no article text, and non-English text.
    """
    name = str(path)
    raw = _read_bytes(name, max_bytes)
    return document_from_bytes(raw, name=name, max_bytes=max_bytes, check_language=check_language)


def document_from_bytes(
    raw: bytes,
    *,
    name: str = "<bytes>",
    max_bytes: int = DEFAULT_MAX_BYTES,
    check_language: bool = True,
) -> Document:
    if len(raw) > max_bytes:
        raise InputTooLarge(_too_large(name, len(raw), max_bytes))
    if not raw.strip():
        raise EmptyInput(f"{name} is empty: give an article's text or HTML")
    if b"\x00" in raw[:8192] or _control_ratio(raw[:8192]) > 0.05:
        raise BinaryInput(f"{name} looks binary, not text: give a .txt or .html article")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"{name} is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            f"convert it first, e.g. iconv -f latin1 -t utf-8 {name} > fixed.txt"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    title = None
    if _HTML_SNIFF.match(raw[:2048]) or name.lower().endswith((".html", ".htm")):
        text, title = _html_to_text(text, name)
    if not text.strip():
        raise EmptyInput(f"{name} has no text: give an article's text or HTML")
    if check_language:
        _check_english(text, name)
    return Document(
        text=text, id=Path(name).stem if name != "-" else "stdin", title=title, source=name
    )


def _read_bytes(name: str, max_bytes: int) -> bytes:
    if name == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return data
    p = Path(name)
    if not p.exists():
        raise InputNotFound(f"no such file: {name}; check the path")
    if p.is_dir():
        raise InputNotFound(f"{name} is a directory: pass the files in it, e.g. {name}/*.txt")
    size = p.stat().st_size
    if size > max_bytes:
        raise InputTooLarge(_too_large(name, size, max_bytes))
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputNotFound(f"cannot read {name}: {exc.strerror}") from None


def _too_large(name: str, size: int, limit: int) -> str:
    return (
        f"{name} is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit for one "
        "article: split it into articles, or raise the limit with --max-mb"
    )


def _control_ratio(chunk: bytes) -> float:
    if not chunk:
        return 0.0
    bad = sum(1 for b in chunk if b < 32 and b not in (9, 10, 12, 13))
    return bad / len(chunk)


def _html_to_text(html: str, name: str) -> tuple[str, str | None]:
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_recall=True
    )
    # Menus and footers can leave a word or two behind: that is not an article.
    if not text or len(text.split()) < 5:
        raise NoArticleText(
            f"{name}: no article text found in this HTML page; "
            "give the article's own page or its plain text"
        )
    meta = trafilatura.extract_metadata(html)
    title = meta.title if meta is not None else None
    return text, title


def _check_english(text: str, name: str) -> None:
    words = _WORD_RE.findall(text[:20000])
    if len(words) < 20:
        return
    ascii_share = sum(w.isascii() for w in words) / len(words)
    function_share = sum(w.lower() in FUNCTION_WORDS for w in words) / len(words)
    if ascii_share < 0.5 or function_share < 0.12:
        raise NotEnglish(
            f"{name} does not look like English ({function_share:.0%} English function words); "
            "stancemap's default model reads English only"
        )
