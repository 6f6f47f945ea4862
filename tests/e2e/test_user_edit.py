"""The bureau edits a user in the browser (CSRF on): a refused value comes back in Dutch on the form, the saved
change shows on the users list and on the user's log page."""

import pytest

from tests.conftest import ADMIN
from tests.e2e.user_actions import log_in
from workflow.phases import Role


@pytest.mark.e2e
def test_the_bureau_edits_a_user(page, live_server, people, shoot):
    people.make(Role.ADMIN, ADMIN, regions=())
    manager, _ = people.make(Role.REGIOMANAGER, "rita@x.nl", regions=("Utrecht",))
    log_in(page, live_server, ADMIN)
    page.goto(f"{live_server}/beheer/gebruikers")
    page.get_by_role("link", name="Rita").click()
    page.wait_for_url(f"**/beheer/gebruikers/{manager.id}")
    page.fill("#name", "")
    page.get_by_label("Gelderland").check()
    page.get_by_role("button", name="Opslaan").click()
    assert "Naam: vul dit in" in page.inner_text("main")
    assert page.get_by_label("Gelderland").is_checked(), "the choices are kept on the refused form"
    shoot(page, "gebruiker-01-fout")
    page.fill("#name", "Rita de Vries")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/beheer/gebruikers")
    assert "De gegevens van Rita de Vries zijn opgeslagen" in page.inner_text("main")
    assert "Gelderland, Utrecht" in page.inner_text("main")
    page.goto(f"{live_server}/beheer/gebruikers/{manager.id}/logboek")
    changes = page.inner_text("table.log-account")
    assert "Rita de Vries" in changes and "Gelderland" in changes
    shoot(page, "gebruiker-02-logboek")
