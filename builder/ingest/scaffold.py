"""Scaffold stage: a new meeting file for the editor to complete (`dossier new meeting`).

The scaffold is valid YAML with every field of the meeting schema present. What only the editor
can write (titles, participants, quotes, the summary) is left `null` or empty and marked TODO,
so `dossier check` names each of them, at its line, until it is done. What the sources already
say (the place as they print it, the source that states the date, the people they name) is
filled in or suggested, marked REVIEW.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slugify import slugify

from builder.content.files import SITE_SRC, content_files, content_folder, locate_raw, read_limited
from builder.content.text import RawTextError, decode_raw, fold, fold_quote
from builder.content.yaml_reader import read_yaml
from builder.ingest.scalars import quoted, scalar
from builder.newfile import write_new_file

MEETINGS = "meetings"


class ScaffoldError(ValueError):
    """The scaffold cannot be written; `usage` when the command line is wrong."""

    def __init__(self, message: str, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


@dataclass(frozen=True)
class Glance:
    """What the scaffold needs from a source record, read leniently: a record just written
    by `dossier ingest` is not complete yet, and that must not stop the scaffold."""

    id: str
    date: dt.date | str | None
    raw_text: str
    """The raw article decoded (NFC), or empty when it cannot be read."""


def _read_yaml(root: Path, path: Path) -> Any:
    """A content file's YAML data as the build reads it, leniently: None when it cannot be
    read (a FIFO, a link out of `site_src/`: `read_limited`) or parsed."""
    data, _ = read_limited(path, "the file", content_folder(root))
    try:
        return read_yaml(data.decode("utf-8"), "the file")[0] if data is not None else None
    except UnicodeDecodeError:
        return None


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day_or_text(value: Any) -> dt.date | str | None:
    """A record's date as the source model reads it: a day for `YYYY-MM-DD`, else the text."""
    if not isinstance(value, str):
        return None
    if _ISO_DAY.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _glance(root: Path, source_id: str) -> Glance:
    data = _read_yaml(root, root / SITE_SRC / "sources" / f"{source_id}.yml")
    record: dict[str, Any] = data if isinstance(data, dict) else {}
    date = record.get("date")
    raw_text = ""
    raw = record.get("raw")
    # Only a raw file inside site_src/, as the loader finds it: never `../../etc/passwd`.
    raw_path = locate_raw(root, raw) if isinstance(raw, str) else None
    if raw_path is not None:
        raw_bytes, _ = read_limited(raw_path, f"the raw article {raw}")
        try:
            raw_text = decode_raw(raw_bytes) if raw_bytes is not None else ""
        except RawTextError:
            raw_text = ""
    return Glance(source_id, _day_or_text(date), raw_text)


def _printed_in(raw_text: str, words: str) -> str | None:
    """`words` as the article prints them (folded comparison, any letter case), if it does."""
    folded = fold(raw_text)
    needle = fold_quote(words).lower()
    haystack = folded.text.lower()
    if not needle or len(haystack) != len(folded.text):
        return None
    at = haystack.find(needle)
    if at < 0:
        return None
    start, end = folded.span_in_original(at, at + len(needle))
    return raw_text[start:end]


def _states_day(glance: Glance, day: dt.date) -> bool:
    if glance.date == day:
        return True
    return re.search(rf"(?<!\d)0?{day.day}/0?{day.month}(?!\d)", glance.raw_text) is not None


def _people_named(root: Path, texts: list[str]) -> list[str]:
    """Ids of the people of `site_src/people.yml` that the texts name."""
    data = _read_yaml(root, root / SITE_SRC / "people.yml")
    people = data.get("people") if isinstance(data, dict) else None
    folded = [fold(text).text for text in texts]
    named: list[str] = []
    for person in people if isinstance(people, list) else []:
        if not isinstance(person, dict) or not isinstance(person.get("id"), str):
            continue
        names = [name for name in person.get("printed_names") or [] if isinstance(name, str)]
        if any(fold_quote(name) in text for name in names for text in folded):
            named.append(person["id"])
    return named


def meeting_id_for(day: dt.date, place: str) -> str:
    """The default meeting id: `<date>-<slug of the place>` (`2025-09-03-beijing`)."""
    slug = slugify(place)
    return f"{day.isoformat()}-{slug}" if slug else day.isoformat()


