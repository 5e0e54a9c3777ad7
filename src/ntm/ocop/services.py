"""Writes of the OCOP registry: products, pre-checks, ratings, certificates, imports.

Every write checks role and scope (``accounts.services.ensure_can``) inside its
transaction and leaves a change record (``core.audit``). The stars are never
typed: they are computed from the part scores by the sheet in force that day
(``ocop.rules``). Re-rating a product in a later round adds a rating; the
earlier ones and their certificates stay (the history).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from ntm.accounts.services import Action, Role, ensure_can, state_rule
from ntm.assessments.models import Assessment, IndicatorValue
from ntm.assessments.services.evaluation import assessments_evaluate, indicator_value_write
from ntm.core.audit import change_record, snapshot
from ntm.core.errors import ApplicationError
from ntm.criteria.models import Indicator
from ntm.ocop import rules
from ntm.ocop.models import Certificate, Producer, Product, Rating
from ntm.units.models import AdminUnit

RATING_FIELDS = [
    "year",
    "rated_on",
    "sheet",
    "level",
    "score_a",
    "score_b",
    "score_c",
    "total",
    "stars",
]
CERTIFICATE_FIELDS = ["number", "issued_on", "valid_until", "revoked_on", "revoke_reason"]
PRODUCT_FIELDS = ["code", "name", "group", "commune", "producer", "dossier"]

#: The role whose officers rate at each level (ocop.rules.LEVELS); the centre rates everything.
LEVEL_ROLES = {
    rules.DISTRICT: Role.DISTRICT,
    rules.PROVINCE: Role.PROVINCE,
    rules.CENTRAL: Role.CENTRAL,
}


def _commune_check(commune: AdminUnit) -> None:
    if commune.kind != AdminUnit.Kind.COMMUNE:
        raise ApplicationError(
            _("%(unit)s không phải xã: sản phẩm OCOP gắn với một xã.") % {"unit": commune}
        )


def _producer(*, commune: AdminUnit, name: str, kind: str) -> Producer | None:
    name = " ".join(name.split())
    if not name:
        return None
    if kind and kind not in rules.PRODUCER_KINDS:
        raise ApplicationError(_("Loại chủ thể không rõ: %(kind)s.") % {"kind": kind})
    producer, created = Producer.objects.get_or_create(
        commune=commune, name=name, defaults={"kind": kind}
    )
    if not created and kind and producer.kind != kind:
        producer.kind = kind
        producer.save(update_fields=["kind"])
    return producer


@transaction.atomic
def product_register(
    *,
    user: Any,
    code: str,
    name: str,
    group: str,
    commune: AdminUnit,
    producer_name: str = "",
    producer_kind: str = "",
) -> Product:
    """A commune registers a product (đăng ký sản phẩm OCOP) with its group and producer."""
    ensure_can(user, Action.OCOP_REGISTER, commune)
    _commune_check(commune)
    code, name = code.strip(), " ".join(name.split())
    if not code or not name:
        raise ApplicationError(_("Cần mã và tên sản phẩm."))
    if group not in rules.GROUPS:
        raise ApplicationError(_("Nhóm sản phẩm không rõ: %(group)s.") % {"group": group})
    if Product.objects.filter(code=code).exists():
        raise ApplicationError(_("Đã có sản phẩm mã %(code)s.") % {"code": code})
    product = Product.objects.create(
        code=code,
        name=name,
        group=group,
        commune=commune,
        producer=_producer(commune=commune, name=producer_name, kind=producer_kind),
    )
    change_record(obj=product, action="create", user=user, after=snapshot(product, PRODUCT_FIELDS))
    return product


@transaction.atomic
def product_precheck(*, user: Any, product: Product) -> Product:
    """The commune has pre-checked the product's dossier (QĐ 1489/2025: communes pre-check)."""
    product = Product.objects.select_for_update().select_related("commune").get(pk=product.pk)
    ensure_can(user, Action.OCOP_REGISTER, product)
    if product.dossier == Product.Dossier.PRECHECKED:
        return product
    before = snapshot(product, ["dossier"])
    product.dossier = Product.Dossier.PRECHECKED
    product.save(update_fields=["dossier"])
    change_record(
        obj=product, action="update", user=user, before=before, after=snapshot(product, ["dossier"])
    )
    return product


