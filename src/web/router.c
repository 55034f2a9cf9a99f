/* router.c - the route table and path matching (see route.h and src/routes.h). */
#include "web/route.h"

#include <string.h>


const char *route_method_name(int method)
{
    switch (method) {
    case M_GET: return "GET";
    case M_POST: return "POST";
    case M_HEAD: return "HEAD";
    case M_PUT: return "PUT";
    case M_PATCH: return "PATCH";
    case M_DELETE: return "DELETE";
    case M_OPTIONS: return "OPTIONS";
    default: return "OTHER";
    }
}

int route_method_parse(const char *name)
{
    static const char *names[] = { "GET", "POST", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS" };
    for (int i = 0; i < 7; i++)
        if (strcmp(name, names[i]) == 0) return 1 << i;
    return 0;
}

/* Matches one pattern against a path, filling r's parameters on success. */
static bool match(Req *r, const char *pat, const char *path)
{
    int np = 0;
    const char *names[6], *values[6];
    while (*pat && *path) {
        if (*pat != '/' || *path != '/') return false;
        pat++;
        path++;
        const char *pend = strchr(pat, '/');
        const char *send = strchr(path, '/');
        size_t plen = pend ? (size_t)(pend - pat) : strlen(pat);
        size_t slen = send ? (size_t)(send - path) : strlen(path);
        if (plen > 2 && pat[0] == '{') {
            /* a parameter may be followed by a literal suffix in its segment: {tag}.atom */
            const char *close = memchr(pat, '}', plen);
            size_t name_len = close ? (size_t)(close - pat - 1) : 0;
            size_t suffix = close ? plen - name_len - 2 : 0;
            if (!close || slen <= suffix || np == 6 || memcmp(path + slen - suffix, close + 1, suffix) != 0) return false;
            names[np] = arena_strndup(r->arena, pat + 1, name_len);
            values[np] = arena_strndup(r->arena, path, slen - suffix);
            np++;
        } else if (plen != slen || memcmp(pat, path, plen) != 0) {
            return false;
        }
        pat += plen;
        path += slen;
    }
    if (*pat || *path) return false;
    for (int i = 0; i < np; i++) {
        r->pnames[i] = names[i];
        r->pvalues[i] = values[i];
    }
    r->nparams = np;
    return true;
}

const Route *route_match(Req *r, int method, const char *path, bool api, int *allowed)
{
    *allowed = 0;
    for (size_t i = 0; i < route_count; i++) {
        const Route *rt = &routes[i];
        if (api ? (rt->flags & F_PAGE) : (rt->flags & F_API)) continue;
        if (!match(r, rt->pattern, path)) continue;
        if (rt->method == method) return rt;
        *allowed |= rt->method;
        if (rt->method == M_GET) *allowed |= M_HEAD;
    }
    r->nparams = 0;
    return NULL;
}
