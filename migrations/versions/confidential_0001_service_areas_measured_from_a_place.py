"""service areas measured from a place, not from a copy of its point

A radius area's centre used to be a copy of one of the organisation's places' coordinates, so a
place that was (or later became) confidential stayed the published centre of a circle. Areas now
refer to the place (`location_id`) and the public centre is worked out when the area is read
(directory.public_place). This links every copied centre to the place it was copied from (the
organisation's place at exactly that point, confidential ones first), clears the copy, and
rewrites the stored snapshots (version history, proposed changes) the same way, so neither a
revert nor an approval can bring a copy back.

Going back gives the old code the public point instead of the place: the place's own point, or
for a confidential place its neighbourhood's centre (an area around a confidential place with no
neighbourhood is removed), so a downgrade cannot publish a refuge either.

Revision ID: confidential_0001
Revises: 57febff1889c
Create Date: 2026-11-29 19:54:01.437967

"""
from collections import defaultdict

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'confidential_0001'
down_revision = '57febff1889c'
branch_labels = None
depends_on = None

AREA_KIND_ORDER = {"borough": 0, "neighbourhood": 1, "radius": 2}

location = sa.table(
    "location",
    sa.column("id", sa.Integer),
    sa.column("uuid", sa.String),
    sa.column("organisation_id", sa.Integer),
    sa.column("latitude", sa.Float),
    sa.column("longitude", sa.Float),
    sa.column("confidential", sa.Boolean),
    sa.column("neighbourhood_id", sa.Integer),
)
neighbourhood = sa.table(
    "neighbourhood",
    sa.column("id", sa.Integer),
    sa.column("latitude", sa.Float),
    sa.column("longitude", sa.Float),
)
service = sa.table(
    "service",
    sa.column("id", sa.Integer),
    sa.column("uuid", sa.String),
    sa.column("organisation_id", sa.Integer),
)
service_area = sa.table(
    "service_area",
    sa.column("id", sa.Integer),
    sa.column("service_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("location_id", sa.Integer),
    sa.column("latitude", sa.Float),
    sa.column("longitude", sa.Float),
)
listing_version = sa.table(
    "listing_version",
    sa.column("id", sa.Integer),
    sa.column("record_type", sa.String),
    sa.column("record_uuid", sa.String),
    sa.column("snapshot", sa.JSON),
)
proposed_change = sa.table(
    "proposed_change",
    sa.column("id", sa.Integer),
    sa.column("record_type", sa.String),
    sa.column("organisation_id", sa.Integer),
    sa.column("base", sa.JSON),
    sa.column("proposed", sa.JSON),
)


def upgrade():
    with op.batch_alter_table('service_area', schema=None) as batch_op:
        batch_op.add_column(sa.Column('location_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_service_area_location_id'), ['location_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_service_area_location_id_location'), 'location', ['location_id'], ['id'], ondelete='CASCADE')

    conn = op.get_bind()
    places = _places(conn)
    rows = conn.execute(
        sa.select(service_area.c.id, service_area.c.latitude, service_area.c.longitude, service.c.organisation_id)
        .join(service, service.c.id == service_area.c.service_id)
        .where(
            service_area.c.kind == "radius",
            service_area.c.latitude.is_not(None),
            service_area.c.longitude.is_not(None),
        )
    ).all()
    for area_id, lat, lon, organisation_id in rows:
        source = _source(places, organisation_id, lat, lon)
        if source is not None:
            conn.execute(
                service_area.update()
                .where(service_area.c.id == area_id)
                .values(location_id=source["id"], latitude=None, longitude=None)
            )

    def link(area, organisation_id):
        area = dict(area)
        area.setdefault("location", None)
        if area.get("kind") == "radius" and area["location"] is None:
            source = _source(places, organisation_id, area.get("latitude"), area.get("longitude"))
            if source is not None:
                area.update(location=source["uuid"], latitude=None, longitude=None)
        return area

    _rewrite_snapshots(conn, link)


def downgrade():
    conn = op.get_bind()
    places = _places(conn)
    by_id = {place["id"]: place for found in places.values() for place in found}
    by_uuid = {place["uuid"]: place for place in by_id.values()}
    for area_id, location_id in conn.execute(
        sa.select(service_area.c.id, service_area.c.location_id).where(
            service_area.c.location_id.is_not(None)
        )
    ).all():
        point = _public_point(by_id.get(location_id))
        if point is None:
            conn.execute(service_area.delete().where(service_area.c.id == area_id))
        else:
            conn.execute(
                service_area.update()
                .where(service_area.c.id == area_id)
                .values(latitude=point[0], longitude=point[1])
            )

    def unlink(area, organisation_id):
        area = dict(area)
        uuid = area.pop("location", None)
        if uuid is None:
            return area
        point = _public_point(by_uuid.get(uuid))
        if point is None:
            return None
        area.update(latitude=point[0], longitude=point[1])
        return area

    _rewrite_snapshots(conn, unlink)

    with op.batch_alter_table('service_area', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_service_area_location_id_location'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_service_area_location_id'))
        batch_op.drop_column('location_id')


