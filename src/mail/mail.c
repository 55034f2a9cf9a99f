/* mail.c - messages from templates into the outbox (see mail.h): the reader
 * found by address, their choice for the message's category honoured, times
 * written in their zone, words in their language (the template's copy that
 * tools/i18n.c translated at build time), a text and an HTML part, and the
 * one-click unsubscribe headers. */
#include "mail/internal.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/embedded.h"
#include "base/i18n.h"
#include "base/str.h"
#include "base/zone.h"
#include "settings/settings.h"
#include "web/model.h"
#include "web/mustache.h"

static const char prefix[] = "templates/mail/", suffix[] = ".txt";

/* Renders templates/mail/<file> in `mode` into out, in the thread's language
 * (l10n/<lang>/mail/<file>, else the English one): 1 rendered, 0 there is no
 * such file, -1 it does not compile. */
static int render_file(Err *e, const char *file, unsigned mode, json_t *data, Buf *out)
{
    char path[160], msg[256];
    const EmbeddedFile *f = NULL;
    if (i18n_lang() != LANG_EN) {
        snprintf(path, sizeof path, "l10n/%s/mail/%s", lang_code(i18n_lang()), file);
        f = embedded_find(path);
    }
    if (!f) {
        snprintf(path, sizeof path, "%s%s", prefix, file);
        f = embedded_find(path);
    }
    if (!f) return 0;
    Mustache *t = NULL;   /* a message is rare next to its transaction: compiled when sent */
    if (mustache_compile_mode(&t, (const char *)f->data, f->len, mode, msg, sizeof msg) < 0)
        return err_set(e, E_INTERNAL, "Mail template %s: %s", path, msg);
    mustache_render(t, data, NULL, NULL, out);
    mustache_free(t);
    return 1;
}

/* The HTML part: <name>.html, else the text body made HTML, in the shared layout. */
static int render_html(Arena *a, Err *e, const char *name, json_t *data, const char *body, Rendered *out)
{
    Buf content, page;
    buf_init(&content, a);
    buf_init(&page, a);
    char file[96];
    snprintf(file, sizeof file, "%s.html", name);
    int found = render_file(e, file, MUSTACHE_HTML, data, &content);
    if (found < 0) return -1;
    if (!found) mail_text_to_html(&content, body);
    json_t *d = json_copy(data);
    json_object_set_new(d, "subject", json_string(out->subject));
    json_object_set_new(d, "lang", json_string(lang_code(i18n_lang())));
    model_set_html(d, "content_html", buf_str(&content));
    int rc = render_file(e, "_layout.html", MUSTACHE_HTML, d, &page);
    json_decref(d);
    if (rc == 0) rc = err_set(e, E_INTERNAL, "There is no mail layout templates/mail/_layout.html.");
    if (rc < 0) return -1;
    out->html_body = buf_str(&page);
    return 0;
}

int mail_render(Arena *a, Err *e, const char *name, json_t *data, bool footer, Rendered *out)
{
    char file[96];
    snprintf(file, sizeof file, "%s%s", name, suffix);
    Buf b;
    buf_init(&b, a);
    int found = render_file(e, file, MUSTACHE_TEXT, data, &b);
    if (found <= 0) return found < 0 ? -1 : err_set(e, E_INTERNAL, "There is no mail template %s%s.", prefix, file);
    const char *text = buf_str(&b);
    const char *nl = strchr(text, '\n');
    if (strncmp(text, "Subject: ", 9) != 0 || !nl)
        return err_set(e, E_INTERNAL, "Mail template %s%s does not start with a Subject: line.", prefix, file);
    out->subject = arena_strndup(a, text + 9, (size_t)(nl - text - 9));
    const char *body = nl + 1;
    while (*body == '\n') body++;
    if (render_html(a, e, name, data, body, out) < 0) return -1;
    if (footer) {
        Buf f;
        buf_init(&f, a);
        buf_adds(&f, body);
        if (render_file(e, "_footer.txt", MUSTACHE_TEXT, data, &f) < 0) return -1;
        body = buf_str(&f);
    }
    out->body = body;
    return 0;
}

bool mail_node_secret(DbConn *c, Arena *a, unsigned char key[32])
{
    const char *hex = setting_get(c, a, "node_secret", NULL);
    return hex && sodium_hex2bin(key, 32, hex, strlen(hex), NULL, NULL, NULL) == 0;
}

