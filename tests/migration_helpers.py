"""What a migration test on a database of its own (the `own_database` fixture, tests/conftest.py) does with the
module's tables as they were before the upgrade, through SQLAlchemy Core (the ORM maps the tables as they are now):
ids as the database holds them, a connection acting for the test's tenant (PostgreSQL's row-level security), the
module's tables reflected by name, and the tenant row the rows hang on.

    m = MigrationTables(own_database, "contracts")
    with m.connect() as c:
        m.add_tenant(c, now)
        contract, bill = m.tables(c, "contracts_contract", "contracts_bill")
        c.execute(contract.insert().values(id=m.uid(uuid.uuid4()), tenant_id=m.uid(m.tenant), ...))
"""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from vextrus.platform.tables import Tenant
from vextrus.platform.tenancy import TENANT_SETTING


class MigrationTables:
    def __init__(self, engine: sa.Engine, schema: str, tenant: uuid.UUID | None = None):
        self.engine = engine
        self.pg = engine.dialect.name == "postgresql"
        self.schema = schema if self.pg else None  # SQLite: one file, no schemas
        self.tenant = tenant or uuid.uuid4()

    def uid(self, u: uuid.UUID) -> uuid.UUID | str:
        """An id as a reflected table takes it: a UUID on PostgreSQL, its hex on SQLite."""
        return u if self.pg else u.hex

    def connect(self) -> sa.Connection:
        """A connection acting for the test's tenant (on PostgreSQL its rows are the only ones it sees or writes)."""
        c = self.engine.connect()
        if self.pg:
            c.execute(sa.text("SELECT set_config(:s, :t, false)"), {"s": TENANT_SETTING, "t": str(self.tenant)})
        return c

    def tables(self, c: sa.Connection, *names: str) -> tuple[sa.Table, ...]:
        """The module's tables `names` as they are in the database now (reflected), in that order."""
        md = sa.MetaData()
        md.reflect(c, schema=self.schema, only=list(names))
        return tuple(md.tables[f"{self.schema}.{n}" if self.schema else n] for n in names)

    def table_names(self, c: sa.Connection) -> list[str]:
        """The tables the module's schema holds now (all of the SQLite file's)."""
        return sa.inspect(c).get_table_names(schema=self.schema)

    def add_tenant(self, c: sa.Connection, created_at: dt.datetime) -> None:
        c.execute(Tenant.__table__.insert().values(id=self.tenant, code=f"t{self.tenant.hex[-12:]}",
                                                   name="Test Builders Ltd.", is_demo=False, created_at=created_at))
