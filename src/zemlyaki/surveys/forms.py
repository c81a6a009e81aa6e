from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.form_fields import choice_field, model_field
from zemlyaki.core.forms import settle_single_choice
from zemlyaki.core.models import Region
from zemlyaki.governance.models import Body
from zemlyaki.registry.models import Association

from .models import ConditionOp, Question, QuestionType, Survey, SurveyMode


class SurveyFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False, max_length=200)
    state = forms.ChoiceField(
        label=_("Состояние"),
        required=False,
        choices=[("", _("Все")), ("published", _("Опубликованные")), ("draft", _("Черновики"))],
    )


class SurveyForm(forms.ModelForm):
    page_titles_text = forms.CharField(
        label=_("Названия страниц"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("По одному в строке: первая строка — страница 1 и т. д."),
    )

    class Meta:
        model = Survey
        fields = ["title", "intro", "mode", "opens_on", "closes_on", "is_published", "association"]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 4}),
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["page_titles_text"].initial = "\n".join(self.instance.page_titles or [])
        association = model_field(self, "association")
        if getattr(user, "role", None) != "coordinator":
            association.queryset = Association.objects.filter(leaders=user).order_by("name")
            association.required = True
            association.error_messages["required"] = _(
                "Руководитель создаёт анкеты своего землячества: выберите землячество."
            )
            settle_single_choice(self)
        else:
            association.queryset = Association.objects.order_by("name")

    def clean_page_titles_text(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["page_titles_text"].splitlines()]

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        titles = data.pop("page_titles_text")
        while titles and not titles[-1]:
            titles.pop()
        data["page_titles"] = titles
        return data


class TemplateForm(forms.Form):
    association = forms.ModelChoiceField(
        label=_("Землячество"), queryset=Association.objects.none(), required=False
    )
    mode = forms.ChoiceField(label=_("Режим"), choices=SurveyMode.choices)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = model_field(self, "association")
        if getattr(user, "role", None) != "coordinator":
            field.queryset = Association.objects.filter(leaders=user).order_by("name")
            field.required = True
            settle_single_choice(self)
        else:
            field.queryset = Association.objects.order_by("name")


class QuestionForm(forms.ModelForm):
    options_text = forms.CharField(
        label=_("Варианты ответа"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "По одному в строке. Строка N — вариант N: изменить строку значит переименовать "
            "вариант."
        ),
    )
    rows_text = forms.CharField(
        label=_("Строки матрицы"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Только для матрицы выбора; по одной в строке."),
    )

    class Meta:
        model = Question
        fields = [
            "page", "type", "title", "help_text", "required", "min_value", "max_value",
            "min_label", "max_label", "max_choices", "has_other", "condition_question",
            "condition_op", "condition_value", "profile_field",
        ]  # fmt: skip
        help_texts = {
            "min_value": _("Для числа — нижняя граница; для шкалы — 0 или 1."),
            "max_value": _("Для числа — верхняя граница; для шкалы — 5 или 10."),
            "condition_value": _("Для вопросов с вариантами — текст варианта."),
        }

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        earlier = survey.questions.order_by("page", "position", "id")
        if self.instance.pk:
            earlier = earlier.exclude(pk=self.instance.pk)
        field = model_field(self, "condition_question")
        field.queryset = earlier
        field.label_from_instance = lambda q: f"{q.page}.{q.position}. {q.title}"  # type: ignore[method-assign,assignment]  # a label per form
        choice_field(self, "condition_op").choices = [("", "—")] + list(ConditionOp.choices)
        instance = self.instance
        if instance.pk:
            options = list(instance.options.all())
            self.fields["options_text"].initial = "\n".join(
                o.title for o in options if not o.is_row
            )
            self.fields["rows_text"].initial = "\n".join(o.title for o in options if o.is_row)
            if instance.condition_question and instance.condition_value.isdigit():
                match = [
                    o
                    for o in instance.condition_question.options.all()
                    if str(o.pk) == instance.condition_value
                ]
                if match:
                    self.initial["condition_value"] = match[0].title
        if self.instance.type and self.instance.pk is None:
            self.initial.setdefault("type", QuestionType.SHORT_TEXT)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["options"] = data.pop("options_text").splitlines()
        data["rows"] = data.pop("rows_text").splitlines()
        return data


class ResultsFilterForm(forms.Form):
    association = forms.ModelChoiceField(
        label=_("Землячество"),
        queryset=Association.objects.none(),
        required=False,
        empty_label=_("все землячества"),
    )
    region = forms.ModelChoiceField(
        label=_("Малая родина"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("все регионы"),
    )
    q = forms.CharField(label=_("Поиск в текстовых ответах"), required=False, max_length=200)

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "association").queryset = Association.objects.filter(
            pk__in=survey.responses.values("association")
        ).order_by("name")
        model_field(self, "region").queryset = Region.objects.filter(
            pk__in=survey.responses.values("home_region")
        ).order_by("name")


class InviteForm(forms.Form):
    SOURCES = [
        ("association", _("Члены землячества")),
        ("body", _("Члены рабочего органа")),
        ("search", _("Результат поиска участников")),
    ]
    source = forms.ChoiceField(label=_("Кого пригласить"), choices=SOURCES)
    association = forms.ModelChoiceField(
        label=_("Землячество"), queryset=Association.objects.none(), required=False
    )
    body = forms.ModelChoiceField(
        label=_("Рабочий орган"), queryset=Body.objects.none(), required=False
    )
    q = forms.CharField(
        label=_("Поиск участников"),
        required=False,
        max_length=200,
        help_text=_("Фамилия, компетенция, интерес — как в поиске участников."),
    )

    def __init__(self, *args: Any, user: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if getattr(user, "role", None) == "coordinator":
            model_field(self, "association").queryset = Association.objects.order_by("name")
            model_field(self, "body").queryset = Body.objects.order_by("name")
        else:
            model_field(self, "association").queryset = Association.objects.filter(
                leaders=user
            ).order_by("name")
            model_field(self, "body").queryset = Body.objects.none()
            choice_field(self, "source").choices = [self.SOURCES[0], self.SOURCES[2]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source = data.get("source")
        if source == "association" and not data.get("association"):
            self.add_error("association", _("Выберите землячество."))
        if source == "body" and not data.get("body"):
            self.add_error("body", _("Выберите рабочий орган."))
        if source == "search" and not (data.get("q") or "").strip():
            self.add_error("q", _("Введите условие поиска."))
        return data


def parse_answers(questions: list[Question], data: QueryDict) -> dict[int, Any]:
    """Raw answers from the answering form, in the shape the API takes."""
    raw: dict[int, Any] = {}
    for q in questions:
        name = f"q{q.pk}"
        if q.type == QuestionType.MULTIPLE or q.is_vocabulary:
            chosen: list[Any] = [v for v in data.getlist(name) if v != "other"]
            if "other" in data.getlist(name):
                chosen.append(data.get(f"{name}_other", "").strip() or None)
            raw[q.pk] = chosen
        elif q.type == QuestionType.SINGLE:
            value = data.get(name, "")
            raw[q.pk] = data.get(f"{name}_other", "").strip() or None if value == "other" else value
        elif q.type == QuestionType.MATRIX:
            raw[q.pk] = {
                str(row.pk): data.get(f"{name}_r{row.pk}", "")
                for row in q.options.all()
                if row.is_row
            }
        else:
            raw[q.pk] = data.get(name, "")
    return raw
