"""Geography tables: neighbourhoods, the postcode gazetteer, place names and a geocode cache."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import Model, db
from core.models import new_uuid, utcnow, uuid_column_type


class Neighbourhood(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(uuid_column_type(), unique=True, default=new_uuid)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # e.g. an ONS ward code
    name: Mapped[str] = mapped_column(String(120), index=True)
    latitude: Mapped[float]
    longitude: Mapped[float]
    boundary: Mapped[dict[str, Any] | None] = mapped_column(db.JSON)  # GeoJSON geometry

    def __repr__(self) -> str:
        return f"<Neighbourhood {self.code} {self.name!r}>"


class Postcode(Model):
    """One row of the ONS postcode directory: where a postcode is and which ward holds it."""

    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)  # normalised "BL3 5AB"
    outward: Mapped[str] = mapped_column(String(4), index=True)
    latitude: Mapped[float]
    longitude: Mapped[float]
    neighbourhood_code: Mapped[str | None] = mapped_column(String(20), index=True)
    # The small area (LSOA, 2021 or 2011 codes) and its Index of Multiple Deprivation decile
    # (1 most deprived, 10 least), from the NSPL when the file carries them.
    lsoa_code: Mapped[str | None] = mapped_column(String(9))
    imd_decile: Mapped[int | None]


class Place(Model):
    """A town, village or area name that people type as "near"."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    latitude: Mapped[float]
    longitude: Mapped[float]
    neighbourhood_code: Mapped[str | None] = mapped_column(String(20))
    # The deprivation decile of the nearest gazetteer postcode (see directory/deprivation.py).
    imd_decile: Mapped[int | None]


class GeocodeCache(Model):
    """Answers from the optional online geocoder, so each place is asked about once."""

    query: Mapped[str] = mapped_column(String(200), primary_key=True)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
