# Two commands for users: `make demo` and `make test`. Both install into .venv on first use,
# always from the committed constraints file (the official Airflow constraints URL is unreachable).
# `make demo` installs the runtime only; `make test` (and the other targets) the dev and Airflow extras.
# Python 3.11 or 3.12, whichever is installed (3.11 first: CI and the constraints were checked on it).
PYTHON ?= $(or $(shell command -v python3.11 2>/dev/null),$(shell command -v python3.12 2>/dev/null),python3.11)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RUNTIME_STAMP := $(VENV)/.installed-runtime
PIP    := $(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt
SYND_EVAL_DATA ?= ../shared/data
export SYND_EVAL_DATA

.PHONY: airflow airflow-stop install demo test stress lint eval-detect eval-extract eval-text train-lines train-html-lines bench bench-spark clean chromium research-demo research-screenshot

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) pip 2>&1 | grep -v "^WARNING: Location" || true  # the venv's pip 23 resolver fails on lxml[html-clean]
	$(PIP) -e '.[dev,airflow]' 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/python -c "import pipeline, airflow.sdk, trafilatura, datasketch"
	touch $(STAMP) $(RUNTIME_STAMP)

# The runtime alone (no dev tools, no Airflow): enough for the CLI and the demo.
$(RUNTIME_STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) pip 2>&1 | grep -v "^WARNING: Location" || true
	$(PIP) -e . 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/python -c "import pipeline, trafilatura, datasketch"
	touch $(RUNTIME_STAMP)

demo: $(RUNTIME_STAMP)
	$(BIN)/synd run samples/sample.jsonl
	$(BIN)/synd export syndications --out data/syndications.jsonl
	$(BIN)/synd export articles --out data/articles.jsonl
	@echo "wrote: data/synd.db (SQLite warehouse), data/raw/ (raw pages), data/syndications.jsonl, data/articles.jsonl"

lint: install
	$(BIN)/ruff check pipeline tests dags
	$(BIN)/ruff check --preview --select AIR dags
	$(BIN)/mypy

# -rfEs: failures, errors and every skipped test with its reason (e.g. no Chromium, no PostgreSQL) in the summary.
test: lint chromium
	$(BIN)/pytest -q -rfEs -n 2 --dist loadfile

# The long reliability runs (tests/reliability, README "Reliability"): many more fuzz examples,
# more SIGKILLs (also on PostgreSQL), a bigger faulty crawl. `make test` runs the short versions.
stress: lint chromium
	SYND_STRESS=1 $(BIN)/pytest -q -rfEs -n 2 --dist loadfile tests/reliability

# Detection quality on real pages (../shared/data or $SYND_EVAL_DATA) and on the synthetic
# benchmark; caches the ingested corpus under data/eval/ (a rerun only detects again).
eval-detect: install
	$(BIN)/python -m pipeline.evaluate.detect_eval

# Throughput against named baselines, side by side in one run (pipeline/bench/run.py). Part 3 builds
# and caches existing warehouses under data/bench/ (and databases synd_bench_* on the local
# PostgreSQL); BENCH_SCALE=1000000 adds the 1M-article size.
BENCH_SCALE ?= 100000
bench: install
	$(BIN)/python -m pipeline.bench.run --scale $(BENCH_SCALE)

# The Spark backfill (local[*]) on SPARK_ARTICLES generated text articles bulk-loaded into the local
# PostgreSQL (databases synd_sparkbench_*), beside `synd detect` on a 2,000-article slice that both
# detect (their rows must be equal): articles/s per core for each (pipeline/bench/spark.py).
SPARK_ARTICLES ?= 100000
bench-spark: install
	$(BIN)/python -m pipeline.bench.spark --articles $(SPARK_ARTICLES)

clean:
	rm -rf data/ .pytest_cache .mypy_cache .ruff_cache

# Headless Chromium for the web view's browser tests (Debian packages): installed when missing and we
# are root; otherwise those tests skip and say why (never a failing sudo-less apt-get).
SYND_CHROMIUM      ?= /usr/bin/chromium
SYND_CHROMEDRIVER  ?= /usr/bin/chromedriver
export SYND_CHROMIUM SYND_CHROMEDRIVER
chromium:
	@test -x $(SYND_CHROMIUM) -a -x $(SYND_CHROMEDRIVER) || \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
		else \
			echo "chromium/chromedriver missing and not root: the browser tests will be skipped" \
				"(install them with: sudo apt-get install chromium chromium-driver)"; \
		fi

# The README "For researchers" walk-through on the sample corpus: views, a query, GEXF, report.
research-demo: demo
	$(BIN)/synd views create
	$(BIN)/synd query who_copies_whom
	$(BIN)/synd network --out data/network.gexf
	$(BIN)/synd report --out data/report

# Refresh docs/side_by_side.png from the sample-corpus warehouse (after `make research-demo`).
research-screenshot: chromium
	$(BIN)/python docs/screenshot.py

# Extraction quality vs trafilatura's default on the human-annotated pages in $(SYND_EVAL_DATA)/extraction
# (held-out report split; add ARGS="--split tune" while tuning).
eval-extract: install
	$(BIN)/python -m pipeline.evaluate.extract_eval --data "$(SYND_EVAL_DATA)" $(ARGS)

