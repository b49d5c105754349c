# The two commands a new user needs are `make run` and `make test`; both install first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# make run: gunicorn's workers, Airflow's UI and API port, and the folder for partitions, logs,
# the Airflow home (DATA_DIR/airflow) and the pid file `make stop` reads.
WORKERS ?= 2
AIRFLOW_PORT ?= 8080
DATA_DIR ?= $(CURDIR)/data
# make cluster: the same on PostgreSQL (the site's and Airflow's databases, created if missing),
# Celery with two workers (Redis as broker) and a local S3 server (moto) for the partitions.
CLUSTER_PORT ?= 8200
CLUSTER_AIRFLOW_PORT ?= 8280
S3_PORT ?= 9200
POSTGRES ?= postgres://postgres@127.0.0.1:5432
CLUSTER_DATABASE ?= watchb_cluster_site
CLUSTER_AIRFLOW_DATABASE ?= watchb_cluster_airflow
BROKER_URL ?= redis://127.0.0.1:6379/5
CLUSTER_DATA_DIR ?= $(CURDIR)/data-cluster
# Test processes (pytest-xdist; each test file runs whole in one of them); TEST_WORKERS=0 runs in one.
TEST_WORKERS ?= 2
# More devrun options, e.g. RUN_ARGS=--exit-when-ranked (manage.py devrun --help lists them).
RUN_ARGS ?=
# The checkout's own code first (as pytest's pythonpath), so work trees sharing one venv run their own.
SOURCE_PATH = PYTHONPATH=$(CURDIR)/src:$(CURDIR)/providers/airflow-movielens/src$(if $(PYTHONPATH),:$(PYTHONPATH))
# Both profiles are development sites: DEBUG on, the sandbox mounted, demo accounts (refused with DEBUG=0).
RUN_ENV = DEBUG=1 WATCHB_SITE_URL=http://$(HOST):$(PORT) WATCHB_DATA_DIR=$(DATA_DIR) $(SOURCE_PATH)
CLUSTER_ENV = DEBUG=1 WATCHB_SITE_URL=http://$(HOST):$(CLUSTER_PORT) WATCHB_DATA_DIR=$(CLUSTER_DATA_DIR) \
	DATABASE_URL=$(POSTGRES)/$(CLUSTER_DATABASE) $(SOURCE_PATH)
CLUSTER_ARGS = --profile cluster --airflow-port $(CLUSTER_AIRFLOW_PORT) --s3-port $(S3_PORT) --postgres $(POSTGRES) \
	--airflow-database $(CLUSTER_AIRFLOW_DATABASE) --broker-url $(BROKER_URL)

.PHONY: install run cluster stop test lint mypy migrate browser clean

install: $(STAMP)

# The Airflow provider shares the venv; constraints.txt pins Airflow and what it pulls in.
$(STAMP): pyproject.toml providers/airflow-movielens/pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m pip install --quiet -c constraints.txt -e 'providers/airflow-movielens[test,cluster]'
	touch $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

# Serves the site with gunicorn, fills it from the sandbox, runs Airflow's own services until the
# generated week is ranked, then keeps serving until Ctrl-C or `make stop` (manage.py devrun).
run: install
	$(RUN_ENV) $(BIN)/python manage.py devrun --workers $(WORKERS) --airflow-port $(AIRFLOW_PORT) $(RUN_ARGS)

# The cluster profile (see the README's "Past one machine"); `make stop` stops it too.
cluster: install
	$(CLUSTER_ENV) $(BIN)/python manage.py devrun --workers $(WORKERS) $(CLUSTER_ARGS) $(RUN_ARGS)

# Stops a `make run` and a `make cluster` from another terminal, and every process they started.
stop:
	$(RUN_ENV) $(BIN)/python manage.py devrun --stop
	$(CLUSTER_ENV) $(BIN)/python manage.py devrun --stop

# The site's suite (with the tests that run the pipeline against it), then the provider's own,
# which runs from its folder, under its own pytest settings and without Django.
test: install browser
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)
	cd providers/airflow-movielens && $(abspath $(BIN))/python -m pytest -p no:django -n $(TEST_WORKERS) --dist loadfile

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
