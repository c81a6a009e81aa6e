"""Demo accounts: created only together with the demo data."""

from collections.abc import Callable

from .models import Role
from .services import user_create

DEMO_USERS = [
    ("admin", Role.ADMINISTRATOR, "Администраторов", "Алексей", "demo-admin"),
    ("coordinator", Role.COORDINATOR, "Координаторова", "Мария", "demo-coordinator"),
    ("leader", Role.LEADER, "Беликов", "Андрей", "demo-leader"),
    ("member", Role.MEMBER, "Землякова", "Ольга", "demo-member"),
]


def load(out: Callable[[str], None]) -> list[str]:
    lines = ["Демонстрационные учётные записи (логин / пароль):"]
    for username, role, last, first, password in DEMO_USERS:
        user_create(
            username=username,
            role=role,
            password=password,
            last_name=last,
            first_name=first,
            email=f"{username}@demo.zemlyaki.local",
            is_demo=True,
        )
        lines.append(f"  {username} / {password} — {Role(role).label}")
    return lines
