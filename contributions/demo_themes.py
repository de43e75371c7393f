"""Demo data: what the Vision 2040 themes are about (description and example phrases, as an
official would write them) and a trained theme model, so the suggestions work on the demo."""

from .analysis.store import retrain
from .models import Theme, ThemeMapPublication

ABOUT = {
    "Trafik och pendling": (
        "Att ta sig till jobb, skola och fritid: tåg, buss, bil, cykel och gång, "
        "och vägarna mellan orterna.",
        [
            "Tåget till Jönköping går för sällan på kvällen",
            "Det behövs en belyst cykelväg längs väg 30",
            "Bussen till Hok går bara två gånger om dagen",
            "Fler pendlarparkeringar vid stationen i Skillingaryd",
        ],
    ),
    "Skola och förskola": (
        "Förskolan, grundskolan och gymnasiet: lärare, klasser, skolgårdar och skolvägar.",
        [
            "Fler lärare och mindre klasser på högstadiet",
            "Förskolan i Hok har för få platser",
            "Skolgården behöver mer grönska och lekplats",
        ],
    ),
    "Natur och friluftsliv": (
        "Skogen, sjöarna, Lagan och Härån, vandringsleder, badplatser och miljön.",
        [
            "Rusta upp vandringslederna runt Store Mosse",
            "Rena sjöar att bada i på sommaren",
            "Spara skogen nära tätorten, den är vår lunga",
        ],
    ),
    "Boende": (
        "Bostäder att hyra och köpa, tomter, boende för unga och äldre.",
        [
            "Det finns inga hyresrätter för unga som vill flytta hemifrån",
            "Fler tomter nära sjön skulle locka barnfamiljer",
            "Trygghetsboende för äldre i Vaggeryd",
        ],
    ),
    "Kultur och fritid": (
        "Idrott, föreningar, bibliotek, musik, evenemang och mötesplatser för fritiden.",
        [
            "Ett badhus med året-runt-öppet",
            "Biblioteket borde vara öppet på kvällar och helger",
            "Mer stöd till föreningarna som driver fotbollen",
            "En fritidsgård där ungdomar kan hänga efter skolan",
        ],
    ),
    "Näringsliv och jobb": (
        "Företag, arbetstillfällen, sommarjobb, handel och logistik i kommunen.",
        [
            "Fler sommarjobb för ungdomar",
            "Lättare att starta företag, snabbare bygglov",
            "Logistikföretagen vid E4 behöver folk med rätt utbildning",
        ],
    ),
    "Trygghet och gemenskap": (
        "Att känna sig trygg och välkommen: belysning, grannar, mötesplatser och att "
        "ingen lämnas ensam.",
        [
            "Mörkt och otryggt vid busshållplatsen på kvällen",
            "Fler ställen där nya och gamla invånare kan träffas",
            "Grannsamverkan gör att man känner varandra",
        ],
    ),
}


def load(core) -> None:
    process = core.vision
    for theme in Theme.objects.filter(process=process, name__in=list(ABOUT)):
        description, examples = ABOUT[theme.name]
        changed = []
        if not theme.description:
            theme.description = description
            changed.append("description")
        if not theme.examples:
            theme.examples = "\n".join(examples)
            changed.append("examples")
        if changed:
            theme.save(update_fields=changed)
    # The worker's training, run here once so the demo has suggestions from the first page.
    retrain(process_id=process.pk)
    # The officials have published the map of what was said (the public "Temakarta").
    ThemeMapPublication.objects.get_or_create(process=process)
