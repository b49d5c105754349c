"""A small threaded HTTP server that speaks the MovieLens ratings contract, for the provider's tests.

It serves ``GET /ratings`` and ``GET /movies`` behind HTTP basic auth, in one of two dialects:

- ``"book"``: only the offset contract of the simulated API in the Airflow book (``offset``/``limit``
  in, ``result``/``offset``/``limit``/``total`` out; unknown parameters such as ``cursor`` ignored);
- ``"cursor"``: the same, plus WatchB's cursor mode: a request that carries a ``cursor`` parameter
  (empty for the first page) is answered from a keyset position and with a ``next`` cursor.

It also accepts ``PUT /api/rankings/YYYY-MM-DD/`` (and ``?window=N``) with ``Authorization: Token <token>``
like the WatchB site, and can be told to answer the next N requests with an error status (``fail_next``) or
every request after the next N (``fail_after``), or to break off the body of the next N answers
(``cut_next``: a reset, a body that ends early without a length, or a stall longer than the client waits).
Every request is recorded in ``requests`` for assertions.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import random
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

UTC = dt.UTC


def make_ratings(days: list[str], per_day: int, seed: int = 7, users: int = 40, movies: int = 25) -> list[dict]:
    """Deterministic MovieLens-style ratings: half stars, skewed towards low movie ids, one per
    (user, movie) and day, timestamps spread over each UTC day."""
    rng = random.Random(seed)
    ratings = []
    for day in days:
        start = int(dt.datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp())
        seen = set()
        while len(seen) < per_day:
            user = rng.randint(1, users)
            movie = min(int(rng.expovariate(1 / (movies / 4))) + 1, movies)
            if (user, movie) in seen:
                continue
            seen.add((user, movie))
            ratings.append(
                {
                    "userId": user,
                    "movieId": movie,
                    "rating": rng.randint(1, 10) / 2,
                    "timestamp": start + rng.randrange(86_400),
                }
            )
    ratings.sort(key=lambda r: (r["timestamp"], r["userId"], r["movieId"]))
    return ratings


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that went away: no news
            super().handle_error(request, client_address)


class MovielensContractServer:
    """Start with ``with MovielensContractServer(ratings) as server:``; ``server.url`` is its base URL."""

    def __init__(
        self,
        ratings: list[dict],
        movies: list[dict] | None = None,
        *,
        dialect: str = "cursor",
        login: str = "exporter",
        password: str = "export-secret",
        token: str = "publish-token",
        max_limit: int = 1000,
        delay: float = 0.0,
    ) -> None:
        assert dialect in ("book", "cursor")
        self.ratings = sorted(ratings, key=lambda r: (r["timestamp"], r["userId"], r["movieId"]))
        self.movies = (
            movies
            if movies is not None
            else [{"movieId": i, "title": f"Movie {i}", "year": 2000 + i % 20} for i in range(1, 26)]
        )
        self.dialect = dialect
        self.login, self.password, self.token = login, password, token
        self.max_limit = max_limit
        self.delay = delay  # seconds each GET waits before its answer: a slow source
        self.requests: list[tuple[str, str, dict]] = []
        self.published: dict[str, list[dict]] = {}
        self._failures: list[int] = []
        self._fail_after: tuple[int, int] | None = None
        self._cuts: list[tuple[str, float]] = []
        self._lock = threading.RLock()  # re-entrant: a test may change the data from inside an answer
        self._httpd = _Server(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def connection_json(self, **overrides) -> str:
        """An ``AIRFLOW_CONN_*`` JSON value for this server (fast retries unless overridden)."""
        conn = {
            "conn_type": "movielens",
            "host": "127.0.0.1",
            "port": self.port,
            "schema": "http",
            "login": self.login,
            "password": self.password,
            "extra": {"retries": 3, "backoff_factor": 0.01},
        }
        conn.update(overrides)
        return json.dumps(conn)

    def fail_next(self, count: int, status: int = 503) -> None:
        with self._lock:
            self._failures.extend([status] * count)

    def fail_after(self, answered: int, status: int = 500) -> None:
        """Answer ``answered`` more requests normally, then fail every later one with ``status``."""
        with self._lock:
            self._fail_after = (len(self.requests) + answered, status)

    def cut_next(self, count: int, how: str = "reset", stall: float = 0.5) -> None:
        """Send the headers and half the body of the next ``count`` answers to GETs, then: ``reset`` the
        connection (the length announced, the rest never sent), ``truncate`` it (no length announced,
        the connection closed, so the body just ends), or ``stall`` for ``stall`` seconds first."""
        assert how in ("reset", "truncate", "stall")
        with self._lock:
            self._cuts.extend([(how, stall)] * count)

    def add_ratings(self, ratings: list[dict]) -> None:
        with self._lock:
            self.ratings = sorted(self.ratings + ratings, key=lambda r: (r["timestamp"], r["userId"], r["movieId"]))

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._httpd.shutdown()
        self._httpd.server_close()

    # --- the contract -------------------------------------------------------------------------

    def _select_ratings(self, query: dict) -> list[dict]:
        def bound(name):
            value = query.get(name)
            if not value:
                return None
            day = dt.date.fromisoformat(value)
            return int(dt.datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())

        start, end = bound("start_date"), bound("end_date")
        return [
            r
            for r in self.ratings
            if (start is None or r["timestamp"] >= start) and (end is None or r["timestamp"] < end)
        ]

    def answer(self, path: str, query: dict) -> tuple[int, dict]:
        if path == "/ratings":
            rows, key = self._select_ratings(query), ("timestamp", "userId", "movieId")
        elif path == "/movies":
            rows, key = self.movies, ("movieId",)
        else:
            return 404, {"detail": "not found"}
        try:
            limit = min(int(query.get("limit", 100)), self.max_limit)
            offset = int(query.get("offset", 0))
            if limit < 1 or offset < 0:
                raise ValueError
        except ValueError:
            return 400, {"detail": "bad offset or limit"}
        if self.dialect == "cursor" and "cursor" in query:
            if "offset" in query:
                return 400, {"offset": "offset and cursor are two ways of paging; send one."}
            position = 0
            if query["cursor"]:
                last = tuple(json.loads(base64.urlsafe_b64decode(query["cursor"])))
                position = next((i for i, r in enumerate(rows) if tuple(r[k] for k in key) > last), len(rows))
            page = rows[position : position + limit]
            more = position + limit < len(rows)
            cursor = (
                base64.urlsafe_b64encode(json.dumps([page[-1][k] for k in key]).encode()).decode() if more else None
            )
            total = len(rows) if not query["cursor"] else None  # counted on the first page only
            return 200, {"result": page, "limit": limit, "next": cursor, "total": total}
        return 200, {"result": rows[offset : offset + limit], "offset": offset, "limit": limit, "total": len(rows)}

    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
            disable_nagle_algorithm = True  # headers and body go out as separate writes

            def log_message(self, *args):  # keep test output quiet
                pass

            def _send(self, status: int, body: dict | bytes, cut: tuple[str, float] | None = None) -> None:
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                if cut and cut[0] == "truncate":
                    self.send_header("Connection", "close")
                else:
                    self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if cut is None:
                    self.wfile.write(data)
                    return
                how, stall = cut
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                self.close_connection = True
                if how == "reset":  # linger 0: closing sends a RST, not the rest
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                elif how == "stall":
                    time.sleep(stall)
                    with contextlib.suppress(OSError):  # the client has usually given up by now
                        self.wfile.write(data[len(data) // 2 :])

            def _injected_failure(self) -> int | None:
                with server._lock:
                    if server._fail_after and len(server.requests) > server._fail_after[0]:
                        return server._fail_after[1]
                    return server._failures.pop(0) if server._failures else None

            def do_GET(self):
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                server.requests.append(("GET", parts.path, query))
                time.sleep(server.delay)
                if (status := self._injected_failure()) is not None:
                    return self._send(status, {"detail": "injected failure"})
                expected = "Basic " + base64.b64encode(f"{server.login}:{server.password}".encode()).decode()
                if self.headers.get("Authorization") != expected:
                    return self._send(401, {"detail": "authentication required"})
                with server._lock:
                    status, body = server.answer(parts.path.rstrip("/"), query)
                    cut = server._cuts.pop(0) if server._cuts else None
                self._send(status, body, cut)

            def do_PUT(self):
                parts = urlsplit(self.path)
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                server.requests.append(("PUT", parts.path, body))
                if (status := self._injected_failure()) is not None:
                    return self._send(status, {"detail": "injected failure"})
                if self.headers.get("Authorization") != f"Token {server.token}":
                    return self._send(401, {"detail": "token required"})
                segments = parts.path.strip("/").split("/")
                if segments[:2] != ["api", "rankings"] or len(segments) != 3:
                    return self._send(404, {"detail": "not found"})
                window = parse_qs(parts.query).get("window", [""])[-1]
                key = f"{segments[2]}?window={window}" if window else segments[2]  # a window's as its URL names it
                created = key not in server.published
                server.published[key] = body["results"]
                self._send(201 if created else 200, {"date": segments[2], "results": body["results"]})

        return Handler
