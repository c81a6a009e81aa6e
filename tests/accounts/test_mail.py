import pytest

from .factories import UserFactory


@pytest.mark.django_db
def test_password_reset_mail_reaches_a_real_smtp_server(client, smtp):
    UserFactory(username="olga", email="olga@example.org")
    client.post("/accounts/password/reset/", {"email": "olga@example.org"})
    assert len(smtp) == 1
    message = smtp[0]
    assert message["To"] == "olga@example.org"
    # header folding of the encoded words leaves leading whitespace after decoding
    assert message["Subject"].strip() == "Восстановление пароля на\u00a0платформе «Земляки»"
    assert "/accounts/password/reset/" in message.get_content()


@pytest.mark.django_db
def test_unknown_address_gets_no_mail(client, smtp):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert smtp == []
