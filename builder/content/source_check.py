"""The checks of one source record against its raw article: its id is a slug, every name and
the headline are printed as whole words, the date is printed whole, the URL is a web address
printed whole, and the cuts leave some article text."""

from __future__ import annotations

from slugify import slugify

from builder.content.checker import Checker
from builder.content.models import Source
from builder.content.printed import (
    SourceText,
    is_slug,
    is_web_address,
    printed_dates,
    prints_date,
    prints_token,
)
from builder.content.text import fold_quote
from builder.content.words import has_word


def check_source(checker: Checker, source: Source) -> None:
    """Report every problem of one source, in the order of its record's fields."""
    where = source.where
    text = checker.text_of(source)
    if not is_slug(source.id):
        checker.report(
            where.path,
            1,
            f"source id {source.id!r} (the file name) is not a slug; use {slugify(source.id)!r}",
        )
    _check_names(checker, source, text)
    _check_headline(checker, source, text)
    _check_date(checker, source)
    _check_url(checker, source)
    if not source.paragraphs:
        checker.report(where.path, where.line_of("cuts"), "the cuts leave no article text")


def _check_names(checker: Checker, source: Source, text: SourceText) -> None:
    """The outlet, the site, the author, the agencies cited and the credits, as printed."""
    record = source.record
    named: list[tuple[tuple[str | int, ...], str]] = []
    for field_name in ("outlet", "captured_from", "author"):
        value = getattr(record, field_name)
        if value is not None:
            named.append(((field_name, "printed"), value.printed))
    named += [
        (("cites", index, "printed"), item.printed) for index, item in enumerate(record.cites)
    ]
    named += [
        (("credits", index, "printed"), credit.printed)
        for index, credit in enumerate(record.credits)
    ]
    for path_in_record, printed in named:
        label = ".".join(str(part) for part in path_in_record[:-1])
        checker.check_printed(source.where, path_in_record, label, printed, text)


def _check_headline(checker: Checker, source: Source, text: SourceText) -> None:
    """The headline is printed, as a whole line of the raw article."""
    record, where = source.record, source.where
    if record.headline is None:
        return
    checker.check_printed(where, ("headline",), "headline", record.headline, text)
    folded_headline = fold_quote(record.headline)
    if (
        has_word(record.headline)
        and text.prints(record.headline)
        and not any(line == folded_headline for line in text.raw.split("\n"))
    ):
        checker.report(
            where.path,
            where.line_of("headline"),
            "headline is not a whole line of the raw article: give the headline line "
            "as printed, or null when the article has none",
        )


def _check_date(checker: Checker, source: Source) -> None:
    """The publication date is printed whole, in one of the ways an article prints a date."""
    record, where = source.record, source.where
    if prints_date(source.raw_text, record.date):
        return
    inside = any(printed in source.raw_text for printed in printed_dates(record.date))
    checker.report(
        where.path,
        where.line_of("date"),
        f"date {source.date_iso} is not printed in the raw article "
        f"(looked for {', '.join(printed_dates(record.date))}"
        + (
            " as a whole date; the article prints it only as part of another number)"
            if inside
            else ")"
        ),
    )


def _check_url(checker: Checker, source: Source) -> None:
    """The URL, if given, is a web address that the article prints whole."""
    record, where = source.record, source.where
    if record.url is None:
        return
    if not is_web_address(record.url):
        checker.report(
            where.path,
            where.line_of("url"),
            f"url must be an http or https address; found {record.url!r}",
        )
    elif not prints_token(source.raw_text, record.url):
        checker.report(
            where.path,
            where.line_of("url"),
            "url is not printed in the raw article"
            + (
                " as a whole address (it prints a longer one that starts or ends alike); "
                "record only a URL the article prints, all of it"
                if record.url in source.raw_text
                else "; record only a URL the article prints"
            ),
        )
