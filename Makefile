# Tayori: `make run` to try it, `make test` to check it. Every target says what it does.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The Lambda runtime is python3.13: use it where pyenv (or PATH) has it, else fall back to python3.
PYTHON ?= $(shell for p in $$(ls -d $$(pyenv root 2>/dev/null)/versions/3.13*/bin/python3 2>/dev/null | sort -V -r) python3.13; do \
	$$p -c "" >/dev/null 2>&1 && { echo $$p; break; }; done)
ifeq ($(strip $(PYTHON)),)
PYTHON := python3
endif
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 3000
# The articles `make index` and `make run` build from; the index goes to $TAYORI_INDEX_DIR (default:
# next to the function).
CONTENT ?= content
export PYTHONPATH := functions/search:.

.PHONY: help install index widget run test lint bench bench-corpus bench-scale package build-SearchFunction clean report browser bakeoff import

# A description may name a variable such as $(PORT): help prints its value.
help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/; s/\$$\(PORT\)/$(PORT)/g' | expand -t 14

$(VENV)/.installed: pyproject.toml
	@echo "==> creating $(VENV) with $$($(PYTHON) --version) and installing pinned dependencies"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[runtime,build,local,publisher,dev,bench]"
	@touch $@

install: $(VENV)/.installed ## create the virtualenv with every dependency

index: install ## validate content/ (or CONTENT=dir) and build the search index (swapped in atomically)
	@echo "==> building the search index"
	$(PY) -m index --content $(CONTENT)

# npm ci installs esbuild (the widget's bundler) and axe-core (the accessibility test), pinned in package-lock.json.
NODE_DEPS := node_modules/.installed
$(NODE_DEPS): package.json package-lock.json
	@echo "==> npm ci (esbuild for the widget, axe-core for the accessibility test)"
	npm ci --no-audit --no-fund
	@touch $@

# The served widget is built, never committed: widget/src bundled and minified by esbuild, with the
# API's request limits (settings.LIMITS: query length, results, offset, type-ahead prefix) defined in it.
WIDGET := functions/search/widget/tayori-search.js
$(WIDGET): $(wildcard widget/src/*) widget/build.mjs functions/search/settings.py $(NODE_DEPS) | $(VENV)/.installed
	@echo "==> bundling the widget (esbuild): $@"
	node widget/build.mjs $@ "$$($(PY) -c 'import json, settings; print(json.dumps({l.name: l.value for l in settings.LIMITS}))')"

widget: $(WIDGET) ## bundle and minify the widget from widget/src into the file the API serves

# The port is checked first: a second `make run` on a busy port stops before it rebuilds anything.
run: install ## build the index and serve the API and demo page on http://127.0.0.1:$(PORT)
	@$(PY) -m local.server --check-port --port $(PORT)
	@$(MAKE) --no-print-directory index widget
	@echo "==> serving on http://127.0.0.1:$(PORT) (Ctrl-C to stop)"
	$(PY) -m local.server --port $(PORT)

lint: install ## ruff and cfn-lint
	@echo "==> ruff"
	$(VENV)/bin/ruff check .
	@echo "==> cfn-lint template.yaml"
	$(VENV)/bin/cfn-lint template.yaml

# Browser tests use Debian's Chromium (never a downloaded browser) and a Japanese font for true screenshots.
browser: $(NODE_DEPS) ## Chromium and a Japanese font (apt, if missing) and axe-core (npm ci)
	@if [ -x /usr/bin/chromium ] && fc-list :lang=ja 2>/dev/null | grep -q .; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then echo "==> no /usr/bin/chromium and no apt-get: browser tests will skip"; \
	elif [ "$$(id -u)" != 0 ]; then echo "==> run as root (or install chromium fonts-ipafont-gothic): browser tests will skip"; \
	else echo "==> installing Debian's chromium and a Japanese font"; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-ipafont-gothic; fi

# No `index`: every test builds the index it answers from in a temporary directory, so `make test`
# beside `make run` never swaps the index `make run` serves.
test: install widget lint browser ## install what the tests need, then run them all
	@echo "==> pytest"
	$(PY) -m pytest

import: install ## import articles: make import SRC=pages/ (HTML pages, a WordPress export .xml, REST API .json)
	@test -n "$(SRC)" || { echo "usage: make import SRC=path [IMPORT_ARGS='--force --url-base https://… --published YYYY-MM-DD']"; exit 2; }
	@echo "==> importing $(SRC) (then: make index, or make run)"
	$(PY) -m importer "$(SRC)" $(IMPORT_ARGS)

# stdout is the report alone (`make report REPORT_ARGS=--json > report.json` is valid JSON): the banner goes to stderr.
report: install ## editors' report: printed, and build/report.html with charts (search log, feedback, clicks)
	@echo "==> editors' report (options: make report REPORT_ARGS='--log exported.jsonl --dynamodb aws --table NAME --clicks-table NAME --json')" >&2
	@$(PY) -m tools.report $(REPORT_ARGS)

bench: index ## relevance (seed sets, the shared corpus, other sections) and speed beside the peers
	@echo "==> benchmark"
	$(PY) -m bench

bench-corpus: install ## just the corpus tables (seed + ../shared/corpus articles; seed + other sections), peers and bare row
	@echo "==> corpus benchmark"
	$(PY) -m bench --corpus-only

bench-scale: install widget ## build, size, memory and speed at 22, 500, 2,000 and 10,000 passages (3–10 minutes)
	@echo "==> scale benchmark (progress on stderr)"
	$(PY) -m bench.scale

bakeoff: install ## analysis bake-off: every Japanese analyzer scored and costed (installs the optional ones)
	@echo "==> installing the analyzers the bake-off compares (extra 'bakeoff')"
	$(PY) -m pip install --quiet -e ".[bakeoff]"
	@echo "==> analysis bake-off"
	$(PY) -m bench.bakeoff

package: install widget ## write the deployment zip (code, fresh index, whoosh3 for arm64) and print its size
	@echo "==> packaging"
	$(PY) -m deploy.package

# `sam build` (template.yaml: BuildMethod makefile) runs this in the repository root with ARTIFACTS_DIR set.
build-SearchFunction: install widget
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: run 'sam build', or 'make package' for a zip"; exit 1; }
	$(PY) -m deploy.package --function-dir "$(ARTIFACTS_DIR)"

clean: ## remove the virtualenv, the index and build output
	rm -rf $(VENV) functions/search/search_index $(WIDGET) build dist .aws-sam
