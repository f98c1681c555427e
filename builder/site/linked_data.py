"""schema.org JSON-LD for the pages: the home page's `Dataset` with its downloads, a meeting's
`Event` and `Quotation`s, a source's `NewsArticle`.

Only what the data holds is said: a value the article does not print (an outlet, an author, a
headline, a URL) is left out, never written as null or an empty string. IRIs are relative to
the page that carries them (JSON-LD resolves them against the page's URL), so they hold online,
from a folder and in the offline zip alike. `page_jsonld` gives each page kind's
(`builder.site.pages`), with the site paths the kinds own.

`script_json` makes the text of a `<script type="application/ld+json">`: JSON with `<`, `>`
and `&` written as `\\u` escapes, so that no text inside can close the element (`</script>`)
or open a comment (`<!--`).
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup

from builder.content.models import Dossier, Meeting, Printed, Source
from builder.site.data_files import OFFLINE_ZIP, DataDownload, downloads
from builder.site.pages import (
    HOME,
    MEETING,
    SOURCE,
    PageKind,
    Views,
    person_page,
    source_page,
    speaker_page,
)
from builder.site.render import page_linker
from builder.site.strings import interface_text
from builder.site.views import speaker_of

SCHEMA_ORG = "https://schema.org"

_SCRIPT_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    # Line and paragraph separators: valid in JSON, not in every JavaScript that may read it.
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)
"""Each character and its JSON escape. Replaced one after the other (`str.replace` runs in C;
`str.translate` with a mapping looks up every character in Python, several times slower)."""


def page_jsonld(kind: PageKind[Any], item: Any, views: Views, page: str) -> Markup | None:
    """The JSON-LD of the page at site path `page`, of `kind`, that shows `item`; None for a
    kind that has none (people, organisations, About)."""
    if kind is HOME:
        return dataset(page, downloads(OFFLINE_ZIP), views.index.meetings)
    if kind is MEETING:
        dossier = views.index.verified.dossier
        pages = (person_page, speaker_page(dossier), source_page)
        return meeting_graph(item, dossier, page, *pages)
    if kind is SOURCE:
        return news_article(item, page)
    return None


def script_json(data: dict[str, Any]) -> Markup:
    """`data` as the text of a `<script type="application/ld+json">` element: JSON on one line,
    with the characters that could end the element or start a comment escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, escaped in _SCRIPT_ESCAPES:
        text = text.replace(character, escaped)
    return Markup(text)


def iri_maker(page: str) -> Callable[[str], str]:
    """IRIs for the JSON-LD of the page at site path `page`: a site path (with a `#fragment`
    or none) made relative to the page; the page itself by its file name, not an empty
    reference."""
    linker = page_linker(page)
    name = posixpath.basename(page)

    def iri(target: str) -> str:
        link = linker(target)
        return name + link if link == "" or link.startswith("#") else link

    return iri


def article_id(source_page: str) -> str:
    """The site path that names the article an archived source page shows (`#article`)."""
    return f"{source_page}#article"


def dataset(page: str, downloads: Sequence[DataDownload], meetings: Sequence[Meeting]) -> Markup:
    """The home page's JSON-LD: the dossier as a `Dataset`, each download a `DataDownload`,
    and the meetings' span of dates as its temporal coverage (when there are meetings)."""
    iri = iri_maker(page)
    data: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "Dataset",
        "name": interface_text("index.heading"),
        "description": interface_text("data.dataset_description"),
        "url": iri(page),
    }
    days = sorted(meeting.record.date.isoformat() for meeting in meetings)
    if days:
        data["temporalCoverage"] = f"{days[0]}/{days[-1]}"
    data["distribution"] = [
        {
            "@type": "DataDownload",
            "name": download.name,
            "contentUrl": iri(download.path),
            "encodingFormat": download.encoding,
        }
        for download in downloads
    ]
    return script_json(data)


