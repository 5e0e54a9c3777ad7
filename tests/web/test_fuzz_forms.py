"""Hostile input on every page: no form field and no query parameter makes the app fail (500).

The endpoints are found, not listed: every named URL of the NTM apps is taken
from the URLconf (a new one without ids to try fails the test until it gets
some), each page is opened as the province, district and commune officers and
the viewer, and the fields of its forms are read from its HTML. Then each
field and each query parameter gets hostile values: empty, huge and negative
numbers, text where a number is expected, a decimal comma, impossible dates,
years 0 and 99999, NUL and other control characters, 10,000 characters,
emoji, lists where one value is expected, ids of other units and ids that do
not exist, SQL and HTML fragments. Every answer must be below 500, and a
refused form (an error shown or a 4xx) must leave the database as it was.

A fixed pass sends each hostile value to every field at once; hypothesis then
mixes hostile values with the page's own values (so that a form gets past
its other fields to the service) for a few examples per page and role.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import sys
import traceback
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from unittest.mock import patch

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import got_request_exception
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import CaoBang

APPS = (
    "analytics",
    "assessments",
    "plans",
    "ocop",
    "reports",
    "interchange",
    "accounts",
    "resources",
    "activities",
    "quality",
    "opendata",
    "opendata_office",
)
ROLES = {"province": "tinh", "district": "huyen", "commune": "xa", "viewer": "lanhdao"}
#: Query parameters the pages read from ``request.GET`` besides their forms' fields.
QUERY_PARAMS = (
    "year",
    "unit",
    "page",
    "sort",
    "group",
    "q",
    "state",
    "district",
    "kind",
    "format",
    "territory",
    "level",
)
NOWHERE = 2_147_483_000

pytestmark = pytest.mark.django_db

HOSTILE: list[Any] = [
    "",
    " ",
    "1e309",
    "-1",
    str(10**30),
    "-" + str(10**30),
    "9" * 400,
    "abc",
    "1,5",
    "1.234,5",
    "NaN",
    "Infinity",
    "²",
    "٣",
    "0x10",
    "31/02/2020",
    "00/00/0000",
    "01/01/0000",
    "31/12/99999",
    "2020-13-45",
    "0",
    "99999",
    "a\x00b",
    "\x00",
    "\x01\x02\x0b\x0c\x1b\x7f",
    "x" * 10_000,
    "Đạt 😀 \u202e\ufeff 𝟘",
    "' OR 1=1 --",
    "1; DROP TABLE units_adminunit;",
    '<script>alert(1)</script>"><img src=x onerror=alert(1)>',
    "../../etc/passwd",
    ["1", "2"],
    ["", "abc"],
    str(NOWHERE),
]


def hostile_files(name: str) -> list[SimpleUploadedFile]:
    """Files for a file input: empty, garbage under a right name, hostile names and content."""
    return [
        SimpleUploadedFile("rong.csv", b""),
        SimpleUploadedFile("rac.xlsx", b"PK\x03\x04 not a workbook \x00\xff"),
        SimpleUploadedFile("rac.pdf", b"%PDF-1.4 \x00\x01"),
        SimpleUploadedFile("a\x01b" + "x" * 300 + ".csv", b"ma_xa,nam\n\x00\x1b,abc\n"),
        SimpleUploadedFile(
            "trang_thai.csv",
            "tỉnh,mã xã,năm,tiêu chí,kết quả,ghi chú\n4,01417,99999,1,Đạt,\x00\x0b😀\n"
            "4,1417,2019,1e309,'; DROP TABLE x;,<b>\n".encode(),
        ),
        SimpleUploadedFile("../../x.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),
    ]


# -- the pages, from the URLconf ----------------------------------------------------------------


def named_routes() -> Iterator[tuple[str, list[str]]]:
    """``namespace:name`` and the names of its arguments, for every named URL of the apps."""

    def walk(patterns: list[Any], namespace: str | None) -> Iterator[tuple[str, list[str]]]:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name and namespace in APPS:
                yield f"{namespace}:{p.name}", list(p.pattern.converters)

    yield from walk(get_resolver().url_patterns, None)


def resource_rows(cb: CaoBang) -> dict[str, list[int]]:
    """Funds, support, courses and directives of the province, its district, a commune and the
    other province, written once for the module as the superuser; their ids, the officers' own
    first (a page opened as its officer's first id is fuzzed field by field)."""
    from decimal import Decimal

    from django.contrib.auth.models import User

    from ntm.activities.models import Directive
    from ntm.activities.services import course_save, directive_save
    from ntm.resources.services import fund_save, support_save

    admin = User.objects.get(username="admin")
    units = [cb.unit("province"), cb.unit("district"), cb.unit("other_province")]
    communes = [cb.unit("commune"), cb.unit("outside")]
    return {
        "fund": [
            fund_save(user=admin, year=2019, unit=u, source="tw_sn", allocated=Decimal(100)).pk
            for u in units
        ],
        "support": [
            support_save(
                user=admin,
                year=2019,
                sponsor="Sở Y tế",
                commune=c,
                cash=Decimal(1),
                in_kind=Decimal(0),
                materials=Decimal(0),
            ).pk
            for c in communes
        ],
        "course": [
            course_save(
                user=admin, year=2019, unit=u, kind="truyen_thong", classes=2, participants=40
            ).pk
            for u in reversed(units[:2])  # the district's first: every officer but the commune's
        ]
        + [
            course_save(
                user=admin, year=2019, unit=units[2], kind="truyen_thong", classes=1, participants=9
            ).pk
        ],
        "directive": [
            directive_save(
                user=admin,
                unit=u,
                number=f"{i}/KH-UBND",
                date=datetime.date(2019, 3, 1),
                issuer="UBND",
                kind=Directive.Kind.PLAN,
                subject="Kế hoạch thực hiện Chương trình",
            ).pk
            for i, u in enumerate(units, start=1)
        ],
    }


def route_arguments(cb: CaoBang) -> dict[str, list[dict[str, Any]]]:
    """Ids to try in each URL: the officers' own, other units' and ones that do not exist."""
    from ntm.assessments.models import Assessment
    from ntm.units.models import AdminUnit

    own = cb.assessment("commune")
    neighbour = cb.assessment("neighbour")
    outside = cb.assessment("outside")
    units = [cb.province, cb.district, cb.commune, cb.outside, cb.other_province, NOWHERE]
    communes = [cb.commune, cb.neighbour, cb.outside, cb.district, NOWHERE]
    files = [own.pk, neighbour.pk, outside.pk, NOWHERE]
    later = Assessment.objects.filter(commune_id=cb.commune).exclude(pk=own.pk).first()
    if later is not None:
        files.append(later.pk)
    anything = [{"pk": 1}, {"pk": NOWHERE}]
    rows = resource_rows(cb)
    kinds = ("course", "event", "chain", "directive", "x😀")
    activity = [
        {"kind": kind, "pk": pk}
        for kind in ("course", "directive")
        for pk in (*rows[kind], NOWHERE)
    ] + [{"kind": kind, "pk": 1} for kind in ("event", "chain", "x😀")]
    tokens = [{"token": t} for t in ("abc", "x" * 300, "..", "%00", "😀")]
    open_codes = [AdminUnit.objects.get(pk=cb.province).code, "x😀", "%00"]
    return {
        "analytics:dashboard": [{}],
        "analytics:unit_dashboard": [{"pk": u} for u in units],
        "assessments:my_commune": [{}],
        "assessments:board": [{}],
        "assessments:bulk_transition": [{}],
        "assessments:worklist": [{}],
        "assessments:notification_list": [{}],
        "assessments:campaign": [{}],
        "assessments:commune_detail": [{"pk": c} for c in communes],
        "assessments:district_list": [{}],
        "assessments:district": [{"pk": u} for u in units],
        "assessments:assessment_create": [{"pk": c} for c in communes],
        "assessments:criterion_panel": [
            {"pk": f, "number": n} for f in files[:2] for n in (1, 19, 0, 99999)
        ],
        "assessments:entry": [{"pk": f} for f in files],
        "assessments:evidence_upload": [{"pk": f} for f in files],
        "assessments:transition": [
            {"pk": f, "action": a}
            for f in files[:3]
            for a in ("submit", "review", "appraise", "return", "reopen", "recognise", "x😀")
        ],
        "assessments:recognition_create": [{"pk": f} for f in files],
        "assessments:evidence_download": anything,
        "assessments:evidence_delete": anything,
        "assessments:recognition_revoke": anything,
        "plans:target_list": [{}],
        "plans:target_commune_add": [{}],
        "plans:target_commune_remove": anything,
        "ocop:product_list": [{}],
        "ocop:certificate_expiring": [{}],
        "ocop:product_detail": anything,
        "ocop:product_precheck": anything,
        "ocop:rating_record": anything,
        "ocop:certificate_revoke": anything,
        "ocop:public_product": anything,
        "ocop:public_qr": anything,
        "reports:report_home": [{}],
        "reports:territory": [{}],
        "reports:appendix_download": [{"fmt": f} for f in ("xlsx", "csv", "docx", "x😀")],
        "reports:report_start": [{}],
        "reports:text_list": [{}],
        "reports:document_setting": [{}],
        "reports:job_list": [{}],
        "reports:job_detail": anything,
        "reports:job_download": anything,
        "reports:job_rerun": anything,
        "resources:resource_list": [{}],
        "resources:fund_new": [{}],
        "resources:fund_edit": [{"pk": pk} for pk in (*rows["fund"], NOWHERE)],
        "resources:fund_delete": [{"pk": pk} for pk in (*rows["fund"], NOWHERE)],
        "resources:support_new": [{}],
        "resources:support_edit": [{"pk": pk} for pk in (*rows["support"], NOWHERE)],
        "resources:support_delete": [{"pk": pk} for pk in (*rows["support"], NOWHERE)],
        "activities:activity_list": [{}],
        "activities:activity_add": [{"kind": kind} for kind in kinds],
        "activities:activity_edit": activity,
        "activities:activity_delete": activity,
        "opendata:publication_list": [{}],
        "opendata:publication_detail": [
            {"code": code, "year": year} for code in open_codes for year in (2019, 0, 99999)
        ],
        "opendata:publication_download": [
            {"code": code, "year": 2019, "name": name}
            for code in open_codes
            for name in ("data.json", "communes.csv", "appendix.xlsx", "x😀")
        ],
        "opendata_office:publication_office": [{}],
        "quality:reconcile": [{}],
        "quality:gaps": [{}],
        "quality:checks": [{}],
        "interchange:import": [{}],
        "interchange:import_confirm": tokens,
        "interchange:import_cancel": tokens,
        "interchange:workbook": [{}],
        "interchange:export": [{}],
        "criteria:criterion_rule": [
            {"code": code, "number": n}
            for code in ("xa-ntm-2016-2020", "khong-co")
            for n in (1, 17, 0, 99999)
        ],
        "help:index": [{}],
        "help:topic": [{"topic": t} for t in ("entry", "workflow", "khong-co")],
        "accounts:login": [{}],
        "accounts:logout": [],  # a POST would sign the fuzzing officer out
        "accounts:password_change": [{}],
        "accounts:password_change_done": [{}],
        "accounts:password_reset": [{}],
        "accounts:password_reset_done": [{}],
        "accounts:password_reset_confirm": [{"uidb64": "MQ", "token": "x" * 40}],
        "accounts:password_reset_complete": [{}],
    }


# -- the forms, from the pages ------------------------------------------------------------------


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


class FormParser(HTMLParser):
    """The ``<form>``s of a page with their named inputs and the values the page gives them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("method", "get").lower(), a.get("action", "")))
            return
        if not self.forms or not a.get("name"):
            if tag == "option" and self._select and ("selected" in a or self._select_first):
                self.forms[-1].fields[self._select] = a.get("value", "")
                self._select_first = False
            return
        current, name = self.forms[-1], a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "file":
                current.files.append(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in a or name not in current.fields:
                    current.fields[name] = a.get("value", "on")
            elif kind not in ("submit", "button", "reset", "image"):
                current.fields[name] = a.get("value", "")
        elif tag == "textarea":
            current.fields[name] = ""
        elif tag == "select":
            self._select, self._select_first = name, True
            current.fields[name] = ""
        elif tag == "button" and a.get("type", "submit") == "submit":
            current.fields.setdefault(name, a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None

    _select_first = False


@contextmanager
def parameters_read() -> Iterator[set[str]]:
    """The names a request's code looks up in its query string or form, whatever it finds."""
    read: set[str] = set()
    originals = {m: getattr(MultiValueDict, m) for m in ("get", "getlist", "__getitem__")}

    def spy(method: Any) -> Any:
        def wrapper(self: Any, key: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(self, QueryDict) and isinstance(key, str):
                read.add(key)
            return method(self, key, *args, **kwargs)

        return wrapper

    with ExitStack() as stack:
        for name, method in originals.items():
            stack.enter_context(patch.object(MultiValueDict, name, spy(method)))
        yield read


def page_forms(client: Client, url: str) -> tuple[int, list[Form], set[str]]:
    """The page's status, its forms (an HTML page) and the query parameters its view reads."""
    with parameters_read() as read:
        response = client.get(url)
    read -= {"csrfmiddlewaretoken"}
    if "text/html" not in response.get("Content-Type", "") or response.status_code != 200:
        return response.status_code, [], read
    parser = FormParser()
    parser.feed(response.content.decode())
    return response.status_code, parser.forms, read


# -- what the database holds --------------------------------------------------------------------


def fingerprint() -> str:
    """Every row of the business tables (counts for the big master data)."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if not model.__module__.startswith("ntm."):
            continue
        label = model._meta.label
        if model._meta.app_label in ("units", "criteria"):
            digest.update(f"{label}:{model.objects.count()}".encode())
            continue
        for row in model.objects.order_by("pk").values_list():
            digest.update(repr((label, row)).encode())
    return digest.hexdigest()


def refused(response: Any) -> bool:
    """The app said no: a 4xx, an error message, or the form shown again with its errors."""
    if 400 <= response.status_code < 500:
        return True
    queued = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
    if any(m.level_tag == "error" for m in queued):
        return True
    return response.status_code == 200 and b"errorlist" in response.content


# -- the requests -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A request to fuzz: ``main`` for the officer's own objects (every field is tried), else
    a probe of another unit's or a missing id (a few values)."""

    role: str
    url: str
    method: str
    fields: tuple[tuple[str, str], ...]
    files: tuple[str, ...]
    main: bool = True


def targets(cb: CaoBang) -> list[Target]:
    """Every page as every role: its GET with query parameters and each of its POST forms."""
    arguments = route_arguments(cb)
    routes = dict(named_routes())
    missing = sorted(set(routes) - set(arguments))
    assert not missing, f"no ids to try for {missing}: add them to route_arguments"
    out: list[Target] = []
    for role, username in ROLES.items():
        client = Client()
        client.force_login(_user(username))
        for name in routes:
            for index, kwargs in enumerate(arguments[name]):
                url = reverse(name, kwargs=kwargs)
                status, forms, read = page_forms(client, url)
                # The officer's own page is fuzzed field by field; a refused or missing one
                # (404, 403, 405, a redirect) and other ids get a few values.
                # Django's own sign-in and password forms check a password hash at each try
                # (a fifth of a second): a few values only.
                main = index == 0 and status == 200 and not name.startswith("accounts:")
                query = tuple((p, "") for p in sorted(read))
                out.append(Target(role, url, "get", query, (), main))
                posted = False
                for form in forms:
                    if form.method == "get":
                        params = dict(query) | form.fields  # the filters, the year switch
                        out.append(Target(role, url, "get", tuple(params.items()), (), main))
                    elif (form.action or url).split("?")[0] == url:
                        posted = True
                        fields = tuple(form.fields.items())
                        out.append(Target(role, url, "post", fields, tuple(form.files), main))
                if not posted:
                    # Buttons posted from other pages (their fields are found below), or a GET page.
                    out.append(Target(role, url, "post", (), (), False))
        out.extend(_posting_forms(client, role, cb))
    return _dedupe(out)


def _posting_forms(client: Client, role: str, cb: CaoBang) -> list[Target]:
    """Forms that post elsewhere (workflow buttons, evidence, decisions, target communes)."""
    out = []
    pages = [
        reverse("assessments:commune_detail", args=[cb.commune]),
        reverse("assessments:commune_detail", args=[cb.commune]) + "?year=2018",
        reverse("assessments:entry", args=[cb.assessment("commune").pk]),
        reverse("plans:target_list"),
        reverse("reports:report_home"),
        reverse("reports:job_list"),
        reverse("interchange:import"),
    ]
    for page in pages:
        for form in page_forms(client, page)[1]:
            action = form.action.split("?")[0]
            if form.method != "post" or not action.startswith("/"):
                continue
            if action.startswith(("/accounts/logout", "/i18n/")):
                continue
            fields = tuple(form.fields.items())
            out.append(Target(role, action, "post", fields, tuple(form.files)))
    return out


def _dedupe(items: list[Target]) -> list[Target]:
    seen: dict[tuple[str, str, str, tuple[str, ...]], Target] = {}
    for t in items:
        key = (t.role, t.url, t.method, tuple(sorted(n for n, _v in t.fields)))
        if key not in seen or (t.main and not seen[key].main):
            seen[key] = t
    return list(seen.values())


def _user(username: str) -> Any:
    from django.contrib.auth.models import User

    return User.objects.get(username=username)


class Fuzzer:
    """Sends requests as one officer and keeps every failure (a 500 with where it was raised,
    or a refused form that wrote), so that a run lists them all."""

    def __init__(self, role: str) -> None:
        self.client = Client(raise_request_exception=False)
        self.client.force_login(_user(ROLES[role]))
        self.failures: list[str] = []
        self._raised: BaseException | None = None

    def __enter__(self) -> Fuzzer:
        got_request_exception.connect(self._record)
        return self

    def __exit__(self, *exc: object) -> None:
        got_request_exception.disconnect(self._record)

    def _record(self, sender: object, request: object = None, **kwargs: object) -> None:
        self._raised = sys.exc_info()[1]

    def send(self, target: Target, data: dict[str, Any], files: dict[str, Any]) -> None:
        before = fingerprint() if target.method == "post" else ""
        self._raised = None
        if target.method == "get":
            response = self.client.get(target.url, data)
        else:
            response = self.client.post(target.url, {**data, **files})
        where = f"{target.method.upper()} {target.url} {_short(data)}"
        if response.status_code >= 500:
            self.failures.append(f"{response.status_code} {where}: {_origin(self._raised)}")
        elif target.method == "post" and refused(response) and fingerprint() != before:
            self.failures.append(f"refused but written: {where}")

    def check(self) -> None:
        shown = "\n".join(sorted(set(self.failures), key=lambda f: f.rsplit(": ", 1)[-1])[:60])
        assert not self.failures, f"{len(self.failures)} failures:\n{shown}"


def _origin(exc: BaseException | None) -> str:
    """The exception and the last line of NTM's code it went through."""
    if exc is None:
        return "?"
    ours = [f for f in traceback.extract_tb(exc.__traceback__) if "/ntm/" in f.filename]
    place = f" at {ours[-1].filename.rsplit('/ntm/', 1)[1]}:{ours[-1].lineno}" if ours else ""
    return f"{type(exc).__name__}: {str(exc)[:100]}{place}"


def _short(data: dict[str, Any]) -> str:
    return repr({k: (v[:30] if isinstance(v, str) else v) for k, v in data.items()})[:300]


def _files(target: Target, seed: int) -> dict[str, Any]:
    return {name: hostile_files(name)[seed % 6] for name in target.files}


@pytest.fixture(scope="module")
def plan(cao_bang, django_db_blocker) -> list[Target]:
    with django_db_blocker.unblock():
        return targets(cao_bang)


def test_the_urlconf_is_covered(plan: list[Target]) -> None:
    """Every role reaches forms to post and pages to query, so the fuzzing has work to do."""
    assert {t.role for t in plan} == set(ROLES)
    posted = {t.url.split("/")[1] for t in plan if t.method == "post" and t.fields}
    assert {
        "assessments",
        "plans",
        "reports",
        "interchange",
        "accounts",
        "resources",
        "activities",
        "quality",
    } <= posted


#: How many hostile values each field gets in the pass below (the rest of the file's budget:
#: well under two minutes). Fields of one kind (``v_1_1``, ``v_2_1``…: one form field class)
#: share theirs, taking turns, and from form to form a field gets the next values, so every
#: value reaches every kind of field. The province officer, whose pages read the most, gives
#: every value to each query parameter a page reads.
PER_KIND = {"province": 5, "district": 3, "commune": 5, "viewer": 2}
PER_PAGE, PER_PROBE = 3, 1


def field_kind(name: str) -> str:
    return re.sub(r"\d+", "#", name)


@pytest.mark.parametrize("role", list(ROLES))
def test_each_field_alone_takes_hostile_values(role: str, plan: list[Target], db) -> None:
    """One field hostile, the others as the page filled them: the form gets past them."""
    with Fuzzer(role) as fuzzer:
        forms = [t for t in plan if t.role == role and t.main and t.fields]
        for n, target in enumerate(forms):
            own = dict(target.fields)
            kinds: dict[str, list[str]] = {}
            for name in own:
                if name != "csrfmiddlewaretoken":
                    kinds.setdefault(field_kind(name), []).append(name)
            if target.method == "get" and role == "province":
                per = len(HOSTILE) // 2  # a year or a unit gets the other half on the next page
            else:
                per = PER_KIND[role]
            for j, names in enumerate(kinds.values()):
                for k in range(per):
                    value = HOSTILE[(n * per + j + k) % len(HOSTILE)]
                    name = names[k % len(names)]
                    fuzzer.send(target, {**own, name: value}, _files(target, n + j + k))
            fuzzer.send(target, own, _files(target, n))
    fuzzer.check()


@pytest.mark.parametrize("role", list(ROLES))
def test_every_hostile_value_in_every_field_at_once(role: str, plan: list[Target], db) -> None:
    """Each value in all fields and query parameters; other units' and missing ids too."""
    with Fuzzer(role) as fuzzer:
        for n, target in enumerate(t for t in plan if t.role == role):
            names = [name for name, _v in target.fields]
            if target.method == "get":
                names = sorted(set(names) | set(QUERY_PARAMS))
            per = PER_PAGE if target.main else PER_PROBE
            for k in range(per):
                value = HOSTILE[(n * per + k) % len(HOSTILE)]
                fuzzer.send(target, dict.fromkeys(names, value), _files(target, k))
    fuzzer.check()


hostile = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=30),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.lists(st.sampled_from(HOSTILE[:12]), max_size=3),
)


