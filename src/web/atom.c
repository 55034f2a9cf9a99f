/* atom.c - the Atom face (see atom.h): RFC 4287 written with libxml2's
 * xmlTextWriter, licence links by RFC 4946, tag: URIs by RFC 4151, and the
 * answer with its validators (conditional GET: req_not_modified). */
#include "web/atom.h"

#include <ctype.h>
#include <libxml/xmlwriter.h>
#include <sodium.h>
#include <string.h>

#include "base/str.h"

#define W(call) do { if ((call) < 0) goto fail; } while (0)
#define X(s) BAD_CAST(s)

static int text_element(xmlTextWriterPtr w, const char *name, const char *text)
{
    return xmlTextWriterWriteElement(w, X(name), X(text ? text : ""));
}

static int date_element(xmlTextWriterPtr w, Arena *a, const char *name, int64_t t)
{
    return text_element(w, name, time_iso8601(a, t));
}

/* A text construct (title, summary, content) with its type. */
static int typed_element(xmlTextWriterPtr w, const char *name, const char *type, const char *text)
{
    if (xmlTextWriterStartElement(w, X(name)) < 0 || xmlTextWriterWriteAttribute(w, X("type"), X(type)) < 0 ||
        xmlTextWriterWriteString(w, X(text)) < 0)
        return -1;
    return xmlTextWriterEndElement(w);
}

static int attribute(xmlTextWriterPtr w, const char *name, const char *value)
{
    return value ? xmlTextWriterWriteAttribute(w, X(name), X(value)) : 0;
}

static int link_element(xmlTextWriterPtr w, const AtomLink *l)
{
    if (xmlTextWriterStartElement(w, X("link")) < 0 || attribute(w, "rel", l->rel) < 0 ||
        attribute(w, "type", l->type) < 0 || attribute(w, "href", l->href) < 0 || attribute(w, "title", l->title) < 0)
        return -1;
    return xmlTextWriterEndElement(w);
}

static int author_element(xmlTextWriterPtr w, const AtomPerson *p)
{
    if (xmlTextWriterStartElement(w, X("author")) < 0 || text_element(w, "name", p->name) < 0) return -1;
    if (p->uri && text_element(w, "uri", p->uri) < 0) return -1;
    return xmlTextWriterEndElement(w);
}

static int category_element(xmlTextWriterPtr w, const AtomCategory *c)
{
    if (xmlTextWriterStartElement(w, X("category")) < 0 || attribute(w, "term", c->term) < 0 ||
        attribute(w, "scheme", c->scheme) < 0 || attribute(w, "label", c->label) < 0)
        return -1;
    return xmlTextWriterEndElement(w);
}

static int entry_element(xmlTextWriterPtr w, Arena *a, const AtomEntry *x)
{
    W(xmlTextWriterStartElement(w, X("entry")));
    W(text_element(w, "id", x->id));
    W(typed_element(w, "title", "text", x->title ? x->title : ""));
    W(date_element(w, a, "updated", x->updated));
    if (x->published) W(date_element(w, a, "published", x->published));
    for (size_t i = 0; i < x->n_authors; i++) W(author_element(w, &x->authors[i]));
    W(link_element(w, &(AtomLink){ "alternate", "text/html", x->link, NULL }));
    if (x->license) W(link_element(w, &(AtomLink){ "license", "text/html", x->license, x->license_title }));
    for (size_t i = 0; i < x->n_links; i++) W(link_element(w, &x->links[i]));
    for (size_t i = 0; i < x->n_categories; i++) W(category_element(w, &x->categories[i]));
    if (x->summary) W(typed_element(w, "summary", "text", x->summary));
    if (x->content) W(typed_element(w, "content", x->content_html ? "html" : "text", x->content));
    return xmlTextWriterEndElement(w);
fail:
    return -1;
}

int64_t atom_updated(const AtomFeed *f, const AtomEntry *entries, size_t n)
{
    int64_t t = f->updated;
    for (size_t i = 0; i < n; i++)
        if (entries[i].updated > t) t = entries[i].updated;
    return t;
}

