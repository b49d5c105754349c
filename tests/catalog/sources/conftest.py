"""A scripted HTTP server, so the sources' client is tested through its real transport (urllib3 and
its ``Retry``), which a mock of ``requests`` would bypass."""

import json
import socket
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest


@dataclass(frozen=True)
class Answer:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: tuple = ()
    delay: float = 0.0


@dataclass(frozen=True)
class Call:
    path: str
    query: dict
    headers: dict


class ScriptedApi:
    """Answers each path with the answers queued for it, in order; the last one repeats (as
    ``responses`` does). A path with nothing queued answers 404. Every request is kept in ``calls``."""

    def __init__(self):
        self.answers: dict[str, deque[Answer]] = defaultdict(deque)
        self.calls: list[Call] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()

    def get(self, path, *, status=200, json_body=None, body=b"", content_type="application/json", headers=(), delay=0):
        """Queue an answer for GET ``path`` (the part after the server's URL, query left out)."""
        if json_body is not None:
            body = json.dumps(json_body).encode()
        self.answers[path].append(Answer(status, body, content_type, tuple(dict(headers).items()), delay))

    def _next(self, path: str) -> Answer:
        with self.lock:
            queue = self.answers.get(path)
            if not queue:
                return Answer(404)
            return queue.popleft() if len(queue) > 1 else queue[0]

    def _handler(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                with api.lock:
                    api.calls.append(Call(parts.path, dict(parse_qsl(parts.query)), dict(self.headers)))
                answer = api._next(parts.path)
                time.sleep(answer.delay)
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", answer.content_type)
                    self.send_header("Content-Length", str(len(answer.body)))
                    for name, value in answer.headers:
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(answer.body)
                except OSError:
                    pass  # the client gave up waiting (a timeout test)

            def log_message(self, *args):
                pass

        return Handler

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def scripted_api():
    api = ScriptedApi()
    yield api
    api.close()


@pytest.fixture
def closed_port_url():
    """A URL on a local port where nothing listens: every connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
