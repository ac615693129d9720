"""Icons come from one small SVG sprite of only the icons used (issue 12, item 3), not the 134 KB icon font."""

from pathlib import Path

from django.conf import settings
from django.template import Context, Template

from tayninh_thidua.lib.icons import SPRITE, build_sprite, sprite_icons, used_icons

ROOT = Path(settings.BASE_DIR)


def test_every_icon_the_templates_use_is_in_the_sprite():
    used = used_icons()
    assert {"person-circle", "check-circle-fill", "x-circle-fill", "share-fill"} <= used
    assert used - sprite_icons() == set()


def test_the_sprite_is_what_the_build_command_writes():
    # `python manage.py build_icon_sprite` after adding an icon: the committed sprite holds exactly the used ones.
    assert SPRITE.read_text(encoding="utf-8") == build_sprite(used_icons())
    assert SPRITE.stat().st_size < 8_000


def test_a_missing_icon_is_noticed():
    assert sprite_icons(build_sprite({"person-circle"})) == {"person-circle"}
    assert "award-fill" not in sprite_icons()


def test_the_icon_tag_references_the_sprite():
    html = Template('{% load sitelib %}{% icon "check-circle-fill" "text-success" %}').render(Context())
    assert html.startswith('<svg class="bi text-success" width="16" height="16"')
    assert 'aria-hidden="true"' in html and '<use href="/static/img/icons.svg#check-circle-fill">' in html


def test_no_page_loads_the_icon_font():
    assert not any("bootstrap-icons" in str(entry) for entry in settings.STATICFILES_DIRS)
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "bootstrap-icons" not in text and 'class="bi ' not in text, path