@pytest.mark.parametrize("role", list(ROLES))
@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_values_mixed_with_the_pages_own(role: str, plan: list[Target], db, data) -> None:
    """Hypothesis picks a form and, field by field, the page's value or a hostile one."""
    forms = [t for t in plan if t.role == role and t.main and t.fields]
    with Fuzzer(role) as fuzzer:
        for _round in range(3):
            target = data.draw(st.sampled_from(forms))
            values = {
                name: data.draw(st.one_of(st.just(own), hostile), label=name)
                for name, own in target.fields
            }
            fuzzer.send(target, values, _files(target, data.draw(st.integers(0, 5))))
    fuzzer.check()


#: The public part (settings.NTM_PUBLIC_PATHS) that shows the programme's data without a login.
PUBLIC_DATA = ("/du-lieu-mo/", "/ocop/p/")


def test_anonymous_visitors_get_no_server_error_from_the_public_pages(
    plan: list[Target], db
) -> None:
    """Every public page (the ids above, other units' and missing ones) with each hostile value
    in every query parameter, GET and POST, as a visitor who is not logged in."""
    urls = sorted({t.url for t in plan if t.url.startswith(PUBLIC_DATA)})
    assert any(u.startswith("/du-lieu-mo/") for u in urls)
    client = Client(raise_request_exception=False)
    failures = []
    for url in urls:
        for value in HOSTILE:
            for method in (client.get, client.post):
                response = method(url, dict.fromkeys(QUERY_PARAMS, value))
                if response.status_code >= 500:
                    failures.append(f"{response.status_code} {url} {value!r:.40}")
    assert failures == []
