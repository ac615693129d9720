"""Pictures for the demo data, drawn with Pillow: portraits (initials on a coloured disc, or a group or a
sprout for collectives and models) and event photos (a hall with a banner and an audience, an award stage,
a landscape of fields under Núi Bà Đen). Each returns JPEG bytes; the caller stores them through the model's
field, so they pass the upload check like any upload.
"""

from __future__ import annotations

import io
import random
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]
# Soft, distinct colours for the discs and banners (no two neighbours alike).
PALETTE = [
    (31, 94, 160),
    (176, 58, 46),
    (34, 122, 92),
    (142, 68, 173),
    (202, 111, 30),
    (22, 120, 140),
    (120, 94, 60),
    (190, 60, 110),
]
BANNER_RED, GOLD, CREAM = (178, 28, 32), (250, 215, 90), (250, 244, 230)


@cache
def font(size: int, bold: bool = True) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    """DejaVu Sans (fonts-dejavu-core) when installed, otherwise Pillow's own scalable default."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return ImageFont.truetype(str(folder / name), size)
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1 has a bitmap default only
        return ImageFont.load_default()


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _centred_text(draw: ImageDraw.ImageDraw, centre: tuple[int, int], text: str, size: int, fill) -> None:
    draw.text(centre, text, font=font(size), fill=fill, anchor="mm")


def _tint(colour: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    return tuple(int(c + (255 - c) * amount) for c in colour)


def initials(name: str) -> str:
    """ "Nguyễn Thị Thu Hà" -> "NH": family name and given name, as Vietnamese avatars do."""
    words = name.split()
    return (words[0][0] + words[-1][0]).upper() if len(words) > 1 else name[:2].upper()


def portrait(label: str, colour_index: int, kind: str = "individual", size: int = 400) -> bytes:
    """A square avatar: initials on a disc for a person; a group of three for a collective; a sprout for a model."""
    colour = PALETTE[colour_index % len(PALETTE)]
    image = Image.new("RGB", (size, size), _tint(colour, 0.82))
    draw = ImageDraw.Draw(image)
    margin = size // 10
    draw.ellipse((margin, margin, size - margin, size - margin), fill=colour)
    draw.ellipse((margin + 8, margin + 8, size - margin - 8, size - margin - 8), outline=_tint(colour, 0.35), width=3)
    centre = size // 2
    if kind == "individual":
        _centred_text(draw, (centre, centre), label, size // 3, CREAM)
    elif kind == "collective":
        for dx, scale in ((-70, 0.8), (70, 0.8), (0, 1.0)):  # two behind, one in front
            head, x = int(34 * scale), centre + dx
            draw.ellipse((x - head, centre - 70 - head, x + head, centre - 70 + head), fill=CREAM)
            draw.pieslice((x - 2 * head, centre - 20, x + 2 * head, centre + 4 * head), 180, 360, fill=CREAM)
        _centred_text(draw, (centre, centre + 95), label, size // 10, CREAM)
    else:
        top = centre - 40  # the sprout sits higher than the group, leaving room for the label
        draw.line((centre, top + 90, centre, top - 40), fill=CREAM, width=10)
        draw.chord((centre - 110, top - 90, centre + 10, top + 10), 200, 20, fill=(150, 210, 120))
        draw.chord((centre - 10, top - 120, centre + 110, top - 20), 160, 340, fill=(120, 190, 100))
        draw.rectangle((centre - 90, top + 90, centre + 90, top + 106), fill=(140, 100, 60))
        _centred_text(draw, (centre, centre + 95), label, size // 10, CREAM)
    return _jpeg(image)


def _sky(draw: ImageDraw.ImageDraw, width: int, horizon: int, top, bottom) -> None:
    for y in range(horizon):
        t = y / max(horizon - 1, 1)
        draw.line((0, y, width, y), fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))


def _people(draw: ImageDraw.ImageDraw, rng: random.Random, row_y: int, count: int, width: int, scale: float) -> None:
    step = width / count
    for i in range(count):
        x = int(step * (i + 0.5) + rng.randint(-6, 6))
        head = int(16 * scale)
        shirt = rng.choice([(245, 245, 245), (40, 70, 140), (200, 200, 210), (120, 30, 40), (60, 110, 80)])
        draw.pieslice((x - 2 * head, row_y, x + 2 * head, row_y + 5 * head), 180, 360, fill=shirt)
        draw.ellipse((x - head, row_y - 2 * head, x + head, row_y), fill=(70, 50, 40))


def hall_scene(rng: random.Random, banner: str, width: int = 800, height: int = 600) -> bytes:
    """A meeting hall: red banner with the event's words, a podium with flowers, rows of the audience."""
    image = Image.new("RGB", (width, height), (236, 226, 205))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 70), fill=(120, 80, 50))  # ceiling beam
    draw.rectangle((60, 90, width - 60, 220), fill=BANNER_RED)
    draw.rectangle((60, 90, width - 60, 220), outline=GOLD, width=4)
    _centred_text(draw, (width // 2, 130), "TỈNH TÂY NINH", 26, GOLD)
    _centred_text(draw, (width // 2, 178), banner.upper()[:42], 26, GOLD)
    draw.rectangle((0, 300, width, height), fill=(150, 110, 75))  # stage floor and hall
    draw.polygon(
        [(width // 2 - 60, 250), (width // 2 + 60, 250), (width // 2 + 45, 360), (width // 2 - 45, 360)],
        fill=(110, 60, 40),
    )
    for dx in (-30, 0, 30):  # flowers on the podium
        draw.ellipse(
            (width // 2 + dx - 18, 225, width // 2 + dx + 18, 261),
            fill=rng.choice([(230, 60, 80), GOLD, (240, 140, 40)]),
        )
    for side in (40, width - 100):  # potted plants
        draw.rectangle((side, 330, side + 60, 380), fill=(90, 60, 40))
        draw.ellipse((side - 20, 250, side + 80, 345), fill=(50, 130, 60))
    for row, y in enumerate((430, 500, 570)):
        _people(draw, rng, y, 9 + row, width, 1.0 + row * 0.25)
    return _jpeg(image)


def stage_scene(rng: random.Random, banner: str, width: int = 800, height: int = 600) -> bytes:
    """An award ceremony: a row of honourees holding certificates and flowers before a blue backdrop."""
    image = Image.new("RGB", (width, height), (20, 60, 130))
    draw = ImageDraw.Draw(image)
    for i in range(0, width, 40):  # light rays on the backdrop
        draw.line((width // 2, -40, i, height), fill=(35, 80, 155), width=2)
    _centred_text(draw, (width // 2, 70), banner.upper()[:42], 28, GOLD)
    _centred_text(draw, (width // 2, 115), "TUYÊN DƯƠNG ĐIỂN HÌNH TIÊN TIẾN", 22, CREAM)
    draw.rectangle((0, 470, width, height), fill=(140, 30, 35))  # stage carpet
    count = rng.randint(5, 7)
    step = width // count
    for i in range(count):
        x = step * i + step // 2
        coat = rng.choice([(30, 30, 40), (245, 245, 245), (170, 40, 60), (60, 60, 90)])
        draw.rounded_rectangle((x - 38, 300, x + 38, 480), radius=18, fill=coat)
        draw.ellipse((x - 24, 240, x + 24, 292), fill=(225, 185, 150))
        draw.pieslice((x - 26, 236, x + 26, 280), 180, 360, fill=(40, 30, 30))  # hair
        draw.rectangle((x - 30, 350, x + 30, 395), fill=CREAM, outline=GOLD, width=3)  # certificate
        draw.ellipse((x + 14, 330, x + 44, 360), fill=rng.choice([(230, 60, 80), GOLD, (240, 140, 40)]))
    return _jpeg(image)


def landscape_scene(rng: random.Random, width: int = 800, height: int = 600) -> bytes:
    """Rice fields, a canal and the silhouette of Núi Bà Đen under a morning sky."""
    image = Image.new("RGB", (width, height), (110, 170, 60))
    draw = ImageDraw.Draw(image)
    horizon = 300
    _sky(draw, width, horizon, (120, 175, 230), (250, 220, 170))
    sun_x = rng.randint(100, width - 100)
    draw.ellipse((sun_x - 40, 80, sun_x + 40, 160), fill=(255, 230, 120))
    peak = rng.randint(width // 3, 2 * width // 3)
    draw.polygon(
        [(peak - 330, horizon), (peak - 40, 120), (peak + 10, 110), (peak + 300, horizon)], fill=(70, 100, 110)
    )
    draw.polygon([(peak + 120, horizon), (peak + 260, 200), (peak + 420, horizon)], fill=(95, 125, 125))
    for band in range(6):  # paddies, greener towards the viewer
        top = horizon + band * 50
        green = (110 + band * 12, 170 + band * 8, 60 + band * 6)
        draw.polygon([(0, top), (width, top + rng.randint(-10, 10)), (width, top + 50), (0, top + 50)], fill=green)
        draw.line((0, top, width, top), fill=(90, 140, 60), width=2)
    draw.polygon(
        [(width // 2 - 20, horizon), (width // 2 + 20, horizon), (width // 2 + 160, height), (width // 2 - 80, height)],
        fill=(120, 170, 200),
    )
    for x in rng.sample(range(20, width - 20, 60), 5):  # palms along the dykes
        draw.line((x, horizon + 40, x + 6, horizon - 30), fill=(90, 60, 40), width=6)
        for dx, dy in ((-40, 10), (40, 10), (-30, -20), (30, -20)):
            draw.line((x + 6, horizon - 30, x + 6 + dx, horizon - 30 + dy), fill=(40, 110, 50), width=6)
    return _jpeg(image)
