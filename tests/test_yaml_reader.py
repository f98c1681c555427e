"""The one YAML reader of dossier files (`builder.content.yaml_reader`), read as an attacker
would write: YAML 1.1's surprises, aliases, tags, duplicate keys, deep nesting, tabs, control
characters. Each case asserts the exact data or the exact message, at the file's line."""

from __future__ import annotations

from typing import Any

import pytest

from builder.content.yaml_reader import read_yaml
from tests.conftest import Project, source_one


def read(text: str, first_line: int = 1) -> tuple[Any, dict[tuple[str | int, ...], int], list[str]]:
    data, where, problems = read_yaml(text, "f.yml", first_line)
    assert where.path == "f.yml"
    return data, dict(where.lines), [str(problem) for problem in problems]


def refused(text: str, first_line: int = 1) -> list[str]:
    data, lines, problems = read(text, first_line)
    assert data is None and lines == {}, (data, lines)
    return problems


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # YAML 1.2's core schema: these four kinds, everything else is text.
        *[("true", True), ("False", False), ("TRUE", True), ("~", None), ("null", None)],
        *[("Null", None), ("", None), ("1", 1), ("-2", -2), ("+3", 3), ("007", 7)],
        *[("1.5", 1.5), (".5", 0.5), ("1e3", 1000.0), ("1.", 1.0), ("-1.5e-2", -0.015)],
        # YAML 1.1 would read these as yes/no, numbers, a date or a merge: not here.
        *[("yes", "yes"), ("No", "No"), ("NO", "NO"), ("on", "on"), ("off", "off")],
        *[("0x1F", "0x1F"), ("0o7", "0o7"), ("1_000", "1_000"), ("12:30", "12:30")],
        *[("1:30", "1:30"), ("2024-01-05", "2024-01-05"), ("2024-13-45", "2024-13-45")],
        *[(".inf", ".inf"), (".nan", ".nan"), ("<<", "<<"), ("=", "="), ("Đà", "Đà")],
        *[("'1'", "1"), ('"true"', "true"), ("'it''s'", "it's"), ('"q\\"t"', 'q"t')],
    ],
)
def test_values_have_yaml_1_2_core_types(value: str, expected: Any) -> None:
    data, _, problems = read(f"k: {value}\nl: [{value}]\n")
    assert problems == []
    assert data == {"k": expected, "l": [expected] if value else []}
    assert type(data["k"]) is type(expected)


def test_every_key_has_its_line_counted_from_first_line() -> None:
    text = (
        "id: x\nplace:\n  city: {name: a, printed: b}\nquotes:\n  - id: q\n    text: >\n      t\n"
    )
    data, lines, problems = read(text, first_line=2)
    assert problems == []
    assert data == {
        "id": "x",
        "place": {"city": {"name": "a", "printed": "b"}},
        "quotes": [{"id": "q", "text": "t\n"}],
    }
    assert lines == {
        (): 2,
        ("id",): 2,
        ("place",): 3,
        ("place", "city"): 4,
        ("place", "city", "name"): 4,
        ("place", "city", "printed"): 4,
        ("quotes",): 5,
        ("quotes", 0): 6,
        ("quotes", 0, "id"): 6,
        ("quotes", 0, "text"): 7,
    }


