"""Keyed pseudonyms for citizens' handles (HMAC-SHA256 with a secret from the environment).

The same person gets the same pseudonym across runs and platforms-specific ids never leave the
database; without the key nobody can link a pseudonym back to an account.

Raw API pages are stored with each citizen's id replaced by a *token* (:meth:`Pseudonymizer.token`):
the pseudonym plus a keyed tag. A page mapped again later yields that token as the author id,
and the pseudonymizer turns a valid token back into the same pseudonym instead of hashing it a
second time, so a re-mapped page files its items under the same authors. The tag makes a token
unforgeable: a handle that merely looks like one is hashed like any other.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

from core.errors import ConfigError

# The environment variable that holds the key (never the YAML: the key is a secret).
PSEUDONYM_KEY_ENV = "PANTAU_PSEUDONYM_KEY"
# Between a pseudonym and its tag in a token; never part of a handle or a platform id.
TOKEN_SEP = "~"


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
        if TOKEN_SEP in author_id:
            pseudonym = self._from_token(platform, author_id)
            if pseudonym is not None:
                return pseudonym
        digest = self._hmac.copy()
        digest.update(f"{platform}:{author_id}".encode())
        value = "w_" + digest.hexdigest()[:12]
        if len(self._cache) > 200_000:
            self._cache.clear()
        self._cache[(platform, author_id)] = value
        return value

    def token(self, platform: str, author_id: str) -> str:
        """What a stored raw page holds instead of ``author_id`` (a token stays itself)."""
        if TOKEN_SEP in author_id and self._from_token(platform, author_id) is not None:
            return author_id
        pseudonym = self(platform, author_id)
        assert pseudonym is not None  # author_id is not empty
        return f"{pseudonym}{TOKEN_SEP}{self._tag(platform, pseudonym)}"

    def is_token(self, platform: str, value: str) -> bool:
        return TOKEN_SEP in value and self._from_token(platform, value) is not None

    def _tag(self, platform: str, pseudonym: str) -> str:
        # Domain-separated from pseudonyms (whose input is "platform:id", platform never "token").
        digest = self._hmac.copy()
        digest.update(f"token:{platform}:{pseudonym}".encode())
        return digest.hexdigest()[:16]

    def _from_token(self, platform: str, value: str) -> str | None:
        pseudonym, _, tag = value.partition(TOKEN_SEP)
        if not pseudonym.startswith("w_") or not hmac.compare_digest(
            tag, self._tag(platform, pseudonym)
        ):
            return None
        return pseudonym

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
