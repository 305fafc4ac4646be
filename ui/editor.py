"""Who may change the shared data: anyone holding the editor token, guessing only slowly.

The token comes from $ATLAS_EDITOR_TOKEN, else `editor_token` in .streamlit/secrets.toml. When
neither is set, one is generated at first start, printed to the console once, and only its hash
is kept in the store (so every app server sharing it accepts the same token). Wrong tokens are
throttled per browser session and, through the store, per client address for all servers
together (geo.storage.access); never for the whole atlas, so a guesser cannot keep the editor out.
"""
from __future__ import annotations

import math
import os
import sys
import time
from dataclasses import dataclass

import streamlit as st

from geo.storage.access import (ADDRESS_THROTTLE, SESSION_THROTTLE, TOKEN_HASH_SETTING, attempts_key,
                        client_address, hash_token, new_token, token_matches, tokens_equal)
from geo.storage.store import Store

TOKEN_ENV = "ATLAS_EDITOR_TOKEN"
TOKEN_SECRET = "editor_token"
PLAIN_TOKEN_SETTING = "editor_token"  # where versions before the hash kept the token itself
_SESSION_FAILURES = "_editor_token_failures"

now = time.time  # the clock; tests replace it


def configured_token() -> str | None:
    """The token set by whoever runs the server, if any (a missing secrets.toml is fine)."""
    if os.environ.get(TOKEN_ENV, "").strip():
        return os.environ[TOKEN_ENV].strip()
    try:
        value = st.secrets.get(TOKEN_SECRET)
    except Exception:  # no secrets.toml, or one that does not parse: fall back to generating
        value = None
    return str(value).strip() if value and str(value).strip() else None


def generate_token(store: Store) -> str | None:
    """Make sure the store holds a token hash. Returns the token when this call made it (to be
    shown once), None when one was made before (by this server or another)."""
    plain = store.setting(PLAIN_TOKEN_SETTING)
    if plain:  # kept in clear by an older version: keep it working, as a hash only
        store.ensure_setting(TOKEN_HASH_SETTING, hash_token(plain))
        store.replace_setting(PLAIN_TOKEN_SETTING, None)
        return plain
    if store.setting(TOKEN_HASH_SETTING):
        return None
    token = new_token()
    stored = store.ensure_setting(TOKEN_HASH_SETTING, hash_token(token))
    return token if token_matches(token, stored) else None  # another server was first


def announce_editor_token(store: Store) -> None:
    """Say on the console where the token comes from; print a generated one, once, in full."""
    if configured_token():
        print("Isolation Atlas: editor token set by the server's configuration.", flush=True)
        return
    token = generate_token(store)
    if token is None:
        print("Isolation Atlas: the editor token was generated earlier and only its hash is kept in "
              f"the data store ({store.display_url}). If it is lost, `make editor-token` makes a "
              f"new one, or set {TOKEN_ENV}.", flush=True)
        return
    print("\n    Isolation Atlas: no editor token is configured, so one was generated; only its hash\n"
          f"    is kept in the data store ({store.display_url}). It is shown this once.\n"
          "    Enter it on the Upload page to apply uploads or roll back:\n\n"
          f"        {token}\n\n"
          f"    To choose your own, set {TOKEN_ENV} or {TOKEN_SECRET} in .streamlit/secrets.toml.\n",
          file=sys.stdout, flush=True)


def _token_is_right(store: Store, given: str) -> bool:
    configured = configured_token()
    if configured:
        return tokens_equal(given, configured)
    stored = store.setting(TOKEN_HASH_SETTING)
    return bool(stored) and token_matches(given, stored)


@dataclass(frozen=True)
class EditorCheck:
    """Whether a token unlocks changing the data and, if not, why, in a sentence."""

    ok: bool
    message: str = ""


def _seconds(wait: float) -> str:
    return f"{math.ceil(wait)} s"


def this_client() -> str:
    """The address this session's requests come from (the front's X-Forwarded-For when local)."""
    try:
        return client_address(st.context.ip_address, st.context.headers.get("X-Forwarded-For"))
    except Exception:  # no browser connection (a script run): one local client
        return client_address(None)


def check_editor(store: Store, given: str | None, doing: str = "Applying") -> EditorCheck:
    """Check the token entered, saying plainly whether none was entered, it is wrong, or it may
    not be tried yet because of this browser's, or this address's, earlier wrong ones.

    A session within its free tries is always checked: others guessing, even from the same
    address, cannot keep it out. Past them, the session waits, and so does its address (counted
    in the store, across servers), so a guesser gains nothing from many tabs or servers.
    """
    given = (given or "").strip()
    if not given:
        return EditorCheck(False, f"{doing} needs the editor token, and none was entered: enter "
                                  "it in the sidebar under 'Editor token'.")
    failures, last_at = st.session_state.get(_SESSION_FAILURES, (0, 0.0))
    failures = SESSION_THROTTLE.counted(failures, last_at, now())
    wait = SESSION_THROTTLE.wait(failures, last_at, now())
    if wait > 0:
        return EditorCheck(False, f"Too many wrong editor tokens from this browser: wait "
                                  f"{_seconds(wait)}, then try again. The token was not checked.")
    key = attempts_key(this_client())
    counted = failures >= SESSION_THROTTLE.free  # a guesser: its address's count applies too
    if counted:
        wait = store.count_attempt(key, now(), ADDRESS_THROTTLE)
        if wait > 0:
            return EditorCheck(False, f"Too many wrong editor tokens from your network address "
                                      f"recently: wait {_seconds(wait)}, then try again. The token "
                                      "was not checked.")
    if _token_is_right(store, given):
        st.session_state.pop(_SESSION_FAILURES, None)
        return EditorCheck(True)
    if not counted:
        store.count_attempt(key, now(), ADDRESS_THROTTLE, wait=False)
    failures += 1
    st.session_state[_SESSION_FAILURES] = (failures, now())
    later = (" Each further wrong try makes the next one wait longer."
             if failures >= SESSION_THROTTLE.free else "")
    return EditorCheck(False, f"{doing} needs the editor token, and the one entered is wrong: "
                              "check it (it is case-sensitive) and enter it again in the "
                              f"sidebar.{later}")
