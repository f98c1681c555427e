"""The error corpus: one broken input per case, each in a copy of a tiny site that built.

Each case asserts the exact messages (`path:line: what is wrong`), exit status 1, no traceback,
and that `site/` is byte for byte the last good build. Most run the CLI in this process for
speed; `test_corpus_in_a_real_process` runs a sample through the real console script.
"""

from __future__ import annotations

import hashlib
import os
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from builder.content.files import read_limited
from builder.content.limits import MAX_RAW_BYTES
from tests.conftest import ARTICLE_ONE, MEETING_ONE, Project, assert_refused

MEETING = "site_src/meetings/2024-01-05-hanoi.md"
OTHER_MEETING = "site_src/meetings/2023-05-20-da-nang.md"
SOURCE = "site_src/sources/2024-01-05-bao-mau.yml"
ARTICLE = "site_src/articles/one.txt"
PEOPLE = "site_src/people.yml"
KNOWN_FIELDS = (
    "claims, date, date_source, id, participants, place, quotes, slug, sources, statements, "
    "summary_line, summary_line_vi, summary_vi, title, title_vi"
)


def edit(project: Project, relative: str, old: str, new: str) -> None:
    """Replace the first `old` in a file by `new`; the text must be there."""
    path = project.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def replace_article(project: Project, data: bytes) -> None:
    """Write new bytes for article one and record their SHA-256, so only the bytes are wrong."""
    recorded = hashlib.sha256(ARTICLE_ONE.encode("utf-8")).hexdigest()
    (project.root / ARTICLE).write_bytes(data)
    edit(project, SOURCE, recorded, hashlib.sha256(data).hexdigest())


def edits(*changes: tuple[str, str, str]) -> Callable[[Project], None]:
    def apply(project: Project) -> None:
        for relative, old, new in changes:
            edit(project, relative, old, new)

    return apply


def writes(relative: str, content: str | bytes) -> Callable[[Project], None]:
    def apply(project: Project) -> None:
        project.write(relative, content)

    return apply


@dataclass(frozen=True)
class Case:
    id: str
    breaks: Callable[[Project], None]
    messages: tuple[str, ...]


def _second_meeting_with(project: Project, old: str, new: str) -> None:
    """A copy of meeting one under another file name, with its quote ids made unique."""
    text = MEETING_ONE.replace("id: an-cooperate", "id: an-cooperate-2").replace(
        "id: binh-exchanges", "id: binh-exchanges-2"
    )
    assert old in text
    project.write("site_src/meetings/2024-01-05-hanoi-copy.md", text.replace(old, new, 1))


def _no_quotes(project: Project) -> None:
    text = (project.root / OTHER_MEETING).read_text(encoding="utf-8")
    head, _, rest = text.partition("quotes:")
    project.write(OTHER_MEETING, head + "---" + rest.split("---", 1)[1])


