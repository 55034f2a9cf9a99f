/* views.h - the HTML templates, compiled once at start-up.
 *
 * Every templates/NAME.mustache embedded in the binary becomes the view NAME
 * ("chapters/show"), also usable as a partial ({{> chapters/card}}) or a parent
 * ({{< layout}}). Values are HTML-escaped unless the template says otherwise
 * with {{{ }}}, which is kept for HTML the program itself produced (rendered
 * Markdown) and reviewed where it is used.
 *
 * There is one set of views per language (base/i18n.h): English from
 * templates/, the others from the copies tools/i18n.c translated at build
 * time (l10n/<lang>/). views_render renders the thread's language's view, so
 * a translated page costs what an English one does. */
#ifndef GLOCAL_VIEWS_H
#define GLOCAL_VIEWS_H

#include <jansson.h>
#include <stdbool.h>

#include "base/buf.h"
#include "base/err.h"
#include "web/mustache.h"

typedef struct Views Views;

int views_load(Views **out, Err *e);
void views_free(Views *v);
bool views_has(const Views *v, const char *name);
/* Renders view `name`, in the thread's language (i18n_lang), with data into
 * out; -1 if there is no such view. `late`
 * (may be NULL) makes values the data lacks when the template asks for them
 * (see mustache.h). */
int views_render(const Views *v, const char *name, json_t *data, MustacheLate late, void *late_ctx, Buf *out);

#endif
