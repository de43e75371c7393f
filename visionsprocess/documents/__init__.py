"""The document pipeline: ask for a PDF, render it in Celery, download it, archive it."""
