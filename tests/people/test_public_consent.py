"""Public forms that ask for a name or a contact show the consent text, require the box
and record the consent (people's Consent) with its text's version."""

import pytest

from tests.accounts.factories import UserFactory
from tests.events.factories import make_event
from tests.surveys.factories import make_question, make_survey
from zemlyaki.events.models import Registration
from zemlyaki.people import consents, services
from zemlyaki.people.models import Consent
from zemlyaki.surveys.models import QuestionType, Response

from .factories import make_person


def test_event_registration_without_the_box_is_refused_and_stores_nothing(client, db):
    event = make_event(capacity=5)
    page = client.get(f"/events/{event.pk}/")
    assert 'id="consent-text"' in page.text
    assert f'data-version="{consents.CURRENT_VERSION}"' in page.text
    assert str(consents.consent_text())[:40] in page.text
    refused = client.post(
        f"/events/{event.pk}/register/", {"name": "Анна", "email": "anna@example.org"}
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors == {
        "consent": ["Без согласия на обработку персональных данных форму отправить нельзя."]
    }
    assert Registration.objects.count() == 0 and Consent.objects.count() == 0


def test_signed_in_member_consent_goes_to_their_card(client, db):
    event = make_event(capacity=5)
    user = UserFactory(role="member", username="olga", email="olga@example.org")
    person = make_person("Землякова", "Ольга", "", consent=None)
    services.person_link_user(actor=None, person=person, user=user)
    assert person.consents.count() == 0
    client.force_login(user)
    response = client.post(
        f"/events/{event.pk}/register/",
        {"name": "Землякова Ольга", "email": "olga@example.org", "consent": "on"},
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert (consent.person, consent.text_version, consent.form) == (
        person,
        consents.CURRENT_VERSION,
        "online",
    )
    assert consent.purpose == f"Регистрация на мероприятие «{event.title}»"
    person.refresh_from_db()
    assert person.has_consent is True


def test_unknown_version_is_refused(db):
    with pytest.raises(Exception, match="Неизвестная редакция"):
        consents.consent_record_public(purpose="x", source="test", version="1999")
    assert Consent.objects.count() == 0


@pytest.fixture
def identity_survey(db):
    survey = make_survey("Анкета с контактами")
    name = make_question(survey, title="Фамилия", required=True, profile_field="last_name")
    mail = make_question(survey, title="Почта", profile_field="email")
    return survey, name, mail


def test_anonymous_survey_asking_for_a_name_needs_the_box(client, identity_survey):
    survey, name, mail = identity_survey
    url = f"/s/{survey.slug}/"
    page = client.get(url)
    assert 'id="pd-consent"' in page.text and 'id="consent-text"' in page.text
    data = {
        "page": 1,
        "action": "next",
        f"q{name.pk}": "Тамбовцева",
        f"q{mail.pk}": "o@example.org",
    }
    refused = client.post(url, data)
    assert refused.status_code == 422
    assert "Без согласия на обработку персональных данных форму отправить нельзя." in refused.text
    assert Response.objects.count() == 0 and Consent.objects.count() == 0
    done = client.post(url, {**data, "pd_consent": "1"})
    assert done.status_code == 302
    response = Response.objects.get()
    consent = Consent.objects.get()
    assert (consent.source, consent.text_version, consent.person) == (
        f"surveys.response:{response.pk}",
        consents.CURRENT_VERSION,
        None,
    )
    assert consent.purpose == "Ответ на анкету «Анкета с контактами»"


def test_survey_without_names_or_contacts_asks_nothing(client, db):
    survey = make_survey("Без имён")
    question = make_question(survey, QuestionType.LONG_TEXT, "Предложения")
    url = f"/s/{survey.slug}/"
    assert 'id="pd-consent"' not in client.get(url).text
    response = client.post(url, {"page": 1, "action": "next", f"q{question.pk}": "Больше встреч"})
    assert response.status_code == 302
    assert Consent.objects.count() == 0
