"""What a meeting page and the export show of a meeting's claims: each source's value, its
printed words, and where they stand on the archived source page.

Where the words stand in the article text is found by the validate stage
(`Verified.claim_matches`); a value printed in the headline links to the headline.
"""

from __future__ import annotations

from collections.abc import Mapping

from builder.content.models import ClaimRecord, ClaimWhere
from builder.content.text import Match
from builder.site.render import View

ClaimMatches = Mapping[tuple[str, str], Match | None]
"""By (claim id, source id): where a claim's printed words stand in the article text; None
for words in the headline."""


def claim_anchor(claim_id: str, source_id: str, where: ClaimWhere, matches: ClaimMatches) -> str:
    """The anchor of a claim's printed words on the source page: `c-<claim id>` at the
    words in the article text, `headline` for words in the headline; "" (the page itself)
    when the words were not placed."""
    if isinstance(matches.get((claim_id, source_id)), Match):
        return f"c-{claim_id}"
    return "headline" if where is ClaimWhere.headline else ""


def claim_views(
    claims: tuple[ClaimRecord, ...],
    meeting_sources: tuple[str, ...],
    source_views: Mapping[str, View],
    matches: ClaimMatches,
) -> list[View]:
    """What a meeting page shows of its claims: for each, one row per source of the meeting,
    in the meeting's order, with the source's value or None (silent), and the link to the
    value's words on the archived source page."""
    views = []
    for claim in claims:
        values = {value.source: value for value in claim.values}
        rows = []
        for source_id in meeting_sources:
            source = source_views[source_id]
            value = values.get(source_id)
            archive = source["page"]
            if value is not None:
                anchor = claim_anchor(claim.id, source_id, value.where, matches)
                archive = f"{archive}#{anchor}" if anchor else archive
            rows.append(View({"source": source, "value": value, "archive": archive}))
        views.append(
            View(
                {
                    "id": claim.id,
                    "record": claim,
                    "rows": rows,
                    "stating": [row for row in rows if row["value"] is not None],
                    "differ": claim.differ,
                }
            )
        )
    return views
