"""A hostile review of "Nothing lost" (issue 16, section 3): each test is a hole found.

Every case here failed when written: a command deleted or changed what the user made, wrote
outside the project and its output folder, hung, or printed a traceback or a line that names
no path. Each test states the behaviour expected instead. Real processes throughout, as a user
runs `dossier`; no network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from builder.publish import MARKER
from tests.conftest import Project, files_under, make_project
from tests.test_nothing_lost import (
    DOSSIER,
    _mount_namespace,
    change_content,
    run,
    tree,
    user_folder,
)


def assert_one_line_naming(result_err: str, path: str) -> None:
    """stderr is one line `path: what is wrong`, no traceback (the waiting notice aside)."""
    lines = [
        line for line in result_err.splitlines() if not line.startswith("dossier: waiting for")
    ]
    assert "Traceback" not in result_err, result_err
    assert len(lines) == 1, result_err
    assert lines[0].startswith(f"{path}: "), result_err


# 1. The build stamp vouches for a folder by its name alone (high: the user's files deleted)


def test_a_site_folder_deleted_and_refilled_by_the_user_is_not_replaced(built: Project) -> None:
    """The stamp says the last build went into `site`; the user has since removed that site
    and put a folder of their own at its name. It holds no marker: the build must refuse it
    (exit 2, one line), not delete it because the stamp remembers the name, nor mark it."""
    assert run(built, "build").status == 0  # the stamp now names this copy's site
    shutil.rmtree(built.site)
    user_folder(built.site)
    before = tree(built.site)
    change_content(built)
    result = run(built, "build")
    assert tree(built.site) == before, "the user's files in site/ were replaced"
    assert not (built.site / MARKER).exists()
    assert result.status == 2, result
    assert_one_line_naming(result.err, str(built.site))
    assert "did not build" in result.err


def test_an_out_folder_the_stamp_names_is_not_replaced_once_it_holds_the_users_files(
    built: Project, tmp_path: Path
) -> None:
    """The same through `--out`: built once into `public`, then `public` became the user's
    (removed and made again with their files). Today: exit 0, the user's files deleted."""
    public = tmp_path / "public"
    assert run(built, "build", "--out", str(public)).status == 0
    shutil.rmtree(public)
    user_folder(public)
    before = tree(public)
    change_content(built)
    result = run(built, "build", "--out", str(public))
    assert tree(public) == before, "the user's files in --out were replaced"
    assert result.status == 2, result
    assert_one_line_naming(result.err, str(public))


def test_a_build_refused_for_content_never_marks_the_users_folder(built: Project) -> None:
    """Even when the build stops on a content error, the folder the stamp names is left as
    the user made it: no marker is written into it (that marker would make it "ours" for
    every later build, stamp or not)."""
    assert run(built, "build").status == 0  # the stamp now names this copy's site
    shutil.rmtree(built.site)
    user_folder(built.site)
    meeting = built.root / "site_src/meetings/2024-01-05-hanoi.md"
    meeting.write_text(meeting.read_text(encoding="utf-8") + "A sentence.\n", encoding="utf-8")
    run(built, "build")
    assert not (built.site / MARKER).exists()


# 2. `build/` that is a link (high: the user's files deleted, writes outside the project)


def test_a_build_folder_that_is_a_link_never_deletes_or_writes_outside_the_project(
    project: Project, tmp_path: Path
) -> None:
    """`build` is a symbolic link (a git repository can ship one; `build/` in .gitignore does
    not match a link) to a folder of the user's whose `docs/` holds their work. The build
    writes its generated docs there and removes every file it did not expect: today the
    user's `docs/thesis.md` is deleted and the build says exit 0. Expected: the user's folder
    is left exactly as it was (refuse with one line naming build, exit 1 or 2, or build
    elsewhere)."""
    victim = tmp_path / "victim"
    user_folder(victim / "docs")
    before = tree(victim)
    (project.root / "build").symlink_to(victim)
    result = run(project, "build")
    assert tree(victim) == before, f"the user's folder was changed: {result}"
    assert "Traceback" not in result.err


