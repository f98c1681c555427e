"""Writing what an ingest run planned: the raw files copied unchanged, and a source record
(`site_src/sources/<id>.yml`) for each new article, for the editor to review; and the same
record as JSON (`dossier ingest --json`).

Every file is written whole or not at all, and only where none exists (`write_new_file`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from builder.content.files import SITE_SRC
from builder.content.models import Printed
from builder.ingest.plan import Ingested, Status
from builder.ingest.scalars import quoted, scalar
from builder.newfile import write_new_file


def write_ingest(root: Path, planned: list[Ingested]) -> list[str]:
    """Copy the new raw files and write their records; never replace an existing file.

    Returns the paths written, relative to the root.
    """
    written: list[str] = []
    for item in planned:
        if item.status is not Status.new:
            continue
        # Each file whole or not at all (`write_new_file`): the raw file first, so that a
        # record never names a raw file that is not there.
        if item.copy_raw:
            write_new_file(root / SITE_SRC / item.raw, item.data)
            written.append(f"{SITE_SRC}/{item.raw}")
        write_new_file(root / item.record_path, render_record(item).encode("utf-8"))
        written.append(item.record_path)
    return written


# The record as YAML, and the detection as JSON.


def _printed_yaml(key: str, value: Printed | None, review: str) -> list[str]:
    if value is None:
        return [f"{key}: null  # REVIEW: {review}"]
    return [
        f"{key}:  # REVIEW: {review}",
        f"  name: {scalar(value.name)}",
        f"  printed: {scalar(value.printed)}",
    ]


def render_record(item: Ingested) -> str:
    """The source record YAML for the editor to review, fields in the order of the schema."""
    found = item.detection
    if isinstance(found.date, dt.date):
        date = found.date.isoformat()
    else:
        date = quoted(found.date) if found.date else "null"
    lines = [
        "# Written by `dossier ingest`. Review every line marked REVIEW against the raw",
        f"# article (`cat -n {SITE_SRC}/{item.raw}`), then run `dossier check`.",
        f"raw: {scalar(item.raw)}",
        f"raw_sha256: {item.raw_sha256}",
        f"language: {found.language or 'null'}  # REVIEW: BCP 47 tag of the article text",
        "rights: excerpts",
        f"headline: {quoted(found.headline) if found.headline else 'null'}"
        "  # REVIEW: as printed, or null when the article has none",
        "editorial_title: null  # REVIEW: write our own short English title",
        *_printed_yaml("outlet", found.outlet, "who published it; name is ours, printed is theirs"),
        *_printed_yaml("captured_from", found.captured_from, "the site the copy came from"),
        *_printed_yaml("author", found.author, "as the byline prints it"),
        f"date: {date}  # REVIEW: publication date as printed (YYYY-MM-DD, or YYYY-MM)",
        f"url: {scalar(found.url) if found.url else 'null'}"
        "  # REVIEW: only a URL the article prints",
    ]
    lines.append(
        f"cites:{' []' if not found.cites else ''}  # REVIEW: who the article cites for its words"
    )
    for cited in found.cites:
        lines += [f"  - name: {scalar(cited.name)}", f"    printed: {scalar(cited.printed)}"]
    lines.append(f"credits:{' []' if not found.credits else ''}  # REVIEW: photo and video credits")
    for credit in found.credits:
        lines += [
            f"  - name: {scalar(credit.name)}",
            f"    printed: {scalar(credit.printed)}",
            f"    kind: {credit.kind}",
        ]
    lines.append(f"cuts:{' []' if not found.cuts else ''}  # REVIEW: line numbers of the raw file")
    for cut in found.cuts:
        prefix = f", prefix: {quoted(cut.prefix)}" if cut.prefix is not None else ""
        lines.append(f'  - {{lines: "{cut.lines}", role: {cut.role.value}{prefix}}}')
    return "\n".join(lines) + "\n"


def _printed_json(value: Printed | None) -> dict[str, str] | None:
    return None if value is None else {"name": value.name, "printed": value.printed}


def ingested_json(item: Ingested) -> dict[str, Any]:
    """The detected record of one path as a JSON object (`null` for what was not found)."""
    found = item.detection
    date = found.date.isoformat() if isinstance(found.date, dt.date) else found.date
    # The fields of the YAML record (`render_record`) under the same names, and about the run:
    # the path given, its status, the record's path, the id and the article text.
    return {
        "path": item.path,
        "status": item.status.value,
        "id": item.source_id,
        "record": item.record_path,
        "raw": item.raw,
        "raw_sha256": item.raw_sha256,
        "language": found.language,
        "rights": "excerpts",
        "headline": found.headline,
        "editorial_title": None,
        "date": date,
        "date_precision": found.date_precision.value if found.date_precision else None,
        "outlet": _printed_json(found.outlet),
        "captured_from": _printed_json(found.captured_from),
        "author": _printed_json(found.author),
        "url": found.url,
        "cites": [_printed_json(cited) for cited in found.cites],
        "credits": [
            {"name": credit.name, "printed": credit.printed, "kind": credit.kind}
            for credit in found.credits
        ],
        "cuts": [cut.model_dump(mode="json", exclude_none=True) for cut in found.cuts],
        "body": found.body,
    }
