/* map.c - the projection, the zoom and the model of the places' maps (map.h). */
#include "web/map.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

MapPoint map_project(int64_t lat_e6, int64_t lon_e6)
{
    return (MapPoint){ (double)(lon_e6 + LON_E6_MAX) / 1e5, (double)(LAT_E6_MAX - lat_e6) / 1e5 };
}

MapView map_world(void)
{
    return (MapView){ 0, 60, MAP_WIDTH, 1440 };
}

/* The start of a span of length w centred on c, kept inside [0, limit]. */
static double clamp_start(double c, double w, double limit)
{
    double s = c - w / 2;
    if (s < 0) s = 0;
    if (s + w > limit) s = limit - w;
    return s;
}

MapView map_fit(const MapPoint *p, size_t n)
{
    if (!n) return map_world();
    double x0 = p[0].x, x1 = p[0].x, y0 = p[0].y, y1 = p[0].y;
    for (size_t i = 1; i < n; i++) {
        x0 = fmin(x0, p[i].x), x1 = fmax(x1, p[i].x);
        y0 = fmin(y0, p[i].y), y1 = fmax(y1, p[i].y);
    }
    double w = fmax((x1 - x0) * 4 / 3, MAP_MIN_SPAN), h = (y1 - y0) * 4 / 3;
    if (h * 2 > w) w = h * 2;
    h = w / 2;
    if (w >= MAP_WIDTH) return map_world();
    return (MapView){ clamp_start((x0 + x1) / 2, w, MAP_WIDTH), clamp_start((y0 + y1) / 2, h, MAP_HEIGHT), w, h };
}

bool map_degrees_parse(const char *s, int64_t limit_e6, int64_t *out_e6)
{
    if (!s || !*s || strlen(s) > 40) return false;
    char text[41];
    size_t n = 0;
    bool digit = false;
    for (const char *c = s; *c; c++) {
        /* only a plain decimal number: strtod alone would also take "nan", "inf", hexadecimal and spaces */
        if (strchr("0123456789", *c)) digit = true;
        else if (!strchr("+-.,eE", *c)) return false;
        text[n++] = *c == ',' ? '.' : *c;
    }
    text[n] = '\0';
    char *end;
    double v = strtod(text, &end);
    if (!digit || *end || !isfinite(v) || fabs(v) > 1000) return false;
    int64_t e6 = llround(v * 1e6);
    if (e6 > limit_e6 || e6 < -limit_e6) return false;
    *out_e6 = e6;
    return true;
}

const char *map_degrees_text(Arena *a, int64_t e6)
{
    uint64_t m = (uint64_t)(e6 < 0 ? -e6 : e6);
    char frac[8];
    snprintf(frac, sizeof frac, "%06llu", (unsigned long long)(m % 1000000));
    size_t k = strlen(frac);
    while (k && frac[k - 1] == '0') frac[--k] = '\0';
    return arena_printf(a, "%s%llu%s%s", e6 < 0 ? "-" : "", (unsigned long long)(m / 1000000), k ? "." : "", frac);
}

json_t *map_model(Arena *a, json_t *places, bool fit)
{
    size_t n = json_array_size(places), drawn = 0, i;
    MapPoint *pts = arena_alloc(a, sizeof *pts * (n ? n : 1));
    json_t *markers = json_array(), *row;
    json_array_foreach(places, i, row) {
        json_t *lat = json_object_get(row, "lat_e6"), *lon = json_object_get(row, "lon_e6");
        if (!json_is_integer(lat) || !json_is_integer(lon)) continue;
        MapPoint p = map_project(json_integer_value(lat), json_integer_value(lon));
        pts[drawn++] = p;
        json_t *m = json_deep_copy(row);
        json_object_set_new(m, "x", json_string(arena_printf(a, "%.2f", p.x)));
        json_object_set_new(m, "y", json_string(arena_printf(a, "%.2f", p.y)));
        json_array_append_new(markers, m);
    }
    MapView v = fit ? map_fit(pts, drawn) : map_world();
    double r = v.w / 110, fs = v.w / 32;
    json_array_foreach(markers, i, row) {
        /* the name on the side with more room */
        bool left = pts[i].x > v.x + v.w / 2;
        json_object_set_new(row, "anchor", json_string(left ? "end" : "start"));
        json_object_set_new(row, "tx", json_string(arena_printf(a, "%.2f", pts[i].x + (left ? -r : r) * 1.6)));
        json_object_set_new(row, "ty", json_string(arena_printf(a, "%.2f", pts[i].y + fs / 3)));
    }
    /* the server never calls setlocale, so %f writes a point */
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:I, s:b, s:b}", "viewbox",
                     arena_printf(a, "%.2f %.2f %.2f %.2f", v.x, v.y, v.w, v.h), "x", arena_printf(a, "%.2f", v.x),
                     "y", arena_printf(a, "%.2f", v.y), "w", arena_printf(a, "%.2f", v.w), "h", arena_printf(a, "%.2f", v.h),
                     "r", arena_printf(a, "%.2f", r), "fs", arena_printf(a, "%.2f", fs), "markers", markers,
                     "unplaced", (json_int_t)(n - drawn), "has_markers", drawn > 0, "has_names", fit && drawn && drawn <= MAP_NAMED_MAX);
}
