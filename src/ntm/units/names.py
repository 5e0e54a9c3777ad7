"""Vietnamese place names (pure; no Django): how a unit is named, one spelling for comparison.

A unit is named by the word of its kind and its name: "tỉnh Cao Bằng",
"thành phố Cao Bằng" (a city of the province: the kind's full label,
"Thành phố thuộc tỉnh", is not part of its name), "xã Sóc Hà".

Official lists mix the old and new tone placement ("Hoà An" / "Hòa An",
"Thuỷ" / "Thủy"); names are compared after folding both to one form.
"""

import unicodedata

#: The word written before a unit's name, by ``units.AdminUnit.Kind``; a village (thôn,
#: xóm, bản) carries the word in its own name.
KIND_PREFIX: dict[str, str] = {
    "tinh": "tỉnh",
    "thanh_pho_tw": "thành phố",
    "huyen": "huyện",
    "thanh_pho": "thành phố",
    "thi_xa": "thị xã",
    "quan": "quận",
    "xa": "xã",
    "phuong": "phường",
    "thi_tran": "thị trấn",
    "dac_khu": "đặc khu",
}


def kind_prefix(kind: str) -> str:
    """The lower-case word written before a unit's name: "huyện", "thành phố", "xã"."""
    return KIND_PREFIX.get(kind, "")


def unit_label(kind: str, name: str) -> str:
    """In a sentence: "tỉnh Cao Bằng", "huyện Hà Quảng", "thành phố Cao Bằng"."""
    return f"{kind_prefix(kind)} {name}".strip()


def unit_title(kind: str, name: str) -> str:
    """On its own (a heading, a list): "Tỉnh Cao Bằng", "Thành phố Cao Bằng", "Xã Sóc Hà"."""
    label = unit_label(kind, name)
    return label[:1].upper() + label[1:]


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


def search_key(text: str) -> str:
    """What a search compares: lower case, no diacritics, đ as d, single spaces.

    Officers type names without diacritics ("soc ha"); "Sóc Hà", "SÓC HÀ" and
    "soc  ha" all give "soc ha".
    """
    decomposed = unicodedata.normalize("NFD", " ".join(text.split()).lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("đ", "d")
