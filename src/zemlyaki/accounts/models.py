import functools
from typing import Any

import rules
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


@functools.cache
def _platform_labels() -> frozenset[str]:
    return frozenset(app.rsplit(".", 1)[-1] for app in settings.ZEMLYAKI_APPS)


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("администратор")
    COORDINATOR = "coordinator", _("координатор")
    LEADER = "leader", _("руководитель землячества")
    MEMBER = "member", _("участник")


class User(AbstractUser):
    """A login. The global role answers questions about the registry and people;
    powers held through working bodies answer the rest."""

    role = models.CharField(_("роль"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    patronymic = models.CharField(_("отчество"), max_length=150, blank=True)
    is_demo = models.BooleanField(_("демонстрационная запись"), default=False)

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")

    def __str__(self) -> str:
        full = " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)
        return full or self.username

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        """The platform's own permissions are always decided by its rules, for superusers
        too: an administrator manages users and reference data, but sees personal data
        only through a role that allows it. Django's own permissions (admin, auth) keep
        the superuser shortcut."""
        if perm.split(".", 1)[0] in _platform_labels():
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    @property
    def is_coordinator(self) -> bool:
        return self.is_active and self.role == Role.COORDINATOR

    @property
    def is_administrator(self) -> bool:
        return self.is_active and (self.role == Role.ADMINISTRATOR or self.is_superuser)

    @property
    def is_leader(self) -> bool:
        return self.is_active and self.role == Role.LEADER


class ApiToken(models.Model):
    """A bearer token; only its SHA-256 hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("пользователь"),
    )
    name = models.CharField(_("назначение"), max_length=100, blank=True)
    prefix = models.CharField(_("начало токена"), max_length=12, db_index=True)
    key_hash = models.CharField(_("хеш"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("последнее использование"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("отозван"), null=True, blank=True)

    class Meta:
        verbose_name = _("токен API")
        verbose_name_plural = _("токены API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
