from django.conf import settings
from django.http import HttpRequest

_PORTAL_FIELDS = ("owner", "operator", "address", "phone", "email", "responsible", "licence")


def site(request: HttpRequest) -> dict:
    portal = {field: getattr(settings, f"PORTAL_{field.upper()}") for field in _PORTAL_FIELDS}
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, "PORTAL": portal}
