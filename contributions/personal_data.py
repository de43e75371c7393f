"""Personal data a writer may not mean to publish: a personnummer or a phone number in a text.

Used to warn *before* a text is posted (the form comes back with a warning and a choice to edit
or post anyway). A warning, not a filter: "Ring 112" or a year range must not stop anyone, so
the patterns are strict (a personnummer must pass the Luhn check, a phone number must look like
a Swedish number).
"""

import re

# 6 or 8 digits of birth date, an optional - or +, four digits; not inside a longer number.
_PERSONNUMMER = re.compile(r"(?<![\d-])(\d{2})?(\d{6})\s?[-+]?\s?(\d{4})(?![\d-])")
# +46 or 0, then 7–9 more digits, optionally grouped by spaces or hyphens.
_PHONE = re.compile(r"(?<![\d+])(?:\+46[\s-]?|0046[\s-]?|0)[1-9](?:[\s-]?\d){6,9}(?![\d-])")
_LINK = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"']+")


def _luhn(digits: str) -> bool:
    total = 0
    for i, char in enumerate(digits):
        n = int(char) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _valid_date(yymmdd: str) -> bool:
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    if day > 60:  # samordningsnummer: the day plus 60
        day -= 60
    return 1 <= month <= 12 and 1 <= day <= 31


def has_personnummer(text: str) -> bool:
    for match in _PERSONNUMMER.finditer(text or ""):
        date, last = match.group(2), match.group(3)
        if _valid_date(date) and _luhn(date + last):
            return True
    return False


def has_phone_number(text: str) -> bool:
    return bool(_PHONE.search(text or ""))


def personal_data_found(text: str) -> list[str]:
    """What kinds of personal data the text seems to hold: ``"personnummer"``, ``"phone"``."""
    found = []
    if has_personnummer(text):
        found.append("personnummer")
    if has_phone_number(text):
        found.append("phone")
    return found


def links_in(text: str) -> list[str]:
    return _LINK.findall(text or "")
