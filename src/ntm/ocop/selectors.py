"""Reads of the OCOP registry: lists in scope, expiring certificates, figures, the public page, export.

Selectors return plain rows (dicts and frozen dataclasses), aggregated in the
database; scoped reads take ``user=`` and go through ``accounts.scope``.
"""

import datetime
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.utils.translation import gettext as _

from ntm.accounts.scope import restrict
from ntm.evaluation.numbers import decimal_text
from ntm.ocop import rules
from ntm.ocop.models import Certificate, Product, Rating
from ntm.ocop.rules import OcopFigures
from ntm.units.models import AdminUnit
from ntm.units.selectors import all_versions, subtrees


def _state(cert: Certificate | None, on: datetime.date) -> str | None:
    if cert is None:
        return None
    return rules.certificate_state(issued_on=cert.issued_on, on=on, revoked_on=cert.revoked_on)


def products_in_scope(user: Any) -> QuerySet[Product]:
    return restrict(user, Product.objects.all(), unit_field="commune")


def product_rows(*, user: Any, on: datetime.date, group: str = "") -> list[dict[str, Any]]:
    """The products the user may see, each with its last rating and that rating's certificate."""
    qs = products_in_scope(user).select_related("commune", "commune__parent", "producer")
    if group:
        qs = qs.filter(group=group)
    last: dict[int, Rating] = {}
    ratings = Rating.objects.filter(product__in=qs).select_related("certificate").order_by("year")
    for rating in ratings:
        last[rating.product_id] = rating
    rows = []
    for p in qs.order_by("commune__name", "code"):
        rating = last.get(p.pk)
        cert = getattr(rating, "certificate", None) if rating is not None else None
        state = _state(cert, on)
        rows.append(
            {
                "pk": p.pk,
                "code": p.code,
                "name": p.name,
                "group": _(rules.GROUPS[p.group]),
                "commune": p.commune.name,
                "district": p.commune.parent.name if p.commune.parent else "",
                "producer": p.producer.name if p.producer else "",
                "dossier": p.get_dossier_display(),
                "year": rating.year if rating else None,
                "stars": rating.stars if rating else None,
                "certificate": cert.number if cert else "",
                "valid_until": cert.valid_until if cert else None,
                "state": state,
                "state_label": _(rules.STATE_NAMES[state]) if state else "",
            }
        )
    return rows


def product_detail(*, user: Any, pk: int) -> Product | None:
    """A product in the user's scope (None outside it: the page answers 404)."""
    return products_in_scope(user).select_related("commune", "producer").filter(pk=pk).first()


def product_history(*, product: Product, on: datetime.date) -> list[dict[str, Any]]:
    """Every rating of a product, oldest first, with its sheet, level and certificate state."""
    rows = []
    for r in product.ratings.select_related("certificate").order_by("year"):
        cert = getattr(r, "certificate", None)
        state = _state(cert, on)
        rows.append(
            {
                "rating": r,
                "sheet": rules.sheet_by_code(r.sheet).legal_basis,
                "level": _(rules.LEVEL_NAMES[r.level]),
                "certificate": cert,
                "state": state,
                "state_label": _(rules.STATE_NAMES[state]) if state else "",
            }
        )
    return rows


def _within(qs: QuerySet[Any], field_path: str, units: list[AdminUnit]) -> QuerySet[Any]:
    return qs.filter(subtrees(units, field_path))


def certificates_expiring(
    *,
    user: Any,
    on: datetime.date,
    days: int = rules.EXPIRING_DAYS[1],
    within: AdminUnit | None = None,
) -> list[dict[str, Any]]:
    """Certificates in force on ``on`` that expire within ``days`` (per province, district, commune)."""
    qs = restrict(
        user,
        Certificate.objects.filter(
            revoked_on__isnull=True,
            issued_on__lte=on,
            valid_until__gte=on,
            valid_until__lte=on + datetime.timedelta(days=days),
        ),
        unit_field="rating__product__commune",
    ).select_related("rating__product__commune__parent", "rating__product__commune__province")
    if within is not None:
        qs = _within(qs, "rating__product__commune", [within])
    rows = []
    for cert in qs.order_by("valid_until", "number"):
        product = cert.rating.product
        commune = product.commune
        state = _state(cert, on)
        assert state is not None
        rows.append(
            {
                "product_pk": product.pk,
                "product": product.name,
                "code": product.code,
                "stars": cert.rating.stars,
                "number": cert.number,
                "valid_until": cert.valid_until,
                "days_left": (cert.valid_until - on).days,
                "state": state,
                "state_label": _(rules.STATE_NAMES[state]),
                "commune": commune.name,
                "district": commune.parent.name if commune.parent else "",
                "province": commune.province.name if commune.province else "",
            }
        )
    return rows


def certificates_in_force(*, unit: AdminUnit, on: datetime.date) -> QuerySet[Certificate]:
    """The certificates of ``unit``'s products in force on ``on`` (what ``certified`` counts)."""
    return _within(
        Certificate.objects.filter(issued_on__lte=on, valid_until__gte=on).exclude(
            revoked_on__lte=on
        ),
        "rating__product__commune",
        [unit],
    )


