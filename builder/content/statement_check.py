"""The checks of a meeting's statements: quotes of different sources grouped as renderings of
one utterance. A statement's id is a slug, its speaker exists, and it lists two or more of its
own meeting's quotes, each once, each by its speaker, each from a different source; a quote
renders one statement at most. ("Reported by two sources" is false of two renderings from one.)"""

from __future__ import annotations

from builder.content.checker import Checker, unknown_message
from builder.content.models import Meeting, QuoteRecord, StatementRecord
from builder.content.printed import is_slug, not_a_slug


def check_statements(checker: Checker, meeting: Meeting) -> None:
    """Report every problem of the meeting's statements, in the order of its front matter."""
    quotes: dict[str, QuoteRecord] = {}
    for quote in meeting.record.quotes:
        quotes.setdefault(quote.id, quote)
    owners: dict[str, str] = {}
    """Quote id to the statement that took it first."""
    for index, statement in enumerate(meeting.record.statements):
        _check_statement(checker, meeting, index, statement, quotes, owners)


def _check_statement(
    checker: Checker,
    meeting: Meeting,
    index: int,
    statement: StatementRecord,
    quotes: dict[str, QuoteRecord],
    owners: dict[str, str],
) -> None:
    where, key = meeting.where, ("statements", index)
    shown = f"statement {statement.id!r}"
    if not is_slug(statement.id):
        message = not_a_slug("statement id", statement.id, names_a_page=False)
        checker.report(where.path, where.line_of(*key, "id"), message)
    known_speaker = statement.speaker in checker.dossier.speakers
    if not known_speaker:
        checker.unknown(where.path, where.line_of(*key, "speaker"), "speaker", statement.speaker)
    listed: dict[str, int] = {}
    sources: dict[str, str] = {}
    for number, quote_id in enumerate(statement.quotes):
        line = where.line_of(*key, "quotes", number)
        if quote_id in listed:
            checker.report(
                where.path,
                line,
                f"{shown} lists quote {quote_id!r} twice (items {listed[quote_id] + 1} and "
                f"{number + 1}); list each rendering once",
            )
            continue
        listed[quote_id] = number
        quote = quotes.get(quote_id)
        if quote is None:
            checker.report(where.path, line, f"{shown}: {_not_here(checker, meeting, quote_id)}")
            continue
        for problem in _quote_problems(statement, quote, owners, sources, known_speaker):
            checker.report(where.path, line, f"{shown}: {problem}")
        owners.setdefault(quote_id, statement.id)
        sources.setdefault(quote.source, quote_id)


def _quote_problems(
    statement: StatementRecord,
    quote: QuoteRecord,
    owners: dict[str, str],
    sources: dict[str, str],
    known_speaker: bool,
) -> list[str]:
    """Why a quote of the meeting may not render this statement (an unknown speaker of the
    statement is reported once, not again at each quote)."""
    problems: list[str] = []
    owner = owners.get(quote.id)
    if owner is not None and owner != statement.id:
        problems.append(
            f"quote {quote.id!r} is already a rendering of statement {owner!r}; a quote "
            "renders one statement"
        )
    if known_speaker and quote.speaker != statement.speaker:
        problems.append(
            f"quote {quote.id!r} is spoken by {quote.speaker!r}, not by the statement's "
            f"speaker {statement.speaker!r}; a statement groups one speaker's words"
        )
    first = sources.get(quote.source)
    if first is not None:
        problems.append(
            f"quotes {first!r} and {quote.id!r} are both from source {quote.source!r}; a "
            "statement groups renderings by different sources: keep one of them"
        )
    return problems


def _not_here(checker: Checker, meeting: Meeting, quote_id: str) -> str:
    """Why a statement's quote id is none of its meeting's quotes: a quote of another meeting,
    or an unknown quote, with the nearest of the meeting's quote ids."""
    for other in checker.dossier.meetings:
        if other is not meeting and any(quote.id == quote_id for quote in other.record.quotes):
            return (
                f"quote {quote_id!r} is a quote of another meeting ({other.where.path}); a "
                "statement groups quotes of its own meeting"
            )
    own = {quote.id: quote for quote in meeting.record.quotes}
    return unknown_message("quote", quote_id, own)
