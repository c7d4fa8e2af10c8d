"""Keyed pseudonyms for citizens' handles (HMAC-SHA256 with a secret from the environment).

The same person gets the same pseudonym across runs and platforms-specific ids never leave the
database; without the key nobody can link a pseudonym back to an account.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

from core.errors import ConfigError

# The environment variable that holds the key (never the YAML: the key is a secret).
PSEUDONYM_KEY_ENV = "PANTAU_PSEUDONYM_KEY"


class Pseudonymizer:
    def __init__(self, key: str) -> None:
        if len(key) < 16:
            raise ConfigError(
                f"{PSEUDONYM_KEY_ENV} terlalu pendek (minimal 16 karakter)",
                "Buat kunci acak, mis. dengan `pantau init`, dan simpan di berkas .env.",
            )
        # The keyed state is set up once; each new author then costs one copy and one update
        # instead of a full HMAC construction (imports see tens of thousands of authors).
        self._hmac = hmac.new(key.encode("utf-8"), digestmod=hashlib.sha256)
        # Authors recur across thousands of replies; the cache is bounded to stay small.
        self._cache: dict[tuple[str, str], str] = {}

    def __call__(self, platform: str, author_id: str | None) -> str | None:
        if not author_id:
            return None
        hit = self._cache.get((platform, author_id))
        if hit is not None:
            return hit
        digest = self._hmac.copy()
        digest.update(f"{platform}:{author_id}".encode())
        value = "w_" + digest.hexdigest()[:12]
        if len(self._cache) > 200_000:
            self._cache.clear()
        self._cache[(platform, author_id)] = value
        return value

    @classmethod
    def from_env(cls) -> Pseudonymizer:
        key = os.environ.get(PSEUDONYM_KEY_ENV)
        if not key:
            raise ConfigError(
                f"Kunci pseudonim {PSEUDONYM_KEY_ENV} belum diset",
                "Jalankan `pantau init DIR` (membuat .env berisi kunci acak) atau set variabel "
                "lingkungan itu. Simpan kuncinya: tanpa kunci yang sama, pseudonim berubah.",
            )
        return cls(key)


def new_key() -> str:
    return secrets.token_urlsafe(32)
