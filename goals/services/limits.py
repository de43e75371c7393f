"""What the goals services accept at most."""

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_CSV_BYTES = 1024 * 1024
MAX_CSV_ROWS = 2000
