/* test_map.c - the places' maps (src/web/map.c): the projection onto the
 * outline's units, the view that fits a few places, reading decimal degrees,
 * and the model the template draws. */
#include "testutil.h"

#include <math.h>

#include "web/map.h"

#define NEAR(a, b) (fabs((a) - (b)) < 1e-6)

Test(map, projects_onto_tenths_of_a_degree)
{
    MapPoint p = map_project(0, 0);
    cr_expect(NEAR(p.x, 1800) && NEAR(p.y, 900), "the equator at Greenwich is the middle: %f %f", p.x, p.y);
    p = map_project(90000000, -180000000);
    cr_expect(NEAR(p.x, 0) && NEAR(p.y, 0), "the north-west corner");
    p = map_project(-90000000, 180000000);
    cr_expect(NEAR(p.x, 3600) && NEAR(p.y, 1800), "the south-east corner");
    p = map_project(38722300, -9139300);   /* Lisbon */
    cr_expect(NEAR(p.x, 1708.607) && NEAR(p.y, 512.777), "Lisbon: %f %f", p.x, p.y);
    /* east is right, north is up */
    cr_expect_gt(map_project(0, 1).x, map_project(0, 0).x);
    cr_expect_lt(map_project(1, 0).y, map_project(0, 0).y);
}

Test(map, no_place_or_the_whole_world_shows_the_world)
{
    MapView w = map_world(), v = map_fit(NULL, 0);
    cr_expect(NEAR(w.x, 0) && NEAR(w.w, 3600) && NEAR(w.y, 60) && NEAR(w.h, 1440), "84N to 60S");
    cr_expect(NEAR(v.x, w.x) && NEAR(v.y, w.y) && NEAR(v.w, w.w) && NEAR(v.h, w.h));
    MapPoint far[] = { map_project(35000000, -170000000), map_project(-35000000, 170000000) };
    v = map_fit(far, 2);
    cr_expect(NEAR(v.w, 3600) && NEAR(v.y, 60), "wider than the world: the world (%f)", v.w);
}

Test(map, one_place_is_centred_at_the_smallest_span)
{
    MapPoint p = map_project(-1292100, 36821900);   /* Nairobi */
    MapView v = map_fit(&p, 1);
    cr_expect(NEAR(v.w, MAP_MIN_SPAN) && NEAR(v.h, MAP_MIN_SPAN / 2), "%f x %f", v.w, v.h);
    cr_expect(NEAR(v.x + v.w / 2, p.x) && NEAR(v.y + v.h / 2, p.y), "centred on the place");
}

Test(map, a_country_is_its_bounding_box_with_a_margin)
{
    /* San Francisco, Los Angeles, New York City */
    MapPoint p[] = { map_project(37774900, -122419400), map_project(34052200, -118243700), map_project(40712800, -74006000) };
    MapView v = map_fit(p, 3);
    double span = p[2].x - p[0].x;
    cr_expect(NEAR(v.w, span * 4 / 3), "a sixth of the box on each side: %f", v.w);
    cr_expect(NEAR(v.h, v.w / 2), "two wide for one high");
    for (int i = 0; i < 3; i++) {
        cr_expect(p[i].x > v.x + span / 7 && p[i].x < v.x + v.w - span / 7, "place %d inside, off the edge", i);
        cr_expect(p[i].y > v.y && p[i].y < v.y + v.h, "place %d inside vertically", i);
    }
    /* Lisbon and Porto are close and one above the other: taller than wide, so the width follows the height */
    MapPoint pt[] = { map_project(38722300, -9139300), map_project(41149600, -8611000) };
    v = map_fit(pt, 2);
    cr_expect(NEAR(v.w, MAP_MIN_SPAN), "at least the smallest span: %f", v.w);
    MapPoint tall[] = { map_project(60000000, 10000000), map_project(30000000, 10000000) };
    v = map_fit(tall, 2);
    cr_expect(NEAR(v.h, 400) && NEAR(v.w, 800), "30 degrees of latitude with the margin: %f x %f", v.w, v.h);
}

Test(map, the_view_stays_inside_the_world)
{
    MapPoint p = map_project(89000000, -179000000);
    MapView v = map_fit(&p, 1);
    cr_expect(NEAR(v.x, 0) && NEAR(v.y, 0), "pushed back from the corner: %f %f", v.x, v.y);
    p = map_project(-89000000, 179000000);
    v = map_fit(&p, 1);
    cr_expect(NEAR(v.x + v.w, 3600) && NEAR(v.y + v.h, 1800), "and from the other one");
}

