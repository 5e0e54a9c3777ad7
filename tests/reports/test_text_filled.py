"""The office's text with NTM's computed pieces put where the office places them."""

from ntm.reports.document import para, text_filled


def _pieces() -> dict:
    return {
        "lop": [para("77 lớp, 3.656 học viên")],
        "nguon": [para("a) Ngân sách: 10 triệu đồng."), para("b) Tín dụng: 5 triệu đồng.")],
    }


def test_a_marker_inside_a_sentence_takes_the_piece_inline() -> None:
    filled = text_filled("Cấp tỉnh tuyên truyền được {{lop}} tham dự. Hết.", _pieces())
    texts = [p.text for p in filled.blocks]
    # The unplaced piece comes first, the sentence holds the figure where the office wrote it.
    assert texts[-1] == "Cấp tỉnh tuyên truyền được 77 lớp, 3.656 học viên tham dự. Hết."
    assert filled.unplaced == ["nguon"]
    assert texts[:2] == ["a) Ngân sách: 10 triệu đồng.", "b) Tín dụng: 5 triệu đồng."]


def test_a_marker_on_its_own_line_becomes_the_paragraphs() -> None:
    filled = text_filled("Mở đầu.\n{{nguon}}\nKết luận {{lop}}.", _pieces())
    assert [p.text for p in filled.blocks] == [
        "Mở đầu.",
        "a) Ngân sách: 10 triệu đồng.",
        "b) Tín dụng: 5 triệu đồng.",
        "Kết luận 77 lớp, 3.656 học viên.",
    ]
    assert filled.unplaced == [] and filled.unknown == []


def test_an_unknown_marker_is_dropped_and_reported_never_printed() -> None:
    filled = text_filled("Giải ngân {{giai_ngan}} đạt.", _pieces())
    assert "{{" not in " ".join(p.text for p in filled.blocks)
    assert filled.unknown == ["giai_ngan"]


def test_bold_around_a_marker_keeps_its_weight() -> None:
    filled = text_filled("**Tổng: {{lop}}**", {"lop": [para("77 lớp")]})
    runs = filled.blocks[0].runs
    assert "".join(r.text for r in runs) == "Tổng: 77 lớp"
    assert runs[0].bold
    assert all(r.bold for r in runs), runs  # the piece too, not only the words before it


def test_a_piece_inside_plain_words_keeps_its_own_bold() -> None:
    from ntm.reports.document import Para, Run

    inline = Para((Run("77", bold=True), Run(" lớp")))
    filled = text_filled("Đã mở {{lop}} trong năm.", {"lop": [inline]})
    runs = filled.blocks[0].runs
    assert [(r.text, r.bold) for r in runs] == [
        ("Đã mở ", False),
        ("77", True),
        (" lớp", False),
        (" trong năm.", False),
    ]


def test_a_marker_that_is_not_a_name_is_dropped_and_reported_never_printed() -> None:
    text = "Giải ngân {{Giai Ngan}} đạt; {{ lop }} lớp; {{giải_ngân}}.\n{{Nguon}}"
    filled = text_filled(text, _pieces())
    printed = " ".join(p.text for p in filled.blocks)
    assert "{{" not in printed and "}}" not in printed
    assert "Giai Ngan" not in printed and "giải_ngân" not in printed and "Nguon" not in printed
    assert filled.unknown == ["Giai Ngan", "giải_ngân", "Nguon"]
    assert "77 lớp, 3.656 học viên lớp" in printed  # spaces inside the braces are allowed


def test_only_names_are_markers_a_text_places() -> None:
    from ntm.reports.document import text_markers

    assert text_markers("{{lop}} {{ nguon }} {{Lop}} {{giải ngân}}") == {"lop", "nguon"}
