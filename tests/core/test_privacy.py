"""The one masking rule for citizens' handles in every output (core/privacy.py)."""

from __future__ import annotations

from core.privacy import HANDLE_MASK, HandleMasker, mask_handles, x_status_url


def test_citizens_mentions_are_masked_own_accounts_stay() -> None:
    text = "@lare_sbj_4821 @KPUJember_sim cek dpt, kata @cong.klw12."
    assert mask_handles(text, ["kpujember_sim"]) == "@warga @KPUJember_sim cek dpt, kata @warga."
    assert HANDLE_MASK == "@warga"


def test_email_addresses_and_lone_at_signs_are_not_handles() -> None:
    text = "kirim ke humas@kpu-jember.go.id @ jam 9 (@ rumah)"
    assert mask_handles(text) == text


def test_x_links_name_no_citizen_but_own_and_neutral_links_stay() -> None:
    masker = HandleMasker(["kpujember_sim"])
    assert masker.url("https://x.com/lare_sbj_4821/status/1855") == x_status_url("1855")
    assert masker.url("https://twitter.com/lare_sbj_4821/status/1855?s=20") == (
        "https://x.com/i/web/status/1855?s=20"
    )
    own = "https://x.com/kpujember_sim/status/1855"
    assert masker.url(own) == own
    assert masker.url(x_status_url("7")) == "https://x.com/i/web/status/7"
    assert masker.url(None) is None


def test_profile_links_in_texts_are_masked() -> None:
    masker = HandleMasker()
    text = "lihat https://x.com/lare_sbj_4821 dan https://www.instagram.com/cong.klw12/ juga"
    assert masker.text(text) == (
        "lihat https://x.com/warga dan https://www.instagram.com/warga/ juga"
    )
    post = "https://www.instagram.com/p/Cabc123/ https://x.com/search?q=kpu"
    assert masker.text(post) == post


def test_masking_twice_changes_nothing() -> None:
    masker = HandleMasker(["kpu"])
    once = masker.text("@a_1 @kpu https://x.com/a_1/status/9 https://x.com/a_1")
    assert masker.text(once) == once
