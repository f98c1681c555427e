"""The strings a reader sees, by key, in the site's interface language.

One YAML file per language (`builder/site/strings/<language>.yml`, English in `en.yml`) holds
every string of the pages and scripts: templates ask for one with `{{ "meeting.date" | t }}`,
Python code with `interface_text("meeting.date")`. A string may take `{placeholders}`, filled
in by the caller; a string with forms (`one:`, `other:`) is chosen by its `count`, by the language's
plural rule. Dates are worded by the file's own patterns (`locale.day`, `locale.month`), from
its month names or the month's number, never from the process's locale.

The file is read once per language and checked whole: a translation must have exactly the keys
of `en.yml`, and use only the placeholders its English string uses. Problems are reported as
`path:line: message`, every one at once (`StringsError`).

Rendering runs with one language's strings active (`activate`, called by the render stage for
its environment), so that the views that word dates and labels need not be handed them; like
Django's active translation, which is also set once for the work at hand.
"""

from __future__ import annotations

import contextvars
import functools
import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from builder.content.models import Located
from builder.content.yaml_reader import read_yaml
from builder.problems import ContentError, Problem

SHIPPED_DIR = Path(__file__).resolve().parent / "strings"
"""Where the strings files of the languages we ship live."""

STRINGS_DIR = SHIPPED_DIR
"""Where `load_strings` looks for a language's file (a test may point it elsewhere)."""

REFERENCE_LANGUAGE = "en"
"""The language whose file every other language's file is checked against."""

PLURAL_RULES: dict[str, Callable[[int], str]] = {
    "one-other": lambda count: "one" if count == 1 else "other",
    "other": lambda count: "other",
}
"""How a count chooses a string's form, by the name a strings file gives in `locale.plural`;
a language with other forms (few, many) adds its rule here."""

PLURAL_FORMS = {"one-other": ("one", "other"), "other": ("other",)}
"""The forms each rule chooses among: a string with forms must have exactly these."""

_LOCALE_KEYS = ("plural", "months", "day", "month")

_DATE_PARTS = {
    "day": ("day", "month", "month_number", "year"),
    "month": ("month", "month_number", "year"),
}
"""The fields each date format is given (`Strings.date`): it may use no other. `month` is the
month's name from `locale.months`; `month_number` its number (1 to 12), for a language that
writes months by number (Vietnamese: `ngày 3 tháng 9 năm 2025`, `tháng 6/2024`)."""


class StringsError(ContentError):
    """A strings file is missing or wrong: every problem found in it, reported as the
    content's problems are."""


class MissingString(LookupError):
    """A key that the strings file does not hold, or a string asked for without a value that
    it needs: a mistake of a template or of the site's code."""


Entry = str | dict[str, str]
"""A string, or its forms by plural category."""


@dataclass(frozen=True)
class Strings:
    """One language's strings, checked."""

    language: str
    path: str
    """The file, as error messages name it."""
    entries: dict[str, Entry]
    """Every string by dotted key (`meeting.date`)."""
    lines: dict[str, int]
    """The line of each key in the file."""
    plural: str
    months: tuple[str, ...]
    day_format: str
    month_format: str
    _dates: dict[date | str, str] = field(default_factory=dict, compare=False, repr=False)

    def text(self, key: str, /, **fields: Any) -> str:
        """The string `key` with its placeholders filled in from `fields`; a string with forms
        takes the form that `fields["count"]` chooses. A field given as `Markup` (a piece of
        the page that a template made) makes the result `Markup`, the string itself escaped."""
        entry = self.entries.get(key)
        if entry is None:
            raise MissingString(f'no string "{key}" in {self.path}')
        if isinstance(entry, dict):
            count = fields.get("count")
            if not isinstance(count, int):
                raise MissingString(f'string "{key}" of {self.path} has forms: give it count=')
            entry = entry[PLURAL_RULES[self.plural](count)]
        if not fields and "{" not in entry and "}" not in entry:
            return entry
        try:
            if any(isinstance(value, Markup) for value in fields.values()):
                return escape(entry).format(**fields)
            return entry.format(**fields)
        except KeyError as error:
            raise MissingString(
                f'string "{key}" of {self.path} needs a value for {{{error.args[0]}}}'
            ) from None

    def has(self, key: str) -> bool:
        """Whether the file holds the string `key` (for strings looked up by a name from the
        content, such as a language's, which fall back to the name itself)."""
        return key in self.entries

    def date(self, value: date | str) -> str:
        """A date in the language's words, by its patterns: `13 September 2023` (Vietnamese:
        `ngày 13 tháng 9 năm 2023`); a month (`2024-06`): `June 2024` (`tháng 6/2024`)."""
        worded = self._dates.get(value)
        if worded is None:
            if isinstance(value, date):
                pattern, year, number = self.day_format, value.year, value.month
            else:
                pattern, (year, number) = self.month_format, map(int, value.split("-"))
            month = self.months[number - 1]
            day = value.day if isinstance(value, date) else None
            worded = pattern.format(day=day, month=month, month_number=number, year=year)
            self._dates[value] = worded
        return worded


