"""Tokens in stored raw pages turn back into the same pseudonym, and cannot be forged."""

from __future__ import annotations

from core.store.pseudonym import Pseudonymizer

KEY = "test-key-0123456789abcdef"


def test_a_token_maps_to_the_pseudonym_of_the_id_it_replaced() -> None:
    p = Pseudonymizer(KEY)
    token = p.token("x", "1200000000000000042")
    assert "1200000000000000042" not in token
    assert p("x", token) == p("x", "1200000000000000042")
    assert p.token("x", token) == token  # scrubbing a scrubbed page changes nothing
    assert p.is_token("x", token) and not p.is_token("x", "1200000000000000042")


def test_a_forged_or_foreign_token_is_hashed_like_any_handle() -> None:
    p = Pseudonymizer(KEY)
    real = p.token("instagram", "lare.jember")
    pseudonym, _, tag = real.partition("~")
    forged = f"{pseudonym}~{'0' * len(tag)}"
    assert p("instagram", forged) != pseudonym
    # Bound to its platform and to the key.
    assert p("facebook", real) != pseudonym
    assert Pseudonymizer(KEY + "x")("instagram", real) != pseudonym
