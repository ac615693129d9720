import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tayninh_thidua.lib.text import fold, vn_slugify
from tayninh_thidua.lib.uploads import clean_image


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn Văn A", "nguyen van a"),
        ("NGUYỄN VĂN A", "nguyen van a"),
        ("đồng bào", "dong bao"),
        ("Đức  Hòa", "duc hoa"),
    ],
)
def test_fold_drops_diacritics_and_case(text, folded):
    assert fold(text) == folded


def test_slug_maps_d_bar():
    assert vn_slugify("Nguyễn Văn Đức") == "nguyen-van-duc"


def _png(width=40, height=30, **save) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), "red").save(buf, format=save.pop("format", "PNG"), **save)
    return buf.getvalue()


def test_clean_image_reencodes_under_a_random_name():
    cleaned = clean_image(SimpleUploadedFile("chan-dung.png", _png(), content_type="image/png"))
    assert cleaned.name.endswith(".png") and "chan-dung" not in cleaned.name
    assert Image.open(io.BytesIO(cleaned.read())).size == (40, 30)


def test_clean_image_rejects_text_named_jpg():
    with pytest.raises(ValidationError, match="không phải là ảnh"):
        clean_image(SimpleUploadedFile("anh.jpg", b"xin chao, day khong phai anh", content_type="image/jpeg"))


def test_clean_image_rejects_pixel_bomb(settings):
    settings.MAX_IMAGE_PIXELS = 1_000_000
    bomb = SimpleUploadedFile("bom.png", _png(2000, 1000), content_type="image/png")
    with pytest.raises(ValidationError, match="điểm ảnh"):
        clean_image(bomb)


def test_clean_image_rejects_truncated_jpeg(monkeypatch):
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # as another library may leave it
    data = _png(400, 400, format="JPEG")
    with pytest.raises(ValidationError):
        clean_image(SimpleUploadedFile("cut.jpg", data[: len(data) // 2], content_type="image/jpeg"))


def test_clean_image_rejects_oversized_file(settings):
    settings.MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError, match="quá lớn"):
        clean_image(SimpleUploadedFile("lon.png", _png(300, 300) + b"\0" * 2000, content_type="image/png"))


def test_clean_image_strips_gps_exif():
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (10.0, 45.0, 0.0)}  # GPSInfo
    exif[0x010F] = "Máy ảnh"
    buf = io.BytesIO()
    Image.new("RGB", (50, 50), "blue").save(buf, format="JPEG", exif=exif)
    assert Image.open(io.BytesIO(buf.getvalue())).getexif()
    cleaned = clean_image(SimpleUploadedFile("gps.jpg", buf.getvalue(), content_type="image/jpeg"))
    assert not Image.open(io.BytesIO(cleaned.read())).getexif()