_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{1,8})*")
"""A language code as `theme.language` takes it (`en`, `vi`, `pt-BR`, `zh-Hant`)."""


def _shown_path(path: Path) -> str:
    """A strings file as messages name it: from the package's parent for ours."""
    package_root = Path(__file__).resolve().parents[2]
    resolved = path.resolve()
    if resolved.is_relative_to(package_root):
        return resolved.relative_to(package_root).as_posix()
    return str(path)


def load_strings(language: str) -> Strings:
    """The checked strings of `language`, from its file in `STRINGS_DIR`, read once;
    `StringsError` with every problem found otherwise."""
    return _load(language, STRINGS_DIR)


@functools.cache
def _load(language: str, folder: Path) -> Strings:
    if not _LANGUAGE.fullmatch(language):
        message = f"theme.language is {language!r}: expected a language code such as 'en' or 'vi'"
        raise StringsError([Problem("mkdocs.yml", 1, message)])
    path = folder / f"{language}.yml"
    shown = _shown_path(path)
    if not path.is_file():
        known = ", ".join(sorted(item.stem for item in folder.glob("*.yml")))
        message = (
            f"theme.language is {language!r}, but there are no interface strings for it: "
            f"{shown} does not exist (languages with strings: {known})"
        )
        raise StringsError([Problem("mkdocs.yml", 1, message)])
    strings, problems = _read(language, path, shown)
    if language != REFERENCE_LANGUAGE and not problems:
        problems += _compare(strings, _load(REFERENCE_LANGUAGE, SHIPPED_DIR))
    if problems:
        raise StringsError(problems)
    return strings


def _read(language: str, path: Path, shown: str) -> tuple[Strings, list[Problem]]:
    """Read one strings file, with the dossier's YAML reader, its values as written: its
    entries and locale, and what is wrong with them."""
    problems: list[Problem] = []
    entries: dict[str, Entry] = {}
    lines: dict[str, int] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise StringsError([Problem(shown, 1, f"cannot be read: {error}")]) from None
    data, where, found = read_yaml(text, shown, as_text=True)
    if found and data is None:
        raise StringsError(found)
    problems += found
    if not isinstance(data, dict):
        raise StringsError([Problem(shown, 1, "expected a mapping of strings by key")])
    for key, path_of_key, value in _walk(data, (), where, shown, problems):
        lines[key] = where.line_of(*path_of_key)
        entry = _entry(key, path_of_key, value, where, problems)
        if entry is not None:
            entries[key] = entry
    strings = _with_locale(language, shown, entries, lines, problems)
    return strings, sorted(problems, key=lambda problem: problem.line)


def _with_locale(
    language: str,
    shown: str,
    entries: dict[str, Entry],
    lines: dict[str, int],
    problems: list[Problem],
) -> Strings:
    """The strings of a file, its `locale` section taken out of `entries` and checked."""
    locale = {key: entries.pop(f"locale.{key}", None) for key in _LOCALE_KEYS}
    months = locale["months"].split("\n") if isinstance(locale["months"], str) else []
    plural = locale["plural"] if isinstance(locale["plural"], str) else ""
    if plural not in PLURAL_RULES:
        rules = ", ".join(PLURAL_RULES)
        where = lines.get("locale.plural", 1)
        problems.append(Problem(shown, where, f"locale.plural must be one of: {rules}"))
    else:
        forms = PLURAL_FORMS[plural]
        for key, entry in entries.items():
            if isinstance(entry, dict) and set(entry) != set(forms):
                names = ", ".join(forms)
                message = f"{key}: with locale.plural {plural}, a string has the forms: {names}"
                problems.append(Problem(shown, lines[key], message))
    if len(months) != 12:
        problems.append(Problem(shown, lines.get("locale.months", 1), "locale.months: 12 names"))
    formats: dict[str, str] = {}
    for key, parts in _DATE_PARTS.items():
        value = locale[key]
        if isinstance(value, str):
            formats[key] = value
            try:
                used = placeholders(value)
            except ValueError:  # braces that do not pair: `_checked_format` reported it
                used = set()
            for name in sorted(used - set(parts)):
                allowed = ", ".join(f"{{{part}}}" for part in parts)
                message = f"locale.{key} uses {{{name}}}; a date format may use {allowed}"
                problems.append(Problem(shown, lines.get(f"locale.{key}", 1), message))
        else:
            formats[key] = ""
            problems.append(Problem(shown, 1, f"locale.{key}: a date format is missing"))
    return Strings(
        language=language,
        path=shown,
        entries=entries,
        lines=lines,
        plural=plural,
        months=tuple(months),
        day_format=formats["day"],
        month_format=formats["month"],
    )


