"""Signals through which downstream apps follow the drafting without the core importing them."""

from django.dispatch import Signal

#: Sent when a new version is made as a copy of an earlier one, or a paragraph is split.
#: ``mapping`` is ``{old_paragraph_id: new_paragraph}``; ``actor`` the user who did it.
paragraphs_copied = Signal()

#: Sent (inside the transaction) when a version becomes public: put out for consultation
#: (``state="consultation"``) or adopted (``state="adopted"``). Apps emit their notices from it,
#: e.g. the contributions app tells the followers of every theme and contribution the text cites.
version_made_public = Signal()
