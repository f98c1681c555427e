"""The `dossier` command: check, build and serve the dossier; ingest articles, scaffold meetings.

Exit status 0 on success, 1 when the content has problems (each printed as `path:line:
message`), 2 for a wrong command line. Bad input never prints a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import json
import sys
import time
from pathlib import Path

from builder.lock import LockTimeout, project_lock
from builder.problems import ContentError
from builder.publish import (
    MARKER,
    Refused,
    check_destination,
    check_swap_paths,
    real_path,
    recover_interrupted_swap,
)
from builder.stamp import check_build, record_build
from builder.timings import check_timings_file, write_timings

# The stages (`builder.pipeline`, `builder.ingest`) and what they import (pydantic, Jinja,
# Markdown, YAML, MkDocs) are imported by the commands that use them: a build with nothing to
# do imports none of them, so that it answers at once.


def _report(error: ContentError) -> int:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    count = len(error.problems)
    print(
        f"dossier: {count} problem{'s' if count != 1 else ''} found; nothing was written",
        file=sys.stderr,
    )
    return 1


def command_check(root: Path) -> int:
    """Load and validate only."""
    from builder.pipeline import check, counts_of

    started = time.perf_counter()
    verified, _ = check(root)
    print(f"dossier check: {counts_of(verified)} in {time.perf_counter() - started:.2f} s")
    return 0


def command_build(
    root: Path, out: Path, timings: Path | None = None, shown: str | None = None
) -> int:
    """Validate, render and build the site into `out`, replacing it only on success.

    `out` is a real path (`publish.real_path`), `shown` the path as the user gave it. `out` is
    replaced only when it is missing, empty or a site we built (`publish.check_destination`);
    otherwise `Refused` says why, and nothing is touched. When neither the inputs nor `out`
    changed since the last build, say so and do nothing. `timings`, if given, receives the
    time spent in each stage as JSON (for the benchmarks).
    """
    started = time.perf_counter()
    _check_output(root, out, shown, timings)
    _recover(out)
    check_swap_paths(out)
    state = check_build(root, out)
    if state.summary is not None:
        write_timings(timings, None, 0.0)
        print(
            f"dossier build: up to date ({state.summary}); {out} is unchanged "
            f"({time.perf_counter() - started:.2f} s)"
        )
        return 0
    from builder.cores import ProcessDied
    from builder.engine import EngineFailure
    from builder.pipeline import build_site

    building = time.perf_counter()
    try:
        built = build_site(root, out)
    except EngineFailure as error:
        print(
            f"dossier: the {error.engine} build failed ({error.reason}); {out} was left as it was",
            file=sys.stderr,
        )
        return 1
    except ProcessDied:
        print(
            "dossier: a process rendering the pages ended before they were done (killed, "
            f"perhaps for lack of memory); {out} was left as it was",
            file=sys.stderr,
        )
        return 1
    write_timings(timings, built, time.perf_counter() - building)
    record_build(root, out, state, str(built.prepared.counts))
    print(
        f"dossier build: {built.prepared.counts}; site written to {out} "
        f"in {time.perf_counter() - started:.2f} s"
    )
    return 0


def _check_output(root: Path, out: Path, shown: str | None, timings: Path | None) -> None:
    """Refuse, before anything is built, an output folder or a timings file that the build
    must not write (`Refused`)."""
    check_destination(root, out, shown or str(out))
    for generated in (root / "build", root / "build" / "docs"):
        if generated.is_symlink():
            raise Refused(
                str(generated),
                "is a link; dossier writes and removes its generated files there, so it must "
                "be a folder of the project (delete the link)",
            )
    if timings is not None:
        check_timings_file(root, timings)


def command_serve(root: Path, address: str) -> int:
    """Build the docs tree, then serve it with live rebuilds on changes to the content."""
    from builder.engine import engine_for
    from builder.pipeline import GENERATED_DOCS, prepare

    # Each rebuild takes the project's lock (the plugin's `on_config`), not the whole session:
    # other commands may run while it serves.
    with project_lock(root, "serve"):
        _recover(real_path(root / "site", "site"))
        prepare(root)
    print(f"dossier serve: http://{address}/ (Ctrl+C to stop)")
    engine_for(root).serve(root / GENERATED_DOCS, address)
    return 0


def command_ingest(
    root: Path, paths: list[Path], dry_run: bool, as_json: bool, source_id: str | None = None
) -> int:
    """Copy raw articles into site_src/articles/ and write a source record for each new one
    (named `source_id` when given, for one path)."""
    from builder.ingest.plan import id_refusal, plan_ingest
    from builder.ingest.record import ingested_json, write_ingest
    from builder.ingest.report import report, summary

    if source_id is not None:
        refusal = id_refusal(root, source_id, len(paths))
        if refusal is not None:
            print(f"dossier ingest: {refusal[0]}; nothing was written", file=sys.stderr)
            return refusal[1]
    planned, problems = plan_ingest(root, [(path, str(path)) for path in paths], source_id)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        if len(paths) > 1:
            count = len(problems)
            print(
                f"dossier ingest: {count} problem{'s' if count != 1 else ''} found; "
                "nothing was written, not even for the other files",
                file=sys.stderr,
            )
        return 1
    if not dry_run:
        write_ingest(root, planned)
    if as_json:
        text = json.dumps([ingested_json(item) for item in planned], ensure_ascii=False, indent=2)
        _print_utf8(text)
        return 0
    for item in planned:
        print("\n".join(report(item, dry_run)))
    print(summary(planned, dry_run))
    return 0


def _print_utf8(text: str) -> None:
    """Print `text` as UTF-8 whatever the locale's encoding (JSON is UTF-8: RFC 8259)."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text stream without bytes under it
        print(text)
        return
    # A file name that is not UTF-8 reaches Python as lone surrogates: written as `\udcff`,
    # a JSON escape, the output stays UTF-8 and nothing fails.
    buffer.write(text.encode("utf-8", "backslashreplace") + b"\n")
    buffer.flush()


