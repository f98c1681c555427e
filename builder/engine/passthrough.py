"""Our pages' HTML blocks, carried past Python-Markdown instead of through it.

A generated page is Markdown headings between blocks of HTML that our templates rendered.
Python-Markdown (and MkDocs after it, looking for anchors) parses every tag of such a block
only to copy it to the page unchanged; for a large dossier that parsing is the biggest cost of
the whole build. So the plugin sets each block aside before MkDocs converts the page, and puts
it back, as it was, in the converted page.

Only a block that is certainly raw HTML is set aside: a paragraph (text between blank lines)
that starts with `<div` and ends with `</div>` with as many of one as of the other.
Anything else is left to Python-Markdown.
"""

from __future__ import annotations

import re

_TOKEN = "DossierHtmlBlock{}x"
_PLACED = re.compile(r"<p>DossierHtmlBlock(\d+)x</p>")


def set_aside_html(markdown: str) -> tuple[str, list[str]]:
    """The page with each HTML block replaced by a placeholder paragraph, and the blocks."""
    blocks: list[str] = []
    pieces = markdown.split("\n\n")
    for index, piece in enumerate(pieces):
        block = piece.strip("\n")
        if (
            block.startswith("<div")
            and block.endswith("</div>")
            and block.count("<div") == block.count("</div>")
        ):
            pieces[index] = piece.replace(block, _TOKEN.format(len(blocks)), 1)
            blocks.append(block)
    return "\n\n".join(pieces), blocks


def put_back_html(html: str, blocks: list[str]) -> str:
    """The converted page with its placeholders replaced by the blocks, in one pass."""
    if not blocks:
        return html
    # Python-Markdown ends each raw HTML block it copies with a newline, then strips the end
    # of the whole page; so do we.
    restored = _PLACED.sub(lambda placed: blocks[int(placed.group(1))] + "\n", html)
    return restored if html.endswith("\n") else restored.rstrip("\n")
