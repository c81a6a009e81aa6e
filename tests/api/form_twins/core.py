"""Pages of the site as a whole (Django's set_language has no namespace)."""

TWINS: dict[str, str] = {}

EXEMPT = {
    "set_language": (
        "Переключатель языка только ставит cookie языка в браузере, данных не меняет. "
        "API по умолчанию отвечает по-русски; программа-клиент, которой нужен английский, "
        "присылает ту же cookie с каждым запросом."
    ),
}
