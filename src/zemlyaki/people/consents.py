"""The consent text shown on public forms, by version, and the record of a consent given
there (152-FZ, article 9: the operator proves the consent and what it said).

A published version is never edited: a changed text is a new version, so every recorded
consent names the exact wording the person agreed to."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zemlyaki.core.actors import Actor
from zemlyaki.core.models import AuditEntry
from zemlyaki.core.registries import PersonalDataHolder
from zemlyaki.core.services import AuditAction, audit_record

from .models import Consent, ConsentForm, Person

CONSENT_TEXTS: dict[str, Any] = {
    "2026-12": gettext_lazy(
        "Отправляя форму, я даю согласие оператору платформы «Земляки» — координационному "
        "совету землячеств Москвы — на обработку моих персональных данных, указанных в "
        "форме (фамилия, имя, отчество, адрес электронной почты, телефон), с целью, "
        "указанной на этой странице: сбор, запись, систематизацию, хранение, уточнение, "
        "использование и удаление, с использованием средств автоматизации и без них. "
        "Согласие действует до достижения цели обработки или до его отзыва. Отозвать "
        "согласие и потребовать удалить данные можно в любое время: в разделе «Мои данные» "
        "после входа на платформу или письмом оператору (статьи 9 и 21 Федерального закона "
        "от 27.07.2006 № 152-ФЗ «О персональных данных»)."
    ),
}
CURRENT_VERSION = "2026-12"


def consent_text(version: str = CURRENT_VERSION) -> str:
    return str(CONSENT_TEXTS[version])


CONSENT_REQUIRED = gettext_lazy(
    "Без согласия на обработку персональных данных форму отправить нельзя."
)
CONSENT_LABEL = gettext_lazy(
    "Я согласен(на) на обработку персональных данных на условиях, изложенных выше"
)


@transaction.atomic
def consent_record_public(
    *,
    purpose: str,
    source: str,
    name: str = "",
    contact: str = "",
    person: Person | None = None,
    user: Any = None,
    version: str = CURRENT_VERSION,
    on: datetime.date | None = None,
) -> Consent:
    """Record a consent given by ticking the box of a public form.

    ``person`` when the signer is known (a signed-in user with a card, an invited person);
    otherwise the consent keeps the name and contact typed into the form."""
    if version not in CONSENT_TEXTS:
        raise ValidationError({"text_version": _("Неизвестная редакция текста согласия.")})
    if person is None and user is not None and getattr(user, "is_authenticated", False):
        person = Person.objects.filter(user=user, erased_at__isnull=True).first()
    consent = Consent(
        person=person,
        subject_name=(name or "").strip()[:200],
        subject_contact=(contact or "").strip()[:254],
        source=source[:100],
        text_version=version,
        purpose=purpose.strip()[:300],
        form=ConsentForm.ONLINE,
        given_on=on or timezone.localdate(),
    )
    consent.full_clean()
    consent.save()
    if person is not None:
        Person.objects.filter(pk=person.pk).update(has_consent=True)
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        instance=consent,
        after={"source": consent.source, "text_version": version, "purpose": consent.purpose},
    )
    return consent


# ---------------------------------------------------------------- personal data


def _public_consents(person: Person, user: Any) -> Any:
    """Consents given on public forms without a card, under the person's address."""
    addresses = {person.email or ""}
    if user is not None:
        addresses.add(getattr(user, "email", "") or "")
    match = Q()
    for address in addresses - {""}:
        match |= Q(subject_contact__iexact=address)
    if not match:
        return Consent.objects.none()
    return Consent.objects.filter(match, person__isnull=True).order_by("given_on", "pk")


def public_consents_export(person: Person, user: Any) -> list[dict[str, Any]]:
    return [
        {
            "purpose": c.purpose,
            "name": c.subject_name,
            "contact": c.subject_contact,
            "text_version": c.text_version,
            "given_on": c.given_on.isoformat(),
            "withdrawn_on": c.withdrawn_on.isoformat() if c.withdrawn_on else None,
        }
        for c in _public_consents(person, user)
    ]


def public_consents_erase(person: Person, user: Any, actor: Actor | None) -> int:
    """They go with the person's other consents; their log loses the name they held."""
    ids = [str(pk) for pk in _public_consents(person, user).values_list("pk", flat=True)]
    AuditEntry.objects.filter(object_type="people.consent", object_id__in=ids).update(
        before={}, after={}, object_repr=str(_("согласие удалено"))
    )
    Consent.objects.filter(pk__in=ids).delete()
    return len(ids)


HOLDER = PersonalDataHolder(
    "people.public_consents",
    gettext_lazy("Согласия, данные в открытых формах без входа"),
    public_consents_export,
    public_consents_erase,
)
