/* atom.c - an Atom feed (RFC 4287) written with libxml2's xmlTextWriter, so
 * that escaping and well-formedness are the library's business. Req-free and
 * free of governance words: the decision records' feed uses it, and it can
 * move to a shared room when another feature (the commons) needs one. */
#include <libxml/xmlwriter.h>
#include <string.h>

#include "governance/governance.h"

#define W(call) do { if ((call) < 0) goto fail; } while (0)

static int text_element(xmlTextWriterPtr w, const char *name, const char *text)
{
    return xmlTextWriterWriteElement(w, BAD_CAST name, BAD_CAST(text ? text : ""));
}

static int link_element(xmlTextWriterPtr w, const char *rel, const char *type, const char *href)
{
    if (xmlTextWriterStartElement(w, BAD_CAST "link") < 0) return -1;
    if (rel && xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST rel) < 0) return -1;
    if (type && xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST type) < 0) return -1;
    if (xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST href) < 0) return -1;
    return xmlTextWriterEndElement(w);
}

static int author_element(xmlTextWriterPtr w, const char *name)
{
    if (xmlTextWriterStartElement(w, BAD_CAST "author") < 0 || text_element(w, "name", name) < 0) return -1;
    return xmlTextWriterEndElement(w);
}

static int entry_element(xmlTextWriterPtr w, const AtomEntry *x)
{
    W(xmlTextWriterStartElement(w, BAD_CAST "entry"));
    W(text_element(w, "id", x->id));
    W(text_element(w, "title", x->title));
    W(text_element(w, "updated", x->updated));
    if (x->published) W(text_element(w, "published", x->published));
    W(link_element(w, "alternate", "text/html", x->link));
    if (x->author) W(author_element(w, x->author));
    if (x->category) {
        W(xmlTextWriterStartElement(w, BAD_CAST "category"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "term", BAD_CAST x->category));
        if (x->category_label) W(xmlTextWriterWriteAttribute(w, BAD_CAST "label", BAD_CAST x->category_label));
        W(xmlTextWriterEndElement(w));
    }
    if (x->summary) {
        W(xmlTextWriterStartElement(w, BAD_CAST "summary"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "text"));
        W(xmlTextWriterWriteString(w, BAD_CAST x->summary));
        W(xmlTextWriterEndElement(w));
    }
    if (x->content) {
        W(xmlTextWriterStartElement(w, BAD_CAST "content"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "text"));
        W(xmlTextWriterWriteString(w, BAD_CAST x->content));
        W(xmlTextWriterEndElement(w));
    }
    return xmlTextWriterEndElement(w);
fail:
    return -1;
}

int atom_write(Buf *out, const AtomFeed *f, const AtomEntry *entries, size_t n, Err *e)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (!w) goto fail;
    W(xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL));
    W(xmlTextWriterStartElementNS(w, NULL, BAD_CAST "feed", BAD_CAST "http://www.w3.org/2005/Atom"));
    W(text_element(w, "id", f->id));
    W(text_element(w, "title", f->title));
    if (f->subtitle) W(text_element(w, "subtitle", f->subtitle));
    W(text_element(w, "updated", f->updated));
    W(link_element(w, "self", "application/atom+xml", f->self));
    if (f->alternate) W(link_element(w, "alternate", "text/html", f->alternate));
    W(author_element(w, f->author));
    W(xmlTextWriterStartElement(w, BAD_CAST "generator"));
    W(xmlTextWriterWriteString(w, BAD_CAST "Glocal"));
    W(xmlTextWriterEndElement(w));
    for (size_t i = 0; i < n; i++) W(entry_element(w, &entries[i]));
    W(xmlTextWriterEndDocument(w));
    xmlFreeTextWriter(w);
    w = NULL;
    buf_add(out, xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
    xmlBufferFree(buf);
    return 0;
fail:
    if (w) xmlFreeTextWriter(w);
    if (buf) xmlBufferFree(buf);
    return err_set(e, E_INTERNAL, "The feed could not be written.");
}
