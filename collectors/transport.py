"""HTTP politeness shared by the X and Meta collectors: one ``requests`` adapter for both.

Neither tweepy nor facebook-sdk sets a timeout or retries sensibly (tweepy raises on any 5xx,
and its ``wait_on_rate_limit`` can sleep without bound; facebook-sdk ignores HTTP status), so
every request goes through :class:`PoliteAdapter`, mounted on the libraries' own sessions.
It sets a timeout, retries 5xx / timeouts / resets / truncated JSON with capped exponential
backoff and jitter, honours ``x-rate-limit-*`` and Meta's usage headers, never sleeps longer
than a configured cap, turns X's "usage-capped" 429 into "stop this source until the cap
resets", counts requests and estimated cost, and can point both libraries at a base URL from
the config (the loopback emulator in tests and in the demo).
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from collectors.budget import CostMeter
from core.errors import CollectorError

log = logging.getLogger(__name__)

X_HOST = "https://api.twitter.com"
GRAPH_HOST = "https://graph.facebook.com"
USAGE_CAPPED_TYPE = "https://api.twitter.com/2/problems/usage-capped"
# Graph error codes meaning "throttled": app (4), user (17), page (32), custom (613), BUC (80xxx).
GRAPH_THROTTLE_CODES = frozenset({4, 17, 32, 613})
_TOKEN_IN_URL = re.compile(r"(access_token|input_token|appsecret_proof)=[^&#\s]*", re.IGNORECASE)
_ID_SEGMENT = re.compile(r"/\d[\d_]{2,}")


def redact_url(url: str) -> str:
    """The URL with access tokens replaced by ``REDACTED`` (for raw pages, logs, messages)."""
    return _TOKEN_IN_URL.sub(lambda m: f"{m.group(1)}=REDACTED", url)


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret (and any token in a URL) replaced by ``REDACTED``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "REDACTED")
    return redact_url(text)


def redact_payload(value: Any) -> Any:
    """The JSON payload with tokens removed from every string (Graph's paging URLs carry
    ``access_token``; raw pages must not keep it). Returned unchanged when it has none."""
    text = json.dumps(value)
    if "access_token" not in text and "appsecret_proof" not in text:
        return value
    return _redact_tree(value)


def _redact_tree(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _redact_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_tree(v) for v in value]
    if isinstance(value, str) and "=" in value:
        return redact_url(value)
    return value


class SecretRedactor(logging.Filter):
    """Rewrites log records of chatty libraries so no token reaches a log.

    tweepy logs request headers (with the bearer token) at DEBUG, and urllib3 logs Graph URLs
    (with ``access_token``) at DEBUG; attaching this filter to those loggers makes the
    formatted message safe whatever level a user picks.
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is not ours to fix
            return True
        record.msg = redact(message, self.secrets)
        record.args = None
        return True


_CHATTY_LOGGERS = ("tweepy.client", "urllib3.connectionpool", "requests_oauthlib")


def install_redaction(secrets: Iterable[str]) -> SecretRedactor:
    """Attach one redacting filter to the loggers that may print tokens; returns it."""
    redactor = SecretRedactor(secrets)
    for name in _CHATTY_LOGGERS:
        logging.getLogger(name).addFilter(redactor)
    return redactor


def remove_redaction(redactor: SecretRedactor) -> None:
    for name in _CHATTY_LOGGERS:
        logging.getLogger(name).removeFilter(redactor)


# -- the typed stops a transport raises (the runner names the source) ---------------------
class TransportStop(CollectorError):
    """The source must stop for this run; its cursors stay where the last commit left them."""

    kind = "stop"


class RateLimited(TransportStop):
    kind = "rate_limited"

    def __init__(self, message: str, hint: str | None = None, until: datetime | None = None):
        super().__init__(message, hint)
        self.until = until


class UsageCapped(RateLimited):
    kind = "usage_capped"


class Unreachable(TransportStop):
    kind = "unreachable"


class ServerFailing(TransportStop):
    kind = "server_error"


@dataclass(frozen=True, slots=True)
class TransportPolicy:
    """Timeouts, retries and sleeping limits (from ``api`` in the config)."""

    timeout: float = 20.0
    max_retries: int = 5
    backoff_base: float = 1.0
    max_sleep: float = 900.0
    # Meta reports usage in percent of the hourly allowance; beyond this we stop the source.
    meta_usage_stop_percent: int = 100

    @classmethod
    def from_settings(cls, api: Any) -> TransportPolicy:
        return cls(
            timeout=float(api.timeout_seconds),
            max_retries=int(api.max_retries),
            backoff_base=float(api.backoff_base_seconds),
            max_sleep=float(api.max_sleep_seconds),
        )


@dataclass
class TransportStats:
    """What one source's transport did in a run (goes into the ledger row)."""

    requests: int = 0
    retries: int = 0
    wait_seconds: float = 0.0
    rate_limit_waits: int = 0
    by_endpoint: dict[str, int] = field(default_factory=dict)
    max_meta_usage: int = 0
    last_url: str = ""
    last_api_version: str = ""
    last_status: int = 0


