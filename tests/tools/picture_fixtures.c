/* picture_fixtures.c - writes the small pictures tests/http/pictures.test.mjs
 * and the browser test upload (tests/http/fixtures/pictures/), drawn by libvips:
 *   cc -o /tmp/pf tests/tools/picture_fixtures.c $(pkg-config --cflags --libs vips) && /tmp/pf tests/http/fixtures/pictures
 * photo.jpg: 1600 × 1200, a colour gradient with a disc (so a resize and a
 * crop can be seen); logo.png: 300 × 200 with transparency; badge.gif: 64 × 64. */
#include <stdio.h>
#include <vips/vips.h>

static VipsImage *gradient(int w, int h)
{
    VipsImage *xy, *r, *g, *b, *rgb, *out;
    vips_xyz(&xy, w, h, NULL);
    VipsImage *x, *y;
    vips_extract_band(xy, &x, 0, NULL);
    vips_extract_band(xy, &y, 1, NULL);
    vips_linear1(x, &r, 255.0 / w, 0, NULL);
    vips_linear1(y, &g, 255.0 / h, 0, NULL);
    vips_linear1(x, &b, -128.0 / w, 200, NULL);
    VipsImage *bands[3] = { r, g, b };
    vips_bandjoin(bands, &rgb, 3, NULL);
    VipsImage *u;
    vips_cast_uchar(rgb, &u, NULL);
    out = vips_image_copy_memory(u);   /* drawing changes the pixels in place */
    double white[3] = { 250, 245, 230 };
    vips_draw_circle(out, white, 3, w / 2, h / 2, h / 4, "fill", TRUE, NULL);
    return out;
}

int main(int argc, char **argv)
{
    if (argc != 2 || VIPS_INIT(argv[0])) return 2;
    char path[512];
    VipsImage *photo = gradient(1600, 1200);
    snprintf(path, sizeof path, "%s/photo.jpg", argv[1]);
    if (vips_jpegsave(photo, path, "Q", 70, "strip", TRUE, NULL)) return 1;
    VipsImage *logo = gradient(300, 200), *alpha, *with_alpha;
    VipsImage *black, *a8;
    vips_black(&black, 300, 200, NULL);
    alpha = vips_image_copy_memory(black);
    double opaque[1] = { 255 };
    vips_draw_rect(alpha, opaque, 1, 20, 20, 260, 160, "fill", TRUE, NULL);
    vips_cast_uchar(alpha, &a8, NULL);
    vips_bandjoin2(logo, a8, &with_alpha, NULL);
    snprintf(path, sizeof path, "%s/logo.png", argv[1]);
    if (vips_pngsave(with_alpha, path, "strip", TRUE, NULL)) return 1;
    VipsImage *badge = gradient(64, 64);
    snprintf(path, sizeof path, "%s/badge.gif", argv[1]);
    if (vips_gifsave(badge, path, NULL)) return 1;
    return 0;
}
