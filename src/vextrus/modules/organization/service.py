"""Organization commands and queries. Permissions are checked here, so every edge obeys them."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from sqlalchemy import select

from vextrus.platform import context
from vextrus.platform.changes import field_changes
from vextrus.platform.errors import Conflict, NotFound
from vextrus.platform.pagination import Page, decode_cursor, encode_cursor, paginate
from vextrus.platform.uow import UnitOfWork, command, query, unit_of_work
from vextrus.platform.versioning import check_version

from . import domain
from .events import CompanyCreated, CompanyUpdated, MemberAdded, MemberRemoved, UnitCreated
from .schemas import CompanyInput, CompanyView, MemberView, UnitView
from .tables import Branch, Company, CompanyMember, CostCentre, Department

COMPANY_VIEW = "organization.company.view"
UNIT_VIEW = "organization.unit.view"
MEMBER_VIEW = "organization.member.view"


def company_view(c: Company) -> CompanyView:
    return CompanyView.model_validate(c, from_attributes=True)


def _branch_view(b: Branch) -> UnitView:
    return UnitView(id=b.id, company_id=b.company_id, kind=b.kind, code=b.code, name=b.name, name_bn=b.name_bn)


def _dept_view(d: Department) -> UnitView:
    return UnitView(id=d.id, company_id=d.company_id, kind="department", code=d.code, name=d.name,
                    name_bn=d.name_bn, parent_id=d.branch_id)


def _cc_view(c: CostCentre) -> UnitView:
    return UnitView(id=c.id, company_id=c.company_id, kind="cost_centre", code=c.code, name=c.name,
                    name_bn=c.name_bn, parent_id=c.department_id or c.branch_id)


def _identifier(kind: str, raw: str | None) -> str | None:
    """e-TIN and BIN are validated in one place for the whole system: master data's rules."""
    from vextrus.modules.master_data import api as master_data

    return master_data.validate_identifier(kind, raw).value if raw and raw.strip() else None


def _clean(data: CompanyInput) -> dict[str, object]:
    return {
        "code": domain.code(data.code), "name": domain.name(data.name),
        "name_bn": (data.name_bn or "").strip() or None, "tin": _identifier("tin", data.tin),
        "bin": _identifier("bin", data.bin), "trade_licence": (data.trade_licence or "").strip() or None,
        "base_currency": (data.base_currency or "BDT").upper()[:3],
        "fiscal_year_start_month": domain.fiscal_month(data.fiscal_year_start_month),
        "time_zone": data.time_zone or "Asia/Dhaka", "weekend_days": domain.weekend(data.weekend_days),
        "address": data.address,
    }


def _company(uow: UnitOfWork, company_id: UUID) -> Company:
    c = uow.session.get(Company, company_id)
    # session.get bypasses the tenant criteria when the row is in the identity map: check again
    if c is None or (context.current().tenant_id and c.tenant_id != context.current().tenant_id):
        raise NotFound("company", company_id, field="company_id")
    return c


def _own_company(uow: UnitOfWork, company_id: UUID) -> Company:
    """A company whose units and members the request may reach: the active company (any company of
    the tenant for system work). Another company is `NotFound`, as a company of another tenant is
    (issue 10: company scoping; the company record itself stays the tenant's)."""
    c = _company(uow, company_id)
    context.require_company(c.id, "company", company_id, field="company_id")
    return c


def in_scope(company_id: UUID) -> bool:
    """Whether the request may reach this company's units and members (the active company, or
    every company for system work)."""
    scope = context.company_scope()
    return scope is None or scope == company_id


def _member_company(uow: UnitOfWork, company_id: UUID) -> Company:
    """The company whose membership a write may change: the active company (every company for system
    work), or any company of the tenant when auth asks on a user's behalf (`calling_as`): holding a
    role makes the user a member, and auth has already checked that the acting user may assign roles
    in that company (their own roles there grant it). A user calling organization directly for
    another company gets `NotFound` (issue 10: company scoping)."""
    ctx = context.current()
    if ctx.via == "auth" and ctx.user_id is not None:
        return _company(uow, company_id)
    return _own_company(uow, company_id)


def _unique(uow: UnitOfWork, model: type, where: list, code: str) -> None:  # noqa: ANN401
    if uow.session.execute(select(model.id).where(*where)).first() is not None:
        raise Conflict("code_taken", f"The code '{code}' is already used", f"'{code}' কোড আগেই ব্যবহৃত",
                       field="code")


# ---- companies -----------------------------------------------------------------------------