CASES = [
    # The file itself
    Case(
        "yaml-not-valid",
        edits((MEETING, "title: An and Bình meet in Hanoi", "title: An: Bình meet in Hanoi")),
        (f"{MEETING}:3: invalid YAML: a value holds ': '; put the whole value in quotes",),
    ),
    Case(
        "yaml-quote-never-closes",
        edits((PEOPLE, '["Bà Bình"]', '["Bà Bình]')),
        (f"{PEOPLE}:9: invalid YAML: the quoted text opened here never closes",),
    ),
    Case(
        "yaml-tab-indent",
        edits((PEOPLE, "    name: Bà Bình", "\tname: Bà Bình")),
        (f"{PEOPLE}:7: invalid YAML: a tab character; indent with spaces",),
    ),
    Case(
        "yaml-duplicate-key",
        edits((MEETING, "summary_line:", "title: Again\nsummary_line:")),
        (f"{MEETING}:14: duplicate key 'title'",),
    ),
    Case(
        "yaml-tag",
        edits((MEETING, "title: An and Bình", "title: !!python/object:os.system An and Bình")),
        (
            f"{MEETING}:3: invalid YAML: YAML tags such as '!!python/object:os.system' are not "
            "used in dossier files; remove the tag",
        ),
    ),
    Case(
        "yaml-alias",
        edits(
            (MEETING, "participants: [ong-an, ba-binh]", "participants: &who [ong-an, ba-binh]"),
            (MEETING, "summary_line:", "x: *who\nsummary_line:"),
        ),
        (f"{MEETING}:14: invalid YAML: aliases (*name) are not supported; write the value out",),
    ),
    Case(
        "front-matter-never-closes",
        edits((MEETING, "---\nAn and Bình met", "An and Bình met")),
        (f"{MEETING}:1: the front matter block opened on line 1 never closes with '---'",),
    ),
    Case(
        "front-matter-missing",
        edits((MEETING, "---\nid:", "id:")),
        (f"{MEETING}:1: expected front matter: the file must start with a '---' line",),
    ),
    Case(
        "meeting-not-utf8",
        writes(MEETING, MEETING_ONE.encode().replace("Bình".encode(), "Bình".encode("latin-1"))),
        (f"{MEETING}:3: the file is not UTF-8 text (byte 0xec at offset 40)",),
    ),
    # Fields
    Case(
        "missing-required-field",
        edits((MEETING, "title: An and Bình meet in Hanoi\n", "")),
        (f"{MEETING}:2: missing required field 'title'",),
    ),
    Case(
        "missing-field-in-a-quote",
        edits((MEETING, "    translation: We will cooperate closely in every field\n", "")),
        (
            f"{MEETING}:16: missing required field 'quotes.0.translation' (source '2024-01-05-bao-mau' is "
            "in 'vi'; only a quote from a source in English needs none)",
        ),
    ),
    Case(
        "wrong-type-text-for-list",
        edits((MEETING, "participants: [ong-an, ba-binh]", "participants: ong-an")),
        (
            f"{MEETING}:12: field 'participants' must be a list ([a, b], or one '- item' a "
            "line); found 'ong-an'",
        ),
    ),
    Case(
        "wrong-type-number-for-text",
        edits((MEETING, "title: An and Bình meet in Hanoi", "title: 2024")),
        (f"{MEETING}:3: field 'title' must be text; found 2024 (a number): put it in quotes",),
    ),
    Case(
        "wrong-type-text-for-mapping",
        edits(
            (
                MEETING,
                "city: {name: Hanoi, printed: Hà Nội}",
                "city: Hanoi",
            )
        ),
        (
            f"{MEETING}:9: field 'place.city' must be a mapping with the fields name, printed; "
            "found 'Hanoi'",
        ),
    ),
    Case(
        "unknown-field-typo",
        edits((MEETING, "quotes:", "quotse:")),
        (
            f"{MEETING}:15: unknown field 'quotse'; did you mean 'quotes'? (allowed: "
            f"{KNOWN_FIELDS})",
        ),
    ),
    Case(
        "not-an-allowed-value",
        edits((MEETING, "kind: reported", "kind: indirect")),
        (f"{MEETING}:25: field 'quotes.1.kind' must be 'direct' or 'reported'; found 'indirect'",),
    ),
    Case(
        "invalid-date",
        edits((MEETING, "date: 2024-01-05", "date: 2024-13-05")),
        (
            f"{MEETING}:4: field 'date' must be a day, written YYYY-MM-DD; found '2024-13-05', "
            "which is not a day of the calendar",
        ),
    ),
    Case(
        "date-in-words",
        edits((MEETING, "date: 2024-01-05", "date: 5 January 2024")),
        (f"{MEETING}:4: field 'date' must be a day, written YYYY-MM-DD; found '5 January 2024'",),
    ),
    Case(
        "month-where-a-day-is-required",
        edits((MEETING, "date: 2024-01-05", "date: 2024-01")),
        (
            f"{MEETING}:4: field 'date' must be a day, written YYYY-MM-DD; found '2024-01', "
            "which gives only the month; a meeting needs its day",
        ),
    ),
    Case(
        "invalid-source-date",
        edits((SOURCE, "date: 2024-01-05", "date: 2024-02-30")),
        (
            f"{SOURCE}:7: field 'date' must be a day (YYYY-MM-DD), or a month (YYYY-MM) when the "
            "article gives only the month; found '2024-02-30', which is not a day of the calendar",
        ),
    ),
    Case(
        "sha256-not-hex",
        edits((SOURCE, "raw_sha256: '", "raw_sha256: 'x")),
        (
            f"{SOURCE}:2: field 'raw_sha256' must be the SHA-256 of the raw file: 64 lower-case "
            f"hex digits; found 'x{hashlib.sha256(ARTICLE_ONE.encode()).hexdigest()}'",
        ),
    ),
    # Quotes
    Case(
        "quote-one-word-changed",
        edits((MEETING, "chặt chẽ trong mọi lĩnh vực", "chặt chẽ trong nhiều lĩnh vực")),
        (
            f"{MEETING}:20: quote 'an-cooperate' not found in source '2024-01-05-bao-mau': the "
            "nearest passage (93% alike) differs in …chẽ trong «nhiều» / article: «mọi»…; the "
            'passage: "Chúng tôi sẽ hợp tác chặt chẽ trong mọi lĩnh vực"',
        ),
    ),
    Case(
        "quote-one-letter-changed",
        edits((MEETING, "trong mọi lĩnh vực", "trong mọi lĩnh vục")),
        (
            f"{MEETING}:20: quote 'an-cooperate' not found in source '2024-01-05-bao-mau': the "
            "nearest passage (97% alike) differs in …mọi lĩnh «vục» / article: «vực»… (only the "
            'diacritics differ); the passage: "Chúng tôi sẽ hợp tác chặt chẽ trong mọi lĩnh vực"',
        ),
    ),
    Case(
        "quote-diacritics-stripped",
        edits(
            (
                MEETING,
                "hai bên đã đồng ý tăng cường trao đổi",
                "hai ben da dong y tang cuong trao doi",
            )
        ),
        (
            f"{MEETING}:27: quote 'binh-exchanges' not found in source '2024-01-05-bao-mau': "
            "the nearest passage (70% alike) differs in …hai «ben da dong y tang cuong» / "
            "article: «bên đã đồng ý tăng cường»… (only the diacritics differ); …cuong trao "
            "«doi» / article: «đổi»… (only the diacritics differ); the passage: "
            '"hai bên đã đồng ý tăng cường trao đổi"',
        ),
    ),
    Case(
        "quote-from-an-unknown-source",
        edits(
            (
                MEETING,
                '    source: 2024-01-05-bao-mau\n    text: "Chúng',
                '    source: bao-mau\n    text: "Chúng',
            )
        ),
        (
            f"{MEETING}:19: unknown source 'bao-mau'; did you mean '2024-01-05-bao-mau'? "
            "(known: 2023-05-an-visits-da-nang, 2024-01-05-bao-mau)",
        ),
    ),
    Case(
        "quote-by-an-unknown-speaker",
        edits((MEETING, "speaker: ba-binh", "speaker: ba-bnh")),
        (
            f"{MEETING}:24: unknown speaker 'ba-bnh'; did you mean 'ba-binh'? "
            "(known: ba-binh, ong-an)",
        ),
    ),
    Case(
        "unknown-participant",
        edits(
            (MEETING, "participants: [ong-an, ba-binh]", "participants: [ong-an, ba-binh, ong-ba]")
        ),
        (
            f"{MEETING}:12: unknown person 'ong-ba'; did you mean 'ong-an'? (known: ba-binh, ong-an)",
        ),
    ),
    Case(
        "meeting-with-no-quotes",
        _no_quotes,
        (f"{OTHER_MEETING}:2: a meeting needs at least one quote to build; found none",),
    ),
    Case(
        "summary-sentence-without-footnote",
        edits(
            (MEETING, "They spoke for two hours.", "They spoke for two hours. Nobody else came.")
        ),
        (
            f'{MEETING}:31: summary sentence has no footnote to a source: "They spoke for two hours."',
        ),
    ),
    Case(
        "summary-link-to-no-page",
        edits((MEETING, "They spoke for", "They [spoke](../people/ong-ann.md) for")),
        (
            f"{MEETING}:31: link '../people/ong-ann.md' goes to people/ong-ann.html, which is not "
            "a page of this dossier; did you mean people/ong-an.html?",
        ),
    ),
    Case(
        "summary-link-to-no-anchor",
        edits((MEETING, "They spoke for", "They [spoke](../people/ong-an.md#q-nope) for")),
        (
            f"{MEETING}:31: link '../people/ong-an.md#q-nope' goes to #q-nope, which is not on "
            "people/ong-an.html (anchors there: q-an-cooperate, q-an-relations-good, quotes)",
        ),
    ),
    # Ids, slugs and pages
    Case(
        "two-meetings-with-one-id",
        lambda project: _second_meeting_with(project, "title: An and", "title: Again, An and"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:2: meeting id '2024-01-05-hanoi' is also used "
            "by site_src/meetings/2024-01-05-hanoi-copy.md",
        ),
    ),
    Case(
        "two-meetings-with-one-page",
        lambda project: _second_meeting_with(
            project, "id: 2024-01-05-hanoi", "id: 2024-01-05-hanoi-2\nslug: 2024-01-05-hanoi"
        ),
        (
            "site_src/meetings/2024-01-05-hanoi.md:2: meeting page '2024-01-05-hanoi' would also "
            "be written by site_src/meetings/2024-01-05-hanoi-copy.md",
        ),
    ),
    Case(
        "slug-escaping-the-output-folder",
        edits((MEETING, "title:", "slug: ../x\ntitle:")),
        (
            f"{MEETING}:3: slug '../x' would write a page outside its folder: use lower-case "
            "letters, digits and '-' only, such as 'x'",
        ),
    ),
    Case(
        "person-id-escaping-the-output-folder",
        edits(
            (PEOPLE, "id: ba-binh", "id: ../../ba-binh"),
            (MEETING, "[ong-an, ba-binh]", "[ong-an, ../../ba-binh]"),
            (MEETING, "speaker: ba-binh", "speaker: ../../ba-binh"),
            (OTHER_MEETING, "[ong-an, ba-binh]", "[ong-an, ../../ba-binh]"),
        ),
        (
            f"{PEOPLE}:6: person id '../../ba-binh' would write a page outside its folder: use "
            "lower-case letters, digits and '-' only, such as 'ba-binh'",
        ),
    ),
    # Sources and raw articles
    Case(
        "url-javascript",
        edits(
            (
                SOURCE,
                "url: 'https://example.com/tin/hai-lanh-dao-gap-nhau'",
                "url: 'javascript:alert(1)'",
            )
        ),
        (f"{SOURCE}:8: url must be an http or https address; found 'javascript:alert(1)'",),
    ),
    Case(
        "url-data",
        edits(
            (
                SOURCE,
                "url: 'https://example.com/tin/hai-lanh-dao-gap-nhau'",
                "url: 'data:text/html,<script>alert(1)</script>'",
            )
        ),
        (
            f"{SOURCE}:8: url must be an http or https address; found "
            "'data:text/html,<script>alert(1)</script>'",
        ),
    ),
    Case(
        "raw-article-not-utf8",
        lambda project: replace_article(project, ARTICLE_ONE.encode("utf-16")),
        (f"{ARTICLE}:1: the raw article is not UTF-8 text (byte 0xff at offset 0)",),
    ),
    Case(
        "raw-article-latin1-in-line-5",
        lambda project: replace_article(
            project, ARTICLE_ONE.encode("utf-8").replace("nói".encode(), "n\xf3i".encode("latin-1"))
        ),
        (f"{ARTICLE}:5: the raw article is not UTF-8 text (byte 0xf3 at offset 100)",),
    ),
    Case(
        "raw-article-changed",
        lambda project: (project.root / ARTICLE).write_bytes(
            ARTICLE_ONE.replace("hai giờ", "ba giờ").encode("utf-8")
        ),
        (
            f"{SOURCE}:2: the raw article {ARTICLE} has changed since its record was made: "
            "SHA-256 is "
            + hashlib.sha256(ARTICLE_ONE.replace("hai giờ", "ba giờ").encode()).hexdigest()
            + ", the record says "
            + hashlib.sha256(ARTICLE_ONE.encode()).hexdigest(),
        ),
    ),
    Case(
        "raw-article-empty",
        lambda project: replace_article(project, b""),
        (f"{ARTICLE}:1: the raw article is empty",),
    ),
    Case(
        "raw-article-binary",
        lambda project: replace_article(project, b"PK\x03\x04\x00\x00 zip"),
        (f"{ARTICLE}:1: the raw article is binary (it holds NUL bytes)",),
    ),
    Case(
        "raw-article-missing",
        lambda project: (project.root / ARTICLE).unlink(),
        (f"{SOURCE}:1: the raw article {ARTICLE} does not exist",),
    ),
    Case(
        "raw-article-outside-site-src",
        edits((SOURCE, "raw: 'articles/one.txt'", "raw: '../../../etc/passwd'")),
        (f"{SOURCE}:1: raw path '../../../etc/passwd' is outside site_src/",),
    ),
    Case(
        "printed-name-not-in-article",
        edits(
            (
                SOURCE,
                "outlet: {name: Báo Mẫu, printed: Báo Mẫu}",
                "outlet: {name: Báo Mẫu, printed: Báo Mới}",
            )
        ),
        (f"{SOURCE}:9: outlet: 'Báo Mới' is not printed in the raw article",),
    ),
    Case(
        "cut-outside-the-article",
        edits(
            (SOURCE, '{lines: "13-15", role: boilerplate}', '{lines: "13-40", role: boilerplate}')
        ),
        (f"{SOURCE}:19: cut lines 13-40 are outside the raw article, which has 16 lines",),
    ),
    Case(
        "prefix-cut-rewrites-a-paragraph",
        edits(
            (
                SOURCE,
                '{lines: "7", role: caption}',
                '{lines: "5", role: boilerplate, prefix: "Ông An "}',
            )
        ),
        (
            f"{SOURCE}:18: cut line 5: a boilerplate cut removes whole lines; only a marker cut "
            "may remove the start of a line (a date marker such as ' date 2025-09-03 '); found "
            "prefix 'Ông An '",
        ),
    ),
    Case(
        "marker-cut-prefix-not-a-date-marker",
        edits(
            (
                SOURCE,
                '{lines: "7", role: caption}',
                '{lines: "5", role: marker, prefix: "Ông An "}',
            )
        ),
        (
            f"{SOURCE}:18: cut line 5: a marker cut's prefix must be a whole date marker at the "
            "start of the line, such as ' date 2025-09-03 ' or ' date 2024-06 '; found 'Ông An '",
        ),
    ),
    Case(
        "printed-value-with-no-word",
        edits((SOURCE, "printed: Reuters}", 'printed: ":"}')),
        (
            f"{SOURCE}:12: cites.0: ':' holds no word: give the words as the raw article prints "
            "them (at least one word of two or more letters or digits)",
        ),
    ),
    Case(
        "url-a-prefix-of-the-printed-one",
        edits((SOURCE, "hai-lanh-dao-gap-nhau'", "hai-lanh'")),
        (
            f"{SOURCE}:8: url is not printed in the raw article as a whole address (it prints a "
            "longer one that starts or ends alike); record only a URL the article prints, all "
            "of it",
        ),
    ),
    # Templates
    Case(
        "template-syntax-error",
        edits(
            (
                "templates/meeting.md.j2",
                "<h1>{{ ours(meeting.title) }}</h1>",
                "<h1>{{ ours(meeting.title) }</h1>",
            )
        ),
        ("templates/meeting.md.j2:8: template syntax error: unexpected '}'",),
    ),
    Case(
        "template-error-in-an-included-template",
        edits(
            (
                "templates/_quote.html.j2",
                "{{ quote.translation | isolated }}",
                "{{ quote.translaton }}",
            )
        ),
        (
            "templates/_quote.html.j2:22: template error: 'builder.site.render.View object' has "
            "no attribute 'translaton'",
        ),
    ),
]


