/* csv.h - a reader of CSV text (RFC 4180 and what spreadsheets write).
 *
 * Quoted fields with doubled quotes, CRLF, LF or lone CR line ends, line
 * breaks inside quoted fields, a UTF-8 byte order mark at the start, and a
 * delimiter that is a comma, a semicolon (European spreadsheets) or a tab,
 * guessed from the first line. Lenient where spreadsheets are sloppy: a quote
 * inside an unquoted field, or text after a closing quote, is kept as text.
 * Pure: no I/O; cells are copied into the caller's arena. Writing CSV (with
 * the guard against formula injection) is the ledger's csv_cell. */
#ifndef GLOCAL_CSV_H
#define GLOCAL_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

#define CSV_MAX_CELLS 200    /* cells of one record; more is malformed */

typedef struct CsvReader {
    const char *p, *end;     /* what is left to read */
    char delim;              /* ',', ';' or '\t' */
    int64_t line;            /* the line (1-based) the next record starts on */
} CsvReader;

typedef struct CsvRecord {
    const char **cells;      /* n cells, NUL-terminated arena strings */
    int n;
    int64_t line;            /* the line it started on */
} CsvRecord;

/* Starts reading `text` (len bytes): skips a byte order mark and guesses the
 * delimiter from the first line (outside quotes, the most frequent of , ; tab). */
void csv_reader_init(CsvReader *rd, const char *text, size_t len);
/* The next record into *rec: 1, 0 at the end, -1 when the text is malformed
 * (a quoted field that never ends, more than CSV_MAX_CELLS cells, a NUL byte):
 * e says what and on which line. A blank line is a record of one empty cell. */
int csv_next(CsvReader *rd, Arena *a, CsvRecord *rec, Err *e);
/* Whether every cell of rec is empty or white space. */
bool csv_blank(const CsvRecord *rec);

#endif
