/* mail.c - messages from templates into the outbox (see mail.h). */
#include "mail/mail.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/embedded.h"
#include "web/mustache.h"

static const char prefix[] = "templates/mail/", suffix[] = ".txt";

static int compile(const EmbeddedFile *f, Mustache **out, Err *e)
{
    char msg[256];
    if (mustache_compile_mode(out, (const char *)f->data, f->len, MUSTACHE_TEXT, msg, sizeof msg) < 0)
        return err_set(e, E_INTERNAL, "Mail template %s: %s", f->name, msg);
    return 0;
}

int mail_queue(DbConn *c, Err *e, const char *to, const char *name, json_t *data)
{
    char path[128];
    snprintf(path, sizeof path, "%s%s%s", prefix, name, suffix);
    const EmbeddedFile *f = embedded_find(path);
    if (!f) return err_set(e, E_INTERNAL, "There is no mail template %s.", path);
    Mustache *t = NULL;   /* a message is rare next to its transaction: compiled when sent */
    if (compile(f, &t, e) < 0) return -1;
    Arena a;
    arena_init(&a, 2048);
    Buf b;
    buf_init(&b, &a);
    mustache_render(t, data, NULL, NULL, &b);
    mustache_free(t);
    const char *text = buf_str(&b);
    const char *nl = strchr(text, '\n');
    int rc;
    if (strncmp(text, "Subject: ", 9) != 0 || !nl) {
        rc = err_set(e, E_INTERNAL, "Mail template %s does not start with a Subject: line.", path);
    } else {
        const char *subject = arena_strndup(&a, text + 9, (size_t)(nl - text - 9));
        const char *body = nl + 1;
        while (*body == '\n') body++;
        OutboxMessage m = { .kind = name, .to = to, .subject = subject, .body = body };
        rc = outbox_insert(c, e, &m);
    }
    arena_release(&a);
    return rc;
}

int mail_queuef(DbConn *c, Err *e, const char *to, const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    json_error_t je;
    json_t *data = json_vpack_ex(&je, 0, fmt, ap);
    va_end(ap);
    if (!data) return err_set(e, E_INTERNAL, "Mail %s: %s", name, je.text);
    int rc = mail_queue(c, e, to, name, data);
    json_decref(data);
    return rc;
}

int mail_templates_check(Err *e)
{
    for (size_t i = 0; i < embedded_count; i++) {
        const EmbeddedFile *f = &embedded_files[i];
        size_t n = strlen(f->name);
        if (strncmp(f->name, prefix, sizeof prefix - 1) != 0 || n < sizeof suffix ||
            strcmp(f->name + n - (sizeof suffix - 1), suffix) != 0)
            continue;
        Mustache *t = NULL;
        if (compile(f, &t, e) < 0) return -1;
        mustache_free(t);
        if (strncmp((const char *)f->data, "Subject: ", 9) != 0)
            return err_set(e, E_INTERNAL, "Mail template %s does not start with a Subject: line.", f->name);
    }
    return 0;
}
