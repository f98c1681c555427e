"""Nothing lost: a command never deletes, replaces or reads through what it did not make.

`dossier build` replaces only a missing or empty folder or a site it built (`.dossier-site`);
anything else in the way is named in one line and left as it was, with the previous site. Two
commands on one project never interleave. Content files are regular files inside site_src/;
FIFOs never hang a command; a place given on the command line cannot break the front matter.
Real processes where it matters: concurrent commands, a full disk, a read-only project.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from builder.content.files import split_front_matter
from builder.content.yaml_reader import read_yaml
from builder.engine.offline import OFFLINE_ZIP
from builder.publish import MARKER, MARKER_TEXT, STOP_AT_VARIABLE
from tests.conftest import ARTICLE_ONE, MEETING_ONE, Project, files_under

DOSSIER = str(Path(sys.executable).parent / "dossier")
MEETING = "site_src/meetings/2024-01-05-hanoi.md"
SECRET = "the owner's own words, never to be published\n"


def tree(folder: Path) -> dict[str, object]:
    """Everything below `folder`, links not followed: a link's target, a file's bytes, a
    folder, or the kind of a special file."""
    found: dict[str, object] = {}
    for directory, folders, names in os.walk(folder):
        for name in sorted(folders + names):
            path = Path(directory, name)
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[relative] = ("link", str(path.readlink()))
            elif path.is_dir():
                found[relative] = "folder"
            elif path.is_file():
                found[relative] = path.read_bytes()
            else:
                found[relative] = "special"
    return found


def user_folder(path: Path) -> Path:
    """A folder of the user's: two files and a subfolder, none of them ours."""
    (path / "notes").mkdir(parents=True)
    (path / "thesis.md").write_text(SECRET, encoding="utf-8")
    (path / "notes" / "a.txt").write_text("a", encoding="utf-8")
    return path


def change_content(project: Project) -> None:
    path = project.root / MEETING
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: An and Bình meet", "title: An and Bình talk"), "utf-8")


def run(project: Project, *arguments: str, env: dict[str, str] | None = None) -> Result:
    """The real console script in a process of its own, from the project folder."""
    completed = subprocess.run(
        [DOSSIER, *arguments],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, **(env or {})},
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


class Result:
    def __init__(self, status: int, out: str, err: str) -> None:
        self.status, self.out, self.err = status, out, err

    def __repr__(self) -> str:
        return f"Result({self.status}, out={self.out!r}, err={self.err!r})"


# --out and site/: what the build refuses to replace


def refusal_cases(project: Project, home: Path) -> dict[str, tuple[list[str], str]]:
    """Each refused output folder: its arguments and the line the build prints."""
    root = project.root
    return {
        "the project folder": (
            ["--out", "."],
            f". (which is {root}): is the project folder; give a folder of its own, such as site",
        ),
        "the project folder, absolute": (
            ["--out", str(root)],
            f"{root}: is the project folder; give a folder of its own, such as site",
        ),
        "site_src": (
            ["--out", "site_src"],
            f"site_src (which is {root}/site_src): is site_src/ of the project; "
            "give a folder of its own",
        ),
        "a folder inside site_src": (
            ["--out", "site_src/meetings"],
            f"site_src/meetings (which is {root}/site_src/meetings): is inside site_src/ of the "
            "project; give a folder of its own",
        ),
        "a missing folder inside templates": (
            ["--out", "templates/new"],
            f"templates/new (which is {root}/templates/new): is inside templates/ of the "
            "project; give a folder of its own",
        ),
        "schema": (
            ["--out", "schema"],
            f"schema (which is {root}/schema): is schema/ of the project; give a folder of its own",
        ),
        "the build folder": (
            ["--out", "build"],
            f"build (which is {root}/build): is build/ of the project; give a folder of its own",
        ),
        "the folder holding the project": (
            ["--out", ".."],
            f".. (which is {root.parent}): holds the project folder; give a folder of its own, "
            "such as site",
        ),
        "the root of the file system": (
            ["--out", "/"],
            "/: is the root of the file system; give a folder of its own",
        ),
        "the home folder": (
            ["--out", str(home)],
            f"{home}: is the home folder; give a folder of its own",
        ),
        "an empty path": (
            ["--out", ""],
            "'': an empty path names no folder; give the folder to build into",
        ),
        "a blank path": (
            ["--out", "  "],
            "'  ': an empty path names no folder; give the folder to build into",
        ),
        "a folder of the user's": (
            ["--out", str(root.parent / "mine")],
            f"{root.parent}/mine: holds files that dossier did not build (it has no "
            ".dossier-site file); give a new or empty folder, or move them away",
        ),
        "a file": (
            ["--out", "mkdocs.yml"],
            f"mkdocs.yml (which is {root}/mkdocs.yml): is a file, not a folder; give a folder",
        ),
        "a link to site_src": (
            ["--out", "to-content"],
            f"to-content (which is {root}/site_src): is site_src/ of the project; "
            "give a folder of its own",
        ),
        "a link to the user's folder": (
            ["--out", "to-mine"],
            f"to-mine (which is {root.parent}/mine): holds files that dossier did not build (it "
            "has no .dossier-site file); give a new or empty folder, or move them away",
        ),
        "a loop of links": (["--out", "loop"], "loop: is a loop of symbolic links"),
        "a folder with a forged marker": (
            ["--out", str(root.parent / "forged")],
            f"{root.parent}/forged: holds files that dossier did not build (it has no "
            ".dossier-site file); give a new or empty folder, or move them away",
        ),
        "a folder whose marker is a FIFO": (
            ["--out", str(root.parent / "fifo-marker")],
            f"{root.parent}/fifo-marker: holds files that dossier did not build (it has no "
            ".dossier-site file); give a new or empty folder, or move them away",
        ),
        "a folder whose marker is a link to a real one": (
            ["--out", str(root.parent / "linked-marker")],
            f"{root.parent}/linked-marker: holds files that dossier did not build (it has no "
            ".dossier-site file); give a new or empty folder, or move them away",
        ),
    }


