"""The report's sentences about the programme's activities (parts I.1, I.3-I.6): pure, no Django.

Each section's computed sentences are named pieces that the office's text
places with ``{{name}}`` (``reports.document.text_filled``):

- I.1 ``truyen_thong``: "Cấp tỉnh tổ chức tuyên truyền được 77 lớp, 3.656 học viên tham dự."
- I.3 ``van_ban``: the directives the unit issued that year, one item each, grouped by kind
  as the seed lists them (nghị quyết, quyết định, kế hoạch …) and in date order within each
  ("- Quyết định số 155/QĐ-UBND ngày 15/02/2019 của Ủy ban nhân dân tỉnh về việc …;"),
  the last ending with "." unless the office's text goes on with items of its own;
  ``su_kien``: the unit's dated events as items.
- I.4 ``dao_tao`` (the whole sentence), or its parts inline: ``dao_tao_tong`` ("41 lớp, cho
  2.665 học viên"), ``dao_tao_ntm`` ("32 lớp, cho 2.245 học viên"), ``boi_duong_xa``
  ("9 lớp bồi dưỡng, cho 420 cán bộ, công chức cấp xã"); totals = dao_tao_ntm + boi_duong_xa.
- I.5 ``ocop_hoi_nghi`` (a sentence) or ``ocop_tham_du`` inline ("1.588 lượt người tham dự").
- I.6 ``chuoi_gia_tri``: the count of value-chain plans, the unit's own listed with their
  communes grouped by district ("xã Vân Trình, xã Lê Lai huyện Thạch An; xã Hoa Thám,
  huyện Nguyên Bình"), the level below counted.

A section offering a sentence and its parts gives the parts the text places, or else the
sentence alone, so that an unplaced part is never printed on its own. Numbers: classes and
participants grouped (3.656), counts of plans with two digits (04 kế hoạch), dates as
Nghị định 30/2020/NĐ-CP writes them (days under 10 and months 1-2 with a leading 0:
04/4/2019, 15/02/2019), as ``reports.annual.report_date_text`` does.
"""

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence

from ntm.evaluation.numbers import format_count, format_number
from ntm.reports.data import Activities, ChainLine, CommuneName, CourseLine
from ntm.reports.document import Para, para
from ntm.units.names import kind_prefix

COMMUNICATION = "truyen_thong"
NTM_TRAINING = "dao_tao_ntm"
COMMUNE_STAFF = "boi_duong_xa"
OCOP = "ocop"

_MARKER = re.compile(r"\{\{\s*([a-z0-9_.]+)\s*\}\}")


def date_text(d: datetime.date) -> str:
    """ "04/4/2019", "15/02/2019", "11/12/2019" (Nghị định 30/2020/NĐ-CP)."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{d.day:02d}/{month}/{d.year}"


def count(n: int) -> str:
    """Classes and participants as the report writes them: 9, 77, 3.656."""
    return format_number(n)


def placed(text: str) -> set[str]:
    """The piece names the office's text places."""
    return set(_MARKER.findall(text))


def pieces_for_text(
    text: str, pieces: Mapping[str, list[Para]], *, whole: str
) -> dict[str, list[Para]]:
    """The pieces ``text`` places, or the ``whole`` sentence alone when it places none."""
    names = placed(text)
    chosen = {k: v for k, v in pieces.items() if k in names and v}
    if chosen:
        return chosen
    return {whole: pieces[whole]} if pieces.get(whole) else {}


