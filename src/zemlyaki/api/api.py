"""The REST API at /api/v1/: one router per app, found in ``zemlyaki.<app>.api``."""

from importlib import import_module

from django.conf import settings

from .base import ZemlyakiAPI

api = ZemlyakiAPI(
    title="Земляки API",
    version="1",
    description="REST API платформы землячеств Москвы. Запись — с заголовком "
    "`Authorization: Bearer <токен>`.",
    urls_namespace="api",
    docs_url="/docs",
)

for app in settings.ZEMLYAKI_APPS:
    if app == "zemlyaki.api":
        continue
    try:
        module = import_module(f"{app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app}.api":
            raise
        continue
    router = getattr(module, "router", None)
    if router is not None:
        api.add_router("", router)