def command_new_meeting(
    root: Path, day: dt.date, place: str, sources: list[str], meeting_id: str | None, dry_run: bool
) -> int:
    """Scaffold a meeting file from a date, a place and source ids."""
    from builder.ingest.scaffold import ScaffoldError, scaffold_meeting, write_meeting

    try:
        relative, text = scaffold_meeting(root, day, place, sources, meeting_id)
    except ScaffoldError as error:
        print(f"dossier new meeting: {error}; nothing was written", file=sys.stderr)
        return 2 if error.usage else 1
    if dry_run:
        print(text, end="")
        return 0
    write_meeting(root, relative, text)
    print(
        f"dossier new meeting: wrote {relative}; complete the lines marked TODO, "
        "then run `dossier check`"
    )
    return 0


def command_suggest_attribution(root: Path, write: bool) -> int:
    """Propose the attribution of every quote that lacks one or whose attribution is refused."""
    from builder.ingest.suggest import suggest_for_project

    proposed, written, refused, problems = suggest_for_project(root, write)
    for problem in problems + refused:
        print(problem, file=sys.stderr)
    for suggestion in proposed:
        print(suggestion)
    if write:
        for line in written:
            print(f"wrote {line}")
    count = len(proposed)
    print(
        f"dossier suggest-attribution: {count} quote{'s' if count != 1 else ''} to attribute"
        + (f", {len(written)} written" if write else "")
    )
    return 1 if problems or refused else 0


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        message = f"expected a date as YYYY-MM-DD, found {value!r}"
        raise argparse.ArgumentTypeError(message) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dossier", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    root_help = (
        "the project folder holding site_src/, templates/ and mkdocs.yml (default: current folder)"
    )
    check_parser = commands.add_parser("check", help="load and validate the content only")
    check_parser.add_argument("--root", type=Path, default=Path(), help=root_help)
    build_parser = commands.add_parser("build", help="validate, render and build the site")
    build_parser.add_argument("--root", type=Path, default=Path(), help=root_help)
    build_parser.add_argument(
        "--out",
        default=None,
        help="output folder (default: ROOT/site); replaced only when it is missing, empty or "
        f"a site dossier built (it holds a {MARKER} file)",
    )
    build_parser.add_argument(
        "--timings", type=Path, default=None, metavar="FILE", help="write stage timings as JSON"
    )
    serve_parser = commands.add_parser("serve", help="serve the site and rebuild on changes")
    serve_parser.add_argument("--root", type=Path, default=Path(), help=root_help)
    serve_parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    ingest_parser = commands.add_parser(
        "ingest", help="copy raw articles into site_src/ and write their source records"
    )
    ingest_parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="raw article")
    ingest_parser.add_argument("--dry-run", action="store_true", help="detect, write nothing")
    ingest_parser.add_argument(
        "--json", action="store_true", help="print the detected records as a JSON array"
    )
    ingest_parser.add_argument(
        "--id", help="the source id of the record (one PATH only; default: DATE-outlet)"
    )
    ingest_parser.add_argument("--root", type=Path, default=Path(), help=root_help)
    suggest_parser = commands.add_parser(
        "suggest-attribution",
        help="propose, from the article, the attribution of quotes that lack one",
    )
    suggest_parser.add_argument(
        "--write",
        action="store_true",
        help="add each proposal to its meeting file (a quote's existing attribution is kept)",
    )
    suggest_parser.add_argument("--root", type=Path, default=Path(), help=root_help)
    new_parser = commands.add_parser("new", help="scaffold new content")
    kinds = new_parser.add_subparsers(dest="kind", required=True, metavar="KIND")
    meeting_parser = kinds.add_parser("meeting", help="scaffold a meeting file")
    meeting_parser.add_argument("--date", type=_day, required=True, help="YYYY-MM-DD")
    meeting_parser.add_argument(
        "--place", required=True, help="where it took place, as a source prints it or in English"
    )
    meeting_parser.add_argument(
        "--sources", nargs="+", required=True, metavar="ID", help="ids of the sources reporting it"
    )
    meeting_parser.add_argument("--id", help="the meeting id (default: DATE-slug-of-PLACE)")
    meeting_parser.add_argument(
        "--dry-run", action="store_true", help="print the file instead of writing it"
    )
    meeting_parser.add_argument("--root", type=Path, default=Path(), help=root_help)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `dossier` console script."""
    arguments = _parser().parse_args(argv)
    try:
        root = real_path(arguments.root, str(arguments.root))
        if arguments.command == "serve":  # it holds the lock only while it (re)builds
            return command_serve(root, arguments.dev_addr)
        with project_lock(root, arguments.command):
            return _run(arguments, root)
    except Refused as error:
        print(error, file=sys.stderr)
        return error.status
    except LockTimeout as error:
        print(error, file=sys.stderr)
        return 1
    except ContentError as error:
        return _report(error)
    except OSError as error:
        # The environment, not the content: a full disk, a read-only folder, a file in the
        # way. One line that names the path; what was built before is left as it was.
        print(_os_error_line(error), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _os_error_line(error: OSError) -> str:
    """`path: what is wrong` for an error of the system, as it names its path."""
    reason = error.strerror or str(error)
    if error.filename is None:
        return f"dossier: {reason}"
    if error.filename2 is None:
        return f"{error.filename}: {reason}"
    if error.errno in {errno.ENOSPC, errno.EDQUOT, errno.EROFS}:
        return f"{error.filename2}: {reason}"  # a copy or a move that could not write there
    return f"{error.filename}: {reason} (with {error.filename2})"


def _recover(out: Path) -> None:
    """Put back a site that a build killed mid-swap left (see `recover_interrupted_swap`)."""
    restored = recover_interrupted_swap(out)
    if restored:
        print(f"dossier: {restored}", file=sys.stderr)


def _run(arguments: argparse.Namespace, root: Path) -> int:
    """Run the command, holding the project's lock."""
    given: str | None = getattr(arguments, "out", None)
    if given is not None and not given.strip():
        raise Refused(repr(given), "an empty path names no folder; give the folder to build into")
    shown = given if given is not None else str(root / "site")
    out = real_path(Path(given) if given is not None else root / "site", shown)
    if str(out) != shown:
        shown = f"{shown} (which is {out})"
    if arguments.command == "build":
        # Two projects may build into one folder: the folder that holds it is locked too.
        with project_lock(out.parent, "build"):
            return command_build(root, out, arguments.timings, shown)
    # Before anything else, whatever the command: put back a site/ that a killed build left
    # half swapped (a build does it once it has checked its output folder).
    _recover(out)
    if arguments.command == "check":
        return command_check(root)
    if arguments.command == "ingest":
        return command_ingest(
            root, arguments.paths, arguments.dry_run, arguments.json, arguments.id
        )
    if arguments.command == "suggest-attribution":
        return command_suggest_attribution(root, arguments.write)
    if arguments.command == "new":
        return command_new_meeting(
            root,
            arguments.date,
            arguments.place,
            arguments.sources,
            arguments.id,
            arguments.dry_run,
        )
    raise AssertionError(arguments.command)  # argparse allows no other command


if __name__ == "__main__":
    sys.exit(main())
