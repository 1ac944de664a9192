#!/usr/bin/env python3
"""Build crates/natosim-report/data/geo/countries.json from Natural Earth admin-0 shapes (run once).

Input: `countries-50m.json` from the npm package world-atlas 2.0.2 (TopoJSON built
from Natural Earth 1:50m admin-0 countries; Natural Earth is public domain,
world-atlas is ISC-licensed). Get it with:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 tools/geo/build_geo.py package/countries-50m.json crates/natosim-report/data/geo/countries.json

Output: the 32 NATO members and their neighbours, keyed by ISO 3166 alpha-3
(the dataset's member codes), clipped to the North Atlantic area
(lon -170…75, lat 24…84), simplified (Douglas–Peucker, 0.04°), islands under
0.08 deg² dropped, coordinates rounded to 0.01°. Rings are flat
[lon, lat, lon, lat, …] lists. Standard library only; deterministic.
"""
import json
import sys

# ISO 3166 numeric (world-atlas ids) -> alpha-3; Kosovo has no numeric id.
ISO = {
    # NATO members
    "008": "ALB", "056": "BEL", "100": "BGR", "124": "CAN", "191": "HRV",
    "203": "CZE", "208": "DNK", "233": "EST", "246": "FIN", "250": "FRA",
    "276": "DEU", "300": "GRC", "348": "HUN", "352": "ISL", "380": "ITA",
    "428": "LVA", "440": "LTU", "442": "LUX", "499": "MNE", "528": "NLD",
    "807": "MKD", "578": "NOR", "616": "POL", "620": "PRT", "642": "ROU",
    "703": "SVK", "705": "SVN", "724": "ESP", "752": "SWE", "792": "TUR",
    "826": "GBR", "840": "USA",
    # neighbours, for context
    "643": "RUS", "112": "BLR", "804": "UKR", "498": "MDA", "268": "GEO",
    "051": "ARM", "031": "AZE", "688": "SRB", "070": "BIH", "040": "AUT",
    "756": "CHE", "372": "IRL", "196": "CYP", "470": "MLT", "760": "SYR",
    "368": "IRQ", "364": "IRN", "504": "MAR", "012": "DZA", "788": "TUN",
    "434": "LBY", "818": "EGY", "398": "KAZ", "304": "GRL", "484": "MEX",
    "192": "CUB", "400": "JOR", "422": "LBN", "376": "ISR", "275": "PSE",
    "682": "SAU", "795": "TKM", "860": "UZB", "438": "LIE", "020": "AND",
    "492": "MCO", "674": "SMR", "234": "FRO", "744": "SJM",
}
BY_NAME = {"Kosovo": "XKX", "N. Cyprus": "CYN"}
LON, LAT = (-170.0, 75.0), (24.0, 84.0)
TOL, MIN_AREA = 0.04, 0.08


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def ring_points(arcs, idx):
    pts = []
    for i in idx:
        a = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(a if not pts else a[1:])
    return pts


def clip(ring, edge_in, intersect):
    out = []
    for i, cur in enumerate(ring):
        prev = ring[i - 1]
        if edge_in(cur):
            if not edge_in(prev):
                out.append(intersect(prev, cur))
            out.append(cur)
        elif edge_in(prev):
            out.append(intersect(prev, cur))
    return out


def clip_box(ring):
    def ix(x0):
        return lambda p, q: (x0, p[1] + (q[1] - p[1]) * (x0 - p[0]) / (q[0] - p[0]))

    def iy(y0):
        return lambda p, q: (p[0] + (q[0] - p[0]) * (y0 - p[1]) / (q[1] - p[1]), y0)

    for edge_in, inter in [
        (lambda p: p[0] >= LON[0], ix(LON[0])),
        (lambda p: p[0] <= LON[1], ix(LON[1])),
        (lambda p: p[1] >= LAT[0], iy(LAT[0])),
        (lambda p: p[1] <= LAT[1], iy(LAT[1])),
    ]:
        if not ring:
            break
        ring = clip(ring, edge_in, inter)
    return ring


def dp(pts, tol):
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (x0, y0), (x1, y1) = pts[a], pts[b]
        dx, dy = x1 - x0, y1 - y0
        norm = (dx * dx + dy * dy) ** 0.5
        best, at = -1.0, -1
        for i in range(a + 1, b):
            x, y = pts[i]
            d = abs(dy * (x - x0) - dx * (y - y0)) / norm if norm else ((x - x0) ** 2 + (y - y0) ** 2) ** 0.5
            if d > best:
                best, at = d, i
        if best > tol:
            keep[at] = True
            stack += [(a, at), (at, b)]
    return [p for p, k in zip(pts, keep) if k]


def area(r):
    return abs(sum(r[i - 1][0] * r[i][1] - r[i][0] * r[i - 1][1] for i in range(len(r)))) / 2


def main(src, dst):
    topo = json.load(open(src))
    arcs = decode_arcs(topo)
    countries = []
    for g in topo["objects"]["countries"]["geometries"]:
        iso = ISO.get(g.get("id") or "") or BY_NAME.get(g["properties"]["name"])
        if not iso:
            continue
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        rings = []
        for poly in polys:
            for k, ring_idx in enumerate(poly):
                r = clip_box(ring_points(arcs, ring_idx))
                if len(r) < 4 or area(r) < MIN_AREA:
                    continue
                # Split at the midpoint so both halves keep their ends (closed rings).
                mid = len(r) // 2
                r = dp(r[: mid + 1], TOL)[:-1] + dp(r[mid:], TOL)
                if len(r) >= 4:
                    rings.append([round(c, 2) for p in r for c in p])
        if rings:
            countries.append({"iso3": iso, "name": g["properties"]["name"], "rings": rings})
    countries.sort(key=lambda c: c["iso3"])
    doc = {
        "source": "Natural Earth 1:50m admin-0 countries (public domain) via npm world-atlas 2.0.2; tools/geo/build_geo.py",
        "countries": countries,
    }
    with open(dst, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print(f"{len(countries)} countries, {sum(len(c['rings']) for c in countries)} rings")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
