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

import rules
from django.db import models

from zemlyaki.core.errors import NotFound

M = TypeVar("M", bound=models.Model)


class VisibleQuerySet(models.QuerySet[M], Generic[M]):
    def visible_to(self, user: Any) -> "VisibleQuerySet[M]":
        raise NotImplementedError(f"{self.model.__name__} must define visible_to(user)")

    def admits(self, user: Any, obj: M) -> bool:
        """The same rule for one object: by default one indexed lookup through
        ``visible_to``. A model whose object pages are counted in queries may write the
        rule over the object's own fields instead; the agreement test holds the two
        together for every role."""
        return self.visible_to(user).filter(pk=obj.pk).exists()


class PublicQuerySet(VisibleQuerySet[M]):
    """Rows everyone reads, guests included (the registry, bodies, programs)."""

    def visible_to(self, user: Any) -> "PublicQuerySet[M]":
        return self.all()

    def admits(self, user: Any, obj: M) -> bool:
        return True


def signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


class SignedInQuerySet(VisibleQuerySet[M]):
    """Rows every signed-in, active user reads; guests none (plans)."""

    def visible_to(self, user: Any) -> "SignedInQuerySet[M]":
        return self.all() if signed_in(user) else self.none()

    def admits(self, user: Any, obj: M) -> bool:
        return signed_in(user)


def visible(model: type[M], user: Any) -> models.QuerySet[M]:
    """The rows of ``model`` that ``user`` may read (through the model's one rule)."""
    return _rule(model).visible_to(user)


def _rule(model: type[M]) -> VisibleQuerySet[M]:
    queryset = model._default_manager.all()
    if not isinstance(queryset, VisibleQuerySet):
        raise TypeError(f"{model.__name__} has no visible_to(user) rule")
    return queryset


def can_see(user: Any, obj: models.Model) -> bool:
    """The object predicate derived from the list rule (``VisibleQuerySet.admits``)."""
    if obj is None:
        return False
    return _rule(type(obj)).admits(user, obj)


# The per-model leaves of the rules (name → model), for the roles table to read the extent
# of a rule per role without an object (``rule_extent``).
LEAVES: dict[str, type[models.Model]] = {}


def visible_rule(model: type[models.Model]) -> Any:
    """``can_see`` for objects of ``model`` as a django-rules predicate (named
    ``visible_to:<app>.<model>``); without an object it does not hold."""
    name = f"visible_to:{model._meta.label_lower}"

    def predicate(user: Any, obj: Any = None) -> bool:
        return obj is not None and can_see(user, obj)

    LEAVES[name] = model
    return rules.predicate(predicate, name=name)


def rule_extent(model: type[models.Model], user: Any) -> bool | None:
    """What the rule gives ``user`` regardless of the rows: True — every row, False — none,
    None — it depends on the row (read from the query ``visible_to`` builds, no data)."""
    query = visible(model, user).query
    if query.is_empty():
        return False
    return None if query.where else True


@rules.predicate(name="no_object")
def no_object(user: Any, obj: Any = None) -> bool:
    return obj is None


def view_rule(model: type[models.Model], listing: Any = rules.always_deny) -> Any:
    """The ``app.view_x`` permission: with an object, the model's visibility rule; without
    one — may the user open the list at all — the ``listing`` predicate."""
    return visible_rule(model) | (no_object & listing)


def get_visible_or_404(model: type[M] | models.QuerySet[M], user: Any, **lookup: Any) -> M:
    """The object if it exists and the user may see it; otherwise ``NotFound`` (404, never a
    hint that a hidden object exists). ``model`` may be a queryset of the model (with its
    ``select_related``); the rule still applies."""
    queryset = model if isinstance(model, models.QuerySet) else _rule(model)
    if not isinstance(queryset, VisibleQuerySet):
        raise TypeError(f"{queryset.model.__name__} has no visible_to(user) rule")
    found = queryset.visible_to(user).filter(**lookup).first()
    if found is None:
        raise NotFound()
    return found
