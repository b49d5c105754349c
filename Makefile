# The two commands a new user needs are `make run` and `make test`; both install first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint mypy migrate browser clean

install: $(STAMP)

# The Airflow provider shares the venv; constraints.txt pins Airflow and what it pulls in.
$(STAMP): pyproject.toml providers/airflow-movielens/pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet -c constraints.txt -e 'providers/airflow-movielens[test]'
	touch $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

# Serves the site, crawls the sandbox into it, generates a week of ratings, runs the DAG for that
# week against it, then keeps serving (scripts/run_site.sh says each step).
run: migrate
	BIN=$(BIN) HOST=$(HOST) PORT=$(PORT) scripts/run_site.sh

# The site's suite (with the tests that run the pipeline against it), then the provider's own,
# which runs from its folder, under its own pytest settings and without Django.
test: install browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	cd providers/airflow-movielens && $(abspath $(BIN))/python -m pytest -p no:django

# Ruff (lint and format) over everything, mypy over the typed provider (its settings are in its
# pyproject.toml); .ci/run and pre-commit run both.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MAKE) mypy

mypy: install
	$(BIN)/mypy --config-file providers/airflow-movielens/pyproject.toml providers/airflow-movielens/src

# The browser tests drive Debian's Chromium through Playwright (never a downloaded browser);
# installing it needs root, as apt-get does.
browser:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* .pytest_cache
