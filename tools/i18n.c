/* i18n.c - build tool: the translatable texts of the templates (HTML pages and plain-text mail), and the
 * templates translated (see docs/ARCHITECTURE.md, "Languages").
 *
 *   i18n pot OUT.pot TEMPLATE...            every message of the templates, as a PO template
 *   i18n apply LANG.mo OUTDIR TEMPLATE...   each templates/NAME written to OUTDIR/NAME with its
 *                                           messages replaced by their translations in LANG.mo
 *
 * A message is a run of text between two HTML tags or two Mustache tags that
 * open, close or include something (sections, inverted sections, partials,
 * blocks, comments): variables ({{count}}, {{{x_html}}}) stay inside it as
 * placeholders, so "{{count}} members" is one message. The values of the
 * attributes title, alt, aria-label, placeholder and data-confirm, and the
 * value of a submit or button input, are messages too. A run with fewer than
 * two letters outside tags and entities ("·", "{{name}}", "s") is none. Whitespace inside a
 * message is written as single spaces in its msgid; the translation replaces
 * the message's text and keeps the whitespace around it. The contents of
 * <script>, <style>, <svg> and HTML comments are never messages.
 *
 * A mail template in plain text (NAME.txt) is read another way: its first
 * line "Subject: ..." is a message of its own (without "Subject: "), then
 * every paragraph is one, its wrapped lines joined, and a line is a message
 * of its own when it ends with '.', '!' or '?' (a sentence) or with a
 * Mustache tag (a link, a value set on its line), when the
 * next line is indented or a list's ("- ", "* "), or when it or the next one
 * holds no words ("-- ", "{{link}}"). Mustache tags that open, close or
 * include something break a message there as in HTML. A translation of a
 * message that spanned several lines is wrapped again at 100 columns, its
 * later lines indented as the first.
 *
 * apply refuses (exit 1, naming the file and message) a translation whose
 * Mustache tags differ from the message's, or, in an HTML template, that
 * holds '<' (HTML in a catalog would escape the templates' review); a message without a
 * translation stays English. The .mo file is GNU gettext's, as msgfmt writes
 * it (msgfmt --check checks the .po first). */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef struct Span {
    size_t from, to;   /* the message's bytes in the template, trimmed */
    bool attr;         /* an attribute's value (quotes are escaped in a translation) */
} Span;

typedef struct Spans {
    Span *at;
    size_t n, cap;
} Spans;

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n);
    if (!p) { perror("i18n"); exit(1); }
    return p;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    size_t cap = 8192, n = 0;
    char *d = xrealloc(NULL, cap);
    size_t got;
    while ((got = fread(d + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) d = xrealloc(d, cap *= 2);
    }
    fclose(f);
    d[n] = 0;
    *len = n;
    return d;
}

/* ---- finding the messages ---- */

/* Whether s[i..) opens a Mustache tag; its end (past the closing braces) in *end
 * and whether it breaks a message (anything but a variable) in *breaks. */
static bool mustache_tag(const char *s, size_t n, size_t i, size_t *end, bool *breaks)
{
    if (i + 1 >= n || s[i] != '{' || s[i + 1] != '{') return false;
    bool triple = i + 2 < n && s[i + 2] == '{';
    const char *close = strstr(s + i + 2, triple ? "}}}" : "}}");
    if (!close) return false;
    *end = (size_t)(close - s) + (triple ? 3 : 2);
    size_t k = i + (triple ? 3 : 2);
    while (k < n && isspace((unsigned char)s[k])) k++;
    *breaks = !triple && k < n && strchr("#^/><$!=", s[k]);
    return true;
}

/* Whether the text s[from, to) holds two letters outside Mustache tags and
 * entities (a lone "s" of "item{{^one}}s{{/one}}" is no message). */
static bool has_words(const char *s, size_t from, size_t to)
{
    int letters = 0;
    for (size_t i = from; i < to; i++) {
        size_t end;
        bool br;
        if (mustache_tag(s, to, i, &end, &br)) { i = end - 1; continue; }
        if (s[i] == '&') {
            size_t k = i + 1;
            while (k < to && (isalnum((unsigned char)s[k]) || s[k] == '#')) k++;
            if (k < to && s[k] == ';') { i = k; continue; }
        }
        if (isalpha((unsigned char)s[i]) && ++letters == 2) return true;
    }
    return false;
}

