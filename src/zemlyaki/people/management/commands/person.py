"""``zemlyaki person export ID`` and ``zemlyaki person erase ID [--confirm]``."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zemlyaki.people.models import Person
from zemlyaki.people.services import person_erase, person_erase_plan, person_export_data


class Command(BaseCommand):
    help = "Права субъекта персональных данных: выгрузить всё о человеке или удалить его данные."

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

    def handle(self, *args: Any, **options: Any) -> None:
        person = Person.objects.filter(pk=options["id"]).first()
        if person is None:
            raise CommandError(f"Участник № {options['id']} не найден.")
        if options["action"] == "export":
            text = json.dumps(person_export_data(person), ensure_ascii=False, indent=2)
            if options.get("output"):
                with open(options["output"], "w", encoding="utf-8") as handle:
                    handle.write(text + "\n")
                self.stderr.write(f"Записано: {options['output']}")
            else:
                self.stdout.write(text)
            return
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
        if not options["confirm"]:
            self.stdout.write(
                "Пробный прогон: ничего не изменено. Добавьте --confirm, чтобы удалить."
            )
            return
        person_erase(actor=None, person=person)
        self.stdout.write(f"Персональные данные участника № {person.pk} удалены.")
