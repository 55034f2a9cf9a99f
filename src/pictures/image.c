/* image.c - an upload decoded and written again by libvips (see pictures.h).
 *
 * libvips is set up once per process (pthread_once: VIPS_INIT), with its
 * operation cache off (an upload is never worth keeping, and the cache would
 * hold other people's pixels), one worker thread per operation (the server's
 * own threads are the parallelism) and its untrusted loaders blocked. Each
 * call is then independent and safe from any request thread. The loader is
 * the one of the format the bytes were sniffed as, or the upload is refused;
 * it stops at the first sign of a truncated or damaged file (fail_on). The
 * picture is decoded once, shrunk while it loads where the format allows
 * (JPEG, WebP), kept in memory at most PICTURE_FIT px a side, and both WebP
 * files are written from that with every piece of metadata stripped. */
#include <pthread.h>
#include <string.h>
#include <vips/vips.h>

#include "base/log.h"
#include "pictures/pictures.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool ready;

static void setup(void)
{
    if (VIPS_INIT("glocal") != 0) {
        log_error("pictures: libvips could not start: %s", vips_error_buffer());
        vips_error_clear();
        return;
    }
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    vips_cache_set_max_files(0);
    vips_concurrency_set(1);
    vips_block_untrusted_set(TRUE);
    ready = true;
}

/* The loader libvips would pick is the one of the sniffed format. */
static bool loader_matches(const char *loader, PictureFormat f)
{
    static const char *const prefix[] = { NULL, "jpegload", "pngload", "gifload", "webpload" };
    return loader && prefix[f] && strncmp(loader, prefix[f], strlen(prefix[f])) == 0;
}

static int damaged(Err *e, PictureFormat f, const char *step)
{
    log_info("pictures: a %s upload refused at %s: %.200s", picture_format_name(f), step, vips_error_buffer());
    vips_error_clear();
    return err_set(e, E_BAD_REQUEST, "The %s picture could not be read: it is cut short or damaged. Save it again and send it again.",
                   picture_format_name(f));
}

static int save(VipsImage *im, void **out, size_t *len)
{
    return vips_webpsave_buffer(im, out, len, "Q", 82, "effort", 2, "strip", TRUE, NULL);
}

int picture_encode(const void *p, size_t n, PictureEncoded *out, Err *e)
{
    memset(out, 0, sizeof *out);
    PictureFormat f;
    int64_t w, h;
    if (picture_check(p, n, &f, &w, &h, e) < 0) return -1;
    pthread_once(&once, setup);
    if (!ready) return err_set(e, E_INTERNAL, "Pictures cannot be taken on this server at the moment.");
    if (!loader_matches(vips_foreign_find_load_buffer(p, n), f)) return damaged(e, f, "its loader");
    VipsImage *fit = NULL, *mem = NULL, *sq = NULL;
    int rc = -1;
    /* "size down": a small picture is not enlarged; autorotated by its EXIF orientation before that is dropped */
    if (vips_thumbnail_buffer((void *)p, n, &fit, PICTURE_FIT, "height", PICTURE_FIT, "size", VIPS_SIZE_DOWN,
                              "option_string", "fail_on=truncated", NULL) != 0) {
        damaged(e, f, "decoding");
        goto done;
    }
    /* the pixels, computed once: a damaged file fails here */
    if (!(mem = vips_image_copy_memory(fit))) {
        damaged(e, f, "decoding");
        goto done;
    }
    if (vips_thumbnail_image(mem, &sq, PICTURE_SQUARE, "height", PICTURE_SQUARE, "crop", VIPS_INTERESTING_CENTRE, NULL) != 0 ||
        save(mem, &out->full, &out->full_len) != 0 || save(sq, &out->square, &out->square_len) != 0) {
        log_error("pictures: encoding failed: %.200s", vips_error_buffer());
        vips_error_clear();
        err_set(e, E_INTERNAL, "The picture could not be saved. Try again in a minute.");
        goto done;
    }
    out->width = vips_image_get_width(mem);
    out->height = vips_image_get_height(mem);
    rc = 0;
done:
    if (sq) g_object_unref(sq);
    if (mem) g_object_unref(mem);
    if (fit) g_object_unref(fit);
    if (rc < 0) picture_encoded_free(out);
    return rc;
}

void picture_encoded_free(PictureEncoded *pe)
{
    g_free(pe->full);
    g_free(pe->square);
    memset(pe, 0, sizeof *pe);
}
