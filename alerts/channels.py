"""Delivering one message to one named channel: apprise URLs, plus a local ``file://`` channel.

Channel URLs are kept unexpanded (``${VAR}``) everywhere except inside ``send``: the secret is
read from the environment for the one call that needs it, and every text that may leave this
module (error messages, apprise's own log lines) has the secret values masked first.

Every message is made readable before it goes anywhere (``alerts.channel_text``: direction
controls and control characters out) and apprise is always told its body format, so text
quoted from a reply never becomes markup. A relative ``file://`` path stays inside the
workspace; an absolute one is taken as meant.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

from alerts.channel_text import apprise_body, readable_body, readable_subject
from core.config_file import escapes_base, expand_env
from core.errors import ConfigError

log = logging.getLogger(__name__)

FILE_SCHEME = "file"
_ENV_REF = re.compile(r"\$\{([A-Z0-9_]+)\}")
_MASK = "***"


@dataclass(frozen=True)
class OutgoingMessage:
    """What a channel receives: a subject, a plain-text body, optional file attachments."""

    subject: str
    body: str
    severity: str = "info"
    attachments: tuple[str, ...] = field(default_factory=tuple)


class DeliveryError(Exception):
    """A channel did not accept a message; the text is safe to store and log (no secrets)."""


class Sender(Protocol):
    """Sends to a named channel, raising DeliveryError when it did not get through."""

    def send(self, channel: str, message: OutgoingMessage) -> None: ...


@lru_cache(maxsize=1)
def _plugin_manager() -> object:
    from apprise import NotificationManager

    return NotificationManager()


def supported_scheme(scheme: str) -> bool:
    """Whether apprise has a plugin for ``scheme`` (``mailto``, ``tgram``, ``json``...)."""
    return scheme.lower() in _plugin_manager()  # type: ignore[operator]


def parse_apprise_url(url: str) -> bool:
    """Whether apprise can build a notifier from ``url`` (no network is touched)."""
    import apprise

    return apprise.Apprise.instantiate(url) is not None


def secret_values(template: str, environ: Mapping[str, str] | None = None) -> list[str]:
    """The values a URL template pulls from the environment, plus any inline password."""
    import os

    env = os.environ if environ is None else environ
    values = [env[name] for name in _ENV_REF.findall(template) if env.get(name)]
    try:
        expanded = str(expand_env(template, dict(env)))
        parts = urlsplit(expanded)
        if parts.password:
            values += [parts.password, unquote(parts.password)]
    except (ConfigError, ValueError):
        pass
    # Longest first, so a secret containing another is masked whole.
    return sorted({v for v in values if len(v) >= 3}, key=len, reverse=True)


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret value replaced by ``***``."""
    for secret in secrets:
        text = text.replace(secret, _MASK)
    return text


class _RedactingFilter(logging.Filter):
    """Masks secrets in apprise's log records before any handler sees them."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message, self.secrets)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


_NOTIFY_TYPES = {"info": "info", "warning": "warning", "critical": "failure"}


class ChannelSender:
    """The production sender: channel name -> URL template from ``alerts.channels``."""

    def __init__(
        self,
        channels: Mapping[str, str],
        *,
        workspace: Path | None = None,
        timeout_seconds: float = 20.0,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.channels = dict(channels)
        self.workspace = workspace or Path.cwd()
        self.timeout_seconds = timeout_seconds
        self.environ = environ

    def send(self, channel: str, message: OutgoingMessage) -> None:
        template = self.channels.get(channel)
        if template is None:
            raise DeliveryError(f"kanal '{channel}' tidak ada di alerts.channels")
        secrets = secret_values(template, self.environ)
        try:
            env = None if self.environ is None else dict(self.environ)
            url = str(expand_env(template, env))
        except ConfigError as exc:
            raise DeliveryError(exc.message) from None
        message = replace(
            message, subject=readable_subject(message.subject), body=readable_body(message.body)
        )
        if url.split("://", 1)[0].lower() == FILE_SCHEME:
            self._write_file(channel, url, message)
            return
        self._send_apprise(channel, url, message, secrets)

    def _write_file(self, channel: str, url: str, message: OutgoingMessage) -> None:
        path = Path(url[len(FILE_SCHEME) + 3 :]).expanduser()
        if not path.is_absolute():
            if escapes_base(path):
                # The template, not the expanded URL: the message is stored and logged.
                raise DeliveryError(
                    f"jalur berkas kanal '{channel}' keluar dari folder kerja "
                    f"{self.workspace}; tulis jalur di dalam folder kerja, atau jalur absolut "
                    "bila memang disengaja"
                )
            path = self.workspace / path
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        lines = [f"===== {message.subject} =====", f"(dikirim {stamp})", message.body]
        lines += [f"Lampiran: {a}" for a in message.attachments]
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as handle:
                handle.write("\n".join(lines) + "\n\n")
        except OSError as exc:
            raise DeliveryError(f"berkas {path} tidak dapat ditulis ({exc.strerror})") from None

    def _send_apprise(
        self, channel: str, url: str, message: OutgoingMessage, secrets: list[str]
    ) -> None:
        import apprise

        apprise_log = logging.getLogger(apprise.LOGGER_NAME)
        guard = _RedactingFilter(secrets)
        apprise_log.addFilter(guard)
        try:
            notifier = apprise.Apprise()
            if not notifier.add(url):
                raise DeliveryError(f"URL kanal '{channel}' tidak dapat dibaca apprise")
            body, body_format = apprise_body(url.split("://", 1)[0], message.body)
            with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as captured:
                result = notifier.notify(
                    body=body,
                    body_format=body_format,
                    title=message.subject,
                    notify_type=_NOTIFY_TYPES.get(message.severity, "info"),
                    attach=list(message.attachments) or None,
                    timeout=self.timeout_seconds,
                )
                details = captured.getvalue() if hasattr(captured, "getvalue") else ""
        finally:
            apprise_log.removeFilter(guard)
        if not result:
            reason = redact(" | ".join(str(details).strip().splitlines()[-3:]), secrets)
            raise DeliveryError(reason[:500] or f"kanal '{channel}' menolak pesan")
