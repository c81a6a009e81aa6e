import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.form_fields import choice_field
from zemlyaki.core.registries import linkable_choices, linkable_object
from zemlyaki.governance.models import Body
from zemlyaki.people.forms_access import consent_field
from zemlyaki.people.models import Person
from zemlyaki.registry.models import Stakeholder

from .models import DecisionEffect, Event, EventKind, MaterialPhase


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Вид"), required=False, choices=[("", _("Все виды")), *EventKind.choices]
    )
    when = forms.ChoiceField(
        label=_("Когда"),
        required=False,
        choices=[("", _("Все")), ("upcoming", _("Предстоящие")), ("past", _("Прошедшие"))],
    )


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "kind", "title", "starts_at", "ends_at", "place", "online_url", "organiser",
            "capacity", "description", "preparation", "questionnaire_url", "registration_open",
            "is_public", "status",
        ]  # fmt: skip
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "preparation": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]  # type: ignore[attr-defined]  # the DateTimeFields of this form


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Вопрос"), max_length=300)
    duration_minutes = forms.IntegerField(label=_("Минут"), min_value=1, max_value=600, initial=15)
    speaker = forms.CharField(label=_("Докладчик"), max_length=200, required=False)
    section = forms.ChoiceField(label=_("Раздел стратегии"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "section").choices = [
            ("", _("не относится к разделу")),
            *_agenda_sections(),
        ]

    def clean_section(self) -> Any:
        value = self.cleaned_data["section"]
        if not value:
            return None
        section = linkable_object("strategy.section", value)
        if section is None:
            raise forms.ValidationError(_("Раздел не найден."))
        return section

    def clean(self) -> dict[str, Any]:
        """The service takes what the item discusses as ``subject``."""
        data = super().clean() or {}
        data["subject"] = data.pop("section", None)
        return data


def _number_key(number: str) -> list[int]:
    return [int(part) for part in number.split(".") if part.isdigit()]


def _agenda_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """Sections still in the outline, grouped by document, in outline order (the strategy
    app is above this one: it offers its sections through the linkables registry)."""
    sections = linkable_choices("strategy.section", limit=500)
    groups: dict[Any, list[Any]] = {}
    for section in sections:
        groups.setdefault(section.document, []).append(section)
    return [
        (
            str(document),
            [(str(s.pk), str(s)) for s in sorted(items, key=lambda s: _number_key(s.number))],
        )
        for document, items in groups.items()
    ]


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Название"), max_length=300)
    phase = forms.ChoiceField(label=_("Когда"), choices=MaterialPhase.choices)
    url = forms.URLField(label=_("Ссылка"), required=False)
    file = forms.FileField(label=_("Файл"), required=False)


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Фамилия, имя, отчество"), max_length=200)
    email = forms.EmailField(label=_("Электронная почта"))
    consent = consent_field()


class InviteForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Участник (номер)"),
        queryset=Person.objects.all(),
        required=False,
        widget=forms.NumberInput,
        error_messages={"invalid_choice": _("Участник с таким номером не найден.")},
    )
    body = forms.ModelChoiceField(
        label=_("Весь орган"), queryset=Body.objects.order_by("name"), required=False
    )
    stakeholder = forms.ModelChoiceField(
        label=_("Представители субъекта стратегии"),
        queryset=Stakeholder.objects.order_by("kind", "name"),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [k for k in ("person", "body", "stakeholder") if data.get(k)]
        if len(chosen) != 1:
            raise forms.ValidationError(
                _("Выберите одно: участника, орган или субъекта стратегии.")
            )
        return data


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Протокол"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Текст решения"), widget=forms.Textarea(attrs={"rows": 4}))
    body = forms.ModelChoiceField(
        label=_("Орган, принимающий решение"),
        queryset=Body.objects.order_by("name"),
        required=False,
        help_text=_("Пусто — организатор мероприятия."),
    )
    present = forms.IntegerField(label=_("Присутствовали членов органа"), min_value=0)
    votes_for = forms.IntegerField(label=_("За"), min_value=0)
    votes_against = forms.IntegerField(label=_("Против"), min_value=0, initial=0)
    votes_abstained = forms.IntegerField(label=_("Воздержались"), min_value=0, initial=0)
    effect = forms.ChoiceField(label=_("Действие"), choices=DecisionEffect.choices)
    target = forms.ChoiceField(label=_("Объект решения"), required=False)
    position = forms.CharField(
        label=_("Согласованная позиция"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    tasks = forms.CharField(
        label=_("Задачи плана"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("По одной в строке: номер; название; срок ДД.ММ.ГГГГ."),
    )
    task_owner = forms.ModelChoiceField(
        label=_("Ответственный орган за задачи"),
        queryset=Body.objects.order_by("name"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[Any] = [("", _("—"))]
        for label, title in (
            ("plan.plan", _("Планы")),
            ("strategy.document", _("Документы")),
            ("strategy.section", _("Разделы стратегии")),
        ):
            objects = linkable_choices(label)
            if objects:
                choices.append((title, [(f"{label}:{o.pk}", str(o)) for o in objects]))
        choice_field(self, "target").choices = choices

    def clean_tasks(self) -> list[dict[str, Any]]:
        rows = []
        for n, line in enumerate(self.cleaned_data["tasks"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            try:
                number, title, due = parts
                due_date = datetime.datetime.strptime(due, "%d.%m.%Y").date()
            except ValueError:
                raise forms.ValidationError(
                    _("Строка %(n)s: нужно «номер; название; ДД.ММ.ГГГГ».") % {"n": n}
                )
            rows.append({"number": number, "title": title, "due_date": due_date.isoformat()})
        return rows

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        target_type, _sep, target_id = (data.get("target") or "").partition(":")
        payload: dict[str, Any] = {}
        if data["effect"] == DecisionEffect.CREATE_TASKS:
            owner = data.get("task_owner")
            payload["tasks"] = [
                {**row, "owner_body": owner.pk if owner else None} for row in data["tasks"]
            ]
        if data["effect"] == DecisionEffect.SECTION_POSITION:
            payload["position"] = data["position"]
        return {
            "text": data["text"],
            "body": data["body"],
            "present": data["present"],
            "votes_for": data["votes_for"],
            "votes_against": data["votes_against"] or 0,
            "votes_abstained": data["votes_abstained"] or 0,
            "effect": data["effect"],
            "target_type": target_type,
            "target_id": target_id,
            "payload": payload,
        }
