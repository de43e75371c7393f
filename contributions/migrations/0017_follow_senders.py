"""Senders who left an e-mail address follow their contribution (they gave the address to hear
what became of it): one confirmed Follow per contribution with an address, in batches."""

import secrets

from django.db import migrations
from django.utils import timezone

BATCH = 2000


def forwards(apps, schema_editor):
    Contribution = apps.get_model("contributions", "Contribution")
    Subscriber = apps.get_model("visionsprocess", "Subscriber")
    Follow = apps.get_model("visionsprocess", "Follow")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Contribution.objects.exclude(email="").exists():
        return  # a new database: nothing to do (and no content type made ahead of its time)
    content_type, _created = ContentType.objects.get_or_create(
        app_label="contributions", model="contribution"
    )
    now = timezone.now()
    subscribers = {s.email.lower(): s.pk for s in Subscriber.objects.all()}
    last = 0
    while True:
        rows = list(
            Contribution.objects.filter(pk__gt=last)
            .exclude(email="")
            .order_by("pk")
            .values_list("pk", "email", "process_id")[:BATCH]
        )
        if not rows:
            break
        last = rows[-1][0]
        for _pk, email, _process in rows:
            key = email.strip().lower()
            if key and key not in subscribers:
                subscribers[key] = Subscriber.objects.create(
                    email=email.strip(), token=secrets.token_urlsafe(32), created=now
                ).pk
        existing = set(
            Follow.objects.filter(
                target_type=content_type, target_id__in=[r[0] for r in rows], ended_at__isnull=True
            ).values_list("subscriber_id", "target_id")
        )
        Follow.objects.bulk_create(
            [
                Follow(
                    subscriber_id=subscribers[email.strip().lower()],
                    process_id=process_id,
                    target_type=content_type,
                    target_id=pk,
                    confirm_token=secrets.token_urlsafe(32),
                    created=now,
                    confirmed_at=now,
                )
                for pk, email, process_id in rows
                if email.strip()
                and (subscribers[email.strip().lower()], pk) not in existing
            ]
        )


def backwards(apps, schema_editor):
    Follow = apps.get_model("visionsprocess", "Follow")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(
        app_label="contributions", model="contribution"
    ).first()
    if content_type is not None:
        Follow.objects.filter(target_type=content_type).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0016_contribution_stage_row_constrain"),
        ("visionsprocess", "0013_add_follows_and_notices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
