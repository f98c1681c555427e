"""What `site_src/people.yml` may say: the people and organisations that speak or take part."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from builder.content.fields import Id, LanguageTag, Text
from builder.content.models.base import Strict


class PersonRecord(Strict):
    """One entry of `site_src/people.yml`."""

    id: Id
    """Unique id, used in quotes and as the page name."""
    name: Text
    """The name the dossier shows."""
    role: Text
    """Their role at the time of the meetings, in English."""
    printed_names: Annotated[tuple[Text, ...], Field(min_length=1)]
    """The forms of the name the articles print; a speaker must be named in the quote's source."""
    language: LanguageTag | None = None
    """The language they speak (BCP 47, `ru`), first link of a quote's chain; null when not
    recorded."""


class OrganisationKind(StrEnum):
    """What an organisation that speaks is."""

    government = "government"
    media = "media"
    agency = "agency"
    other = "other"


class OrganisationRecord(Strict):
    """An organisation whose words the articles report (`Điện Kremlin cho biết`): it speaks
    as a person does, and is shown as an organisation."""

    id: Id
    """Unique id among people and organisations, used in quotes and as the page name."""
    name: Text
    """The name the dossier shows."""
    kind: OrganisationKind
    """`government`, `media`, `agency` or `other`."""
    role: Text
    """What it is, in English (`the Russian president's office`)."""
    printed_names: Annotated[tuple[Text, ...], Field(min_length=1)]
    """The forms of the name the articles print; a speaker must be named in the quote's source."""
    language: LanguageTag | None = None
    """The language it speaks in (BCP 47), first link of a quote's chain; null when not
    recorded."""


Speaker = PersonRecord | OrganisationRecord
"""Who a quote gives words to: a person or an organisation."""


class PeopleFile(Strict):
    """The whole of `site_src/people.yml`."""

    people: tuple[PersonRecord, ...]
    """Everyone who speaks or takes part."""
    organisations: tuple[OrganisationRecord, ...] = ()
    """Organisations whose words the articles report."""
