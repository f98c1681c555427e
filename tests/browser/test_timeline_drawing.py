"""The index's timeline drawing in a real browser, from disk: one drawing shown at a time
(wide on a desktop and in print, narrow on a phone), every label inside its drawing with the
browser's own font, out of the tab order, and axe-clean; in a dossier too large to label, a
year's bar leads to that year in the list."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from builder.cli import main
from tests.browser.conftest import Reader, file_base, open_reader
from tests.conftest import REPO, Project

PHONE = {"width": 390, "height": 800}
DESKTOP = {"width": 1280, "height": 800}

SHOWN = """() => [...document.querySelectorAll('.dossier-chart svg')]
    .filter(svg => getComputedStyle(svg).display !== 'none' && svg.getBoundingClientRect().width > 0)
    .map(svg => svg.classList[0])"""

# Every text of the shown drawing whose box (with the font the browser chose) leaves the
# drawing's viewBox: a clipped label.
OUTSIDE = """() => {
    const svg = [...document.querySelectorAll('.dossier-chart svg')]
        .find(svg => getComputedStyle(svg).display !== 'none');
    const view = svg.viewBox.baseVal;
    return [...svg.querySelectorAll('text')].map(text => [text.textContent, text.getBBox()])
        .filter(([_, box]) => box.x < 0 || box.y < 0 || box.x + box.width > view.width
            || box.y + box.height > view.height)
        .map(([words, box]) => `${words} at ${box.x},${box.y} ${box.width}x${box.height}`);
}"""


@pytest.mark.parametrize(
    ("viewport", "shown"), [(DESKTOP, "dossier-chart__wide"), (PHONE, "dossier-chart__narrow")]
)
def test_one_drawing_is_shown_and_no_label_is_clipped(
    seed_reader: Reader, viewport: dict[str, int], shown: str
) -> None:
    seed_reader.page.set_viewport_size(viewport)
    seed_reader.open("index.html")
    assert seed_reader.page.evaluate(SHOWN) == [shown]
    assert seed_reader.page.evaluate(OUTSIDE) == []
    # Not wider than the page: nothing to scroll sideways on a phone.
    width = seed_reader.page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"]


def test_print_shows_the_wide_drawing_whole(seed_reader: Reader) -> None:
    seed_reader.page.set_viewport_size(PHONE)
    seed_reader.open("index.html")
    seed_reader.page.emulate_media(media="print")
    assert seed_reader.page.evaluate(SHOWN) == ["dossier-chart__wide"]
    assert seed_reader.page.evaluate(OUTSIDE) == []
    ink = seed_reader.page.evaluate(
        "getComputedStyle(document.querySelector('.dossier-chart__axis')).stroke"
    )
    assert ink == "rgb(0, 0, 0)"


def test_tab_goes_past_the_drawing_to_the_list(seed_reader: Reader) -> None:
    page = seed_reader.page
    seed_reader.open("index.html")
    page.locator("h2#timeline a.headerlink").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => [document.activeElement.closest('ol.dossier-timeline') !== null,
                  document.activeElement.closest('.dossier-chart') !== null,
                  getComputedStyle(document.activeElement).outlineStyle]"""
    )
    assert focused[:2] == [True, False]
    assert focused[2] != "none"  # the focus is visible


def test_no_serious_accessibility_violation_on_a_phone(seed_reader: Reader) -> None:
    seed_reader.page.set_viewport_size(PHONE)
    seed_reader.open("index.html")
    assert seed_reader.serious_accessibility_violations() == []


@pytest.fixture(scope="module")
def counted_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated dossier of more meetings than the drawing labels, built."""
    from bench.generate import make_project

    root = tmp_path_factory.mktemp("counted") / "project"
    make_project(root, REPO, 60)
    assert main(["build", "--root", str(root)]) == 0
    return Project(root).site


@pytest.fixture
def counted_reader(browser: Browser, counted_site: Path) -> Iterator[Reader]:
    yield from open_reader(browser, file_base(counted_site), ("file:",))


def test_a_years_bar_leads_to_that_year_in_the_list(counted_reader: Reader) -> None:
    page = counted_reader.page
    counted_reader.open("index.html")
    assert page.locator(".dossier-chart__wide.dossier-chart--counts").count() == 1
    assert page.evaluate(OUTSIDE) == []
    assert page.locator(".dossier-chart__wide a").count() >= 2  # years
    bar = page.locator(".dossier-chart__wide a").last
    year = bar.locator("title").text_content() or ""
    bar.click()
    counted_reader.wait_for(f"index.html#year-{year[:4]}")
    target = page.locator(f"#year-{year[:4]} time").first.get_attribute("datetime") or ""
    assert target.startswith(year[:4])
    assert counted_reader.serious_accessibility_violations() == []
    page.set_viewport_size(PHONE)
    assert page.evaluate(SHOWN) == ["dossier-chart__narrow"]
    assert page.evaluate(OUTSIDE) == []
