"""Forms of programs, needs, pledges and transitions; errors in Russian beside fields."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zemlyaki.directions.models import Direction
from zemlyaki.governance.forms import PersonNumberField
from zemlyaki.governance.models import Body
from zemlyaki.registry.models import Association, Stakeholder

from . import selectors
from .models import ProgramStatus, ResourceNeed
from .units import ResourceKind, Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgramFilterForm(forms.Form):
    association = forms.ModelChoiceField(
        label=_("Землячество"),
        queryset=Association.objects.all(),
        required=False,
        empty_label=_("любое"),
    )
    direction = forms.ModelChoiceField(
        label=_("Направление"),
        queryset=Direction.objects.all(),
        required=False,
        empty_label=_("любое"),
    )
    status = forms.ChoiceField(
        label=_("Статус"), choices=[("", _("любой"))] + ProgramStatus.choices, required=False
    )
    year = forms.IntegerField(label=_("Год"), min_value=2024, max_value=2032, required=False)


class ProgramForm(forms.Form):
    title = forms.CharField(label=_("Название"), max_length=300)
    goals = forms.CharField(
        label=_("Цели"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    association = forms.ModelChoiceField(
        label=_("Землячество"),
        queryset=Association.objects.all(),
        required=False,
        empty_label=_("всё сообщество землячеств"),
    )
    directions = forms.ModelMultipleChoiceField(
        label=_("Направления"), queryset=Direction.objects.all(), required=False
    )
    start = forms.DateField(label=_("Начало"), widget=DATE)
    end = forms.DateField(label=_("Окончание"), widget=DATE)
    responsible_body = forms.ModelChoiceField(
        label=_("Ответственный орган"), queryset=Body.objects.all(), required=False
    )
    responsible_person = PersonNumberField(
        label=_("Ответственное лицо: номер участника"),
        required=False,
        help_text=_("Номер — число в адресе карточки участника: /people/123/."),
    )

    def __init__(self, *args: Any, user: Any, program: Any = None, **kwargs: Any) -> None:
        """``program``: the form changes it. Its association stays (it decides who may
        change the program); a responsible person the user does not see is kept when
        the field is left empty, without their number being shown."""
        self.keeps_hidden_person = False
        if program is not None:
            shown = selectors.shown_responsible(user, [program])
            self.keeps_hidden_person = bool(program.responsible_person_id) and not shown
            kwargs.setdefault(
                "initial",
                {
                    "title": program.title,
                    "goals": program.goals,
                    "directions": list(program.directions.all()),
                    "start": program.start,
                    "end": program.end,
                    "responsible_body": program.responsible_body_id,
                    "responsible_person": program.responsible_person_id if shown else None,
                },
            )
        super().__init__(*args, **kwargs)
        # Only the people the user sees, as in the API: a number of anyone else is
        # «not found», whether or not that person exists.
        field = cast(forms.ModelChoiceField, self.fields["responsible_person"])
        field.queryset = selectors.responsible_people(user)
        if program is not None:
            del self.fields["association"]
        if self.keeps_hidden_person:
            field.help_text = _(
                "Ответственное лицо назначено, но его карточка вам не видна: пустое поле "
                "оставляет его, номер другого участника — заменяет."
            )

    def changes(self) -> dict[str, Any]:
        """What the form changes in its program (``program_update``'s fields)."""
        data = dict(self.cleaned_data)
        data["directions"] = list(data.get("directions") or [])
        if self.keeps_hidden_person and data.get("responsible_person") is None:
            del data["responsible_person"]
        return data


class NeedForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид ресурса"), choices=ResourceKind.choices)
    description = forms.CharField(label=_("Описание"), required=False)
    quantity = forms.DecimalField(label=_("Количество"), max_digits=16, decimal_places=2)
    unit = forms.ChoiceField(label=_("Единица"), choices=Unit.choices)
    start = forms.DateField(label=_("Нужен с"), widget=DATE, required=False)
    end = forms.DateField(label=_("Нужен по"), widget=DATE, required=False)
    needed_by = forms.DateField(label=_("Нужен к дате"), widget=DATE, required=False)


class PledgeForm(forms.Form):
    """``givers`` are the stakeholders, associations and persons the user speaks for."""

    giver = forms.ChoiceField(label=_("Кто обещает"))
    need = forms.ModelChoiceField(
        label=_("Потребность"),
        queryset=ResourceNeed.objects.none(),
        required=False,
        empty_label=_("в программу в целом"),
    )
    kind = forms.ChoiceField(label=_("Вид ресурса"), choices=ResourceKind.choices, required=False)
    quantity = forms.DecimalField(label=_("Количество"), max_digits=16, decimal_places=2)
    unit = forms.ChoiceField(label=_("Единица"), choices=Unit.choices)
    start = forms.DateField(label=_("С"), widget=DATE, required=False)
    end = forms.DateField(label=_("По"), widget=DATE, required=False)
    conditions = forms.CharField(label=_("Условия"), required=False)
    contact = forms.CharField(label=_("Контакт"), max_length=300, required=False)

    def __init__(self, *args: Any, program: Any, givers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.givers = {f"{g._meta.model_name}:{g.pk}": g for g in givers}
        giver_field = cast(forms.ChoiceField, self.fields["giver"])
        giver_field.choices = [(key, str(g)) for key, g in self.givers.items()]
        cast(forms.ModelChoiceField, self.fields["need"]).queryset = program.needs.all()

    def giver_kwargs(self) -> dict[str, Any]:
        giver = self.givers[self.cleaned_data["giver"]]
        return {giver._meta.model_name: giver}


class TransitionForm(forms.Form):
    to = forms.ChoiceField(
        choices=[("confirmed", "confirmed"), ("delivered", "delivered"), ("withdrawn", "withdrawn")]
    )
    delivered_quantity = forms.DecimalField(
        label=_("Передано"), max_digits=16, decimal_places=2, required=False
    )
    evidence_file = forms.FileField(label=_("Документ или фото"), required=False)
    evidence_url = forms.URLField(label=_("Ссылка"), required=False)
    evidence_note = forms.CharField(label=_("Реквизиты документа"), required=False)


class StakeholderChoice(forms.Form):
    stakeholder = forms.ModelChoiceField(queryset=Stakeholder.objects.all())
