"""Fault rules: how many calls they hit, which chats, and the errors they produce."""

import pytest

from bot.devkit.localapi import Faults


def test_failures_are_used_up_in_order_and_counted() -> None:
    faults = Faults()
    faults.fail("sendMessage", status=502, count=2)
    faults.fail("sendMessage", status=429, retry_after=4)
    assert faults.armed
    served = [faults.take_failure("sendmessage", 1) for _ in range(4)]
    assert [error.status if error else None for error in served] == [502, 502, 429, None]
    assert served[0] is not None and served[0].description == "Bad Gateway"
    assert served[2] is not None and served[2].parameters == {"retry_after": 4}
    assert faults.injected == 3
    assert not faults.armed


def test_chat_filter_leaves_other_chats_alone() -> None:
    faults = Faults()
    faults.fail("sendMessage", status=403, chat_id=7)
    assert faults.take_failure("sendmessage", 8) is None
    error = faults.take_failure("sendmessage", 7)
    assert error is not None
    assert error.body() == {
        "ok": False,
        "error_code": 403,
        "description": "Forbidden: bot was blocked by the user",
    }


def test_default_descriptions_and_override() -> None:
    faults = Faults()
    faults.fail("getUpdates")
    faults.fail("getUpdates", status=429)
    faults.fail("getUpdates", status=400, description="Bad Request: chat not found")
    texts = [faults.take_failure("getupdates", None) for _ in range(3)]
    assert [error.description for error in texts if error] == [
        "Internal Server Error",
        "Too Many Requests: retry after 1",
        "Bad Request: chat not found",
    ]


def test_delays_count_down_and_clear_drops_everything() -> None:
    faults = Faults()
    faults.delay("sendMessage", 0.5, count=2)
    assert [faults.take_delay("sendmessage") for _ in range(3)] == [0.5, 0.5, 0.0]
    faults.delay("sendMessage", 1.0)
    faults.fail("sendMessage")
    faults.clear()
    assert not faults.armed
    assert faults.take_failure("sendmessage", None) is None


@pytest.mark.parametrize("count", [0, -1])
def test_count_must_be_positive(count: int) -> None:
    with pytest.raises(ValueError):
        Faults().fail("sendMessage", count=count)
    with pytest.raises(ValueError):
        Faults().delay("sendMessage", 1.0, count=count)
