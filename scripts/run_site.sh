#!/usr/bin/env bash
# What `make run` does once the project is installed and migrated: serve the site, fill it from the
# sandbox, run the pipeline for the generated week against it, and keep serving until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-.venv/bin}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
# Development credentials, named in the README: the pipeline reads ratings as airflow/airflow and
# publishes rankings with this token.
EXPORT_USER=${EXPORT_USER:-airflow}
EXPORT_PASSWORD=${EXPORT_PASSWORD:-airflow}
PUBLISH_TOKEN=${WATCHB_PUBLISH_TOKEN:-watchb-dev-publish-token-0123456789}

export WATCHB_SITE_URL="http://$HOST:$PORT"
export WATCHB_DATA_DIR=${WATCHB_DATA_DIR:-$PWD/data}

"$BIN/python" manage.py runserver --noreload "$HOST:$PORT" >.runserver.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT INT TERM
"$BIN/python" manage.py waitforsite --timeout 60

echo "== Crawling the sandbox catalogue (TMDB and KMDb look-alikes served by the site itself)"
"$BIN/python" manage.py crawlmovies all

echo "== Generating a week of users and ratings"
"$BIN/python" manage.py generateratings
"$BIN/python" manage.py createexportuser "$EXPORT_USER" --password "$EXPORT_PASSWORD" >/dev/null
"$BIN/python" manage.py createpublisher pipeline --token "$PUBLISH_TOKEN" >/dev/null
"$BIN/python" manage.py ensureadmin

echo "== Running the movielens_popular_movies DAG for each day of the week"
export AIRFLOW_CONN_MOVIELENS="{\"conn_type\": \"movielens\", \"host\": \"$HOST\", \"port\": $PORT, \"login\": \"$EXPORT_USER\", \"password\": \"$EXPORT_PASSWORD\"}"
export AIRFLOW_CONN_WATCHB="{\"conn_type\": \"watchb\", \"host\": \"$HOST\", \"port\": $PORT, \"password\": \"$PUBLISH_TOKEN\"}"
"$BIN/python" dags/run_week.py

cat <<MSG

WatchB is serving on http://$HOST:$PORT/
  the day's ranking        http://$HOST:$PORT/   (API: /api/rankings/)
  the catalogue admin      http://$HOST:$PORT/admin/   user admin, password admin
  the REST API and docs    http://$HOST:$PORT/api/docs/
  MovieLens export         http://$HOST:$PORT/ratings   basic auth $EXPORT_USER / $EXPORT_PASSWORD
Ctrl-C stops it; the data stays in db.sqlite3 and data/.
MSG
wait $server
