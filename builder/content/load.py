"""Load stage: read everything in `site_src/` into typed models, collecting every problem.

Nothing here checks references between files; that is the validate stage's work. Each loader
returns what it could read plus the problems it met, so one run reports them all.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from builder.content.fields import control_character
from builder.content.files import (
    SITE_SRC,
    content_files,
    raw_location,
    read_limited,
    read_text,
    shown_path,
    split_front_matter,
)
from builder.content.model_errors import parse_model
from builder.content.models import (
    Dossier,
    Located,
    Meeting,
    MeetingRecord,
    OrganisationRecord,
    PeopleFile,
    PersonRecord,
    Source,
    SourceRecord,
    Speaker,
    UncheckedMeeting,
)
from builder.content.review import may_hold_markers, meeting_markers, source_record_markers
from builder.content.text import FoldedArticle, RawTextError, cut_article, decode_article
from builder.content.yaml_reader import read_yaml
from builder.cores import map_on_cores
from builder.problems import Problem


def parse_source_record(
    text: str, shown: str
) -> tuple[SourceRecord | None, Located, list[Problem]]:
    """Parse the text of a source record file into a `SourceRecord`, or problems."""
    data, where, problems = read_yaml(text, shown)
    if problems and data is None:
        return None, where, problems
    record, model_errors = parse_model(data, SourceRecord, where)
    return record, where, problems + model_errors


def parse_article(
    source_id: str,
    record: SourceRecord,
    where: Located,
    data: bytes,
    raw_shown: str,
    raw_path: Path | None = None,
) -> tuple[Source | None, list[Problem]]:
    """Check a raw article's bytes against its record and cut them into article text."""
    problems: list[Problem] = []
    digest = hashlib.sha256(data).hexdigest()
    if digest != record.raw_sha256:
        problems.append(
            Problem(
                where.path,
                where.line_of("raw_sha256"),
                f"the raw article {raw_shown} has changed since its record was made: "
                f"SHA-256 is {digest}, the record says {record.raw_sha256}",
            )
        )
    try:
        raw_text = decode_article(data)
    except RawTextError as error:
        problems.append(Problem(raw_shown, error.line, str(error)))
        return None, problems
    paragraphs, captions, cut_problems = cut_article(raw_text, record.cuts)
    problems += [
        Problem(where.path, where.line_of("cuts", index), message)
        for index, message in cut_problems
    ]
    source = Source(
        id=source_id,
        record=record,
        where=where,
        raw_path=raw_path,
        raw_text=raw_text,
        raw_sha256=digest,
        paragraphs=tuple(paragraphs),
        captions=tuple(captions),
        folded=FoldedArticle(paragraphs),
    )
    return source, problems


def load_source(root: Path, record_path: Path) -> tuple[Source | None, list[Problem]]:
    """Load one source record and its raw article, computing the article text from the cuts."""
    shown = shown_path(root, record_path)
    text, problems = read_text(record_path, shown, root)
    if text is None:
        return None, problems
    record, where, found = parse_source_record(text, shown)
    problems += found
    if may_hold_markers(text):
        problems += source_record_markers(text, shown)
    if record is None:
        return None, problems
    located = raw_location(root, record.raw)
    if located is None:
        problems.append(
            Problem(shown, where.line_of("raw"), f"raw path {record.raw!r} is outside site_src/")
        )
        return None, problems
    raw_path, raw_shown = located
    data, refusal = read_limited(raw_path, f"the raw article {raw_shown}")
    if data is None:
        problems.append(Problem(shown, where.line_of("raw"), refusal or ""))
        return None, problems
    source, found = parse_article(record_path.stem, record, where, data, raw_shown, raw_path)
    return source, problems + found


def parse_meeting(text: str, shown: str) -> tuple[Meeting | None, list[Problem]]:
    """Parse a meeting file's text: front matter into a `MeetingRecord`, the body as summary."""
    front, body, body_line, problems = split_front_matter(text, shown)
    if problems:
        return None, problems
    data, where, problems = read_yaml(front, shown, first_line=2)
    if problems and data is None:
        return None, problems
    if data is None:
        return None, [Problem(shown, 2, "the front matter is empty")]
    record, model_errors = parse_model(data, MeetingRecord, where)
    problems += model_errors
    problems += markdown_control_problems(body, shown, body_line, "the summary")
    if record is None:
        return None, problems
    return Meeting(record=record, where=where, summary=body, summary_line=body_line), problems


def markdown_control_problems(text: str, shown: str, first_line: int, what: str) -> list[Problem]:
    """A control character in editor-written Markdown (a meeting's summary, the About page),
    at its line: Python-Markdown would pass it into the page, and uses STX and ETX itself."""
    found = control_character(text)
    if found is None:
        return []
    index, kind = found
    return [
        Problem(shown, first_line + text.count("\n", 0, index), f"{what} holds {kind}; remove it")
    ]


def load_meeting(root: Path, path: Path) -> tuple[Meeting | UncheckedMeeting | None, list[Problem]]:
    """Load one meeting file (see `parse_meeting`), with the review markers left in it; of a
    file whose front matter fails its schema, what can still be checked (`UncheckedMeeting`)."""
    shown = shown_path(root, path)
    text, problems = read_text(path, shown, root)
    if text is None:
        return None, problems
    meeting, problems = parse_meeting(text, shown)
    loaded: Meeting | UncheckedMeeting | None = meeting
    if meeting is None:
        loaded = unchecked_meeting(text, shown)
    if may_hold_markers(text):
        body_line = meeting.summary_line if meeting is not None else None
        if body_line is None:
            _, _, body_line, split_problems = split_front_matter(text, shown)
            if split_problems:  # no front matter: the whole file is the body
                body_line = 1
        problems += meeting_markers(text, shown, body_line)
    return loaded, problems


