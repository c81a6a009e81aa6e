"""Strategy pages (documents, sections, review, outline) and their API twins."""

TWINS = {
    "document_create": "POST /api/v1/documents",
    "document_edit": "PATCH /api/v1/documents/{pk}",
    "document_outline": "POST /api/v1/documents/{pk}/outline/sections",
    "document_reorder": "PUT /api/v1/documents/{pk}/outline/order",
    "section_edit": "PUT /api/v1/sections/{pk}",
    "section_settings": "PATCH /api/v1/sections/{pk}/settings",
    "section_move": "POST /api/v1/outline/sections/{pk}/move",
    "section_rename": "PATCH /api/v1/outline/sections/{pk}",
    "section_remove": "DELETE /api/v1/outline/sections/{pk}",
    "revision_restore": "POST /api/v1/sections/{pk}/revisions/{number}/restore",
    "comment_create": "POST /api/v1/sections/{pk}/comments",
    "comment_resolve": "POST /api/v1/comments/{pk}/resolve",
    "amendment_create": "POST /api/v1/sections/{pk}/amendments",
    "amendment_accept": "POST /api/v1/amendments/{pk}/accept",
    "amendment_reject": "POST /api/v1/amendments/{pk}/reject",
    "amendment_merge": "POST /api/v1/amendments/{pk}/merge",
    "section_transition": "POST /api/v1/sections/{pk}/transition",
    "position_record": "POST /api/v1/sections/{pk}/positions",
}

EXEMPT = {
    "section_draft": (
        "Автосохранение редактора в браузере: личный черновик без редакции и записи в "
        "журнале, чтобы не потерять набранное при закрытой вкладке. Программа-клиент "
        "сохраняет текст сразу редакцией (PUT /api/v1/sections/{pk}) с проверкой base_revision."
    ),
    "section_preview": (
        "Предпросмотр ничего не меняет: показывает, как будет выглядеть ещё не сохранённый "
        "текст в редакторе. Сохранённый текст раздела API отдаёт в GET /api/v1/sections/{pk}."
    ),
}
