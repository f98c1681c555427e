# Two commands do all set-up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Material prints an end-of-life notice whenever MkDocs starts; hide it (see README).
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test lint check serve constraints clean

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
	$(BIN)/ruff check builder tests
	$(BIN)/ruff format --check builder tests
	$(BIN)/mypy

# The real-browser tests drive Debian's Chromium (Playwright cannot download its own browser
# here): installed when missing, when we may (root, with apt-get); otherwise a clear stop.
CHROMIUM := /usr/bin/chromium

$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
	  echo "make test: the browser tests need Debian's chromium at $(CHROMIUM): apt-get install chromium" >&2; \
	  exit 1; \
	fi

test: $(STAMP) lint $(CHROMIUM)
	$(BIN)/pytest

# Re-pin every dependency to what is installed now (after changing pyproject.toml).
constraints: $(STAMP)
	{ echo '# Exact versions for every install (make site, make test, CI). Regenerate with: make constraints'; \
	  $(BIN)/python -m pip freeze --exclude-editable --disable-pip-version-check | grep -v '^dossier=='; } > constraints.txt

clean:
	rm -rf $(VENV) build site .site.new .site.old
