"""A fault-injecting HTTP proxy for the pipeline's tests: it stands between a client and a server and
spoils a seeded share of the requests in the ways networks and overloaded servers do.

Each client connection carries one request (the proxy answers with ``Connection: close``, so clients
open a new connection per request and every request gets its own draw). With probability ``rate``
the request meets one of :data:`FAULTS`, taken in turn from a seeded shuffle of them (reshuffled
after each round), so every kind comes up once in every six faults:

- ``refused``: the connection is reset as soon as it is accepted, nothing read, nothing answered;
- ``reset``: the server's headers (with their ``Content-Length``) and part of the body go out, then
  the connection is reset (``SO_LINGER`` 0: a RST, not a FIN);
- ``truncated``: the headers without a length, part of the body, then a clean close, so the body
  simply ends early (what a proxy that drops the length and then dies produces);
- ``503`` and ``429``: answered by the proxy itself with ``Retry-After: 1``, the server never asked;
- ``slow``: the answer stalls for ``stall`` seconds, longer than the client waits, before its headers
  or halfway through its body.

Otherwise the request is forwarded and the answer passed back byte for byte (bar the ``Connection``
header). ``requests`` counts the requests, ``injected`` the faults per kind and ``forwarded`` the
requests that reached the server (faults that spoil an answer after the fact included). Draws are taken
in the order connections are accepted, so a client that sends one request at a time meets the same
faults on every run.
"""

from __future__ import annotations

import collections
import contextlib
import random
import socket
import struct
import threading

FAULTS = ("refused", "reset", "truncated", "503", "429", "slow")
_REASONS = {"503": "Service Unavailable", "429": "Too Many Requests"}


def _reset(conn: socket.socket) -> None:
    """Close ``conn`` with a RST rather than a FIN."""
    with contextlib.suppress(OSError):
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def _read_head(conn: socket.socket) -> tuple[bytes, bytes]:
    """Read up to the end of an HTTP head; return the head (without the blank line) and what followed."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the end of the head")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head, rest


def _without(head: bytes, *names: str) -> list[bytes]:
    """The head's lines, minus the headers called ``names`` (case-insensitive)."""
    lowered = tuple(f"{name.lower()}:".encode() for name in names)
    return [line for line in head.split(b"\r\n") if not line.lower().startswith(lowered)]


def _content_length(head: bytes) -> int | None:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return None


class FaultyProxy:
    """``with FaultyProxy(upstream_port, rate=0.2, seed=10) as proxy:``; point clients at ``proxy.port``.

    :param upstream_port: the server's port on 127.0.0.1.
    :param rate: the share of requests that meet a fault.
    :param seed: seeds the draws, so a run can be repeated.
    :param stall: seconds a ``slow`` answer waits; make it longer than the client's timeout.
    """

    def __init__(self, upstream_port: int, *, rate: float = 0.2, seed: int = 10, stall: float = 2.0) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.rate, self.stall = rate, stall
        self.injected: collections.Counter[str] = collections.Counter()
        self.requests = self.forwarded = 0
        self._rng = random.Random(seed)
        self._round: list[str] = []
        self._closing = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def port(self) -> int:
        return int(self._listener.getsockname()[1])

    def __enter__(self) -> FaultyProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._closing.set()
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        self._thread.join(timeout=5)

    def _draw(self) -> str | None:
        self.requests += 1
        if self._rng.random() >= self.rate:
            return None
        if not self._round:
            self._round = self._rng.sample(FAULTS, len(FAULTS))
        fault = self._round.pop()
        self.injected[fault] += 1
        return fault

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            fault = self._draw()
            if fault == "refused":
                _reset(conn)
                continue
            halfway_stall = self._rng.random() < 0.5  # drawn for every request, so draws stay in step
            threading.Thread(target=self._serve, args=(conn, fault, halfway_stall), daemon=True).start()

    def _serve(self, conn: socket.socket, fault: str | None, halfway_stall: bool) -> None:
        with contextlib.ExitStack() as cleanup:
            cleanup.callback(conn.close)
            try:
                head, rest = _read_head(conn)
                body = rest
                length = _content_length(head) or 0
                while len(body) < length:
                    body += conn.recv(65536)
                if fault in ("503", "429"):
                    return self._answer_itself(conn, fault)
                answer_head, answer_body = self._forward(head, body)
                self._pass_back(conn, fault, answer_head, answer_body, halfway_stall)
            except OSError:
                pass  # the client gave up (a timeout) or the fault closed the connection

    def _answer_itself(self, conn: socket.socket, status: str) -> None:
        body = b'{"detail": "injected by the fault proxy"}'
        conn.sendall(
            f"HTTP/1.1 {status} {_REASONS[status]}\r\nRetry-After: 1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )

    def _forward(self, head: bytes, body: bytes) -> tuple[bytes, bytes]:
        """Send the request upstream on a connection of its own; return the answer's head and body."""
        request = b"\r\n".join([*_without(head, "connection"), b"Connection: close"]) + b"\r\n\r\n" + body
        with socket.create_connection(self.upstream, timeout=30) as upstream:
            upstream.sendall(request)
            answer_head, answer = _read_head(upstream)
            length = _content_length(answer_head)
            while length is None or len(answer) < length:
                chunk = upstream.recv(65536)
                if not chunk:
                    break
                answer += chunk
        self.forwarded += 1
        return answer_head, answer

    def _pass_back(self, conn: socket.socket, fault: str | None, head: bytes, body: bytes, halfway_stall: bool) -> None:
        lines = [*_without(head, "connection"), b"Connection: close"]
        if fault == "truncated":
            lines = [*_without(head, "connection", "content-length"), b"Connection: close"]
        head_bytes = b"\r\n".join(lines) + b"\r\n\r\n"
        half = len(body) // 2
        if fault == "slow" and not halfway_stall:
            self._closing.wait(self.stall)
        if fault in ("reset", "truncated") or (fault == "slow" and halfway_stall):
            conn.sendall(head_bytes + body[:half])
            if fault == "reset":
                self._closing.wait(0.05)  # let the headers and the first half arrive before the RST
                return _reset(conn)
            if fault == "truncated":
                return conn.shutdown(socket.SHUT_RDWR)
            self._closing.wait(self.stall)
            conn.sendall(body[half:])
            return None
        conn.sendall(head_bytes + body)
        return None
