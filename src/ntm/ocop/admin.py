from django.contrib import admin

from ntm.core.admin import ReadOnlyAdmin
from ntm.ocop.models import Certificate, Producer, Product, Rating


@admin.register(Producer)
class ProducerAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "commune"]


@admin.register(Product)
class ProductAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "group", "commune", "dossier"]
    list_filter = ["group", "dossier"]
    search_fields = ["code", "name"]


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["product", "year", "sheet", "level", "total", "stars"]
    list_filter = ["year", "stars", "level"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "rating", "issued_on", "valid_until", "revoked_on"]
