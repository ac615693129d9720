from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Exemplar


@require_GET
def exemplar_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exemplar = get_object_or_404(Exemplar.objects.published().with_public_relations(), slug=slug)
    return render(request, "exemplars/exemplar_detail.html", {"exemplar": exemplar})
