"""Fixtures: a tiny dossier project in `tmp_path`, built with the real pipeline and MkDocs."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.cli import main

REPO = Path(__file__).resolve().parent.parent

# Two small articles in the shapes of the seeds: a headline, a byline with a date, captions,
# site furniture, a run-together sentence and a printed URL.
ARTICLE_ONE = """Hai lãnh đạo gặp nhau tại Hà Nội

Nguyễn Văn A/Báo Mẫu| 05/01/2024 10:00

Ông An nói với các phóng viên: “Chúng tôi sẽ hợp tác chặt chẽ trong mọi lĩnh vực”, theo hãng tin Reuters.

Hai lãnh đạo bắt tay nhau. Ảnh: Reuters

Bà Bình cho biết hai bên đã đồng ý tăng cường trao đổi.Theo kế hoạch, cuộc gặp tiếp theo sẽ diễn ra vào tháng sau.

Cuộc gặp kéo dài hai giờ tại Nhà khách Chính phủ ở Hà Nội, Việt Nam.

https://example.com/tin/hai-lanh-dao-gap-nhau
Đọc tiếp
Bài liên quan
"""

ARTICLE_TWO = """ date 2023-05 Ông An đến Đà Nẵng ngày 20/5 và gặp Bà Bình.

Theo truyền thông địa phương, ông An nói rằng "quan hệ hai bên đang tốt đẹp".

Bà Bình đáp lại rằng bà mong muốn mở rộng hợp tác kinh tế.
"""


def sha256(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def source_one(article: str | bytes = ARTICLE_ONE, **overrides: str) -> str:
    fields = {
        "raw": "articles/one.txt",
        "raw_sha256": sha256(article),
        "language": "vi",
        "rights": "excerpts",
        "headline": "Hai lãnh đạo gặp nhau tại Hà Nội",
        "editorial_title": "Two leaders meet in Hanoi",
        "date": "2024-01-05",
        "url": "https://example.com/tin/hai-lanh-dao-gap-nhau",
    }
    fields.update(overrides)
    lines = [
        f"{key}: {value}" if key in {"date", "rights", "language"} else f"{key}: {value!r}"
        for key, value in fields.items()
        if value != "DROP"
    ]
    return (
        "\n".join(lines)
        + """
outlet: {name: Báo Mẫu, printed: Báo Mẫu}
author: {name: Nguyễn Văn A, printed: Nguyễn Văn A}
cites:
  - {name: Reuters, printed: Reuters}
credits:
  - {name: Reuters, printed: "Ảnh: Reuters", kind: photo}
cuts:
  - {lines: "1", role: headline}
  - {lines: "3", role: byline}
  - {lines: "7", role: caption}
  - {lines: "13-15", role: boilerplate}
"""
    )


SOURCE_TWO = f"""raw: articles/two.txt
raw_sha256: {sha256(ARTICLE_TWO)}
language: vi
editorial_title: An visits Da Nang
date: "2023-05"
cites:
  - {{name: local media, printed: truyền thông địa phương}}
cuts:
  - {{lines: "1", role: marker, prefix: " date 2023-05 "}}
"""

PEOPLE = """people:
  - id: ong-an
    name: Ông An
    role: Test leader
    printed_names: ["Ông An", "ông An"]
  - id: ba-binh
    name: Bà Bình
    role: Test leader
    printed_names: ["Bà Bình"]
"""

MEETING_ONE = """---
id: 2024-01-05-hanoi
title: An and Bình meet in Hanoi
date: 2024-01-05
date_source: 2024-01-05-bao-mau
place:
  source: 2024-01-05-bao-mau
  venue: {name: Government Guest House, printed: Nhà khách Chính phủ}
  city: {name: Hanoi, printed: Hà Nội}
  region: null
  country: {name: Vietnam, printed: Việt Nam}
participants: [ong-an, ba-binh]
sources: [2024-01-05-bao-mau]
summary_line: An and Bình agree to work closely.
quotes:
  - id: an-cooperate
    speaker: ong-an
    kind: direct
    source: 2024-01-05-bao-mau
    text: "Chúng tôi sẽ hợp tác chặt chẽ trong mọi lĩnh vực"
    translation: We will cooperate closely in every field
    attribution: Ông An nói
  - id: binh-exchanges
    speaker: ba-binh
    kind: reported
    source: 2024-01-05-bao-mau
    text: "hai bên đã đồng ý tăng cường trao đổi"
    translation: the two sides had agreed to step up exchanges
    attribution: Bà Bình cho biết
---
An and Bình met in Hanoi on 5 January 2024.[^2024-01-05-bao-mau] They spoke for two hours.[^2024-01-05-bao-mau]
"""

MEETING_TWO = """---
id: 2023-05-20-da-nang
title: An visits Da Nang
date: 2023-05-20
date_source: 2023-05-an-visits-da-nang
place:
  source: 2023-05-an-visits-da-nang
  city: {name: Da Nang, printed: Đà Nẵng}
participants: [ong-an, ba-binh]
sources: [2023-05-an-visits-da-nang]
summary_line: An meets Bình in Da Nang.
quotes:
  - id: an-relations-good
    speaker: ong-an
    kind: direct
    source: 2023-05-an-visits-da-nang
    text: quan hệ hai bên đang tốt đẹp
    translation: relations between the two sides are good
    attribution: ông An nói rằng
