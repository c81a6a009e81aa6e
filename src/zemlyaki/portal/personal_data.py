"""What the portal holds about a person: questions to the help desk (name and address of
the asker). Erasure empties the name, address and the text; answered questions published
in the FAQ stay without their author, as they were shown."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy

from zemlyaki.core.registries import PersonalDataHolder

from .models import Question


def _questions(person: Any, user: Any) -> Any:
    match = Q(pk__in=[])
    if person.email:
        match |= Q(email__iexact=person.email)
    if user is not None:
        match |= Q(created_by=user)
        if getattr(user, "email", ""):
            match |= Q(email__iexact=user.email)
    return Question.objects.filter(match).order_by("created_at", "pk")


def questions_export(person: Any, user: Any) -> list[dict[str, Any]]:
    return [
        {
            "name": q.name,
            "email": q.email,
            "question": q.text,
            "asked_at": q.created_at.isoformat(),
            "status": q.get_status_display(),
        }
        for q in _questions(person, user)
    ]


def questions_erase(person: Any, user: Any, actor: Any) -> int:
    changed = 0
    for question in _questions(person, user):
        question.name = str(gettext_lazy("удалённый автор"))
        question.email = "erased@invalid"
        question.created_by = None
        question.client_key = ""
        if not question.is_public:
            question.text = ""
        question.save(update_fields=["name", "email", "created_by", "client_key", "text"])
        changed += 1
    return changed


HOLDERS = [
    PersonalDataHolder(
        "portal.questions", gettext_lazy("Вопросы в справочную службу"),
        questions_export, questions_erase,
    )
]  # fmt: skip