@pytest.mark.parametrize(
    ("text", "line"),
    [("", 4), ("\n", 4), ("# only a comment\n", 4), ("---\n", 5), ("---\n...\n", 5)],
)
def test_an_empty_document_is_nothing_without_a_problem(text: str, line: int) -> None:
    assert read(text, first_line=4) == (None, {(): line}, [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Keys that are not names are text: a number, null or true as a key stays as written.
        ("1: a\nnull: b\ntrue: c\n1.5: d\n", {"1": "a", "null": "b", "true": "c", "1.5": "d"}),
        ("<<: {a: 1}\nb: 2\n", {"<<": {"a": 1}, "b": 2}),  # no merge keys
        ("a: &x 1\nb: 2\n", {"a": 1, "b": 2}),  # an anchor alone repeats nothing
        ("\ufeffa: 1\n", {"a": 1}),  # a byte order mark at the start
        ("a: 1\n\ufeffb: 2\n", {"a": 1, "\ufeffb": 2}),  # not at the start: part of a name
        ("a: 'Nói: “không”'\n", {"a": "Nói: “không”"}),
        ('a: "\\x07"\n', {"a": "\x07"}),  # an escape: the models refuse the character
        ("k" * 1000 + ": v\n", {"k" * 1000: "v"}),
    ],
)
def test_unusual_but_valid_documents_read_as_yaml_1_2_reads_them(text: str, expected: Any) -> None:
    data, _, problems = read(text)
    assert problems == []
    assert data == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: x\t\n", {"a": "x"}),  # a trailing tab
        ("a: 1 \t\nb: 2\t# note\n", {"a": 1, "b": 2}),
        ("a:\tx\n", {"a": "x"}),  # a tab after the colon
        ("a: x\ty\n", {"a": "x\ty"}),  # a tab inside plain text
        ("a: x \t y\n", {"a": "x \t y"}),
        ("a: [x,\ty]\n", {"a": ["x", "y"]}),
        ("a: 'x'\t\n", {"a": "x"}),
        ("a: |\t\n  x\t\n", {"a": "x\t\n"}),
        ("a: >-\t# c\n  x\n", {"a": "x"}),
        ("a: x\n  \t y\n", {"a": "x y"}),  # a tab after the indentation of a folded line
        ("a: x\n \t\nb: 1\n", {"a": "x", "b": 1}),
    ],
)
def test_tabs_separate_as_yaml_1_2_lets_them(text: str, expected: Any) -> None:
    data, _, problems = read(text)
    assert problems == []
    assert data == expected


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("\ta: 1\n", 1),
        ("a:\n\t- b\n", 2),
        ("a: 1\n\t\nb: 2\n", 2),
        ("- \tx\n", 1),
        ("a:\n  x\n\ty\n", 3),
        ("a: x\n\t# c\n", 2),
    ],
)
def test_a_tab_that_indents_is_refused_at_its_line(text: str, line: int) -> None:
    assert refused(text, first_line=1) == [
        f"f.yml:{line}: invalid YAML: a tab character; indent with spaces"
    ]


def test_a_document_in_plain_yaml_1_2_reads_as_before_with_tabs_after_values() -> None:
    with_tabs = "id: q\t\nspeaker:\tan\ntext: Chúng tôi\tsẽ hợp tác\t\nsources: [a,\tb]\n"
    assert read(with_tabs)[0] == {
        "id": "q",
        "speaker": "an",
        "text": "Chúng tôi\tsẽ hợp tác",
        "sources": ["a", "b"],
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &x [1, {b: c}]\nb: *x\n", "f.yml:3: invalid YAML: aliases (*name) are not supported"),
        ("- &a [*a]\n", "f.yml:2: invalid YAML: aliases (*name) are not supported"),
        ("a: 1\n<<: *a\n", "f.yml:3: invalid YAML: aliases (*name) are not supported"),
        ("*a\n", "f.yml:2: invalid YAML: aliases (*name) are not supported"),
    ],
)
def test_an_alias_is_refused_where_it_is_written(text: str, expected: str) -> None:
    # A few nested aliases would make a document exponentially large ("billion laughs").
    assert refused(text, first_line=2) == [f"{expected}; write the value out"]


def test_a_billion_laughs_is_refused_before_it_grows() -> None:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    rows += [
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)
    ]
    assert refused("\n".join(rows) + "\n") == [
        "f.yml:2: invalid YAML: aliases (*name) are not supported; write the value out"
    ]


@pytest.mark.parametrize(
    ("text", "tag", "line"),
    [
        ("a: !!python/object:os.system x\n", "!!python/object:os.system", 1),
        ("a: !!python/object/apply:os.system [ls]\n", "!!python/object/apply:os.system", 1),
        ("a: b\nc: !custom x\n", "!custom", 2),
        ("a: !!set {x, y}\n", "!!set", 1),
        ("a: !!int x\n", "!!int", 1),
        ("a: !!bool yes\n", "!!bool", 1),
        ("a: !!binary aGk=\n", "!!binary", 1),
        ("a: !!timestamp 2024-01-05\n", "!!timestamp", 1),
        ("!!omap [a: 1]\n", "!!omap", 1),
    ],
)
def test_a_tag_is_refused_at_its_line(text: str, tag: str, line: int) -> None:
    assert refused(text) == [
        f"f.yml:{line}: invalid YAML: YAML tags such as {tag!r} are not used in dossier files; "
        "remove the tag"
    ]


def test_a_key_that_is_a_list_or_a_mapping_is_refused() -> None:
    message = "invalid YAML: a key must be a plain name, not a list or mapping"
    assert refused("a: 1\n? [a]\n: b\n") == [f"f.yml:2: {message}"]
    assert refused("{a: 1}: 2\n") == [f"f.yml:1: {message}"]


