"""`dossier suggest-attribution`: propose each quote's attribution from its article.

For every quote that has no attribution, or one the check refuses, it proposes the words of
the article that name the speaker nearest to the quote (`quote_check.suggest_attribution`).
With `write`, each proposal is added to its meeting file as an `attribution:` line of the quote;
a quote that has one already is only reported, never rewritten.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from builder.content.load import load_dossier, parse_meeting
from builder.content.models import Dossier, Meeting
from builder.content.quote_check import check_quote, suggest_attribution


@dataclass(frozen=True)
class Suggestion:
    """A proposed attribution for one quote, and where it goes."""

    path: str
    line: int
    quote_id: str
    index: int
    """The quote's position in its meeting's `quotes` (ids may repeat, an error of its own)."""
    attribution: str | None
    """The words proposed, or None when the article names the speaker nowhere near the quote."""
    replaces: str | None
    """The attribution the quote has now (refused by the check), if any."""

    def __str__(self) -> str:
        if self.attribution is None:
            return (
                f"{self.path}:{self.line}: quote {self.quote_id!r}: the article names the "
                "speaker nowhere in the quote's sentence or the one before; check the speaker"
            )
        now = f" (instead of {self.replaces!r})" if self.replaces else ""
        return (
            f"{self.path}:{self.line}: quote {self.quote_id!r}: attribution: "
            f"{json.dumps(self.attribution, ensure_ascii=False)}{now}"
        )


def suggestions(dossier: Dossier) -> list[Suggestion]:
    """A proposal for every quote whose attribution is missing or refused."""
    found: list[Suggestion] = []
    speakers = dossier.speakers
    for meeting in dossier.meetings:
        for index, quote in enumerate(meeting.record.quotes):
            source = dossier.sources.get(quote.source)
            speaker = speakers.get(quote.speaker)
            if source is None or speaker is None:
                continue
            _, problems = check_quote(quote, source, speaker, speakers)
            if quote.attribution is not None and not any(
                problem.field == "attribution" for problem in problems
            ):
                continue
            found.append(
                Suggestion(
                    meeting.where.path,
                    meeting.where.line_of("quotes", index, "text"),
                    quote.id,
                    index,
                    suggest_attribution(quote, source, speaker, speakers),
                    quote.attribution,
                )
            )
    return found


_KEY_LINE = r"^(?P<indent> *)(?:id|speaker|kind|source|text|translation|attribution):"
_EMPTY_ATTRIBUTION = re.compile(r" *attribution:\s*(?:null|~|\"\"|'')?\s*")


def write_suggestions(
    root: Path, dossier: Dossier, proposed: list[Suggestion]
) -> tuple[list[str], list[str]]:
    """Add each proposal for a quote that has no attribution to its meeting file, as a line
    before one of the quote's own keys at the same indentation, then read the file again: a
    file whose quotes would not read back with exactly the proposals is left as it was.
    Returns what was written, and why what was not."""
    meetings = {meeting.where.path: meeting for meeting in dossier.meetings}
    written: list[str] = []
    refused: list[str] = []
    by_file: dict[str, list[Suggestion]] = {}
    for suggestion in proposed:
        if suggestion.attribution is not None and suggestion.replaces is None:
            by_file.setdefault(suggestion.path, []).append(suggestion)
    for path, items in by_file.items():
        done, refusals = _write_in_file(root, path, meetings[path], items)
        written += done
        refused += refusals
    return written, refused


def _write_in_file(
    root: Path, path: str, meeting: Meeting, items: list[Suggestion]
) -> tuple[list[str], list[str]]:
    """Write the proposals for one meeting file, or none; what was written, and why not."""
    # A meeting file may be a link to another file inside site_src/ (the loader checked
    # where it leads): the file it leads to is the one to change, the link stays.
    file = (root / path).resolve()
    # Split at newlines only, so that a file's CRLF line ends stay as they are.
    lines = file.read_bytes().decode("utf-8").split("\n")
    new_lines, placed, refused = _with_attributions(path, meeting, items, lines)
    if not placed:
        return [], refused
    text = "\n".join(new_lines)
    reread, _ = parse_meeting(text.replace("\r\n", "\n"), path)
    if reread is None or any(
        len(reread.record.quotes) <= item.index
        or reread.record.quotes[item.index].attribution != item.attribution
        for item in placed
    ):
        return [], refused + [
            f"{path}:{item.line}: quote {item.quote_id!r}: not written: the file would not "
            "read back with it; add the attribution by hand"
            for item in placed
        ]
    _replace_text(file, text)
    written = [
        f"{path}: quote {item.quote_id!r}: attribution: "
        f"{json.dumps(item.attribution, ensure_ascii=False)}"
        for item in placed
    ]
    return written, refused


def _with_attributions(
    path: str, meeting: Meeting, items: list[Suggestion], lines: list[str]
) -> tuple[list[str], list[Suggestion], list[str]]:
    """The file's lines with an attribution line for each proposal that has a place, the
    proposals placed, and why the others were not."""
    ending = "\r" if lines[0].endswith("\r") else ""
    inserts: list[tuple[int, str]] = []
    filled: dict[int, str] = {}
    placed: list[Suggestion] = []
    refused: list[str] = []
    for item in items:
        place = _insertion_line(meeting, item.index, lines)
        if place is None:
            refused.append(
                f"{path}:{item.line}: quote {item.quote_id!r}: not written: its keys are "
                "not one a line (a flow mapping, quoted keys) or it has an attribution "
                "key already; add the attribution by hand"
            )
            continue
        at, fills = place
        indent = re.match(_KEY_LINE, lines[at])
        assert indent is not None
        value = json.dumps(item.attribution, ensure_ascii=False)
        line = f"{indent['indent']}attribution: {value}{ending}"
        if fills:
            filled[at] = line
        else:
            inserts.append((at, line))
        placed.append(item)
    new_lines = [filled.get(number, line) for number, line in enumerate(lines)]
    for at, line in sorted(inserts, key=lambda insert: insert[0], reverse=True):
        new_lines.insert(at, line)
    return new_lines, placed, refused


def _replace_text(file: Path, text: str) -> None:
    """Write the file's new text beside it, then rename it over the file: a meeting file is
    never left half written."""
    handle, name = tempfile.mkstemp(prefix=f".{file.name}.", dir=file.parent)
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
        out.write(text)
    Path(name).chmod(file.stat().st_mode & 0o7777)
    Path(name).replace(file)


def _insertion_line(meeting: Meeting, index: int, lines: list[str]) -> tuple[int, bool] | None:
    """The index of a line of the quote that holds one plain key of its mapping in block style
    (`    text: …`, not `  - id: …`): a new key line before it keeps the YAML valid; or the
    quote's own `attribution:` line left empty, to fill (the flag says which). None when the
    quote has no such line."""
    if ("quotes", index, "attribution") in meeting.where.lines:
        at = meeting.where.line_of("quotes", index, "attribution") - 1
        if 0 <= at < len(lines) and _EMPTY_ATTRIBUTION.fullmatch(lines[at]):
            return at, True
        return None
    for key in ("speaker", "kind", "source", "text", "translation", "id"):
        if ("quotes", index, key) not in meeting.where.lines:
            continue
        at = meeting.where.line_of("quotes", index, key) - 1
        if 0 <= at < len(lines) and re.match(_KEY_LINE, lines[at]):
            return at, False
    return None


def suggest_for_project(
    root: Path, write: bool
) -> tuple[list[Suggestion], list[str], list[str], list[str]]:
    """Load the project and propose attributions; with `write`, add them to the files.

    Returns the proposals, the lines written, why some were not written, and the problems
    that kept files from loading (their quotes get no proposal)."""
    dossier, problems = load_dossier(root)
    proposed = suggestions(dossier)
    written, refused = write_suggestions(root, dossier, proposed) if write else ([], [])
    return proposed, written, refused, [str(problem) for problem in problems]