def _level_refusal(role: str, level: str, what: str) -> None:
    if role == Role.CENTRAL or LEVEL_ROLES.get(level) == role:
        return
    raise ApplicationError(
        _("%(what)s do %(level)s đánh giá, không phải cấp của bạn.")
        % {"what": what, "level": rules.LEVEL_NAMES[level]}
    )


@state_rule(Rating)
def rating_rule(role: str, action: Action, rating: Rating) -> None:
    """Only the level that rates a product of these stars on that day records it (or the centre).

    ``rating`` may be unsaved: the rating about to be recorded, its level computed
    from its stars and date (ocop.rules.LEVELS), so that ``can()`` answers for it.
    """
    if action == Action.OCOP_RATE:
        _level_refusal(role, rating.level, _("Sản phẩm %(stars)s sao") % {"stars": rating.stars})


@state_rule(Certificate)
def certificate_rule(role: str, action: Action, cert: Certificate) -> None:
    """A certificate is revoked by the level that rated it (or the centre)."""
    if action == Action.OCOP_RATE:
        _level_refusal(role, cert.rating.level, _("Giấy chứng nhận %(n)s") % {"n": cert.number})


@dataclass(frozen=True)
class Scored:
    """What the rules make of a rating's scores: the sheet, stars, total and level."""

    sheet: rules.ScoreSheet
    result: rules.StarResult
    level: str
    on: datetime.date


def rating_score(
    *,
    year: int,
    score_a: Decimal,
    score_b: Decimal,
    score_c: Decimal,
    rated_on: datetime.date | None,
) -> Scored:
    """The sheet in force on the rating's date (31/12 of its year when only the year is known)."""
    on = rated_on or rules.year_date(year)
    for score in (score_a, score_b, score_c):
        exponent = score.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -2 and score != score.quantize(Decimal("0.01")):
            raise ApplicationError(_("Điểm có tối đa 2 chữ số thập phân."))
    try:
        sheet = rules.sheet_for(on)
        result = rules.stars_for(sheet, score_a, score_b, score_c)
    except ValueError as exc:
        raise ApplicationError(str(exc)) from exc
    return Scored(sheet, result, rules.level_for(result.stars, on), on)


def _rating_apply(rating: Rating, scored: Scored, a: Decimal, b: Decimal, c: Decimal) -> None:
    rating.sheet = scored.sheet.code
    rating.level = scored.level
    rating.score_a, rating.score_b, rating.score_c = a, b, c
    rating.total = scored.result.total
    rating.stars = scored.result.stars


def _certificate_set(
    rating: Rating, *, number: str, issued_on: datetime.date | None, user: Any, reason: str
) -> Certificate | None:
    number = number.strip()
    if not number:
        return None
    if rating.stars < rules.CERTIFIED_FROM:
        raise ApplicationError(
            _("Sản phẩm %(stars)s sao không được cấp giấy chứng nhận (từ 3 sao).")
            % {"stars": rating.stars}
        )
    if issued_on is None:
        raise ApplicationError(_("Giấy chứng nhận cần ngày cấp."))
    current = Certificate.objects.filter(rating=rating).first()
    values = {
        "number": number,
        "issued_on": issued_on,
        "valid_until": rules.valid_until(issued_on),
    }
    if current is None:
        cert = Certificate.objects.create(rating=rating, **values)
        change_record(
            obj=cert,
            action="create",
            user=user,
            after=snapshot(cert, CERTIFICATE_FIELDS),
            reason=reason,
        )
        return cert
    before = snapshot(current, CERTIFICATE_FIELDS)
    for name, value in values.items():
        setattr(current, name, value)
    if snapshot(current, CERTIFICATE_FIELDS) != before:
        current.save()
        change_record(
            obj=current,
            action="update",
            user=user,
            before=before,
            after=snapshot(current, CERTIFICATE_FIELDS),
            reason=reason,
        )
    return current


