# Two-command quick start: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8001
DEMO_DB ?= demo.db
# Published sites must also serve on Datasette 1.0: a second environment holds only what a plain
# `datasette SITE_DIR` needs there (tests/test_datasette_one.py uses it).
DATASETTE_ONE_VENV ?= .venv-datasette1
DATASETTE_ONE ?= datasette==1.0a41
TOOLS ?= .tools
ELEVENTY ?= @11ty/eleventy@3

.PHONY: demo test install install-test serve-demo clean benchmark

# The stamp files make re-runs cheap: pip only runs again when pyproject.toml changes.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test $(DATASETTE_ONE_VENV)/.installed $(TOOLS)/.installed

# Eleventy (an npm package) builds the Eleventy export in a test; without npm the test is skipped.
$(TOOLS)/.installed: Makefile
	mkdir -p $(TOOLS)
	if command -v npm >/dev/null 2>&1; then \
		npm install --prefix $(TOOLS) --silent --no-audit --no-fund '$(ELEVENTY)' \
		|| echo "could not install $(ELEVENTY): the Eleventy build test will be skipped"; \
	fi
	touch $@

$(DATASETTE_ONE_VENV)/.installed: Makefile
	$(PYTHON) -m venv $(DATASETTE_ONE_VENV)
	$(DATASETTE_ONE_VENV)/bin/python -m pip install --quiet '$(DATASETTE_ONE)' nh3
	touch $@

demo: install
	rm -f $(DEMO_DB)
	$(BIN)/wparchive import $(DEMO_DB) fixtures/demo
	$(BIN)/wparchive import $(DEMO_DB) fixtures/sites/harbour-lights --quiet
	$(BIN)/wparchive stats $(DEMO_DB)
	$(BIN)/wparchive serve $(DEMO_DB) --host 127.0.0.1 --port $(PORT)

test: install-test
	$(BIN)/python -m pytest

# Figures for docs/performance.md and docs/text-pages.md (several minutes; not part of `make test`).
benchmark: install-test
	$(BIN)/python benchmarks/wxr_import.py --size-mb 25 --size-mb 100
	$(BIN)/python benchmarks/clean_speed.py --size-mb 25
	$(BIN)/python benchmarks/search_speed.py --comments 1000000
	$(BIN)/python benchmarks/text_accuracy.py
	$(BIN)/python benchmarks/html_accuracy.py
	$(BIN)/python benchmarks/html_import.py --pages 300 --scale 10
	$(BIN)/python benchmarks/hostile_inputs.py --scale 1 --scale 10
	$(BIN)/python benchmarks/crawl_import.py --modes plain,jobs2,cluster2
	$(BIN)/python benchmarks/merge_speed.py --shards 4 --shard-mb 25

clean:
	rm -rf $(VENV) $(DEMO_DB) build *.egg-info src/*.egg-info
