"""Error pages (400, 403, 404, 500) in the site's layout; under /api/ the API's error shape.

The 500 page is rendered without a request context: context processors and the menu may
need the database, which may be the very thing that failed.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"detail": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if is_api(request):
        return json_error(_("Неверный запрос."), 400)
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if is_api(request):
        return json_error(_("Недостаточно прав для этого действия."), 403)
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid CSRF token: usually a page left open too long."""
    if is_api(request):
        return json_error(_("Запрос отклонён: нет действительного CSRF-токена."), 403)
    message = _("Форма устарела или cookie отключены. Обновите страницу и отправьте форму снова.")
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if is_api(request):
        return json_error(_("Не найдено."), 404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return json_error(_("Ошибка на сервере. Попробуйте позже."), 500)
    html = loader.get_template("500.html").render({"SITE_NAME": settings.ZEMLYAKI_SITE_NAME})
    return HttpResponse(html, status=500)