def unchecked_meeting(text: str, shown: str) -> UncheckedMeeting | None:
    """What can be checked of a meeting whose front matter failed its schema: its summary (with
    the sources it lists, when that field is valid) and whether it gives any quote. None when
    the front matter is not a mapping of fields at all."""
    front, body, body_line, problems = split_front_matter(text, shown)
    if problems:
        return None
    data, where, _ = read_yaml(front, shown, first_line=2)
    if not isinstance(data, dict):
        return None
    listed = data.get("sources")
    sources = (
        tuple(listed)
        if isinstance(listed, list) and listed and all(isinstance(item, str) for item in listed)
        else None
    )
    return UncheckedMeeting(
        where=where,
        summary=body,
        summary_line=body_line,
        sources=sources,
        # Absent, it may be under a misspelt key, already reported as unknown: not missing then.
        quotes_missing=data["quotes"] == []
        if "quotes" in data
        else all(key in MeetingRecord.model_fields for key in data),
    )


def load_people(root: Path) -> tuple[PeopleFile | None, Located, list[Problem]]:
    """Load `site_src/people.yml`: its people and organisations, each id once among both."""
    path = root / SITE_SRC / "people.yml"
    shown = shown_path(root, path)
    if not os.path.lexists(path):
        return None, Located(shown), [Problem(shown, 1, "the people file is missing")]
    text, problems = read_text(path, shown, root)
    if text is None:
        return None, Located(shown), problems
    data, where, yaml_problems = read_yaml(text, shown)
    problems += yaml_problems
    if yaml_problems and data is None:
        return None, where, problems
    people_file, model_errors = parse_model(data, PeopleFile, where)
    problems += model_errors
    seen: set[str] = set()
    speakers: list[tuple[str, Speaker]] = []
    if people_file:
        speakers += [("people", person) for person in people_file.people]
        speakers += [("organisations", organisation) for organisation in people_file.organisations]
    counted = {"people": 0, "organisations": 0}
    for key, speaker in speakers:
        if speaker.id in seen:
            kind = "person" if key == "people" else "organisation"
            message = f"duplicate {kind} id {speaker.id!r}: an id names one person or organisation"
            problems.append(Problem(shown, where.line_of(key, counted[key]), message))
        seen.add(speaker.id)
        counted[key] += 1
    return people_file, where, problems


ON_CORES_FROM = 200
"""Fewer files than this are loaded in this process: starting processes would cost more."""


def load_sources(root: Path) -> tuple[dict[str, Source], set[str], list[Problem]]:
    """Load every source record of `site_src/sources/` with its raw article: the sources by id,
    the ids of those that failed to load, and the problems."""
    sources: dict[str, Source] = {}
    unloaded: set[str] = set()
    problems: list[Problem] = []
    paths = content_files(root / SITE_SRC / "sources", "*.yml")
    loaded = map_on_cores(lambda at: load_source(root, paths[at]), len(paths), ON_CORES_FROM)
    for record_path, (source, found) in zip(paths, loaded, strict=True):
        problems += found
        if source is not None:
            sources[source.id] = source
        else:
            unloaded.add(record_path.stem)
    return sources, unloaded, problems


def load_meetings(root: Path) -> tuple[list[Meeting], list[UncheckedMeeting], list[Problem]]:
    """Load every meeting of `site_src/meetings/`: those whose front matter holds, what can
    still be checked of the others (`UncheckedMeeting`), and the problems."""
    meetings: list[Meeting] = []
    unchecked: list[UncheckedMeeting] = []
    problems: list[Problem] = []
    paths = content_files(root / SITE_SRC / "meetings", "*.md")
    loaded = map_on_cores(lambda at: load_meeting(root, paths[at]), len(paths), ON_CORES_FROM)
    for meeting, found in loaded:
        problems += found
        if isinstance(meeting, Meeting):
            meetings.append(meeting)
        elif meeting is not None:
            unchecked.append(meeting)
    return meetings, unchecked, problems


def load_about(root: Path) -> tuple[str, list[Problem]]:
    """The About page's Markdown (`site_src/about.md`; empty when there is none)."""
    path = root / SITE_SRC / "about.md"
    if not os.path.lexists(path):
        return "", []
    shown = shown_path(root, path)
    text, problems = read_text(path, shown, root)
    if text is None:
        return "", problems
    return text, problems + markdown_control_problems(text, shown, 1, "the About page")


def load_dossier(root: Path) -> tuple[Dossier, list[Problem]]:
    """Load all of `site_src/` under `root`: sources, meetings, people and the About page,
    with every problem met, in that order."""
    problems: list[Problem] = []
    site_src = root / SITE_SRC
    if not site_src.is_dir():
        problems.append(Problem(SITE_SRC, 1, f"no content folder: {site_src} does not exist"))
    sources, unloaded, found = load_sources(root)
    problems += found
    meetings, unchecked, found = load_meetings(root)
    problems += found
    people_file, people_where, found = load_people(root)
    problems += found
    people: dict[str, PersonRecord] = {}
    organisations: dict[str, OrganisationRecord] = {}
    for person in people_file.people if people_file else ():
        people.setdefault(person.id, person)
    for organisation in people_file.organisations if people_file else ():
        if organisation.id not in people:
            organisations.setdefault(organisation.id, organisation)
    about, about_problems = load_about(root)
    dossier = Dossier(
        sources=sources,
        meetings=tuple(meetings),
        people=people,
        people_where=people_where,
        about=about,
        unloaded_sources=frozenset(unloaded),
        people_unloaded=not people and bool(found),
        unchecked_meetings=tuple(unchecked),
        organisations=organisations,
    )
    return dossier, problems + about_problems
