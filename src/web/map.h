/* map.h - maps of places drawn on the server as SVG, without outside
 * services: the world's coastline shipped with the binary (assets/world.svg,
 * written by tools/map-outline from Natural Earth) under a marker per place.
 *
 * Coordinates are kept as integers of micro-degrees (lat_e6, lon_e6) and
 * projected equirectangularly into the outline's units, a tenth of a degree:
 * x = (longitude + 180) * 10, y = (90 - latitude) * 10, so the whole world is
 * the viewBox "0 0 3600 1800". A map of a few places is the same drawing seen
 * through a smaller viewBox: their bounding box with a margin, at least
 * MAP_MIN_SPAN wide, two units wide for one high. Pure: no clock, no database. */
#ifndef GLOCAL_WEB_MAP_H
#define GLOCAL_WEB_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/arena.h"

#define MAP_WIDTH    3600.0      /* 360 degrees of longitude */
#define MAP_HEIGHT   1800.0      /* 180 degrees of latitude */
#define MAP_MIN_SPAN 120.0       /* a zoomed map shows at least 12 degrees of longitude */
#define MAP_NAMED_MAX 12         /* a zoomed map of this many places or fewer writes their names */
#define LAT_E6_MAX   90000000
#define LON_E6_MAX   180000000

typedef struct MapPoint {
    double x, y;
} MapPoint;

typedef struct MapView {
    double x, y, w, h;           /* the viewBox */
} MapView;

/* Where a place at (lat_e6, lon_e6) is drawn. */
MapPoint map_project(int64_t lat_e6, int64_t lon_e6);
/* The world as the maps show it: from 84° north to 60° south (Antarctica is
 * left out: no chapter meets there). */
MapView map_world(void);
/* The view of n points: their bounding box with a margin of a sixth of its
 * size on each side, widened to MAP_MIN_SPAN and to the 2:1 proportion,
 * kept inside the world; the world when n is 0 or the box is wider than it. */
MapView map_fit(const MapPoint *p, size_t n);

/* Decimal degrees ("38.7223", "-9.1393", "38,7223", "1e-05") as micro-degrees,
 * rounded; false for anything else or beyond ±limit_e6. */
bool map_degrees_parse(const char *s, int64_t limit_e6, int64_t *out_e6);
/* Micro-degrees as decimal degrees without trailing zeros ("38.7223"); arena. */
const char *map_degrees_text(Arena *a, int64_t e6);

/* The model of templates/partials/map.mustache for `places`, an array of
 * objects with at least lat_e6 and lon_e6 (null: not drawn) and what the
 * template shows of each (slug, name, label): {viewbox and its x, y, w, h,
 * r (a marker's radius), markers: [the places drawn, each with x and y
 * added, and tx, ty, anchor where its name is written], has_markers, unplaced: how
 * many were not drawn, has_names and fs (the names' size) for a zoomed map
 * of MAP_NAMED_MAX places or fewer}. The
 * view fits the markers when `fit`, else it is the world. New reference. */
json_t *map_model(Arena *a, json_t *places, bool fit);

#endif