def _walk(
    mapping: dict[str, Any],
    path: tuple[str, ...],
    where: Located,
    shown: str,
    problems: list[Problem],
) -> Iterator[tuple[str, tuple[str, ...], Any]]:
    """Every entry under a mapping, by dotted key: a section's mapping is walked into, a
    string's forms (a mapping with `other`) and the month names are entries."""
    for name, value in mapping.items():
        if not name or "." in name:
            problems.append(Problem(shown, where.line_of(*path, name), "a key must be a word"))
            continue
        if isinstance(value, dict) and "other" not in value:
            yield from _walk(value, (*path, name), where, shown, problems)
        else:
            yield ".".join((*path, name)), (*path, name), value


def _entry(
    key: str, path: tuple[str, ...], value: Any, where: Located, problems: list[Problem]
) -> Entry | None:
    """One entry's text, its forms, or (for `locale.months`) its names one to a line."""
    shown, line = where.path, where.line_of(*path)
    if isinstance(value, str):
        if not value.strip():
            problems.append(Problem(shown, line, f"{key}: the string is empty"))
            return None
        return _checked_format(key, value, shown, line, problems)
    if key == "locale.months" and isinstance(value, list):
        names = [name for name in value if isinstance(name, str)]
        return "\n".join(names) if len(names) == len(value) else None
    if isinstance(value, dict):
        forms: dict[str, str] = {}
        for form, text in value.items():
            entry = _entry(f"{key}.{form}", (*path, form), text, where, problems)
            if isinstance(entry, str):
                forms[form] = entry
        return forms
    found = "a list" if isinstance(value, list) else "a value that is not text"
    problems.append(Problem(shown, line, f"{key}: expected a string, found {found}"))
    return None


def _checked_format(key: str, text: str, shown: str, line: int, problems: list[Problem]) -> str:
    """`text`, if its `{placeholders}` are well formed; a problem is noted otherwise."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError as error:
        problems.append(Problem(shown, line, f"{key}: {error} (a brace is written {{{{ or }}}})"))
        return text
    for _, name, spec, conversion in fields:
        # `{count:>999999999999}` would fill the memory when the page is rendered.
        if name is not None and (spec or conversion):
            written = (
                f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}"
            )
            message = f"{key}: {written} is written {{{name}}}, with no format or conversion"
            problems.append(Problem(shown, line, message))
    return text


def placeholders(entry: Entry) -> set[str]:
    """The names of the `{placeholders}` of a string, in all its forms."""
    texts = entry.values() if isinstance(entry, dict) else [entry]
    return {
        name
        for text in texts
        for _, name, _, _ in string.Formatter().parse(text)
        if name is not None
    }


def _compare(strings: Strings, reference: Strings) -> list[Problem]:
    """A translation's keys and placeholders against the reference language's."""
    problems: list[Problem] = []
    for key in sorted(reference.entries.keys() - strings.entries.keys()):
        message = f"{key} is missing (every string of {reference.path} needs a translation)"
        problems.append(Problem(strings.path, 1, message))
    for key in sorted(strings.entries.keys() - reference.entries.keys()):
        message = f"{key} is not a string of {reference.path} (a misspelt key?)"
        problems.append(Problem(strings.path, strings.lines[key], message))
    for key in sorted(strings.entries.keys() & reference.entries.keys()):
        if isinstance(strings.entries[key], dict) and isinstance(reference.entries[key], str):
            message = (
                f"{key} has forms, but the string of {reference.path} has none (it is given "
                "no count); write one string"
            )
            problems.append(Problem(strings.path, strings.lines[key], message))
        extra = placeholders(strings.entries[key]) - placeholders(reference.entries[key])
        if extra:
            names = ", ".join(f"{{{name}}}" for name in sorted(extra))
            message = f"{key} uses {names}, which the string of {reference.path} does not give"
            problems.append(Problem(strings.path, strings.lines[key], message))
    return problems


_active: contextvars.ContextVar[Strings] = contextvars.ContextVar("dossier_strings")


def activate(strings: Strings) -> None:
    """Make `strings` the ones that `interface_text` and `format_date` use from now on, in
    this context."""
    _active.set(strings)


def active() -> Strings:
    """The strings being rendered with: English until `activate` names others."""
    found = _active.get(None)
    return found if found is not None else load_strings(REFERENCE_LANGUAGE)


def interface_text(key: str, /, **fields: Any) -> str:
    """`Strings.text` of the active strings."""
    return active().text(key, **fields)


def template_filter(strings: Strings) -> Callable[..., str]:
    """The `t` filter of a Jinja environment: `{{ "meeting.date" | t }}`,
    `{{ "count.quotes" | t(count=n) }}`. What it gives is text, which autoescape escapes like
    any other value. A key the file does not hold is an error of the template, reported at
    the template's line."""

    def t(key: str, /, **fields: Any) -> str:
        try:
            return strings.text(key, **fields)
        except MissingString as error:
            raise jinja2.TemplateRuntimeError(str(error)) from None

    return t


def environment_strings(environment: jinja2.Environment) -> Strings:
    """The strings a Jinja environment was made with (its global `strings`)."""
    strings = environment.globals.get("strings")
    if not isinstance(strings, Strings):
        raise TypeError("an environment without strings: make it with make_environment")
    return strings
