"""Pages of the public site and the help desk and their API twins."""

TWINS = {
    "publication_edit": "PUT /api/v1/associations/{slug}/publication",
    # the illustration of the news form is uploaded by its own operation (multipart)
    "news_create": ("POST /api/v1/news", "POST /api/v1/news/{slug}/image"),
    "news_edit": ("PATCH /api/v1/news/{slug}", "POST /api/v1/news/{slug}/image"),
    "event_place": "PUT /api/v1/events/{event_id}/place",
    "practice_create": "POST /api/v1/practices",
    "practice_accept": "POST /api/v1/practices/candidates/{finding_id}/accept",
    "help": "POST /api/v1/questions",
    "feedback": "POST /api/v1/feedback",
    "question_detail": (
        "POST /api/v1/questions/{question_id}/assign",
        "POST /api/v1/questions/{question_id}/publish",
    ),
}

EXEMPT = {
    "question_answer": (
        "Страница эксперта по личной ссылке из письма: эксперт может не иметь учётной "
        "записи и токена, ключ — сама ссылка (в базе только её хеш). Передать вопрос "
        "эксперту можно через POST /api/v1/questions/{question_id}/assign."
    ),
}
