import pytest

from zemlyaki.accounts.models import ApiToken
from zemlyaki.accounts.services import token_authenticate, token_create, user_anonymize
from zemlyaki.core.models import AuditEntry

from .factories import UserFactory


@pytest.mark.django_db
def test_anonymized_login_keeps_no_name_address_password_or_token(coordinator):
    user = UserFactory(username="olga@example.org", email="olga@example.org", last_name="Землякова")
    _token, key = token_create(user=user)
    user_anonymize(actor=coordinator, user=user)
    user.refresh_from_db()
    assert (user.username, user.email, user.last_name, user.is_active) == (
        f"erased-{user.pk}",
        "",
        "",
        False,
    )
    assert token_authenticate(key) is None
    assert ApiToken.objects.get().revoked_at is not None
    assert not AuditEntry.objects.filter(actor_repr="olga@example.org").exists()
    last = AuditEntry.objects.filter(object_type="accounts.user").latest("pk")
    assert (last.actor, last.object_repr) == (coordinator, f"erased-{user.pk}")
