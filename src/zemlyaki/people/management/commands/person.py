"""``zemlyaki person export ID``, ``zemlyaki person erase ID [--confirm]``,
``zemlyaki person link ID USERNAME`` and ``zemlyaki person invite ID [--email ADDRESS]``."""

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.formats import date_format

from zemlyaki.people.invitations import invitation_create, site_base
from zemlyaki.people.models import Person
from zemlyaki.people.services import (
    person_erase,
    person_erase_plan,
    person_export_data,
    person_link_user,
)


class Command(BaseCommand):
    help = (
        "Участник: выгрузить всё о человеке, удалить его данные, связать с учётной записью "
        "или пригласить получить её."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="все данные о человеке в JSON")
        export.add_argument("id", type=int)
        export.add_argument("--output", "-o", help="файл; по умолчанию — стандартный вывод")
        erase = sub.add_parser(
            "erase", help="удалить персональные данные (без --confirm — пробный прогон)"
        )
        erase.add_argument("id", type=int)
        erase.add_argument("--confirm", action="store_true", help="действительно удалить")
        link = sub.add_parser("link", help="связать учётную запись с участником")
        link.add_argument("id", type=int)
        link.add_argument("username")
        invite = sub.add_parser(
            "invite", help="отправить участнику письмо с одноразовой ссылкой на учётную запись"
        )
        invite.add_argument("id", type=int)
        invite.add_argument("--email", default="", help="адрес; по умолчанию — из карточки")

    def handle(self, *args: Any, **options: Any) -> None:
        person = Person.objects.filter(pk=options["id"]).first()
        if person is None:
            raise CommandError(f"Участник № {options['id']} не найден.")
        action = options["action"]
        if action == "export":
            self._export(person, options.get("output"))
        elif action == "erase":
            self._erase(person, options["confirm"])
        elif action == "link":
            self._link(person, options["username"])
        else:
            self._invite(person, options["email"])

    def _export(self, person: Person, output: str | None) -> None:
        text = json.dumps(person_export_data(person), ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            self.stderr.write(f"Записано: {output}")
        else:
            self.stdout.write(text)

    def _erase(self, person: Person, confirm: bool) -> None:
        if person.erased_at:
            raise CommandError(f"Персональные данные участника № {person.pk} уже удалены.")
        plan = person_erase_plan(person)
        lines = [
            f"Участник № {person.pk}: {person.full_name}",
            f"  согласий будет удалено: {plan['consents']}",
            f"  записей в списках кандидатов: {plan['candidate_entries']}",
            f"  строк загрузок будет очищено: {plan['import_rows']}",
            f"  записей журнала изменений будет обезличено: {plan['audit_entries']}",
            f"  членств останется (обезличенно): {plan['memberships_kept']}",
        ]
        for line in lines:
            self.stdout.write(line)
        if not confirm:
            self.stdout.write(
                "Пробный прогон: ничего не изменено. Добавьте --confirm, чтобы удалить."
            )
            return
        person_erase(actor=None, person=person)
        self.stdout.write(f"Персональные данные участника № {person.pk} удалены.")

    def _link(self, person: Person, username: str) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Пользователь «{username}» не найден.")
        try:
            person_link_user(actor=None, person=person, user=user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages))
        self.stdout.write(
            f"Участник № {person.pk} ({person.full_name}) связан с учётной записью «{username}»."
        )

    def _invite(self, person: Person, email: str) -> None:
        try:
            invitation, _token = invitation_create(
                actor=None, person=person, email=email, base_url=site_base()
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages))
        until = date_format(timezone.localtime(invitation.expires_at), "d.m.Y H:i")
        self.stdout.write(
            f"Приглашение отправлено на {invitation.email}; ссылка действует до {until}."
        )