@command("organization.company.create", scope="organization.create_company")
def create_company(uow: UnitOfWork, data: CompanyInput) -> CompanyView:
    values = _clean(data)
    _unique(uow, Company, [Company.code == values["code"]], str(values["code"]))
    c = Company(**values, version=1, active=True)
    uow.session.add(c)
    uow.session.flush()
    uow.emit(CompanyCreated(company_id=c.id, code=c.code, legal_name=c.name))
    return company_view(c)


@command("organization.company.update", scope="organization.update_company")
def update_company(uow: UnitOfWork, company_id: UUID, data: CompanyInput,
                   expected_version: int | None = None) -> CompanyView:
    c = _own_company(uow, company_id)  # a user acting in B changes B's legal details only (issue 10)
    check_version(c, expected_version, "company")
    values = _clean(data)
    if values["code"] != c.code:
        _unique(uow, Company, [Company.code == values["code"]], str(values["code"]))
    before = {k: getattr(c, k) for k in values}
    changed = [k for k, v in values.items() if before[k] != v]
    for k, v in values.items():
        setattr(c, k, v)
    if changed:
        uow.session.flush()  # the version moves on here (Versioned)
        uow.emit(CompanyUpdated(company_id=c.id, changed=changed, changes=field_changes(before, values, changed)))
    return company_view(c)


@query(COMPANY_VIEW, scope="organization.get_company")
def get_company(uow: UnitOfWork, company_id: UUID) -> CompanyView:
    return company_view(_company(uow, company_id))


def find_company(company_id: UUID) -> CompanyView | None:
    """Like get_company without the permission check (for other modules through `api`)."""
    with unit_of_work() as uow:
        c = uow.session.get(Company, company_id)
        tid = context.current().tenant_id
        return company_view(c) if c is not None and (tid is None or c.tenant_id == tid) else None


@query(COMPANY_VIEW, scope="organization.company_by_code")
def company_by_code(uow: UnitOfWork, code: str) -> CompanyView:
    c = uow.session.execute(select(Company).where(Company.code == domain.code(code))).scalar_one_or_none()
    if c is None:
        raise NotFound("company", code, field="code")
    return company_view(c)


@query(COMPANY_VIEW, scope="organization.list_companies")
def list_companies(uow: UnitOfWork, include_inactive: bool = False) -> list[CompanyView]:
    stmt = select(Company).order_by(Company.code)
    if not include_inactive:
        stmt = stmt.where(Company.active.is_(True))
    return [company_view(c) for c in uow.session.execute(stmt).scalars()]


@query(COMPANY_VIEW, scope="organization.companies_page")
def companies_page(uow: UnitOfWork, include_inactive: bool = False, first: int = 50,
                   after: str | None = None) -> Page[CompanyView]:
    """One page of companies in creation order (ids are UUIDv7), for cursor pagination."""
    stmt = select(Company)
    if not include_inactive:
        stmt = stmt.where(Company.active.is_(True))
    page = paginate(uow.session, stmt, Company.id, first=first, after=after, convert=UUID)
    return Page([company_view(c) for c in page.items], page.end_cursor, page.has_next_page)


# ---- units ---------------------------------------------------------------------------------


@command("organization.unit.manage", scope="organization.add_branch")
def add_branch(uow: UnitOfWork, company_id: UUID, code: str, name: str, kind: str = "branch",
               name_bn: str | None = None, address: str | None = None) -> UnitView:
    _own_company(uow, company_id)
    code = domain.code(code)
    _unique(uow, Branch, [Branch.company_id == company_id, Branch.code == code], code)
    b = Branch(company_id=company_id, code=code, name=domain.name(name), kind=domain.branch_kind(kind),
               name_bn=name_bn, address=address)
    uow.session.add(b)
    uow.session.flush()
    uow.emit(UnitCreated(company_id=company_id, unit_id=b.id, kind=b.kind, code=code))
    return _branch_view(b)


def _owned(uow: UnitOfWork, model: type, unit_id: UUID | None, company_id: UUID, field: str) -> None:
    if unit_id is None:
        return
    row = uow.session.get(model, unit_id)
    if row is None or row.company_id != company_id or row.tenant_id != context.current().tenant_id:
        raise NotFound(model.__tablename__.removeprefix("organization_").replace("_", " "), unit_id, field=field)


@command("organization.unit.manage", scope="organization.add_department")
def add_department(uow: UnitOfWork, company_id: UUID, code: str, name: str, name_bn: str | None = None,
                   branch_id: UUID | None = None) -> UnitView:
    _own_company(uow, company_id)
    _owned(uow, Branch, branch_id, company_id, "branch_id")
    code = domain.code(code)
    _unique(uow, Department, [Department.company_id == company_id, Department.code == code], code)
    d = Department(company_id=company_id, code=code, name=domain.name(name), name_bn=name_bn, branch_id=branch_id)
    uow.session.add(d)
    uow.session.flush()
    uow.emit(UnitCreated(company_id=company_id, unit_id=d.id, kind="department", code=code))
    return _dept_view(d)


