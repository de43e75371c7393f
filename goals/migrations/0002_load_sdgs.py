"""Load the 17 global goals of Agenda 2030 with their official Swedish and English names and colours."""

from django.db import migrations

SDGS = [
    (1, "Ingen fattigdom", "No poverty", "#E5243B"),
    (2, "Ingen hunger", "Zero hunger", "#DDA63A"),
    (3, "God hälsa och välbefinnande", "Good health and well-being", "#4C9F38"),
    (4, "God utbildning för alla", "Quality education", "#C5192D"),
    (5, "Jämställdhet", "Gender equality", "#FF3A21"),
    (6, "Rent vatten och sanitet för alla", "Clean water and sanitation", "#26BDE2"),
    (7, "Hållbar energi för alla", "Affordable and clean energy", "#FCC30B"),
    (8, "Anständiga arbetsvillkor och ekonomisk tillväxt", "Decent work and economic growth", "#A21942"),
    (9, "Hållbar industri, innovationer och infrastruktur", "Industry, innovation and infrastructure", "#FD6925"),
    (10, "Minskad ojämlikhet", "Reduced inequalities", "#DD1367"),
    (11, "Hållbara städer och samhällen", "Sustainable cities and communities", "#FD9D24"),
    (12, "Hållbar konsumtion och produktion", "Responsible consumption and production", "#BF8B2E"),
    (13, "Bekämpa klimatförändringen", "Climate action", "#3F7E44"),
    (14, "Hav och marina resurser", "Life below water", "#0A97D9"),
    (15, "Ekosystem och biologisk mångfald", "Life on land", "#56C02B"),
    (16, "Fredliga och inkluderande samhällen", "Peace, justice and strong institutions", "#00689D"),
    (17, "Genomförande och globalt partnerskap", "Partnerships for the goals", "#19486A"),
]


def load(apps, schema_editor):
    SDG = apps.get_model("goals", "SDG")
    for number, name_sv, name_en, colour in SDGS:
        SDG.objects.update_or_create(
            number=number, defaults={"name_sv": name_sv, "name_en": name_en, "colour": colour}
        )


def unload(apps, schema_editor):
    apps.get_model("goals", "SDG").objects.filter(number__in=[s[0] for s in SDGS]).delete()


class Migration(migrations.Migration):
    dependencies = [("goals", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
