"""Contest integrity (issue #11): one vote per mailbox, near-duplicate sketches, judges per entry, single-use
verification links with the answering agency logged, stored and signed certificates, the consent wording.

Existing votes get their mailbox key (as contests.services.votes.mailbox_key reads it: case folded, "+tag"
dropped, Gmail dots and googlemail.com folded). Where one edition already holds several votes from the same
mailbox (e.g. voter@gmail.com, voter+1@gmail.com and v.o.t.e.r@gmail.com, each confirmed), the first confirmed
one (else the first requested) keeps it; the others stop counting: their confirmation is cleared and their key
is made unique with their id, so they stay visible in the admin. Entries get their sketch on first comparison.
Verification links sent before this migration no longer open: staff send a new one.
"""

from collections import defaultdict

import django.core.validators
from django.db import migrations, models

import tayninh_thidua.lib.storage
import tayninh_thidua.lib.uploads

GMAIL_DOMAINS = {"gmail.com", "googlemail.com"}


def mailbox_key(email):
    # A copy of contests.services.votes.mailbox_key as it was when this migration was written.
    address = (email or "").strip().lower()
    local, at, domain = address.rpartition("@")
    if not at or not local:
        return address
    local = local.split("+", 1)[0] or local
    if domain in GMAIL_DOMAINS:
        local, domain = local.replace(".", "") or local, "gmail.com"
    return f"{local}@{domain}"


def fill_mailboxes(apps, schema_editor):
    Vote = apps.get_model("contests", "Vote")
    groups = defaultdict(list)
    for vote in Vote.objects.order_by("pk"):
        groups[(vote.edition_id, mailbox_key(vote.email))].append(vote)
    for (_edition, mailbox), votes in groups.items():
        votes.sort(key=lambda v: (v.confirmed_at is None, v.confirmed_at or v.created_at, v.pk))
        keeper, *others = votes
        keeper.mailbox = mailbox
        keeper.save(update_fields=["mailbox"])
        for vote in others:
            vote.mailbox = f"{mailbox}#{vote.pk}"[:254]
            vote.confirmed_at = None
            vote.save(update_fields=["mailbox", "confirmed_at"])


class Migration(migrations.Migration):

    dependencies = [
        ('contests', '0005_workflow_log_fields'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='vote',
            name='vote_one_per_email',
        ),
        migrations.AddField(
            model_name='contestlog',
            name='actor_label',
            field=models.CharField(blank=True, max_length=255, verbose_name='người thực hiện (không có tài khoản)'),
        ),
        migrations.AddField(
            model_name='edition',
            name='signer_name',
            field=models.CharField(blank=True, help_text='Họ và tên người ký giấy chứng nhận thay mặt Ban Tổ chức; cần có trước khi công bố kết quả.', max_length=150, verbose_name='người ký giấy chứng nhận'),
        ),
        migrations.AddField(
            model_name='edition',
            name='signer_title',
            field=models.CharField(default='Trưởng Ban Tổ chức', max_length=150, verbose_name='chức vụ người ký giấy chứng nhận'),
        ),
        migrations.AddField(
            model_name='entry',
            name='certificate',
            field=models.FileField(blank=True, editable=False, storage=tayninh_thidua.lib.storage.PrivateStorage(), upload_to=tayninh_thidua.lib.uploads.RandomUploadTo('contests/certificates'), verbose_name='giấy chứng nhận'),
        ),
        migrations.AddField(
            model_name='entry',
            name='text_sketch',
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name='entry',
            name='verification_nonce',
            field=models.CharField(blank=True, editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name='round',
            name='judges_per_entry',
            field=models.PositiveSmallIntegerField(default=2, help_text='Mỗi bài được bao nhiêu giám khảo chấm; bài có ít điểm hơn được cảnh báo khi xếp hạng.', validators=[django.core.validators.MinValueValidator(2), django.core.validators.MaxValueValidator(9)], verbose_name='số giám khảo mỗi bài'),
        ),
        migrations.AddField(
            model_name='vote',
            name='mailbox',
            field=models.CharField(default='', editable=False, max_length=254, verbose_name='hộp thư'),
            preserve_default=False,
        ),
        migrations.RunPython(fill_mailboxes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='contestlog',
            name='action',
            field=models.CharField(choices=[('edition.created', 'Mở kỳ thi'), ('entry.submitted', 'Nhận bài dự thi'), ('round.assigned', 'Phân công giám khảo'), ('judge.conflict', 'Giám khảo báo xung đột lợi ích'), ('judge.replaced', 'Giao bài cho giám khảo thay thế'), ('judge.needed', 'Bài cần thêm giám khảo'), ('round.advanced', 'Chọn bài vào vòng sau'), ('round.reopened', 'Hoàn tác chọn bài vào vòng sau'), ('entry.verification', 'Xác minh nhân vật'), ('entry.disqualified', 'Loại bài'), ('entry.reinstated', 'Khôi phục bài bị loại'), ('entry.prize', 'Trao giải'), ('entry.certificate', 'Cấp giấy chứng nhận'), ('entry.certificate-withdrawn', 'Huỷ giấy chứng nhận để cấp lại'), ('edition.published', 'Công bố kết quả'), ('entry.exemplar', 'Tạo điển hình từ bài dự thi')], max_length=40, verbose_name='việc'),
        ),
        migrations.AlterField(
            model_name='entry',
            name='consent_publish',
            field=models.BooleanField(default=True, verbose_name='đồng ý công bố toàn văn khi bài vào chung kết (để bạn đọc bình chọn) và nếu đoạt giải'),
        ),
        migrations.AddConstraint(
            model_name='vote',
            constraint=models.UniqueConstraint(fields=('edition', 'mailbox'), name='vote_one_per_mailbox'),
        ),
    ]
