# Two commands do all set-up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Material prints an end-of-life notice whenever MkDocs starts; hide it (see README).
export NO_MKDOCS_2_WARNING := 1
NODE_STAMP := node_modules/.installed-stamp
LIGHTHOUSE_STAMP := tools/lighthouse/node_modules/.installed-stamp
CHROMIUM := /usr/bin/chromium

.PHONY: site test lint check serve bench constraints clean chromium lighthouse

# The virtual environment, with the project and its test tools at the pinned versions.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $@

# axe-core for the browser tests, exactly as package-lock.json pins it.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The browser tests drive Debian's Chromium (Playwright never downloads a browser here).
# Installed when missing and we may (root on Debian); otherwise we stop and say so.
chromium:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && [ -f /etc/debian_version ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "make test needs Chromium at $(CHROMIUM) for the browser tests." >&2; \
	  echo "Install Debian's chromium package (sudo apt-get install chromium) and run make test again." >&2; \
	  exit 1; \
	fi

site: $(STAMP)
	$(BIN)/dossier build

check: $(STAMP)
	$(BIN)/dossier check

serve: $(STAMP)
	$(BIN)/dossier serve

lint: $(STAMP)
	$(BIN)/ruff check builder bench tests tools
	$(BIN)/ruff format --check builder bench tests tools
	$(BIN)/mypy

test: $(STAMP) lint $(NODE_STAMP) chromium
	$(BIN)/pytest

# Build synthetic dossiers of N meetings as a user would (see BENCHMARKS.md): the cold build,
# the no-change build, peak memory, and MkDocs alone on the same docs tree. make bench N="100";
# REPEAT=3 measures each N three times and reports the median run; UPDATE=1 writes the figures
# into BENCHMARKS.md; ZENSICAL=path/to/zensical also builds each generated tree with Zensical.
# Two checkouts' cold builds, alternately: .venv/bin/python -m bench.compare --before DIR --after .
N ?= 100 1000
bench: $(STAMP)
	$(BIN)/python -m bench.run $(N) $(if $(REPEAT),--repeat $(REPEAT)) $(if $(UPDATE),--update BENCHMARKS.md) $(if $(ZENSICAL),--zensical $(ZENSICAL))

# Lighthouse scores for BENCHMARKS.md: a measurement, not a test. Lighthouse as pinned in
# tools/lighthouse/package-lock.json, in Debian's Chromium, on site/ served on 127.0.0.1.
$(LIGHTHOUSE_STAMP): tools/lighthouse/package.json tools/lighthouse/package-lock.json
	npm ci --prefix tools/lighthouse --no-audit --no-fund
	touch $@

lighthouse: site chromium $(LIGHTHOUSE_STAMP)
	$(BIN)/python tools/lighthouse_scores.py

# Re-pin every dependency to what is installed now (after changing pyproject.toml).
constraints: $(STAMP)
	{ echo '# Exact versions for every install (make site, make test, CI). Regenerate with: make constraints'; \
	  $(BIN)/python -m pip freeze --exclude-editable --disable-pip-version-check | grep -v '^dossier=='; } > constraints.txt

clean:
	rm -rf $(VENV) build site .site.new .site.old node_modules tools/lighthouse/node_modules