---
An met Bình in Da Nang on 20 May.[^2023-05-an-visits-da-nang]
"""

ABOUT = "# About\n\nA test dossier. Our translations are CC BY 4.0.\n"


@dataclass
class Result:
    """What a `dossier` run printed and returned."""

    status: int
    out: str
    err: str


def assert_refused(result: Result, messages: Sequence[str]) -> None:
    """The run failed with exactly `messages`, one a line, then the count of problems, and
    no traceback."""
    lines = result.err.splitlines()
    assert (result.status, lines[:-1]) == (1, list(messages))
    count = len(messages)
    assert (
        lines[-1]
        == f"dossier: {count} problem{'s' if count != 1 else ''} found; nothing was written"
    )
    assert "Traceback" not in result.err


@dataclass
class Project:
    """A tiny dossier project on disk."""

    root: Path

    @property
    def src(self) -> Path:
        return self.root / "site_src"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def write(self, relative: str, content: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def run(self, *arguments: str, capsys: pytest.CaptureFixture[str]) -> Result:
        """Run the CLI in this process (fast); `capsys` captures its output."""
        capsys.readouterr()
        status = main([arguments[0], "--root", str(self.root), *arguments[1:]])
        captured = capsys.readouterr()
        return Result(status, captured.out, captured.err)

    def run_process(self, *arguments: str) -> Result:
        """Run the real `dossier` console script in a new process."""
        completed = subprocess.run(
            [
                str(Path(sys.executable).parent / "dossier"),
                arguments[0],
                "--root",
                str(self.root),
                *arguments[1:],
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        return Result(completed.returncode, completed.stdout, completed.stderr)

    def page(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup((self.site / relative).read_text(encoding="utf-8"), "html.parser")

    def snapshot(self) -> dict[str, bytes]:
        """Every file of the built site, by relative path."""
        return files_under(self.site)


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file below `folder`, by relative POSIX path, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def text_of(node: object) -> str:
    """The text a reader sees in an element, white space folded."""
    return " ".join(node.get_text().split())  # type: ignore[attr-defined]


def facts_of(page: BeautifulSoup) -> dict[str, str]:
    """The label → value pairs of a page's facts list (`dl.dossier-facts`)."""
    return {
        text_of(term): text_of(term.find_next_sibling("dd"))
        for term in page.select("dl.dossier-facts dt")
    }


def make_project(root: Path) -> Project:
    """Copy the project's templates, schema and MkDocs config, and write the tiny content."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "schema", root / "schema")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    project = Project(root)
    project.write("site_src/articles/one.txt", ARTICLE_ONE)
    project.write("site_src/articles/two.txt", ARTICLE_TWO)
    project.write("site_src/sources/2024-01-05-bao-mau.yml", source_one())
    project.write("site_src/sources/2023-05-an-visits-da-nang.yml", SOURCE_TWO)
    project.write("site_src/people.yml", PEOPLE)
    project.write("site_src/meetings/2024-01-05-hanoi.md", MEETING_ONE)
    project.write("site_src/meetings/2023-05-20-da-nang.md", MEETING_TWO)
    project.write("site_src/about.md", ABOUT)
    return project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A tiny valid project, not yet built."""
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The tiny project after one good build, never changed: `built` copies it."""
    project = make_project(tmp_path_factory.mktemp("built-once") / "project")
    assert main(["build", "--root", str(project.root)]) == 0
    return project


@pytest.fixture
def built(built_once: Project, tmp_path: Path) -> Project:
    """A copy of the tiny project after one good build, for a test to break (copying is much
    faster than building)."""
    root = tmp_path / "project"
    shutil.copytree(built_once.root, root, symlinks=True)
    return Project(root)


@pytest.fixture(scope="session")
def built_tiny(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """The tiny project, built once for the read-only tests."""
    project = make_project(tmp_path_factory.mktemp("tiny") / "project")
    assert main(["build", "--root", str(project.root)]) == 0
    yield project


@pytest.fixture(scope="session")
def built_hostile(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The hostile dossier (payloads in every text field, see `tests/hostile.py`), built."""
    from tests.hostile import make_hostile_project

    root = make_hostile_project(tmp_path_factory.mktemp("hostile") / "project")
    assert main(["build", "--root", str(root)]) == 0
    return Project(root)


@pytest.fixture(scope="session")
def built_seed(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The real dossier of this repository (site_src/ as committed), built into a temp folder."""
    root = tmp_path_factory.mktemp("seed") / "project"
    root.mkdir()
    for name in ("templates", "schema", "site_src"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    project = Project(root)
    assert main(["build", "--root", str(root)]) == 0
    return project


@pytest.fixture(scope="session")
def generated_dossier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated dossier (`bench.generate`) of more pages and files than are rendered or
    loaded in one process (`builder.cores`), not built: copy it to change it."""
    from bench.generate import make_project as make_generated
    from builder.content.load import ON_CORES_FROM
    from builder.site.tree import PAGES_ON_CORES_FROM

    root = tmp_path_factory.mktemp("generated") / "project"
    counts = make_generated(root, REPO, 40)
    assert counts.sources >= ON_CORES_FROM
    assert counts.meetings + counts.sources > PAGES_ON_CORES_FROM
    return root


def run_fresh(
    *arguments: str, check: bool = True, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    """`python -c CODE ARGS…` in a new process of this repository, which runs no other
    thread (so the work it does may fork onto the cores, as `builder.cores` would in a
    command); with `check`, a status other than 0 fails the test."""
    return subprocess.run(
        [sys.executable, "-c", *arguments],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        check=check,
    )
