"""Vietnamese place names: one spelling for comparison.

Official lists mix the old and new tone placement ("Hoà An" / "Hòa An",
"Thuỷ" / "Thủy"); names are compared after folding both to one form.
"""

import unicodedata

_OLD_TO_NEW = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}


def fold_name(name: str) -> str:
    """Lower-case, NFC, new-style tone placement, single spaces."""
    text = unicodedata.normalize("NFC", " ".join(name.split())).lower()
    for old, new in _OLD_TO_NEW.items():
        text = text.replace(old, new)
    return text
