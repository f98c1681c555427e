"""The base of every schema, and the pair of an English name with its printed words."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from builder.content.fields import Text


class Strict(BaseModel):
    """Base for every schema: unknown keys are reported; pydantic's lax mode still refuses to
    turn a number into a string, so `title: 2024` is an error, not a title."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Printed(Strict):
    """A name as the dossier shows it in English, with the words the article prints for it."""

    name: Text
    """How the dossier names it in English (our wording)."""
    printed: Text
    """The words as the raw article prints them; the build checks they are in the article."""