def _places(conn):
    """Every location, by organisation, with its neighbourhood's centre."""
    found = defaultdict(list)
    rows = conn.execute(
        sa.select(
            location.c.id,
            location.c.uuid,
            location.c.organisation_id,
            location.c.latitude,
            location.c.longitude,
            location.c.confidential,
            neighbourhood.c.latitude.label("hood_latitude"),
            neighbourhood.c.longitude.label("hood_longitude"),
        ).outerjoin(neighbourhood, neighbourhood.c.id == location.c.neighbourhood_id)
    ).mappings()
    for row in rows:
        found[row["organisation_id"]].append(dict(row))
    return found


def _source(places, organisation_id, lat, lon):
    """The organisation's place at exactly this point (confidential first), if any."""
    if lat is None or lon is None:
        return None
    found = [
        place
        for place in places.get(organisation_id, [])
        if (place["latitude"], place["longitude"]) == (lat, lon)
    ]
    found.sort(key=lambda place: (not place["confidential"], place["id"]))
    return found[0] if found else None


def _public_point(place):
    if place is None:
        return None
    if place["confidential"]:
        if place["hood_latitude"] is None or place["hood_longitude"] is None:
            return None
        return (place["hood_latitude"], place["hood_longitude"])
    if place["latitude"] is None or place["longitude"] is None:
        return None
    return (place["latitude"], place["longitude"])


def _sorted(areas):
    """directory.versions.sort_areas as of this revision."""
    return sorted(
        areas,
        key=lambda area: (
            AREA_KIND_ORDER.get(area["kind"], 3),
            area.get("neighbourhood") or "",
            area.get("radius_km") or 0,
            area.get("latitude") or 0,
            area.get("longitude") or 0,
            area.get("location") or "",
        ),
    )


def _rewrite(snapshot, change, organisation_id):
    if not isinstance(snapshot, dict) or not isinstance(snapshot.get("areas"), list):
        return snapshot
    areas = [change(area, organisation_id) for area in snapshot["areas"]]
    return {**snapshot, "areas": _sorted(area for area in areas if area is not None)}


def _rewrite_snapshots(conn, change):
    """Apply `change(area, organisation_id)` to the areas of every stored service snapshot."""
    organisation_of = dict(conn.execute(sa.select(service.c.uuid, service.c.organisation_id)).all())
    for version_id, record_uuid, snapshot in conn.execute(
        sa.select(listing_version.c.id, listing_version.c.record_uuid, listing_version.c.snapshot)
        .where(listing_version.c.record_type == "service")
    ).all():
        rewritten = _rewrite(snapshot, change, organisation_of.get(record_uuid))
        if rewritten != snapshot:
            conn.execute(
                listing_version.update()
                .where(listing_version.c.id == version_id)
                .values(snapshot=rewritten)
            )
    for change_id, organisation_id, base, proposed in conn.execute(
        sa.select(
            proposed_change.c.id,
            proposed_change.c.organisation_id,
            proposed_change.c.base,
            proposed_change.c.proposed,
        ).where(proposed_change.c.record_type == "service")
    ).all():
        new_base = _rewrite(base, change, organisation_id)
        new_proposed = _rewrite(proposed, change, organisation_id)
        if (new_base, new_proposed) != (base, proposed):
            conn.execute(
                proposed_change.update()
                .where(proposed_change.c.id == change_id)
                .values(base=new_base, proposed=new_proposed)
            )
