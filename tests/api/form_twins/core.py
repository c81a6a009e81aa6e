"""Pages of the site as a whole (Django's set_language has no namespace)."""

TWINS: dict[str, str] = {}

EXEMPT = {
    "set_language": (
        "Выбор языка хранится в cookie браузера; ответ API выбирает язык по заголовку "
        "Accept-Language каждого запроса."
    ),
}
