"""The import page's form: the files to upload and a note for the change log."""

import unicodedata
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ntm.interchange.limits import megabytes

ALLOWED_SUFFIXES = (".csv", ".xlsx", ".xlsm")
#: File names longer than this are refused (they are shown on the page and kept in the change log).
MAX_NAME = 200


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once (Django's documented pattern for ``multiple``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ALLOWED_SUFFIXES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


def upload_check(upload: Any, suffixes: tuple[str, ...] = ALLOWED_SUFFIXES) -> None:
    """Refuse an uploaded file NTM does not read: its name, its kind (``suffixes``: .csv and
    .xlsx unless told), its size."""
    name = upload.name or ""
    if len(name) > MAX_NAME or any(unicodedata.category(c) == "Cc" for c in name):
        raise ValidationError(
            _("Tên tệp dài quá %(m)s ký tự hoặc có ký tự điều khiển; hãy đổi tên tệp.")
            % {"m": MAX_NAME}
        )
    if not name.lower().endswith(suffixes):
        if suffixes == ALLOWED_SUFFIXES:
            raise ValidationError(_("Tệp “%(n)s”: chỉ nhận tệp .csv hoặc .xlsx.") % {"n": name})
        raise ValidationError(
            _("Tệp “%(n)s”: chỉ nhận tệp %(kinds)s.") % {"n": name, "kinds": ", ".join(suffixes)}
        )
    limit = settings.NTM_IMPORT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("Tệp “%(n)s” lớn quá %(m)s (NTM_IMPORT_MAX_BYTES).")
            % {"n": name, "m": megabytes(limit)}
        )


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Tệp số liệu"),
        help_text=_(
            "Tệp CSV hoặc Excel theo mẫu trao đổi, hoặc biểu mẫu Excel tải từ NTM; chọn được nhiều tệp."
        ),
    )
    reason = forms.CharField(
        label=_("Ghi chú (ghi vào nhật ký thay đổi)"),
        required=False,
        max_length=300,
    )

    def clean_files(self) -> list[Any]:
        files = self.cleaned_data["files"]
        for upload in files:
            upload_check(upload)
        return files
