from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from zemlyaki.core.form_fields import model_field

from . import markup
from .models import Document, DocumentKind, Section, SectionStatus, Stance


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "title", "period_from", "period_to", "reviewing_body"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["kind"]


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Вид"), required=False, choices=[("", _("Все виды"))] + list(DocumentKind.choices)
    )


# What the visual editor offers; whatever it produces is cleaned by ``markup.clean``
# (nh3 with the same short list of tags) before it is stored.
EDITOR_EXTENSIONS: dict[str, Any] = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Underline": True,
    "Superscript": True,
    "Subscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "LiveInsert": True,
    "NoSpellCheck": False,  # the browser's spelling check helps
}


def text_field(label: Any) -> ProseEditorFormField:
    return ProseEditorFormField(
        label=label,
        required=False,
        strip=False,
        config={"extensions": EDITOR_EXTENSIONS},
        sanitize=markup.clean,
    )


class SectionTextForm(forms.Form):
    text = text_field(_("Текст раздела"))
    comment = forms.CharField(label=_("Что изменено"), required=False, max_length=300)
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SectionSettingsForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "guidance", "owner", "owner_body", "deadline", "plan_task"]
        widgets = {
            "guidance": forms.Textarea(attrs={"rows": 4}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "plan_task": forms.NumberInput,
        }
        help_texts = {
            "plan_task": _("Номер мероприятия плана; его срок становится сроком раздела."),
        }
        error_messages = {
            "plan_task": {"invalid_choice": _("Мероприятие плана не найдено.")},
        }


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Замечание"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Напишите замечание.")},
    )
    paragraph = forms.IntegerField(label=_("Абзац"), required=False, min_value=0)
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)
    mentions: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Упомянуть"), required=False, queryset=None, widget=forms.SelectMultiple(
            attrs={"size": 4}
        )
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .selectors import people_for_mentions

        model_field(self, "mentions").queryset = people_for_mentions()


class AmendmentForm(forms.Form):
    paragraph = forms.IntegerField(label=_("Абзац"), min_value=0)
    proposed = forms.CharField(
        label=_("Предлагаемый текст абзаца"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Напишите предлагаемый текст абзаца.")},
    )
    justification = forms.CharField(
        label=_("Обоснование"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Обоснуйте поправку.")},
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина отклонения"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Укажите причину отклонения.")},
    )


class MergeForm(forms.Form):
    text = text_field(_("Текст раздела с учётом поправки"))
    base_revision = forms.IntegerField(widget=forms.HiddenInput)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=SectionStatus.choices)
    comment = forms.CharField(label=_("Комментарий"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}
    ))  # fmt: skip
    deadline = forms.DateField(
        label=_("Срок рассмотрения"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_deadline(self) -> Any:
        value = self.cleaned_data.get("deadline")
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("Срок рассмотрения не может быть в прошлом."))
        return value


class PositionForm(forms.Form):
    stance = forms.ChoiceField(
        label=_("Позиция"), choices=Stance.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Выберите позицию.")},
    )  # fmt: skip
    text = forms.CharField(
        label=_("Пояснение"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
