"""Who may change the shared data: anyone holding the editor token.

The token comes from $ATLAS_EDITOR_TOKEN, else `editor_token` in .streamlit/secrets.toml. When
neither is set, one is generated at first start, kept in the store (so every app server sharing it
accepts the same token) and printed to the console, as Jupyter does.
"""
from __future__ import annotations

import hmac
import os
import secrets
import sys

import streamlit as st

from geo.store import Store

TOKEN_ENV = "ATLAS_EDITOR_TOKEN"
TOKEN_SECRET = "editor_token"
TOKEN_SETTING = "editor_token"


def configured_token() -> str | None:
    """The token set by whoever runs the server, if any (a missing secrets.toml is fine)."""
    if os.environ.get(TOKEN_ENV, "").strip():
        return os.environ[TOKEN_ENV].strip()
    try:
        value = st.secrets.get(TOKEN_SECRET)
    except Exception:  # no secrets.toml, or one that does not parse: fall back to generating
        value = None
    return str(value).strip() if value and str(value).strip() else None


def editor_token(store: Store) -> str:
    """The token that unlocks applying and rolling back."""
    return configured_token() or store.ensure_setting(TOKEN_SETTING, secrets.token_urlsafe(24))


def announce_editor_token(store: Store) -> None:
    """Say on the console where the token comes from; print a generated one in full."""
    if configured_token():
        print("Isolation Atlas: editor token set by the server's configuration.", flush=True)
        return
    token = editor_token(store)
    print("\n    Isolation Atlas: no editor token is configured, so one was generated and kept in\n"
          f"    the data store ({store.display_url}).\n"
          "    Enter it on the Upload page to apply uploads or roll back:\n\n"
          f"        {token}\n\n"
          f"    To choose your own, set {TOKEN_ENV} or {TOKEN_SECRET} in .streamlit/secrets.toml.\n",
          file=sys.stdout, flush=True)


def is_editor(store: Store, given: str | None) -> bool:
    """Whether given is the editor token, compared in constant time."""
    if not given:
        return False
    return hmac.compare_digest(given.strip().encode(), editor_token(store).encode())
