from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zemlyaki.registry.models import Association

from .models import Level


class EntryForm(forms.Form):
    """An entered value; the service checks the numbers and the evidence (messages go
    next to the fields named ``period``, ``value``, ``association``, ``evidence``)."""

    period = forms.CharField(label=_("Год"), max_length=10)
    value = forms.CharField(
        label=_("Значение"), max_length=40, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    association = forms.ModelChoiceField(
        label=_("Землячество"),
        queryset=Association.objects.none(),
        required=False,
        empty_label=_("всё сообщество"),
    )
    evidence = forms.FileField(
        label=_("Файл подтверждения"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, ODT, картинка PNG/JPEG, до 20 МБ"),
    )
    evidence_url = forms.CharField(
        label=_("или ссылка на подтверждение"), max_length=500, required=False
    )
    comment = forms.CharField(
        label=_("Комментарий"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, indicator: Any, fixing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if indicator.level == Level.ASSOCIATION and not fixing:
            self.fields["association"].queryset = Association.objects.order_by("name")  # type: ignore[attr-defined]
        else:
            del self.fields["association"]
        if fixing:
            del self.fields["period"]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Решение"),
        choices=[("accepted", _("принять")), ("returned", _("вернуть с замечаниями"))],
        widget=forms.RadioSelect,
    )
    remarks = forms.CharField(
        label=_("Замечания"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StagesForm(forms.Form):
    stages = forms.CharField(
        label=_("Этапы"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("По одному этапу в строке: «2024–2026»."),
    )

    def periods(self) -> list[tuple[int, int]] | None:
        result = []
        for line in self.cleaned_data["stages"].splitlines():
            line = line.strip().replace("—", "-").replace("–", "-")
            if not line:
                continue
            parts = [p.strip() for p in line.split("-")]
            if len(parts) != 2 or not all(p.isdigit() for p in parts):
                self.add_error("stages", _("Строка «%(line)s»: нужно «год–год».") % {"line": line})
                return None
            result.append((int(parts[0]), int(parts[1])))
        return result
