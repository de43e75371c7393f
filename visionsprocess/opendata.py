"""JSON from the open-data services we read (Statistics Sweden's PxWeb, Kolada): one place for
the timeout, the size limit and the errors an official can read.

Every failure (unreachable, slow, an HTTP error, too large, not JSON) raises the caller's
``OpenDataError`` subclass with a message naming the service; callers then change nothing.
"""

import json
import logging
import socket
import urllib.error
import urllib.request

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class OpenDataError(Exception):
    """The service could not give a usable answer; ``str()`` says why, in plain words."""


def fetch_json(
    request: urllib.request.Request,
    *,
    service: str,
    timeout: float,
    max_bytes: int,
    error: type[OpenDataError] = OpenDataError,
    status_text=None,
):
    """The JSON ``request`` is answered with. ``service``: the service's name as officials know
    it ("SCB", "Kolada"). ``status_text(status)``: a message of the caller's own for an HTTP
    error status (``None``: the general one)."""
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        text = status_text(exc.code) if status_text else None
        raise error(
            text
            or _("%(service)s answered with HTTP status %(status)s. Nothing was changed.")
            % {"service": service, "status": exc.code}
        ) from exc
    except TimeoutError as exc:
        raise error(_timeout_text(service, timeout)) from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError | socket.timeout):
            raise error(_timeout_text(service, timeout)) from exc
        # The reason is the operating system's, in English ("[Errno -2] Name or service not
        # known"): it goes to the log, the person reads what it means.
        logger.warning("%s unreachable: %s", service, exc.reason)
        raise error(
            _(
                "Could not reach %(service)s: there is no connection to its server from here "
                "just now. Try again later. Nothing was changed."
            )
            % {"service": service}
        ) from exc
    except OSError as exc:
        raise error(
            _("Could not read the answer from %(service)s (%(reason)s). Nothing was changed.")
            % {"service": service, "reason": exc.__class__.__name__}
        ) from exc
    if len(body) > max_bytes:
        raise error(
            _("The answer from %(service)s was too large. Nothing was changed.")
            % {"service": service}
        )
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise error(
            _("The answer from %(service)s was not valid JSON. Nothing was changed.")
            % {"service": service}
        ) from exc


def _timeout_text(service: str, timeout: float) -> str:
    return _(
        "%(service)s did not answer within %(seconds)s seconds. Try again later. "
        "Nothing was changed."
    ) % {"service": service, "seconds": f"{timeout:g}"}
