"""The open data files beside `dossier.json`, by name, and every download of the dossier as the
home page lists them and its `Dataset` describes them (`builder.site.linked_data`)."""

from __future__ import annotations

from typing import NamedTuple

from builder.site.strings import interface_text

QUOTES_CSV = "quotes.csv"
MEETINGS_CSV = "meetings.csv"
TIMELINE_JSON = "timeline.json"
ANNOTATIONS_JSONLD = "annotations.jsonld"
OPEN_DATA_FILES = (QUOTES_CSV, MEETINGS_CSV, TIMELINE_JSON, ANNOTATIONS_JSONLD)
"""The open data written beside `dossier.json` (`builder.site.open_data`)."""

SCHEMA_NAME = "dossier.schema.json"

DATA_FILES = ("dossier.json", SCHEMA_NAME, *OPEN_DATA_FILES)
"""The machine-readable dossier, its schema and the open data, at the site's root."""

OFFLINE_ZIP = "download/dossier-offline.zip"
"""Where the engine puts the whole site as a zip, relative to the site; the home page links
here."""


class DataDownload(NamedTuple):
    """A file of the dataset."""

    path: str
    """Its site path."""
    encoding: str
    """Its media type."""
    name: str
    """What it is, in the interface's language."""


def downloads(offline_zip: str) -> list[DataDownload]:
    """Every download of the dossier: the JSON export, the open data, and the whole site as a
    zip at `offline_zip`."""
    return [
        DataDownload("dossier.json", "application/json", interface_text("data.dossier_json")),
        DataDownload(QUOTES_CSV, "text/csv", interface_text("data.quotes_csv")),
        DataDownload(MEETINGS_CSV, "text/csv", interface_text("data.meetings_csv")),
        DataDownload(TIMELINE_JSON, "application/json", interface_text("data.timeline_json")),
        DataDownload(
            ANNOTATIONS_JSONLD, "application/ld+json", interface_text("data.annotations_jsonld")
        ),
        DataDownload(offline_zip, "application/zip", interface_text("data.offline_zip")),
    ]


def open_data_links(offline_zip: str) -> list[DataDownload]:
    """The open data files, as the home page lists them after `dossier.json` and the zip."""
    return [item for item in downloads(offline_zip) if item.path in OPEN_DATA_FILES]
