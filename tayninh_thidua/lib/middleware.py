from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse

from . import stylesheets

# The portal uses no camera, microphone, location or payment API; say so to the browser.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class RefuseNullCharactersMiddleware:
    """No address of ours holds a NUL character, and PostgreSQL refuses to compare text with one (the lookup
    raises, which used to answer 500). A path carrying one (%00) is a page that does not exist (404); a query
    string carrying one is a bad request (400). Form fields refuse NUL themselves, with a message."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info:
            raise Http404
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in query or "%00" in query:
            raise BadRequest
        return self.get_response(request)


class InlineStylesheetsMiddleware:
    """Writes the site's stylesheets into each HTML page at base.html's slot, and allows them in its CSP by hash.

    Listed after django-csp's middleware, so that it sees the response first and its hash joins the policy
    (lib/stylesheets.py says why the stylesheets are inline). A page without the slot (JSON, the admin's own
    templates, a file) is left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(response, "streaming", False) or not response.get("Content-Type", "").startswith("text/html"):
            return response
        if stylesheets.SLOT in response.content:
            style, source = stylesheets.inline_style()
            response.content = response.content.replace(stylesheets.SLOT, style, 1)
            update = getattr(response, "_csp_update", None) or {}
            response._csp_update = {**update, "style-src": [*update.get("style-src", ()), source]}
        return response
