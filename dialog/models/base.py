"""Tokens and name keys the dialog models share."""


def new_token() -> str:
    import secrets

    return secrets.token_urlsafe(24)


def normalise_name(name: str) -> str:
    """The key that decides whether two organisation names are the same one."""
    return " ".join((name or "").casefold().replace("\u00a0", " ").split())
