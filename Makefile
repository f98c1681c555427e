# Two commands do all set-up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Material prints an end-of-life notice whenever MkDocs starts; hide it (see README).
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test lint check serve bench constraints clean

# The virtual environment, with the project and its test tools at the pinned versions.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $@

site: $(STAMP)
	$(BIN)/dossier build

check: $(STAMP)
	$(BIN)/dossier check

serve: $(STAMP)
	$(BIN)/dossier serve

lint: $(STAMP)
	$(BIN)/ruff check builder bench tests
	$(BIN)/ruff format --check builder bench tests
	$(BIN)/mypy

test: $(STAMP) lint
	$(BIN)/pytest

# Build synthetic dossiers of N meetings and report where the time goes (see BENCHMARKS.md):
# make bench N="100 1000"; UPDATE=1 writes the figures into BENCHMARKS.md; ZENSICAL=path/to/zensical
# also builds each generated tree with Zensical.
N ?= 10 100 1000
bench: $(STAMP)
	$(BIN)/python -m bench.run $(N) $(if $(UPDATE),--update BENCHMARKS.md) $(if $(ZENSICAL),--zensical $(ZENSICAL))

# Re-pin every dependency to what is installed now (after changing pyproject.toml).
constraints: $(STAMP)
	{ echo '# Exact versions for every install (make site, make test, CI). Regenerate with: make constraints'; \
	  $(BIN)/python -m pip freeze --exclude-editable --disable-pip-version-check | grep -v '^dossier=='; } > constraints.txt

clean:
	rm -rf $(VENV) build site .site.new .site.old
