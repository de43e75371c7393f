"""Addresses of a contribution that e-mails and notices carry (below the services and notices,
which both send them)."""

from django.urls import reverse

from visionsprocess.services import absolute_url


def tracking_url(contribution) -> str:
    """The private link to follow a contribution (absolute, for e-mails)."""
    return absolute_url(
        reverse("contributions:track", kwargs={"token": contribution.tracking_token})
    )