@command("organization.unit.manage", scope="organization.add_cost_centre")
def add_cost_centre(uow: UnitOfWork, company_id: UUID, code: str, name: str, name_bn: str | None = None,
                    department_id: UUID | None = None, branch_id: UUID | None = None) -> UnitView:
    _own_company(uow, company_id)
    _owned(uow, Department, department_id, company_id, "department_id")
    _owned(uow, Branch, branch_id, company_id, "branch_id")
    code = domain.code(code)
    _unique(uow, CostCentre, [CostCentre.company_id == company_id, CostCentre.code == code], code)
    c = CostCentre(company_id=company_id, code=code, name=domain.name(name), name_bn=name_bn,
                   department_id=department_id, branch_id=branch_id)
    uow.session.add(c)
    uow.session.flush()
    uow.emit(UnitCreated(company_id=company_id, unit_id=c.id, kind="cost_centre", code=code))
    return _cc_view(c)


@query(UNIT_VIEW, scope="organization.list_units")
def list_units(uow: UnitOfWork, company_id: UUID) -> list[UnitView]:
    """Branches and sites, then departments, then cost centres of one company."""
    _own_company(uow, company_id)
    s = uow.session
    out = [_branch_view(b) for b in s.execute(
        select(Branch).where(Branch.company_id == company_id).order_by(Branch.code)).scalars()]
    out += [_dept_view(d) for d in s.execute(
        select(Department).where(Department.company_id == company_id).order_by(Department.code)).scalars()]
    out += [_cc_view(c) for c in s.execute(
        select(CostCentre).where(CostCentre.company_id == company_id).order_by(CostCentre.code)).scalars()]
    return out


_UNIT_TABLES = ((Branch, _branch_view), (Department, _dept_view), (CostCentre, _cc_view))


@query(UNIT_VIEW, scope="organization.page_units")
def page_units(uow: UnitOfWork, company_id: UUID, first: int = 100, after: str | None = None) -> Page[UnitView]:
    """One cursor page of the company's units: branches and sites, then departments, then cost centres
    (as `list_units`), each kind by id. The cursor names the kind and the last id; a page reads at most
    one query per kind (and one to see whether a later kind has rows)."""
    _own_company(uow, company_id)
    start, last = 0, None
    if after:
        raw = decode_cursor(after)
        try:
            start, last = int(raw[0]), raw[1]
            assert 0 <= start < len(_UNIT_TABLES)
        except (ValueError, IndexError, AssertionError):
            decode_cursor("!")  # refuses as any bad cursor does (cursor_invalid)
    items: list[UnitView] = []
    kind, end, has_next = start, None, False
    for i in range(start, len(_UNIT_TABLES)):
        model, view = _UNIT_TABLES[i]
        stmt = select(model).where(model.company_id == company_id)
        if len(items) == first:  # the page is full: is there a row of a later kind?
            has_next = uow.session.execute(stmt.with_only_columns(model.id).limit(1)).first() is not None
            if has_next:
                break
            continue
        page = paginate(uow.session, stmt, model.id, first=first - len(items),
                        after=encode_cursor([last]) if i == start and last else None, convert=UUID)
        items += [view(r) for r in page.items]
        if page.items:
            kind, end = i, page.items[-1].id
        if page.has_next_page:
            has_next = True
            break
    cursor = encode_cursor([kind, end]) if end is not None else after
    return Page(items, cursor, has_next)


@query(UNIT_VIEW, scope="organization.get_unit")
def get_unit(uow: UnitOfWork, company_id: UUID, unit_id: UUID) -> UnitView:
    """One unit of the company (branch, site, department or cost centre): the `Location` of its create."""
    _own_company(uow, company_id)
    for model, view in _UNIT_TABLES:
        row = uow.session.get(model, unit_id)
        if row is not None and row.company_id == company_id:
            return view(row)
    raise NotFound("unit", str(unit_id), field="unit_id")


@query(UNIT_VIEW, scope="organization.units_of_kind")
def units_of_kind(uow: UnitOfWork, kind: str, company_id: UUID | None = None) -> list[UnitView]:
    """Units of one kind ("cost_centre", "department", or a branch kind such as "site") by code, of one
    company, or of every active company the request may reach (by company code) when none is given:
    one query for all companies, as the pickers of other modules list them. Another company than the
    active one is NotFound, as in `list_units`."""
    if company_id is not None:
        _own_company(uow, company_id)
    else:
        context.current().require(COMPANY_VIEW)  # as listing the companies first needs
    table: type[Branch | Department | CostCentre] = (
        CostCentre if kind == "cost_centre" else Department if kind == "department" else Branch)
    q = select(table).join(Company, Company.id == table.company_id)
    if table is Branch:
        q = q.where(Branch.kind == domain.branch_kind(kind))
    if company_id is not None:
        q = q.where(table.company_id == company_id)
    else:
        q = q.where(Company.active.is_(True))
        scope = context.company_scope()
        if scope is not None:
            q = q.where(table.company_id == scope)
    view = {CostCentre: _cc_view, Department: _dept_view, Branch: _branch_view}[table]
    return [view(u) for u in uow.session.execute(q.order_by(Company.code, table.code)).scalars()]


