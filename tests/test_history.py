"""Back/forward history for following related articles."""

import pytest

from tidings.core.history import History


def test_empty_history_has_nothing_to_go_to():
    h: History[int] = History()
    assert h.current is None
    assert not h.can_go_back and not h.can_go_forward
    assert h.back() is None and h.forward() is None


def test_back_and_forward_walk_the_visits():
    h: History[int] = History()
    for item in (1, 2, 3):
        h.visit(item)
    assert h.current == 3 and h.can_go_back and not h.can_go_forward
    assert h.back() == 2
    assert h.back() == 1
    assert h.back() is None
    assert h.current == 1
    assert h.forward() == 2
    assert h.forward() == 3
    assert h.forward() is None
    assert h.current == 3


def test_visiting_after_back_drops_the_forward_entries():
    h: History[str] = History()
    for item in ("a", "b", "c"):
        h.visit(item)
    h.back()
    h.back()
    h.visit("d")
    assert h.current == "d"
    assert not h.can_go_forward
    assert h.back() == "a"
    assert len(h) == 2


def test_visiting_the_current_item_again_adds_nothing():
    h: History[int] = History()
    h.visit(7)
    h.visit(7)
    assert len(h) == 1 and not h.can_go_back


def test_length_is_bounded_and_oldest_fall_off():
    h: History[int] = History(limit=3)
    for item in range(10):
        h.visit(item)
    assert len(h) == 3
    assert h.back() == 8
    assert h.back() == 7
    assert h.back() is None


def test_opaque_items_such_as_urls():
    h: History[str] = History()
    h.visit("https://example.test/a")
    h.visit("https://example.test/b")
    assert h.back() == "https://example.test/a"


def test_limit_must_be_positive():
    with pytest.raises(ValueError):
        History(limit=0)
