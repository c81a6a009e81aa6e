from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zemlyaki.accounts.services import token_create


class Command(BaseCommand):
    help = "Токены API: zemlyaki token create USERNAME (печатает новый токен)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="создать токен")
        create.add_argument("username")
        create.add_argument("--name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Пользователь «{options['username']}» не найден.")
        _, key = token_create(user=user, name=options["name"])
        self.stdout.write(key)
