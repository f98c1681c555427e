"""Review left undone: the `# REVIEW` markers `dossier ingest` writes in source records, and
the `TODO` markers and instructions `dossier new meeting` writes in meetings (`ingest.scaffold`).

Each left in a file is a problem at its line, so that nothing an editor was asked to check is
published unchecked. A marker on a line that already has another problem (`title: null  # TODO`
is also a missing title) is not reported again: one message a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.problems import Problem


@dataclass(frozen=True)
class MarkerProblem(Problem):
    """A marker left in a file: dropped when another problem names the same line
    (`without_covered_markers`, which also makes it a plain `Problem` again)."""


# A YAML comment starts with `#` at the start of a line or after white space.
_COMMENT_MARKER = re.compile(
    r"(?:^|\s)#\s*(?P<marker>REVIEW|TODO)\b:?\s*(?P<note>.*)$", re.IGNORECASE
)
_TODO_IN_TEXT = re.compile(r"\bTODO\b:?\s*(?P<note>.*)$")

# What `ingest.scaffold.render_meeting` writes besides its markers: its header, its commented
# example quote, and the summary's instruction (tests/test_review_markers.py keeps them in step).
_SCAFFOLD_HEADER = ("# Scaffolded by `dossier new meeting`.", "# marked REVIEW, then run")
_SCAFFOLD_EXAMPLE = re.compile(r"#\s+(?:- id|speaker|kind|source|text|translation|attribution):")
_SCAFFOLD_SUMMARY = "End every sentence with a footnote to the source that says it."


def _shown(note: str) -> str:
    note = note.strip()
    if not note:
        return ""
    return f': "{note}"' if len(note) <= 70 else f': "{note[:67]}..."'


def may_hold_markers(text: str) -> bool:
    """A quick test that spares the line by line scan of the files that hold no marker."""
    folded = text.upper()
    return (
        "TODO" in folded
        or "REVIEW" in folded
        or _SCAFFOLD_HEADER[0] in text
        or _SCAFFOLD_SUMMARY in text
        or "#  - id:" in text
    )


def source_record_markers(text: str, path: str) -> list[Problem]:
    """The `# REVIEW` (and `# TODO`) comments left in a source record's text."""
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = _COMMENT_MARKER.search(line)
        if match is not None:
            problems.append(_marker_problem(path, number, match["marker"], match["note"]))
    return problems


def meeting_markers(text: str, path: str, body_line: int) -> list[Problem]:
    """The markers and scaffold instructions left in a meeting file's text; `body_line` is the
    file line where the summary starts (the front matter's comments are before it)."""
    problems: list[Problem] = []
    example_reported = False
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if number < body_line:
            if stripped.startswith(_SCAFFOLD_HEADER[0]):
                problems.append(
                    MarkerProblem(
                        path,
                        number,
                        "the instructions of `dossier new meeting` are still here; do what they "
                        "say, then delete them",
                    )
                )
                continue
            if stripped.startswith(_SCAFFOLD_HEADER[1]):
                continue
            if _SCAFFOLD_EXAMPLE.match(stripped):
                if not example_reported:
                    problems.append(
                        MarkerProblem(
                            path,
                            number,
                            "the example quote of `dossier new meeting` is still here (commented "
                            "out); write the quotes under 'quotes:' and delete it",
                        )
                    )
                example_reported = True
                continue
            match = _COMMENT_MARKER.search(line)
            if match is not None:
                problems.append(_marker_problem(path, number, match["marker"], match["note"]))
                continue
            # A TODO written as a value (`translation: 'TODO: translate'`) would be published.
            value = _TODO_IN_TEXT.search(line)
            if value is not None:
                problems.append(_marker_problem(path, number, "TODO", value["note"]))
            continue
        if _SCAFFOLD_SUMMARY in line:
            problems.append(
                MarkerProblem(
                    path,
                    number,
                    f'the instruction "{_SCAFFOLD_SUMMARY}" of `dossier new meeting` is still in '
                    "the summary; write the summary in its place",
                )
            )
            continue
        match = _TODO_IN_TEXT.search(line)
        if match is not None:
            problems.append(_marker_problem(path, number, "TODO", match["note"]))
    return problems


def _marker_problem(path: str, line: int, marker: str, note: str) -> MarkerProblem:
    if marker.upper() == "REVIEW":
        return MarkerProblem(
            path,
            line,
            f"REVIEW marker left{_shown(note)}; check the value against the article, then "
            "delete the '# REVIEW' comment",
        )
    return MarkerProblem(path, line, f"TODO left{_shown(note)}; write it, then delete the TODO")


def without_covered_markers(problems: list[Problem]) -> list[Problem]:
    """The problems less each marker on a line that another problem already names; the
    markers kept are plain `Problem`s (problems of one class sort and compare together)."""
    named = {
        (problem.path, problem.line)
        for problem in problems
        if not isinstance(problem, MarkerProblem)
    }
    return [
        Problem(problem.path, problem.line, problem.message)
        if isinstance(problem, MarkerProblem)
        else problem
        for problem in problems
        if not isinstance(problem, MarkerProblem) or (problem.path, problem.line) not in named
    ]
