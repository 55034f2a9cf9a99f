/* fuzz_conditional.c - the conditional request headers (src/web/conditional.c):
 * If-None-Match, a list of entity tags or "*", and If-Modified-Since, an
 * HTTP-date, read by req_not_modified for every page and feed with an ETag.
 *
 * Input: the first NUL byte, if any, separates If-None-Match from
 * If-Modified-Since; the first byte picks whether a list is sent and whether
 * the client takes gzip. Invariants:
 * a 304 only for GET or HEAD, and only when the list names the page's tag or
 * its gzip form ("x-gz", web/encoding.h), or is "*", or, with no list, when
 * the page is not newer than the date; the answer is the same when asked
 * twice. */
#include "fuzz.h"

#include "web/req.h"

static bool takes_gzip;

static bool ask(Arena *a, int method, const char *inm, const char *ims, const char *etag, int64_t modified)
{
    Req r = { .arena = a, .method = method, .if_none_match = inm, .if_modified_since = ims, .accept_gzip = takes_gzip };
    bool not_modified = req_not_modified(&r, etag, modified);
    FUZZ_CHECK(not_modified == (r.status == 304));
    return not_modified;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 1024) return 0;
    Arena a;
    arena_init(&a, 2048);
    const char *ims;
    char *inm = fuzz_split(&a, data + 1, size - 1, &ims);
    if (data[0] & 1) inm = NULL;
    takes_gzip = data[0] & 2;
    const char *etag = "W/\"abc123\"";
    int64_t modified = 1700000000;
    bool nm = ask(&a, M_GET, inm, ims, etag, modified);
    FUZZ_CHECK(nm == ask(&a, M_HEAD, inm, ims, etag, modified));
    FUZZ_CHECK(!ask(&a, M_POST, inm, ims, etag, modified));
    if (nm && inm) FUZZ_CHECK(strstr(inm, "\"abc123\"") || (takes_gzip && strstr(inm, "\"abc123-gz\"")) || strchr(inm, '*'));
    if (nm && !inm) {
        int64_t since;
        FUZZ_CHECK(http_date_parse(ims, &since) && since >= modified);
    }
    if (inm) {   /* another page's tag: a 304 only when the list names it or is "*" */
        bool other = ask(&a, M_GET, inm, NULL, "\"zzz\"", 0);
        FUZZ_CHECK(!other || strchr(inm, '*') || strstr(inm, "\"zzz\"") || (takes_gzip && strstr(inm, "\"zzz-gz\"")));
    }
    arena_release(&a);
    return 0;
}
