"""The editor token's hash and the throttle on guesses."""
from pathlib import Path

from geo.access import Throttle, hash_token, new_token, token_matches


def test_a_token_is_kept_as_a_salted_hash_that_only_it_matches():
    token = new_token()
    first, second = hash_token(token), hash_token(token)
    assert first != second, "salted"
    assert token not in first and first.startswith("scrypt$")
    assert token_matches(token, first) and token_matches(token, second)
    assert not token_matches(token + "x", first)
    assert not token_matches(token, "garbage") and not token_matches(token, "")


def test_waits_double_after_the_free_tries_up_to_the_cap_and_are_forgotten():
    throttle = Throttle(free=3, cap=60, forget=900)
    assert [throttle.wait(n, 0, 0) for n in range(2, 12)] == [0, 1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert throttle.wait(5, last_at=100, now=103) == 1, "4 s after the last try, 3 s have passed"
    assert throttle.wait(9, last_at=0, now=901) == 0 and throttle.counted(9, 0, 901) == 0


def test_make_editor_token_replaces_a_lost_token_and_prints_the_new_one(store_url, capsys):
    import runpy

    from geo.access import TOKEN_HASH_SETTING
    from geo.store import Store
    store = Store(store_url)
    store.ensure_setting(TOKEN_HASH_SETTING, hash_token("lost"))
    runpy.run_path(str(Path(__file__).resolve().parents[1] / "scripts" / "editor_token.py"),
                   run_name="__main__")
    token = capsys.readouterr().out.split()[-1]
    stored = store.setting(TOKEN_HASH_SETTING)
    assert token_matches(token, stored) and not token_matches("lost", stored)
