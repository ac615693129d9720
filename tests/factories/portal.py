import datetime as dt
import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from exemplars.models import EventPhoto, ExchangeEvent
from tayninh_thidua.portal.models import Feedback, NewsArticle, WebsiteLink

__all__ = [
    "EventPhotoFactory",
    "ExchangeEventFactory",
    "FeedbackFactory",
    "NewsArticleFactory",
    "WebsiteLinkFactory",
    "jpeg_file",
]


def jpeg_file(name: str = "anh.jpg", size: tuple[int, int] = (640, 480)) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 40, 40)).save(buffer, format="JPEG")
    return ContentFile(buffer.getvalue(), name=name)


class NewsArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsArticle

    title = factory.Sequence(lambda n: f"Tin thi đua số {n}")
    summary = "Tóm tắt tin."
    body = "Nội dung tin."
    is_published = True
    published_at = factory.LazyFunction(timezone.now)


class WebsiteLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebsiteLink

    title = factory.Sequence(lambda n: f"Trang liên kết {n}")
    url = factory.Sequence(lambda n: f"https://lien-ket-{n}.example.org/")


class ExchangeEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeEvent

    title = factory.Sequence(lambda n: f"Giao lưu điển hình số {n}")
    date = dt.date(2025, 5, 19)
    place = "Hội trường tỉnh"
    is_published = True


class EventPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventPhoto

    event = factory.SubFactory(ExchangeEventFactory)
    image = factory.LazyFunction(jpeg_file)
    alt_text = factory.Sequence(lambda n: f"Quang cảnh buổi giao lưu {n}")


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    name = "Người dân"
    subject = "Góp ý"
    message = "Nội dung góp ý."
