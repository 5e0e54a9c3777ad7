from django.urls import path

from ntm.ocop import views

app_name = "ocop"
urlpatterns = [
    path("", views.ProductListView.as_view(), name="product_list"),
    path("expiring/", views.CertificateExpiringView.as_view(), name="certificate_expiring"),
    path("<int:pk>/", views.ProductDetailView.as_view(), name="product_detail"),
    path("<int:pk>/precheck/", views.ProductPrecheckView.as_view(), name="product_precheck"),
    path("<int:pk>/rate/", views.RatingRecordView.as_view(), name="rating_record"),
    path(
        "certificates/<int:pk>/revoke/",
        views.CertificateRevokeView.as_view(),
        name="certificate_revoke",
    ),
    # Public (no login, settings.NTM_PUBLIC_PATHS): what the QR code on the package opens.
    path("p/<int:pk>/", views.PublicProductView.as_view(), name="public_product"),
    path("p/<int:pk>/qr.svg", views.PublicQRView.as_view(), name="public_qr"),
]
