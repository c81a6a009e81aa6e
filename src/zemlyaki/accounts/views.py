import logging
from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse_lazy

from zemlyaki.core.typography import typograph_message
from zemlyaki.core.urls_public import site_url

logger = logging.getLogger(__name__)


class TypesetPasswordResetForm(PasswordResetForm):
    """The reset letter goes through the typographer, as every letter of the platform."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        subject, body = typograph_message(subject, render_to_string(email_template_name, context))
        try:
            EmailMultiAlternatives(subject, body, from_email, [to_email]).send()
        except Exception:
            logger.exception("Failed to send password reset email to %s", context["user"].pk)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = TypesetPasswordResetForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        # The link in the letter leads to the site's public address, not to whatever
        # host the request named.
        self.extra_email_context = {"site_url": site_url()}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
