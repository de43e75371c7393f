"""How good are the theme suggestions? Replay hand-tagged contributions and count.

    manage.py themes_evaluate FILE.csv             # a labelled file: id;channel;text;themes
    manage.py themes_evaluate --process vision-2040  # a process's own tagging, oldest first
    manage.py themes_evaluate --process vision-2040 --municipality 0687  # when two have it

Row by row, as an official tagging one contribution after another: ask for the three best
suggestions, then learn the row's true themes (retraining after every row, or every
``--retrain-every`` rows, as the worker retrains after a short pause in the tagging). Prints,
over rows 51 onward, recall@3 and hit@1 of the learned suggestions and of keyword matching (the
suggestions before them, with each theme's name, or its keywords, as the words), and the time per
suggestion and per retraining. Nothing is written to the database.

A file that cannot be read gets a message saying why and exit code 2.
"""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from contributions.analysis import evaluation
from contributions.analysis import text as swedish


class Command(BaseCommand):
    help = "Replay hand-tagged contributions through the theme suggestions and print recall@3."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="UTF-8 CSV, ';', header id;channel;text;themes")
        parser.add_argument("--process", help="Replay this process's own tagged contributions.")
        parser.add_argument(
            "--municipality",
            metavar="CODE",
            help="The municipality of --process (addresses are unique per municipality only).",
        )
        parser.add_argument(
            "--retrain-every",
            type=int,
            default=1,
            help="Retrain after this many learned rows (default 1: after every row).",
        )

    @staticmethod
    def _not_found(reason: str, slug: str, code: str | None) -> str:
        if reason == "municipality":
            return _("There is no municipality with the code “%(code)s”.") % {"code": code}
        if reason == "ambiguous":
            return _(
                "Several municipalities have a process “%(slug)s”: give --municipality CODE "
                "(the municipality's four-digit code)."
            ) % {"slug": slug}
        if code:
            return _("The municipality %(code)s has no process “%(slug)s”.") % {
                "code": code,
                "slug": slug,
            }
        return _("There is no process “%(slug)s”.") % {"slug": slug}

    def fail(self, message: str):
        self.stderr.write(message)
        sys.exit(2)

    def handle(self, *args, file=None, process=None, municipality=None, retrain_every=1, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(file, process, municipality, max(1, retrain_every))

    def _handle(self, file, process, municipality, retrain_every):
        if bool(file) == bool(process):
            self.fail(_("Give either a file or --process SLUG."))
        themes = None
        if municipality and not process:
            self.fail(_("--municipality goes with --process SLUG."))
        if process:
            from contributions.analysis.store import ProcessNotFound, process_at, process_replay

            try:
                found = process_replay(process=process_at(slug=process, municipality=municipality))
            except ProcessNotFound as error:
                self.fail(self._not_found(error.reason, process, municipality))
            themes, rows = found
            if not rows:
                self.fail(_("The process has no tagged contributions to replay."))
        else:
            try:
                with open(file, "rb") as handle:
                    raw = handle.read()
            except OSError as error:
                self.fail(
                    _("The file cannot be read: %(reason)s") % {"reason": error.strerror or error}
                )
            try:
                rows = evaluation.read_rows(raw)
            except evaluation.BadFile as error:
                self.fail(str(error))
        if not swedish.dictionary_available():
            self.stdout.write(
                _("Note: the Swedish word list (wordfreq) is missing; compounds are not split.")
            )
        result = evaluation.replay(rows, themes=themes, retrain_every=retrain_every)
        if not result.rows:
            self.fail(
                _("Fewer than %(n)d rows: nothing is scored before row %(n)d.")
                % {"n": evaluation.SCORED_FROM}
            )
        timing = result.timing()
        out = self.stdout.write
        out(
            _(
                "%(rows)d rows read, %(scored)d scored (row %(first)d onward), retrained every %(every)d row(s)."
            )
            % {
                "rows": len(rows),
                "scored": result.rows,
                "first": evaluation.SCORED_FROM,
                "every": retrain_every,
            }
        )
        out(
            _("Learned suggestions: recall@3 %(recall).3f, hit@1 %(hit).3f")
            % {"recall": result.recall, "hit": result.hit}
        )
        out(
            _("Keyword matching (baseline): recall@3 %(recall).3f, hit@1 %(hit).3f")
            % {"recall": result.baseline_recall, "hit": result.baseline_hit}
        )
        out(
            _("Time per suggestion: median %(median).1f ms, p95 %(p95).1f ms")
            % {"median": timing["suggest_median"], "p95": timing["suggest_p95"]}
        )
        out(
            _("Time per retraining: median %(median).0f ms, longest %(max).0f ms")
            % {"median": timing["train_median"], "max": timing["train_max"]}
        )
        out(result.summary_line())
