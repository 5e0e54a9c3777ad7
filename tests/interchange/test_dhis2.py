"""DHIS2 exchange (docs/dhis2.md): payloads in DHIS2's documented shape, read back, refused
with their place named, and a round trip into an empty NTM giving the same statuses."""

import json
from xml.etree import ElementTree

import pytest

from ntm.assessments.models import Assessment, CriterionStatus, IndicatorValue
from ntm.interchange import dhis2
from ntm.interchange.errors import ImportRefused
from ntm.interchange.records import Source
from ntm.interchange.services import (
    dhis2_export,
    dhis2_import,
    dhis2_mapping,
    dhis2_mapping_read,
    files_import,
)

from .conftest import PROVINCE, csv_text, db_state

ADX = "{urn:ihe:qrph:adx:2015}"


@pytest.fixture
def data(communes, write):
    """Declared statuses of six communes for 2019, a few values (a verdict, a ratio with its
    secondary part, numbers) of one."""
    statuses = [
        f"2019,{code},{n},{int((int(code) + n) % 4 != 0)}"
        for code in communes[:6]
        for n in range(1, 20)
    ]
    code = communes[10]
    values = [
        f"2019,{code},1.1,Đạt,",
        f"2019,{code},1.2,Không đạt,",
        f"2019,{code},10.1,37.25,",
        f"2019,{code},11.1,8,",
        f"2019,{code},17.1,92.5,55",
    ]
    files_import(
        paths=[
            write("s.csv", csv_text("year,commune_code,criterion,met", statuses)),
            write(
                "v.csv",
                csv_text("year,commune_code,indicator,value,secondary_value", values),
            ),
        ]
    )


def statuses() -> set[tuple]:
    return set(
        CriterionStatus.objects.values_list(
            "assessment__commune__code",
            "assessment__year",
            "criterion__number",
            "met",
            "declared_met",
            "computed_met",
        )
    )


def figures() -> dict[str, set]:
    return {
        "statuses": statuses(),
        "values": set(
            IndicatorValue.objects.values_list(
                "assessment__commune__code",
                "indicator__code",
                "value_number",
                "value_bool",
                "secondary_number",
            )
        ),
        "counts": set(
            Assessment.objects.values_list(
                "commune__code", "year", "criteria_met", "meets_standard"
            )
        ),
    }


# --- the payloads' shape -------------------------------------------------------


def test_the_json_export_is_a_data_value_set_with_codes(data, communes):
    exported = dhis2_export(province_code=PROVINCE, year=2019)
    payload = json.loads(exported.data)
    assert payload["period"] == "2019"
    assert set(payload) == {"period", "dataValues"}
    values = payload["dataValues"]
    assert all(set(v) == {"dataElement", "period", "orgUnit", "value"} for v in values)
    first = communes[0].zfill(5)
    assert {
        "dataElement": "TC_1",
        "period": "2019",
        "orgUnit": first,
        "value": "true" if (int(communes[0]) + 1) % 4 else "false",
    } in values
    unit = communes[10].zfill(5)
    mine = {v["dataElement"]: v["value"] for v in values if v["orgUnit"] == unit}
    assert mine["1.1"] == "true"
    assert mine["1.2"] == "false"
    assert mine["10.1"] == "37.25"
    assert mine["17.1"] == "92.5"
    assert mine["17.1_PHU"] == "55"
    assert exported.rows == CriterionStatus.objects.filter(met__isnull=False).count() + 5


def test_the_adx_export_groups_values_by_org_unit_and_period(data, communes):
    exported = dhis2_export(province_code=PROVINCE, year=2019, file_format="adx")
    root = ElementTree.fromstring(exported.data)
    assert root.tag == f"{ADX}adx"
    groups = root.findall(f"{ADX}group")
    assert {g.get("period") for g in groups} == {"2019-01-01/P1Y"}
    unit = communes[10].zfill(5)
    (group,) = [g for g in groups if g.get("orgUnit") == unit]
    got = {d.get("dataElement"): d.get("value") for d in group.findall(f"{ADX}dataValue")}
    assert got["17.1"] == "92.5"
    assert got["17.1_PHU"] == "55"


