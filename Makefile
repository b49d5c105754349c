# The two commands a new user needs are `make run` and `make test`; both install first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test migrate crawl serve clean

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

# Serves the site in the background while the sandbox is crawled, then keeps serving in the foreground.
run: migrate
	@$(BIN)/python manage.py runserver --noreload $(HOST):$(PORT) > .runserver.log 2>&1 & \
	  pid=$$!; trap "kill $$pid 2>/dev/null" EXIT INT TERM; \
	  $(BIN)/python manage.py waitforsite --timeout 60 && \
	  $(BIN)/python manage.py crawlmovies all && \
	  $(BIN)/python manage.py ensureadmin && \
	  echo "WatchB is serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/, user admin, password admin). Ctrl-C stops it." && \
	  wait $$pid

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* .pytest_cache
