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

.PHONY: serve test check fresh-check build bench clean js lock

# every package comes from requirements.lock, each file checked against its SHA-256 (--require-hashes);
# the project itself is then installed from this folder with the locked setuptools (no other download)
$(STAMP): pyproject.toml constraints.txt requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# requirements.lock made again from pyproject.toml and constraints.txt (CONTRIBUTING.md, "Hashed Python packages"):
# pip-tools resolves the pins with every file's hash; OpenFisca-France, installed without its
# dependencies, is added with its own hash
LOCK_VENV := .cache/lock-tools
lock:
	test -x $(LOCK_VENV)/bin/python || $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet pip-tools==7.7.0
	$(LOCK_VENV)/bin/pip-compile --quiet --extra test --all-build-deps --generate-hashes --allow-unsafe \
	  --strip-extras --no-emit-index-url --no-emit-find-links -c constraints.txt -o requirements.lock pyproject.toml
	rm -rf $(LOCK_VENV)/download
	$(LOCK_VENV)/bin/python -m pip download --quiet --no-deps -d $(LOCK_VENV)/download \
	  $$(grep -i '^openfisca-france==' constraints.txt)
	{ echo; echo "# installed without its dependencies (only its parameter files are read)"; \
	  grep -i '^openfisca-france==' constraints.txt | tr -d '\n'; \
	  for file in $(LOCK_VENV)/download/*; do printf ' \\\n    %s' "$$($(LOCK_VENV)/bin/python -m pip hash $$file | tail -1)"; done; \
	  echo; } >> requirements.lock

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
