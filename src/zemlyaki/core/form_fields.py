"""Typed access to the fields of a Django form that a form narrows at run time (its
choices, its queryset), so forms do not silence the type checker line by line."""

from typing import Any

from django import forms


def choice_field(form: Any, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is not a choice field")
    return field


def model_field(form: Any, name: str) -> forms.ModelChoiceField:  # type: ignore[type-arg]  # the model varies per form
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a model choice field")
    return field