def test_a_generated_docs_folder_that_is_a_link_is_not_emptied(
    project: Project, tmp_path: Path
) -> None:
    """The same one level down: `build/docs` a link to the user's folder."""
    victim = user_folder(tmp_path / "victim")
    before = tree(victim)
    (project.root / "build").mkdir()
    (project.root / "build" / "docs").symlink_to(victim)
    result = run(project, "build")
    assert tree(victim) == before, f"the user's folder was changed: {result}"
    assert "Traceback" not in result.err


# 3. A mount inside a site we built (medium: deleted through the mount)


def test_a_folder_mounted_inside_the_site_is_not_emptied(built: Project, tmp_path: Path) -> None:
    """A folder of the user's bind-mounted inside `site/` (a site we built): replacing the
    site removes the previous one with `shutil.rmtree`, which crosses into the mount and
    deletes the user's files (today: the files are gone, then `.site.old/mnt: Device or
    resource busy`, exit 1). Expected: nothing on another file system is removed; the
    user's files are all there afterwards."""
    namespace = _mount_namespace()
    mine = user_folder(tmp_path / "mine")
    before = tree(mine)
    (built.site / "mnt").mkdir()
    change_content(built)
    script = (
        'mount --bind "$2" "$3" || exit 99; cd "$4"; "$1" build; echo "status=$?"; '
        'umount "$3" 2>/dev/null; umount "$5" 2>/dev/null; true'
    )
    completed = subprocess.run(
        [
            *namespace,
            "bash",
            "-c",
            script,
            "script",
            DOSSIER,
            str(mine),
            str(built.site / "mnt"),
            str(built.root),
            str(built.root / ".site.old" / "mnt"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if completed.returncode == 99:
        pytest.skip(f"cannot bind-mount here: {completed.stderr}")
    assert "Traceback" not in completed.stdout + completed.stderr
    assert tree(mine) == before, (
        f"the user's files were deleted through the mount: {completed.stdout}{completed.stderr}"
    )


# 4. A folder of the user's nested in the site (medium: a design question)


def test_a_project_kept_inside_site_is_not_deleted_silently(built: Project) -> None:
    """A second project (with its own .git and site_src/) kept inside `site/`. Issue 16:
    `--out` replaces a folder "only if it is missing, empty, or a site that Dossier built"
    and refuses "any other folder with files it did not make". Today the marker alone makes
    the whole folder ours: the nested project is deleted with exit 0. Expected: refuse (exit
    2, one line naming what dossier did not make), everything kept."""
    inner = built.site / "notes-project"
    (inner / ".git").mkdir(parents=True)
    (inner / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    user_folder(inner / "site_src")
    before = tree(inner)
    change_content(built)
    result = run(built, "build")
    assert inner.is_dir() and tree(inner) == before, f"the nested project was deleted: {result}"
    assert result.status == 2, result


# 5. --timings (a hang; a build input or git's files overwritten; a line naming no path)


def test_timings_into_a_fifo_never_hangs(built: Project, tmp_path: Path) -> None:
    """`--timings` naming a FIFO with no reader: today the build finishes, swaps the site,
    then blocks forever in `open()` while holding the project's lock (every other command
    waits 600 s). Expected: refused before the build like a folder is (one line, exit 1 or 2),
    within seconds."""
    fifo = tmp_path / "timings.fifo"
    os.mkfifo(fifo)
    started = time.monotonic()
    try:
        completed = subprocess.run(
            [DOSSIER, "build", "--timings", str(fifo)],
            cwd=built.root,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("dossier build --timings FIFO hung (killed after 30 s)")
    assert time.monotonic() - started < 30
    assert completed.returncode in (1, 2), completed
    assert_one_line_naming(completed.stderr, str(fifo))


def test_timings_that_cannot_be_written_name_the_file(built: Project) -> None:
    """`--timings /dev/full`: today `dossier: No space left on device` (no path). Expected:
    one line naming `/dev/full`: refused before the build (exit 2: a device is no file that
    --timings wrote), or `/dev/full: No space left on device` (exit 1)."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    result = run(built, "build", "--timings", "/dev/full")
    assert result.status in {1, 2}, result
    assert_one_line_naming(result.err, "/dev/full")


@pytest.mark.parametrize("target", ["mkdocs.yml", ".git/HEAD"])
def test_timings_never_overwrite_a_build_input_or_gits_files(built: Project, target: str) -> None:
    """`--timings mkdocs.yml` (a build input, like site_src/ which is refused) replaces the
    project's MkDocs configuration with JSON, exit 0, and the next build fails; `--timings
    .git/HEAD` breaks the repository (`.git` is a project folder `--out` refuses, not
    `--timings`). Expected: refused before the build, exit 2, one line, the file unchanged."""
    path = built.root / target
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text("ref: refs/heads/main\n", encoding="utf-8")
    before = path.read_bytes()
    result = run(built, "build", "--timings", target)
    assert path.read_bytes() == before, f"{target} was overwritten: {result}"
    assert result.status == 2, result
    assert_one_line_naming(result.err, target)


# 6. File names that are not UTF-8 (a traceback; the build stays broken)


@pytest.mark.parametrize(
    "folder", ["site_src/articles", "site_src/people", "templates", "schema"], ids=str
)
def test_a_file_name_that_is_not_utf8_among_the_inputs_is_no_traceback(
    built: Project, folder: str
) -> None:
    """A file whose name is not UTF-8 (an article saved from a Latin-1 system) where the
    build reads only some files: `dossier check` passes, `dossier build` dies in the stamp's
    digest with UnicodeEncodeError. Expected: no traceback; the build answers as `check`
    does (exit 0 and a site)."""
    (built.root / folder).mkdir(parents=True, exist_ok=True)
    name = os.fsencode(built.root / folder) + b"/caf\xe9.txt"
    with open(name, "wb") as file:  # noqa: PTH123 - a bytes path
        file.write(b"not content\n")
    change_content(built)
    checked = run(built, "check")
    result = run(built, "build")
    assert "Traceback" not in result.err, result.err[-400:]
    assert result.status == checked.status, (checked, result.err[-400:])


def test_a_file_name_that_is_not_utf8_left_in_the_site_is_no_traceback(built: Project) -> None:
    """A stray file with such a name in the built site: every later `dossier build` dies in
    `site_fingerprint` with a traceback, until the user finds it. Expected: the site is
    rebuilt (it is ours) or the file named in one line; no traceback."""
    assert run(built, "build").status == 0  # the stamp now names this copy's site
    with open(os.fsencode(built.site) + b"/stray\xff.html", "wb") as file:  # noqa: PTH123
        file.write(b"x")
    result = run(built, "build")
    assert "Traceback" not in result.err, result.err[-400:]
    assert result.status == 0, result.err[-400:]


# 7. suggest-attribution --write through a link (a link of the user's replaced by a copy)


def test_suggest_attribution_write_keeps_a_meeting_file_that_is_a_link(project: Project) -> None:
    """`meetings/x.md` is a link to `drafts/x.md` inside site_src/ (allowed: a link that stays
    inside site_src/ is followed). `suggest-attribution --write` replaces the link with a
    regular file holding the new text; the user's real file, the link's target, is left
    without it, and the two now differ. Expected: the link is kept, and either its target
    gains the attribution (exit 0) or nothing is written (exit 1, one line)."""
    meeting = project.src / "meetings" / "2024-01-05-hanoi.md"
    text = meeting.read_text(encoding="utf-8").replace("    attribution: Bà Bình cho biết\n", "")
    draft = project.write("site_src/drafts/hanoi.md", text)
    meeting.unlink()
    meeting.symlink_to(Path("..") / "drafts" / "hanoi.md")
    result = run(project, "suggest-attribution", "--write")
    assert meeting.is_symlink(), f"the user's link was replaced by a file: {result}"
    if result.status == 0:
        assert 'attribution: "Bà Bình cho biết"' in draft.read_text(encoding="utf-8")
    else:
        assert draft.read_text(encoding="utf-8") == text


# 8. Two builds into one output folder (interleaved: an error naming an internal file)


def test_two_projects_building_into_one_folder_never_interleave(
    built: Project, tmp_path: Path
) -> None:
    """Two projects (say a checkout and a copy of it) build into one `--out` at once. The
    lock is the project's, not the output's: each build removes the other's `.out.new` as a
    leftover, and one fails with `…/.shared.new/assets/…: No such file or directory` (or
    worse, swaps in a mix). Expected: the second waits (or refuses in one line naming the
    output folder), and the folder ends as one project's complete site."""
    other = make_project(tmp_path / "other")
    about = other.src / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nThe other one.\n", encoding="utf-8")
    shared = tmp_path / "shared"
    references = {}
    for name, project in (("built", built), ("other", other)):
        reference = tmp_path / f"reference-{name}"
        assert run(project, "build", "--out", str(reference)).status == 0
        references[name] = files_under(reference)
    for round_number in range(4):
        for project in (built, other):
            about = project.src / "about.md"
            about.write_text(
                about.read_text(encoding="utf-8") + f"\nRound {round_number}.\n", "utf-8"
            )
        processes = [
            subprocess.Popen(
                [DOSSIER, "build", "--out", str(shared)],
                cwd=project.root,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for project in (built, other)
        ]
        for process in processes:
            _, err = process.communicate(timeout=300)
            assert "Traceback" not in err
            if process.returncode != 0:
                assert_one_line_naming(err, str(shared))
        finished = files_under(shared)
        assert any(set(finished) == set(reference) for reference in references.values()), (
            f"round {round_number}: {shared} is no project's complete site: "
            f"{len(set(references['built']) - set(finished))} files missing, "
            f"{len(set(finished) - set(references['built']))} extra"
        )


# 9. Smaller: an ingest that fails half-way; a line that names a descriptor


def test_an_ingest_refused_for_a_too_long_id_writes_nothing(
    project: Project, tmp_path: Path
) -> None:
    """`--id` of 300 letters is a slug, but no file can have that name: today the raw article
    is copied into site_src/articles/ first, then the record fails with ENAMETOOLONG (exit 1,
    the line naming a hidden temporary file); the article stays behind without a record.
    Expected: refused before anything is written (exit 2), articles/ unchanged."""
    article = tmp_path / "article.txt"
    article.write_text('Tiêu đề\n\nÔng X nói: "xin chào các bạn".\n', encoding="utf-8")
    before = tree(project.src)
    result = run(project, "ingest", str(article), "--id", "a" * 300)
    assert tree(project.src) == before, f"something was written: {result}"
    assert result.status in (1, 2), result
    assert "Traceback" not in result.err


def test_a_folder_in_place_of_a_generated_page_is_named(built: Project) -> None:
    """A folder where the build writes `build/docs/index.md`: today the one line is
    `4: Is a directory` (the number of a file descriptor, not a path), and every build fails
    with it. Expected: the line names build/docs/index.md (or the build replaces it, since
    build/ is the build's own folder); exit 1 and the site kept, or exit 0."""
    page = built.root / "build" / "docs" / "index.md"
    page.unlink()
    page.mkdir()
    change_content(built)
    before = built.snapshot()
    result = run(built, "build")
    assert "Traceback" not in result.err
    if result.status != 0:
        assert result.status == 1
        assert built.snapshot() == before
        assert_one_line_naming(result.err, str(page))
