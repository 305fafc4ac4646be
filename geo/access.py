"""The editor token: kept only as a salted hash, and guessed only slowly.

A generated token is stored as an scrypt hash (the console shows the token once, when it is made),
so reading the database does not give it away. Wrong guesses are throttled: after a few free
tries, each further try must wait twice as long as the one before, up to a cap. The same rule
counts a browser session's guesses and, in the store, the guesses of every session on every
server, so neither many tabs nor many servers guess faster.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

TOKEN_BYTES = 24
TOKEN_HASH_SETTING = "editor_token_hash"  # the store setting that holds a generated token's hash
# scrypt at n=2**14, r=8 (16 MiB, ~50 ms): the interactive-login parameters of its paper.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_HASH_PREFIX = "scrypt"


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_token(token: str, salt: bytes | None = None) -> str:
    """'scrypt$n$r$p$salt$hash': everything needed to check a token later, nothing to recover it."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(token.encode(), salt=salt, **_SCRYPT, dklen=32)
    return "$".join([_HASH_PREFIX, str(_SCRYPT["n"]), str(_SCRYPT["r"]), str(_SCRYPT["p"]),
                     _b64(salt), _b64(digest)])


def token_matches(token: str, stored: str) -> bool:
    """Whether token hashes to stored (compared in constant time); False for anything malformed."""
    try:
        prefix, n, r, p, salt, digest = stored.split("$")
        if prefix != _HASH_PREFIX:
            return False
        given = hashlib.scrypt(token.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p),
                               dklen=len(_unb64(digest)))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(given, _unb64(digest))


def tokens_equal(given: str, expected: str) -> bool:
    """A configured (plain) token compared in constant time."""
    return hmac.compare_digest(given.encode(), expected.encode())


@dataclass(frozen=True)
class Throttle:
    """How fast wrong guesses may come: `free` tries, then waits of 1, 2, 4... seconds up to
    `cap`; a count untouched for `forget` seconds starts again at zero."""

    free: int
    cap: float = 60.0
    forget: float = 15 * 60.0

    def wait(self, failures: int, last_at: float, now: float) -> float:
        """Seconds still to wait before the next try (0: it may be made now)."""
        if failures < self.free or now - last_at > self.forget:
            return 0.0
        return max(0.0, min(self.cap, 2.0 ** (failures - self.free)) - (now - last_at))

    def counted(self, failures: int, last_at: float, now: float) -> int:
        """The failures that still count at now."""
        return 0 if now - last_at > self.forget else failures


SESSION_THROTTLE = Throttle(free=3)
SERVER_THROTTLE = Throttle(free=10)  # every session on every server sharing the store
