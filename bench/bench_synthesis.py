"""Benchmark of drafting a theme's key points (``analysis.key_points``): ``python -m bench
bench_synthesis``. No database: the algorithm is pure.

One theme of N contributions (1,000 and 5,000, the most the drafting reads per theme), each two
to four sentences of the labelled Ljusdal set recombined at random (a third quotable, a few in
confirmed near-duplicate groups), spread over four districts, four age bands and three
channels. Prints the wall-clock and CPU time of proposing five key points, and the voices the
points stand for.
"""

import csv
import os
import random
import re
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "contributions" / "data"
SIZES = [int(s) for s in os.environ.get("BENCH_SYNTHESIS_SIZES", "1000,5000").split(",")]


def _sentences() -> list[str]:
    out = []
    with open(DATA / "themes_ljusdal.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            out.extend(s for s in re.split(r"(?<=[.!?])\s+", row["text"]) if len(s) > 12)
    return out


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "visionsprocess.settings")
    import django

    django.setup()
    from contributions.analysis.key_points import Voice, key_points
    from contributions.analysis.text import dictionary

    dictionary()  # loaded once per worker process; not part of a drafting
    rng = random.Random(2040)
    sentences = _sentences()
    for size in SIZES:
        voices = [
            Voice(
                id=n,
                text=" ".join(rng.sample(sentences, rng.randint(2, 4))),
                quotable=n % 3 == 0,
                channel=rng.choice(["web", "interview", "paper_form"]),
                district=rng.choice(["Vaggeryd", "Skillingaryd", "Hok", "Svenarum"]),
                age_band=rng.choice(["13-19", "20-34", "35-49", "65-79"]),
                group=(n // 5) if n % 50 < 5 else None,
            )
            for n in range(size)
        ]
        wall, cpu = time.perf_counter(), time.process_time()
        points = key_points(voices, k=5)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(
            f"key points of one theme of {size} contributions: {wall:.2f} s wall, {cpu:.2f} s CPU; "
            f"{len(points)} points standing for {sum(p.voices for p in points)} voices"
        )
