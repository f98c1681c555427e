"""Dossier: turns raw news articles into a source-verified dossier website.

The package is the pipeline load → validate → render, plus the MkDocs adapter and the CLI.
"""
