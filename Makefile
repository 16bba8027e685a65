# Two commands for users: `make demo` and `make test`. Both install into .venv on first use,
# always from the committed constraints file (the official Airflow constraints URL is unreachable).
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt
SYND_EVAL_DATA ?= ../shared/data
export SYND_EVAL_DATA

.PHONY: install demo test stress lint eval-detect eval-extract bench clean chromium research-demo research-screenshot

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -e '.[dev,airflow]' 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/python -c "import pipeline, airflow.sdk, trafilatura, datasketch"
	touch $(STAMP)

demo: install
	$(BIN)/synd run samples/sample.jsonl
	$(BIN)/synd export syndications --out data/syndications.jsonl
	$(BIN)/synd export articles --out data/articles.jsonl
	@echo "wrote: data/synd.db (SQLite warehouse), data/raw/ (raw pages), data/syndications.jsonl, data/articles.jsonl"

lint: install
	$(BIN)/ruff check pipeline tests dags
	$(BIN)/ruff check --preview --select AIR dags
	$(BIN)/mypy

test: lint chromium
	$(BIN)/pytest -q -n 2 --dist loadfile

# The long reliability runs (tests/reliability, README "Reliability"): many more fuzz examples,
# more SIGKILLs (also on PostgreSQL), a bigger faulty crawl. `make test` runs the short versions.
stress: lint chromium
	SYND_STRESS=1 $(BIN)/pytest -q -n 2 --dist loadfile tests/reliability

# Detection quality on real pages (../shared/data or $SYND_EVAL_DATA) and on the synthetic
# benchmark; caches the ingested corpus under data/eval/ (a rerun only detects again).
eval-detect: install
	$(BIN)/python -m pipeline.evaluate.detect_eval

clean:
	rm -rf data/ .pytest_cache .mypy_cache .ruff_cache

# Headless Chromium for the web view's browser test (Debian packages); installed when missing.
chromium:
	@test -x /usr/bin/chromium -a -x /usr/bin/chromedriver || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }

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
