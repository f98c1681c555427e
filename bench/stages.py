"""Our stages alone, in a process of their own: load, validate and render a project.

`python -m bench.stages ROOT DOCS_DIR OUT.json` renders ROOT's dossier into DOCS_DIR and writes
the stage timings and the sidebar it made to OUT.json. The benchmark reads the process's peak
memory from outside: that is the peak of our stages (with the interpreter and the imports),
without MkDocs.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from builder.pipeline import prepare


def main(argv: list[str] | None = None) -> int:
    """Run the stages; write what they took and the nav."""
    root, docs_dir, out = (Path(argument) for argument in (argv or sys.argv[1:]))
    prepared = prepare(root, docs_dir)
    data = {
        **asdict(prepared.times),
        "files_written": prepared.files_written,
        "nav": prepared.tree.nav,
    }
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
