from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Audience, Connection, File, Folder, NotifyMode, Space

TEXT_HELP = _("Markdown: **жирный**, *курсив*, списки, > цитата. @имя — упомянуть участника.")


def _files_field(space: Space) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Файлы из библиотеки"),
        queryset=File.objects.filter(space=space).order_by("title"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class _PostFields(forms.Form):
    def __init__(self, *args: Any, space: Space, mentions_url: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.update(
            {"data-mentions": mentions_url, "rows": 6, "class": "mentions"}
        )
        self.fields["attachments"] = _files_field(space)
        self.fields["upload"] = forms.FileField(
            label=_("Приложить новый файл"),
            required=False,
            help_text=_("Файл попадёт в библиотеку пространства."),
        )


class ThreadForm(_PostFields):
    title = forms.CharField(label=_("Тема"), max_length=300)
    text = forms.CharField(label=_("Сообщение"), widget=forms.Textarea, help_text=TEXT_HELP)
    audience = forms.ChoiceField(
        label=_("Кто читает"), choices=Audience.choices, initial=Audience.BODY
    )
    target = forms.CharField(widget=forms.HiddenInput, required=False)


class PostForm(_PostFields):
    text = forms.CharField(label=_("Ответ"), widget=forms.Textarea, help_text=TEXT_HELP)
    quote_of = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class EditForm(forms.Form):
    text = forms.CharField(label=_("Текст"), widget=forms.Textarea(attrs={"rows": 8}))


class AudienceForm(forms.Form):
    audience = forms.ChoiceField(label=_("Кто читает"), choices=Audience.choices)


class UploadForm(forms.Form):
    upload = forms.FileField(label=_("Файл"))
    title = forms.CharField(label=_("Название"), max_length=300, required=False)
    folder = forms.ModelChoiceField(
        label=_("Папка"), queryset=Folder.objects.none(), required=False
    )
    note = forms.CharField(label=_("Что это"), max_length=300, required=False)

    def __init__(self, *args: Any, space: Space, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["folder"].queryset = Folder.objects.filter(space=space)  # type: ignore[attr-defined]


class VersionForm(forms.Form):
    upload = forms.FileField(label=_("Новая версия"))
    note = forms.CharField(label=_("Что изменилось"), max_length=300, required=False)


class FolderForm(forms.Form):
    name = forms.CharField(label=_("Новая папка"), max_length=200)


class NotifySettingsForm(forms.Form):
    mode = forms.ChoiceField(label=_("Письма об обсуждениях"), choices=NotifyMode.choices)


class ConnectionForm(forms.ModelForm):
    class Meta:
        model = Connection
        fields = ["chat_id", "token_name", "enabled"]
        help_texts = {
            "token_name": _(
                "Имя секрета из настройки ZEMLYAKI_MESSENGER_TOKENS (переменная окружения); "
                "сам токен платформа не хранит и не показывает."
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = sorted((getattr(settings, "ZEMLYAKI_MESSENGER_TOKENS", {}) or {}).keys())
        current = self.instance.token_name if self.instance else ""
        if current and current not in names:
            names.append(current)
        self.fields["token_name"] = forms.ChoiceField(
            label=_("Секрет с токеном бота"),
            choices=[("", "—")] + [(n, n) for n in names],
            help_text=self.Meta.help_texts["token_name"],
        )


class LinkForm(forms.Form):
    target = forms.ChoiceField(label=_("Привязать к объекту"))

    def __init__(self, *args: Any, choices: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]
