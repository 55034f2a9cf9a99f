/* embedded.h - files built into the binary: schema migrations, templates, assets,
 * the OpenAPI document and the demo data. tools/embed.c generates the table at
 * build time. */
#ifndef GLOCAL_EMBEDDED_H
#define GLOCAL_EMBEDDED_H

#include <stddef.h>

typedef struct EmbeddedFile {
    const char *name;             /* path relative to the repository: "templates/layout.mustache" */
    const unsigned char *data;    /* always followed by a NUL byte */
    size_t len;
    const char *etag;             /* quoted strong validator derived from the contents */
    const unsigned char *gz;      /* the contents gzipped (served assets that shrink), else NULL */
    size_t gz_len;
} EmbeddedFile;

extern const EmbeddedFile embedded_files[];
extern const size_t embedded_count;

/* The file with this exact name, or NULL. */
const EmbeddedFile *embedded_find(const char *name);

#endif
