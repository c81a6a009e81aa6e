import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zemlyaki.accounts.models import Role
from zemlyaki.accounts.services import user_create
from zemlyaki.registry.models import Association
from zemlyaki.registry.services import association_add_leader


class Command(BaseCommand):
    # In the registry app: a leader's user is tied to the associations they lead, and
    # accounts (below registry) knows no associations.
    help = "Пользователи: zemlyaki user create USERNAME --role ROLE [--association SLUG]"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="создать пользователя")
        create.add_argument("username")
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument("--association", action="append", default=[], metavar="SLUG")
        create.add_argument("--email", default="")
        create.add_argument(
            "--password", default=None, help="без него пароль будет создан и напечатан"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slugs = options["association"]
        if slugs and options["role"] != Role.LEADER:
            raise CommandError("--association указывается только для роли leader.")
        if options["role"] == Role.LEADER and not slugs:
            raise CommandError("Для роли leader укажите хотя бы одно --association SLUG.")
        associations = []
        for slug in slugs:
            association = Association.objects.filter(slug=slug).first()
            if association is None:
                raise CommandError(f"Землячество «{slug}» не найдено.")
            associations.append(association)
        password = options["password"] or secrets.token_urlsafe(12)
        try:
            user = user_create(
                username=options["username"],
                role=options["role"],
                email=options["email"],
                password=password,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages))
        for association in associations:
            association_add_leader(actor=None, association=association, user=user)
        self.stdout.write(f"Пользователь {user.username} создан, роль: {user.get_role_display()}.")
        if not options["password"]:
            self.stdout.write(f"Пароль: {password}")
