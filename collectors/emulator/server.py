"""The loopback emulator: one HTTP server answering X API v2 (``/2/``) and Graph API
(``/vNN.N/``) requests from a scenario, with scripted faults and a request log.

Collectors reach it through a ``requests`` adapter that rewrites ``https://api.twitter.com``
and ``https://graph.facebook.com`` to ``base_url`` (see ``route_to_emulator``), so the same
tweepy / facebook-sdk code talks to the emulator in tests and to the platforms in production.
"""

from __future__ import annotations

import json
import re
import socket
import struct
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from requests.adapters import HTTPAdapter

from collectors.emulator.api_types import DEFAULT_TOKENS, ApiRequest, ApiResponse, TokenGrant
from collectors.emulator.faults import MAX_DELAY, Fault, FaultPlan
from collectors.emulator.graph_api import GraphApi
from collectors.emulator.world import Scenario
from collectors.emulator.x_api import TOO_MANY, USAGE_CAPPED, XApi, XLimits

_GRAPH_PATH = re.compile(r"^/v\d+\.\d+/")


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request the emulator answered (or dropped, for ``connection_reset``)."""

    method: str
    path: str
    query: dict[str, list[str]]
    status: int
    fault: str | None
    at: float


class EmulatorServer:
    """Serve a scenario on 127.0.0.1 in a daemon thread.

    ``tokens`` maps accepted tokens to what they may do (defaults: ``DEFAULT_TOKENS``).
    Use as a context manager, or ``start()`` / ``stop()``.
    """

    def __init__(
        self,
        scenario: Scenario,
        faults: FaultPlan | None = None,
        tokens: dict[str, TokenGrant] | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        x_limits: XLimits | None = None,
        graph_hourly_budget: int = 10_000,
    ) -> None:
        self.scenario = scenario
        self.faults = faults or FaultPlan()
        self.tokens = dict(DEFAULT_TOKENS if tokens is None else tokens)
        self.x = XApi(scenario, self.tokens, x_limits)
        self.graph = GraphApi(scenario, self.tokens, graph_hourly_budget)
        self._host, self._port = host, port
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._log: list[RequestRecord] = []
        self.errors: list[str] = []  # unexpected exceptions inside the emulator (should stay empty)
        self._log_lock = threading.Lock()
        self._previous: dict[str, bytes] = {}
        self._previous_lock = threading.Lock()

    # -- lifecycle --------------------------------------------------------------------------
    def start(self) -> EmulatorServer:
        """Bind (port 0 picks a free port) and serve in a daemon thread."""
        if self._httpd is not None:
            return self
        handler = type("BoundHandler", (_Handler,), {"emulator": self})
        self._httpd = _QuietServer((self._host, self._port), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            name="pantau-emulator",
            kwargs={"poll_interval": 0.1},
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd, self._thread = None, None

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` of the running server."""
        if self._httpd is None:
            raise RuntimeError("the emulator is not running; call start() first")
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    # -- the request log --------------------------------------------------------------------
    @property
    def requests(self) -> list[RequestRecord]:
        """A copy of the request log, oldest first."""
        with self._log_lock:
            return list(self._log)

    def reset_log(self) -> None:
        """Empty the request log."""
        with self._log_lock:
            self._log.clear()

    def count(self, path_pattern: str = ".*", status: int | None = None) -> int:
        """How many logged requests match a path regex (and a status, if given)."""
        regex = re.compile(path_pattern)
        return sum(
            1
            for r in self.requests
            if regex.search(r.path) and (status is None or r.status == status)
        )

    def _record(self, request: ApiRequest, status: int, fault: Fault | None) -> None:
        with self._log_lock:
            self._log.append(
                RequestRecord(
                    request.method,
                    request.path,
                    request.query,
                    status,
                    fault.kind if fault else None,
                    time.time(),
                )
            )

    # -- answering --------------------------------------------------------------------------
    def answer(self, request: ApiRequest) -> ApiResponse:
        """The normal (fault-free) answer to a request."""
        if request.method != "GET":
            return ApiResponse(405, {"error": "the emulator serves GET requests only"})
        if request.path.startswith("/2/"):
            return self.x.handle(request)
        if _GRAPH_PATH.match(request.path):
            return self.graph.handle(request)
        return ApiResponse(404, {"error": f"no emulated API at {request.path}"})

    def fault_response(self, fault: Fault, request: ApiRequest) -> ApiResponse | None:
        """The replacement answer a fault gives, or None when it only alters the normal one."""
        is_x = request.path.startswith("/2/")
        reset = str(int(time.time()) + 60)
        if fault.kind in ("rate_limit", "rate_limit_no_reset"):
            if not is_x:
                body = {
                    "error": {
                        "message": "(#4) Application request limit reached",
                        "code": 4,
                        "type": "OAuthException",
                        "is_transient": True,
                        "fbtrace_id": "AEmulatorThrottle",
                    }
                }
                usage = json.dumps({"call_count": 100, "total_cputime": 40, "total_time": 100})
                return ApiResponse(403, body, {"X-App-Usage": usage})
            headers = {"x-rate-limit-limit": "450", "x-rate-limit-remaining": "0"}
            if fault.kind == "rate_limit":
                headers["x-rate-limit-reset"] = reset
            return ApiResponse(429, TOO_MANY, headers)
        if fault.kind == "usage_capped":
            return ApiResponse(429, USAGE_CAPPED, {})
        if fault.kind in ("server_error", "unavailable"):
            status = 500 if fault.kind == "server_error" else 503
            if is_x:
                title = "Internal Server Error" if status == 500 else "Service Unavailable"
                return ApiResponse(
                    status,
                    {"title": title, "detail": title, "type": "about:blank", "status": status},
                )
            body = {
                "error": {
                    "message": "An unexpected error has occurred. Please retry your request later.",
                    "type": "OAuthException",
                    "code": 2,
                    "is_transient": True,
                    "fbtrace_id": "AEmulatorServer",
                }
            }
            return ApiResponse(status, body)
        return None

    def remember(self, route_key: str, body: bytes) -> bytes | None:
        """Store this page for ``route_key`` and return the page stored before it."""
        with self._previous_lock:
            before = self._previous.get(route_key)
            self._previous[route_key] = body
            return before