def test_every_duplicate_key_is_reported_at_its_line_and_the_last_value_kept() -> None:
    data, lines, problems = read("a: 1\nb:\n  a: 1\n  a: 2\na: 3\n", first_line=10)
    assert data == {"a": 3, "b": {"a": 2}}
    assert lines[("a",)] == 14 and lines[("b", "a")] == 13
    assert problems == ["f.yml:13: duplicate key 'a'", "f.yml:14: duplicate key 'a'"]


def test_a_key_too_long_for_the_scanner_is_an_error_not_a_crash() -> None:
    # The scanner looks no further than 1,024 characters for the `:` of a key.
    assert refused("k" * 2000 + ": v\n") == [
        "f.yml:1: invalid YAML: a value holds ': '; put the whole value in quotes"
    ]


def test_nesting_up_to_the_limit_is_read_and_beyond_it_refused() -> None:
    deepest = "".join(f"{'  ' * depth}k{depth}:\n" for depth in range(49)) + "  " * 49 + "k: v\n"
    _, lines, problems = read(deepest)
    assert problems == []
    assert lines[(*(f"k{depth}" for depth in range(49)), "k")] == 50
    too_deep = "".join(f"{'  ' * depth}k{depth}:\n" for depth in range(50)) + "  " * 50 + "k: v\n"
    assert refused(too_deep) == ["f.yml:51: invalid YAML: nested more than 50 levels deep"]
    assert refused("a: " + "[" * 51 + "]" * 51 + "\n") == [
        "f.yml:1: invalid YAML: nested more than 50 levels deep"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: " + "[" * 100_000 + "]" * 100_000, "nested more than 50 levels deep"),
        ("- " * 200_000 + "x\n", "nested more than 50 levels deep"),
        ("? " * 200_000 + "x\n", "nested more than 50 levels deep"),
    ],
)
def test_nesting_deep_enough_to_exhaust_recursion_is_reported_not_crashed(
    text: str, message: str
) -> None:
    # Parsing stops 1,000 levels deep: neither parser then takes long, nor recurses.
    assert refused(text) == [f"f.yml:1: invalid YAML: {message}"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: b\x07\n", "f.yml:3: invalid YAML: a control character (U+0007) is not allowed"),
        (
            "a: 1\nb: \x1b[31m\n",
            "f.yml:4: invalid YAML: a control character (U+001B) is not allowed",
        ),
        ("a: \x9fb\n", "f.yml:3: invalid YAML: a control character (U+009F) is not allowed"),
        ("a: b\x00\n", "f.yml:3: invalid YAML: a control character (U+0000) is not allowed"),
        ("a: \ufffe\n", "f.yml:3: invalid YAML: a control character (U+FFFE) is not allowed"),
    ],
)
def test_a_character_yaml_forbids_is_refused_at_its_line(text: str, expected: str) -> None:
    assert refused(text, first_line=3) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: b: c\n", "f.yml:1: invalid YAML: a value holds ': '; put the whole value in quotes"),
        ("a: 1\nb: 'open\n", "f.yml:2: invalid YAML: the quoted text opened here never closes"),
        (
            "a: [1\n",
            "f.yml:2: invalid YAML: expected ',' or ']', but got '<stream end>' (while parsing a "
            "flow sequence that starts on line 1)",
        ),
        (
            "a:\n  - b\n c: d\n",
            "f.yml:3: invalid YAML: expected <block end>, but found '<block mapping start>' (while parsing a block "
            "mapping that starts on line 1)",
        ),
        (
            "a: @x\n",
            "f.yml:1: invalid YAML: while scanning for the next token found character "
            "'@' that cannot start any token",
        ),
        (
            "---\na: 1\n---\nb: 2\n",
            "f.yml:3: invalid YAML: but found another document (expected a single document in "
            "the stream that starts on line 2)",
        ),
        (
            "a: x\u2028y\n",  # YAML 1.1 breaks the line at U+2028; the file's lines do not
            "f.yml:2: invalid YAML: could not find expected ':' (while scanning a simple key "
            "that starts on line 1)",
        ),
    ],
)
def test_a_syntax_error_is_said_in_plain_words_at_its_line(text: str, expected: str) -> None:
    assert refused(text) == [expected]


