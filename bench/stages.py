"""The nav of a project's site, for building its docs tree with MkDocs alone.

`python -m bench.stages ROOT OUT.json` checks and renders ROOT's dossier into its docs tree
(`build/docs`, where `dossier build` put it: nothing changes there) and writes the nav the
pipeline made to OUT.json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from builder.pipeline import prepare


def main(argv: list[str] | None = None) -> int:
    """Run our stages; write the nav."""
    root, out = (Path(argument) for argument in (argv or sys.argv[1:]))
    prepared = prepare(root)
    out.write_text(json.dumps(prepared.tree.nav, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