def hostile_surroundings(project: Project, home: Path) -> None:
    """The user's folders and the links that the refusal cases point at."""
    user_folder(home)
    mine = user_folder(project.root.parent / "mine")
    (project.root / "to-content").symlink_to(project.src)
    (project.root / "to-mine").symlink_to(mine)
    (project.root / "loop").symlink_to(project.root / "loop")
    forged = user_folder(project.root.parent / "forged")
    (forged / MARKER).write_text("not the marker we write\n", encoding="utf-8")
    fifo = user_folder(project.root.parent / "fifo-marker")
    os.mkfifo(fifo / MARKER)
    linked = user_folder(project.root.parent / "linked-marker")
    (linked / MARKER).symlink_to(project.site / MARKER)


CASE_NAMES = [
    "the project folder",
    "the project folder, absolute",
    "site_src",
    "a folder inside site_src",
    "a missing folder inside templates",
    "schema",
    "the build folder",
    "the folder holding the project",
    "the root of the file system",
    "the home folder",
    "an empty path",
    "a blank path",
    "a folder of the user's",
    "a file",
    "a link to site_src",
    "a link to the user's folder",
    "a loop of links",
    "a folder with a forged marker",
    "a folder whose marker is a FIFO",
    "a folder whose marker is a link to a real one",
]


