"""Alembic environment: one version branch per module, same migrations on SQLite and PostgreSQL."""

from alembic import context

config = context.config
connection = config.attributes["connection"]
target_metadata = config.attributes.get("target_metadata")
include_schemas = config.attributes.get("include_schemas")


def include_object(obj, name, type_, reflected, compare_to):  # noqa: ANN001
    """Autogenerate only looks at the schemas being revised."""
    if include_schemas is None:
        return True
    schema = getattr(obj, "schema", None) if type_ == "table" else getattr(getattr(obj, "table", None), "schema", None)
    return schema in include_schemas


context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    include_schemas=connection.dialect.name == "postgresql",
    include_object=include_object,
    version_table="alembic_version",
    version_table_schema="platform" if connection.dialect.name == "postgresql" else None,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
