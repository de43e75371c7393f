"""Attacks on every public page and PDF that shows counts of people: render it for a dataset
with small cells (a district where 1 person took part, an age band of 3 in a district), read
every number shown, and try every subtraction across the tables of the page
(``tests.visionsprocess.disclosure_attack``). No hidden count may come out exact.

Also the ranking of "Furthest under their share": whole age bands and districts are named, not
only cells of the grid."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from contributions.documents import KEY, build_context
from contributions.models import ContributionTheme, PopulationFigure
from dialog.models import MeetingAgeCount
from tests.contributions.staff_factories import (
    DistrictFactory,
    MeetingFactory,
    StaffContributionFactory,
    ThemeFactory,
)
from tests.factories import ProcessFactory
from tests.visionsprocess.disclosure_attack import (
    Attack,
    denominator_from_shares,
    html_tables,
    parse_count,
    parse_share,
)
from visionsprocess.models import AgeBand
from visionsprocess.registry import documents
from visionsprocess.rendering import render_pdf

pytestmark = pytest.mark.django_db

# Kramfors: 18,000 inhabitants; children 12 and under 15.5 %, Ullånger 4.6 %.
POPULATION_AGE = {
    "0-12": 2790, "13-19": 1300, "20-34": 2600, "35-49": 2700,
    "50-64": 3400, "65-79": 3600, "80+": 1610,
}  # fmt: skip
POPULATION_DISTRICT = {
    "Kramfors": 8000, "Nyland": 3500, "Bjärtrå": 2500, "Ullånger": 828, "Nordingrå": 3172
}  # fmt: skip
#: Group conversations: (district, age band, people).
GROUPS = [
    ("Kramfors", "20-34", 60), ("Kramfors", "35-49", 50), ("Kramfors", "0-12", 3),
    ("Nyland", "65-79", 40), ("Nyland", "20-34", 30),
    ("Bjärtrå", "35-49", 25), ("Bjärtrå", "50-64", 33), ("Nordingrå", "50-64", 8),
]  # fmt: skip
#: Dialogue meetings record ages only: 100 people of no known district.
MEETING = {"0-12": 18, "13-19": 20, "65-79": 30, "80+": 32}


@pytest.fixture
def kramfors():
    return build_kramfors()


def build_kramfors():
    """350 people: one of them from Ullånger (0.4 % of those who gave a district, 4.6 % of the
    population), three children in Kramfors; children 12 and under are 6.0 % against 15.5 %."""
    process = ProcessFactory(title="Vision Kramfors 2040", slug="vision-kramfors-2040")
    m = process.municipality
    districts = {
        name: DistrictFactory(municipality=m, name=name, order=i)
        for i, name in enumerate(POPULATION_DISTRICT)
    }
    for band, count in POPULATION_AGE.items():
        PopulationFigure.objects.create(municipality=m, age_band=band, year=2025, count=count)
    for name, count in POPULATION_DISTRICT.items():
        PopulationFigure.objects.create(
            municipality=m, district=districts[name], year=2025, count=count
        )
    contributions = [
        StaffContributionFactory(
            process=process,
            kind="group_report",
            group_size=size,
            group_age_bands=[band],
            district=districts[name],
        )  # fmt: skip
        for name, band, size in GROUPS
    ]
    contributions.append(
        StaffContributionFactory(process=process, age_band="50-64", district=districts["Ullånger"])
    )
    meeting = MeetingFactory(process=process)
    for band, count in MEETING.items():
        MeetingAgeCount.objects.create(meeting=meeting, age_band=band, count=count)
    return process, districts, contributions


def page(client, process) -> str:
    response = client.get(process.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200
    return response.content.decode()


# --- Who has taken part (the process page) -----------------------------------------------------


def attack_representation(html: str) -> tuple[Attack, dict]:
    tables = html_tables(html)
    section = html.split('id="representation-section"', 1)[1].split("</section>", 1)[0]
    attack = Attack()
    attack.shown("T", int(re.search(r"(\d+) personer? har deltagit", section).group(1)))
    unknown = re.search(r'id="representation-unknown">(.*?)</p>', section, re.S)
    line = unknown.group(1) if unknown else ""
    age_match = re.search(r"Angav ingen åldersgrupp: (\w+)", line)
    district_match = re.search(r"Angav ingen kommundel: (\w+)", line)
    attack.shown("UA", age_match.group(1) if age_match else 0)
    attack.shown("UD", district_match.group(1) if district_match else 0)
    shown = {}

    def margin(table_id, prefix, denominator):
        keys, pairs = [], []
        for label, count, share, _population in tables[table_id][1:]:
            key = (prefix, label.split(" under sin andel")[0])
            attack.shown(key, count)
            shown[key] = count
            keys.append(key)
            pairs.append((parse_count(count), parse_share(share)))
        attack.between(denominator, *denominator_from_shares(pairs))
        return keys

    ages = margin("representation-ages", "age", "KA")
    districts = margin("representation-districts", "district", "KD")
    attack.adds_up("T", [*ages, "UA"])
    attack.adds_up("KA", ages)
    attack.adds_up("T", ["KA", "UA"])
    attack.adds_up("T", [*districts, "UD"])
    attack.adds_up("KD", districts)
    attack.adds_up("T", ["KD", "UD"])
    matrix = tables["representation-matrix"]
    names = matrix[0][1:]
    cells, pairs = {}, []
    for row in matrix[1:]:
        band = row[0]
        for name, text in zip(names, row[1:], strict=True):
            key = ("cell", band, name)
            attack.shown(key, text)
            shown[key] = text
            cells[key] = text
            pairs.append((parse_count(text), parse_share(text.split("(")[0])))
    attack.between("KB", *denominator_from_shares(pairs))
    attack.adds_up("KB", list(cells))
    for band in [r[0] for r in matrix[1:]]:
        attack.unknown(("no district", band))
        attack.adds_up(("age", band), [*[("cell", band, n) for n in names], ("no district", band)])
    for name in names:
        attack.unknown(("no age", name))
        bands = [r[0] for r in matrix[1:]]
        attack.adds_up(("district", name), [*[("cell", b, name) for b in bands], ("no age", name)])
    attack.unknown("neither")
    attack.adds_up("UA", [*[("no age", n) for n in names], "neither"])
    attack.adds_up("UD", [*[("no district", r[0]) for r in matrix[1:]], "neither"])
    return attack, shown


def test_who_has_taken_part_gives_no_hidden_count_away(client, kramfors):
    process, *_ = kramfors
    html = page(client, process)
    attack, shown = attack_representation(html)
    assert attack.hidden, "the dataset has small cells: some count must be hidden"
    assert shown[("district", "Ullånger")] == "dolt"
    assert shown[("cell", "12 år eller yngre", "Kramfors")].startswith("dolt")
    assert attack.run() == {}
    # The old page gave it away: 350 − 100 − (113 + 70 + 58 + 8) = 1.
    assert "skyddar enskilda" in html


def test_the_attack_finds_the_person_from_ullanger_when_only_small_counts_are_hidden(
    client, kramfors, monkeypatch
):
    """The attack is real: with primary suppression alone (the old rule), it finds the 1."""
    from visionsprocess import disclosure

    def primary_only(self):
        small = {k for k, v in self.values.items() if 0 < v < 5 and k not in self.exempt}
        return disclosure.Disclosure(values=dict(self.values), hidden=frozenset(small))

    monkeypatch.setattr(disclosure.CountTable, "protect", primary_only)
    attack, _shown = attack_representation(page(client, process := kramfors[0]))
    assert process and attack.run().get(("district", "Ullånger")) == 1


def test_furthest_under_names_whole_age_bands_and_districts(client, kramfors):
    """A district at 0.4 % of participants against 4.6 % of the population, children 12 and
    under at 6.0 % against 15.5 %: both named, beside the cells of the grid."""
    process, *_ = kramfors
    html = page(client, process)
    box = html.split('id="furthest-under"', 1)[1].split("</div>", 1)[0]
    assert "12 år eller yngre (6,0 % av deltagarna, 15,5 % av befolkningen)" in box
    # Ullånger's one participant is hidden, so is the share; the gap is still named.
    assert "Ullånger (4,6 % av befolkningen)" in box
    assert "Nordingrå" in box and " i " in box  # the largest gap and a cell of the grid
    ages = html_tables(html)["representation-ages"]
    assert any(r[0].startswith("12 år eller yngre") and "under sin andel" in r[0] for r in ages)
    districts = html_tables(html)["representation-districts"]
    assert any(r[0].startswith("Ullånger") and "under sin andel" in r[0] for r in districts)


def test_staff_see_the_exact_figures(client, kramfors, django_user_model):
    from tests.factories import ProcessRoleFactory
    from visionsprocess.models import Role

    process, *_ = kramfors
    client.force_login(ProcessRoleFactory(process=process, role=Role.OFFICIAL).user)
    html = client.get(
        reverse("contributions:staff_overview", kwargs={"slug": process.slug})
    ).content.decode()
    districts = html_tables(html)["representation-districts"]
    assert [c.split(" under")[0] for c in districts[4][:2]] == ["Ullånger", "1"]


# --- Ni sa – vi gjorde -------------------------------------------------------------------------


def theme_dataset(process, districts, contributions):
    traffic = ThemeFactory(process=process, name="Kollektivtrafik")
    bathing = ThemeFactory(process=process, name="Badplatser")
    tagged = [
        *StaffContributionFactory.create_batch(
            12, process=process, age_band="20-34", district=districts["Kramfors"]
        ),
        *StaffContributionFactory.create_batch(
            2, process=process, kind="letter", age_band="65-79", district=districts["Nyland"]
        ),
        contributions[-1],  # the idea from Ullånger
        contributions[0],  # a group conversation in Kramfors
    ]
    for contribution in tagged:
        ContributionTheme.objects.create(contribution=contribution, theme=traffic)
    for contribution in StaffContributionFactory.create_batch(3, process=process):
        ContributionTheme.objects.create(contribution=contribution, theme=bathing)
    return traffic, bathing


def attack_outcome(block: str) -> Attack:
    attack = Attack()
    total = re.search(r'class="outcome-total">(.*?)</p>', block, re.S).group(1)
    attack.shown("T", "dolt" if "dolt" in total else re.search(r"(\d+) bidrag", total).group(1))
    for dt, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block, re.S):
        parts = []
        for item in dd.split(" · "):
            label, value = item.rsplit(": ", 1)
            attack.shown((dt, label), value)
            parts.append((dt, label))
        if dt != "Typ":  # those who gave no district or age band are not listed
            attack.unknown((dt, "not given"))
            parts.append((dt, "not given"))
        attack.adds_up("T", parts)
    return attack


def test_you_said_we_did_gives_no_hidden_count_away(client, kramfors):
    process, districts, contributions = kramfors
    traffic, bathing = theme_dataset(process, districts, contributions)
    html = client.get(
        reverse("process_outcome", kwargs={"slug": process.slug}), HTTP_ACCEPT_LANGUAGE="sv"
    ).content.decode()
    for theme in (traffic, bathing):
        block = html.split(f'id="tema-{theme.pk}"', 1)[1].split("</article>", 1)[0]
        attack = attack_outcome(block)
        assert attack.hidden
        assert attack.run() == {}, theme.name
    traffic_block = html.split(f'id="tema-{traffic.pk}"', 1)[1].split("</article>", 1)[0]
    assert "16 bidrag" in traffic_block and "Ullånger: dolt" in traffic_block


# --- The dialogue synthesis (a published PDF) --------------------------------------------------


def pdf_lines(process) -> list[str]:
    kind = documents.get(KEY)
    pdf = render_pdf(template=kind.template, context=build_context(process))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


CHARTS = {
    "Bidrag per typ": "kind",
    "Bidrag per kanal": "channel",
    "Bidrag per skede": "stage",
    "Bidrag per kommundel": "district",
    "Bidrag per åldersgrupp": "age",
}


def attack_synthesis(lines: list[str]) -> tuple[Attack, dict]:
    """The tables under the charts: a caption line, a heading line, then "label value" rows."""
    attack = Attack()
    # The first page's table of contributions by channel ends with the total.
    total_line = next(line for line in lines if re.match(r"^Totalt (\d+|dolt)$", line))
    attack.shown("T", total_line.split()[-1])
    found: dict[str, dict[str, str]] = {}
    current = None
    for line in lines:
        if line in CHARTS:
            current = CHARTS[line]
            found[current] = {}
            continue
        row = re.match(r"^(.*\S) (\d+|dolt)$", line)
        if current and row and row.group(1) in found[current]:
            # The charts' own text (label, value) comes after the tables: the same rows again.
            current = None
        elif current and row:
            found[current][row.group(1)] = row.group(2)
        elif current and found[current] and not line.startswith("Kategori"):
            current = None
    for name, rows in found.items():
        parts = []
        for label, value in rows.items():
            attack.shown((name, label), value)
            parts.append((name, label))
        attack.unknown((name, "not listed"))
        attack.adds_up("T", [*parts, (name, "not listed")])
    return attack, found


def test_the_dialogue_synthesis_pdf_gives_no_hidden_count_away(kramfors):
    process, districts, contributions = kramfors
    theme_dataset(process, districts, contributions)
    attack, found = attack_synthesis(pdf_lines(process))
    assert set(found) == set(CHARTS.values())  # every table under a chart was read
    assert len(found["district"]) == 6 and len(found["age"]) == 8  # with "Inte angiven": not given
    assert found["district"].get("Ullånger") == "dolt"
    assert attack.hidden and attack.run() == {}


def test_age_band_labels_in_the_fixture_are_real_bands():
    assert set(POPULATION_AGE) == set(AgeBand.values)


# --- Published survey results ------------------------------------------------------------------


def test_published_survey_results_give_no_hidden_count_away(client):
    from contributions.services import surveys as services
    from tests.contributions.survey_factories import answer, build_survey, close

    process = ProcessFactory(title="Framtidsbygget", slug="framtidsbygget")
    survey, q = build_survey(process)
    # Nine answers: one by telephone, one from Nyland, one from Bjärtrå, one unhappy.
    for i in range(9):
        answer(
            survey, q, contact=1 if i == 0 else 0, district=i if i < 3 else 0,
            satisfaction=2 if i == 1 else 4, age="65-79" if i == 2 else "35-49",
        )  # fmt: skip
    close(survey)
    services.survey_results_publish(survey=survey, public=True)
    html = page(client, process)
    section = html.split(f'id="survey-results-{survey.pk}"', 1)[1].split("</details>", 1)[0]
    respondents = int(re.search(r"(\d+) personer svarade", section).group(1))
    tables = html_tables(section)
    attacked = 0
    for question in q.values():
        rows = tables.get(f"caption:{question.label}")
        if not rows or question.kind in ("multiple", "ranking"):
            continue
        attack = Attack()
        keys, pairs = [], []
        for label, count, share in rows[1:]:
            attack.shown(label, count)
            keys.append(label)
            pairs.append((parse_count(count), parse_share(share)))
        attack.between("answered", *denominator_from_shares(pairs))
        attack.between("answered", 0, respondents)
        attack.adds_up("answered", keys)
        assert attack.run() == {}, question.label
        attacked += bool(attack.hidden)
    assert attacked >= 3  # contact, satisfaction, district (and age)
    assert "Medelvärde" not in section  # with a hidden count, the average would solve for it
    assert "skyddar enskilda" in section
