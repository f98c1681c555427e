"""Typed models of the dossier's content: what `site_src/` may say, field by field.

The schemas of the files an editor writes (source records, meeting front matter, people) are
declared here once, with a docstring per field, and validated by pydantic. Unknown keys are
errors, so a typo such as `quotse:` never passes silently. One module per file an editor
writes (`sources`, `meetings`, `people`), and `loaded` for what the loader makes of them; the
names are imported from here.
"""

from builder.content.models.base import Printed, Strict
from builder.content.models.loaded import (
    Dossier,
    Located,
    Meeting,
    Paragraph,
    Source,
    UncheckedMeeting,
)
from builder.content.models.meetings import (
    ClaimRecord,
    ClaimValue,
    ClaimWhere,
    MeetingRecord,
    PlaceRecord,
    QuoteContext,
    QuoteKind,
    QuoteRecord,
    StatementRecord,
)
from builder.content.models.people import (
    OrganisationKind,
    OrganisationRecord,
    PeopleFile,
    PersonRecord,
    Speaker,
)
from builder.content.models.sources import (
    Credit,
    Cut,
    CutRole,
    DatePrecision,
    Rights,
    SourceRecord,
)

__all__ = [
    "ClaimRecord",
    "ClaimValue",
    "ClaimWhere",
    "Credit",
    "Cut",
    "CutRole",
    "DatePrecision",
    "Dossier",
    "Located",
    "Meeting",
    "MeetingRecord",
    "OrganisationKind",
    "OrganisationRecord",
    "Paragraph",
    "PeopleFile",
    "PersonRecord",
    "PlaceRecord",
    "Printed",
    "QuoteContext",
    "QuoteKind",
    "QuoteRecord",
    "Rights",
    "Source",
    "SourceRecord",
    "Speaker",
    "StatementRecord",
    "Strict",
    "UncheckedMeeting",
]