def test_a_mapping_translates_codes_out_and_back():
    mapping = dhis2.mapping_read(
        b"kind,ntm_code,dhis2_code\ndataElement,TC_1,NTM_TC01\norgUnit,01267,OU_SOCHA\n"
    )
    payload = dhis2.data_value_set(
        statuses=[{"year": "2019", "commune_code": "1267", "criterion": "1", "met": "1"}],
        values=[],
        mapping=mapping,
        data_set="NTM",
    )
    assert payload == {
        "dataSet": "NTM",
        "period": "2019",
        "orgUnit": "OU_SOCHA",
        "dataValues": [
            {"dataElement": "NTM_TC01", "period": "2019", "orgUnit": "OU_SOCHA", "value": "true"}
        ],
    }
    parsed = dhis2.json_parse(json.dumps(payload).encode(), mapping=mapping)
    assert [row for _, row in parsed.statuses] == [
        {"year": "2019", "commune_code": "01267", "criterion": "1", "met": "1"}
    ]


def test_a_json_mapping_is_read_too():
    mapping = dhis2.mapping_read(b'{"dataElement": {"17.1": "DE171"}, "orgUnit": {}}')
    assert mapping.out("dataElement", "17.1") == "DE171"
    assert mapping.back("dataElement", "DE171") == "17.1"


def test_a_mapping_file_with_an_unknown_kind_is_refused_at_its_row():
    with pytest.raises(ImportRefused) as refused:
        dhis2_mapping_read(data=b"kind,ntm_code,dhis2_code\nindicator,1.1,X\n", name="m.csv")
    assert refused.value.lines()[0].startswith("m.csv:2:kind: ")


def test_the_mapping_file_lists_the_elements_and_units_of_the_year(province):
    lines = dhis2_mapping(province_code=PROVINCE, year=2019).decode().splitlines()
    assert lines[0] == "kind,ntm_code,dhis2_code"
    assert "dataElement,TC_19,TC_19" in lines
    assert "dataElement,17.1,17.1" in lines
    assert any(line.startswith("orgUnit,0") for line in lines)


# --- reading back ---------------------------------------------------------------


def test_an_adx_payload_reads_as_interchange_rows():
    xml = b"""<?xml version="1.0" encoding="UTF-8"?>
<adx xmlns="urn:ihe:qrph:adx:2015">
  <group orgUnit="01267" period="2019-01-01/P1Y">
    <dataValue dataElement="TC_2" value="false"/>
    <dataValue dataElement="17.1" value="92.5"/>
    <dataValue dataElement="17.1_PHU" value="55"/>
    <dataValue dataElement="1.1" value="true"/>
  </group>
</adx>"""
    parsed = dhis2.payload_parse(xml)
    assert parsed.problems == []
    assert [row for _, row in parsed.statuses] == [
        {"year": "2019", "commune_code": "01267", "criterion": "2", "met": "0"}
    ]
    assert [row for _, row in parsed.values] == [
        {
            "year": "2019",
            "commune_code": "01267",
            "indicator": "17.1",
            "value": "92.5",
            "secondary_value": "55",
        },
        {
            "year": "2019",
            "commune_code": "01267",
            "indicator": "1.1",
            "value": "Đạt",
            "secondary_value": "",
        },
    ]


@pytest.mark.parametrize(
    "xml",
    [
        b'<?xml version="1.0"?><!DOCTYPE adx [<!ENTITY a "aaaa">]>'
        b'<adx xmlns="urn:ihe:qrph:adx:2015"><group orgUnit="1" period="2019-01-01/P1Y">'
        b'<dataValue dataElement="TC_1" value="&a;"/></group></adx>',
        b'<!DOCTYPE adx SYSTEM "http://example.org/adx.dtd"><adx/>',
    ],
)
def test_xml_with_a_document_type_is_refused_before_it_is_parsed(xml):
    with pytest.raises(dhis2.DHIS2Error, match="DOCTYPE"):
        dhis2.adx_parse(xml)


