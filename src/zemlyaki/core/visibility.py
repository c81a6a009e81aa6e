"""One visibility rule per model.

A model that has readers gives its queryset one method, ``visible_to(user)``: the rows the
user may read. Lists, the API, exports and search filter through it; the object
predicate ``can_see(user, obj)`` is derived from the same rule, so the two cannot disagree.

    class IndicatorQuerySet(VisibleQuerySet["Indicator"]):
        def visible_to(self, user: AbstractBaseUser | AnonymousUser | None) -> "IndicatorQuerySet":
            if is_coordinator(user):
                return self
            return self.filter(public=True)

    class Indicator(Stamped):
        objects = IndicatorQuerySet.as_manager()

A test per app calls ``tests.support.visibility.assert_agrees`` for every role of the
matrix: each object is in ``visible_to(user)`` exactly when ``can_see(user, obj)`` holds
(and when the object's page answers 200 rather than 404).
"""

from typing import Any, Generic, TypeVar

from django.db import models

from zemlyaki.core.errors import NotFound

M = TypeVar("M", bound=models.Model)


class VisibleQuerySet(models.QuerySet[M], Generic[M]):
    def visible_to(self, user: Any) -> "VisibleQuerySet[M]":
        raise NotImplementedError(f"{self.model.__name__} must define visible_to(user)")


def visible(model: type[M], user: Any) -> models.QuerySet[M]:
    """The rows of ``model`` that ``user`` may read (through the model's one rule)."""
    queryset = model._default_manager.all()
    method = getattr(queryset, "visible_to", None)
    if method is None:
        raise TypeError(f"{model.__name__} has no visible_to(user) rule")
    result: models.QuerySet[M] = method(user)
    return result


def can_see(user: Any, obj: models.Model) -> bool:
    """The object predicate derived from the list rule: one indexed lookup."""
    return visible(type(obj), user).filter(pk=obj.pk).exists()


def get_visible_or_404(model: type[M], user: Any, **lookup: Any) -> M:
    """The object if it exists and the user may see it; otherwise 404 (never a hint that a
    hidden object exists)."""
    try:
        return visible(model, user).get(**lookup)
    except model.DoesNotExist as exc:  # type: ignore[attr-defined]
        raise NotFound() from exc
