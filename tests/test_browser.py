"""The HTML report as a reader sees it: rendered by headless Chromium (Debian's ``chromium``)
through Playwright. Skipped where no Chromium is installed; ``.ci/run`` makes that a failure."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stancemap.report import render_html
from test_report import HOSTILE, Q, hostile_map

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        reason = "needs Debian's chromium (apt-get install chromium)"
        if os.environ.get("STANCEMAP_REQUIRE_BROWSER"):
            pytest.fail(reason + ": CI must run the browser tests")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.html"
    path.write_text(render_html(hostile_map()), "utf-8")
    return path


def test_reader_sees_question_sides_and_escaped_text(browser: Any, report: Path) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report.as_uri())
    assert page.locator("h1").inner_text() == Q
    assert page.locator("#side-oppose h2").inner_text() == "Against (2)"
    assert page.locator("#side-support h2").inner_text() == "For (1)"
    assert page.locator("#side-conditional h2").inner_text() == "For, under conditions (1)"
    body = page.locator("body").inner_text()
    assert HOSTILE in body  # shown as text, not run
    assert "Rex <b>Bold</b>" in body
    assert dialogs == [] and page.locator("script, img").count() == 0
    assert requests == [report.as_uri()]  # nothing fetched from elsewhere
    kp_row = page.locator("#key-points tbody tr").first.inner_text()
    assert "Closing kills shops" in kp_row and "Ana Silva, Tomas Reyes" in kp_row
    page.close()


def test_quote_link_jumps_to_the_highlight_in_the_source(browser: Any, report: Path) -> None:
    page = browser.new_page(viewport={"width": 1000, "height": 600})
    page.goto(report.as_uri())
    link = page.locator("#side-oppose blockquote a").first
    target = link.get_attribute("href")
    assert target and target.startswith("#q-")
    link.click()
    mark = page.locator(f"mark{target}")
    assert mark.inner_text() == "Closing the streets will kill our shops"
    assert mark.is_visible()
    box = mark.bounding_box()
    assert box is not None and 0 <= box["y"] < 600  # scrolled into view
    assert page.evaluate("location.hash") == target
    page.close()


def test_readable_on_a_phone(browser: Any, report: Path) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page.goto(report.as_uri())
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360  # no sideways scrolling
    size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 14
    page.close()


def test_prints_to_pdf(browser: Any, report: Path, tmp_path: Path) -> None:
    page = browser.new_page()
    page.goto(report.as_uri())
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('a')).color") == page.evaluate(
        "getComputedStyle(document.body).color"
    )
    pdf = page.pdf(format="A4")
    assert pdf[:5] == b"%PDF-" and len(pdf) > 5000
    page.close()
