"""Reading values as officers and interchange files write them."""

import unicodedata
from decimal import Decimal

import pytest

from ntm.evaluation.engine import parse_indicator_value

ACCEPTED = [
    ("Đạt", "boolean", True),
    ("đạt", "boolean", True),
    ("ĐẠT", "boolean", True),
    (unicodedata.normalize("NFD", "Đạt"), "boolean", True),
    ("Không đạt", "boolean", False),
    ("  không   đạt ", "boolean", False),
    ("31.2", "amount", Decimal("31.2")),
    ("70", "ratio", Decimal("70")),
    ("100", "ratio", Decimal("100")),
    ("0.0001", "ratio", Decimal("0.0001")),
    ("12", "count", Decimal("12")),
    ("12.0", "count", Decimal("12.0")),
]


@pytest.mark.parametrize("text,kind,expected", ACCEPTED, ids=[f"{k}:{t!r}" for t, k, _ in ACCEPTED])
def test_accepted(text, kind, expected):
    assert parse_indicator_value(text, kind) == expected


REFUSED = [
    ("1", "boolean", "Đạt"),
    ("Có", "boolean", "Không đạt"),
    ("31,2", "amount", "dấu chấm"),
    ("1.000.000", "amount", "không phải là một số"),
    ("-1", "amount", "âm"),
    ("100.01", "ratio", "0 đến 100"),
    ("2.5", "count", "số nguyên"),
    ("1.23456", "ratio", "4 chữ số thập phân"),
    ("", "ratio", "Thiếu giá trị"),
    ("abc", "amount", "không phải là một số"),
    ("1", "table", "Loại chỉ tiêu"),
]


@pytest.mark.parametrize("text,kind,message", REFUSED, ids=[f"{k}:{t!r}" for t, k, _ in REFUSED])
def test_refused_with_a_vietnamese_message(text, kind, message):
    with pytest.raises(ValueError, match=message):
        parse_indicator_value(text, kind)
