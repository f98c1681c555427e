"""The link checker finds what it must: it is only worth running if it can fail."""

from __future__ import annotations

import json
from pathlib import Path

from tests.linkcheck import broken_links


def test_the_link_checker_reports_each_kind_of_broken_link(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "img").mkdir(parents=True)
    (site / "search").mkdir()
    (site / "img" / "ok.png").write_bytes(b"")
    (site / "a.html").write_text('<p id="here">a</p>', encoding="utf-8")
    (site / "index.html").write_text(
        '<h1 id="top">x</h1><p id="dup"></p><p id="dup"></p>'
        '<a href="a.html">ok</a> <a href="a.html#here">ok</a> <a href="#top">ok</a>'
        '<a href="https://example.com/x">external</a> <a href="mailto:x@example.com">mail</a>'
        '<a href="a.html#nowhere">1</a> <a href="missing.html">2</a>'
        '<a href="../outside.html">3</a> <a href="#gone">4</a>'
        '<sup id="fnref:s"><a class="footnote-ref" href="#fn:s">1</a></sup>'
        '<li id="fn:s"><a class="footnote-backref" href="#fnref:s">back</a>'
        '<a class="footnote-backref" href="#fnref:t">back</a></li>'
        '<a href="a.html#fnref2:s">5</a>'
        '<img src="img/none.png"> <img srcset="img/ok.png 1x, img/no.png 2x">',
        encoding="utf-8",
    )
    (site / "style.css").write_text(
        'a { background: url("img/ok.png") } b { background: url(img/none.png) }'
        " i { background: url('data:image/svg+xml;x') }",
        encoding="utf-8",
    )
    index = {"docs": [{"location": "a.html#here"}, {"location": "a.html#zz"}]}
    (site / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    (site / "dossier.json").write_text(
        json.dumps({"meetings": [{"page": "a.html"}], "quotes": [{"page": "a.html#nope"}]}),
        encoding="utf-8",
    )
    assert broken_links(site) == [
        "index.html: id 'dup' used 2 times",
        "index.html → a.html#nowhere: no anchor #nowhere",
        "index.html → missing.html: no such file",
        "index.html → ../outside.html: outside the site",
        "index.html → #gone: no anchor #gone",
        "index.html → #fnref:t: no anchor #fnref:t",
        "index.html → a.html#fnref2:s: no anchor #fnref2:s",
        "index.html → img/none.png: no such file",
        "index.html → img/no.png: no such file",
        "style.css → img/none.png: no such file",
        "search/search_index.json → a.html#zz: no anchor #zz",
        "dossier.json quotes → a.html#nope: no anchor #nope",
    ]
