# Two commands: `make run` serves the app, `make test` runs every test. Both build .venv first.
# `make serve` is the production front: nginx and WORKERS Streamlit workers on one PostgreSQL.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
CHROMIUM ?= /usr/bin/chromium
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run serve nginx nginx-if-root test unit browser chromium bench bench-serve bench-upload bench-datasets publish editor-token world data vendor clean

$(VENV)/.runtime: requirements.txt
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); } \
	  || { echo "Could not create a virtualenv: install python3-venv (sudo apt-get install python3-venv)"; exit 1; }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $@

# server.py serves app.py and pages/ after building the caches a first view needs.
run: $(VENV)/.runtime
	$(VENV)/bin/streamlit run server.py --browser.gatherUsageStats false --server.port $(PORT)

# nginx on $(PORT) in front of $(WORKERS) workers (deploy/serve.py, deploy/nginx.conf.template), all
# on $ATLAS_DATABASE_URL, else on a local PostgreSQL database `atlas` (set up as root). Ctrl-C stops it.
# HTTPS: make serve CERT=/path/fullchain.pem KEY=/path/privkey.pem [HTTP_PORT=80] (docs/serving-security.md).
serve: $(VENV)/.runtime nginx
	@url="$${ATLAS_DATABASE_URL:-$$(scripts/local_postgres.sh atlas)}"; \
	  exec env $${url:+ATLAS_DATABASE_URL="$$url"} $(PY) deploy/serve.py --workers $(WORKERS) --port $(PORT) \
	    $(if $(CERT),--cert "$(CERT)") $(if $(KEY),--key "$(KEY)") $(if $(HTTP_PORT),--http-port $(HTTP_PORT))

# Debian's nginx and its brotli modules, installed as root if missing, without starting its service.
nginx:
	@scripts/install_nginx.sh

# The front's tests need nginx: installed as root; otherwise they are skipped and say why.
nginx-if-root:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then scripts/install_nginx.sh; fi

# Browser tests drive Debian's chromium through Playwright; browsers cannot be downloaded here.
chromium:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; fi; }

# The store's tests also run on PostgreSQL: scripts/test_postgres.sh prints a database URL (as root
# on Debian it installs and starts the `postgresql` package if needed) or nothing, and then those
# tests are skipped with the reason. $ATLAS_TEST_POSTGRES_URL, when set, is used as it is.
test: $(VENV)/.dev chromium nginx-if-root
	ATLAS_TEST_POSTGRES_URL="$$(scripts/test_postgres.sh)" $(PY) -m pytest

unit: $(VENV)/.dev
	ATLAS_TEST_POSTGRES_URL="$$(scripts/test_postgres.sh)" $(PY) -m pytest -m "not browser"

browser: $(VENV)/.dev chromium nginx-if-root
	$(PY) -m pytest -m browser

bench: $(VENV)/.dev chromium
	$(PY) bench/run.py

# The production front against plain `streamlit run`: slow link, CPU per view, views per second.
bench-serve: $(VENV)/.dev chromium nginx
	ATLAS_TEST_POSTGRES_URL="$$(scripts/test_postgres.sh)" $(PY) bench/serve.py

# Times reading, validating and matching uploads of 1,000 to 100,000 rows.
bench-upload: $(VENV)/.runtime
	$(PY) bench/upload_bench.py

# Datasets on the map: bytes per layer, restyle in the browser, reading 10,000 and 200,000 rows.
bench-datasets: $(VENV)/.dev chromium
	$(PY) bench/datasets.py

# The atlas as static files for any host (docs/publish.md): every layer's embed for the latest day,
# its pictures, the data and an index, all with relative URLs. OUT= the folder; URL= where the app runs.
OUT ?= publish
publish: $(VENV)/.runtime
	$(PY) scripts/publish.py --out "$(OUT)" $(if $(URL),--url "$(URL)")

# A new generated editor token, printed once (the store keeps only its hash).
editor-token: $(VENV)/.runtime
	$(PY) scripts/editor_token.py

# Maintainers only: rebuild data and vendored files from their upstream packages (needs npm).
world: $(VENV)/.dev
	$(PY) scripts/build_world.py

data: $(VENV)/.dev
	$(PY) scripts/build_votes.py
	$(PY) scripts/build_indicators.py
	$(PY) scripts/build_trips.py
	$(PY) scripts/build_datasets.py

vendor:
	scripts/vendor_assets.sh

clean:
	rm -rf $(VENV) .pytest_cache
