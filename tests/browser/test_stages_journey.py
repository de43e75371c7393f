"""Stages and templates in the browser: a municipality's administrator starts a service plan from
the Kramfors template (the address fills itself in from the title), reorders stages with the
keyboard, adds one, removes an empty one; the new process is a draft the public cannot find until
the administrator publishes it, and then the public sees the process map as defined – on a 360 px
phone too. axe-core on every page."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from tests.factories import MunicipalityFactory, ProcessFactory, UserFactory
from visionsprocess.models import VisionProcess


def test_administrator_starts_from_a_template_and_shapes_the_stages(page, mobile_page):
    kramfors = MunicipalityFactory(name="Kramfors kommun", code="2282")
    # The address made from the title is taken in this municipality.
    ProcessFactory(slug="framtidsbygget", municipality=kramfors)
    admin = UserFactory(is_superuser=True, is_staff=True)
    # No button colour transitions (Bootstrap honours reduced motion), so axe-core checks the
    # focused button's final colours and not a frame of its fade.
    page.emulate_media(reduced_motion="reduce")
    login(page, admin)

    page.goto("/staff/processer/ny/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny process")
    assert_accessible(page)
    page.get_by_label("Serviceplan med enkät och remiss").check()
    expect(page.get_by_label("Process att kopiera")).to_be_hidden()
    page.get_by_label("Titel").fill("Framtidsbygget – Ådalen")
    expect(page.get_by_label("Adress")).to_have_value("framtidsbygget-adalen")
    # Someone types an address that is taken: a Swedish message with a free one
    page.get_by_label("Adress").fill("framtidsbygget")
    page.get_by_label("Målår").fill("2035")
    page.get_by_role("button", name="Skapa").click()
    expect(page.get_by_text("En annan process har redan adressen framtidsbygget")).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value("Framtidsbygget – Ådalen")
    assert_accessible(page)
    page.get_by_label("Adress").fill("")
    page.get_by_role("button", name="Skapa").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Processens steg")
    process = VisionProcess.objects.get(title="Framtidsbygget – Ådalen")
    assert process.slug == "framtidsbygget-adalen"
    assert_accessible(page)
    stages = page.locator(".stage-admin")
    expect(stages).to_have_count(6)
    expect(stages.nth(0)).to_contain_text("Intervjuer och medborgardialoger")

    # Reorder with the keyboard: the focus stays on the moved stage's button after the swap
    first = process.stages.get(key="interviews")
    page.locator(f"#stage-{first.pk}-down").focus()
    page.keyboard.press("Enter")
    expect(stages.nth(1)).to_contain_text("Intervjuer och medborgardialoger")
    expect(page.locator(f"#stage-{first.pk}-down")).to_be_focused()
    expect(page.locator("#stage-list [role=status]")).to_contain_text("är nu steg 2")
    assert_accessible(page)

    # Add a stage (an empty name first)
    page.get_by_role("link", name="Lägg till ett steg").click()
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Ge steget ett namn på svenska.")).to_be_visible()
    page.get_by_label("Namn på svenska").fill("Ambassadörsnätverket")
    page.get_by_label("Namn på engelska").fill("The ambassador network")
    page.get_by_label("Idé", exact=True).check()
    page.get_by_role("button", name="Spara").click()
    expect(stages).to_have_count(7)
    expect(stages.nth(6)).to_contain_text("Ambassadörsnätverket")

    # Remove an empty stage (after confirming); the current stage offers no removal
    expect(stages.nth(1).get_by_role("button", name="Ta bort")).to_have_count(0)
    page.once("dialog", lambda dialog: dialog.accept())
    stages.nth(6).get_by_role("button", name="Ta bort").click()
    expect(page.get_by_text("Steget ”Ambassadörsnätverket” togs bort.")).to_be_visible()
    expect(stages).to_have_count(6)

    # A new process is a draft: the public does not find it until an administrator publishes it
    response = mobile_page.goto(f"/process/{process.slug}/")
    assert response.status == 404
    mobile_page.goto("/")
    expect(mobile_page.get_by_text("Framtidsbygget – Ådalen")).to_have_count(0)
    page.goto(f"/staff/processer/{process.slug}/")
    expect(page.locator("#draft-notice")).to_contain_text("bara dess personal ser den")
    expect(page.locator("#promise-missing")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publicera processen").click()
    expect(page.get_by_text("Processen är publicerad.")).to_be_visible()
    expect(page.locator("#draft-notice")).to_have_count(0)

    # The public process map on a phone shows the stages as defined
    mobile_page.goto("/")
    expect(mobile_page.get_by_role("link", name="Framtidsbygget – Ådalen")).to_be_visible()
    mobile_page.goto(f"/process/{process.slug}/")
    timeline = mobile_page.get_by_role("list", name="Processkarta")
    expect(timeline.get_by_role("listitem")).to_have_count(6)
    expect(timeline.get_by_role("listitem").nth(0)).to_contain_text("Stormöten och enkät")
    expect(mobile_page.locator('[aria-current="step"]')).to_contain_text(
        "Intervjuer och medborgardialoger"
    )
    assert mobile_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(mobile_page)
