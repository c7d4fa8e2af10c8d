"""What in a config value looks like a secret, so that no message repeats it.

The YAML only names secrets (``${PANTAU_X_BEARER_TOKEN}``); their values live in the
environment or in ``.env``. When a token or a password is typed into the file anyway and the
file then fails validation, the message about it goes to a terminal, a log, maybe a ticket:
it must say which key is wrong without printing the value back. Three signs mark a value as
a secret: the key's name (``..._token``, ``..._password``, ``..._secret``, ``..._key``), a
password inside a URL (``scheme://user:password@host``), and a long random-looking string
(access tokens, API keys) whatever the key.
"""

from __future__ import annotations

import re
from itertools import pairwise

MASK = "***"
_SECRET_KEY = re.compile(r"(token|password|passwd|pwd|secret|key|credentials?)$", re.IGNORECASE)
_ENV_REFERENCE = re.compile(r"\s*\$\{[A-Z0-9_]+\}\s*")
_URL_PASSWORD = re.compile(r"(?P<user>//[^/\s:@]*:)(?P<password>[^@\s/]+)(?=@)")
_TOKEN_LIKE = re.compile(r"[A-Za-z0-9_\-+/=%:.~]{20,}")
# Share of neighbouring letters and digits that switch class (digit / lower / upper) from
# which a word reads as random: ~0.4-0.6 in access tokens and hex keys, below 0.15 in words,
# paths, host names and numeric ids.
_RANDOM_SWITCH_SHARE = 0.25
_MIN_RANDOM_ALNUM = 20


def is_secret_key(key: str) -> bool:
    """Whether a dotted key names a secret by its last part (``alerts.smtp_password``)."""
    return bool(_SECRET_KEY.search(key.rsplit(".", 1)[-1]))


def is_env_reference(value: str) -> bool:
    """Whether ``value`` is just ``${NAME}``: a name, which is what the YAML should hold."""
    return bool(_ENV_REFERENCE.fullmatch(value))


def _char_class(ch: str) -> int:
    return 0 if ch.isdigit() else 1 if ch.islower() else 2


def looks_random(word: str) -> bool:
    """Whether ``word`` reads like a generated token rather than something a person wrote."""
    alnum = [c for c in word if c.isascii() and c.isalnum()]
    if len(alnum) < _MIN_RANDOM_ALNUM:
        return False
    classes = [_char_class(c) for c in alnum]
    switches = sum(1 for a, b in pairwise(classes) if a != b)
    return len(set(classes)) >= 2 and switches / len(alnum) >= _RANDOM_SWITCH_SHARE


def looks_like_secret(key: str, value: object) -> bool:
    """Whether the value of ``key`` must not be shown at all (not even in part).

    A URL holding a password is not hidden whole: :func:`mask_secrets` masks the password
    and leaves the rest, which is what the reader needs to find the mistake.
    """
    if not isinstance(value, str) or not value.strip() or is_env_reference(value):
        return False
    return is_secret_key(key) or looks_random(value.strip())


def mask_secrets(text: str) -> str:
    """``text`` with URL passwords and random-looking tokens replaced by ``***``.

    A ``${NAME}`` reference in the password place is kept: it is a name, not a secret.
    """

    def password(match: re.Match[str]) -> str:
        secret = match["password"]
        return match["user"] + (secret if is_env_reference(secret) else MASK)

    text = _URL_PASSWORD.sub(password, text)
    return _TOKEN_LIKE.sub(lambda m: MASK if looks_random(m.group()) else m.group(), text)
