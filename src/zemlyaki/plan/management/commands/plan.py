from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zemlyaki.plan.importing import plan_import, suggest_bodies
from zemlyaki.plan.parsing import PlanParseError, parse_plan_file
from zemlyaki.plan.services import plan_send_reminders


class Command(BaseCommand):
    help = (
        "План: zemlyaki plan import FILE [--title TITLE] (печатает номер нового плана); "
        "zemlyaki plan remind [--days N] (напоминания о сроках, повторный запуск писем не дублирует)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="загрузить план из файла (текст, YAML, XLSX)")
        load.add_argument("file")
        load.add_argument("--title", default="", help="название плана")
        load.add_argument("--main", action="store_true", help="сделать план основным")
        remind = sub.add_parser("remind", help="разослать напоминания о сроках")
        remind.add_argument(
            "--days", type=int, default=None, help="за сколько дней до срока напоминать"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options)
        else:
            sent = plan_send_reminders(days=options["days"])
            self.stderr.write(f"Отправлено напоминаний: {sent}.")

    def _import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Файл «{path}» не найден.")
        try:
            source, parsed = parse_plan_file(path.name, path.read_bytes())
        except PlanParseError as exc:
            raise CommandError("\n".join(str(e) for e in exc.errors)) from None
        title = options["title"] or parsed.title or path.stem
        suggest_bodies(parsed)
        try:
            plan = plan_import(
                actor=None, parsed=parsed, title=title, source=source, is_main=options["main"]
            )
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from None
        # What the import did goes to stderr; stdout keeps only the plan's number.
        for warning in parsed.warnings:
            self.stderr.write(str(warning))
        for task in plan.tasks.filter(owner_body__isnull=False).select_related("owner_body"):
            self.stderr.write(
                _("Пункт %(number)s: ответственный орган «%(body)s».")
                % {"number": task.number, "body": task.owner_body}
            )
        self.stdout.write(str(plan.pk))
