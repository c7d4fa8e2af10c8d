"""What a reader receives when an alert quotes a hostile reply: text, never markup.

Real deliveries to loopback stand-ins: an SMTP server (both MIME parts of the mail are read),
a JSON webhook, the Telegram Bot API (apprise's Telegram plugin pointed at a local server) and
the file channel. Before the body format was declared, a reply's ``<a href>`` and ``<img>``
arrived live in the mail's HTML part and in Telegram, and the mail lost its line breaks.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from alerts.channels import ChannelSender, DeliveryError, OutgoingMessage
from alerts.cycle import run_alert_cycle
from tests.alerts.helpers import Row, at, insert_rows, settings_with
from tests.alerts.loopback import SmtpReceiver, WebhookReceiver

HOSTILE = '<a href="https://evil.invalid/x">klik</a> <img src=x onerror=alert(1)> 1 < 2 & 3'
RLO, PDF_ = "\u202e", "\u202c"
BODY = "\n".join(
    [
        "[PERINGATAN] Dugaan misinformasi tentang pemungutan suara",
        "Waktu pemeriksaan: 20 Nov 2024 10:00 WIB",
        "",
        "Contoh butir:",
        "- https://facebook.com/100/posts/1",
        f'  "{HOSTILE}" (Puger, 20 Nov 2024 09:00 WIB)',
        f'- "unduh formulir{RLO}fdp.exe{PDF_}\x1b[2J"',
        "--",
        "Peringatan #7. Tandai sudah ditangani: pantau alerts ack 7",
    ]
)
LIVE_TAG = re.compile(r"<\s*(a|img|script|b|i)\b", re.IGNORECASE)
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def smtp() -> Iterator[SmtpReceiver]:
    receiver = SmtpReceiver()
    receiver.start()
    yield receiver
    receiver.stop()


@pytest.fixture
def hook() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    receiver.start()
    yield receiver
    receiver.stop()


class TelegramApi:
    """The few bytes of the Bot API that ``sendMessage`` needs, on loopback."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                receiver.posts.append(json.loads(self.rfile.read(length) or b"{}"))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"ok": true, "result": {}}')

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/bot"


@pytest.fixture
def telegram(monkeypatch: pytest.MonkeyPatch) -> Iterator[TelegramApi]:
    import apprise

    api = TelegramApi()
    plugin = apprise.Apprise.instantiate("tgram://123456789:abcdefghijklmnopqrstuvwxyz0123456/42")
    assert plugin is not None
    # The plugin's class knows where the Bot API lives; point it at the loopback stand-in.
    monkeypatch.setattr(type(plugin), "notify_url", api.base)
    yield api
    api.server.shutdown()
    api.server.server_close()


def _parts(message: Message) -> dict[str, str]:
    parts = {}
    for part in message.walk():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            parts[part.get_content_type()] = payload.decode(part.get_content_charset() or "utf-8")
    return parts


def _html_lines(html_part: str) -> list[str]:
    import html

    inner = re.sub(r"^<div[^>]*>|</div>$", "", html_part.strip())
    return [html.unescape(line) for line in re.split(r"<br\s*/?>", inner)]


def test_email_has_both_parts_with_the_reply_as_text_and_every_line_break(
    smtp: SmtpReceiver,
) -> None:
    sender = ChannelSender({"email": smtp.url})
    sender.send("email", OutgoingMessage("[Pantau] PERINGATAN: rumor <b>coblosan</b>", BODY))
    (mail,) = smtp.messages
    parts = _parts(mail)
    assert set(parts) == {"text/plain", "text/html"}
    html_part, plain = parts["text/html"], parts["text/plain"]
    # HTML part: no live tag from the reply, the reply readable as escaped text, one line
    # break per line of the alert.
    assert not LIVE_TAG.search(html_part)
    assert "&lt;a href=&quot;https://evil.invalid/x&quot;&gt;klik&lt;/a&gt;" in html_part
    assert "&lt;img src=x onerror=alert(1)&gt; 1 &lt; 2 &amp; 3" in html_part
    expected = [line.replace(RLO, "").replace(PDF_, "").replace("\x1b", "")
                for line in BODY.split("\n")]
    assert _html_lines(html_part) == expected
    # Plain part: the same lines, the reply's characters as they were typed.
    assert [" ".join(line.split()) for line in plain.replace("\r\n", "\n").split("\n")] == [
        " ".join(line.split()) for line in expected
    ]
    assert HOSTILE in plain
    # Nothing that reorders or repaints what the reader sees.
    for text in (html_part, plain, str(mail["Subject"])):
        assert not BIDI.search(text) and "\x1b" not in text
    assert str(mail["Subject"]) == "[Pantau] PERINGATAN: rumor <b>coblosan</b>"


