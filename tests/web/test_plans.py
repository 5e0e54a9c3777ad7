"""The plans page (kế hoạch): what an officer sees when a target is mistyped, impossible or unchanged."""

from django.contrib.messages import get_messages
from django.urls import reverse

from ntm.core.models import ChangeRecord
from ntm.plans.models import Target, TargetCommune
from ntm.units.models import AdminUnit
from tests.factories import CaoBang, plan_version, target_commune_make

PLANS = reverse("plans:target_list")


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _post_targets(client, unit: int, **fields: str):
    version = plan_version(AdminUnit.objects.get(pk=unit), 2020)
    data = {"unit": str(unit), "year": "2020", "version": version, **fields}
    return client.post(PLANS, data, follow=True)


def test_a_province_officer_sees_the_next_years_plan_by_default(cao_bang: CaoBang, login) -> None:
    context = login("tinh").get(PLANS).context
    assert context["unit"].pk == cao_bang.province and context["year"] == 2020
    assert context["years"] == [2018, 2019, 2020]
    assert context["editable"] and context["commune_form"] is not None
    assert [r.row_id for r in context["rows"]][:3] == ["tong_so_xa", "1", "2.1"]


def test_a_viewer_reads_the_plan_without_a_form_to_change_it(cao_bang: CaoBang, login) -> None:
    response = login("lanhdao").get(PLANS)
    assert not response.context["editable"] and response.context["commune_form"] is None
    text = response.content.decode()
    assert "Tổng số xã thực hiện Chương trình NTM" in text
    assert "tong_so_xa" not in text and "2.1.qd" not in text  # the rows' ids are not for people


def test_a_mistyped_target_saves_nothing_and_says_so(cao_bang: CaoBang, login) -> None:
    response = _post_targets(login("tinh"), cao_bang.province, t_1="mười hai", t_2_1="3")
    assert "Chưa lưu: có ô nhập chưa đúng." in _messages(response)
    assert not Target.objects.filter(unit_id=cao_bang.province).exists()


def test_an_impossible_target_saves_nothing_of_the_form(cao_bang: CaoBang, login) -> None:
    response = _post_targets(login("tinh"), cao_bang.province, t_1="12", t_2_1="100000")
    assert response.status_code == 200
    assert any("2.1" in m or "xã" in m for m in _messages(response))
    assert not Target.objects.filter(unit_id=cao_bang.province).exists()


def test_targets_are_saved_with_their_reason_and_unchanged_ones_are_not(
    cao_bang: CaoBang, login
) -> None:
    client = login("tinh")
    response = _post_targets(
        client, cao_bang.province, t_1="12,5", t_2_1="3", reason="Nghị quyết 12/NQ-HĐND"
    )
    assert "Đã lưu 2 chỉ tiêu." in _messages(response)
    saved = Target.objects.filter(unit_id=cao_bang.province, year=2020)
    assert {t.row_id: str(t.value.normalize()) for t in saved} == {"1": "12.5", "2.1": "3"}
    records = ChangeRecord.objects.filter(object_type="plans.target")
    assert records.count() == 2
    assert {r.reason for r in records} == {"Nghị quyết 12/NQ-HĐND"}

    again = _post_targets(client, cao_bang.province, t_1="12,5", t_2_1="3")
    assert "Không có thay đổi nào để lưu." in _messages(again)
    assert ChangeRecord.objects.filter(object_type="plans.target").count() == 2


def test_a_target_commune_is_added_and_removed_from_the_page(cao_bang: CaoBang, login) -> None:
    client = login("tinh")
    commune = cao_bang.unit("neighbour")
    response = client.post(
        reverse("plans:target_commune_add"),
        {"unit": cao_bang.province, "year": "2020", "commune": commune.pk, "title": "dat_chuan"},
        follow=True,
    )
    assert any("Đã thêm" in m for m in _messages(response))
    item = TargetCommune.objects.get(unit_id=cao_bang.province, year=2020, commune=commune)

    response = client.post(
        reverse("plans:target_commune_remove", args=[item.pk]), {"reason": "Đổi kế hoạch"}
    )
    assert response.status_code == 302
    assert not TargetCommune.objects.filter(pk=item.pk).exists()


def test_a_commune_outside_the_unit_or_a_missing_year_is_refused(cao_bang: CaoBang, login) -> None:
    client = login("huyen")
    outside = cao_bang.unit("other_district_commune")
    add = reverse("plans:target_commune_add")
    for data in (
        {"unit": cao_bang.district, "year": "2020", "commune": outside.pk},
        {"unit": cao_bang.district, "year": "", "commune": cao_bang.commune},
        {"unit": cao_bang.district, "year": "20200", "commune": cao_bang.commune},
    ):
        response = client.post(add, {**data, "title": "dat_chuan"}, follow=True)
        assert "Chọn một xã của đơn vị." in _messages(response)
    assert not TargetCommune.objects.exists()


def test_an_office_cannot_remove_a_target_commune_of_another_unit(cao_bang: CaoBang, login) -> None:
    province = AdminUnit.objects.get(pk=cao_bang.province)
    item = target_commune_make(province, 2020, cao_bang.unit("commune"))
    response = login("huyen").post(reverse("plans:target_commune_remove", args=[item.pk]))
    assert response.status_code in (302, 404)
    assert TargetCommune.objects.filter(pk=item.pk).exists()