# Airflow 3.3 for data engineers: `airflow standalone` (SQLite metadata, LocalExecutor) with our DAGs,
# state under data/airflow/. Creates the synd_crawl pool, waits for the health endpoint, then prints
# the UI URL and login. The warehouse and raw store default to data/ (set SYND_WAREHOUSE_URL or
# SYND_CONFIG to use PostgreSQL / S3). `make airflow-stop` stops it.
AIRFLOW_PORT ?= 8080
AIRFLOW_DIR  := $(CURDIR)/data/airflow
SYND_WAREHOUSE_URL ?= sqlite:///$(CURDIR)/data/synd.db
AIRFLOW_ENV  := AIRFLOW_HOME=$(AIRFLOW_DIR) AIRFLOW__CORE__DAGS_FOLDER=$(CURDIR)/dags \
	AIRFLOW__CORE__LOAD_EXAMPLES=False AIRFLOW__API__PORT=$(AIRFLOW_PORT) \
	AIRFLOW__API__BASE_URL=http://localhost:$(AIRFLOW_PORT) \
	PYTHONPATH=$(CURDIR):$(CURDIR)/dags PATH=$(CURDIR)/$(BIN):$$PATH \
	SYND_WAREHOUSE_URL=$(SYND_WAREHOUSE_URL) SYND__RAW_STORE__PATH=$(CURDIR)/data/raw

airflow: install
	@mkdir -p $(AIRFLOW_DIR)
	@if [ -f $(AIRFLOW_DIR)/standalone.pid ] && kill -0 $$(cat $(AIRFLOW_DIR)/standalone.pid) 2>/dev/null; then \
		echo "Airflow already running (pid $$(cat $(AIRFLOW_DIR)/standalone.pid))"; \
	else \
		env $(AIRFLOW_ENV) airflow db migrate > $(AIRFLOW_DIR)/migrate.log 2>&1 || { tail -20 $(AIRFLOW_DIR)/migrate.log; exit 1; }; \
		env $(AIRFLOW_ENV) airflow pools set synd_crawl 4 "synd: concurrent crawl tasks (politeness)" > /dev/null; \
		echo "starting airflow standalone (log: $(AIRFLOW_DIR)/standalone.log) ..."; \
		env $(AIRFLOW_ENV) setsid sh -c 'echo $$$$ > $(AIRFLOW_DIR)/standalone.pid; exec airflow standalone' \
			> $(AIRFLOW_DIR)/standalone.log 2>&1 & \
	fi
	@for i in $$(seq 1 240); do \
		curl -fsS http://localhost:$(AIRFLOW_PORT)/api/v2/monitor/health > $(AIRFLOW_DIR)/health.json 2>/dev/null && break; \
		sleep 1; \
	done; test -s $(AIRFLOW_DIR)/health.json || { echo "Airflow did not become healthy; see $(AIRFLOW_DIR)/standalone.log"; exit 1; }
	@echo "health: $$(cat $(AIRFLOW_DIR)/health.json)"
	@env $(AIRFLOW_ENV) airflow dags list-import-errors -o plain 2>/dev/null | grep -q '^No data found' \
		&& echo "DAG import errors: none" || env $(AIRFLOW_ENV) airflow dags list-import-errors 2>/dev/null
	@env $(AIRFLOW_ENV) airflow dags list -o plain 2>/dev/null | grep synd_ || true
	@echo "DAGs start paused: unpause them in the UI (or airflow dags unpause synd_crawl ...); outlets: config/outlets.yaml"
	@echo "Airflow UI: http://localhost:$(AIRFLOW_PORT)   login: admin / $$(sed -n 's/.*"admin": *"\([^"]*\)".*/\1/p' $(AIRFLOW_DIR)/simple_auth_manager_passwords.json.generated 2>/dev/null)"
	@echo "stop with: make airflow-stop"

airflow-stop:
	@if [ -f $(AIRFLOW_DIR)/standalone.pid ]; then \
		pg=$$(cat $(AIRFLOW_DIR)/standalone.pid); \
		kill -TERM -$$pg 2>/dev/null || true; \
		for i in $$(seq 1 30); do kill -0 -$$pg 2>/dev/null || break; sleep 1; kill -TERM -$$pg 2>/dev/null; done; \
		kill -KILL -$$pg 2>/dev/null || true; \
		rm -f $(AIRFLOW_DIR)/standalone.pid; echo "Airflow stopped"; \
	else echo "Airflow is not running (no $(AIRFLOW_DIR)/standalone.pid)"; fi

# The plain-text path on scraper-style dumps of the comment-annotated pages (three rendering styles,
# made at eval time), beside the HTML path on the same pages: F1, comment leakage, junk lines.
eval-text: install
	$(BIN)/python -m pipeline.evaluate.text_eval --data "$(SYND_EVAL_DATA)" $(ARGS)

# Refit the text path's line model (pipeline/normalise/linemodel.json) on the tune split of every corpus;
# ARGS="--loco" also prints the leave-one-corpus-out check, ARGS="--except CORPUS" leaves one out.
train-lines: install
	$(BIN)/python -m pipeline.evaluate.train_lines --data "$(SYND_EVAL_DATA)" $(ARGS)

# Refit the HTML path's line trim (pipeline/normalise/htmltrim.json) on the tune split of every corpus;
# ARGS="--loco" prints the leave-one-corpus-out check, ARGS="--ceiling" what perfect labels would cut.
train-html-lines: install
	$(BIN)/python -m pipeline.evaluate.train_html_lines --data "$(SYND_EVAL_DATA)" $(ARGS)
