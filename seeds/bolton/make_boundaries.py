"""Give every demo neighbourhood a boundary: its centre's Voronoi cell, clipped to the borough.

The borough's outline is drawn around the gazetteer's in-borough postcodes
(directory/boundaries.py). Deterministic; rewrites the `boundary` field of neighbourhoods.json:
    python3 make_boundaries.py   (from the repository's virtualenv)
"""

import csv
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))

from directory.boundaries import voronoi_boundaries  # noqa: E402


def main() -> None:
    path = os.path.join(HERE, "neighbourhoods.json")
    with open(path, encoding="utf-8") as stream:
        hoods = json.load(stream)
    with open(os.path.join(HERE, "postcodes.csv"), encoding="utf-8") as stream:
        homes = [
            (float(row["lat"]), float(row["long"]))
            for row in csv.DictReader(stream)
            if row["osward"] and row["lat"] and row["long"]
        ]
    centres = [(float(hood["latitude"]), float(hood["longitude"])) for hood in hoods]
    for hood, boundary in zip(hoods, voronoi_boundaries(centres, homes), strict=True):
        hood["boundary"] = boundary
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(hoods, stream, indent=1)
        stream.write("\n")


if __name__ == "__main__":
    main()
