"""Send the daily digests of notices by hand (what the beat task ``send_notice_digests`` does)."""

from django.core.management.base import BaseCommand

from visionsprocess.notices.digest import digests_send


class Command(BaseCommand):
    help = (
        "Send the digests of notices that are due (those from before the last NOTICE_DIGEST_HOUR). "
        "With --now, send every waiting notice at once, whatever the hour."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", action="store_true", help="send every waiting notice now, whatever the hour"
        )

    def handle(self, *args, now=False, **options):
        sent = digests_send(everything=now)
        self.stdout.write(f"{sent} digest(s) written to the outbox")