def _fifo_article(project: Project) -> None:
    (project.root / ARTICLE).unlink()
    os.mkfifo(project.root / ARTICLE)


CASES += [
    Case(
        "mkdocs-yml-not-valid",
        writes("mkdocs.yml", "site_name: Dossier\ntheme: [material\n"),
        (
            "mkdocs.yml:3: invalid YAML: expected ',' or ']', but got '<stream end>' (while "
            "parsing a flow sequence that starts on line 2)",
        ),
    ),
    Case(
        "mkdocs-yml-missing",
        lambda project: (project.root / "mkdocs.yml").unlink(),
        ("mkdocs.yml:1: the MkDocs configuration file is missing",),
    ),
]
CASES.append(
    Case(
        # Opening a FIFO would block until something writes to it: refused from its type.
        "raw-article-is-a-fifo",
        _fifo_article,
        (f"{SOURCE}:1: the raw article {ARTICLE} is not a regular file",),
    )
)
CASES.append(
    Case(
        # A YAML escape writes what the file may not hold (tests/test_control_characters.py).
        "control-character-in-a-text-field",
        edits((PEOPLE, "role: Test leader", r'role: "Test\x07 leader"')),
        (f"{PEOPLE}:4: field 'people.0.role' holds a control character (U+0007); remove it",),
    )
)


