"""The engine layer: one interface, MkDocs + Material behind it, and MkDocs nowhere else."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from builder.engine import DocsTree, Engine, EngineFailure, engine_for
from builder.engine.mkdocs_material import build_date
from builder.problems import ContentError
from tests.conftest import REPO, Project, files_under


def _imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, at its top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_module_outside_the_engine_layer_imports_mkdocs_or_material() -> None:
    outside = [
        path
        for path in sorted((REPO / "builder").rglob("*.py"))
        if not path.is_relative_to(REPO / "builder" / "engine")
    ]
    assert len(outside) > 10
    for path in outside:
        engines = {
            name for name in _imported_modules(path) if name.split(".")[0] in {"mkdocs", "material"}
        }
        assert engines == set(), path
    # The check sees an import of MkDocs where there is one.
    assert "mkdocs.commands.build" in _imported_modules(
        REPO / "builder" / "engine" / "mkdocs_material.py"
    )


def test_the_project_s_engine_is_mkdocs_with_material(project: Project) -> None:
    engine: Engine = engine_for(project.root)
    assert engine.name == "MkDocs"
    assert {"mkdocs", "mkdocs-material"} <= set(engine.packages)
    assert engine.language() == "en"


@pytest.mark.parametrize(
    ("theme", "language"),
    [
        ("theme:\n  name: material\n  language: vi\n", "vi"),
        ("theme:\n  name: material\n", "en"),  # Material's own default
        ("theme: material\n", "en"),
        ("theme: mkdocs\n", "en"),  # a theme without a language: English
        ("", "en"),  # no theme at all
    ],
)
def test_the_language_is_the_one_mkdocs_yml_names(
    tmp_path: Path, theme: str, language: str
) -> None:
    (tmp_path / "mkdocs.yml").write_text(f"site_name: x\n{theme}", encoding="utf-8")
    assert engine_for(tmp_path).language() == language


def test_a_config_that_is_no_mapping_is_reported_by_the_build_not_by_the_language(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project.write("mkdocs.yml", "[1, 2]\n")
    assert engine_for(project.root).language() == "en"
    result = project.run("build", capsys=capsys)
    assert result.status == 1
    assert result.err.splitlines()[0] == (
        "mkdocs.yml:1: The configuration is invalid. Expected a key-value mapping (dict) but "
        "received: <class 'list'>"
    )
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("config", "said"),
    [
        (None, "mkdocs.yml:1: the MkDocs configuration file is missing"),
        (
            "site_name: x\ntheme: [material\n",
            "mkdocs.yml:3: invalid YAML: expected ',' or ']', but got '<stream end>'",
        ),
        (
            "site_name: x\ntheme:\n  name: no-such-theme\n",
            "mkdocs.yml:1: Config value 'theme': Unrecognised theme name: 'no-such-theme'.",
        ),
        ("site_name: x\ntheme:\n  language: [1, 2]\n", "mkdocs.yml:1: Config value 'theme':"),
    ],
)
def test_a_configuration_the_engine_cannot_read_is_a_problem_at_its_place(
    tmp_path: Path, config: str | None, said: str
) -> None:
    if config is not None:
        (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        engine_for(tmp_path).language()
    assert len(raised.value.problems) == 1
    assert str(raised.value.problems[0]).startswith(said)


def test_a_build_that_fails_is_an_engine_failure_in_the_engine_s_words(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("[x](missing.md)\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\ntheme:\n  name: material\n  font: false\n", encoding="utf-8"
    )
    tree = DocsTree(tmp_path / "docs", [{"Home": "index.md"}], 0)
    with pytest.raises(EngineFailure) as raised:
        engine_for(tmp_path).build(tree, tmp_path / "site")
    assert raised.value.engine == "MkDocs"
    assert raised.value.reason == "Aborted with 1 warnings in strict mode!"


def test_the_engine_builds_a_docs_tree_with_the_nav_it_is_given(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    for name in ("index", "b", "a"):
        (tmp_path / "docs" / f"{name}.md").write_text(f"# Page {name}\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nuse_directory_urls: false\ntheme:\n  name: material\n  font: false\n",
        encoding="utf-8",
    )
    nav = [{"Home": "index.md"}, {"Part": [{"B first": "b.md"}, {"A second": "a.md"}]}]
    offline_s = engine_for(tmp_path).build(DocsTree(tmp_path / "docs", nav, 0), tmp_path / "s")
    assert offline_s == 0.0  # no dossier plugin in this configuration
    home = (tmp_path / "s" / "index.html").read_text(encoding="utf-8")
    assert home.index("B first") < home.index("A second")
    assert {"a.html", "b.html", "index.html"} <= set(files_under(tmp_path / "s"))


def test_the_build_date_is_the_content_s_unless_the_caller_sets_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with build_date(1234):
        assert os.environ["SOURCE_DATE_EPOCH"] == "1234"
    assert "SOURCE_DATE_EPOCH" not in os.environ
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99")
    with build_date(1234):
        assert os.environ["SOURCE_DATE_EPOCH"] == "99"
    assert os.environ["SOURCE_DATE_EPOCH"] == "99"


def test_asking_the_engine_for_its_packages_imports_nothing_of_mkdocs(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from builder.engine import engine_for; "
        "engine_for(Path('.')).packages; "
        "print(sorted(m for m in sys.modules if m.startswith(('mkdocs', 'material', 'yaml'))))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert completed.stdout.strip() == "[]"


# --- hostile configurations (r17-attack) ------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("''", "theme.language is empty: expected a language code such as 'en' or 'vi'"),
        ("null", "theme.language is empty: expected a language code such as 'en' or 'vi'"),
        (
            "xx",
            "theme.language is 'xx', a language the theme does not know "
            "(it has no partials/languages/xx.html)",
        ),
    ],
)
def test_a_language_the_theme_cannot_show_is_a_problem_of_mkdocs_yml(
    tmp_path: Path, language: str, said: str
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: x\ntheme:\n  name: material\n  font: false\n  language: {language}\n",
        encoding="utf-8",
    )
    tree = DocsTree(tmp_path / "docs", [{"Home": "index.md"}], 0)
    with pytest.raises(ContentError) as raised:
        engine_for(tmp_path).build(tree, tmp_path / "site")
    assert [str(problem) for problem in raised.value.problems] == [f"mkdocs.yml:1: {said}"]
    assert not (tmp_path / "site").exists()


def test_a_language_the_project_s_own_theme_folder_adds_is_known(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    languages = tmp_path / "theme" / "partials" / "languages"
    languages.mkdir(parents=True)
    (languages / "xx.html").write_text(
        '{% macro t(key) %}{{ {"language": "xx", "direction": "ltr"}[key] or key }}{% endmacro %}',
        encoding="utf-8",
    )
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\ntheme:\n  name: material\n  font: false\n  language: xx\n"
        "  custom_dir: theme\n",
        encoding="utf-8",
    )
    tree = DocsTree(tmp_path / "docs", [{"Home": "index.md"}], 0)
    engine_for(tmp_path).build(tree, tmp_path / "site")
    assert '<html lang="xx"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("config", "said"),
    [
        ("", "dossier: the MkDocs build failed (Aborted with a configuration error!)"),
        (
            "- a\n",
            "mkdocs.yml:1: The configuration is invalid. Expected a key-value mapping (dict) "
            "but received: <class 'list'>",
        ),
        (
            "site_name: x\nx: \x07\n",
            "mkdocs.yml:1: MkDocs encountered an error parsing the configuration file: "
            "unacceptable character #x0007: special characters are not allowed",
        ),
        ("site_name: !ENV [NO_SUCH_VARIABLE_R17]\n", "(Aborted with a configuration error!)"),
        ("site_name: x\nplugins:\n  - no-such-plugin-r17\n", "the MkDocs build failed"),
        ("site_name: x\ntheme:\n  name: readthedocs\n", None),
    ],
)
def test_a_broken_mkdocs_yml_stops_the_build_cleanly(
    built: Project, config: str, said: str | None
) -> None:
    before = built.snapshot()
    (built.root / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = built.run_process("build")  # MkDocs logs through its own handler to stderr
    printed = result.out + result.err
    assert "Traceback" not in printed
    if said is None:  # another theme builds
        assert result.status == 0, printed
        return
    assert result.status == 1
    assert said in printed
    assert built.snapshot() == before


def test_a_mkdocs_yml_that_is_a_folder_is_missing(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    before = built.snapshot()
    (built.root / "mkdocs.yml").unlink()
    (built.root / "mkdocs.yml").mkdir()
    result = built.run("build", capsys=capsys)
    assert result.status == 1
    assert "mkdocs.yml:1: the MkDocs configuration file is missing\n" in result.out + result.err
    assert built.snapshot() == before


@pytest.mark.parametrize(
    "config",
    [
        "INHERIT: mkdocs.yml\nsite_name: x\n",  # a file that inherits from itself
        "INHERIT: other.yml\nsite_name: x\n",  # two that inherit from each other
        "site_name: x\nextra: " + "[" * 3000 + "]" * 3000 + "\n",
    ],
)
def test_a_configuration_too_deep_to_read_is_a_problem_not_a_recursion_error(
    built: Project, capsys: pytest.CaptureFixture[str], config: str
) -> None:
    before = built.snapshot()
    (built.root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (built.root / "other.yml").write_text("INHERIT: mkdocs.yml\n", encoding="utf-8")
    result = built.run("build", capsys=capsys)
    assert (result.status, result.err.splitlines()) == (
        1,
        [
            "mkdocs.yml:1: MkDocs cannot read the configuration: it nests too deep (an INHERIT "
            "that leads back to a file it came from, or brackets thousands deep)",
            "dossier: 1 problem found; nothing was written",
        ],
    )
    assert built.snapshot() == before
