"""Turns raw articles into source records and meeting skeletons in site_src/."""