static void span_add(Spans *sp, const char *s, size_t from, size_t to, bool attr)
{
    while (from < to && isspace((unsigned char)s[from])) from++;
    while (to > from && isspace((unsigned char)s[to - 1])) to--;
    if (from == to || !has_words(s, from, to)) return;
    /* an attribute's value that opens or closes a section is no message */
    for (size_t i = from; attr && i < to; i++) {
        size_t end;
        bool br;
        if (mustache_tag(s, to, i, &end, &br)) {
            if (br) return;
            i = end - 1;
        }
    }
    if (sp->n == sp->cap) sp->at = xrealloc(sp->at, (sp->cap = sp->cap ? sp->cap * 2 : 64) * sizeof *sp->at);
    sp->at[sp->n++] = (Span){ from, to, attr };
}

static bool name_is(const char *s, size_t len, const char *name)
{
    return strlen(name) == len && strncasecmp(s, name, len) == 0;
}

/* The attributes of the tag s[i..end) (i just past its name): translatable values into sp. */
static void tag_attributes(const char *s, size_t i, size_t end, const char *tag, size_t tag_len, Spans *sp)
{
    size_t value_from = 0, value_to = 0;
    bool submit = false, has_value = false;
    while (i < end) {
        size_t mend;
        bool br;
        if (mustache_tag(s, end, i, &mend, &br)) { i = mend; continue; }
        if (!isalpha((unsigned char)s[i])) { i++; continue; }
        size_t name = i;
        while (i < end && (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '_')) i++;
        size_t name_len = i - name;
        if (i >= end || s[i] != '=') continue;
        i++;
        char q = s[i] == '"' || s[i] == '\'' ? s[i] : 0;
        size_t vfrom = q ? i + 1 : i, vto = vfrom;
        while (vto < end && (q ? s[vto] != q : !isspace((unsigned char)s[vto]) && s[vto] != '>')) {
            if (mustache_tag(s, end, vto, &mend, &br)) vto = mend;
            else vto++;
        }
        i = vto + (q ? 1 : 0);
        const char *an = s + name;
        if (name_is(an, name_len, "title") || name_is(an, name_len, "alt") || name_is(an, name_len, "aria-label") ||
            name_is(an, name_len, "placeholder") || name_is(an, name_len, "data-confirm"))
            span_add(sp, s, vfrom, vto, true);
        else if (name_is(an, name_len, "type"))
            submit = (vto - vfrom == 6 && strncasecmp(s + vfrom, "submit", 6) == 0) ||
                     (vto - vfrom == 6 && strncasecmp(s + vfrom, "button", 6) == 0);
        else if (name_is(an, name_len, "value"))
            value_from = vfrom, value_to = vto, has_value = true;
    }
    if (has_value && submit && name_is(tag, tag_len, "input")) span_add(sp, s, value_from, value_to, true);
}

/* The end of the HTML tag opening at s[i] ('<'), past its '>' (quotes and Mustache tags skipped). */
static size_t tag_end(const char *s, size_t n, size_t i)
{
    char q = 0;
    for (size_t k = i + 1; k < n; k++) {
        size_t mend;
        bool br;
        if (!q && mustache_tag(s, n, k, &mend, &br)) { k = mend - 1; continue; }
        if (q) { if (s[k] == q) q = 0; }
        else if (s[k] == '"' || s[k] == '\'') q = s[k];
        else if (s[k] == '>') return k + 1;
    }
    return n;
}

/* Every message of the template s[0, n), in order. */
static void messages(const char *s, size_t n, Spans *sp)
{
    size_t run = 0, i = 0;
    while (i < n) {
        size_t end;
        bool br;
        if (mustache_tag(s, n, i, &end, &br)) {
            if (br) { span_add(sp, s, run, i, false); run = end; }
            i = end;
            continue;
        }
        if (s[i] == '<' && i + 3 < n && strncmp(s + i, "<!--", 4) == 0) {
            span_add(sp, s, run, i, false);
            const char *c = strstr(s + i + 4, "-->");
            i = run = c ? (size_t)(c - s) + 3 : n;
            continue;
        }
        if (s[i] == '<' && i + 1 < n && (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '/' || s[i + 1] == '!')) {
            span_add(sp, s, run, i, false);
            size_t e = tag_end(s, n, i), name = i + 1 + (s[i + 1] == '/'), k = name;
            while (k < e && isalnum((unsigned char)s[k])) k++;
            if (s[i + 1] != '/') tag_attributes(s, k, e, s + name, k - name, sp);
            i = run = e;
            /* raw contents: no messages inside */
            static const char *const raw[] = { "script", "style", "svg" };
            for (size_t r = 0; s[name - 1] == '<' && r < sizeof raw / sizeof *raw; r++)
                if (name_is(s + name, k - name, raw[r])) {
                    char closing[16];
                    snprintf(closing, sizeof closing, "</%s", raw[r]);
                    const char *c = strstr(s + e, closing);
                    i = run = c ? tag_end(s, n, (size_t)(c - s)) : n;
                }
            continue;
        }
        i++;
    }
    span_add(sp, s, run, n, false);
}