def test_xml_in_another_encoding_than_utf8_is_refused():
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE adx><adx/>'.encode("utf-16")
    with pytest.raises(dhis2.DHIS2Error, match="UTF-8"):
        dhis2.adx_parse(xml)


def test_json_nested_past_any_need_is_refused_not_a_crash():
    with pytest.raises(dhis2.DHIS2Error, match="sâu"):
        dhis2.json_parse(b"[" * 100_000 + b"]" * 100_000)


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ({"dataElement": "TC_1", "orgUnit": "1", "value": "true"}, "x.json:1:period: thiếu"),
        (
            {"dataElement": "TC_1", "period": "2019Q1", "orgUnit": "1", "value": "true"},
            "x.json:1:period: kỳ không hợp lệ",
        ),
        (
            {"dataElement": "TC_1", "period": "2019", "orgUnit": "1", "value": "maybe"},
            "x.json:1:value: trạng thái",
        ),
        (
            {"dataElement": "17.1_PHU", "period": "2019", "orgUnit": "1", "value": "5"},
            "x.json:1:dataElement: phần phụ",
        ),
    ],
)
def test_a_bad_data_value_is_refused_naming_its_position_and_field(item, expected, province):
    payload = json.dumps({"dataValues": [item]}).encode()
    with pytest.raises(ImportRefused) as refused:
        dhis2_import(source=Source("x.json", payload))
    assert refused.value.lines()[0].startswith(expected)


def test_a_row_the_checks_refuse_is_named_by_the_dhis2_field(communes):
    payload = {
        "dataValues": [
            {"dataElement": "TC_1", "period": "2019", "orgUnit": communes[0], "value": "true"},
            {"dataElement": "TC_99", "period": "2019", "orgUnit": communes[0], "value": "true"},
        ]
    }
    before = db_state()
    with pytest.raises(ImportRefused) as refused:
        dhis2_import(source=Source("x.json", json.dumps(payload).encode()))
    assert refused.value.lines()[0].startswith("x.json:2:dataElement: ")
    assert db_state() == before


def test_a_payload_that_is_not_json_is_refused(province):
    with pytest.raises(ImportRefused) as refused:
        dhis2_import(source=Source("x.json", b"{nope"))
    assert refused.value.lines()[0].startswith("x.json:1: JSON không đọc được")


# --- round trip ------------------------------------------------------------------


def _empty_database() -> None:
    Assessment.objects.all().delete()


@pytest.mark.parametrize("file_format", ["json", "adx"])
def test_an_export_imported_into_an_empty_ntm_gives_the_same_statuses(data, file_format):
    before = figures()
    exported = dhis2_export(province_code=PROVINCE, year=2019, file_format=file_format)
    _empty_database()
    assert statuses() == set()
    summary = dhis2_import(source=Source(exported.filename, exported.data))
    assert summary.assessments_evaluated == 7
    assert figures() == before


def test_an_export_imported_back_changes_nothing(data):
    exported = dhis2_export(province_code=PROVINCE, year=2019)
    before = db_state()
    summary = dhis2_import(source=Source(exported.filename, exported.data))
    assert summary.changed == 0
    assert db_state() == before


def test_a_dry_run_writes_nothing(data):
    exported = dhis2_export(province_code=PROVINCE, year=2019)
    _empty_database()
    summary = dhis2_import(source=Source(exported.filename, exported.data), dry_run=True)
    assert summary.changed > 0
    assert statuses() == set()


def test_a_mapped_export_imports_back_with_the_same_mapping(data):
    before = figures()
    mapping = dhis2.Mapping(data_elements={"TC_1": "DE_TC1", "17.1_PHU": "DE_171B"})
    exported = dhis2_export(province_code=PROVINCE, year=2019, mapping=mapping)
    assert b"DE_TC1" in exported.data
    assert b'"TC_1"' not in exported.data
    _empty_database()
    dhis2_import(source=Source(exported.filename, exported.data), mapping=mapping)
    assert figures() == before