Test(map, reads_decimal_degrees)
{
    int64_t v = 0;
    cr_expect(map_degrees_parse("38.7223", LAT_E6_MAX, &v) && v == 38722300);
    cr_expect(map_degrees_parse("-9.1393", LON_E6_MAX, &v) && v == -9139300);
    cr_expect(map_degrees_parse("38,7223", LAT_E6_MAX, &v) && v == 38722300, "a decimal comma");
    cr_expect(map_degrees_parse("38.722299999999997", LAT_E6_MAX, &v) && v == 38722300, "a JSON number as text");
    cr_expect(map_degrees_parse("1e-05", LAT_E6_MAX, &v) && v == 10);
    cr_expect(map_degrees_parse("0", LAT_E6_MAX, &v) && v == 0, "the equator is a place");
    cr_expect(map_degrees_parse("90", LAT_E6_MAX, &v) && v == 90000000);
    cr_expect(map_degrees_parse("-180", LON_E6_MAX, &v) && v == -180000000);
    const char *bad[] = { "", "90.000001", "-91", "north", "nan", "inf", "0x10", " 1", "1 ", "38.7N", ".", "-", "1e400", NULL };
    for (int i = 0; bad[i]; i++) cr_expect(!map_degrees_parse(bad[i], LAT_E6_MAX, &v), "refused: \"%s\"", bad[i]);
    cr_expect(!map_degrees_parse("180.5", LON_E6_MAX, &v));
    cr_expect(!map_degrees_parse(NULL, LON_E6_MAX, &v));
}

Test(map, writes_decimal_degrees)
{
    Arena a;
    arena_init(&a, 4096);
    cr_expect_str_eq(map_degrees_text(&a, 38722300), "38.7223");
    cr_expect_str_eq(map_degrees_text(&a, -9139300), "-9.1393");
    cr_expect_str_eq(map_degrees_text(&a, -500000), "-0.5");
    cr_expect_str_eq(map_degrees_text(&a, 0), "0");
    cr_expect_str_eq(map_degrees_text(&a, 180000000), "180");
    cr_expect_str_eq(map_degrees_text(&a, 1), "0.000001");
    arena_release(&a);
}

Test(map, the_model_draws_only_placed_places)
{
    Arena a;
    arena_init(&a, 4096);
    json_t *places = json_pack("[{s:s, s:I, s:I}, {s:s, s:n, s:n}, {s:s, s:I, s:I}]", "slug", "lisbon", "lat_e6",
                               (json_int_t)38722300, "lon_e6", (json_int_t)-9139300, "slug", "nowhere", "lat_e6", "lon_e6",
                               "slug", "porto", "lat_e6", (json_int_t)41149600, "lon_e6", (json_int_t)-8611000);
    json_t *m = map_model(&a, places, true);
    json_t *markers = json_object_get(m, "markers");
    cr_assert_eq(json_array_size(markers), 2);
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(markers, 0), "slug")), "lisbon");
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(markers, 0), "x")), "1708.61");
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(markers, 1), "slug")), "porto");
    cr_expect_eq(json_integer_value(json_object_get(m, "unplaced")), 1);
    cr_expect(json_is_true(json_object_get(m, "has_markers")));
    cr_expect_str_eq(json_string_value(json_object_get(m, "w")), "120.00", "zoomed to Portugal");
    cr_expect(json_is_true(json_object_get(m, "has_names")), "a zoomed map of two writes their names");
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(markers, 0), "tx")), "1710.35", "beside the marker");
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(markers, 0), "anchor")), "start", "Lisbon is west of the middle");
    json_decref(m);
    m = map_model(&a, places, false);
    cr_expect_str_eq(json_string_value(json_object_get(m, "viewbox")), "0.00 60.00 3600.00 1440.00", "the world");
    cr_expect(json_is_false(json_object_get(m, "has_names")), "the world map names no place");
    json_decref(m);
    json_t *none = json_array();
    m = map_model(&a, none, true);
    cr_expect(json_is_false(json_object_get(m, "has_markers")));
    cr_expect_str_eq(json_string_value(json_object_get(m, "viewbox")), "0.00 60.00 3600.00 1440.00", "nothing: the world");
    json_decref(m);
    json_decref(none);
    json_decref(places);
    arena_release(&a);
}