def test_a_record_with_tabs_after_its_values_builds(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    record = source_one().replace("language: vi\n", "language:\tvi\t\n", 1)
    assert "language:\tvi\t\n" in record
    project.write("site_src/sources/2024-01-05-bao-mau.yml", record)
    result = project.run("check", capsys=capsys)
    assert result.status == 0, result.err


# --- hostile documents (r17-attack) -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ['a: 1\nb: "\\U00110000"\n', 'a: 1\n"\\UFFFFFFFF": 2\n', 'a: 1\nb: ["\\U0011FFFF"]\n'],
)
def test_an_escape_past_the_last_code_point_is_an_error_not_a_crash(text: str) -> None:
    assert refused(text, first_line=2) == [
        "f.yml:3: invalid YAML: while parsing a quoted scalar found invalid Unicode character "
        "escape code"
    ]


@pytest.mark.parametrize("odd", ["\x85", "\u2028", "\u2029"])
def test_lines_are_the_file_s_lines_where_yaml_also_breaks_at_nel_ls_or_ps(odd: str) -> None:
    """An editor shows `a: 1{odd}b: 2` as one line; the lines after it keep their numbers."""
    text = f"a: 1{odd}b: 2\nc: [1,\n  2]\nd: x\nd: y\n"
    data, lines, problems = read(text, first_line=2)
    assert data == {"a": 1, "b": 2, "c": [1, 2], "d": "y"}
    assert lines == {
        (): 2,
        ("a",): 2,
        ("b",): 2,
        ("c",): 3,
        ("c", 0): 3,
        ("c", 1): 4,
        ("d",): 6,
    }
    assert problems == ["f.yml:6: duplicate key 'd'"]
    assert refused(f"a: 1{odd}b: 2\nc: [\n") == [
        "f.yml:3: invalid YAML: while parsing a flow node expected the node content, but found "
        "'<stream end>'"
    ]


def test_a_comment_holding_a_line_separator_is_an_error_at_the_file_s_line(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project.src / "meetings/2024-01-05-hanoi.md"
    text = path.read_text(encoding="utf-8")
    title = "title: An and Bình meet in Hanoi\n"
    assert text.split("\n").index(title.strip()) == 2
    path.write_text(text.replace(title, "title: An and Bình meet in Hanoi  # a\u2028b\n"))
    result = project.run("check", capsys=capsys)
    assert result.status == 1
    assert result.err.splitlines()[0] == (
        "site_src/meetings/2024-01-05-hanoi.md:4: invalid YAML: could not find expected ':' "
        "(while scanning a simple key that starts on line 3)"
    )


@pytest.mark.parametrize(
    "text", ["a: 1\nb: " + "7" * 5000 + "\n", "a: 1\nb: [-" + "9" * 4301 + "]\n"]
)
def test_a_number_too_long_for_python_is_an_error_not_a_crash(text: str) -> None:
    digits = text.count("7") or text.count("9")
    assert refused(text, first_line=2) == [
        f"f.yml:3: invalid YAML: a number {digits:,} digits long; if it is text, put it in quotes"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1" * 4300, int("1" * 4300)), ("1e999999", float("inf")), ("-0.0", -0.0), ("'1e3'", "1e3")],
)
def test_long_and_huge_numbers_that_python_reads(value: str, expected: Any) -> None:
    data, _, problems = read(f"a: {value}\n")
    assert (data, problems) == ({"a": expected}, [])


def test_as_text_every_untagged_scalar_is_its_text_as_written() -> None:
    text = "a: no\nb: null\nc: 1.0\nd: ~\ne: true\nf: 0o17\ng:\n  - 1_000\n  - 'x'\nh:\n"
    data, where, problems = read_yaml(text, "strings.yml", as_text=True)
    assert problems == []
    assert data == {
        "a": "no",
        "b": "null",
        "c": "1.0",
        "d": "~",
        "e": "true",
        "f": "0o17",
        "g": ["1_000", "x"],
        "h": "",
    }
    assert where.line_of("g", 1) == 9
    # The same text read as data: YAML 1.2's core types.
    typed, _, _ = read_yaml(text, "strings.yml")
    assert (typed["b"], typed["c"], typed["e"], typed["h"]) == (None, 1.0, True, None)


def test_as_text_refuses_what_dossier_files_do_not_use_all_the_same() -> None:
    for text, message in [
        (
            "a: &x y\nb: *x\n",
            "2: invalid YAML: aliases (*name) are not supported; write the value out",
        ),
        (
            "a: !!binary eA==\n",
            "1: invalid YAML: YAML tags such as '!!binary' are not used in dossier files; remove the tag",
        ),
        ("a: 1\na: 2\n", "2: duplicate key 'a'"),
    ]:
        _, _, problems = read_yaml(text, "s.yml", as_text=True)
        assert [f"{problem.line}: {problem.message}" for problem in problems] == [message]
