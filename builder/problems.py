"""Problems found in the content: collected by every stage, reported together at the end."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, at a file and line."""

    path: str
    """The file, relative to the project root."""
    line: int
    """1-based line in that file."""
    message: str
    """What is wrong, what was expected and what was found."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """Raised once, at the end of a stage, when the content has problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(problem) for problem in self.problems))