# Statements, claims, via, context and organisations (issue 18)
_LAST_QUOTE_LINE = "    attribution: Bà Bình cho biết\n"


def _groups(text: str) -> Callable[[Project], None]:
    """Meeting one with statements, claims or a quote's via or context added after its quotes."""
    return edits((MEETING, _LAST_QUOTE_LINE, _LAST_QUOTE_LINE + text))


CASES += [
    Case(
        "statement-of-two-speakers-and-one-source",
        _groups(
            "statements:\n  - id: agreed\n    speaker: ong-an\n    gist: They agreed.\n"
            "    quotes: [an-cooperate, binh-exchanges]\n"
        ),
        (
            f"{MEETING}:34: statement 'agreed': quote 'binh-exchanges' is spoken by 'ba-binh', not by the statement's speaker 'ong-an'; a statement groups one speaker's words",
            f"{MEETING}:34: statement 'agreed': quotes 'an-cooperate' and 'binh-exchanges' are both from source '2024-01-05-bao-mau'; a statement groups renderings by different sources: keep one of them",
        ),
    ),
    Case(
        "claim-in-the-headline-but-where-text",
        _groups(
            "claims:\n  - id: city\n    subject: the city\n    values:\n"
            "      - {source: 2024-01-05-bao-mau, value: Hanoi, printed: gặp nhau tại Hà Nội}\n"
        ),
        (
            f"{MEETING}:34: claim 'city': printed 'gặp nhau tại Hà Nội' of source '2024-01-05-bao-mau' is not in the article text; found in the headline: set where: headline",
        ),
    ),
    Case(
        "claim-in-a-cut",
        _groups(
            "claims:\n  - id: length\n    subject: the length of the talks\n    values:\n"
            "      - {source: 2024-01-05-bao-mau, value: two hours, printed: Bài liên quan}\n"
        ),
        (
            f"{MEETING}:34: claim 'length': printed 'Bài liên quan' of source '2024-01-05-bao-mau' not found in the article text: found on raw line 15, which the record cuts as site furniture: quote the article text, not what the record cuts",
        ),
    ),
    Case(
        "claim-headline-of-a-source-with-none",
        edits(
            (
                OTHER_MEETING,
                "    attribution: ông An nói rằng\n",
                "    attribution: ông An nói rằng\nclaims:\n  - id: city\n    subject: the city\n"
                "    values:\n      - {source: 2023-05-an-visits-da-nang, value: Da Nang, "
                "printed: Đà Nẵng, where: headline}\n",
            )
        ),
        (
            f"{OTHER_MEETING}:24: claim 'city': printed 'Đà Nẵng' of source '2023-05-an-visits-da-nang': source '2023-05-an-visits-da-nang' has no headline: set where: text when the article text prints the words, or record the headline in the source",
        ),
    ),
    Case(
        "via-not-a-cite",
        edits(
            (
                MEETING,
                "    attribution: Ông An nói\n",
                "    attribution: Ông An nói\n    via: Báo Mẫu\n",
            )
        ),
        (
            f"{MEETING}:23: quote 'an-cooperate': via 'Báo Mẫu' is not one of the cites of source '2024-01-05-bao-mau' (its cites: Reuters)",
        ),
    ),
    Case(
        "context-in-another-paragraph",
        edits(
            (
                MEETING,
                "    attribution: Ông An nói\n",
                "    attribution: Ông An nói\n    context:\n      text: Cuộc gặp kéo dài hai giờ\n"
                "      translation: The meeting lasted two hours\n",
            )
        ),
        (
            f"{MEETING}:24: context of quote 'an-cooperate' stands in paragraph 3, not in the quote's paragraph (1) or the one before it: give the words that the quote answers there",
        ),
    ),
    Case(
        "organisation-as-participant",
        edits(
            (
                PEOPLE,
                '    printed_names: ["Bà Bình"]\n',
                '    printed_names: ["Bà Bình"]\norganisations:\n  - id: bo-ngoai-giao\n'
                "    name: The foreign ministry\n    kind: government\n    role: A ministry\n"
                '    printed_names: ["Bộ Ngoại giao"]\n',
            ),
            (MEETING, "participants: [ong-an, ba-binh]", "participants: [ong-an, bo-ngoai-giao]"),
        ),
        (
            f"{MEETING}:12: participant 'bo-ngoai-giao' is an organisation (The foreign ministry), not a person: list the people who took part; an organisation may speak as a quote's speaker",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_corpus(case: Case, built: Project, capsys: pytest.CaptureFixture[str]) -> None:
    before = built.snapshot()
    case.breaks(built)
    assert_refused(built.run("build", capsys=capsys), case.messages)
    assert built.snapshot() == before


def test_corpus_has_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


def test_an_engine_error_leaves_the_site_and_says_so(built: Project) -> None:
    before = built.snapshot()
    edit(built, "mkdocs.yml", "  - dossier\n", "  - dossier\n  - no-such-plugin\n")
    result = built.run_process("build")  # MkDocs logs through its own handler to stderr
    assert result.status == 1
    assert result.err.splitlines() == [
        "mkdocs ERROR: Config value 'plugins': The \"no-such-plugin\" plugin is not installed",
        "dossier: the MkDocs build failed (Aborted with a configuration error!); "
        f"{built.site} was left as it was",
    ]
    assert built.snapshot() == before
    assert not (built.root / ".site.new").exists()


def test_a_50_mb_raw_article_is_refused_from_its_size_without_being_read(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    before = built.snapshot()
    path = built.root / ARTICLE
    with path.open("r+b") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: reading it would still cost 50 MB
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = built.run("build", capsys=capsys)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.status == 1
    assert result.err.splitlines()[:-1] == [
        f"{SOURCE}:1: the raw article {ARTICLE} is 52,428,800 bytes; the limit is 10,485,760 "
        "(10 MB)"
    ]
    assert elapsed < 2.0
    assert peak < 5 * 1024 * 1024, f"{peak:,} bytes allocated: the file was read"
    assert built.snapshot() == before


def test_a_file_that_grows_after_its_size_was_checked_is_read_only_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing.txt"
    path.write_bytes(b"x" * (MAX_RAW_BYTES + 1000))
    real_stat = os.stat

    def small_stat(name: Any, **kwargs: Any) -> os.stat_result:
        info = real_stat(name, **kwargs)
        if os.fspath(name) == os.fspath(path):  # as it was a moment before the file grew
            return os.stat_result((info.st_mode, *info[1:6], 10, *info[7:]))
        return info

    monkeypatch.setattr(os, "stat", small_stat)
    assert read_limited(path, "the raw article x") == (
        None,
        "the raw article x is over the limit of 10,485,760 bytes (10 MB)",
    )


SAMPLE_IN_A_PROCESS = [
    "yaml-not-valid",
    "slug-escaping-the-output-folder",
    "raw-article-not-utf8",
    "template-error-in-an-included-template",
]


@pytest.mark.parametrize("case_id", SAMPLE_IN_A_PROCESS)
def test_corpus_in_a_real_process(case_id: str, built: Project) -> None:
    case = next(case for case in CASES if case.id == case_id)
    before = built.snapshot()
    case.breaks(built)
    result = built.run_process("build")
    assert "Traceback" not in result.err
    assert (result.status, result.err.splitlines()[:-1]) == (1, list(case.messages))
    assert result.out == ""
    assert built.snapshot() == before