@transaction.atomic
def rating_record(
    *,
    user: Any,
    product: Product,
    year: int,
    score_a: Decimal,
    score_b: Decimal,
    score_c: Decimal,
    rated_on: datetime.date | None = None,
    certificate_no: str = "",
    certificate_date: datetime.date | None = None,
    reason: str = "",
) -> Rating:
    """The rating level records a round's part scores; the stars follow from the sheet's bands.

    The product's dossier must have been pre-checked by its commune. A rating of
    the same year is corrected in place (with its change record); a later year
    adds a rating, keeping the history.
    """
    product = Product.objects.select_for_update().select_related("commune").get(pk=product.pk)
    ensure_can(user, Action.OCOP_RATE, product)
    if product.dossier != Product.Dossier.PRECHECKED:
        raise ApplicationError(_("Hồ sơ sản phẩm chưa được xã kiểm tra trước, chưa thể đánh giá."))
    scored = rating_score(
        year=year, score_a=score_a, score_b=score_b, score_c=score_c, rated_on=rated_on
    )
    rating = Rating.objects.filter(product=product, year=year).first()
    before = snapshot(rating, RATING_FIELDS) if rating is not None else None
    if rating is None:
        rating = Rating(product=product, year=year)
    rating.rated_on = rated_on
    _rating_apply(rating, scored, score_a, score_b, score_c)
    ensure_can(user, Action.OCOP_RATE, rating)  # the level that rates these stars that day
    rating.recorded_by = user if getattr(user, "is_authenticated", False) else None
    rating.save()
    change_record(
        obj=rating,
        action="update" if before else "create",
        user=user,
        before=before,
        after=snapshot(rating, RATING_FIELDS),
        reason=reason,
    )
    _certificate_set(
        rating, number=certificate_no, issued_on=certificate_date, user=user, reason=reason
    )
    return rating


@transaction.atomic
def certificate_revoke(
    *, user: Any, certificate: Certificate, on: datetime.date, reason: str
) -> Certificate:
    """Revoke a certificate (thu hồi), e.g. after failing re-rating or not applying; a reason is required."""
    cert = (
        Certificate.objects.select_for_update()
        .select_related("rating__product__commune")
        .get(pk=certificate.pk)
    )
    ensure_can(user, Action.OCOP_RATE, cert)
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Cần ghi lý do thu hồi."))
    if cert.revoked_on is not None:
        raise ApplicationError(_("Giấy chứng nhận đã bị thu hồi."))
    if on < cert.issued_on:
        raise ApplicationError(_("Ngày thu hồi trước ngày cấp."))
    before = snapshot(cert, CERTIFICATE_FIELDS)
    cert.revoked_on, cert.revoke_reason = on, reason
    cert.save(update_fields=["revoked_on", "revoke_reason"])
    change_record(
        obj=cert,
        action="update",
        user=user,
        before=before,
        after=snapshot(cert, CERTIFICATE_FIELDS),
        reason=reason,
    )
    return cert


# --- import (called by interchange, which reads and checks the file) --------------------


@dataclass(frozen=True)
class RatingRow:
    """One checked row of an OCOP file (docs/ocop.md): a product, its producer, a round's scores."""

    year: int
    product_code: str
    name: str
    commune: AdminUnit
    group: str
    score_a: Decimal
    score_b: Decimal
    score_c: Decimal
    producer: str = ""
    producer_type: str = ""
    certificate_no: str = ""
    certificate_date: datetime.date | None = None


