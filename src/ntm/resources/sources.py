"""The sources of the programme's funds (nguồn vốn) and how they add up (pure; no Django).

The codes are those of the ``funds`` file (docs/formats.md) and of ``resources.Fund.source``;
the report (part I.7) writes them in this order. ``tw_dtpt_dp`` (vốn dự phòng) is part of
``tw_dtpt`` and is never added to a total again.
"""

TW_DTPT = "tw_dtpt"
TW_DTPT_DP = "tw_dtpt_dp"
TW_SN = "tw_sn"
DIA_PHUONG = "dia_phuong"
LONG_GHEP = "long_ghep"
TIN_DUNG = "tin_dung"
DOANH_NGHIEP = "doanh_nghiep"
CONG_DONG = "cong_dong"
QUY_NTM = "quy_ntm"
KHAC = "khac"

#: Every source with its label, in the report's order.
SOURCES: dict[str, str] = {
    TW_DTPT: "Ngân sách Trung ương – vốn đầu tư phát triển",
    TW_DTPT_DP: "trong đó vốn dự phòng",
    TW_SN: "Ngân sách Trung ương – vốn sự nghiệp",
    DIA_PHUONG: "Ngân sách địa phương",
    LONG_GHEP: "Lồng ghép",
    TIN_DUNG: "Tín dụng",
    DOANH_NGHIEP: "Doanh nghiệp, hợp tác xã",
    CONG_DONG: "Cộng đồng dân cư",
    QUY_NTM: "Quỹ xây dựng nông thôn mới",
    KHAC: "Khác",
}

#: Sources that are part of another one (never added to a total again), and which.
PART_OF: dict[str, str] = {TW_DTPT_DP: TW_DTPT}

#: Amounts are in triệu đồng with at most this many decimals (Fund and Support amounts).
PLACES = 2
