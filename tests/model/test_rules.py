"""Status rules (scp_report.model.rules): the defaults and how layers override them."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from pydantic import ValidationError

from scp_report.model.models import StatusRules
from scp_report.model.rules import DEFAULT_RULES, Rules, layered


def test_defaults() -> None:
    d = DEFAULT_RULES
    assert (d.close_percent, d.close_places, d.steady_percent, d.compare) == (5, 1, 2, "previous")
    assert layered() == DEFAULT_RULES
    assert layered(None, None) == DEFAULT_RULES


def test_a_layer_sets_only_what_it_gives() -> None:
    assert layered(StatusRules(close_percent=D(10))) == Rules(D(10), 1, D(2), "previous")
    assert layered(StatusRules(compare="year-earlier")) == Rules(D(5), 1, D(2), "year-earlier")


def test_the_most_specific_layer_wins_field_by_field() -> None:
    plan = StatusRules(close_percent=D(10), steady_percent=D(3))
    theme = StatusRules(close_percent=D(1), close_places=2)
    indicator = StatusRules(steady_percent=D(4))
    assert layered(plan, theme, indicator) == Rules(D(1), 2, D(4), "previous")
    assert layered(plan, None, indicator) == Rules(D(10), 1, D(4), "previous")


def test_zero_is_a_setting_not_an_absence() -> None:
    rules = layered(StatusRules(close_percent=D(0), close_places=0, steady_percent=D(0)))
    assert rules == Rules(D(0), 0, D(0), "previous")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("close_percent", "expected a percentage of 0 or more, got -1"),
        ("steady_percent", "expected a percentage of 0 or more, got -1"),
        ("close_places", "greater than or equal to 0"),
    ],
)
def test_a_negative_tolerance_is_refused(name: str, message: str) -> None:
    # A negative steady_percent would make no change at all a fall ("change +0 beyond -1%").
    with pytest.raises(ValidationError, match=message):
        StatusRules.model_validate({name: -1})
