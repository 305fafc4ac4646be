"""Make a new editor token for the store at $ATLAS_DATABASE_URL and print it (`make editor-token`).

The store keeps only its hash, so a generated token that was lost cannot be shown again: this
replaces it. A token set in $ATLAS_EDITOR_TOKEN or .streamlit/secrets.toml wins over this one.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.storage.access import TOKEN_HASH_SETTING, hash_token, new_token  # noqa: E402
from geo.storage.store import Store  # noqa: E402


def main() -> None:
    store = Store()
    token = new_token()
    store.replace_setting(TOKEN_HASH_SETTING, hash_token(token))
    print(f"New editor token for {store.display_url} (only its hash is kept; the old one no longer "
          f"works):\n\n    {token}\n")


if __name__ == "__main__":
    main()