@pytest.mark.parametrize("case", CASE_NAMES)
def test_an_output_folder_not_ours_is_refused_and_nothing_is_touched(
    built: Project,
    tmp_path: Path,
    case: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = tmp_path / "home"
    hostile_surroundings(built, home)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(built.root)
    change_content(built)  # so that a build would have something to write
    arguments, message = refusal_cases(built, home)[case]
    before = tree(tmp_path)
    result = built.run("build", *arguments, capsys=capsys)
    assert (result.status, result.err.splitlines(), result.out) == (2, [message], "")
    assert tree(tmp_path) == before


def test_the_site_is_a_link_to_a_folder_not_ours(
    built: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = user_folder(tmp_path / "home")
    monkeypatch.setenv("HOME", str(home))
    for target, said in [
        (home, "is the home folder; give a folder of its own"),
        (built.src, "is site_src/ of the project; give a folder of its own"),
        (built.root, "is the project folder; give a folder of its own, such as site"),
        (Path("/"), "is the root of the file system; give a folder of its own"),
        (
            user_folder(tmp_path / "mine"),
            "holds files that dossier did not build (it has no .dossier-site file); give a "
            "new or empty folder, or move them away",
        ),
    ]:
        if built.site.is_symlink():
            built.site.unlink()
        else:
            shutil.rmtree(built.site)
        built.site.symlink_to(target)
        before = tree(tmp_path)
        result = run(built, "build", env={"HOME": str(home)})
        assert result.status == 2, result
        assert result.err.splitlines() == [f"{built.site} (which is {target}): {said}"]
        assert tree(tmp_path) == before
        assert "Traceback" not in result.err


def test_a_site_that_is_a_file_is_refused_and_the_next_build_works(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.rmtree(built.site)
    built.site.write_text(SECRET, encoding="utf-8")
    result = built.run("build", capsys=capsys)
    assert (result.status, result.err.splitlines()) == (
        2,
        [f"{built.site}: is a file, not a folder; give a folder"],
    )
    assert built.site.read_text(encoding="utf-8") == SECRET
    built.site.unlink()  # fixed: the next build works
    assert built.run("build", capsys=capsys).status == 0
    assert (built.site / "index.html").is_file()


@pytest.mark.parametrize("kind", ["missing", "empty", "ours"])
def test_a_missing_or_empty_folder_or_a_site_we_built_is_replaced(
    built: Project, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "elsewhere" / "out"
    if kind == "empty":
        out.mkdir(parents=True)
    if kind == "ours":
        shutil.copytree(built.site, out)
        (out / "stale.html").write_text("an old page", encoding="utf-8")
    result = built.run("build", "--out", str(out), capsys=capsys)
    assert result.status == 0, result.err
    assert files_under(out) == files_under(built.site)  # the stale page is gone
    assert not (out.parent / ".out.new").exists()
    assert not (out.parent / ".out.old").exists()


def test_every_site_is_marked_in_the_folder_and_in_the_offline_zip(built: Project) -> None:
    assert (built.site / MARKER).read_text(encoding="utf-8") == MARKER_TEXT
    names = zipfile.ZipFile(built.site / OFFLINE_ZIP).namelist()
    assert f"dossier-offline/{MARKER}" in names


def test_a_site_without_its_marker_is_refused_even_where_we_built_before(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    # The stamp names this site/, but the folder may have been emptied and filled by hand
    # since (tests/test_attacks_nothing_lost.py): only the marker says it is ours.
    change_content(built)
    assert built.run("build", capsys=capsys).status == 0  # the stamp names this site/
    (built.site / MARKER).unlink()
    (built.src / "about.md").write_text("# About\n\nChanged.\n", encoding="utf-8")
    before = tree(built.root)
    result = built.run("build", capsys=capsys)
    assert result.status == 2
    assert "holds files that dossier did not build" in result.err
    assert tree(built.root) == before


# Strays beside the site: .site.new and .site.old of any kind


def _stray(project: Project, name: str, kind: str, elsewhere: Path) -> str:
    """Put a stray of `kind` at `name` beside the site; return how the build names it."""
    path = project.root / name
    if kind == "file":
        path.write_text(SECRET, encoding="utf-8")
        return "a file"
    if kind == "folder of the user's":
        user_folder(path)
        return "a folder"
    if kind == "link to a folder of the user's":
        path.symlink_to(user_folder(elsewhere))
        return f"a symbolic link to {elsewhere}"
    if kind == "link to a site we built":
        shutil.copytree(project.site, elsewhere)
        path.symlink_to(elsewhere)
        return f"a symbolic link to {elsewhere}"
    if kind == "dangling link":
        path.symlink_to(elsewhere / "nothing")
        return f"a symbolic link to {elsewhere / 'nothing'}"
    if kind == "FIFO":
        os.mkfifo(path)
        return "a special file (a pipe, a socket or a device)"
    raise AssertionError(kind)


STRAY_KINDS = [
    "file",
    "folder of the user's",
    "link to a folder of the user's",
    "link to a site we built",
    "dangling link",
    "FIFO",
]


@pytest.mark.parametrize("name", [".site.new", ".site.old"])
@pytest.mark.parametrize("kind", STRAY_KINDS)
def test_a_stray_not_ours_beside_the_site_is_named_and_left_with_the_site(
    built: Project, tmp_path: Path, name: str, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    said = _stray(built, name, kind, tmp_path / "elsewhere")
    change_content(built)
    before = tree(tmp_path)
    for command in ("check", "build"):
        result = built.run(command, capsys=capsys)
        if command == "check":  # it needs nothing of the site: it leaves the stray alone
            assert result.status == 0, result.err
        else:
            assert (result.status, result.err.splitlines()) == (
                1,
                [
                    f"{built.root / name}: is in the way of the build ({said} that dossier "
                    "did not make); move it away"
                ],
            )
        assert tree(tmp_path) == before
    # Fixed by the user: the next build works.
    path = built.root / name
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()
    assert built.run("build", capsys=capsys).status == 0
    assert "talk" in (built.site / "meetings/2024-01-05-hanoi.html").read_text(encoding="utf-8")


def test_a_site_we_built_at_a_stray_name_is_removed(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in (".site.new", ".site.old"):
        shutil.copytree(built.site, built.root / name)
    (built.root / ".site.new" / "link-out").symlink_to(user_folder(built.root.parent / "mine"))
    before = tree(built.root.parent / "mine")
    change_content(built)
    assert built.run("build", capsys=capsys).status == 0
    assert not (built.root / ".site.new").exists()
    assert not (built.root / ".site.old").exists()
    assert tree(built.root.parent / "mine") == before  # removed the link, not through it


# The environment: a symlink loop, --timings, a read-only project, a full disk


def test_a_loop_of_links_at_the_site_or_the_root_is_one_line(built: Project) -> None:
    shutil.rmtree(built.site)
    built.site.symlink_to(built.site)
    result = run(built, "build")
    assert (result.status, result.err.splitlines()) == (
        2,
        [f"{built.site}: is a loop of symbolic links"],
    )
    loop = built.root.parent / "loop"
    loop.symlink_to(loop)
    result = run(built, "check", "--root", str(loop))
    assert (result.status, result.err.splitlines()) == (2, [f"{loop}: is a loop of symbolic links"])


@pytest.mark.parametrize(
    ("timings", "said"),
    [
        ("site_src", "is a folder; --timings takes the name of a file"),
        (".", "is a folder; --timings takes the name of a file"),
        ("no-such-folder/t.json", "{root}/no-such-folder is not a folder to write it in"),
        ("site_src/about.md", "is inside site_src/; --timings never writes there"),
        ("templates/t.json", "is inside templates/; --timings never writes there"),
    ],
)
def test_timings_that_cannot_or_must_not_be_written_are_refused_before_the_build(
    built: Project, timings: str, said: str
) -> None:
    change_content(built)
    before = tree(built.root)
    result = run(built, "build", "--timings", timings)
    assert (result.status, result.err.splitlines()) == (
        2,
        [f"{timings}: {said.format(root=built.root)}"],
    )
    assert tree(built.root) == before


def test_a_build_folder_that_is_a_file_is_one_line_and_the_site_is_kept(built: Project) -> None:
    shutil.rmtree(built.root / "build")
    (built.root / "build").write_text("in the way", encoding="utf-8")
    before = built.snapshot()
    result = run(built, "build")
    assert result.status == 1
    assert result.err.splitlines() == [f"{built.root}/build/docs: Not a directory"]
    assert built.snapshot() == before
    (built.root / "build").unlink()
    assert run(built, "build").status == 0


def _mount_namespace() -> list[str]:
    """The command that runs a process in a mount namespace of its own (a private copy of
    the mounts, so a tmpfs or a read-only mount made there leaks nowhere); skip if none."""
    command = ["unshare", "--mount"] + ([] if os.geteuid() == 0 else ["--map-root-user"])
    try:
        probe = subprocess.run([*command, "true"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        pytest.skip("unshare is not available")
    if probe.returncode != 0:
        pytest.skip(f"no mount namespace here: {probe.stderr.decode(errors='replace')}")
    return command


def _in_namespace(script: str, *arguments: str) -> dict[str, object]:
    """Run a shell script in a mount namespace; it prints one JSON object last."""
    completed = subprocess.run(
        [*_mount_namespace(), "bash", "-c", script, "script", DOSSIER, *arguments],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    said: dict[str, object] = json.loads(completed.stdout.splitlines()[-1])
    return said


# Runs a command; prints its status and its stderr as JSON fields.
_RUN = """
result() {  # name, then the command
  local name=$1; shift
  local err; err=$("$@" 2>&1 >/dev/null); local status=$?
  printf '"%s": [%d, %s], ' "$name" "$status" "$(printf '%s' "$err" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')"
}
"""


def test_a_full_disk_is_one_line_and_the_previous_site_is_kept(
    built: Project, tmp_path: Path
) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    change_content(built)
    script = _RUN + textwrap.dedent(
        """
        set -u
        dossier=$1 root=$2 disk=$3
        mount -t tmpfs -o size=10m tmpfs "$disk" || exit 3
        printf '{'
        result first "$dossier" build --root "$root" --out "$disk/site"
        before=$(cd "$disk/site" && find . -type f | sort | xargs sha256sum | sha256sum)
        sed -i 's/talk/confer/' "$root/site_src/meetings/2024-01-05-hanoi.md"
        result full "$dossier" build --root "$root" --out "$disk/site"
        after=$(cd "$disk/site" && find . -type f | sort | xargs sha256sum | sha256sum)
        left=$(ls -A "$disk" | tr '\\n' ' ')
        mount -o remount,size=20m "$disk"
        result fixed "$dossier" build --root "$root" --out "$disk/site"
        speaks=$(grep -c confer "$disk/site/meetings/2024-01-05-hanoi.html")
        printf '"kept": %s, "left": "%s", "speaks": %s}\\n' \
          "$([ "$before" = "$after" ] && echo true || echo false)" "$left" "$speaks"
        """
    )
    said = _in_namespace(script, str(built.root), str(disk))
    assert said["first"] == [0, ""]
    status, err = said["full"]  # type: ignore[misc]
    assert status == 1
    lines = [line for line in str(err).splitlines() if not line.startswith("mkdocs ")]
    assert len(lines) == 1 and lines[0].endswith(": No space left on device"), err
    assert lines[0].startswith(f"{disk}/.site.new/")
    assert "Traceback" not in str(err)
    assert said["kept"] is True
    assert said["left"] == "site "
    assert said["fixed"] == [0, ""]
    assert isinstance(said["speaks"], int) and said["speaks"] > 0  # the new content


def test_a_read_only_project_or_site_is_one_line_and_the_site_is_kept(built: Project) -> None:
    change_content(built)
    script = _RUN + textwrap.dedent(
        """
        set -u
        dossier=$1 root=$2
        printf '{'
        mount --bind "$root/site" "$root/site" && mount -o remount,ro,bind "$root/site"
        result site "$dossier" build --root "$root"
        umount "$root/site"
        mount --bind "$root" "$root" && mount -o remount,ro,bind "$root"
        result project "$dossier" build --root "$root"
        result check "$dossier" check --root "$root"
        umount "$root"
        result fixed "$dossier" build --root "$root"
        printf '"end": 0}\\n'
        """
    )
    before = built.snapshot()
    said = _in_namespace(script, str(built.root))
    # A read-only site/: it cannot be renamed away (it is a mount point here: busy).
    status, err = said["site"]  # type: ignore[misc]
    assert status == 1 and len(str(err).splitlines()) == 1, err
    assert str(err).startswith(f"{built.site}: "), err
    status, err = said["project"]  # type: ignore[misc]
    lines = str(err).splitlines()
    assert status == 1 and len(lines) == 1, err
    assert lines[0].startswith(f"{built.root}/") and lines[0].endswith(": Read-only file system")
    assert said["check"][0] == 0  # type: ignore[index]
    assert said["fixed"] == [0, ""]
    after = built.snapshot()
    assert after != before
    assert "talk" in after["meetings/2024-01-05-hanoi.html"].decode()


# Two commands at once


def _stopped_build(project: Project, point: str) -> subprocess.Popen[bytes]:
    """A real build that stops itself (SIGSTOP) at `point`, holding the project's lock."""
    env = {**os.environ, STOP_AT_VARIABLE: point}
    process = subprocess.Popen(
        [DOSSIER, "build", "--root", str(project.root)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status = os.waitpid(process.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), f"the build ended before {point!r}"
    return process


def test_a_check_during_a_build_waits_for_it_and_the_site_is_whole(built: Project) -> None:
    change_content(built)
    build = _stopped_build(built, "built")  # the new site complete beside the old one
    try:
        check = subprocess.Popen(
            [DOSSIER, "check", "--root", str(built.root)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert check.stderr is not None
        said = check.stderr.readline()
        assert said == (
            "dossier: waiting for another dossier command on this project "
            f"(pid {build.pid}) to end…\n"
        )
        time.sleep(0.5)
        assert check.poll() is None  # still waiting: it has touched nothing
        assert (built.root / ".site.new").is_dir()
        os.kill(build.pid, signal.SIGCONT)
        assert build.wait(timeout=120) == 0
        out, _ = check.communicate(timeout=120)
        assert check.returncode == 0
        assert out.startswith("dossier check: 2 meetings")
    finally:
        build.kill()
    assert not (built.root / ".site.new").exists()
    assert "talk" in (built.site / "meetings/2024-01-05-hanoi.html").read_text(encoding="utf-8")
    again = run(built, "build")
    assert again.out.startswith("dossier build: up to date"), again


def test_a_command_that_waits_too_long_gives_up_with_one_line(built: Project) -> None:
    before = built.snapshot()
    build = _stopped_build(built, "prepared")
    try:
        result = run(built, "check", env={"DOSSIER_LOCK_TIMEOUT": "0.5"})
    finally:
        build.kill()
        build.wait()
    assert result.status == 1
    assert result.err.splitlines() == [
        f"dossier: waiting for another dossier command on this project (pid {build.pid}) to end…",
        f"{built.root}: another dossier command (pid {build.pid}) still runs on this project "
        "after 0.5 s; nothing was done by this `dossier check`; try again when it has ended",
    ]
    assert built.snapshot() == before
    assert run(built, "check").status == 0  # the lock went with the killed build


def test_concurrent_ingests_of_one_article_write_it_once(project: Project, tmp_path: Path) -> None:
    article = tmp_path / "inbox" / "new-article.txt"
    article.parent.mkdir()
    article.write_text(
        ARTICLE_ONE.replace("Hai lãnh đạo gặp nhau", "Ba lãnh đạo gặp nhau"), encoding="utf-8"
    )
    processes = [
        subprocess.Popen(
            [DOSSIER, "ingest", str(article), "--root", str(project.root)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    results = [(process.wait(timeout=120), *process.communicate()) for process in processes]
    assert [status for status, _, _ in results] == [0] * 6, results
    wrote = [out for _, out, _ in results if "wrote site_src/sources/" in out]
    assert len(wrote) == 1, results
    records = sorted(path.name for path in (project.src / "sources").iterdir())
    articles = sorted(path.name for path in (project.src / "articles").iterdir())
    assert len(records) == 3 and len(articles) == 3, (records, articles)
    assert "new-article.txt" in articles
    assert (project.src / "articles" / "new-article.txt").read_bytes() == article.read_bytes()


# Content files: regular files inside site_src/, FIFOs, editors' files


OUTSIDE = "outside.md"


@pytest.mark.parametrize(
    ("relative", "message"),
    [
        (
            "site_src/about.md",
            "site_src/about.md:1: the file is a link to {outside}, outside site_src/",
        ),
        (
            MEETING,
            f"{MEETING}:1: the file is a link to {{outside}}, outside site_src/",
        ),
        (
            "site_src/people.yml",
            "site_src/people.yml:1: the file is a link to {outside}, outside site_src/",
        ),
        (
            "site_src/sources/2024-01-05-bao-mau.yml",
            "site_src/sources/2024-01-05-bao-mau.yml:1: the file is a link to {outside}, "
            "outside site_src/",
        ),
    ],
)
def test_a_content_file_linked_outside_site_src_is_refused_never_read(
    built: Project, relative: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = built.root.parent / OUTSIDE
    original = (built.root / relative).read_text(encoding="utf-8")
    outside.write_text(original + "\n" + SECRET if relative.endswith(".md") else original, "utf-8")
    (built.root / relative).unlink()
    (built.root / relative).symlink_to(outside)
    before = built.snapshot()
    result = built.run("build", capsys=capsys)
    lines = result.err.splitlines()
    assert result.status == 1
    assert lines[0] == message.format(outside=outside)
    assert built.snapshot() == before
    assert not any(SECRET.encode() in data for data in built.snapshot().values())


def test_about_linked_to_etc_passwd_is_not_published(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    about = built.src / "about.md"
    about.unlink()
    about.symlink_to("/etc/passwd")
    result = built.run("build", capsys=capsys)
    assert result.status == 1
    assert result.err.splitlines()[0] == (
        "site_src/about.md:1: the file is a link to /etc/passwd, outside site_src/"
    )
    assert "root:" not in (built.site / "about.html").read_text(encoding="utf-8")


def test_a_content_folder_linked_outside_site_src_is_refused(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    meetings = built.src / "meetings"
    elsewhere = built.root.parent / "elsewhere-meetings"
    meetings.rename(elsewhere)
    meetings.symlink_to(elsewhere)
    result = built.run("build", capsys=capsys)
    assert result.status == 1
    assert result.err.splitlines()[:-1] == [
        f"site_src/meetings/{name}:1: the file is in {elsewhere}, outside site_src/ (a folder "
        "that is a link)"
        for name in ("2023-05-20-da-nang.md", "2024-01-05-hanoi.md")
    ]


def test_a_link_that_stays_inside_site_src_is_followed(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    about = built.src / "about.md"
    about.rename(built.src / "about-text.md")
    about.symlink_to("about-text.md")
    (built.src / "other").mkdir()
    (built.src / "meetings" / "2024-01-05-hanoi.md").rename(built.src / "other" / "hanoi.md")
    (built.src / "meetings" / "2024-01-05-hanoi.md").symlink_to(built.src / "other" / "hanoi.md")
    before = built.snapshot()
    result = built.run("build", capsys=capsys)
    assert result.status == 0, result.err
    assert built.snapshot()["about.html"] == before["about.html"]


LOADED = {
    "site_src/about.md",
    "site_src/people.yml",
    "site_src/meetings/fifo.md",
    "site_src/sources/fifo.yml",
}
"""The places where the loader reads every file: a FIFO there is refused, never opened."""

FIFO_PLACES = [
    "site_src/about.md",
    "site_src/people.yml",
    "site_src/meetings/fifo.md",
    "site_src/sources/fifo.yml",
    "site_src/articles/fifo.txt",
    "site_src/fifo.md",
]


@pytest.mark.parametrize("place", FIFO_PLACES)
def test_a_fifo_in_the_content_never_hangs_a_command(built: Project, place: str) -> None:
    path = built.root / place
    if path.exists():
        path.unlink()
    os.mkfifo(path)
    inbox = built.root.parent / "inbox.txt"
    inbox.write_text(ARTICLE_ONE.replace("Hai", "Bốn"), encoding="utf-8")
    scaffold = ["new", "meeting", "--date", "2024-01-05", "--place", "Hà Nội"]
    for arguments in (
        ["check"],
        ["build"],
        ["ingest", "--dry-run", str(inbox)],
        ["ingest", str(inbox)],
        [*scaffold, "--sources", "2024-01-05-bao-mau", "--dry-run"],
        [*scaffold, "--sources", "2024-01-05-bao-mau", "--id", "x-fifo"],
    ):
        started = time.monotonic()
        result = run(built, *arguments)  # times out (and fails) if a FIFO is opened
        assert time.monotonic() - started < 60
        assert "Traceback" not in result.err, (arguments, result)
        if place in LOADED and arguments[0] in {"check", "build"}:
            assert result.status == 1, result
            assert f"{place}:1: the file is not a regular file" in result.err.splitlines()
        elif arguments[0] != "build":  # a build of the same content as before is up to date
            assert result.status == 0, (arguments, result)


EDITOR_FILES = [".#2024-01-05-hanoi.md", "#2024-01-05-hanoi.md#", "2024-01-05-hanoi.md~"]


def test_editors_files_are_ignored(built: Project, capsys: pytest.CaptureFixture[str]) -> None:
    before = built.snapshot()
    meetings = built.src / "meetings"
    # Emacs' lock file is a dangling link named for its owner.
    (meetings / EDITOR_FILES[0]).symlink_to("user@host.12345:1700000000")
    (meetings / EDITOR_FILES[1]).write_text("---\nhalf: [typed\n", encoding="utf-8")
    (meetings / EDITOR_FILES[2]).write_text(MEETING_ONE, encoding="utf-8")
    (meetings / ".2024-01-05-hanoi.md.swp").write_bytes(b"b0VIM 9.0\x00\x00")
    (meetings / ".hidden.md").write_text(MEETING_ONE, encoding="utf-8")
    (built.src / "sources" / ".#2024-01-05-bao-mau.yml").symlink_to("user@host.1:2")
    (built.src / "sources" / ".2024-01-05-bao-mau.yml.123.tmp").write_text("raw: [", "utf-8")
    shutil.rmtree(built.root / "build")  # not "up to date": built again
    result = built.run("build", capsys=capsys)
    assert result.status == 0, result.err
    assert built.snapshot() == before


# dossier new meeting --place: the front matter cannot be broken


def _scaffold(project: Project, place: str) -> Result:
    return run(
        project,
        "new",
        "meeting",
        "--date",
        "2024-01-05",
        f"--place={place}",  # as one argument: a place may start with '-'
        "--sources",
        "2024-01-05-bao-mau",
        "--id",
        "2024-01-05-scaffolded",
    )


@pytest.mark.parametrize(
    ("place", "said"),
    [
        ("Hà Nội\n---\ntitle: pwned", "a control character (U+000A)"),
        ("Hà Nội\r", "a control character (U+000D)"),
        ("Hà\tNội", "a control character (U+0009)"),
        ("Hà Nội\x07", "a control character (U+0007)"),
        ("Hà Nội\x1b[31m", "a control character (U+001B)"),
        ("Hà Nội\u2028title: x", "a control character (U+2028)"),
        ("Hà Nội\u0085", "a control character (U+0085)"),
    ],
)
def test_a_place_with_a_control_character_is_a_usage_error(
    project: Project, place: str, said: str
) -> None:
    before = tree(project.root)
    result = _scaffold(project, place)
    assert (result.status, result.err.splitlines()) == (
        2,
        [
            f"dossier new meeting: --place holds {said}; give the place as plain text on one "
            "line; nothing was written"
        ],
    )
    assert tree(project.root) == before


@pytest.mark.parametrize("place", ["", "   "])
def test_an_empty_place_is_a_usage_error(project: Project, place: str) -> None:
    result = _scaffold(project, place)
    assert (result.status, result.err.splitlines()) == (
        2,
        [
            "dossier new meeting: --place is empty; give the place where the meeting took "
            "place; nothing was written"
        ],
    )


@pytest.mark.parametrize(
    "place",
    [
        "Hà Nội: Nhà khách # Chính phủ",
        "---",
        "...",
        '"quoted"',
        "'single'",
        'it\'s "both"',
        "[a, b]",
        "{name: x, printed: y}",
        "&anchor *alias !tag",
        "| block",
        "> folded",
        "% directive",
        "@ at `tick`",
        "back\\slash \\n",
        "- item",
        "? key",
        "null",
        "~",
        "true",
        "2024-01-05",
        "1:30",
        "# not a comment",
        "trailing:",
        " leading and trailing spaces ",
        "Bình Nhưỡng \u200f\u202eRTL",
        "Ｆｕｌｌｗｉｄｔｈ",
    ],
)
def test_a_place_with_yaml_syntax_round_trips(project: Project, place: str) -> None:
    result = _scaffold(project, place)
    assert result.status == 0, result
    text = (project.src / "meetings" / "2024-01-05-scaffolded.md").read_text(encoding="utf-8")
    front, _, _, problems = split_front_matter(text, "x.md")
    assert problems == []
    data, _, problems = read_yaml(front, "x.md", first_line=2)
    assert problems == []
    assert data["id"] == "2024-01-05-scaffolded"
    assert data["place"]["city"]["name"] == place
    assert data["title"] is None
    assert sorted(data) == [
        "date",
        "date_source",
        "id",
        "participants",
        "place",
        "quotes",
        "sources",
        "summary_line",
        "title",
    ]
    # `check` reads it and names the fields still to do; nothing it could not parse.
    check = run(project, "check")
    assert check.status == 1
    assert "invalid YAML" not in check.err and "front matter" not in check.err, check.err


def test_a_scaffold_never_replaces_a_file_or_writes_through_a_link(project: Project) -> None:
    target = project.root.parent / "target.md"
    target.write_text(SECRET, encoding="utf-8")
    meeting = project.src / "meetings" / "2024-01-05-scaffolded.md"
    meeting.symlink_to(target)
    result = _scaffold(project, "Hà Nội")
    assert (result.status, result.err.splitlines()) == (
        1,
        [
            "dossier new meeting: site_src/meetings/2024-01-05-scaffolded.md already exists; "
            "give another id with --id; nothing was written"
        ],
    )
    assert target.read_text(encoding="utf-8") == SECRET
    meeting.unlink()
    meeting.symlink_to(project.root.parent / "dangling.md")
    assert _scaffold(project, "Hà Nội").status == 1
    assert not (project.root.parent / "dangling.md").exists()
    assert [path.name for path in (project.src / "meetings").glob(".*")] == []


def test_a_forked_worker_still_ending_does_not_keep_the_lock(project: Project) -> None:
    from builder.lock import project_lock

    with project_lock(project.root, "build"):
        worker = os.fork()
        if worker == 0:  # a forked worker (the search index parsing) that takes its time to end
            time.sleep(3)
            os._exit(0)
    try:
        result = run(project, "check", env={"DOSSIER_LOCK_TIMEOUT": "0"})
        assert (result.status, result.err) == (0, ""), result
    finally:
        os.waitpid(worker, 0)


@pytest.mark.parametrize(
    ("marker", "ours"),
    [
        (b"", True),  # killed as the marker was created
        (MARKER_TEXT.encode()[:10], True),  # or as it was written
        (b"This folder is mine", False),
        (MARKER_TEXT.encode()[:10] + b"!", False),
    ],
)
def test_a_build_killed_as_it_wrote_the_marker_leaves_a_folder_known_as_ours(
    built: Project, marker: bytes, ours: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    from builder.publish import is_our_site

    stray = built.root / ".site.new"
    stray.mkdir()
    (stray / MARKER).write_bytes(marker)
    assert is_our_site(stray) is ours
    (stray / "page.html").write_text("a page of the user's", encoding="utf-8")
    assert is_our_site(stray) is False  # beside anything else, only the whole marker counts
    (stray / "page.html").unlink()
    change_content(built)
    result = built.run("build", capsys=capsys)
    assert result.status == (0 if ours else 1), result.err
    assert stray.exists() is not ours