def render_meeting(
    meeting_id: str, day: dt.date, place: str, glances: list[Glance], people: list[str]
) -> str:
    """The text of the scaffolded meeting file."""
    date_source = next((g for g in glances if _states_day(g, day)), glances[0])
    place_source, printed = glances[0], None
    for glance in glances:
        printed = _printed_in(glance.raw_text, place)
        if printed is not None:
            place_source = glance
            break
    if printed is not None:
        city = [
            "  city:  # REVIEW: move it to venue, region or country if it is not a city",
            f"    name: {quoted(place)}  # REVIEW: the name in English",
            f"    printed: {quoted(printed)}",
        ]
        place_note = "REVIEW: the source that names the place"
    else:
        city = [
            "  city:",
            f"    name: {quoted(place)}",
            f"    printed: null  # TODO: the words a source prints for {quoted(place)}",
        ]
        place_note = "TODO: the source that names the place"
    named = ", ".join(people) or "none of site_src/people.yml"
    first = glances[0].id
    lines = [
        "---",
        "# Scaffolded by `dossier new meeting`. Write every line marked TODO, check every line",
        "# marked REVIEW, then run `dossier check`: it names each field still to do, at its line.",
        f"id: {scalar(meeting_id)}",
        "title: null  # TODO: our English title for the meeting",
        f"date: {day.isoformat()}",
        f"date_source: {scalar(date_source.id)}  # REVIEW: the source that states the date",
        "place:",
        f"  source: {scalar(place_source.id)}  # {place_note}",
        "  venue: null  # TODO: {name: …, printed: …} when the source names the building or site",
        *city,
        "  region: null",
        "  country: null  # TODO: {name: …, printed: …} when the source names the country",
        f"participants: []  # TODO: ids from site_src/people.yml; the sources name: {named}",
        "sources:",
        *[f"  - {scalar(glance.id)}" for glance in glances],
        "summary_line: null  # TODO: one English sentence for the timeline",
        "quotes: []  # TODO: at least one, copied exactly from its source; for example:",
        f"#  - id: {scalar(meeting_id + '-1')}  # unique across the dossier",
        "#    speaker: a-person-id  # from site_src/people.yml",
        "#    kind: direct  # direct (their own words) | reported",
        f"#    source: {scalar(first)}",
        '#    text: "…"  # exactly as the article prints it',
        '#    translation: "…"  # our English translation',
        '#    attribution: "…"  # who speaks, in the article: `dossier suggest-attribution`',
        "---",
        "TODO: the English summary, in Markdown.",
        f"End every sentence with a footnote to the source that says it.[^{first}]",
        "",
    ]
    return "\n".join(lines)


def _check_place(place: str) -> None:
    """Refuse a `--place` that is no text on one line: it goes into the front matter, where a
    line break or a control character could end it or hide in it."""
    if not place.strip():
        raise ScaffoldError("--place is empty; give the place where the meeting took place", True)
    for character in place:
        if unicodedata.category(character) in {"Cc", "Zl", "Zp"}:
            raise ScaffoldError(
                f"--place holds a control character (U+{ord(character):04X}); "
                "give the place as plain text on one line",
                usage=True,
            )


def scaffold_meeting(
    root: Path, day: dt.date, place: str, source_ids: list[str], meeting_id: str | None = None
) -> tuple[str, str]:
    """The path (relative to `root`) and text of a new meeting file; nothing is written.

    Raises `ScaffoldError` for an unknown source id, an id that is not a slug, or a meeting file
    that already exists.
    """
    _check_place(place)
    known = [path.stem for path in content_files(root / SITE_SRC / "sources", "*.yml")]
    for source_id in source_ids:
        if source_id not in known:
            message = f"unknown source {source_id!r}"
            close = difflib.get_close_matches(source_id, known, n=1)
            if close:
                message += f"; did you mean {close[0]!r}?"
            raise ScaffoldError(message + f" (known: {', '.join(known) or 'none'})", usage=True)
    meeting_id = meeting_id or meeting_id_for(day, place)
    if slugify(meeting_id) != meeting_id:
        raise ScaffoldError(
            f"meeting id {meeting_id!r} is not a slug; use {slugify(meeting_id)!r}", usage=True
        )
    relative = f"{SITE_SRC}/{MEETINGS}/{meeting_id}.md"
    if os.path.lexists(root / relative):
        raise ScaffoldError(f"{relative} already exists; give another id with --id")
    glances = [_glance(root, source_id) for source_id in dict.fromkeys(source_ids)]
    people = _people_named(root, [glance.raw_text for glance in glances])
    return relative, render_meeting(meeting_id, day, place, glances, people)


def write_meeting(root: Path, relative: str, text: str) -> None:
    """Write the scaffold, whole or not at all; never replace an existing file."""
    write_new_file(root / relative, text.encode("utf-8"))
