"""A dossier whose every text field carries script and markup payloads.

Used by the escaping test (parsed HTML of every page) and the real-browser test (no dialog may
fire). Each field gets its own tagged payload, so a test can say which field leaked where.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent

URL = "https://example.com/tin?a=1&b=\"><svg onload=alert('url')>"


def payload(tag: str) -> str:
    """Script, attribute-breaking, HTML, Markdown and URL payloads, marked with `tag`."""
    return (
        f"{tag} <script>alert('{tag}')</script> <img src=x onerror=alert('{tag}')> "
        f"\"><svg onload=alert('{tag}')> '><b>{tag}</b> [{tag}](javascript:alert('{tag}')) "
        f"javascript:alert('{tag}') {{: onclick=alert('{tag}')}} &lt;i&gt; *{tag}*"
    )


FIELDS = [
    "headline",
    "editorial-title",
    "editorial-title-2",
    "outlet-name",
    "outlet-printed",
    "captured-name",
    "captured-printed",
    "author-name",
    "author-printed",
    "cites-name",
    "cites-printed",
    "credit-name",
    "credit-printed",
    "body",
    "quote",
    "translation",
    "attribution",
    "person-name",
    "role",
    "speaker-printed",
    "venue-name",
    "venue-printed",
    "city-name",
    "city-printed",
    "title",
    "summary-line",
]
"""Every plain-text field that carries a payload (the summary and About page are Markdown)."""

P = {field: payload(field) for field in FIELDS}

ATTRIBUTION = f"{P['speaker-printed']} {P['attribution']} nói"
"""The words that say who speaks: the speaker's printed name and a payload of their own."""

ARTICLE = "\n".join(
    [
        P["headline"],
        "",
        P["author-printed"],
        "",
        f"{ATTRIBUTION}: “{P['quote']}”, theo {P['cites-printed']}.",
        "",
        P["credit-printed"],
        "",
        f"{P['outlet-printed']} {P['captured-printed']} {P['venue-printed']} "
        f"{P['city-printed']} 05/01/2024 {URL}",
        "",
        P["body"],
        "",
    ]
)

SUMMARY_PAYLOAD = (
    "Summary <script>alert('summary')</script> <img src=x onerror=alert('summary')> "
    "\"><svg onload=alert('summary')> [bad](javascript:alert('summary')) "
    "[bad2](javascript&#58;alert('summary')) [bad3](data:text/html,x) <foo@example.com> "
    "<javascript:alert('summary')> {: onclick=alert('summary')} "
    "*emphasis* **strong** [ok](https://example.com/) [own](../people/evil-speaker.md) "
    "[quote](#q-q-evil) [said](../people/evil-speaker.md#q-q-evil-two)"
)

ABOUT = (
    "# About <script>alert('about')</script>\n\n"
    "About <img src=x onerror=alert('about')> [bad](javascript:alert('about')) "
    "*emphasis* [ok](https://example.com/)\n"
)


def _printed(tag: str) -> dict[str, str]:
    return {"name": P[f"{tag}-name"], "printed": P[f"{tag}-printed"]}


def _source(raw: str, rights: str, headline: str | None, title: str) -> dict[str, object]:
    return {
        "raw": raw,
        "raw_sha256": hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest(),
        "language": "vi",
        "rights": rights,
        "headline": headline,
        "editorial_title": title,
        "outlet": _printed("outlet"),
        "captured_from": _printed("captured"),
        "author": _printed("author"),
        "date": "2024-01-05",
        "url": URL,
        "cites": [_printed("cites")],
        "credits": [{**_printed("credit"), "kind": "photo"}],
        "cuts": [
            {"lines": "1", "role": "headline"},
            {"lines": "3", "role": "byline"},
            {"lines": "7", "role": "caption"},
        ],
    }


def _dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


MEETING = {
    "id": "evil-meeting",
    "title": P["title"],
    "date": "2024-01-05",
    "date_source": "src-one",
    "place": {
        "source": "src-one",
        "venue": _printed("venue"),
        "city": _printed("city"),
        "region": None,
        "country": None,
    },
    "participants": ["evil-speaker"],
    "sources": ["src-one", "src-two"],
    "summary_line": P["summary-line"],
    "quotes": [
        {
            "id": "q-evil",
            "speaker": "evil-speaker",
            "kind": "direct",
            "source": "src-one",
            "text": P["quote"],
            "translation": P["translation"],
            "attribution": ATTRIBUTION,
        },
        {
            "id": "q-evil-two",
            "speaker": "evil-speaker",
            "kind": "direct",
            "source": "src-two",
            "text": P["quote"],
            "translation": P["translation"],
            "attribution": ATTRIBUTION,
        },
    ],
}

PEOPLE = {
    "people": [
        {
            "id": "evil-speaker",
            "name": P["person-name"],
            "role": P["role"],
            "printed_names": [P["speaker-printed"]],
        }
    ]
}


def make_hostile_project(root: Path) -> Path:
    """Write the hostile dossier into `root` (with this repository's templates and config)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "schema", root / "schema")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    files = {
        "site_src/articles/one.txt": ARTICLE,
        "site_src/articles/two.txt": ARTICLE,
        "site_src/sources/src-one.yml": _dump(
            _source("articles/one.txt", "full", P["headline"], P["editorial-title"])
        ),
        "site_src/sources/src-two.yml": _dump(
            _source("articles/two.txt", "excerpts", None, P["editorial-title-2"])
        ),
        "site_src/people.yml": _dump(PEOPLE),
        "site_src/meetings/evil-meeting.md": (
            f"---\n{_dump(MEETING)}---\n{SUMMARY_PAYLOAD}.[^src-one] Second.[^src-two]\n"
        ),
        "site_src/about.md": ABOUT,
    }
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root
