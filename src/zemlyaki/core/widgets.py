"""Widgets rendered in Python: Django's template-per-option select is slow on hot pages."""

import functools
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


@functools.lru_cache(maxsize=512)
def _options(choices: tuple[tuple[str, str], ...], selected: frozenset[str]) -> SafeString:
    selected_attr = mark_safe(" selected")
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((v, selected_attr if v in selected else "", label) for v, label in choices),
    )


class FastSelect(forms.Select):
    """A plain ``<select>`` (no option groups) rendered without a template per option;
    the option list is memoised by its choices and selection."""

    def render(  # type: ignore[override]  # a narrower signature than Widget.render
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = frozenset(str(v) for v in self.format_value(value))
        choices = tuple((str(v), str(label)) for v, label in self.choices)
        return format_html(
            "<select{}>{}</select>", flatatt(final_attrs), _options(choices, selected)
        )