int atom_write(Buf *out, const AtomFeed *f, const AtomEntry *entries, size_t n, Err *e)
{
    Arena a;
    arena_init(&a, 0);
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (!w) goto fail;
    W(xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL));
    W(xmlTextWriterStartElementNS(w, NULL, X("feed"), X("http://www.w3.org/2005/Atom")));
    W(text_element(w, "id", f->id));
    W(typed_element(w, "title", "text", f->title ? f->title : ""));
    if (f->subtitle) W(typed_element(w, "subtitle", "text", f->subtitle));
    W(date_element(w, &a, "updated", atom_updated(f, entries, n)));
    W(link_element(w, &(AtomLink){ "self", ATOM_TYPE, f->self, NULL }));
    if (f->alternate) W(link_element(w, &(AtomLink){ "alternate", "text/html", f->alternate, NULL }));
    W(author_element(w, &(AtomPerson){ f->author, NULL }));
    W(xmlTextWriterStartElement(w, X("generator")));
    W(xmlTextWriterWriteString(w, X("Glocal")));
    W(xmlTextWriterEndElement(w));
    for (size_t i = 0; i < n; i++) W(entry_element(w, &a, &entries[i]));
    W(xmlTextWriterEndDocument(w));
    xmlFreeTextWriter(w);
    w = NULL;
    buf_add(out, xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
    xmlBufferFree(buf);
    arena_release(&a);
    return 0;
fail:
    if (w) xmlFreeTextWriter(w);
    if (buf) xmlBufferFree(buf);
    arena_release(&a);
    return err_set(e, E_INTERNAL, "The feed could not be written.");
}

int atom_respond(Req *r, const AtomFeed *f, const AtomEntry *entries, size_t n)
{
    Err e = { 0 };
    buf_clear(&r->body);
    if (atom_write(&r->body, f, entries, n, &e) < 0) return req_fail_err(r, &e);
    /* the tag is a digest of the document itself: any change to what a reader gets changes it */
    unsigned char h[16];
    char hex[sizeof h * 2 + 1];
    crypto_generichash(h, sizeof h, (const unsigned char *)r->body.data, r->body.len, NULL, 0);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    r->cache_control = "no-cache";   /* anyone may keep it, but asks again (cheaply: 304) before using it */
    req_raw(r, ATOM_TYPE "; charset=utf-8");
    if (req_not_modified(r, req_printf(r, "\"%s\"", hex), atom_updated(f, entries, n))) buf_clear(&r->body);
    return 0;
}

/* Whether s is a DNS name as RFC 4151 takes it: labels of letters, digits and inner hyphens. */
static bool dns_name(const char *s)
{
    size_t label = 0;
    char prev = '.';
    if (!*s) return false;
    for (const char *p = s; *p; p++) {
        if (*p == '.') {
            if (!label || prev == '-') return false;
            label = 0;
        } else if (isalnum((unsigned char)*p) || (*p == '-' && label)) {
            label++;
        } else {
            return false;
        }
        prev = *p;
    }
    return label && prev != '-';
}

const char *atom_tag_uri(Arena *a, const char *public_url, int64_t minted, const char *specific)
{
    const char *p = public_url ? strstr(public_url, "://") : NULL;
    p = p ? p + 3 : public_url ? public_url : "";
    char *host = arena_strndup(a, p, strcspn(p, "/:?#"));
    if (!dns_name(host)) return NULL;
    for (char *h = host; *h; h++) *h = (char)tolower((unsigned char)*h);
    return arena_printf(a, "tag:%s,%s:%s", host, time_iso_date(a, minted), specific);
}

void atom_page_link(Req *r, const char *href, const char *title)
{
    json_t *m = req_model(r);
    json_t *list = json_object_get(m, "_feeds");
    if (!json_is_array(list)) {
        list = json_array();
        json_object_set_new(m, "_feeds", list);
    }
    json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "type", ATOM_TYPE, "href", href, "title", title));
}
