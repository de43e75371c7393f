"""Hand the outbox's waiting work to the broker (what the beat task ``relay_outbox`` does)."""

import time

from django.core.management.base import BaseCommand

from visionsprocess import outbox


class Command(BaseCommand):
    help = (
        "Hand tasks and e-mails waiting in the outbox to the Celery broker. Celery beat does this "
        "every OUTBOX_RELAY_SECONDS; use this where beat does not run, or after an outage."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", type=float, metavar="SECONDS", help="keep relaying, every SECONDS"
        )

    def handle(self, *args, loop=None, **options):
        while True:
            handed_over = outbox.relay()
            backlog = outbox.backlog()
            self.stdout.write(
                f"handed over {handed_over}; waiting: {backlog['tasks_waiting']} task(s), "
                f"{backlog['emails_waiting']} e-mail(s)"
            )
            if not loop:
                return
            time.sleep(loop)
