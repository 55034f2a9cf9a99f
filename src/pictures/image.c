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
 * (JPEG, WebP), and its pixels alone (at most PICTURE_FIT px a side) are
 * copied into a new image, from which both WebP files are written: no
 * metadata of the upload can reach them. */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <string.h>
#include <time.h>
#include <vips/vips.h>

#include "base/log.h"
#include "pictures/pictures.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool ready;
/* Decodes at once: a large PNG (no shrinking while it loads) takes seconds
 * and a few hundred MB; the others wait their turn, for a while. */
#define PICTURES_AT_ONCE 2
#define PICTURES_WAIT_SECONDS 20
static sem_t slots;

/* libvips' own warnings (a damaged file's "error in tile ...") go to the
 * server's log at debug level, not to its stderr: the refusal is logged once. */
static void vips_said(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
    (void)domain, (void)level, (void)data;
    log_debug("pictures: libvips: %.300s", message);
}

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
    sem_init(&slots, 0, PICTURES_AT_ONCE);
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG, vips_said, NULL);
    ready = true;
}

/* The loader libvips would pick (its class) is one of the sniffed format's. */
static bool loader_matches(const char *loader, PictureFormat f)
{
    static const char *const loaders[][2] = {
        [PIC_JPEG] = { "VipsForeignLoadJpegBuffer", NULL },
        [PIC_PNG] = { "VipsForeignLoadPngBuffer", "VipsForeignLoadSpngBuffer" },
        [PIC_GIF] = { "VipsForeignLoadNsgifBuffer", "VipsForeignLoadGifBuffer" },
        [PIC_WEBP] = { "VipsForeignLoadWebpBuffer", NULL },
    };
    if (!loader || f <= PIC_NONE || f > PIC_WEBP) return false;
    for (int i = 0; i < 2; i++)
        if (loaders[f][i] && strcmp(loader, loaders[f][i]) == 0) return true;
    return false;
}

static int damaged(Err *e, PictureFormat f, const char *step)
{
    log_info("pictures: a %s upload refused at %s: %.200s", picture_format_name(f), step, vips_error_buffer());
    vips_error_clear();
    return err_set(e, E_BAD_REQUEST, "The %s picture could not be read: it is cut short or damaged. Save it again and send it again.",
                   picture_format_name(f));
}

/* WebP, stripped: by libvips, and again by picture_webp_bare (libvips 8.14
 * writes an EXIF chunk of its own even with strip). */
static int save(VipsImage *im, void **out, size_t *len)
{
    if (vips_webpsave_buffer(im, out, len, "Q", 82, "effort", 2, "strip", TRUE, NULL) != 0) return -1;
    *len = picture_webp_bare(*out, *len);
    return *len ? 0 : -1;
}

static int encode(const void *p, size_t n, PictureFormat f, PictureEncoded *out, Err *e);

int picture_encode(const void *p, size_t n, PictureEncoded *out, Err *e)
{
    memset(out, 0, sizeof *out);
    PictureFormat f;
    int64_t w, h;
    if (picture_check(p, n, &f, &w, &h, e) < 0) return -1;
    pthread_once(&once, setup);
    if (!ready) return err_set(e, E_INTERNAL, "Pictures cannot be taken on this server at the moment.");
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += PICTURES_WAIT_SECONDS;
    int rc;
    while ((rc = sem_timedwait(&slots, &until)) != 0 && errno == EINTR) {}
    if (rc != 0) return err_later(e, E_UNAVAILABLE, 30, "Many pictures are being sent at the moment: send yours again in a minute.");
    rc = encode(p, n, f, out, e);
    sem_post(&slots);
    return rc;
}

/* The work of picture_encode, once its turn came. */
static int encode(const void *p, size_t n, PictureFormat f, PictureEncoded *out, Err *e)
{
    if (!loader_matches(vips_foreign_find_load_buffer(p, n), f)) return damaged(e, f, "its loader");
    VipsImage *fit = NULL, *mem = NULL, *sq = NULL;
    int rc = -1;
    /* "size down": a small picture is not enlarged; autorotated by its EXIF orientation before that is dropped;
     * an embedded colour profile applied (to sRGB), since the profile itself is not kept */
    if (vips_thumbnail_buffer((void *)p, n, &fit, PICTURE_FIT, "height", PICTURE_FIT, "size", VIPS_SIZE_DOWN,
                              "export_profile", "srgb", "option_string", "fail_on=truncated", NULL) != 0) {
        damaged(e, f, "decoding");
        goto done;
    }
    /* the pixels, computed once (a damaged file fails here), in an image made
     * of them alone: none of the file's metadata is carried over, whatever the
     * saver would or would not strip (libvips 8.14's WebP saver keeps EXIF) */
    size_t size = 0;
    void *px = vips_image_write_to_memory(fit, &size);
    if (!px) {
        damaged(e, f, "decoding");
        goto done;
    }
    mem = vips_image_new_from_memory_copy(px, size, vips_image_get_width(fit), vips_image_get_height(fit),
                                          vips_image_get_bands(fit), vips_image_get_format(fit));
    g_free(px);
    if (!mem) {
        damaged(e, f, "copying");
        goto done;
    }
    /* the square: PICTURE_SQUARE a side, or the picture's shorter side when that is less (never enlarged) */
    int side = vips_image_get_width(mem) < vips_image_get_height(mem) ? vips_image_get_width(mem) : vips_image_get_height(mem);
    if (side > PICTURE_SQUARE) side = PICTURE_SQUARE;
    if (vips_thumbnail_image(mem, &sq, side, "height", side, "crop", VIPS_INTERESTING_CENTRE, NULL) != 0 ||
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
