"""What the templates are given of meetings, sources and quotes (`View`s), and the HTML we make
ourselves for them: a meeting's summary with its footnotes, and a quote's block.

Site paths are given to these functions by the page kinds (`builder.site.pages`), which own
them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

import jinja2
from markupsafe import Markup

from builder.content.meeting_check import TRANSLATION_LANGUAGE
from builder.content.models import (
    Dossier,
    Meeting,
    MeetingRecord,
    QuoteRecord,
    Source,
    Speaker,
    StatementRecord,
)
from builder.content.validate import Verified
from builder.site.anchors import live_link
from builder.site.render import View, format_date, isolated, relative_url
from builder.site.safe_markdown import escape_markdown, render_markdown
from builder.site.strings import active, interface_text
from builder.site.wording import Run, differing_runs

QUOTE_TEMPLATE = "_quote.html.j2"
STATEMENT_TEMPLATE = "_statement.html.j2"

SourceViews = dict[str, View]
"""Source views by source id: a source's view serves its page and the pages of the meetings
that cite it."""


def source_view(source: Source, page: str) -> View:
    """What the pages that show or link to a source are given of it (`page`: its site path)."""
    record = source.record
    return View(
        {
            "id": source.id,
            "page": page,
            "record": record,
            "label": record.outlet.name
            if record.outlet
            else interface_text("source.outlet_not_named"),
            "date": format_date(record.date),
            "date_iso": source.date_iso,
            "date_precision": source.date_precision.value,
            "sha256": source.raw_sha256,
        }
    )


class Ours(NamedTuple):
    """Text we wrote (a title, a summary line), as the edition being rendered shows it."""

    text: str
    english: bool
    """Shown in English on a page of another language (the editor has not written it in that
    language): the page marks it `lang="en"` and labels it, never translates it."""


def ours(english: str, written: Mapping[str, str | None]) -> Ours:
    """Our text in the language being rendered where the editor wrote it (`written`, by
    language), else the English."""
    language = active().language
    text = written.get(language)
    if text is not None:
        return Ours(text, False)
    return Ours(english, language != TRANSLATION_LANGUAGE)


def meeting_title(record: MeetingRecord) -> Ours:
    """A meeting's title in the edition's language (`title_vi`), else the English one."""
    return ours(record.title, {"vi": record.title_vi})


def meeting_summary(meeting: Meeting) -> Ours:
    """A meeting's summary (Markdown) in the edition's language (`summary_vi`), else the
    English body."""
    return ours(meeting.summary, {"vi": meeting.record.summary_vi})


def place_in_print(meeting: Meeting, dossier: Dossier) -> bool:
    """Whether the edition being rendered is in the language of the source that states the
    place, whose words (`printed`: `Bình Nhưỡng`) are then the place's names on its pages;
    otherwise the pages give our names (`Pyongyang`) with the printed ones beside them."""
    source = dossier.sources.get(meeting.record.place.source)
    if source is None:
        return False
    return source.record.language.lower().split("-")[0] == active().language.lower()


def meeting_view(meeting: Meeting, dossier: Dossier, page: str) -> View:
    """What the pages that show or link to a meeting are given of it (`page`: its site path).
    Its quotes are the records: what a quote's block prints is gathered when the block is
    rendered (`QuoteBlocks`). `entries` is the list of quotes as the page shows it: a quote
    of a statement is shown in its statement's block, placed where its first rendering
    would stand."""
    record = meeting.record
    return View(
        {
            "record": record,
            "page": page,
            "title": meeting_title(record),
            "summary_line": ours(record.summary_line, {"vi": record.summary_line_vi}),
            "place_in_print": place_in_print(meeting, dossier),
            "date": format_date(record.date),
            "participants": [dossier.people[person_id] for person_id in record.participants],
            "quotes": record.quotes,
            "entries": meeting_entries(meeting),
            "differ": [claim for claim in record.claims if claim.differ],
            # Only the sources that supply a quote: "2 quotes from 1 source".
            "quote_sources": len({quote.source for quote in record.quotes}),
            "place_parts": [
                (label, getattr(record.place, part))
                for part, label in (
                    ("venue", interface_text("meeting.venue")),
                    ("city", interface_text("meeting.city")),
                    ("region", interface_text("meeting.region")),
                    ("country", interface_text("meeting.country")),
                )
            ],
        }
    )


class Entry(NamedTuple):
    """One item of a meeting's list of quotes: a quote on its own, or a statement (with its
    quotes inside)."""

    quote: QuoteRecord | None
    statement: StatementRecord | None

    @property
    def speaker(self) -> str:
        """Who speaks: the quote's or the statement's speaker."""
        said = self.statement or self.quote
        assert said is not None  # one of the two is always set
        return said.speaker


def meeting_entries(meeting: Meeting) -> list[Entry]:
    """A meeting's quotes in the order written, each statement once, where its first
    rendering stands."""
    record = meeting.record
    grouped = {
        quote_id: statement for statement in record.statements for quote_id in statement.quotes
    }
    entries: list[Entry] = []
    placed: set[str] = set()
    for quote in record.quotes:
        statement = grouped.get(quote.id)
        if statement is None:
            entries.append(Entry(quote, None))
        elif statement.id not in placed:
            placed.add(statement.id)
            entries.append(Entry(None, statement))
    return entries


def speaker_of(dossier: Dossier, speaker_id: str) -> Speaker:
    """The person or organisation a quote gives words to."""
    person = dossier.people.get(speaker_id)
    return person if person is not None else dossier.organisations[speaker_id]


def language_name(tag: str) -> str:
    """A language's name in the interface's language (`ru`: `Russian`), by its tag or the
    tag's first part (`en-GB`: `English`); a tag without a name is shown as it is."""
    strings = active()
    folded = tag.lower()
    for key in (folded, folded.split("-")[0]):
        if strings.has(f"languages.{key}"):
            return strings.text(f"languages.{key}")
    return tag


