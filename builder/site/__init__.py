"""Turns a verified dossier into the docs tree: pages, views, Markdown, export; knows no engine."""