def _list_continues(text: str, name: str) -> bool:
    """Whether the office's text goes on with list items after the line placing ``name``."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for i, line in enumerate(lines):
        m = _MARKER.fullmatch(line)
        if m and m.group(1) == name:
            rest = lines[i + 1 : i + 2]
            return bool(rest) and rest[0].startswith(("- ", "+ "))
    return False


def _sum(lines: Iterable[CourseLine]) -> tuple[int | None, int]:
    lines = list(lines)
    known = [c.classes for c in lines]
    classes = None if any(k is None for k in known) else sum(k or 0 for k in known)
    return classes, sum(c.participants for c in lines)


def _of(act: Activities, kinds: Sequence[str], own: bool | None = None) -> list[CourseLine]:
    return [c for c in act.courses if c.kind in kinds and (own is None or c.own == own)]


def _level(is_province: bool) -> str:
    return "tỉnh" if is_province else "huyện"


# --------------------------------------------------------------------------- I.1


def communication_pieces(act: Activities | None) -> dict[str, list[Para]]:
    """I.1: the unit's communication classes ("Cấp tỉnh tổ chức tuyên truyền được …")."""
    if act is None:
        return {}
    out: list[str] = []
    for own, level in ((True, _level(act.is_province)), (False, "huyện")):
        lines = _of(act, [COMMUNICATION], own)
        if not lines or (not own and not act.is_province):
            continue
        classes, people = _sum(lines)
        if classes is None:
            out.append(f"Cấp {level} tổ chức tuyên truyền cho {count(people)} lượt người tham dự.")
        else:
            out.append(
                f"Cấp {level} tổ chức tuyên truyền được {count(classes)} lớp, "
                f"{count(people)} học viên tham dự."
            )
    return {"truyen_thong": [para(" ".join(out))]} if out else {}


# --------------------------------------------------------------------------- I.3


def directive_pieces(act: Activities | None, *, text: str = "") -> dict[str, list[Para]]:
    """I.3: the directives issued (``van_ban``) and the dated events (``su_kien``)."""
    if act is None:
        return {}
    out: dict[str, list[Para]] = {}
    directives = sorted(act.directives, key=lambda d: (d.rank, d.date, d.number))
    if directives:
        go_on = _list_continues(text, "van_ban")
        items = []
        for i, d in enumerate(directives):
            end = "." if i == len(directives) - 1 and not go_on else ";"
            subject = d.subject.rstrip(" ;.")
            items.append(
                para(
                    f"- {d.kind} số {d.number} ngày {date_text(d.date)} của {d.issuer} "
                    f"{subject}{end}",
                    "item",
                )
            )
        out["van_ban"] = items
    events = sorted(act.events, key=lambda e: e.date)
    if events:
        go_on = _list_continues(text, "su_kien")
        items = []
        for i, e in enumerate(events):
            end = "." if i == len(events) - 1 and not go_on else ";"
            what = e.description.rstrip(" ;.")
            if not what.lower().startswith(e.kind.lower()):
                what = f"{e.kind} {what[:1].lower()}{what[1:]}"
            items.append(para(f"- Ngày {date_text(e.date)}: {what}{end}", "item"))
        out["su_kien"] = items
    return out


# --------------------------------------------------------------------------- I.4


def _classes_for(
    classes: int | None, people: int, *, what: str = "", whom: str = "học viên"
) -> str:
    lead = f"{count(classes)} lớp{what}, cho " if classes is not None else ""
    return f"{lead}{count(people)} {whom}"


def training_pieces(act: Activities | None, *, year: int, text: str = "") -> dict[str, list[Para]]:
    """I.4: the training of the programme's staff and the commune officials' courses."""
    if act is None:
        return {}
    ntm = _of(act, [NTM_TRAINING])
    staff = _of(act, [COMMUNE_STAFF])
    if not ntm and not staff:
        return {}
    total_classes, total_people = _sum(ntm + staff)
    pieces: dict[str, list[Para]] = {
        "dao_tao_tong": [para(_classes_for(total_classes, total_people))]
    }
    parts = []
    if ntm:
        c, p = _sum(ntm)
        pieces["dao_tao_ntm"] = [para(_classes_for(c, p))]
        parts.append(
            "Đào tạo, bồi dưỡng cho cán bộ làm công tác xây dựng nông thôn mới các cấp được "
            + _classes_for(c, p)
        )
    if staff:
        c, p = _sum(staff)
        fragment = _classes_for(c, p, what=" bồi dưỡng", whom="cán bộ, công chức cấp xã")
        pieces["boi_duong_xa"] = [para(fragment)]
        parts.append(fragment if ntm else "bồi dưỡng " + fragment)
    pieces["dao_tao"] = [
        para(
            f"Năm {year}, tổ chức đào tạo, bồi dưỡng được {_classes_for(total_classes, total_people)}"
            f", trong đó: {' và '.join(parts)}."
        )
    ]
    return pieces_for_text(text, pieces, whole="dao_tao")