@dataclass
class ImportCounts:
    """What an OCOP import wrote: ratings created, changed, unchanged; products created."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    products_created: int = 0
    #: (row index, stars before or None when new, stars after) of every rating written.
    changes: list[tuple[int, str | None, str]] = field(default_factory=list)


def ratings_import(*, rows: list[RatingRow], user: Any = None, reason: str = "") -> ImportCounts:
    """Write checked OCOP rows inside the caller's (the import's) transaction.

    ``user`` None is a system job (``ntm import``); an officer needs
    ``ocop_rate`` on every row's commune (checked by the caller's planner too).
    A row identical to what is stored changes nothing, so an export read back
    changes nothing.
    """
    counts = ImportCounts()
    for index, row in enumerate(rows):
        product = Product.objects.select_for_update().filter(code=row.product_code).first()
        producer = _producer(commune=row.commune, name=row.producer, kind=row.producer_type)
        if product is None:
            product = Product.objects.create(
                code=row.product_code,
                name=row.name,
                group=row.group,
                commune=row.commune,
                producer=producer,
                dossier=Product.Dossier.PRECHECKED,
            )
            counts.products_created += 1
            change_record(
                obj=product,
                action="create",
                user=user,
                after=snapshot(product, PRODUCT_FIELDS),
                reason=reason,
            )
        else:
            before = snapshot(product, PRODUCT_FIELDS)
            product.name, product.group, product.commune = row.name, row.group, row.commune
            if producer is not None:
                product.producer = producer
            if snapshot(product, PRODUCT_FIELDS) != before:
                product.save()
                change_record(
                    obj=product,
                    action="update",
                    user=user,
                    before=before,
                    after=snapshot(product, PRODUCT_FIELDS),
                    reason=reason,
                )
        # A file gives the round's year, not the day of the council: the sheet in force on
        # 31/12 of that year applies (a 2022 round certified in 2023 was scored on QĐ 1048).
        rated_on = None
        scored = rating_score(
            year=row.year,
            score_a=row.score_a,
            score_b=row.score_b,
            score_c=row.score_c,
            rated_on=rated_on,
        )
        rating = Rating.objects.filter(product=product, year=row.year).first()
        before_rating = snapshot(rating, RATING_FIELDS) if rating is not None else None
        if rating is None:
            rating = Rating(product=product, year=row.year)
        rating.rated_on = rated_on
        _rating_apply(rating, scored, row.score_a, row.score_b, row.score_c)
        after = snapshot(rating, RATING_FIELDS)
        if before_rating == after:
            counts.unchanged += 1
        else:
            rating.recorded_by = user if getattr(user, "is_authenticated", False) else None
            rating.save()
            change_record(
                obj=rating,
                action="update" if before_rating else "create",
                user=user,
                before=before_rating,
                after=after,
                reason=reason,
            )
            if before_rating:
                counts.updated += 1
                before_text: str | None = (
                    f"{before_rating['total']} điểm, {before_rating['stars']}★"
                )
            else:
                counts.created += 1
                before_text = None
            counts.changes.append((index, before_text, f"{after['total']} điểm, {after['stars']}★"))
        _certificate_set(
            rating,
            number=row.certificate_no,
            issued_on=row.certificate_date,
            user=user,
            reason=reason,
        )
    return counts


@dataclass
class RegistryFill:
    """What ``registry_values_fill`` wrote: values changed, files re-evaluated, locked skipped."""

    values: int = 0
    files: int = 0
    locked: list[str] = field(default_factory=list)


@transaction.atomic
def registry_values_fill(*, province: AdminUnit, year: int, user: Any = None) -> RegistryFill:
    """Give the indicators that take their value from the OCOP registry
    (``Indicator.registry == "ocop_certified"``) each commune's count of products holding a
    certificate in force on 31/12 of ``year``, in every file of ``year`` within ``province``.

    A locked (appraised) file is left as it is and named; each value written has its change
    record, and the files are evaluated once.
    """
    if user is not None:
        ensure_can(user, Action.IMPORT, province)
    indicators = Indicator.objects.filter(registry="ocop_certified").select_related("criterion")
    by_set: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        by_set.setdefault(indicator.criterion.criteria_set_id, []).append(indicator)
    out = RegistryFill()
    if not by_set:
        return out
    on = rules.year_date(year)
    counts = dict(
        Certificate.objects.filter(
            issued_on__lte=on,
            valid_until__gte=on,
            rating__product__commune__path__startswith=province.path,
        )
        .exclude(revoked_on__lte=on)
        .values("rating__product__commune")
        .annotate(n=Count("rating__product", distinct=True))
        .values_list("rating__product__commune", "n")
    )
    files = (
        Assessment.objects.select_for_update(of=("self",))
        .filter(
            year=year, criteria_set_id__in=list(by_set), commune__path__startswith=province.path
        )
        .select_related("commune")
        .order_by("pk")
    )
    stored = {
        (v.assessment_id, v.indicator_id): v.value_number
        for v in IndicatorValue.objects.filter(
            assessment__in=files, indicator__registry="ocop_certified"
        )
    }
    changed: list[int] = []
    for file in files:
        if file.locked:
            out.locked.append(str(file))
            continue
        n = Decimal(counts.get(file.commune_id, 0))
        wrote = False
        for indicator in by_set[file.criteria_set_id]:
            key = (file.pk, indicator.pk)
            if key in stored and stored[key] == n:
                continue
            indicator_value_write(
                assessment=file, indicator_code=indicator.code, value=n, user=user
            )
            out.values += 1
            wrote = True
        if wrote:
            changed.append(file.pk)
    if changed:
        out.files = assessments_evaluate(assessment_ids=changed)
    return out
