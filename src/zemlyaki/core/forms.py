"""Form helpers shared by the apps."""

from typing import Any

from django import forms
from django.utils.html import format_html


class FixedChoice(forms.HiddenInput):
    """The one possible value of a choice, sent as a hidden field and shown as text."""

    def __init__(self, text: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.text = text

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> Any:
        hidden = super().render(name, value, attrs, renderer)
        return format_html('{}<strong class="fixed-choice">{}</strong>', hidden, self.text)


def settle_single_choice(form: forms.BaseForm, name: str = "association") -> Any:
    """A required choice with exactly one possible object (a leader's only association) is
    made for the person: the object is preselected and shown as text, never a list to
    pick from. The field still validates what a request sends: any other value is
    refused as before. Returns the object, or None when there is a real choice."""
    field = form.fields.get(name)
    if not isinstance(field, forms.ModelChoiceField) or not field.required:
        return None
    objects = list(field.queryset[:2])  # type: ignore[index]
    if len(objects) != 1:
        return None
    field.empty_label = None
    field.widget = FixedChoice(field.label_from_instance(objects[0]))
    form.initial[name] = objects[0].pk
    return objects[0]
