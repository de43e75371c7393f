"""Logging filters: a log an operator reads shows what matters.

Django logs every 4xx answer of a view that raised (``PermissionDenied``, ``Http404``,
``BadRequest``, a rate limit) with the exception's whole traceback. A 403 is the permission
check working, not a fault: one line (status, method, path) says all there is to say, and the
tracebacks are kept for what is a fault, the 5xx answers.
"""

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True


class MaskPersonalData(logging.Filter):
    """Masks e-mail addresses and personnummer in every record a handler writes: the message
    with its arguments, and the traceback (``visionsprocess/redact.py``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        from .redact import mask

        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is logged as it is
            return True
        record.msg, record.args = mask(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True