def _place(meeting: Meeting) -> dict[str, Any] | None:
    """The meeting's place as a schema.org `Place`, named by its most precise part the source
    states (the article's own words as its alternate name), with the other stated parts as
    its address; None when the source states none."""
    place = meeting.record.place
    named: Printed | None = place.venue or place.city or place.region or place.country
    if named is None:
        return None
    data: dict[str, Any] = {"@type": "Place", "name": named.name}
    if named.printed != named.name:
        data["alternateName"] = named.printed
    address = {
        key: part.name
        for key, part in (
            ("addressLocality", place.city),
            ("addressRegion", place.region),
            ("addressCountry", place.country),
        )
        if part is not None
    }
    if address:
        data["address"] = {"@type": "PostalAddress", **address}
    return data


def meeting_graph(
    meeting: Meeting,
    dossier: Dossier,
    page: str,
    person_page: Callable[[str], str],
    speaker_page: Callable[[str], str],
    source_page: Callable[[str], str],
) -> Markup:
    """A meeting page's JSON-LD: the meeting as an `Event` (its place as `location`, its
    participants as `performer`s) and each of its quotes as a `Quotation`."""
    iri = iri_maker(page)
    record = meeting.record
    event: dict[str, Any] = {
        "@type": "Event",
        "@id": iri(f"{page}#event"),
        "name": record.title,
        "description": record.summary_line,
        "startDate": record.date.isoformat(),
        "url": iri(page),
    }
    location = _place(meeting)
    if location is not None:
        event["location"] = location
    event["performer"] = [
        {
            "@type": "Person",
            "name": dossier.people[person_id].name,
            "url": iri(person_page(person_id)),
        }
        for person_id in record.participants
    ]
    graph: list[dict[str, Any]] = [event]
    for quote in record.quotes:
        source = dossier.sources[quote.source]
        speaker = speaker_of(dossier, quote.speaker)
        quotation: dict[str, Any] = {
            "@type": "Quotation",
            "@id": iri(f"{page}#q-{quote.id}"),
            "text": quote.text,
            "inLanguage": source.record.language,
            "spokenByCharacter": {
                "@type": "Organization" if quote.speaker in dossier.organisations else "Person",
                "name": speaker.name,
                "url": iri(speaker_page(quote.speaker)),
            },
            "isBasedOn": _article_reference(source, iri, source_page(source.id)),
        }
        if quote.translation is not None:
            # schema.org: `workTranslation`, "a work that is a translation of the content of
            # this work"; our English is such a work, in its language.
            quotation["workTranslation"] = {
                "@type": "CreativeWork",
                "text": quote.translation,
                "inLanguage": "en",
            }
        graph.append(quotation)
    return script_json({"@context": SCHEMA_ORG, "@graph": graph})


def _article_reference(source: Source, iri: Callable[[str], str], archived: str) -> dict[str, Any]:
    """The article a quote is based on, as its source page names it, with what identifies
    it: its headline and URL where the article prints them, and its archived copy."""
    record = source.record
    data: dict[str, Any] = {"@type": "NewsArticle", "@id": iri(article_id(archived))}
    if record.headline:
        data["headline"] = record.headline
    if record.url:
        data["url"] = record.url
    data["archivedAt"] = iri(archived)
    return data


def news_article(source: Source, page: str) -> Markup:
    """A source page's JSON-LD: the article as a `NewsArticle`, with its headline, outlet
    (`publisher`), author, URL and date only where the article prints them, and this page as
    its archived copy (`archivedAt`)."""
    iri = iri_maker(page)
    record = source.record
    data: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "NewsArticle",
        "@id": iri(article_id(page)),
    }
    if record.headline:
        data["headline"] = record.headline
    data["inLanguage"] = record.language
    data["datePublished"] = source.date_iso
    if record.outlet is not None:
        data["publisher"] = {"@type": "Organization", "name": record.outlet.name}
    if record.author is not None:
        data["author"] = {"@type": "Person", "name": record.author.name}
    if record.url:
        data["url"] = record.url
    data["archivedAt"] = iri(page)
    return script_json(data)
