"""Forms of the outline editor."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.form_fields import model_field

from .models import Section


class SectionAddForm(forms.Form):
    title = forms.CharField(
        label=_("Заголовок раздела"),
        max_length=300,
        error_messages={"required": _("Укажите заголовок раздела.")},
    )
    guidance = forms.CharField(
        label=_("Что должно быть в разделе"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    parent = forms.ModelChoiceField(
        label=_("Входит в раздел"),
        queryset=Section.objects.none(),
        required=False,
        empty_label=_("— верхний уровень —"),
    )

    def __init__(self, *args: Any, sections: list[Section] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [s.pk for s in sections or []]
        field = model_field(self, "parent")
        field.queryset = Section.objects.filter(pk__in=ids).order_by("order", "pk")
        field.label_from_instance = str  # type: ignore[method-assign,assignment]  # a label per form


class SectionRenameForm(forms.Form):
    title = forms.CharField(
        label=_("Заголовок раздела"),
        max_length=300,
        error_messages={"required": _("Укажите заголовок раздела.")},
    )
    guidance = forms.CharField(
        label=_("Что должно быть в разделе"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