def endpoint_key(url: str) -> str:
    """``/2/users/:id/mentions``: the path with ids removed (one rate-limit bucket each)."""
    return _ID_SEGMENT.sub("/:id", urlsplit(url).path) or "/"


def _epoch(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _meta_usage(headers: Any) -> tuple[int, float]:
    """Highest usage percentage in Meta's headers and the longest 'regain access' minutes."""
    top, regain = 0, 0.0
    for name in ("X-App-Usage", "X-Business-Use-Case-Usage", "X-Ad-Account-Usage"):
        raw = headers.get(name)
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        blocks: list[Any] = [data]
        if name == "X-Business-Use-Case-Usage" and isinstance(data, dict):
            blocks = [b for v in data.values() if isinstance(v, list) for b in v]
        for block in blocks:
            if not isinstance(block, dict):
                continue
            for key in ("call_count", "total_cputime", "total_time"):
                value = block.get(key)
                if isinstance(value, int | float):
                    top = max(top, int(value))
            minutes = block.get("estimated_time_to_regain_access")
            if isinstance(minutes, int | float):
                regain = max(regain, float(minutes))
    return top, regain


class _Retry(Exception):
    """Internal: this attempt failed in a way worth retrying."""

    def __init__(self, reason: str, status: int = 0, *, backoff: bool = True) -> None:
        super().__init__(reason)
        self.reason, self.status, self.backoff = reason, status, backoff


class PoliteAdapter(HTTPAdapter):
    """The one place where requests are timed out, retried, throttled, counted and routed."""

    def __init__(
        self,
        platform: str,
        policy: TransportPolicy,
        meter: CostMeter,
        stats: TransportStats,
        *,
        real_prefix: str,
        base_url: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(max_retries=0)
        self.platform = platform
        self.policy, self.meter, self.stats = policy, meter, stats
        self.real_prefix = real_prefix
        self.base_url = base_url.rstrip("/") if base_url else None
        self._sleep, self._clock = sleep, clock
        self._rng = rng or random.Random()
        self._paused_until: dict[str, float] = {}

    # -- sleeping ---------------------------------------------------------------------------
    def _wait(self, seconds: float) -> None:
        seconds = max(0.0, min(seconds, self.policy.max_sleep))
        if seconds > 0:
            self._sleep(seconds)
            self.stats.wait_seconds += seconds

    def _backoff(self, attempt: int) -> float:
        raw = self.policy.backoff_base * (2 ** (attempt - 1))
        # "Equal jitter": half fixed, half random, so clients do not retry in lockstep.
        capped = min(raw, self.policy.max_sleep)
        return capped / 2 + self._rng.uniform(0, capped / 2)

    def _until(self, epoch: float) -> datetime:
        return datetime.fromtimestamp(epoch, UTC)

    def _respect_pause(self, key: str) -> None:
        until = self._paused_until.get(key)
        if until is None:
            return
        delay = until - self._clock()
        if delay <= 0:
            del self._paused_until[key]
            return
        if delay > self.policy.max_sleep:
            raise RateLimited(
                "Batas laju API tercapai; pengambilan dihentikan sampai batas dipulihkan",
                "Tidak perlu tindakan: jalankan berikutnya melanjutkan dari posisi terakhir.",
                until=self._until(until),
            )
        self.stats.rate_limit_waits += 1
        self._wait(delay + 1)
        del self._paused_until[key]

    # -- the request loop ---------------------------------------------------------------------
    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        original = request.url or ""
        if self.base_url and original.startswith(self.real_prefix):
            request.url = self.base_url + original[len(self.real_prefix) :]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.policy.timeout
        key = endpoint_key(original)
        self.stats.last_url = redact_url(original)
        attempt = 0
        while True:
            self._respect_pause(key)
            self.meter.check_budget(self.platform)
            try:
                response = self._attempt(request, key, kwargs)
                return response
            except _Retry as retry:
                attempt += 1
                self.stats.retries += 1
                if attempt > self.policy.max_retries:
                    raise self._give_up(retry, original) from None
                if retry.backoff:  # a known reset time is waited for in _respect_pause instead
                    delay = self._backoff(attempt)
                    log.info("retry %d after %s on %s (%.2fs)", attempt, retry.reason, key, delay)
                    self._wait(delay)

    def _attempt(
        self, request: requests.PreparedRequest, key: str, kwargs: dict[str, Any]
    ) -> requests.Response:
        try:
            response = super().send(request, **kwargs)
        except (requests.Timeout, requests.ConnectionError) as exc:
            self._count(key)
            raise _Retry(type(exc).__name__) from None
        self._count(key)
        self.stats.last_status = response.status_code
        self.stats.last_api_version = response.headers.get("api-version", "")
        self._note_limits(key, response)
        status = response.status_code
        if status >= 500:
            raise _Retry(f"HTTP {status}", status)
        if status == 429:
            return self._too_many(key, response)
        body = self._json(response)
        if status in (400, 403) and self.platform == "meta" and self._graph_throttled(body):
            raise _Retry(f"Graph throttled (HTTP {status})", status)
        if status == 200 and body is _INVALID:
            raise _Retry("truncated JSON", status)
        if status == 200 and self.platform == "x" and isinstance(body, dict):
            self.meter.charge_x_posts(_post_reads(body))
        return response

    def _count(self, key: str) -> None:
        self.stats.requests += 1
        self.stats.by_endpoint[key] = self.stats.by_endpoint.get(key, 0) + 1
        self.meter.charge_request(self.platform)

    @staticmethod
    def _json(response: requests.Response) -> Any:
        if "json" not in response.headers.get("content-type", ""):
            return None
        try:
            return json.loads(response.content)
        except ValueError:
            return _INVALID

    @staticmethod
    def _graph_throttled(body: Any) -> bool:
        error = body.get("error") if isinstance(body, dict) else None
        return isinstance(error, dict) and error.get("code") in GRAPH_THROTTLE_CODES

    def _note_limits(self, key: str, response: requests.Response) -> None:
        headers = response.headers
        remaining = headers.get("x-rate-limit-remaining")
        reset = _epoch(headers.get("x-rate-limit-reset"))
        if remaining is not None and remaining.strip() == "0" and reset is not None:
            self._paused_until[key] = reset
        if self.platform == "meta":
            usage, regain = _meta_usage(headers)
            self.stats.max_meta_usage = max(self.stats.max_meta_usage, usage)
            if usage >= self.policy.meta_usage_stop_percent or regain > 0:
                pause = max(regain * 60.0, 60.0)
                self._paused_until[key] = self._clock() + pause

    def _too_many(self, key: str, response: requests.Response) -> requests.Response:
        body = self._json(response)
        kind = body.get("type") if isinstance(body, dict) else None
        reset = _epoch(response.headers.get("x-rate-limit-reset"))
        if kind == USAGE_CAPPED_TYPE:
            # The monthly cap: waiting 15 minutes would only burn retries.
            raise UsageCapped(
                "Kuota bulanan X API habis (usage cap); sumber ini dihentikan sampai kuota "
                "diperbarui",
                "Naikkan paket di X Developer Portal atau tunggu periode berikutnya; "
                "pengambilan berikutnya melanjutkan dari posisi terakhir.",
                until=self._until(reset) if reset else None,
            )
        if reset is None:
            raise _Retry("HTTP 429 without reset", 429)
        delay = reset - self._clock()
        if delay > self.policy.max_sleep:
            raise RateLimited(
                "Batas laju X API tercapai; pengambilan dihentikan sampai "
                f"{self._until(reset):%H:%M} UTC",
                "Tidak perlu tindakan: jalankan berikutnya melanjutkan dari posisi terakhir.",
                until=self._until(reset),
            )
        self._paused_until[key] = reset  # waited for (and counted) in _respect_pause
        raise _Retry("HTTP 429 (waiting for reset)", 429, backoff=False)

    def _give_up(self, retry: _Retry, url: str) -> TransportStop:
        host = urlsplit(self.base_url or url).netloc
        if retry.status == 429:
            return RateLimited(
                "Batas laju API tercapai berulang kali; pengambilan dihentikan untuk saat ini",
                "Tidak perlu tindakan: jalankan berikutnya melanjutkan dari posisi terakhir.",
            )
        if retry.status or retry.reason == "truncated JSON":
            return ServerFailing(
                f"Server API ({host}) terus gagal ({retry.reason}) setelah "
                f"{self.policy.max_retries} percobaan ulang",
                "Coba lagi nanti; bila berlanjut, periksa halaman status platform.",
            )
        return Unreachable(
            f"Server API ({host}) tidak dapat dihubungi ({retry.reason}) setelah "
            f"{self.policy.max_retries} percobaan ulang",
            "Periksa koneksi internet/proxy server Pantau dan alamat API di konfigurasi.",
        )


_INVALID = object()


def _post_reads(body: dict[str, Any]) -> int:
    """Posts X bills for in one response: every tweet in ``data`` and ``includes.tweets``."""
    data = body.get("data")
    count = 0
    if isinstance(data, list):
        count = sum(1 for d in data if isinstance(d, dict) and "text" in d)
    elif isinstance(data, dict) and "text" in data:
        count = 1
    includes = body.get("includes")
    if isinstance(includes, dict) and isinstance(includes.get("tweets"), list):
        count += len(includes["tweets"])
    return count


def mount(
    session: requests.Session,
    platform: str,
    policy: TransportPolicy,
    meter: CostMeter,
    stats: TransportStats,
    *,
    base_url: str | None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.time,
) -> PoliteAdapter:
    """Mount the adapter on a library's session for its real host (and plain http/https).

    Mounting on the generic prefixes too means an absolute ``paging.next`` URL pointing at
    the emulator still goes through the same politeness rules.
    """
    real = X_HOST if platform == "x" else GRAPH_HOST
    adapter = PoliteAdapter(
        platform, policy, meter, stats, real_prefix=real, base_url=base_url, sleep=sleep,
        clock=clock,
    )
    for prefix in (real, "https://", "http://"):
        session.mount(prefix, adapter)
    return adapter