/* Every integer "…_at" of data gets its words in the reader's zone (mail.h). */
static void add_times(json_t *d, Arena *a, const char *zone, int64_t now)
{
    const char *key;
    json_t *v;
    json_t *more = json_object();
    json_object_foreach(d, key, v) {
        size_t n = strlen(key);
        if (!json_is_integer(v) || n < 4 || strcmp(key + n - 3, "_at") != 0) continue;
        int64_t t = json_integer_value(v);
        char words[32], date[11], hm[6];
        json_object_set_new(more, arena_printf(a, "%s_text", key),
                            json_string(arena_printf(a, "%s (%s)", time_local_text(a, t, zone), zone)));
        mail_day_words(t, now, zone, false, words);
        json_object_set_new(more, arena_printf(a, "%s_day", key), json_string(words));
        mail_day_words(t, now, zone, true, words);
        json_object_set_new(more, arena_printf(a, "%s_Day", key), json_string(words));
        time_local_parts(t, zone, date, hm);
        json_object_set_new(more, arena_printf(a, "%s_time", key), json_string(hm));
    }
    json_object_update_missing(d, more);
    json_decref(more);
}

/* The reader's links: preferences, and the signed unsubscribe of the category
 * (none for mail that is always sent); returns the header lines, or NULL. */
static const char *add_links(DbConn *c, Arena *a, json_t *d, int64_t user_id, const char *category)
{
    const char *base = setting_get(c, a, "public_url", "http://localhost:8080");
    json_object_set_new(d, "preferences_url", json_string(arena_printf(a, "%s/me/notifications", base)));
    unsigned char key[32];
    if (!category || !mail_node_secret(c, a, key)) return NULL;
    char token[MAIL_TOKEN_MAX];
    mail_unsubscribe_token(key, user_id, category, token);
    sodium_memzero(key, sizeof key);
    const char *url = arena_printf(a, "%s/unsubscribe/%s", base, token);
    json_object_set_new(d, "unsubscribe_url", json_string(url));
    return arena_printf(a, "List-Unsubscribe: <%s>\nList-Unsubscribe-Post: List-Unsubscribe=One-Click", url);
}

/* A message with names in it ([msgid, name...]) in the thread's language:
 * each %s of the translated msgid becomes the next name, as it is (a new string). */
static json_t *words_with_names(json_t *v)
{
    const char *msgid = json_string_value(json_array_get(v, 0));
    if (!msgid) return json_string("");
    const char *t = tr(msgid), *at;
    size_t next = 1;
    Buf b;
    buf_init(&b, NULL);
    while ((at = strstr(t, "%s")) != NULL) {
        buf_add(&b, t, (size_t)(at - t));
        const char *name = json_string_value(json_array_get(v, next++));
        buf_adds(&b, name ? name : "");
        t = at + 2;
    }
    buf_adds(&b, t);
    json_t *out = json_string(buf_str(&b));
    buf_release(&b);
    return out;
}

/* The words C code put into data as English messages ({"_words": {key:
 * message or [message, name...]}}) set at their keys in the thread's language (mail.h). */
static void put_words(json_t *d)
{
    const char *key;
    json_t *v;
    json_object_foreach(json_object_get(d, "_words"), key, v) {
        const char *msgid = json_string_value(v);
        if (msgid) json_object_set_new(d, key, json_string(*msgid ? tr(msgid) : ""));
        else if (json_is_array(v)) json_object_set_new(d, key, words_with_names(v));
    }
    json_object_del(d, "_words");
}

/* Renders and queues (or keeps for the digest) one message for one reader. */
static int queue_for(DbConn *c, Err *e, Arena *a, const char *to, const char *name, json_t *d, json_t *reader,
                     int64_t now)
{
    const char *category = mail_category_of(name);
    bool optional = !str_eq(category, "always");
    int64_t user_id = json_integer_value(json_object_get(reader, "id"));
    const char *mode = json_string_value(json_object_get(reader, "mode"));
    const char *zone = json_string_value(json_object_get(reader, "zone"));
    if (!zone || !timezone_known(zone)) zone = "UTC";
    if (optional && user_id && str_eq(mode, "off")) return 0;
    bool digest = optional && user_id && str_eq(mode, "digest");
    add_times(d, a, zone, now);
    put_words(d);
    json_object_set_new(d, "network", json_string(setting_get(c, a, "network_name", "Glocal network")));
    json_object_set_new(d, "zone", json_string(zone));
    json_object_set_new(d, arena_printf(a, "category_%s", category), json_true());
    const char *headers = NULL;
    if (user_id) {
        json_object_set_new(d, "is_reader", json_true());
        headers = add_links(c, a, d, user_id, optional ? category : NULL);
    }
    Rendered m = { 0 };
    if (mail_render(a, e, name, d, !digest, &m) < 0) return -1;
    if (digest) return mail_digest_keep(c, e, user_id, category, name, &m, now);
    OutboxMessage o = { .kind = name, .to = to, .subject = m.subject, .body = m.body, .html_body = m.html_body,
                        .headers = headers, .user_id = user_id };
    return outbox_insert(c, e, &o);
}