class ChainLink(NamedTuple):
    """One link of the chain by which a quote's words reached the reader."""

    role: str
    """`speaker`, `agency` (the agency the article credits), `outlet` or `translation`."""
    name: str | None
    """Who: the speaker's, agency's or outlet's name (None for an outlet the article does not
    name); `dossier` for our translation."""
    language: str | None
    """The language tag, where it is recorded."""


def quote_chain(quote: QuoteRecord, dossier: Dossier) -> list[ChainLink]:
    """A quote's chain as far as the data says it: the speaker (with the language they speak,
    when recorded), the agency the article credits (`via`), the outlet in its language, and
    our translation when there is one. A link the data does not state is left out."""
    speaker = speaker_of(dossier, quote.speaker)
    source = dossier.sources[quote.source].record
    links = [ChainLink("speaker", speaker.name, speaker.language)]
    if quote.via is not None:
        links.append(ChainLink("agency", quote.via, None))
    outlet = source.outlet.name if source.outlet is not None else None
    links.append(ChainLink("outlet", outlet, source.language))
    if quote.translation is not None:
        links.append(ChainLink("translation", "dossier", TRANSLATION_LANGUAGE))
    return links


def _chain_view(link: ChainLink) -> View:
    return View(
        {
            "role": link.role,
            "name": link.name,
            "language": language_name(link.language) if link.language else None,
        }
    )


def quote_view(
    quote: QuoteRecord,
    meeting_page: str,
    speaker_page: str,
    verified: Verified,
    source_views: SourceViews,
    runs: list[Run] | None = None,
) -> View:
    """What a quote's block prints, one lookup each: each step of `a.b.c` is a call in a
    template, and a quote is printed on two pages. `record` is the quote as written, for a
    field the template prints as it is. `runs`: its words cut into runs, those that differ
    from the other renderings of its statement marked; None shows them as one piece."""
    dossier = verified.dossier
    source = dossier.sources[quote.source]
    speaker = speaker_of(dossier, quote.speaker)
    source_view = source_views[source.id]
    return View(
        {
            "id": quote.id,
            "paragraph": verified.matches[quote.id].paragraph.number,
            "paragraphs": len(source.paragraphs),
            "page": f"{meeting_page}#q-{quote.id}",
            "archive": f"{source_view['page']}#q-{quote.id}",
            "original_url": source.record.url,
            "original_at_words": live_link(source.record.url, verified.matches[quote.id]),
            "kind": quote.kind.value,
            "text": quote.text,
            "runs": runs,
            "translation": quote.translation,
            # A quote from a source in the dossier's language has no translation: its words
            # are shown once, as the original.
            "original_language": None
            if quote.translation is not None
            else language_name(source.record.language),
            "context": quote.context,
            "chain": [_chain_view(link) for link in quote_chain(quote, dossier)],
            "attribution": quote.attribution,
            "speaker_name": speaker.name,
            "speaker_page": speaker_page,
            "language": source.record.language,
            "source_label": source_view["label"],
            "source_record": source.record,
            "source_date": source_view["date"],
            "record": quote,
        }
    )


