from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.form_fields import choice_field, model_field
from zemlyaki.core.forms import settle_single_choice
from zemlyaki.registry.models import Association

from .models import DECADE_LABELS, DECADES, ActivityDirection, LexiconKind, ReportStatus

DECADE_CHOICES = [("", _("Все десятилетия"))] + [(d, DECADE_LABELS[d]) for d in DECADES]


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReportUploadForm(forms.Form):
    association = forms.ModelChoiceField(
        label=_("Землячество"),
        queryset=Association.objects.none(),
        empty_label=_("— выберите —"),
        error_messages={"required": _("Укажите землячество.")},
    )
    year_from = forms.IntegerField(
        label=_("Год отчёта"), error_messages={"required": _("Укажите год отчёта.")}
    )
    year_to = forms.IntegerField(
        label=_("Последний год (если отчёт за несколько лет)"), required=False
    )
    meeting_date = forms.DateField(
        label=_("Дата общего собрания"),
        required=False,
        widget=_DateInput(),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    title = forms.CharField(label=_("Заголовок"), required=False, max_length=300)
    file = forms.FileField(
        label=_("Файл отчёта"),
        required=False,
        help_text=_(
            "DOCX, DOC, ODT, RTF, PDF (в том числе скан), JPEG, PNG, TIFF или текст "
            "в любой русской кодировке (UTF-8, UTF-16, Windows-1251, KOI8-R)."
        ),
    )
    text = forms.CharField(
        label=_("…или текст отчёта, если он есть только на бумаге"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args: Any, associations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "association").queryset = associations
        settle_single_choice(self)


class BatchUploadForm(forms.Form):
    file = forms.FileField(
        label=_("ZIP-архив с отчётами"),
        error_messages={"required": _("Приложите ZIP-архив.")},
        help_text=_(
            "Имя каждого файла начинается с адреса землячества и содержит год: "
            "tambovskoe-zemlyachestvo_2005.docx. Либо положите в архив опись index.csv "
            "со столбцами: файл; землячество; год; по год; дата собрания."
        ),
    )
    association = forms.ModelChoiceField(
        label=_("Землячество по умолчанию"),
        queryset=Association.objects.none(),
        required=False,
        empty_label=_("— определять по имени файла —"),
    )

    def __init__(self, *args: Any, associations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "association").queryset = associations


class ReportFilterForm(forms.Form):
    q = forms.CharField(label=_("Слова в тексте"), required=False, max_length=200)
    association = forms.ChoiceField(label=_("Землячество"), required=False)
    decade = forms.ChoiceField(label=_("Десятилетие"), required=False, choices=DECADE_CHOICES)
    status = forms.ChoiceField(
        label=_("Статус"),
        required=False,
        choices=[("", _("Любой"))] + list(ReportStatus.choices),
    )

    def __init__(self, *args: Any, associations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "association").choices = [("", _("Все землячества"))] + [
            (a.slug, str(a)) for a in associations.order_by("name")
        ]


class AnalysisFilterForm(forms.Form):
    association = forms.ChoiceField(label=_("Землячество"), required=False)
    decade = forms.ChoiceField(label=_("Десятилетие"), required=False, choices=DECADE_CHOICES)
    direction = forms.ChoiceField(label=_("Направление"), required=False)

    def __init__(self, *args: Any, associations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "association").choices = [("", _("Все землячества"))] + [
            (a.slug, str(a)) for a in associations.order_by("name")
        ]
        choice_field(self, "direction").choices = [("", _("Все направления"))] + [
            (d.code, d.name) for d in ActivityDirection.objects.all()
        ]


class SearchForm(AnalysisFilterForm):
    q = forms.CharField(label=_("Что искать"), required=False, max_length=200)

    field_order = ["q", "association", "decade", "direction"]


class FindingReviewForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Решение"),
        choices=[("confirmed", _("Подтвердить")), ("rejected", _("Отклонить"))],
    )
    direction = forms.ModelChoiceField(
        label=_("Верное направление"),
        queryset=ActivityDirection.objects.all(),
        required=False,
        empty_label=_("— нет —"),
    )
    phrase = forms.CharField(
        label=_("Фраза-исключение"),
        required=False,
        max_length=200,
        help_text=_(
            "Если предложение содержит эту фразу, находка такого вида ему больше не "
            "присваивается. По умолчанию — сработавшая фраза."
        ),
    )


class LexiconEntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид"), choices=LexiconKind.choices)
    direction = forms.ModelChoiceField(
        label=_("Направление"),
        queryset=ActivityDirection.objects.all(),
        required=False,
        empty_label=_("— для признаков успеха и неудачи не нужно —"),
    )
    phrase = forms.CharField(
        label=_("Слово или фраза"),
        max_length=200,
        error_messages={"required": _("Введите слово или фразу.")},
        help_text=_("Сравнивается по начальным формам слов: «ветеранам» = «ветеран»."),
    )
    is_exclusion = forms.BooleanField(
        label=_("Исключение (фраза отменяет это направление или признак)"), required=False
    )


class LexiconFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Вид"), required=False, choices=[("", _("Все"))] + list(LexiconKind.choices)
    )
    direction = forms.ChoiceField(label=_("Направление"), required=False)
    q = forms.CharField(label=_("Фраза"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "direction").choices = [("", _("Все направления"))] + [
            (d.code, d.name) for d in ActivityDirection.objects.all()
        ]
