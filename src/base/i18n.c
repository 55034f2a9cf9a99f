/* i18n.c - languages, the catalogs of messages written in C, and the words
 * and marks of figures and dates per language (see i18n.h). */
#include "base/i18n.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/embedded.h"

static const struct {
    const char *code, *name, *mo;
} langs[LANG_COUNT] = {
    [LANG_EN] = { "en", "English", NULL },
    [LANG_PT] = { "pt", "Português", "po/pt.mo" },
    [LANG_FR] = { "fr", "Français", "po/fr.mo" },
};

const char *lang_code(Lang l)
{
    return l >= 0 && l < LANG_COUNT ? langs[l].code : "en";
}

const char *lang_name(Lang l)
{
    return l >= 0 && l < LANG_COUNT ? langs[l].name : "English";
}

/* The language whose code is s[0..n) (any case), or -1. */
static int lang_of_n(const char *s, size_t n)
{
    for (int l = 0; l < LANG_COUNT; l++)
        if (strlen(langs[l].code) == n && strncasecmp(s, langs[l].code, n) == 0) return l;
    return -1;
}

int lang_of(const char *tag)
{
    if (!tag) return -1;
    return lang_of_n(tag, strcspn(tag, "-_"));
}

/* A q-value ("1", "0.5", "0.125"; at most three decimals, at most 1) in
 * thousandths, or -1 when malformed. */
static int qvalue(const char *s, size_t n)
{
    if (n == 0 || n > 5 || (s[0] != '0' && s[0] != '1')) return -1;
    if (n > 1 && s[1] != '.') return -1;
    int v = (s[0] - '0') * 1000, scale = 100;
    for (size_t i = 2; i < n; i++, scale /= 10) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v += (s[i] - '0') * scale;
    }
    return v > 1000 ? -1 : v;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* One element "tag;q=0.5" of s[0..n): its tag's span and weight; false when malformed. */
static bool element(const char *s, size_t n, size_t *tag_len, int *q)
{
    size_t t = 0;
    while (t < n && s[t] != ';' && !is_space(s[t])) t++;
    *tag_len = t;
    *q = 1000;
    for (size_t i = 0; i < t; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
              s[i] == '-' || s[i] == '*'))
            return false;
    size_t i = t;
    while (i < n && is_space(s[i])) i++;
    if (i == n) return t > 0;
    if (s[i] != ';') return false;
    i++;
    while (i < n && is_space(s[i])) i++;
    if (n - i < 2 || (s[i] != 'q' && s[i] != 'Q') || s[i + 1] != '=') return false;
    i += 2;
    size_t end = n;
    while (end > i && is_space(s[end - 1])) end--;
    *q = qvalue(s + i, end - i);
    return t > 0 && *q >= 0;
}

int lang_negotiate(const char *h)
{
    if (!h) return -1;
    int best = -1, best_q = 0, weight[LANG_COUNT], at[LANG_COUNT], k = 0;
    for (int l = 0; l < LANG_COUNT; l++) weight[l] = -1, at[l] = 0;
    for (const char *p = h; *p;) {
        size_t n = strcspn(p, ",");
        const char *s = p;
        while (n && is_space(*s)) s++, n--;
        size_t tag_len;
        int q;
        if (n && element(s, n, &tag_len, &q)) {
            size_t prim = 0;
            while (prim < tag_len && s[prim] != '-') prim++;
            /* "pt-BR" and "pt" both speak for Portuguese: the higher weight counts */
            int l = lang_of_n(s, prim);
            if (l >= 0 && q > weight[l]) weight[l] = q;
            if (l >= 0 && !at[l]) at[l] = ++k;
        }
        p += strcspn(p, ",");
        if (*p) p++;
    }
    /* the heaviest listed language, the one listed first on a tie ("pt, en");
     * "*" is no preference for any of ours in particular: the default stays */
    for (int l = 0; l < LANG_COUNT; l++)
        if (weight[l] > best_q || (weight[l] > 0 && weight[l] == best_q && at[l] < at[best])) best = l, best_q = weight[l];
    return best;
}

static _Thread_local Lang current = LANG_EN;

void i18n_use(Lang l)
{
    current = l >= 0 && l < LANG_COUNT ? l : LANG_EN;
}

Lang i18n_lang(void)
{
    return current;
}

/* ---- catalogs: GNU .mo files, embedded ---- */

typedef struct Catalog {
    const char **ids, **strs;   /* sorted by msgid, as msgfmt writes them */
    uint32_t *str_lens;         /* a plural entry's forms are NUL-separated within its length */
    size_t n;
} Catalog;

static Catalog catalogs[LANG_COUNT];
static pthread_once_t loaded = PTHREAD_ONCE_INIT;

static uint32_t u32(const unsigned char *p, bool swap)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return swap ? __builtin_bswap32(v) : v;
}

