"""Reads site_src/ into a verified dossier; knows no engine and no template."""
