"""The OCOP pages: the registry in scope, a product's ratings, expiring certificates, the public page.

Views are thin: selectors read (scoped: 404 outside the user's units), services
write and check role, scope and level again. The public page and its QR code
need no login (settings.NTM_PUBLIC_PATHS) and show only a product holding a
certificate in force.
"""

import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from ntm.accounts.scope import home_unit
from ntm.accounts.services import Action, can
from ntm.core.views import run_service
from ntm.ocop import rules, selectors, services
from ntm.ocop.forms import ProductForm, RatingForm, RevokeForm
from ntm.ocop.qr import qr_svg


def _today() -> datetime.date:
    return timezone.localdate()


class ProductListView(View):
    """The products of the user's units, their last rating and certificate; a commune registers."""

    template_name = "ocop/product_list.html"

    def _render(self, request: HttpRequest, form: ProductForm) -> HttpResponse:
        group = request.GET.get("group", "")
        group = group if group in rules.GROUPS else ""
        unit = home_unit(request.user)
        context: dict[str, Any] = {
            "rows": selectors.product_rows(user=request.user, on=_today(), group=group),
            "groups": [(code, _(name)) for code, name in rules.GROUPS.items()],
            "group": group,
            "form": form,
            "can_register": unit is not None and can(request.user, Action.OCOP_REGISTER, unit),
        }
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, ProductForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ProductForm(request.POST)
        unit = home_unit(request.user)
        if unit is None or not form.is_valid():
            return self._render(request, form)
        product = run_service(
            request, services.product_register, user=request.user, commune=unit, **form.cleaned_data
        )
        if product is None:
            return self._render(request, form)
        return redirect("ocop:product_detail", pk=product.pk)


class ProductDetailView(View):
    """A product, every rating of it (the history) and its certificates."""

    template_name = "ocop/product_detail.html"

    def get(
        self, request: HttpRequest, pk: int, rating_form: RatingForm | None = None
    ) -> HttpResponse:
        product = selectors.product_detail(user=request.user, pk=pk)
        if product is None:
            raise Http404("no such product in scope")
        today = _today()
        context = {
            "product": product,
            "group": _(rules.GROUPS[product.group]),
            "history": selectors.product_history(product=product, on=today),
            "can_precheck": product.dossier != product.Dossier.PRECHECKED
            and can(request.user, Action.OCOP_REGISTER, product),
            "can_rate": product.dossier == product.Dossier.PRECHECKED
            and can(request.user, Action.OCOP_RATE, product),
            "rating_form": rating_form or RatingForm(initial={"year": today.year}),
            "revoke_form": RevokeForm(initial={"on": today}),
            "public": selectors.public_product(pk=product.pk, on=today) is not None,
            "sheets": rules.SHEETS,
        }
        return render(request, self.template_name, context)


class ProductPrecheckView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        product = selectors.product_detail(user=request.user, pk=pk)
        if product is None:
            raise Http404("no such product in scope")
        run_service(request, services.product_precheck, user=request.user, product=product)
        return redirect("ocop:product_detail", pk=pk)


class RatingRecordView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        product = selectors.product_detail(user=request.user, pk=pk)
        if product is None:
            raise Http404("no such product in scope")
        form = RatingForm(request.POST)
        if not form.is_valid():
            return ProductDetailView().get(request, pk, rating_form=form)
        run_service(
            request, services.rating_record, user=request.user, product=product, **form.cleaned_data
        )
        return redirect("ocop:product_detail", pk=pk)


class CertificateRevokeView(View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        cert = selectors.certificate_detail(user=request.user, pk=pk)
        if cert is None:
            raise Http404("no such certificate in scope")
        form = RevokeForm(request.POST)
        if form.is_valid():
            run_service(
                request,
                services.certificate_revoke,
                user=request.user,
                certificate=cert,
                **form.cleaned_data,
            )
        else:
            messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
        return redirect("ocop:product_detail", pk=cert.rating.product_id)


class CertificateExpiringView(View):
    """Certificates of the user's units expiring within 90 days (30 days marked), by province and commune."""

    template_name = "ocop/certificate_expiring.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        today = _today()
        rows = selectors.certificates_expiring(user=request.user, on=today)
        return render(request, self.template_name, {"rows": rows, "today": today})


class PublicProductView(View):
    """The product's public page (no login): name, producer, commune, stars, certificate, validity."""

    template_name = "ocop/public_product.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        product = selectors.public_product(pk=pk, on=_today())
        if product is None:
            raise Http404("no certified product")
        context = {"p": product, "star_range": range(product["stars"])}
        return render(request, self.template_name, context)


class PublicQRView(View):
    """The QR code (SVG) that points to the public page, for the label on the package."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        if selectors.public_product(pk=pk, on=_today()) is None:
            raise Http404("no certified product")
        url = request.build_absolute_uri(reverse("ocop:public_product", args=[pk]))
        response = HttpResponse(qr_svg(url), content_type="image/svg+xml")
        response["Content-Disposition"] = f'inline; filename="ocop-{pk}.svg"'
        return response
