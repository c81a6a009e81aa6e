"""Forms of invitations, of the data subject's requests, and the consent box of public forms."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .consents import CONSENT_LABEL, CONSENT_REQUIRED, CURRENT_VERSION
from .invitations import check_password, check_username


def consent_field() -> forms.BooleanField:
    """The required consent box of a public form; the text above it is
    ``people/partials/_consent_text.html``."""
    return forms.BooleanField(
        label=CONSENT_LABEL,
        required=True,
        error_messages={"required": CONSENT_REQUIRED},
    )


CONSENT_VERSION = CURRENT_VERSION


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Электронная почта"),
        required=False,
        help_text=_("Пусто — на адрес из карточки."),
    )


class LinkUserForm(forms.Form):
    username = forms.CharField(label=_("Имя для входа существующей учётной записи"), max_length=150)


class AcceptNewUserForm(forms.Form):
    username = forms.CharField(
        label=_("Имя для входа"),
        max_length=150,
        help_text=_("Буквы, цифры и знаки @ . + - _; можно оставить адрес почты."),
    )
    password1 = forms.CharField(
        label=_("Пароль"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Пароль ещё раз"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, invitation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean_username(self) -> str:
        return check_username(self.cleaned_data["username"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Пароли не совпадают."))
        elif first:
            try:
                check_password(
                    invitation=self.invitation, username=data.get("username", ""), password=first
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ErasureRequestForm(forms.Form):
    comment = forms.CharField(
        label=_("Пояснение (необязательно)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("Я понимаю, что после удаления мой профиль и учётная запись будут закрыты"),
        required=True,
        error_messages={"required": _("Подтвердите, что понимаете последствия удаления.")},
    )


class ErasureDecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("carry_out", _("Удалить данные")), ("refuse", _("Отказать"))],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("Причина отказа"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