/* ---- the messages of a plain-text mail template ---- */

static bool is_text_template(const char *file)
{
    size_t n = strlen(file);
    return n > 4 && strcmp(file + n - 4, ".txt") == 0;
}

/* Whether the line s[from, to) has nothing but whitespace. */
static bool line_blank(const char *s, size_t from, size_t to)
{
    while (from < to && isspace((unsigned char)s[from])) from++;
    return from == to;
}

/* Whether the line break at s[nl] ends a message: the line before it
 * [from, nl) and the one after it are not parts of one wrapped paragraph. */
static bool text_break(const char *s, size_t n, size_t from, size_t nl)
{
    size_t next = nl + 1, next_end = next;
    while (next_end < n && s[next_end] != '\n') next_end++;
    if (next >= n || line_blank(s, from, nl) || line_blank(s, next, next_end)) return true;
    size_t last = nl;
    while (last > from && isspace((unsigned char)s[last - 1])) last--;
    if (last > from && strchr(".!?", s[last - 1])) return true;
    /* a line that ends with a value ("...: {{preferences_url}}") keeps its break */
    if (last > from + 1 && s[last - 1] == '}' && s[last - 2] == '}') return true;
    if (s[next] == ' ' || s[next] == '\t' || strncmp(s + next, "- ", 2) == 0 || strncmp(s + next, "* ", 2) == 0)
        return true;
    return !has_words(s, from, nl) || !has_words(s, next, next_end);
}

/* Every message of the plain-text template s[0, n), in order. */
static void text_messages(const char *s, size_t n, Spans *sp)
{
    size_t i = 0, run = 0, line = 0;
    if (strncmp(s, "Subject: ", 9) == 0) i = run = 9;
    while (i < n) {
        size_t end;
        bool br;
        if (mustache_tag(s, n, i, &end, &br)) {
            if (br) { span_add(sp, s, run, i, false); run = end; }
            i = end;
            continue;
        }
        if (s[i] == '\n') {
            if (line == 0 || text_break(s, n, line, i)) { span_add(sp, s, run, i, false); run = i + 1; }
            line = i + 1;
        }
        i++;
    }
    span_add(sp, s, run, n, false);
}

static void find_messages(const char *file, const char *s, size_t n, Spans *sp)
{
    if (is_text_template(file)) text_messages(s, n, sp);
    else messages(s, n, sp);
}

/* Writes a translation t of the span at s[from, ...) that spanned several
 * lines: wrapped at 100 columns, later lines indented as the span's first. */
static void write_wrapped(FILE *out, const char *s, size_t from, const char *t)
{
    size_t bol = from;
    while (bol > 0 && s[bol - 1] != '\n') bol--;
    size_t indent = bol;
    while (indent < from && (s[indent] == ' ' || s[indent] == '\t')) indent++;
    size_t col = 0;
    for (size_t k = bol; k < from; k++) col += ((unsigned char)s[k] & 0xc0) != 0x80;
    bool first = true, glue = false;   /* glue: the word before was an opening quote (French «) */
    while (*t) {
        while (*t == ' ') t++;
        size_t len = strcspn(t, " "), width = 0;
        if (!len) break;
        for (size_t k = 0; k < len; k++) width += ((unsigned char)t[k] & 0xc0) != 0x80;
        /* French sets : ; ! ? » apart with a space: never at a line's start */
        bool closing = width == 1 && (strchr(":;!?", t[0]) || strncmp(t, "»", len) == 0);
        if (!first && !closing && !glue && col + 1 + width > 100) {
            fputc('\n', out);
            fwrite(s + bol, 1, indent - bol, out);
            col = indent - bol;
        } else if (!first) {
            fputc(' ', out);
            col++;
        }
        fwrite(t, 1, len, out);
        col += width;
        glue = strncmp(t, "«", len) == 0 && len == strlen("«");
        t += len;
        first = false;
    }
}

