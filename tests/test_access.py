"""The editor token's hash and the throttle on guesses."""
from pathlib import Path

from geo.storage.access import Throttle, hash_token, new_token, token_matches


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

    from geo.storage.access import TOKEN_HASH_SETTING
    from geo.storage.store import Store
    store = Store(store_url)
    store.ensure_setting(TOKEN_HASH_SETTING, hash_token("lost"))
    runpy.run_path(str(Path(__file__).resolve().parents[1] / "scripts" / "editor_token.py"),
                   run_name="__main__")
    token = capsys.readouterr().out.split()[-1]
    stored = store.setting(TOKEN_HASH_SETTING)
    assert token_matches(token, stored) and not token_matches("lost", stored)


def test_a_generated_token_has_at_least_128_random_bits():
    from geo.storage.access import TOKEN_BYTES
    assert TOKEN_BYTES * 8 >= 128
    tokens = {new_token() for _ in range(50)}
    assert len(tokens) == 50 and min(len(t) for t in tokens) >= 22  # 128 bits in base64 take 22 chars


def test_a_configured_token_is_compared_whole_whatever_its_length():
    from geo.storage.access import tokens_equal
    assert tokens_equal("s3cret-token", "s3cret-token")
    assert not tokens_equal("s3cret-toke", "s3cret-token") and not tokens_equal("", "s3cret-token")


def test_the_client_is_the_connection_unless_it_is_the_local_front_passing_one_on():
    from geo.storage.access import LOCAL_CLIENT, client_address
    assert client_address("198.51.100.7", "203.0.113.5") == "198.51.100.7", \
        "a remote browser cannot name another address"
    assert client_address(None, "203.0.113.5") == "203.0.113.5", "the front (local) passes it on"
    assert client_address("127.0.0.1", "10.0.0.1, 203.0.113.5") == "203.0.113.5", \
        "nginx appends what it saw: only the last entry is trusted"
    assert client_address(None, "2001:db8::1") == "2001:db8::1"
    assert client_address(None, "not-an-address") == LOCAL_CLIENT
    assert client_address(None, None) == LOCAL_CLIENT


def test_each_address_has_its_own_count_in_the_store(store_url):
    from geo.storage.access import ADDRESS_THROTTLE, attempts_key
    from geo.storage.store import Store
    store = Store(store_url)
    guesser, editor = attempts_key("203.0.113.5"), attempts_key("198.51.100.7")
    for _ in range(ADDRESS_THROTTLE.free):
        assert store.count_attempt(guesser, 100.0, ADDRESS_THROTTLE) == 0
    assert store.count_attempt(guesser, 100.0, ADDRESS_THROTTLE) == 1.0
    assert store.count_attempt(editor, 100.0, ADDRESS_THROTTLE) == 0, "others are not held back"
    assert store.count_attempt(guesser, 100.0, ADDRESS_THROTTLE, wait=False) == 0, \
        "a failure already made is counted even while waiting"
    assert store.count_attempt(guesser, 100.5, ADDRESS_THROTTLE) == 1.5
    assert len(attempts_key("x" * 500)) <= 100
