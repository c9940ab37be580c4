# `make serve` and `make test` set everything up on first use.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# the Nu HTML checker for the browser tests, pinned in tests/validator/package-lock.json
VNU := tests/validator/node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: serve test build bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve

build: $(STAMP)
	$(BIN)/mkdocs build --strict

$(VNU): tests/validator/package.json tests/validator/package-lock.json
	cd tests/validator && npm ci --no-audit --no-fund --loglevel=error
	touch $(VNU)

# the browser tests need a Chromium: the system one ($$CHROMIUM, /usr/bin/chromium), else Playwright's
# own is installed (and said so); with CI=true a missing system Chromium is an error
test: $(STAMP) $(VNU)
	$(BIN)/python -m harness.browser
	$(BIN)/python -m pytest -n 2

# the performance report (bench/REPORT.md); Lighthouse comes from npm, pinned in bench/package-lock.json
bench: $(STAMP)
	cd bench && npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python -m bench.report

clean:
	rm -rf $(VENV) site
