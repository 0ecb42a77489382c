"""Companies and their structure through the service layer, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bangla_text import latin_left
from vextrus.modules.organization import api, service
from vextrus.modules.organization.demo import load as load_demo
from vextrus.modules.organization.service import CompanyInput
from vextrus.modules.organization.web import home_cards
from vextrus.platform import context
from vextrus.platform.errors import Conflict, NotFound, PermissionDenied, StaleVersion, ValidationFailed
from vextrus.platform.ids import new_id
from vextrus.platform.tables import OutboxEvent


def _company(code: str = "ACME", **kw) -> service.CompanyView:
    return service.create_company(CompanyInput(code=code, name=f"{code} Builders Ltd.", **kw))


def test_company_gets_bangladesh_defaults_and_normalised_numbers(admin):
    c = _company(tin="১২৩৪-৫৬৭৮-৯০১২", bin="001234567 0101", name_bn="একমি")
    assert (c.base_currency, c.fiscal_year_start_month, c.time_zone, c.weekend_days) == ("BDT", 7, "Asia/Dhaka", "Fri")
    assert c.tin == "123456789012" and c.bin == "0012345670101"
    assert api.get_company(c.id) == c and [x.code for x in api.list_companies()] == ["ACME"]


@pytest.mark.parametrize("field,value", [("tin", "12345"), ("bin", "12"), ("fiscal_year_start_month", 13),
                                         ("weekend_days", "Funday"), ("code", "bad code!")])
def test_invalid_legal_details_name_the_field(admin, field, value):
    data = {"code": "ACME", "name": "Acme", field: value}
    with pytest.raises(ValidationFailed) as err:
        service.create_company(CompanyInput(**data))
    assert err.value.field == field and err.value.message_bn


def test_duplicate_code_is_a_conflict_and_update_is_versioned(admin):
    c = _company()
    with pytest.raises(Conflict):
        _company()
    up = service.update_company(c.id, CompanyInput(code="ACME", name="Acme Holdings Ltd."), expected_version=1)
    assert up.version == 2 and up.name == "Acme Holdings Ltd."
    with pytest.raises(StaleVersion):
        service.update_company(c.id, CompanyInput(code="ACME", name="Other"), expected_version=1)


def test_structure_branch_site_department_cost_centre(admin):
    c = _company()
    ho = service.add_branch(c.id, "HO", "Dhaka head office", "head_office")
    site = service.add_branch(c.id, "S1", "Site one", "site")
    dept = service.add_department(c.id, "ACC", "Accounts", branch_id=ho.id)
    cc = service.add_cost_centre(c.id, "CC1", "Site one works", department_id=dept.id, branch_id=site.id)
    kinds = [(u.kind, u.code) for u in service.list_units(c.id)]
    assert kinds == [("head_office", "HO"), ("site", "S1"), ("department", "ACC"), ("cost_centre", "CC1")]
    assert api.cost_centre_exists(cc.id) and not api.cost_centre_exists(new_id())
    for i in range(2, 13):  # twelve sites: the home card counts them in Bangla digits on a Bangla page
        service.add_branch(c.id, f"S{i}", f"Site {i}", "site")
    (card,) = home_cards()
    assert (card.note, card.note_bn) == ("12 project sites", "১২টি প্রকল্প সাইট") and latin_left(card.note_bn) == []


def test_unit_parent_must_belong_to_the_same_company(admin):
    a, b = _company("A1"), _company("B1")
    hb = service.add_branch(b.id, "HO", "B office", "head_office")
    with pytest.raises(NotFound):
        service.add_department(a.id, "ACC", "Accounts", branch_id=hb.id)


def test_person_may_belong_to_several_companies(admin):
    a, b = _company("A1"), _company("B1")
    user = new_id()
    api.add_member(a.id, user)
    api.add_member(b.id, user, "Engineer")
    api.add_member(b.id, user)  # idempotent
    assert sorted(api.companies_of(user)) == sorted([a.id, b.id])
    assert [m.user_id for m in service.members(b.id)] == [user]


def test_permissions_are_checked_in_the_service(tenant_id):
    viewer = context.RequestContext(tenant_id=tenant_id, permissions=frozenset({"*.*.view"}))
    with context.acting_as(viewer):
        assert service.list_companies() == []
        with pytest.raises(PermissionDenied):
            _company()


def test_other_tenants_companies_are_invisible(admin, db):
    c = _company()
    other = context.RequestContext(tenant_id=new_id(), permissions=frozenset({"*"}))
    with context.acting_as(other):
        assert service.list_companies() == [] and api.get_company(c.id) is None
        with pytest.raises(NotFound):
            service.get_company(c.id)
        with pytest.raises(NotFound):
            service.add_branch(c.id, "X", "Intruder office")


def test_demo_company_has_head_office_site_departments_and_cost_centres(tenant_id, db):
    load_demo(tenant_id)
    with context.acting_as(context.system_context(tenant_id)):
        (c,) = service.list_companies()
        units = service.list_units(c.id)
    assert c.name == "Padma Builders Ltd." and c.tin and c.bin
    names = {u.name for u in units}
    assert {"Dhaka head office", "Mirpur Tower site"} <= names
    assert {u.kind for u in units} == {"head_office", "site", "department", "cost_centre"}
    with db.session_factory() as s, context.acting_as(context.system_context(tenant_id)):
        created = s.execute(select(OutboxEvent.name).where(OutboxEvent.tenant_id == tenant_id)).scalars().all()
    assert "organization.company.created" in created