def cost_centre_exists(cost_centre_id: UUID) -> bool:
    with unit_of_work() as uow:
        c = uow.session.get(CostCentre, cost_centre_id)
        tid = context.current().tenant_id
        return c is not None and (tid is None or c.tenant_id == tid)


def unit_companies(kind: str, unit_ids: Iterable[UUID]) -> dict[UUID, UUID]:
    """The company of each cost centre (`kind` "cost_centre") or department that exists in the
    current tenant, in one query; ids missing from the answer are unknown."""
    ids = {i for i in unit_ids if i is not None}
    if not ids:
        return {}
    table = CostCentre if kind == "cost_centre" else Department
    with unit_of_work() as uow:
        rows = uow.session.execute(select(table.id, table.company_id, table.tenant_id).where(table.id.in_(ids))).all()
    tid = context.current().tenant_id
    return {uid: cid for uid, cid, t in rows if tid is None or t == tid}


# ---- members -------------------------------------------------------------------------------


@command("organization.member.manage", scope="organization.add_member")
def add_member(uow: UnitOfWork, company_id: UUID, user_id: UUID, title: str | None = None) -> MemberView:
    _member_company(uow, company_id)
    existing = uow.session.execute(select(CompanyMember).where(
        CompanyMember.company_id == company_id, CompanyMember.user_id == user_id)).scalar_one_or_none()
    if existing is None:
        existing = CompanyMember(company_id=company_id, user_id=user_id, title=title)
        uow.session.add(existing)
        uow.session.flush()
        uow.emit(MemberAdded(company_id=company_id, user_id=user_id))
    return MemberView(company_id=company_id, user_id=user_id, title=existing.title)


@command("organization.member.manage", scope="organization.remove_member")
def remove_member(uow: UnitOfWork, company_id: UUID, user_id: UUID) -> bool:
    _member_company(uow, company_id)
    row = uow.session.execute(select(CompanyMember).where(
        CompanyMember.company_id == company_id, CompanyMember.user_id == user_id)).scalar_one_or_none()
    if row is None:
        return False
    uow.session.delete(row)
    uow.emit(MemberRemoved(company_id=company_id, user_id=user_id))
    return True


@query(MEMBER_VIEW, scope="organization.members")
def members(uow: UnitOfWork, company_id: UUID) -> list[MemberView]:
    _own_company(uow, company_id)
    rows = uow.session.execute(select(CompanyMember).where(CompanyMember.company_id == company_id)).scalars()
    return [MemberView(company_id=r.company_id, user_id=r.user_id, title=r.title) for r in rows]


@query(MEMBER_VIEW, scope="organization.page_members")
def page_members(uow: UnitOfWork, company_id: UUID, first: int = 100,
                 after: str | None = None) -> Page[MemberView]:
    """One cursor page of the company's members, in the order they joined (by id)."""
    _own_company(uow, company_id)
    page = paginate(uow.session, select(CompanyMember).where(CompanyMember.company_id == company_id),
                    CompanyMember.id, first=first, after=after, convert=UUID)
    return Page([MemberView(company_id=r.company_id, user_id=r.user_id, title=r.title) for r in page.items],
                page.end_cursor, page.has_next_page)


@query(MEMBER_VIEW, scope="organization.get_member")
def get_member(uow: UnitOfWork, company_id: UUID, user_id: UUID) -> MemberView:
    """One member of the company (the `Location` of adding them)."""
    _own_company(uow, company_id)
    r = uow.session.execute(select(CompanyMember).where(
        CompanyMember.company_id == company_id, CompanyMember.user_id == user_id)).scalar_one_or_none()
    if r is None:
        raise NotFound("member", str(user_id), field="user_id")
    return MemberView(company_id=r.company_id, user_id=r.user_id, title=r.title)


def companies_of(user_id: UUID) -> list[UUID]:
    """The companies a person belongs to (no permission check: used by auth for the user itself)."""
    with unit_of_work() as uow:
        return list(uow.session.execute(
            select(CompanyMember.company_id).where(CompanyMember.user_id == user_id)).scalars())
