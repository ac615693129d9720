"""One vote per mailbox, not per spelling of an address (issue #11 item 13).

Existing votes get their mailbox key. Where one edition already holds several votes from the same mailbox
(e.g. voter@gmail.com, voter+1@gmail.com and v.o.t.e.r@gmail.com, each confirmed), the first confirmed one
(else the first requested) keeps it; the others stop counting: their confirmation is cleared and their key is
made unique with their id, so they stay visible in the admin.
"""

from collections import defaultdict

from django.db import migrations, models

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
    dependencies = [("contests", "0005_workflow_log_fields")]

    operations = [
        migrations.AddField(
            model_name="vote",
            name="mailbox",
            field=models.CharField(default="", editable=False, max_length=254, verbose_name="hộp thư"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_mailboxes, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="vote", name="vote_one_per_email"),
        migrations.AddConstraint(
            model_name="vote",
            constraint=models.UniqueConstraint(fields=("edition", "mailbox"), name="vote_one_per_mailbox"),
        ),
    ]
