"""Real, small media files for upload tests, made on the spot (no binary files in the repo)."""

import io
from functools import cache


def pdf_bytes(*, author: str = "", javascript: str = "", pages: int = 1) -> bytes:
    """A PDF of blank pages; with ``author`` in its information and ``javascript`` run on open
    (document open action and a page action)."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if javascript:
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject(javascript),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
        writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})
    if author:
        writer.add_metadata({"/Author": author, "/Title": "Remissvar"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@cache
def film_bytes(container: str = "mp4", metadata: tuple = ()) -> bytes:
    """A half-second film (64×48, MPEG-4 part 2 or VP8 for WebM) with ``metadata`` pairs."""
    import av

    codec = "vp8" if container == "webm" else "mpeg4"
    out = io.BytesIO()
    with av.open(out, "w", format=container) as film:
        film.metadata.update(dict(metadata))
        stream = film.add_stream(codec, rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for index in range(5):
            frame = av.VideoFrame(64, 48, "yuv420p")
            for plane in frame.planes:
                plane.update(bytes([(index * 40) % 256]) * plane.buffer_size)
            for packet in stream.encode(frame):
                film.mux(packet)
        for packet in stream.encode():
            film.mux(packet)
    return out.getvalue()


#: An iPhone-style location (Vaggeryd) as QuickTime writes it.
LOCATION = "+57.4990+014.1470/"
