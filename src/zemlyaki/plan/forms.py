from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.form_fields import choice_field, model_field
from zemlyaki.governance.models import Body

from . import selectors
from .importing import check_plan_file
from .models import Plan, Task, TaskStatus


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PlanFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False, max_length=200)


class TaskFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск по мероприятиям"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Состояние"), required=False, choices=[("", _("Любое")), *TaskStatus.choices]
    )
    problems = forms.BooleanField(label=_("Только с замечаниями"), required=False)


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["title", "description", "is_main"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class TaskChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class TaskForm(forms.ModelForm):
    depends_on = TaskChoiceField(
        label=_("Зависит от"),
        queryset=Task.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    reason = forms.CharField(
        label=_("Причина переноса срока"),
        required=False,
        max_length=500,
        help_text=_("План утверждён: перенос срока попадёт в историю изменений."),
    )

    class Meta:
        model = Task
        fields = [
            "number", "title", "description", "owner_body", "owner_person", "start_date",
            "due_date", "status", "depends_on", "follows_previous",
        ]  # fmt: skip
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "start_date": DateInput(),
            "due_date": DateInput(),
        }

    def __init__(self, *args: Any, plan: Plan, approved: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        tasks = Task.objects.filter(plan=plan).order_by("position", "id")
        if self.instance.pk:
            tasks = tasks.exclude(pk=self.instance.pk)
        model_field(self, "depends_on").queryset = tasks
        model_field(self, "owner_body").queryset = Body.objects.order_by("name")
        model_field(self, "owner_person").queryset = selectors.owner_candidates(
            self.instance.owner_person_id
        )
        if not approved:
            del self.fields["reason"]

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["depends_on"] = list(data.get("depends_on") or [])
        return data


class ResultForm(forms.Form):
    title = forms.CharField(label=_("Название документа"), max_length=300)
    url = forms.URLField(label=_("Ссылка"), required=False)
    file = forms.FileField(label=_("Файл"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Файл плана"),
        required=False,
        help_text=_(
            "Текст (.txt) с пунктами «1. Название - ДД.ММ.ГГГГ;», YAML (.yaml) или "
            "таблица XLSX (.xlsx)."
        ),
    )
    text = forms.CharField(
        label=_("Или вставьте текст плана"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    title = forms.CharField(
        label=_("Название плана"),
        required=False,
        max_length=300,
        help_text=_("Если не указано, берётся из файла."),
    )
    is_main = forms.BooleanField(label=_("Сделать основным планом"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload is None:
            return None
        try:
            check_plan_file(upload.name, upload.size)
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["file"]) from None
        return upload

    def clean(self) -> Any:
        data = super().clean() or {}
        has_file = bool(data.get("file"))
        has_text = bool((data.get("text") or "").strip())
        if not self.errors and has_file == has_text:
            message = (
                _("Загрузите файл или вставьте текст, но не то и другое сразу.")
                if has_file
                else _("Загрузите файл или вставьте текст плана.")
            )
            self.add_error("file", message)
        return data

    def content(self) -> tuple[str, bytes]:
        """``(file name, bytes)`` of the upload or of the pasted text."""
        upload = self.cleaned_data.get("file")
        if upload is not None:
            return upload.name, upload.read()
        return "plan.txt", self.cleaned_data["text"].encode("utf-8")


class ImportConfirmForm(forms.Form):
    """The preview's own fields: the signed plan, its title and whether it is the main one."""

    payload = forms.CharField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Название плана"), max_length=300)
    is_main = forms.BooleanField(label=_("Сделать основным планом"), required=False)


class ImportTaskForm(forms.Form):
    """What a person may change for one previewed task before it is saved."""

    owner_body = forms.TypedChoiceField(
        label=_("Ответственный орган"), coerce=int, required=False, empty_value=None
    )
    due_date = forms.DateField(label=_("Срок"), required=False, widget=DateInput())

    def __init__(self, *args: Any, bodies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The bodies are read once for the whole preview, not once per task.
        choice_field(self, "owner_body").choices = [("", _("— не назначен —")), *bodies]


ImportTaskFormSet = forms.formset_factory(ImportTaskForm, extra=0, max_num=5000, absolute_max=5000)
