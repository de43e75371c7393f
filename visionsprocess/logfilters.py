"""Logging filters: a log an operator reads shows what matters.

Django logs every 4xx answer of a view that raised (``PermissionDenied``, ``Http404``,
``BadRequest``, a rate limit) with the exception's whole traceback. A 403 is the permission
check working, not a fault: one line (status, method, path) says all there is to say, and the
tracebacks are kept for what is a fault, the 5xx answers.
"""

import logging

from . import redact


class ClientErrorsWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True


# Masking lives beside the patterns it masks; the settings name it here with the other filters.
MaskPersonalData = redact.MaskPersonalData
