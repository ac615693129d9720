from django.core.management.base import BaseCommand

from tayninh_thidua.lib.icons import SPRITE, build_sprite, used_icons


class Command(BaseCommand):
    help = "Viết lại static/img/icons.svg với đúng các biểu tượng mà giao diện dùng (từ gói bootstrap-icons)."

    def handle(self, *args, **options) -> None:
        names = used_icons()
        SPRITE.write_text(build_sprite(names), encoding="utf-8")
        self.stdout.write(f"{SPRITE}: {len(names)} biểu tượng ({', '.join(sorted(names))})")
