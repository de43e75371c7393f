"""Writing finished files to storage so that a half-written file is never the finished one."""

import hashlib
import os
import uuid

from django.core.files import File
from django.core.files.storage import default_storage


def sha256_of(handle, chunk_size=1024 * 1024) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(chunk_size), b""):
        digest.update(chunk)
    return digest.hexdigest()


def publish_file(*, local_path: str, final_name: str) -> tuple[str, str, int]:
    """Copy a complete local file into storage under ``final_name`` via a temporary name.

    The file goes first to ``<final_name>.<random>.part``; on local storage it is then renamed
    atomically (``os.replace``), on other storage copied and the part deleted. The stored file
    is read back and its SHA-256 compared with the local one, so a file that did not arrive
    whole raises ``OSError`` (the caller retries) and is never marked done.

    Returns (stored name, sha256, size).
    """
    with open(local_path, "rb") as handle:
        expected = sha256_of(handle)
    size = os.path.getsize(local_path)
    part_name = f"{final_name}.{uuid.uuid4().hex}.part"
    with open(local_path, "rb") as handle:
        part_name = default_storage.save(part_name, File(handle))
    try:
        if default_storage.exists(final_name):
            default_storage.delete(final_name)  # a leftover of a crashed attempt; never done
        try:
            os.replace(default_storage.path(part_name), default_storage.path(final_name))
            stored = final_name
        except NotImplementedError:  # remote storage: no local paths, copy instead
            with default_storage.open(part_name, "rb") as handle:
                stored = default_storage.save(final_name, handle)
            default_storage.delete(part_name)
    except BaseException:
        if default_storage.exists(part_name):
            default_storage.delete(part_name)
        raise
    with default_storage.open(stored, "rb") as handle:
        actual = sha256_of(handle)
    if actual != expected:
        default_storage.delete(stored)
        raise OSError(f"Stored file {stored} does not match what was written")
    return stored, expected, size
