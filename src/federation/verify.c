/* verify.c - reading and checking the signature of an incoming request, in
 * draft-cavage or RFC 9421 (see httpsig.h for what is refused and why). */
#include "federation/internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* s[0..n) without surrounding spaces (arena). */
static char *trimmed_token(Arena *a, const char *s, size_t n) {
    while (n && isspace((unsigned char)*s)) s++, n--;
    while (n && isspace((unsigned char)s[n - 1])) n--;
    return arena_strndup(a, s, n);
}

/* Appends a covered component to p (arena). */
static void push_component(Arena *a, HsParsed *p, const char *name, size_t *cap) {
    if (p->n_components == *cap) {
        size_t old = *cap;
        *cap = old ? old * 2 : 8;
        p->components = arena_realloc(a, (void *)p->components, old * sizeof *p->components, *cap * sizeof *p->components);
    }
    p->components[p->n_components++] = name;
}

/* ---------- draft-cavage: keyId="…",algorithm="…",headers="…",signature="…" ---------- */

/* Reads one name=value of the Signature header at *s; 0 at the end, -1 when malformed. */
static int cavage_param(Arena *a, const char **s, char **name, char **value) {
    const char *p = *s;
    while (*p == ' ' || *p == '\t' || *p == ',') p++;
    if (!*p) return 0;
    const char *eq = strchr(p, '=');
    if (!eq || eq == p) return -1;
    *name = arena_strndup(a, p, (size_t)(eq - p));
    p = eq + 1;
    if (*p == '"') {
        const char *end = strchr(p + 1, '"');
        if (!end) return -1;
        *value = arena_strndup(a, p + 1, (size_t)(end - p - 1));
        p = end + 1;
    } else {
        size_t n = strcspn(p, ",");
        *value = trimmed_token(a, p, n);
        p += n;
    }
    *s = p;
    return 1;
}

