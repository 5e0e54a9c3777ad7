"""Forms of the plans page: the year's targets per appendix row, and the target communes."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.assessments.models import Recognition
from ntm.core.forms import VNDecimalField
from ntm.plans.rows import Row


def row_label(row: Row) -> str:
    """The row's label in the page's language (the catalogue's template, translated)."""
    template = _(row.template)
    return str(template % row.params if row.params else template)


def row_field(row_id: str) -> str:
    return "t_" + row_id.replace(".", "_")


class TargetsForm(forms.Form):
    """One input per appendix row (bình quân tiêu chí/xã, số xã đạt chuẩn, số xã đạt từng tiêu chí)."""

    reason = forms.CharField(
        label=_("Căn cứ, lý do thay đổi"),
        required=False,
        max_length=500,
        help_text=_("Ví dụ số, ngày của kế hoạch hoặc nghị quyết; được ghi vào nhật ký thay đổi."),
    )

    def __init__(self, *args: Any, rows: list[Row], values: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in rows:
            name = row_field(row.row_id)
            label = row_label(row)
            self.fields[name] = VNDecimalField(
                label=f"{row.row_id}. {label}",
                required=False,
                initial=values.get(row.row_id),
                max_digits=12,  # plans.Target.value
                decimal_places=2,
            )
            self.rows.append({"row": row, "name": name, "label": label})

    def changed_targets(self) -> list[tuple[str, Any]]:
        changed = set(self.changed_data)
        return [
            (item["row"].row_id, self.cleaned_data.get(item["name"]))
            for item in self.rows
            if item["name"] in changed
        ]


class TargetCommuneForm(forms.Form):
    commune = forms.TypedChoiceField(label=_("Xã"), coerce=int)
    title = forms.ChoiceField(label=_("Danh hiệu phấn đấu"), choices=Recognition.Title.choices)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=300)

    def __init__(self, *args: Any, communes: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [
            (c.pk, f"{c.name} ({c.parent.name})" if c.parent_id else c.name) for c in communes
        ]


class TargetCommuneRemoveForm(forms.Form):
    """Why a commune leaves the plan's list (kept in the change log)."""

    reason = forms.CharField(label=_("Lý do"), required=False, max_length=500)
