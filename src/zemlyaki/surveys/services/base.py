"""Shared pieces of the survey writes: the editable fields, slugs, the answers check."""

from ..models import (
    Answer,
    Survey,
)

SURVEY_FIELDS = {
    "title", "intro", "mode", "opens_on", "closes_on", "is_published", "page_titles",
    "association", "is_demo", "slug",
}  # fmt: skip
QUESTION_FIELDS = {
    "page", "type", "title", "help_text", "required", "min_value", "max_value", "max_choices",
    "has_other", "min_label", "max_label", "condition_question", "condition_op",
    "condition_value", "profile_field",
}  # fmt: skip


def _unique_slug(base: str, exclude_pk: int | None = None) -> str:
    base = (base or "anketa")[:70]
    slug, n = base, 2
    qs = Survey.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def has_answers(survey: Survey) -> bool:
    return Answer.objects.filter(question__survey=survey).exists()