def certified_products(*, unit: AdminUnit, on: datetime.date) -> list[dict[str, Any]]:
    """The products of ``unit`` holding a certificate in force on ``on``, as ``ocop_figures``
    counts them (``certified``): the open data's list, one row per certificate."""
    qs = certificates_in_force(unit=unit, on=on).select_related(
        "rating__product__commune__parent", "rating__product__producer"
    )
    rows = []
    for cert in qs.order_by("rating__product__commune__code", "rating__product__code"):
        product = cert.rating.product
        commune = product.commune
        rows.append(
            {
                "code": product.code,
                "name": product.name,
                "group": _(rules.GROUPS[product.group]),
                "producer": product.producer.name if product.producer else "",
                "commune_code": commune.code,
                "commune": commune.name,
                "district": commune.parent.name if commune.parent else "",
                "stars": cert.rating.stars,
                "year": cert.rating.year,
                "certificate": cert.number,
                "issued_on": cert.issued_on,
                "valid_until": cert.valid_until,
            }
        )
    return rows


def ocop_figures(*, unit: AdminUnit, year: int, on: datetime.date | None = None) -> OcopFigures:
    """The OCOP figures of ``unit`` (a province, district or commune and below) for ``year``,
    in three reads whatever the number of products (the dashboard and the report show them)."""
    on = on or rules.year_date(year)
    ratings = _within(Rating.objects.filter(year=year), "product__commune", [unit])
    by_stars: dict[int, int] = {}
    by_level: dict[str, int] = {}
    by_district: dict[str, int] = {}
    for row in ratings.values("stars", "level", "product__commune__parent__name").annotate(
        n=Count("pk")
    ):
        n = row["n"]
        by_stars[row["stars"]] = by_stars.get(row["stars"], 0) + n
        by_level[row["level"]] = by_level.get(row["level"], 0) + n
        district = row["product__commune__parent__name"] or ""
        by_district[district] = by_district.get(district, 0) + n
    first = (
        _within(Rating.objects.filter(stars__gte=rules.CERTIFIED_FROM), "product__commune", [unit])
        .values("product")
        .annotate(first=Min("year"))
        .filter(first=year)
    )
    in_force = certificates_in_force(unit=unit, on=on)
    soon = on + datetime.timedelta(days=rules.EXPIRING_DAYS[1])
    certified = in_force.aggregate(
        total=Count("pk"),
        expiring=Count("pk", filter=Q(valid_until__lte=soon)),
        districts=Count(
            "rating__product__commune__parent",
            filter=Q(rating__product__commune__parent__level=AdminUnit.Level.DISTRICT),
            distinct=True,
        ),
    )
    return OcopFigures(
        year=year,
        on=on,
        rated=sum(by_stars.values()),
        by_stars=dict(sorted(by_stars.items())),
        by_level=dict(sorted(by_level.items())),
        by_district=dict(sorted(by_district.items())),
        new=first.count(),
        certified=certified["total"],
        expiring=certified["expiring"],
        districts_certified=certified["districts"],
    )


def public_product(*, pk: int, on: datetime.date) -> dict[str, Any] | None:
    """What the package's label shows (no login): only a product with a certificate in force.

    A revoked or expired certificate, or a product never certified, gives None (404).
    """
    cert = (
        Certificate.objects.filter(
            rating__product_id=pk, revoked_on__isnull=True, issued_on__lte=on, valid_until__gte=on
        )
        .select_related("rating__product__commune__parent", "rating__product__producer")
        .order_by("-issued_on")
        .first()
    )
    if cert is None:
        return None
    product = cert.rating.product
    commune = product.commune
    return {
        "pk": product.pk,
        "code": product.code,
        "name": product.name,
        "group": _(rules.GROUPS[product.group]),
        "producer": product.producer.name if product.producer else "",
        "producer_kind": (
            _(rules.PRODUCER_KINDS.get(product.producer.kind, "")) if product.producer else ""
        ),
        "commune": commune.name,
        "district": commune.parent.name if commune.parent else "",
        "stars": cert.rating.stars,
        "year": cert.rating.year,
        "number": cert.number,
        "issued_on": cert.issued_on,
        "valid_until": cert.valid_until,
    }


def ocop_export_rows(
    *, province_code: str, years: list[int], within: AdminUnit | None = None
) -> list[dict[str, str]]:
    """A province's ratings of ``years`` as rows of the OCOP file, with ``stars`` and ``valid_until``."""
    units = [within] if within is not None else all_versions(code=province_code, level=1)
    qs = _within(Rating.objects.filter(year__in=years), "product__commune", units)
    qs = qs.select_related("product__commune", "product__producer", "certificate").order_by(
        "year", "product__code"
    )
    rows = []
    for r in qs:
        p = r.product
        cert = getattr(r, "certificate", None)
        rows.append(
            {
                "year": str(r.year),
                "product_code": p.code,
                "name": p.name,
                "commune_code": p.commune.code,
                "group": p.group,
                "score_a": decimal_text(r.score_a),
                "score_b": decimal_text(r.score_b),
                "score_c": decimal_text(r.score_c),
                "producer": p.producer.name if p.producer else "",
                "producer_type": p.producer.kind if p.producer else "",
                "stars": str(r.stars),
                "certificate_no": cert.number if cert else "",
                "certificate_date": cert.issued_on.strftime("%d/%m/%Y") if cert else "",
                "valid_until": cert.valid_until.strftime("%d/%m/%Y") if cert else "",
            }
        )
    return rows


def certificate_detail(*, user: Any, pk: int) -> Certificate | None:
    """A certificate in the user's scope (None outside it: 404)."""
    return (
        restrict(user, Certificate.objects.all(), unit_field="rating__product__commune")
        .select_related("rating__product__commune")
        .filter(pk=pk)
        .first()
    )
