"""Benchmarks of the dossier build: a synthetic dossier generator and the `make bench` runner."""