def _route_key(request: ApiRequest) -> str:
    paging = {"pagination_token", "next_token", "after", "before", "since_id", "until_id"}
    rest = sorted((k, v[-1]) for k, v in request.query.items() if k not in paging)
    return request.path + "?" + json.dumps(rest)


class _QuietServer(ThreadingHTTPServer):
    """A client that goes away mid-request (a killed collector) is normal here, not an error."""

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    emulator: EmulatorServer
    protocol_version = "HTTP/1.1"
    server_version = "PantauEmulator/1.0"
    # Headers and body go out in separate sends; with Nagle on, every keep-alive request
    # waits ~40 ms for the delayed ACK.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read server.requests
        return

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def _serve(self, method: str) -> None:
        emulator = self.emulator
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length else b""
        request = ApiRequest(
            method=method,
            path=parts.path,
            query=parse_qs(parts.query, keep_blank_values=True),
            headers={k.lower(): v for k, v in self.headers.items()},
            base_url=emulator.base_url,
            form=parse_qs(raw_body.decode("utf-8", "replace")) if raw_body else {},
        )
        fault = emulator.faults.pick(method, parts.path)
        if fault is not None and fault.kind == "connection_reset":
            emulator._record(request, 0, fault)
            self._reset()
            return
        if fault is not None and fault.kind == "slow":
            time.sleep(min(fault.delay, MAX_DELAY))
        try:
            response = (emulator.fault_response(fault, request) if fault else None) or (
                emulator.answer(request)
            )
        except Exception as exc:  # an emulator bug must show up in tests, not hang a client
            emulator.errors.append(f"{method} {self.path}: {exc!r}")
            response = ApiResponse(500, {"error": f"emulator failure: {exc!r}"})
        body = json.dumps(response.payload, ensure_ascii=False).encode("utf-8")
        if response.status == 200:
            before = emulator.remember(_route_key(request), body)
            if fault is not None and fault.kind == "repeat_page" and before is not None:
                body = before  # the client sees the page it already had, once more
        if fault is not None and fault.kind == "truncated":
            body = body[: max(1, len(body) // 2)]
        # logged before sending, so a client that got its answer always finds it in the log
        emulator._record(request, response.status, fault)
        self._send(response, body)

    def _send(self, response: ApiResponse, body: bytes) -> None:
        family_graph = _GRAPH_PATH.match(urlsplit(self.path).path) is not None
        self.send_response(response.status)
        charset = "UTF-8" if family_graph else "utf-8"
        self.send_header("Content-Type", f"application/json; charset={charset}")
        self.send_header("Content-Length", str(len(body)))
        for key, value in response.headers.items():
            self.send_header(key, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (e.g. timed out on a slow fault)

    def _reset(self) -> None:
        """Drop the connection with a TCP reset (SO_LINGER 0), sending nothing."""
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass
        self.close_connection = True


class _RewriteAdapter(HTTPAdapter):
    """Sends requests for a real API host to the emulator instead, with a timeout."""

    def __init__(self, real_prefix: str, base_url: str, timeout: float) -> None:
        super().__init__(max_retries=0)
        self.real_prefix, self.base_url, self.timeout = real_prefix, base_url.rstrip("/"), timeout

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if request.url and request.url.startswith(self.real_prefix):
            request.url = self.base_url + request.url[len(self.real_prefix) :]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().send(request, **kwargs)


def route_to_emulator(session: requests.Session, base_url: str, timeout: float = 10.0) -> None:
    """Mount adapters on ``session`` so X and Graph API calls reach the emulator."""
    for real in ("https://api.twitter.com", "https://graph.facebook.com"):
        session.mount(real, _RewriteAdapter(real, base_url, timeout))
