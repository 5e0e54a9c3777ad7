"""A page's version token: the same state gives the same token at any moment."""

from unittest import mock

from ntm.core.concurrency import version_state, version_token


def test_the_same_state_gives_the_same_token_a_second_later() -> None:
    state = {"b": "2", "a": "1"}
    with mock.patch("time.time", return_value=1_700_000_000):
        first = version_token(state)
    with mock.patch("time.time", return_value=1_700_000_001):
        later = version_token({"a": "1", "b": "2"})
    assert first == later
    assert version_state(first) == {"a": "1", "b": "2"}


def test_a_changed_or_forged_token_carries_no_state() -> None:
    token = version_token({"a": "1"})
    assert version_token({"a": "2"}) != token
    assert version_state(token[:-2] + "xx") is None
    assert version_state("") is None
