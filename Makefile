# `make run`: set up .venv and start the web app on the sample corpus (the index is built first
# if it is missing or stale). `make test`: set up the same way and run the whole test suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup browser postgres run ingest test eval bench load clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m qa.index.onnx  # export the bundled model to ONNX int8 once (local, no download)
	touch $@

# Debian's chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium; }

# Debian's PostgreSQL server: the tests start a throwaway one (bench/pgserver.py) to run the
# web app's database against it as well as against SQLite.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
	  postgresql; }

ingest: setup
	$(PY) -m qa ingest

run: setup
	$(PY) app.py

test: setup browser postgres
	$(PY) -m pytest

eval: setup ingest
	$(PY) -m qa eval --markdown docs/evaluation.md

bench: setup
	$(PY) -m qa bench

# 50 concurrent chat sessions against the running app over loopback (bounded in time).
load: setup ingest
	$(PY) bench/load_test.py --start --think 0 10 --markdown docs/performance.md

clean:
	rm -rf $(VENV) index/gen-* index/CURRENT index/.tmp-* index/.lock
