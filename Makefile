# `make serve` and `make test` set everything up on first use.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# OpenFisca-France (pinned in constraints.txt) is installed without its dependencies: only its parameter
# files are read, by `python -m maintenance upstream` and its tests, never imported

# esbuild, which bundles the checker app (build_tools/bundle.py), pinned in build_tools/js/package-lock.json
ESBUILD := build_tools/js/node_modules/.bin/esbuild

# the Nu HTML checker for the browser tests, pinned in tests/validator/package-lock.json
VNU := tests/validator/node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: serve test check fresh-check build bench clean js

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps -c constraints.txt openfisca-france
	touch $(STAMP)

$(ESBUILD): build_tools/js/package.json build_tools/js/package-lock.json
	cd build_tools/js && npm ci --no-audit --no-fund --loglevel=error
	touch $(ESBUILD)

js: $(ESBUILD)

serve: $(STAMP) $(ESBUILD)
	$(BIN)/mkdocs serve

build: $(STAMP) $(ESBUILD)
	$(BIN)/mkdocs build --strict

$(VNU): tests/validator/package.json tests/validator/package-lock.json
	cd tests/validator && npm ci --no-audit --no-fund --loglevel=error
	touch $(VNU)

# the browser tests need a Chromium: the system one ($$CHROMIUM, /usr/bin/chromium), else Playwright's
# own is installed (and said so); with CI=true a missing system Chromium is an error
test: $(STAMP) $(ESBUILD) $(VNU)
	@start=$$(date +%s); status=0; \
	$(BIN)/python -m harness.browser && $(BIN)/python -m pytest -n 2 --dist loadgroup || status=$$?; \
	seconds=$$(( $$(date +%s) - start )); \
	echo "make test: $$((seconds / 60)) min $$((seconds % 60)) s (exit $$status; load average: $$(cut -d' ' -f1-3 /proc/loadavg))"; \
	exit $$status

# the fast loop while you work: engine, rules, cases, expressions, maintenance; no site build, no browser,
# no bulk fuzzing gate (CONTRIBUTING.md, "Run the tests")
check: $(STAMP) $(ESBUILD)
	@start=$$(date +%s); status=0; \
	$(BIN)/python -m pytest -m "not browser and not build and not slow" -n 2 --dist loadgroup -q || status=$$?; \
	seconds=$$(( $$(date +%s) - start )); \
	echo "make check: $$((seconds / 60)) min $$((seconds % 60)) s (exit $$status)"; \
	exit $$status

# a clone of HEAD installed from scratch, a real subset of the suite and the strict build inside it
# (.ci/run runs it on every CI run, after `make test`)
fresh-check:
	$(PYTHON) .ci/fresh_check.py

# the performance report (bench/REPORT.md); Lighthouse comes from npm, pinned in bench/package-lock.json
bench: $(STAMP) $(ESBUILD)
	cd bench && npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python -m bench.report

clean:
	rm -rf $(VENV) site .cache
