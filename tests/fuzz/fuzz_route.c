/* fuzz_route.c - the path of a request against the route table
 * (route_match in src/web/router.c, over the routes of src/routes.h), the
 * way app_handle calls it: the /api/v1 prefix picks the JSON face, a trailing
 * slash is dropped, every method is tried.
 *
 * Invariants: a matched route is one of the face asked for and of the method
 * asked for; its pattern with the parameters put back in gives the path;
 * every parameter is a non-empty part of one segment (no '/'); a miss leaves
 * no parameters. */
#include "fuzz.h"

#include "base/buf.h"
#include "web/req.h"
#include "web/route.h"

/* The pattern with each {name} replaced by its value. */
static void expand(Buf *b, const Route *rt, const Req *r)
{
    int k = 0;
    for (const char *p = rt->pattern; *p; p++) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            FUZZ_CHECK(close && k < r->nparams);
            FUZZ_CHECK((size_t)(close - p - 1) == strlen(r->pnames[k]) && strncmp(p + 1, r->pnames[k], strlen(r->pnames[k])) == 0);
            buf_adds(b, r->pvalues[k++]);
            p = close;
        } else {
            buf_addc(b, *p);
        }
    }
    FUZZ_CHECK(k == r->nparams);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 2048) return 0;
    Arena a;
    arena_init(&a, 4096);
    const char *p = fuzz_text(&a, data, size);
    bool api = false;
    if (str_starts(p, "/api/v1/") || strcmp(p, "/api/v1") == 0) {
        api = true;
        p += 7;
        if (!*p) p = "/";
    }
    size_t n = strlen(p);
    if (n > 1 && p[n - 1] == '/') p = arena_strndup(&a, p, n - 1);
    for (int m = M_GET; m <= M_OPTIONS; m <<= 1) {
        Req r = { .arena = &a };
        int allowed = 0;
        const Route *rt = route_match(&r, m, p, api, &allowed);
        if (!rt) {
            FUZZ_CHECK(r.nparams == 0);
            continue;
        }
        FUZZ_CHECK(rt->method == m && !(rt->flags & (api ? F_PAGE : F_API)));
        for (int i = 0; i < r.nparams; i++) FUZZ_CHECK(*r.pvalues[i] && !strchr(r.pvalues[i], '/'));
        Buf b;
        buf_init(&b, &a);
        expand(&b, rt, &r);
        FUZZ_CHECK(strcmp(buf_str(&b), p) == 0);
    }
    arena_release(&a);
    return 0;
}