def test_alert_cycle_mail_quotes_a_hostile_reply_as_text(smtp: SmtpReceiver, store: Any) -> None:
    settings = settings_with(channels={"email": smtp.url}, quiet_hours={"enabled": False})
    insert_rows(store, [
        Row(f"r{i}", at("2024-11-20 09:00"), sentiment="negative", flags=("misinformation",),
            kecamatan="Puger", stage="pemungutan_suara", text=f"diundur {HOSTILE} {i}")
        for i in range(2)
    ])
    report = run_alert_cycle(store, settings.for_alerts(), at("2024-11-20 10:00"))
    assert len(report.delivery.sent) == 1
    (mail,) = smtp.messages
    parts = _parts(mail)
    assert not LIVE_TAG.search(parts["text/html"])
    assert "&lt;a href=" in parts["text/html"]
    assert parts["text/html"].count("<br>") >= 5  # the alert's lines, not one run-on line
    assert len(parts["text/plain"].strip().splitlines()) >= 6


def test_telegram_gets_the_reply_escaped_for_its_html_mode(telegram: TelegramApi) -> None:
    sender = ChannelSender({"tg": "tgram://123456789:abcdefghijklmnopqrstuvwxyz0123456/42"})
    sender.send("tg", OutgoingMessage("[Pantau] rumor <i>baru</i>", BODY))
    (post,) = telegram.posts
    text = post["text"]
    assert post.get("parse_mode", "HTML").upper() == "HTML"
    # Telegram's HTML mode knows <a>, <b>, <i>: none may come from the reply or the subject.
    assert "<a href" not in text and "<img" not in text and "<i>baru" not in text
    assert "&lt;a href=" in text and "1 &lt; 2 &amp; 3" in text
    assert not BIDI.search(text) and "\x1b" not in text
    assert text.count("\n") >= BODY.count("\n")


def test_webhook_gets_the_plain_text_with_its_lines(hook: WebhookReceiver) -> None:
    sender = ChannelSender({"hook": hook.url})
    sender.send("hook", OutgoingMessage("[Pantau] rumor", BODY))
    (received,) = hook.received
    message = received["message"]
    assert HOSTILE in message  # JSON carries data: the receiver decides how to show it
    assert message.split("\n")[0] == BODY.split("\n")[0]
    assert message.count("\n") == BODY.count("\n")
    assert not BIDI.search(message) and "\x1b" not in message


def test_file_channel_text_is_readable(tmp_path: Path) -> None:
    sender = ChannelSender({"berkas": "file://peringatan.txt"}, workspace=tmp_path)
    sender.send("berkas", OutgoingMessage(f"Judul {RLO}x", BODY))
    text = (tmp_path / "peringatan.txt").read_text(encoding="utf-8")
    assert HOSTILE in text and "unduh formulirfdp.exe" in text
    assert not BIDI.search(text) and "\x1b" not in text


@pytest.mark.parametrize("path", ["../luar.txt", "log/../../luar.txt", "../../etc/cron.d/x"])
def test_relative_file_channel_may_not_leave_the_workspace(tmp_path: Path, path: str) -> None:
    workspace = tmp_path / "kerja"
    workspace.mkdir()
    sender = ChannelSender({"berkas": f"file://{path}"}, workspace=workspace)
    with pytest.raises(DeliveryError, match="keluar dari folder kerja"):
        sender.send("berkas", OutgoingMessage("Judul", "isi"))
    assert not (tmp_path / "luar.txt").exists()


def test_absolute_file_channel_outside_the_workspace_is_taken_as_meant(tmp_path: Path) -> None:
    target = tmp_path / "log" / "pantau.txt"
    sender = ChannelSender({"berkas": f"file://{target}"}, workspace=tmp_path / "kerja")
    sender.send("berkas", OutgoingMessage("Judul", "isi"))
    assert "isi" in target.read_text(encoding="utf-8")