/* Reads one .mo file (GNU gettext's binary catalog): entries whose offsets
 * stay inside the file; a plural entry ("one\0many" -> "form0\0form1") is
 * kept under its singular msgid; an entry with a context under
 * "context\004msgid", as trc looks it up (the .mo's order is strcmp's, so
 * the binary search holds). */
static void catalog_read(Catalog *c, const unsigned char *d, size_t len)
{
    if (len < 28) return;
    bool swap = u32(d, false) != 0x950412de;
    if (swap && u32(d, true) != 0x950412de) return;
    uint32_t n = u32(d + 8, swap), oo = u32(d + 12, swap), to = u32(d + 16, swap);
    if (oo > len || to > len || n > (len - oo) / 8 || n > (len - to) / 8) return;
    c->ids = calloc(n + 1, sizeof *c->ids);
    c->strs = calloc(n + 1, sizeof *c->strs);
    c->str_lens = calloc(n + 1, sizeof *c->str_lens);
    if (!c->ids || !c->strs || !c->str_lens) abort();
    for (uint32_t i = 0; i < n; i++) {
        uint32_t il = u32(d + oo + 8 * i, swap), io = u32(d + oo + 8 * i + 4, swap);
        uint32_t sl = u32(d + to + 8 * i, swap), so = u32(d + to + 8 * i + 4, swap);
        if (io > len || il >= len - io || so > len || sl >= len - so) continue;
        const char *id = (const char *)d + io, *str = (const char *)d + so;
        if (il == 0 || sl == 0 || id[il] || str[sl] || !*str) continue;
        bool plural = strlen(id) != il;
        if (!plural && strlen(str) != sl) continue;
        c->ids[c->n] = id;
        c->strs[c->n] = str;
        c->str_lens[c->n] = sl;
        c->n++;
    }
}

static void catalogs_load(void)
{
    for (int l = 0; l < LANG_COUNT; l++) {
        const EmbeddedFile *f = langs[l].mo ? embedded_find(langs[l].mo) : NULL;
        if (f) catalog_read(&catalogs[l], f->data, f->len);
    }
}

/* The entry of msgid in l's catalog, or -1. */
static long catalog_find(Lang l, const char *msgid)
{
    if (l <= LANG_EN || l >= LANG_COUNT || !msgid || !*msgid) return -1;
    pthread_once(&loaded, catalogs_load);
    const Catalog *c = &catalogs[l];
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int cmp = strcmp(msgid, c->ids[mid]);
        if (cmp == 0) return (long)mid;
        if (cmp < 0) hi = mid;
        else lo = mid + 1;
    }
    return -1;
}

const char *tr_in(Lang l, const char *msgid)
{
    long i = catalog_find(l, msgid);
    return i < 0 ? msgid : catalogs[l].strs[i];
}

const char *trc(const char *key, const char *msgid)
{
    long i = catalog_find(current, key);
    return i < 0 ? msgid : catalogs[current].strs[i];
}

int i18n_plural(Lang l, long long n)
{
    /* the catalogs' Plural-Forms (checked by tests/unit/test_i18n.c) */
    if (l == LANG_FR) return n > 1;
    return n != 1;
}

const char *trn(const char *one, const char *many, long long n)
{
    int form = i18n_plural(current, n);
    long i = catalog_find(current, one);
    if (i < 0) return form ? many : one;
    const Catalog *c = &catalogs[current];
    const char *s = c->strs[i], *end = s + c->str_lens[i];
    for (int k = 0; k < form; k++) {
        const char *next = s + strlen(s) + 1;
        if (next > end) return s;   /* an entry with fewer forms: the last one */
        s = next;
    }
    return s;
}

const char *tr(const char *msgid)
{
    return tr_in(current, msgid);
}

size_t i18n_catalog_size(Lang l)
{
    pthread_once(&loaded, catalogs_load);
    return l > LANG_EN && l < LANG_COUNT ? catalogs[l].n : 0;
}

/* ---- figures and dates ---- */

const char *i18n_group_sep(void)
{
    static const char *const sep[LANG_COUNT] = { ",", ".", "\u202f" };
    return sep[current];
}

char i18n_decimal_mark(void)
{
    return current == LANG_EN ? '.' : ',';
}

/* The names of the months in each language: [0] whole, [1] abbreviated. */
static const char *const month_names[LANG_COUNT][2][12] = {
    { { "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December" },
      { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" } },
    { { "janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro" },
      { "jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.", "dez." } },
    { { "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre" },
      { "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc." } },
};

const char *i18n_month_name(int month) { return month_names[current][0][month >= 1 && month <= 12 ? month - 1 : 0]; }

const char *i18n_month_abbr(int month) { return month_names[current][1][month >= 1 && month <= 12 ? month - 1 : 0]; }

const char *i18n_weekday_abbr(int wday)
{
    static const char *const names[LANG_COUNT][7] = {
        { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" },
        { "dom.", "seg.", "ter.", "qua.", "qui.", "sex.", "sáb." },
        { "dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam." },
    };
    return names[current][wday >= 0 && wday <= 6 ? wday : 0];
}
