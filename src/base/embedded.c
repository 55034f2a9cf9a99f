/* embedded.c - lookup in the table of built-in files (see embedded.h). */
#include "base/embedded.h"

#include <string.h>

const EmbeddedFile *embedded_find(const char *name)
{
    /* the table is sorted by name (tools/embed.c sorts it) */
    size_t lo = 0, hi = embedded_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(name, embedded_files[mid].name);
        if (c == 0) return &embedded_files[mid];
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return NULL;
}