/* The language of a message: its reader's choice, else the network's default
 * (the setting "language"), else English; for an address with no account,
 * `asking`, the language of the request that sends it. */
static Lang mail_language(DbConn *c, Arena *a, json_t *reader, Lang asking)
{
    if (!reader) return asking;
    int l = lang_of(json_string_value(json_object_get(reader, "language")));
    if (l < 0) l = lang_of(setting_get(c, a, "language", "en"));
    return l < 0 ? LANG_EN : (Lang)l;
}

int mail_queue_at(DbConn *c, Err *e, const char *to, const char *name, json_t *data, int64_t now)
{
    const char *category = mail_category_of(name);
    if (!category)
        return err_set(e, E_INTERNAL, "The mail template %s has no category (src/mail/rules.c).", name);
    json_t *reader = NULL;
    if (mail_reader_find(c, e, to, str_eq(category, "always") ? "" : category, &reader) < 0) return -1;
    Arena a;
    arena_init(&a, 4096);
    json_t *d = json_is_object(data) ? json_copy(data) : json_object();
    /* written in the reader's language, its dates and figures too */
    Lang lang = i18n_lang();
    i18n_use(mail_language(c, &a, reader, lang));
    int rc = queue_for(c, e, &a, to, name, d, reader, now);
    i18n_use(lang);
    json_decref(d);
    json_decref(reader);
    arena_release(&a);
    return rc;
}

int mail_queue(DbConn *c, Err *e, const char *to, const char *name, json_t *data)
{
    return mail_queue_at(c, e, to, name, data, now_unix());
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

/* Checks one embedded file of templates/mail/ (or of a language's
 * l10n/<lang>/mail/), its name past the folder at `base`: it compiles in its
 * mode, a message starts with its Subject: line and has a category. */
static int check_one(const EmbeddedFile *f, const char *base, Err *e)
{
    size_t n = strlen(base);
    bool text = n > 4 && strcmp(base + n - 4, ".txt") == 0, html = n > 5 && strcmp(base + n - 5, ".html") == 0;
    if (!text && !html) return 0;
    char msg[256];
    Mustache *t = NULL;
    if (mustache_compile_mode(&t, (const char *)f->data, f->len, text ? MUSTACHE_TEXT : MUSTACHE_HTML, msg,
                              sizeof msg) < 0)
        return err_set(e, E_INTERNAL, "Mail template %s: %s", f->name, msg);
    mustache_free(t);
    if (!text || base[0] == '_') return 0;   /* the shared parts: _footer.txt, _layout.html */
    if (strncmp((const char *)f->data, "Subject: ", 9) != 0)
        return err_set(e, E_INTERNAL, "Mail template %s does not start with a Subject: line.", f->name);
    char kind[96];
    snprintf(kind, sizeof kind, "%.*s", (int)(n - 4), base);
    if (!mail_category_of(kind))
        return err_set(e, E_INTERNAL, "Mail template %s has no category: add it to the table in src/mail/rules.c.",
                       f->name);
    return 0;
}

int mail_templates_check(Err *e)
{
    for (size_t i = 0; i < embedded_count; i++) {
        const EmbeddedFile *f = &embedded_files[i];
        const char *base = NULL;
        if (strncmp(f->name, prefix, sizeof prefix - 1) == 0) base = f->name + sizeof prefix - 1;
        else if (strncmp(f->name, "l10n/", 5) == 0 && strncmp(f->name + 5 + strcspn(f->name + 5, "/"), "/mail/", 6) == 0)
            base = f->name + 5 + strcspn(f->name + 5, "/") + 6;
        if (base && check_one(f, base, e) < 0) return -1;
    }
    return 0;
}
