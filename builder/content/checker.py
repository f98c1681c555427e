"""The state of one validation run, shared by the checks of sources, meetings and people: the
problems found so far, in the order found, each source's raw article folded once, and where
each quote was found."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from builder.content.models import Dossier, Located, Source
from builder.content.printed import SourceText
from builder.content.text import Match, fold_quote
from builder.content.words import has_word
from builder.problems import Problem


class Checker:
    """Collects problems while walking the dossier; one instance per validation run."""

    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self.problems: list[Problem] = []
        self.texts: dict[str, SourceText] = {}
        self.matches: dict[str, Match] = {}
        """Quote id to its place in the article text."""
        self.claim_matches: dict[tuple[str, str], Match | None] = {}
        """(Claim id, source id) to the place of the value's printed words in the article
        text; None for words that stand in the headline."""

    def text_of(self, source: Source) -> SourceText:
        """The source's raw article, folded when first needed."""
        text = self.texts.get(source.id)
        if text is None:
            text = self.texts[source.id] = SourceText(source)
        return text

    def report(self, path: str, line: int, message: str) -> None:
        """Add a problem at `path:line`."""
        self.problems.append(Problem(path, line, message))

    def unknown(self, path: str, line: int, kind: str, value: str) -> None:
        """Report a reference to a source, person or speaker (a person or an organisation)
        that does not exist.

        A source whose file failed to load, or anyone while `people.yml` failed to load, is
        not reported again at every reference: its own problem already was.
        """
        if kind == "source":
            if value in self.dossier.unloaded_sources:
                return
            self.report(path, line, unknown_message(kind, value, self.dossier.sources))
        elif not self.dossier.people_unloaded:
            # A quote may give words to an organisation; a participant is a person.
            known = self.dossier.speakers if kind == "speaker" else self.dossier.people
            self.report(path, line, unknown_message(kind, value, known))

    def check_printed(
        self,
        where: Located,
        key: tuple[str | int, ...],
        label: str,
        printed: str,
        text: SourceText,
        in_what: str = "",
    ) -> None:
        """Report a `printed` value (a name, a headline) that holds no word, or that the raw
        article does not print as whole words (`find_words`): `" "`, `":"` and `"n"` would be
        found in any article, and `Mớ` is not printed by an article that prints `Mới`."""
        where_printed = in_what or "the raw article"
        # A headline is long; its line says which it is.
        shown = label if label == "headline" else f"{label}: {printed!r}"
        # The line is looked up only for a problem: finding lines reads the file again.
        if not has_word(printed):
            self.report(
                where.path,
                where.line_of(*key),
                f"{shown} holds no word: give the words as {where_printed} prints "
                "them (at least one word of two or more letters or digits)",
            )
        elif not text.prints(printed):
            inside = fold_quote(printed) in text.raw
            self.report(
                where.path,
                where.line_of(*key),
                f"{shown} is not printed in {where_printed}"
                + (" as whole words (only inside longer words)" if inside else ""),
            )


def unknown_message(kind: str, value: str, known: Mapping[str, object]) -> str:
    """Why a reference names nothing, with the nearest name known and every name known."""
    message = f"unknown {kind} {value!r}"
    # A shortened id (`bao-mau` for `2024-01-05-bao-mau`) is too short for difflib's ratio.
    containing = sorted(name for name in known if len(value) >= 3 and value in name)
    close = containing[:1] or difflib.get_close_matches(value, list(known), n=1)
    if close:
        message += f"; did you mean {close[0]!r}?"
    return message + f" (known: {', '.join(sorted(known)) or 'none'})"
