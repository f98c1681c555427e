"""Limits on what the builder reads, shared by the stages and the build stamp.

A module of its own so that the stamp, which runs before anything is built, imports none of
the stages.
"""

from __future__ import annotations

MAX_RAW_BYTES = 10 * 1024 * 1024
"""The size limit of a raw article (and of any file the builder reads); a larger file is
refused before it is read."""