static int parse_cavage(Arena *a, const char *header, HsParsed *out, Err *e) {
    const char *s = header, *headers = "date", *signature = NULL;
    char *name = NULL, *value = NULL;
    int rc;
    out->scheme = HS_CAVAGE;
    while ((rc = cavage_param(a, &s, &name, &value)) > 0) {
        if (strcasecmp(name, "keyId") == 0) out->key_id = value;
        else if (strcasecmp(name, "algorithm") == 0) out->algorithm = hs_lower(a, value);
        else if (strcasecmp(name, "headers") == 0) headers = value;
        else if (strcasecmp(name, "signature") == 0) signature = value;
        else if (strcasecmp(name, "created") == 0) out->created = strtoll(value, NULL, 10);
        else if (strcasecmp(name, "expires") == 0) out->expires = strtoll(value, NULL, 10);
    }
    if (rc < 0) return hs_refuse(e, "The Signature header is malformed (it is keyId=\"…\",headers=\"…\",signature=\"…\").");
    if (!out->key_id || !*out->key_id) return hs_refuse(e, "The signature names no keyId.");
    if (!signature || hs_unbase64(a, signature, strlen(signature), (unsigned char **)&out->signature, &out->signature_len) < 0 ||
        out->signature_len == 0)
        return hs_refuse(e, "The Signature header has no signature in base64.");
    size_t cap = 0;
    char *list = hs_lower(a, headers), *save = NULL;
    for (char *t = strtok_r(list, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) push_component(a, out, t, &cap);
    if (out->n_components == 0) return hs_refuse(e, "The signature's headers parameter is empty.");
    return 0;
}

/* ---------- RFC 9421: structured-field dictionaries (RFC 8941) ---------- */

/* Splits the dictionary at *s into its next member: key and value text; 0 at the end. */
static int sf_next_member(Arena *a, const char **s, char **key, char **value) {
    const char *p = *s;
    while (*p == ' ' || *p == '\t' || *p == ',') p++;
    if (!*p) return 0;
    size_t k = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_-.*");
    if (k == 0 || p[k] != '=') return -1;
    *key = arena_strndup(a, p, k);
    const char *v = p + k + 1, *q = v;
    int depth = 0;
    bool quoted = false;
    for (; *q && (quoted || depth || *q != ','); q++) {
        if (quoted && *q == '\\' && q[1]) q++;
        else if (*q == '"') quoted = !quoted;
        else if (!quoted && *q == '(') depth++;
        else if (!quoted && *q == ')') depth--;
    }
    if (quoted || depth) return -1;
    *value = trimmed_token(a, v, (size_t)(q - v));
    *s = q;
    return 1;
}

/* The value of member `label` of a dictionary, or of its first member when
 * label is NULL (then *label_out names it); NULL when absent or malformed. */
static char *sf_member(Arena *a, const char *dict, const char *label, const char **label_out) {
    const char *s = dict;
    char *key = NULL, *value = NULL;
    while (sf_next_member(a, &s, &key, &value) > 0)
        if (!label || strcmp(key, label) == 0) {
            if (label_out) *label_out = key;
            return value;
        }
    return NULL;
}

/* Reads an sf-string at *s (after its opening quote) into out; -1 if unterminated. */
static int sf_string_read(Arena *a, const char **s, char **out) {
    const char *p = *s;
    char *buf = arena_alloc(a, strlen(p) + 1), *o = buf;
    for (; *p && *p != '"'; p++) {
        if (*p == '\\' && (p[1] == '"' || p[1] == '\\')) p++;
        *o++ = *p;
    }
    if (*p != '"') return -1;
    *out = buf;
    *s = p + 1;
    return 0;
}

/* The inner list of covered components: ("@method" "content-digest"). */
static int rfc_components(Arena *a, const char **s, HsParsed *out, char **ser, Err *e) {
    const char *p = *s;
    size_t cap = 0;
    char *list = arena_strdup(a, "(");
    if (*p++ != '(') return hs_refuse(e, "The Signature-Input does not begin with a list of components.");
    for (;;) {
        while (*p == ' ') p++;
        if (*p == ')') break;
        char *name = NULL;
        if (*p != '"' || (p++, sf_string_read(a, &p, &name)) < 0)
            return hs_refuse(e, "The Signature-Input's list of components is malformed.");
        if (*p == ';')
            return hs_refuse(e, "The signature covers a component with parameters (;sf, ;key, ;bs, ;req), which this server does not read.");
        push_component(a, out, hs_lower(a, name), &cap);
        list = arena_printf(a, "%s%s%s", list, out->n_components > 1 ? " " : "", hs_sf_string(a, out->components[out->n_components - 1]));
    }
    *ser = arena_printf(a, "%s)", list);
    *s = p + 1;
    return 0;
}

/* One ;name=value of the signature's parameters; the value's serialization in *ser. */
static int rfc_param(Arena *a, const char **s, HsParsed *out, char **ser, Err *e) {
    const char *p = *s + 1;
    size_t k = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_-.*");
    if (k == 0) return hs_refuse(e, "The Signature-Input's parameters are malformed.");
    char *name = arena_strndup(a, p, k), *text = NULL;
    p += k;
    if (*p != '=') {
        *ser = arena_printf(a, ";%s", name);
    } else if (*++p == '"') {
        p++;
        if (sf_string_read(a, &p, &text) < 0) return hs_refuse(e, "The Signature-Input has an unterminated string.");
        *ser = arena_printf(a, ";%s=%s", name, hs_sf_string(a, text));
    } else {
        size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-+.:/*?_!#$%&'^`|~");
        text = arena_strndup(a, p, n);
        p += n;
        *ser = arena_printf(a, ";%s=%s", name, text);
    }
    if (strcmp(name, "keyid") == 0) out->key_id = text;
    else if (strcmp(name, "alg") == 0) out->algorithm = text;
    else if (strcmp(name, "created") == 0) out->created = text ? strtoll(text, NULL, 10) : 0;
    else if (strcmp(name, "expires") == 0) out->expires = text ? strtoll(text, NULL, 10) : 0;
    *s = p;
    return 0;
}

static int parse_rfc9421(Arena *a, const char *input, const char *sig, HsParsed *out, Err *e) {
    out->scheme = HS_RFC9421;
    const char *label = "sig1";
    char *value = sf_member(a, input, label, NULL);
    if (!value) value = sf_member(a, input, NULL, &label);
    if (!value) return hs_refuse(e, "The Signature-Input header is malformed.");
    out->label = label;
    const char *s = value;
    char *params = NULL, *ser = NULL;
    if (rfc_components(a, &s, out, &params, e) < 0) return -1;
    while (*s == ';') {
        if (rfc_param(a, &s, out, &ser, e) < 0) return -1;
        params = arena_printf(a, "%s%s", params, ser);
    }
    if (*s) return hs_refuse(e, "The Signature-Input's parameters are malformed.");
    out->params = params;
    if (!out->key_id || !*out->key_id) return hs_refuse(e, "The signature names no keyid.");
    char *bytes = sf_member(a, sig, label, NULL);
    size_t n = bytes ? strlen(bytes) : 0;
    char *end = n > 1 && bytes[0] == ':' ? strchr(bytes + 1, ':') : NULL;
    if (!end || hs_unbase64(a, bytes + 1, (size_t)(end - bytes - 1), (unsigned char **)&out->signature, &out->signature_len) < 0 ||
        out->signature_len == 0)
        return err_set(e, E_UNAUTHORIZED, "The Signature header has no signature labelled %s.", label);
    return 0;
}

/* The cavage parameters of "Authorization: Signature keyId=…" (draft-cavage
 * section 3), or NULL. */
static const char *authorization_signature(Arena *a, const HsRequest *req) {
    const char *v = hs_header(a, req, "authorization");
    return v && strncasecmp(v, "Signature ", 10) == 0 ? v + 10 : NULL;
}

bool hs_is_signed(const HsRequest *req) {
    for (size_t i = 0; i < req->n_headers; i++) {
        const HsHeader *h = &req->headers[i];
        if (!h->name) continue;
        if (strcasecmp(h->name, "signature") == 0) return true;
        if (strcasecmp(h->name, "authorization") == 0 && h->value && strncasecmp(h->value, "Signature ", 10) == 0) return true;
    }
    return false;
}

int hs_parse(Arena *a, const HsRequest *req, HsParsed *out, Err *e) {
    *out = (HsParsed){0};
    const char *sig = hs_header(a, req, "signature"), *input = hs_header(a, req, "signature-input");
    if (!sig && (sig = authorization_signature(a, req))) return parse_cavage(a, sig, out, e);
    if (!sig) return hs_refuse(e, "The request is not signed (it has no Signature header).");
    return input ? parse_rfc9421(a, input, sig, out, e) : parse_cavage(a, sig, out, e);
}
