"""Rendering and sending the platform's own mails: German by default, plain text and HTML."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def render_templated_mail(
    *, to: list[str], template: str, context: dict[str, Any], language: str | None = None
) -> EmailMultiAlternatives:
    ctx = {"site_url": settings.SITE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"mail/{template}_subject.txt", ctx).strip()
        text = render_to_string(f"mail/{template}.txt", ctx)
        html = render_to_string(f"mail/{template}.html", ctx)
    message = EmailMultiAlternatives(subject=" ".join(subject.splitlines()), body=text, to=to)
    message.attach_alternative(html, "text/html")
    return message


def send_templated_mail(
    *, to: list[str], template: str, context: dict[str, Any], language: str | None = None
) -> None:
    render_templated_mail(to=to, template=template, context=context, language=language).send()
