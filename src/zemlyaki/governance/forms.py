from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.form_fields import choice_field, model_field
from zemlyaki.people.models import CandidateList, Person
from zemlyaki.registry.models import Stakeholder

from .models import Body, BodyKind, BodyMember
from .powers import POWERS
from .services import SCOPE_TYPES


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class BodyFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Вид органа"), required=False, choices=[("", _("Все виды")), *BodyKind.choices]
    )


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = ["kind", "name", "parent", "mandate", "formed_on", "term_until", "quorum_rule"]
        widgets = {
            "mandate": forms.Textarea(attrs={"rows": 5}),
            "formed_on": DateInput(),
            "term_until": DateInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = Body.objects.order_by("name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        model_field(self, "parent").queryset = parents


class PersonNumberField(forms.ModelChoiceField):
    """A person chosen by the number of their record (the list of people may be huge)."""

    widget = forms.NumberInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=Person.objects.all(),
            error_messages={
                "invalid_choice": _("Участник с таким номером не найден."),
                "required": _("Укажите номер участника."),
            },
            **kwargs,
        )


class MemberForm(forms.ModelForm):
    person = PersonNumberField(label=_("Номер участника"))
    basis = forms.CharField(
        label=_("Основание"),
        required=False,
        max_length=255,
        help_text=_(
            "Решение, по которому меняется состав: например, «Протокол круглого стола №1»."
        ),
    )

    class Meta:
        model = BodyMember
        fields = ["person", "position", "stakeholder", "since", "until"]
        widgets = {"since": DateInput(), "until": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "stakeholder").queryset = Stakeholder.objects.order_by("kind", "name")
        if self.instance.pk:
            del self.fields["person"]


class PowerForm(forms.Form):
    code = forms.ChoiceField(label=_("Полномочие"), choices=[])
    scope_type = forms.ChoiceField(
        label=_("Ограничить объектом"),
        required=False,
        choices=[("", _("без ограничения")), *SCOPE_TYPES.items()],
    )
    scope_id = forms.CharField(label=_("Номер объекта"), required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "code").choices = [(code, label) for code, label in POWERS.items()]


class CandidatesForm(forms.Form):
    candidate_list = forms.ModelChoiceField(
        label=_("Список кандидатов"), queryset=CandidateList.objects.none()
    )
    stakeholder = forms.ModelChoiceField(
        label=_("Представляют субъекта стратегии"),
        queryset=Stakeholder.objects.order_by("kind", "name"),
        required=False,
    )

    def __init__(self, *args: Any, candidate_lists: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "candidate_list").queryset = candidate_lists
