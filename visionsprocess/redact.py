"""Masking personal data in text bound for a log: e-mail addresses and Swedish personal identity
numbers (personnummer and samordningsnummer).

A mail server's refusal ("550 5.1.1 <anna@example.org>: Recipient address rejected"), a
database error ("Key (email)=(anna@example.org) already exists") or a traceback can quote what a
person typed. Logs are kept outside gallring's reach, so what they hold must not identify anyone:
an address keeps its domain (which says which mail server refused) and loses its local part, a
personnummer is replaced whole.
"""

import logging
import re

MASK = "***"
PERSONNUMMER_MASK = "[personnummer]"

# A local part as RFC 5321 allows it in practice (dot-atoms, and a quoted string), then a domain.
_EMAIL = re.compile(
    r"""(?:"[^"\r\n]{1,64}"|[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)"""
    r"@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,63}|\[[0-9A-Fa-f:.]+\])",
    re.UNICODE,
)
# YYMMDD or YYYYMMDD, a separator (- or +, or none), four digits; a samordningsnummer adds 60
# to the day. Not inside a longer run of digits (an id, a timestamp).
_PERSONNUMMER = re.compile(
    r"(?<![\d])(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"
    r"[-+]?\d{4}(?!\d)"
)


def mask(text) -> str:
    """``text`` (any object, as ``str``) with e-mail addresses and personnummer masked."""
    text = str(text)
    text = _EMAIL.sub(lambda m: f"{MASK}@{m.group(1)}", text)
    return _PERSONNUMMER.sub(PERSONNUMMER_MASK, text)


def masked_logger(name: str):
    """``logging.getLogger(name)`` with every record it makes masked before any handler (or a
    test's ``caplog``) sees it: for modules that log text from outside (a mail server's answer,
    a database error, a traceback)."""
    logger = logging.getLogger(name)
    if not any(isinstance(f, MaskPersonalData) for f in logger.filters):
        logger.addFilter(MaskPersonalData())
    return logger


class MaskPersonalData(logging.Filter):
    """Masks e-mail addresses and personnummer in every record a handler writes: the message
    with its arguments, and the traceback (``visionsprocess/redact.py``)."""

    def filter(self, record: logging.LogRecord) -> bool:
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
