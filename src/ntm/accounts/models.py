"""Who a user is in the programme: their role and the administrative unit they work for."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ntm.units.models import AdminUnit


class Profile(models.Model):
    """An officer's role and unit; every scoped query goes through the unit (see core.scope)."""

    class Role(models.TextChoices):
        CENTRAL = "central", _("Trung ương")
        PROVINCE = "province", _("Cán bộ tỉnh")
        DISTRICT = "district", _("Cán bộ huyện")
        COMMUNE = "commune", _("Cán bộ xã")
        VIEWER = "viewer", _("Lãnh đạo (chỉ xem)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)
    unit = models.ForeignKey(
        AdminUnit, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("đơn vị")
    )

    class Meta:
        verbose_name = _("hồ sơ cán bộ")
        verbose_name_plural = _("hồ sơ cán bộ")

    def __str__(self) -> str:
        return f"{self.user.username} ({self.get_role_display()})"
