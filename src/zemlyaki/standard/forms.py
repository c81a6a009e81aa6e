from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.form_fields import model_field
from zemlyaki.core.forms import settle_single_choice
from zemlyaki.events.models import Event, EventStatus
from zemlyaki.registry.models import Association
from zemlyaki.reports.models import AnnualReport

from .models import AnswerKind, EvidenceKind, ReviewStatus


class AnswerForm(forms.Form):
    value = forms.CharField(label=_("Ответ"), required=False)
    comment = forms.CharField(
        label=_("Пояснение"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, criterion: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if criterion.answer_kind == AnswerKind.YES_NO:
            self.fields["value"] = forms.ChoiceField(
                label=_("Ответ"),
                required=False,
                choices=[("1", _("да")), ("0", _("нет"))],
                widget=forms.RadioSelect,
            )
        elif criterion.answer_kind == AnswerKind.LEVEL:
            self.fields["value"] = forms.ChoiceField(
                label=_("Уровень"),
                required=False,
                choices=[(str(i), f"{i} — {text}") for i, text in enumerate(criterion.levels)],
                widget=forms.RadioSelect,
            )
        else:
            self.fields["value"].widget = forms.TextInput(attrs={"inputmode": "decimal"})
            self.fields["value"].label = _("Число")


class EvidenceForm(forms.Form):
    """A file, a link, an event held on the platform in the assessment's year, or one of
    the association's annual reports in the archive."""

    kind = forms.ChoiceField(
        label=_("Вид подтверждения"),
        choices=[
            (EvidenceKind.FILE, _("файл")),
            (EvidenceKind.LINK, _("ссылка")),
            (EvidenceKind.EVENT, _("мероприятие на платформе")),
            (EvidenceKind.REPORT, _("годовой отчёт в архиве")),
        ],
    )
    file = forms.FileField(label=_("Файл"), required=False)
    url = forms.URLField(label=_("Ссылка"), required=False, assume_scheme="https")
    event = forms.ModelChoiceField(
        label=_("Мероприятие"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("выберите мероприятие"),
    )
    report = forms.ModelChoiceField(
        label=_("Годовой отчёт"),
        queryset=AnnualReport.objects.none(),
        required=False,
        empty_label=_("выберите отчёт"),
    )

    def __init__(
        self, *args: Any, association: Any = None, year: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if year is not None:
            events = Event.objects.filter(status=EventStatus.HELD, starts_at__year=year)
            model_field(self, "event").queryset = events.order_by("starts_at")
        if association is not None:
            reports = AnnualReport.objects.filter(association=association)
            model_field(self, "report").queryset = reports.order_by("-year_from")


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Ответ на замечание"), widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Решение"),
        choices=[
            (ReviewStatus.ACCEPTED, _("принято")),
            (ReviewStatus.LOWERED, _("принято с понижением")),
            (ReviewStatus.RETURNED, _("возвращено с замечанием")),
        ],
        widget=forms.RadioSelect,
    )
    accepted_value = forms.CharField(label=_("Принятое значение"), required=False)
    remark = forms.CharField(
        label=_("Замечание"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)


class StartForm(forms.Form):
    association: forms.ModelChoiceField[Association] = forms.ModelChoiceField(
        label=_("Землячество"), queryset=Association.objects.none(), empty_label=None
    )
    year = forms.IntegerField(label=_("Год"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, associations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "association").queryset = associations
        settle_single_choice(self)


class DeadlineForm(forms.Form):
    year = forms.IntegerField(label=_("Год"), min_value=2000, max_value=2100)
    deadline = forms.DateField(label=_("Срок"), widget=forms.DateInput(attrs={"type": "date"}))


class ExtensionForm(forms.Form):
    year = forms.IntegerField(label=_("Год"), min_value=2000, max_value=2100)
    association = forms.ModelChoiceField(
        label=_("Землячество"), queryset=Association.objects.order_by("name")
    )
    deadline = forms.DateField(
        label=_("Продлённый срок"), widget=forms.DateInput(attrs={"type": "date"})
    )
