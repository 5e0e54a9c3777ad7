"""The crosswalk between criteria periods: loading the shipped files, and a bad file refused."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ntm.core.errors import ApplicationError
from ntm.core.models import ChangeRecord
from ntm.criteria.models import CriterionLink
from ntm.criteria.services import (
    CRITERIA_DIR,
    criteria_files,
    criteria_set_load,
    criterion_link_save,
    crosswalk_files,
    crosswalk_load,
)

OLD_NEW = CRITERIA_DIR / "crosswalk-xa-ntm-2016-2020-2021-2025.yaml"
NEXT = CRITERIA_DIR / "crosswalk-xa-ntm-2021-2025-2026-2030.yaml"
SETS = ["xa-ntm-2016-2020", "xa-ntm-2021-2025", "xa-ntm-2026-2030"]


@pytest.fixture
def commune_sets(db):
    for code in SETS:
        criteria_set_load(path=CRITERIA_DIR / f"{code}.yaml")


def test_the_shipped_crosswalks_are_found_apart_from_the_sets() -> None:
    assert {p.name for p in crosswalk_files()} == {OLD_NEW.name, NEXT.name}
    assert not {p.name for p in criteria_files()} & {OLD_NEW.name, NEXT.name}


def test_loadcriteria_recognises_a_crosswalk_and_loads_it_idempotently(commune_sets, capsys):
    call_command("loadcriteria", str(OLD_NEW))
    assert "tạo 19" in capsys.readouterr().out
    links = CriterionLink.objects.filter(criterion__criteria_set__code="xa-ntm-2021-2025")
    assert links.count() == 19
    thirteen = links.get(criterion__number=13)
    assert thirteen.previous.number == 13 and thirteen.previous.name == "Tổ chức sản xuất"
    assert (thirteen.relation, thirteen.verified) == ("changed", True)
    assert (links.get(criterion__number=1).relation, links.get(criterion__number=1).verified) == (
        "same",
        False,
    )
    call_command("loadcriteria", str(OLD_NEW))
    assert "tạo 0, cập nhật 0, giữ nguyên 19" in capsys.readouterr().out
    assert links.count() == 19


def test_the_2026_crosswalk_is_a_proposal_every_link_unverified(commune_sets):
    crosswalk_load(path=OLD_NEW)
    loaded = crosswalk_load(path=NEXT)
    links = CriterionLink.objects.filter(criterion__criteria_set=loaded.new)
    assert links.exists() and not links.filter(verified=True).exists()
    assert all("chưa kiểm chứng" in link.note for link in links)
    infrastructure = links.filter(criterion__number=2)
    assert {link.relation for link in infrastructure} == {"merged"}
    assert infrastructure.count() > 1


def _bad(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "crosswalk-bad.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_bad_file_is_refused_with_its_name_and_key_and_nothing_is_loaded(commune_sets, tmp_path):
    path = _bad(
        tmp_path,
        "crosswalk: {from: xa-ntm-2016-2020, to: xa-ntm-2021-2025}\n"
        "links:\n"
        "  - {number: 1, continues: [1], relation: same, verified: true}\n"
        "  - {number: 2, continues: [42], relation: same}\n",
    )
    with pytest.raises(CommandError, match=r"crosswalk-bad.yaml: links\[2\].continues: .*42"):
        call_command("loadcriteria", str(path))
    assert not CriterionLink.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("crosswalk: {from: xa-ntm-2016-2020, to: xa-ntm-2099}\nlinks: []\n", "crosswalk.to"),
        (
            "crosswalk: {from: xa-ntm-2021-2025, to: xa-ntm-2016-2020}\nlinks: []\n",
            "giai đoạn trước",
        ),
        (
            "crosswalk: {from: xa-ntm-2016-2020, to: xa-ntm-2021-2025}\n"
            "links: [{number: 1, continues: [1], relation: similar}]\n",
            r"links\[1\].relation",
        ),
        (
            "crosswalk: {from: xa-ntm-2016-2020, to: xa-ntm-2021-2025}\n"
            "links: [{number: 1, continues: [1], relation: merged}]\n",
            "ít nhất hai",
        ),
    ],
)
def test_each_wrong_key_is_named(commune_sets, tmp_path, body, message):
    with pytest.raises(ApplicationError, match=message):
        crosswalk_load(path=_bad(tmp_path, body))


def test_an_officers_correction_survives_a_reload(commune_sets, django_user_model):
    crosswalk_load(path=OLD_NEW)
    link = CriterionLink.objects.get(
        criterion__criteria_set__code="xa-ntm-2021-2025", criterion__number=1
    )
    link.verified = True
    link.note = "Đã đối chiếu chỉ tiêu 1.1 của QĐ 318."
    officer = django_user_model.objects.create_user("canbo")
    criterion_link_save(link=link, user=officer, reason="đối chiếu")
    record = ChangeRecord.objects.get(object_type="criteria.criterionlink", object_id=str(link.pk))
    assert record.before["verified"] is False and record.after["verified"] is True
    crosswalk_load(path=OLD_NEW)
    link.refresh_from_db()
    assert link.verified is True and link.note.startswith("Đã đối chiếu")
