"""Log lines carry no citizen's handle: tweepy's response bodies, mentions, exceptions."""

from __future__ import annotations

import logging

import pytest

from collectors.log_privacy import HandleLogFilter, install_handle_filter, remove_handle_filter
from core.privacy import HandleMasker


def test_tweepy_bodies_mentions_and_exceptions_are_scrubbed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    known = {"1300000000000000011": "w_token", "Lare Sbj": "warga"}

    def replace(text: str) -> str:
        for k, v in known.items():
            text = text.replace(k, v)
        return text

    log_filter = install_handle_filter(HandleLogFilter(HandleMasker(["kpujember_sim"]), replace))
    caplog.set_level(logging.DEBUG)
    try:
        tweepy = logging.getLogger("tweepy.client")
        tweepy.debug(
            "Received API response: 200 OK\nHeaders: {'a': 'b'}\nContent: %s",
            b'{"data":[{"text":"@lare_sbj_4821 hai"}],"includes":{"users":[{"username":'
            b'"lare_sbj_4821","name":"Lare Sbj"}]}}',
        )
        logging.getLogger("urllib3.connectionpool").debug(
            '"GET /2/tweets/search/recent?query=-%%40kpujember_sim HTTP/1.1" 200 %d', 12
        )
        try:
            raise ValueError("Could not find user 1300000000000000011 (@cong_klw_12)")
        except ValueError:
            logging.getLogger("collectors.runner").info("source failed", exc_info=True)
        logging.getLogger("collectors.x").info("dari Lare Sbj untuk @kpujember_sim")
    finally:
        remove_handle_filter(log_filter)
    logged = caplog.text
    for secret in ("lare_sbj_4821", "Lare Sbj", "cong_klw_12", "1300000000000000011"):
        assert secret not in logged
    assert "Content: <" in logged and "tidak dicatat" in logged
    assert "ValueError: Could not find user w_token (@warga)" in logged
    assert "dari warga untuk @kpujember_sim" in logged
    # Removed after the run: nothing is rewritten any more.
    logging.getLogger("collectors.x").info("@lare_sbj_4821")
    assert caplog.records[-1].getMessage() == "@lare_sbj_4821"
