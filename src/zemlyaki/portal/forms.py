from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.models import Region
from zemlyaki.core.selectors import reference_choices
from zemlyaki.core.widgets import FastSelect
from zemlyaki.directions.models import Direction
from zemlyaki.people.models import Person
from zemlyaki.registry.models import Association

from .models import NewsItem, NewsStatus, Publication


def direction_choices() -> list[tuple[str, str]]:
    return [(d.code, d.name) for d in Direction.objects.order_by("order", "name")]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Поиск по сайту"), required=False, max_length=200)


class NewsFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False, max_length=200)
    direction = forms.ChoiceField(label=_("Направление"), required=False, widget=FastSelect)
    region = forms.ChoiceField(label=_("Регион"), required=False, widget=FastSelect)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["direction"].choices = [("", _("Любое")), *direction_choices()]
        self.fields["region"].choices = [("", _("Любой")), *reference_choices()["regions"]]


class NewsForm(forms.ModelForm):
    association = forms.ModelChoiceField(
        label=_("От чьего имени"),
        queryset=Association.objects.none(),
        required=False,
        empty_label=_("Координационный совет"),
    )
    published_at = forms.DateTimeField(
        label=_("Дата и время публикации"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Пусто — сразу при публикации. Будущая дата — отложенная публикация."),
    )
    directions = forms.ModelMultipleChoiceField(
        label=_("Направления"),
        queryset=Direction.objects.order_by("order", "name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Регионы"),
        queryset=Region.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = NewsItem
        fields = ["association", "title", "lead", "body", "image", "image_alt", "status",
                  "published_at", "directions", "regions"]  # fmt: skip
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "status": forms.RadioSelect,
        }
        help_texts = {"body": _("Разрешены абзацы, списки, ссылки, таблицы и изображения.")}

    def __init__(self, *args, associations=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = associations or Association.objects.none()
        self.fields["status"].choices = NewsStatus.choices
        # The image is checked by the service (core rule of this app), not by ImageField.
        self.fields["image"] = forms.FileField(label=_("Иллюстрация"), required=False)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if not data.get("image"):
            data.pop("image", None)
        return data


class PublicationForm(forms.ModelForm):
    class Meta:
        model = Publication
        fields = ["show_contacts", "show_website", "leader_contact", "show_member_count",
                  "show_standard_score"]  # fmt: skip


class CalendarForm(forms.Form):
    month = forms.DateField(required=False, input_formats=["%Y-%m"])


class PracticeFilterForm(NewsFilterForm):
    pass


class PracticeForm(forms.Form):
    title = forms.CharField(label=_("Название"), max_length=300)
    description = forms.CharField(
        label=_("Краткое описание"), widget=forms.Textarea(attrs={"rows": 4})
    )
    association = forms.ModelChoiceField(
        label=_("Землячество"), queryset=Association.objects.order_by("name"), required=False
    )
    year = forms.IntegerField(label=_("Год"), required=False, min_value=1900, max_value=2100)
    direction = forms.ModelChoiceField(
        label=_("Направление"), queryset=Direction.objects.order_by("order", "name"), required=False
    )


class QuestionForm(forms.Form):
    name = forms.CharField(label=_("Ваше имя"), max_length=200)
    email = forms.EmailField(label=_("Электронная почта для ответа"))
    association = forms.ModelChoiceField(
        label=_("Землячество"),
        queryset=Association.objects.order_by("name"),
        required=False,
        empty_label=_("не указано"),
        widget=FastSelect,
    )
    topic = forms.ModelChoiceField(
        label=_("Тема"),
        queryset=Direction.objects.order_by("order", "name"),
        required=False,
        empty_label=_("другое"),
        widget=FastSelect,
    )
    text = forms.CharField(
        label=_("Вопрос"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
    publish_consent = forms.BooleanField(
        label=_("Согласен(на) на публикацию вопроса и ответа без моего имени и адреса"),
        required=False,
    )
    # A field people do not see: a robot that fills it is politely ignored.
    website = forms.CharField(label=_("Не заполняйте это поле"), required=False)


class AssignForm(forms.Form):
    expert = forms.ModelChoiceField(
        label=_("Эксперт"),
        queryset=Person.objects.filter(show_as_expert=True, erased_at__isnull=True)
        .exclude(email="")
        .order_by("last_name", "first_name"),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Ответ"), widget=forms.Textarea(attrs={"rows": 10}))


class FeedbackForm(forms.Form):
    name = forms.CharField(label=_("Ваше имя"), max_length=200)
    email = forms.EmailField(label=_("Электронная почта для ответа"))
    text = forms.CharField(
        label=_("Отзыв или предложение"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
    website = forms.CharField(label=_("Не заполняйте это поле"), required=False)


class EventPlaceForm(forms.Form):
    association = forms.ModelChoiceField(
        label=_("Землячество"), queryset=Association.objects.order_by("name"), required=False
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Регионы"),
        queryset=Region.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Пусто — регионы землячества."),
    )
