"""Our pages' HTML blocks carried past Python-Markdown give the pages Python-Markdown gives."""

from __future__ import annotations

import pytest

from builder.cli import main
from builder.engine.passthrough import put_back_html, set_aside_html
from builder.engine.plugin import DossierPlugin
from tests.conftest import Project, files_under


def test_html_blocks_are_set_aside_only_when_certainly_raw_html() -> None:
    page = "\n".join(
        [
            '<div class="a">\n<p>one</p>\n</div>',
            "",
            "## Heading",
            "",
            '<div class="b">\n<div class="c">x</div>\n</div>\n',
            "",
            '<div class="open">\n<p>not closed here</p>',
            "",
            "</div>",
            "",
            "Some *Markdown* text.",
        ]
    )
    markdown, blocks = set_aside_html(page)
    assert blocks == [
        '<div class="a">\n<p>one</p>\n</div>',
        '<div class="b">\n<div class="c">x</div>\n</div>',
    ]
    assert "DossierHtmlBlock0x\n\n## Heading" in markdown
    assert '<div class="open">' in markdown and "Some *Markdown* text." in markdown
    assert put_back_html(
        "<p>DossierHtmlBlock1x</p>\n<h2>x</h2>\n<p>DossierHtmlBlock0x</p>", blocks
    ) == (f"{blocks[1]}\n\n<h2>x</h2>\n{blocks[0]}")
    # What a block holds is put back as it is, never searched for placeholders again.
    tricky = ["<div><p>DossierHtmlBlock1x</p></div>", "<div>two</div>"]
    assert put_back_html("<p>DossierHtmlBlock0x</p>\n<p>DossierHtmlBlock1x</p>", tricky) == (
        "<div><p>DossierHtmlBlock1x</p></div>\n\n<div>two</div>"
    )


@pytest.mark.parametrize(
    ("page", "kept"),
    [
        ("<div>a</div>\n\n<div>b", ["<div>a</div>"]),  # the second never closes
        ("<div><div>a</div>", []),  # more opened than closed
        ("text <div>a</div>", []),  # not at the start of its paragraph
        ("<span>a</span>", []),  # not a div
        ("<div>a</div> and text", []),  # text after it
        ("<div>a</div>\n<p>b</p>", []),  # ends with another tag
        ("", []),
        ("\n\n\n", []),
    ],
)
def test_what_is_not_certainly_a_raw_html_block_is_left_to_markdown(
    page: str, kept: list[str]
) -> None:
    markdown, blocks = set_aside_html(page)
    assert blocks == kept
    if not kept:
        assert markdown == page
        assert put_back_html(markdown, blocks) == markdown


def test_a_site_built_with_the_blocks_set_aside_is_byte_identical(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["build", "--root", str(project.root), "--out", str(project.root / "a")]) == 0
    monkeypatch.setattr(DossierPlugin, "on_page_markdown", lambda self, markdown, **_: markdown)
    monkeypatch.setattr(DossierPlugin, "on_page_content", lambda self, html, **_: html)
    assert main(["build", "--root", str(project.root), "--out", str(project.root / "b")]) == 0
    one, two = (files_under(project.root / name) for name in ("a", "b"))
    assert len(one) > 10
    assert one == two
