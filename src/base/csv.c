/* csv.c - a reader of CSV text: see csv.h. One pass over the text, one cell
 * at a time into a buffer, each record's cells copied into the arena. */
#include <string.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/str.h"

static char guess_delim(const char *p, const char *end)
{
    int commas = 0, semis = 0, tabs = 0;
    bool quoted = false;
    for (; p < end; p++) {
        if (*p == '"') quoted = !quoted;
        else if (!quoted && (*p == '\n' || *p == '\r')) break;
        else if (!quoted && *p == ',') commas++;
        else if (!quoted && *p == ';') semis++;
        else if (!quoted && *p == '\t') tabs++;
    }
    if (tabs > commas && tabs > semis) return '\t';
    if (semis > commas) return ';';
    return ',';
}

void csv_reader_init(CsvReader *rd, const char *text, size_t len)
{
    rd->p = text;
    rd->end = text + len;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) rd->p += 3;
    rd->delim = guess_delim(rd->p, rd->end);
    rd->line = 1;
}

/* Consumes a line end at rd->p (CRLF, LF or CR), counting it: true if there was one. */
static bool line_end(CsvReader *rd)
{
    if (rd->p >= rd->end) return false;
    if (*rd->p == '\r') {
        rd->p++;
        if (rd->p < rd->end && *rd->p == '\n') rd->p++;
    } else if (*rd->p == '\n') {
        rd->p++;
    } else {
        return false;
    }
    rd->line++;
    return true;
}

/* One quoted cell's content after its opening quote into b: 0, or -1 when it never ends. */
static int quoted_cell(CsvReader *rd, Buf *b, int64_t started, Err *e)
{
    for (;;) {
        if (rd->p >= rd->end)
            return err_set(e, E_INVALID, "Line %lld: a quoted cell is never closed (a \" is missing).", (long long)started);
        char ch = *rd->p;
        if (ch == '"') {
            if (rd->p + 1 < rd->end && rd->p[1] == '"') {
                buf_addc(b, '"');
                rd->p += 2;
                continue;
            }
            rd->p++;
            return 0;
        }
        if (ch == '\r' || ch == '\n') {
            buf_addc(b, '\n');   /* a line break inside a cell reads as LF */
            line_end(rd);
            continue;
        }
        buf_addc(b, ch);
        rd->p++;
    }
}

int csv_next(CsvReader *rd, Arena *a, CsvRecord *rec, Err *e)
{
    if (rd->p >= rd->end) return 0;
    const char *cells[CSV_MAX_CELLS];
    int n = 0;
    Buf b;
    buf_init(&b, a);
    rec->line = rd->line;
    for (;;) {
        buf_clear(&b);
        if (rd->p < rd->end && *rd->p == '"') {
            rd->p++;
            if (quoted_cell(rd, &b, rec->line, e) < 0) return -1;
        }
        while (rd->p < rd->end && *rd->p != rd->delim && *rd->p != '\r' && *rd->p != '\n') buf_addc(&b, *rd->p++);
        if (memchr(b.data ? b.data : "", '\0', b.len))
            return err_set(e, E_INVALID, "Line %lld holds a NUL byte: this is not a text file.", (long long)rec->line);
        if (n == CSV_MAX_CELLS)
            return err_set(e, E_INVALID, "Line %lld has more than %d cells.", (long long)rec->line, CSV_MAX_CELLS);
        cells[n++] = arena_strndup(a, b.data ? b.data : "", b.len);
        if (rd->p < rd->end && *rd->p == rd->delim) {
            rd->p++;
            continue;
        }
        line_end(rd);
        break;
    }
    rec->cells = arena_alloc(a, (size_t)n * sizeof *rec->cells);
    memcpy(rec->cells, cells, (size_t)n * sizeof *rec->cells);
    rec->n = n;
    return 1;
}

bool csv_blank(const CsvRecord *rec)
{
    for (int i = 0; i < rec->n; i++)
        if (!str_empty(rec->cells[i])) return false;
    return true;
}
