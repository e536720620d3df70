"""Flask extensions, created unbound and initialised in the app factory."""

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import JSON, Enum, MetaData
from sqlalchemy.orm import DeclarativeBase, registry

from core.models import UTCDateTime

# Deterministic constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum_values(enum_class: type[enum.Enum]) -> list[str]:
    return [str(member.value) for member in enum_class]


class Base(DeclarativeBase):
    # Enums are stored as their (readable, stable) values in plain VARCHAR columns so adding a
    # member needs no ALTER TYPE on PostgreSQL; datetimes are always aware UTC.
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={
            datetime: UTCDateTime(),
            enum.Enum: Enum(enum.Enum, native_enum=False, values_callable=_enum_values, length=40),
            list[str]: JSON(),
            dict: JSON(),
        },
    )


db = SQLAlchemy(model_class=Base)

# Models subclass `Model`. At run time it is `db.Model` (Flask-SQLAlchemy's subclass of `Base`,
# which names tables and binds sessions); a type checker cannot follow an attribute used as a
# base class (python/mypy#8603), so it is shown the declarative base itself and checks every
# `Mapped[...]` column and relationship against it.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