class QuoteBlocks:
    """A quote's HTML (`{{ quote | quote_block(meeting) }}` in a template), rendered once for
    both pages that show it, its meeting's and its speaker's. What the block prints of the
    quote (`quote_view`) is gathered there, when the block is first rendered.

    Both pages sit one folder below the site root, so the block's links are written from
    there, up one folder and down the site path, and hold on either page. An error in the
    block's template is raised through the page's, which reports it at the block's line."""

    def __init__(
        self,
        environment: jinja2.Environment,
        verified: Verified,
        source_views: SourceViews,
        speaker_page: Callable[[str], str],
    ) -> None:
        self.environment = environment
        self.verified = verified
        self.source_views = source_views
        self.speaker_page = speaker_page
        self.rendered: dict[str, Markup] = {}
        self.statements: dict[str, Markup] = {}
        self.runs = statement_runs(verified.dossier)
        self._macros: dict[str, Callable[[View], Markup]] = {}

    def _macro(self, template_name: str, name: str) -> Callable[[View], Markup]:
        macro = self._macros.get(name)
        if macro is None:
            template = self.environment.get_template(template_name)
            module = template.make_module({"url": _from_one_folder_down})
            macro = self._macros[name] = getattr(module, name)
        return macro

    def __call__(self, quote: QuoteRecord, meeting: View) -> Markup:
        block = self.rendered.get(quote.id)
        if block is None:
            view = quote_view(
                quote,
                meeting["page"],
                self.speaker_page(quote.speaker),
                self.verified,
                self.source_views,
                self.runs.get(quote.id),
            )
            block = self.rendered[quote.id] = self._macro(QUOTE_TEMPLATE, "quote_block")(view)
        return block

    def statement(self, statement: StatementRecord, meeting: View) -> Markup:
        """A statement's block: our gist, its speaker, how many of the meeting's sources
        report it, and the block of each of its quotes (renderings), rendered once."""
        block = self.statements.get(statement.id)
        if block is None:
            record = meeting["record"]
            quotes = {quote.id: quote for quote in record.quotes}
            renderings = [quotes[quote_id] for quote_id in statement.quotes]
            speaker = speaker_of(self.verified.dossier, statement.speaker)
            view = View(
                {
                    "id": statement.id,
                    "gist": statement.gist,
                    "speaker_name": speaker.name,
                    "speaker_page": self.speaker_page(statement.speaker),
                    "page": f"{meeting['page']}#s-{statement.id}",
                    "reported": len({quote.source for quote in renderings}),
                    "sources": len(record.sources),
                    "renderings": [self(quote, meeting) for quote in renderings],
                    "record": statement,
                }
            )
            macro = self._macro(STATEMENT_TEMPLATE, "statement_block")
            block = self.statements[statement.id] = macro(view)
        return block


def statement_runs(dossier: Dossier) -> dict[str, list[Run]]:
    """By quote id, for each quote of a statement: its words as runs, those that are not in
    every other rendering of the statement marked (`builder.site.wording`). Words holding a
    bidi character are isolated as `isolated` isolates them."""
    runs: dict[str, list[Run]] = {}
    for meeting in dossier.meetings:
        quotes = {quote.id: quote for quote in meeting.record.quotes}
        for statement in meeting.record.statements:
            renderings = [quotes[quote_id] for quote_id in statement.quotes if quote_id in quotes]
            cut = differing_runs([quote.text for quote in renderings])
            for quote, quote_runs in zip(renderings, cut, strict=True):
                if isolated(quote.text) != quote.text:
                    quote_runs = [Run("\u2068", False), *quote_runs, Run("\u2069", False)]
                runs[quote.id] = quote_runs
    return runs


def _from_one_folder_down(target: str) -> str:
    return "../" + target


def summary_html(meeting: Meeting, source_views: SourceViews, page: str) -> Markup:
    """A meeting's summary for its page at `page`, in the edition's language where the
    editor wrote it (`meeting_summary`), with a footnote for each source it cites: the
    source's outlet, title and date, as text, and a link to its archived copy."""
    lines = []
    for source_id in meeting.record.sources:
        source = source_views[source_id]
        record = source["record"]
        title = record.headline or interface_text(
            "meeting.note_title_ours", title=record.editorial_title
        )
        label = escape_markdown(
            interface_text(
                "meeting.note",
                outlet=isolated(source["label"]),
                title=isolated(title),
                date=source["date"],
            )
        )
        archive = relative_url(page, source["page"])
        link = escape_markdown(interface_text("meeting.note_archive_link"))
        lines.append(f"[^{source_id}]: {label}. [{link}]({archive})")
    summary = meeting_summary(meeting)
    text = summary.text.rstrip() + "\n\n" + "\n\n".join(lines) + "\n"
    # Rendered by our own Markdown with raw HTML off, labels escaped: safe to mark as such.
    # English shown in another edition is marked as English, the notes (its words) are not.
    return Markup(
        render_markdown(
            text,
            page,
            drop_uncited_notes=True,
            text_language=TRANSLATION_LANGUAGE if summary.english else None,
        )
    )
