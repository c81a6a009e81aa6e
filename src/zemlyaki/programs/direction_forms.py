"""Forms of the directions catalogue, kept by the coordinator."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.models import Region
from zemlyaki.directions.models import Direction, DirectionLevel
from zemlyaki.people.models import Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DirectionForm(forms.Form):
    code = forms.SlugField(
        label=_("Код"),
        max_length=40,
        help_text=_("Латинские буквы, цифры, дефис: например, youth-support."),
    )
    name = forms.CharField(label=_("Название"), max_length=200)
    level = forms.ChoiceField(label=_("Уровень"), choices=DirectionLevel.choices)
    parent = forms.ModelChoiceField(
        label=_("Входит в"),
        queryset=Direction.objects.all(),
        required=False,
        empty_label=_("верхний уровень"),
    )
    region = forms.ModelChoiceField(
        label=_("Регион (для регионального уровня)"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("не указан"),
    )
    order = forms.IntegerField(label=_("Порядок"), min_value=0, max_value=32767, initial=0)
    description = forms.CharField(
        label=_("Описание"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class SourceForm(forms.Form):
    title = forms.CharField(label=_("Название документа"), max_length=500)
    number = forms.CharField(label=_("Номер"), max_length=60, required=False)
    date = forms.DateField(label=_("Дата"), widget=DATE, required=False)
    url = forms.URLField(label=_("Адрес"), max_length=500, required=False, assume_scheme="https")


class RepresentativeForm(forms.Form):
    """Only a person with an account can act for a stakeholder, so only they are offered."""

    person = forms.ModelChoiceField(
        label=_("Участник с учётной записью"),
        queryset=Person.objects.filter(user__isnull=False).order_by("last_name", "first_name"),
        empty_label=_("выберите участника"),
    )
    position = forms.CharField(label=_("Должность"), max_length=200, required=False)