/* The msgid of a span: its text with each run of whitespace made one space (malloc). */
static char *msgid_of(const char *s, const Span *sp)
{
    char *out = xrealloc(NULL, sp->to - sp->from + 1), *o = out;
    for (size_t i = sp->from; i < sp->to; i++) {
        if (isspace((unsigned char)s[i])) {
            while (i + 1 < sp->to && isspace((unsigned char)s[i + 1])) i++;
            *o++ = ' ';
        } else {
            *o++ = s[i];
        }
    }
    *o = 0;
    return out;
}

/* ---- pot ---- */

typedef struct Entry {
    char *id;
    char *refs;   /* "templates/a.mustache:3 templates/b.mustache:9" */
} Entry;

static int by_id(const void *a, const void *b)
{
    return strcmp(((const Entry *)a)->id, ((const Entry *)b)->id);
}

static void po_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') fprintf(out, "\\%c", *s);
        else if (*s == '\t') fputs("\\t", out);
        else fputc(*s, out);
    }
    fputc('"', out);
}

static int pot(const char *out_path, int nfiles, char **files)
{
    Entry *entries = NULL;
    size_t n = 0, cap = 0;
    for (int f = 0; f < nfiles; f++) {
        size_t len;
        char *s = slurp(files[f], &len);
        Spans sp = { 0 };
        find_messages(files[f], s, len, &sp);
        for (size_t k = 0; k < sp.n; k++) {
            char *id = msgid_of(s, &sp.at[k]);
            int line = 1;
            for (size_t i = 0; i < sp.at[k].from; i++) line += s[i] == '\n';
            char ref[512];
            snprintf(ref, sizeof ref, "%s:%d", files[f], line);
            size_t e = 0;
            while (e < n && strcmp(entries[e].id, id) != 0) e++;
            if (e == n) {
                if (n == cap) entries = xrealloc(entries, (cap = cap ? cap * 2 : 256) * sizeof *entries);
                entries[n++] = (Entry){ id, strdup(ref) };
            } else {
                size_t have = strlen(entries[e].refs);
                entries[e].refs = xrealloc(entries[e].refs, have + strlen(ref) + 2);
                snprintf(entries[e].refs + have, strlen(ref) + 2, " %s", ref);
                free(id);
            }
        }
        free(sp.at);
        free(s);
    }
    qsort(entries, n, sizeof *entries, by_id);
    FILE *out = fopen(out_path, "w");
    if (!out) { perror(out_path); return 1; }
    fputs("# The messages of Glocal's templates, found by tools/i18n.c (make pot).\n"
          "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
          "\"Content-Transfer-Encoding: 8bit\\n\"\n\n", out);
    for (size_t e = 0; e < n; e++) {
        fprintf(out, "#: %s\n", entries[e].refs);
        /* a % in a template is no C format: tell msgfmt not to guess */
        if (strchr(entries[e].id, '%')) fputs("#, no-c-format\n", out);
        fputs("msgid ", out);
        po_string(out, entries[e].id);
        fputs("\nmsgstr \"\"\n\n", out);
        free(entries[e].id);
        free(entries[e].refs);
    }
    free(entries);
    return fclose(out) ? 1 : 0;
}

/* ---- apply ---- */

typedef struct Mo {
    const char **ids, **strs;
    size_t n;
} Mo;

static uint32_t u32(const unsigned char *p, bool swap)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return swap ? __builtin_bswap32(v) : v;
}

static void mo_read(Mo *mo, const char *path)
{
    size_t len;
    const unsigned char *d = (const unsigned char *)slurp(path, &len);
    bool swap = len >= 28 && u32(d, false) != 0x950412de;
    if (len < 28 || (swap && u32(d, true) != 0x950412de)) {
        fprintf(stderr, "%s: not a .mo file\n", path);
        exit(1);
    }
    uint32_t n = u32(d + 8, swap), oo = u32(d + 12, swap), to = u32(d + 16, swap);
    if (oo > len || to > len || n > (len - oo) / 8 || n > (len - to) / 8) { fprintf(stderr, "%s: damaged\n", path); exit(1); }
    mo->ids = xrealloc(NULL, (n + 1) * sizeof *mo->ids);
    mo->strs = xrealloc(NULL, (n + 1) * sizeof *mo->strs);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t il = u32(d + oo + 8 * i, swap), io = u32(d + oo + 8 * i + 4, swap);
        uint32_t sl = u32(d + to + 8 * i, swap), so = u32(d + to + 8 * i + 4, swap);
        if (io > len || il >= len - io || so > len || sl >= len - so || il == 0 || sl == 0) continue;
        mo->ids[mo->n] = (const char *)d + io;
        mo->strs[mo->n++] = (const char *)d + so;
    }
}

