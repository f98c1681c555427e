"""Offline stage: after MkDocs has written the site, make it work from a folder or a zip.

Two things, both plain functions over the finished `site/`:

- the search index of each edition as a script (`search/search_index.js` in the edition's
  folder): a page opened from a folder (`file://`) may not fetch `search_index.json`, but it
  may load a script, and Material's bundle does exactly that when it sees `file:`.
  (Material's `offline` plugin writes the same file, but it also adds a script from a CDN to
  every page, so we do not use it.)
- `download/dossier-offline.zip`: the whole site, every edition, but the zip itself, under
  one folder, with entries in sorted order and fixed timestamps and permissions, so the same
  site gives the same bytes.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from builder.site.data_files import OFFLINE_ZIP

SEARCH_INDEX = Path("search") / "search_index.json"
SEARCH_SCRIPT = Path("search") / "search_index.js"


ZIP_FOLDER = "dossier-offline"
"""The one folder the zip unpacks into."""

ZIP_EPOCH_MIN = int(datetime(1980, 1, 1, tzinfo=UTC).timestamp())
"""Zip timestamps cannot go earlier; also the timestamp when no build date is set."""

FILE_MODE = 0o644

ZIP_LEVEL = 3
"""Deflate's level for the zip, lighter than the usual 6: the pack is the build's last step,
and a slightly larger download costs less than the wait on every build (the figures are in
BENCHMARKS.md)."""


def write_search_script(site_dir: Path) -> Path | None:
    """Write the search index as `var __index = …;` beside the JSON; None if search is off."""
    index = site_dir / SEARCH_INDEX
    if not index.is_file():
        return None
    script = site_dir / SEARCH_SCRIPT
    script.write_bytes(b"var __index = " + index.read_bytes() + b";\n")
    return script


def zip_timestamp(environ: dict[str, str] | None = None) -> tuple[int, int, int, int, int, int]:
    """The timestamp of every zip entry: `SOURCE_DATE_EPOCH` (set from the content by the
    pipeline), else 1 January 1980."""
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "")
    epoch = int(value) if value.strip().isdigit() else ZIP_EPOCH_MIN
    moment = datetime.fromtimestamp(max(epoch, ZIP_EPOCH_MIN), tz=UTC)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def site_files(site_dir: Path) -> list[str]:
    """Every file of the site as a sorted list of POSIX paths, leaving out the zip."""
    return sorted(
        path.relative_to(site_dir).as_posix()
        for path in site_dir.rglob("*")
        if path.is_file() and path.relative_to(site_dir).as_posix() != OFFLINE_ZIP
    )


def write_offline_zip(site_dir: Path) -> Path:
    """Pack the site, but the zip itself, into `download/dossier-offline.zip`."""
    target = site_dir / OFFLINE_ZIP
    target.parent.mkdir(parents=True, exist_ok=True)
    stamp = zip_timestamp()
    files = site_files(site_dir)
    temporary = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(temporary, "w") as archive:
        for relative in files:
            entry = zipfile.ZipInfo(f"{ZIP_FOLDER}/{relative}", date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = FILE_MODE << 16
            # Fixed, so the bytes do not depend on the system that packed them.
            entry.create_system = 3
            archive.writestr(entry, (site_dir / relative).read_bytes(), compresslevel=ZIP_LEVEL)
    temporary.replace(target)
    return target


def finish_offline_site(site_dir: Path, editions: Sequence[str] = ("",)) -> None:
    """Run the offline stage on a finished site: the search script of each edition first (by
    its folder in the site, `""` for the root's), each searching its own pages, then one zip of
    the whole site, every edition in it."""
    for folder in editions:
        write_search_script(site_dir / folder if folder else site_dir)
    write_offline_zip(site_dir)
