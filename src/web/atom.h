/* atom.h - the Atom face (RFC 4287), written with libxml2's xmlTextWriter,
 * so that escaping and well-formedness are the library's business.
 *
 * A feature describes its feed as an AtomFeed and its entries as AtomEntry
 * values (strings borrowed from the caller: the request's arena, its JSON) and
 * answers with atom_respond, which writes the document, gives it an ETag (a
 * digest of the document) and a Last-Modified (the feed's updated time) and
 * answers 304 Not Modified when the client's copy is current (req_not_modified).
 * Pages that have a feed announce it in their <head> with atom_page_link.
 *
 * What goes in: plain text where RFC 4287 says text (titles, summaries, names:
 * the writer escapes them); HTML content only when it is safe HTML the program
 * made (Markdown rendered by base/markdown.h), written as type="html". Times are
 * Unix seconds, written as RFC 3339 UTC. Addresses are absolute (the node's
 * public URL, r->app->public_url, in front of the path). */
#ifndef GLOCAL_ATOM_H
#define GLOCAL_ATOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "web/req.h"

#define ATOM_TYPE "application/atom+xml"

/* An author: a name, and the page that is about them (NULL: none). */
typedef struct AtomPerson {
    const char *name, *uri;
} AtomPerson;

/* A category: its term, what people read (NULL: the term) and the IRI of the
 * scheme the term belongs to (NULL: none). */
typedef struct AtomCategory {
    const char *term, *label, *scheme;
} AtomCategory;

/* A link beyond the ones AtomEntry names: rel ("related", "via",
 * "enclosure"...), the media type and the title (NULL: left out). */
typedef struct AtomLink {
    const char *rel, *type, *href, *title;
} AtomLink;

typedef struct AtomEntry {
    const char *id;                  /* a permanent IRI: the permalink, or a tag: URI (atom_tag_uri) */
    const char *title;               /* plain text */
    const char *link;                /* the entry's page: rel="alternate" type="text/html" */
    int64_t updated;                 /* the last significant change */
    int64_t published;               /* 0: left out */
    const AtomPerson *authors;       /* none: the feed's author stands for the entry */
    size_t n_authors;
    const AtomCategory *categories;
    size_t n_categories;
    const char *license;             /* rel="license" (RFC 4946): the deed's address, NULL: none */
    const char *license_title;       /* its name ("CC BY 4.0") */
    const AtomLink *links;
    size_t n_links;
    const char *summary;             /* plain text, NULL: none */
    const char *content;             /* NULL: none */
    bool content_html;               /* content is safe HTML (type="html"); else plain text */
} AtomEntry;

typedef struct AtomFeed {
    const char *id;                  /* a permanent IRI: the feed's own address will do */
    const char *title, *subtitle;    /* plain text; subtitle NULL: none */
    const char *self;                /* the feed's address (rel="self") */
    const char *alternate;           /* the page it mirrors (rel="alternate", text/html); NULL: none */
    const char *author;              /* the feed's author (the network) */
    int64_t updated;                 /* at least this; the newest entry's updated when later (0: that alone) */
} AtomFeed;

/* The feed's updated time: f->updated or the newest entry's, whichever is later. */
int64_t atom_updated(const AtomFeed *f, const AtomEntry *entries, size_t n);
/* Appends the feed's XML to out: 0, or -1 with e. */
int atom_write(Buf *out, const AtomFeed *f, const AtomEntry *entries, size_t n, Err *e);
/* Writes the feed into r->body and answers it as application/atom+xml, with
 * its ETag and Last-Modified, or 304 when the client has it already. */
int atom_respond(Req *r, const AtomFeed *f, const AtomEntry *entries, size_t n);
/* A tag: URI (RFC 4151) "tag:<host>,<YYYY-MM-DD of `minted`>:<specific>"
 * for an entry's id, the host taken from public_url; NULL when that host is
 * not a DNS name (an IPv6 address: use the permalink then). Arena. */
const char *atom_tag_uri(Arena *a, const char *public_url, int64_t minted, const char *specific);
/* Announces a feed in the page's <head>: <link rel="alternate"
 * type="application/atom+xml" href title> (model "_feeds", which
 * templates/layout.mustache shows; pages only). href may be a path. */
void atom_page_link(Req *r, const char *href, const char *title);

#endif
