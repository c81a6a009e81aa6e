"""Forms of the coordinator: the goals of the strategy and an indicator with its targets."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.registries import measures
from zemlyaki.directions.models import Direction
from zemlyaki.governance.models import Body
from zemlyaki.programs.models import Program

from .models import Goal, Level, Source


class GoalsForm(forms.Form):
    goals = forms.CharField(
        label=_("Цели"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("По одной цели в строке, в порядке номеров."),
    )


class IndicatorForm(forms.Form):
    code = forms.CharField(label=_("Код"), max_length=20)
    name = forms.CharField(label=_("Наименование"), max_length=300)
    unit = forms.CharField(label=_("Единица измерения"), max_length=30)
    goal = forms.ModelChoiceField(
        label=_("Цель стратегии"), queryset=Goal.objects.none(), required=False
    )
    directions = forms.ModelMultipleChoiceField(
        label=_("Направления"), queryset=Direction.objects.order_by("name"), required=False
    )
    program = forms.ModelChoiceField(
        label=_("Программа"), queryset=Program.objects.all(), required=False
    )
    level = forms.ChoiceField(label=_("Уровень"), choices=Level.choices)
    owner_body = forms.ModelChoiceField(
        label=_("Ответственный орган"), queryset=Body.objects.all(), required=False
    )
    source = forms.ChoiceField(label=_("Источник фактических значений"), choices=Source.choices)
    measure = forms.ChoiceField(label=_("Мера платформы (для вычисляемых)"), required=False)
    method = forms.CharField(
        label=_("Методика расчёта"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    higher_is_better = forms.BooleanField(label=_("Лучше больше"), required=False, initial=True)
    allow_negative = forms.BooleanField(label=_("Допускает отрицательные значения"), required=False)
    baseline_year = forms.IntegerField(label=_("Базовый год"), required=False)
    baseline_value = forms.DecimalField(
        label=_("Базовое значение"), required=False, max_digits=16, decimal_places=2
    )
    baseline_source = forms.CharField(
        label=_("Источник базового значения"), max_length=300, required=False
    )
    targets = forms.CharField(
        label=_("Целевые значения"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "По одному в строке: «год: значение», например «2026: 120». Цель этапа — "
            "значение его последнего года."
        ),
    )
    public = forms.BooleanField(label=_("Показывать на открытом сайте"), required=False)

    def __init__(self, *args: Any, document: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(document=document)  # type: ignore[attr-defined]
        self.fields["measure"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (m.name, f"{m.label}, {m.unit} ({m.name})") for m in measures
        ]

    def clean_targets(self) -> dict[str, str]:
        result: dict[str, str] = {}
        for line in self.cleaned_data["targets"].splitlines():
            if not line.strip():
                continue
            year, sep, value = line.partition(":")
            if not sep or not year.strip().isdigit():
                raise forms.ValidationError(
                    _("Строка «%(line)s»: нужно «год: значение».") % {"line": line.strip()}
                )
            result[year.strip()] = value.strip()
        return result

    def fields_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("targets")
        data["measure"] = data.get("measure") or ""
        return data
