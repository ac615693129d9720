from django import template

from tayninh_thidua.thumbnails import thumbnail_url

register = template.Library()


@register.filter
def thumbnail(image, box: str = "320x320") -> str:
    """`{{ exemplar.portrait|thumbnail:"320x320" }}`: URL of a right-sized copy."""
    return thumbnail_url(image, box)