static const char *mo_find(const Mo *mo, const char *id)
{
    size_t lo = 0, hi = mo->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(id, mo->ids[mid]);
        if (c == 0) return mo->strs[mid];
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return NULL;
}

/* The Mustache tags of s, sorted and joined (malloc): two texts hold the same
 * placeholders when these are equal. */
static char *tags_of(const char *s)
{
    size_t n = strlen(s), count = 0;
    char **tags = NULL;
    for (size_t i = 0; i < n; i++) {
        size_t end;
        bool br;
        if (!mustache_tag(s, n, i, &end, &br)) continue;
        tags = xrealloc(tags, (count + 1) * sizeof *tags);
        tags[count++] = strndup(s + i, end - i);
        i = end - 1;
    }
    for (size_t a = 1; a < count; a++)
        for (size_t b = a; b > 0 && strcmp(tags[b - 1], tags[b]) > 0; b--) {
            char *t = tags[b];
            tags[b] = tags[b - 1];
            tags[b - 1] = t;
        }
    size_t total = 1;
    for (size_t a = 0; a < count; a++) total += strlen(tags[a]) + 1;
    char *out = xrealloc(NULL, total), *o = out;
    *o = 0;
    for (size_t a = 0; a < count; a++) {
        o += sprintf(o, "%s\n", tags[a]);
        free(tags[a]);
    }
    free(tags);
    return out;
}

static void mkdirs(const char *path)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            if (mkdir(buf, 0777) < 0 && errno != EEXIST) { perror(buf); exit(1); }
            *p = '/';
        }
}

static int apply_one(const Mo *mo, const char *outdir, const char *file)
{
    size_t len;
    char *s = slurp(file, &len);
    Spans sp = { 0 };
    bool text = is_text_template(file);
    find_messages(file, s, len, &sp);
    const char *name = strncmp(file, "templates/", 10) == 0 ? file + 10 : file;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", outdir, name);
    mkdirs(path);
    FILE *out = fopen(path, "w");
    if (!out) { perror(path); return 1; }
    size_t at = 0;
    int rc = 0;
    for (size_t k = 0; k < sp.n; k++) {
        char *id = msgid_of(s, &sp.at[k]);
        const char *t = mo_find(mo, id);
        fwrite(s + at, 1, sp.at[k].from - at, out);
        at = sp.at[k].from;
        if (t) {
            char *a = tags_of(id), *b = tags_of(t);
            bool html = !text && strchr(t, '<');
            if (strcmp(a, b) != 0 || html) {
                fprintf(stderr, "%s: the translation of \"%s\" %s\n", file, id,
                        html ? "holds HTML ('<')" : "has other {{tags}} than the message");
                rc = 1;
            } else if (text && memchr(s + sp.at[k].from, '\n', sp.at[k].to - sp.at[k].from)) {
                write_wrapped(out, s, sp.at[k].from, t);
                at = sp.at[k].to;
            } else {
                for (const char *c = t; *c; c++)
                    if (*c == '"' && sp.at[k].attr) fputs("&quot;", out);
                    else fputc(*c, out);
                at = sp.at[k].to;
            }
            free(a);
            free(b);
        }
        free(id);
    }
    fwrite(s + at, 1, len - at, out);
    free(sp.at);
    free(s);
    return fclose(out) ? 1 : rc;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "pot") == 0) return pot(argv[2], argc - 3, argv + 3);
    if (argc >= 4 && strcmp(argv[1], "apply") == 0) {
        Mo mo = { 0 };
        mo_read(&mo, argv[2]);
        int rc = 0;
        for (int i = 4; i < argc; i++) rc |= apply_one(&mo, argv[3], argv[i]);
        return rc;
    }
    fprintf(stderr, "usage: i18n pot OUT.pot TEMPLATE...\n       i18n apply LANG.mo OUTDIR TEMPLATE...\n");
    return 2;
}
