from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse

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


class PreloadStylesheetsMiddleware:
    """`Link: <…>; rel=preload; as=style` on every HTML page, for the stylesheets base.html links.

    On a phone the page's own round trip is most of the first paint, and the stylesheets are asked for only once the
    browser has parsed the page's head; the header lets it ask as soon as the response starts (bench/first_paint.py).
    The addresses are the collected, hashed ones, so the header is the same for every page and can be cached with it.
    """

    STYLESHEETS = ("css/bootstrap.min.css", "css/site.css")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = ""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html") and "Link" not in response:
            response["Link"] = self.header or self._header()
        return response

    def _header(self) -> str:
        from django.templatetags.static import static

        self.header = ", ".join(f"<{static(path)}>; rel=preload; as=style" for path in self.STYLESHEETS)
        return self.header
