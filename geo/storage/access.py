"""The editor token: kept only as a salted hash, and guessed only slowly.

A generated token is stored as an scrypt hash (the console shows the token once, when it is made),
so reading the database does not give it away. A generated token has 192 random bits, so
guessing it is hopeless at any speed; wrong guesses are throttled all the same, per client and
never for everyone: after a few free tries, each further try must wait twice as long as the one
before, up to a cap. A browser session's guesses are counted in the session, and its network
address's guesses in the store (shared by every server), so neither many tabs nor many servers
guess faster. A session still within its free tries is always checked, whatever others at its
address do, so no guesser can keep the real editor out.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass

TOKEN_BYTES = 24  # 192 bits: at least 128 make guessing infeasible (docs/editor-token.md)
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
    """A configured (plain) token compared in constant time (hashed first, so not even its length
    shows in the time taken)."""
    return hmac.compare_digest(hashlib.sha256(given.encode()).digest(),
                               hashlib.sha256(expected.encode()).digest())


LOCAL_CLIENT = "local"


def _address(text: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((text or "").strip()))
    except ValueError:
        return None


def client_address(peer: str | None, forwarded_for: str | None = None) -> str:
    """The network address a token try comes from, to throttle it by.

    peer is the connection's address (None or a loopback address for a local connection, as
    Streamlit reports it). Only a local connection may speak for another address: that is the
    front (nginx) passing the client on. nginx appends the address it saw to X-Forwarded-For, so
    its last entry is the one to trust; the earlier ones are whatever the client sent. A remote
    peer's own headers are ignored, as is X-Real-IP (the front does not set it, so a client could).
    """
    own = _address(peer)
    if own is not None and not ipaddress.ip_address(own).is_loopback:
        return own
    hops = [hop for hop in (forwarded_for or "").split(",") if hop.strip()]
    passed = _address(hops[-1]) if hops else None
    return passed or own or LOCAL_CLIENT


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


SESSION_THROTTLE = Throttle(free=3)  # one browser session
ADDRESS_THROTTLE = Throttle(free=10)  # every session from one address, on every server


def attempts_key(client: str) -> str:
    """The store's key counting one client address's wrong tries."""
    return f"editor_token@{client}"[:100]
