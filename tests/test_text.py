from __future__ import annotations

from stancemap.text import find_quotes, is_heading, paragraphs


def inner(text: str) -> list[str]:
    return [q.inner.text for q in find_quotes(text)]


def test_straight_curly_and_angle_quotes() -> None:
    text = 'He said "one two" and “three four” and «five six».'
    assert inner(text) == ["one two", "three four", "five six"]


def test_offsets_point_into_the_text() -> None:
    text = "A: “x y z” end"
    (q,) = find_quotes(text)
    assert text[q.span.start : q.span.end] == "“x y z”"
    assert text[q.inner.start : q.inner.end] == "x y z"


def test_unbalanced_quote_closes_at_paragraph_end() -> None:
    text = 'She said "this never closes\n\nNext paragraph is plain.'
    quotes = find_quotes(text)
    assert [q.inner.text for q in quotes] == ["this never closes"]
    assert not quotes[0].closed


def test_quote_broken_by_a_line_break_continues() -> None:
    text = 'He said, "we should talk with\n\nthe others. We must." Then he left.'
    assert inner(text) == ["we should talk with\n\nthe others. We must."]


def test_multi_paragraph_quote_convention() -> None:
    text = "“First paragraph of the quote.\n“Second paragraph,” she said."
    assert inner(text) == ["First paragraph of the quote.", "Second paragraph"]


def test_stray_closing_mark_and_inch_marks_ignored() -> None:
    assert inner('a 15" screen” and "a real quote"') == ["a real quote"]


def test_headings_and_paragraphs() -> None:
    text = "Title of the piece\n\nA sentence that ends.\n"
    paras = paragraphs(text)
    assert [p.text for p in paras] == ["Title of the piece", "A sentence that ends."]
    assert is_heading(paras[0]) and not is_heading(paras[1])