# --------------------------------------------------------------------------- I.5


def ocop_course_pieces(act: Activities | None, *, text: str = "") -> dict[str, list[Para]]:
    """I.5: the attendance of the OCOP conferences and courses ("1.588 lượt người tham dự")."""
    if act is None:
        return {}
    lines = _of(act, [OCOP])
    if not lines:
        return {}
    classes, people = _sum(lines)
    attended = f"{count(people)} lượt người tham dự"
    held = f"{count(classes)} hội nghị, lớp tập huấn" if classes else "hội nghị, tập huấn"
    pieces = {
        "ocop_tham_du": [para(attended)],
        "ocop_hoi_nghi": [para(f"Tổ chức {held} về Chương trình OCOP, với {attended}.")],
    }
    return pieces_for_text(text, pieces, whole="ocop_hoi_nghi")


# --------------------------------------------------------------------------- I.6


def communes_text(communes: Sequence[CommuneName]) -> str:
    """ "xã Vân Trình, xã Lê Lai huyện Thạch An; xã Hoa Thám, huyện Nguyên Bình": the communes
    grouped by district in the order given, a district's lone commune followed by a comma."""
    groups: dict[tuple[str, str], list[CommuneName]] = {}
    for c in communes:
        groups.setdefault((c.parent_kind, c.parent_name), []).append(c)
    out = []
    for (pkind, pname), cs in groups.items():
        names = ", ".join(f"{kind_prefix(c.kind)} {c.name}" for c in cs)
        if not pname:
            out.append(names)
            continue
        sep = ", " if len(cs) == 1 else " "
        out.append(f"{names}{sep}{kind_prefix(pkind)} {pname}")
    return "; ".join(out)


def _plan_item(n: int, chain: ChainLine) -> str:
    title = chain.plan or f"Kế hoạch liên kết sản xuất gắn với tiêu thụ sản phẩm {chain.product}"
    if chain.communes:
        title += f", được triển khai thực hiện tại {communes_text(chain.communes)}"
    return f"({n}) {title}"


def value_chain_pieces(act: Activities | None) -> dict[str, list[Para]]:
    """I.6: "Toàn tỉnh đã xây dựng, phê duyệt và triển khai 47 kế hoạch … Trong đó: Cấp tỉnh
    04 kế hoạch ((1) …); cấp huyện 43 kế hoạch." The unit's own plans are listed when named."""
    if act is None or not act.chains:
        return {}
    own = [c for c in act.chains if c.own]
    below = [c for c in act.chains if not c.own]
    total = sum(c.plans for c in act.chains)
    level = _level(act.is_province)
    listed = [c for c in own if c.plans == 1 and (c.plan or c.communes)]
    detail = f" ({'; '.join(_plan_item(i, c) for i, c in enumerate(listed, 1))})" if listed else ""
    first = (
        f"Toàn {level} đã xây dựng, phê duyệt và triển khai {format_count(total)} kế hoạch "
        "liên kết sản xuất gắn với tiêu thụ sản phẩm"
    )
    if own and below:
        n_own, n_below = sum(c.plans for c in own), sum(c.plans for c in below)
        text = (
            f"{first}. Trong đó: Cấp {level} {format_count(n_own)} kế hoạch{detail}; "
            f"cấp huyện {format_count(n_below)} kế hoạch."
        )
    else:
        text = f"{first}{detail if own else ''}."
    return {"chuoi_gia_tri": [para(text)]}
