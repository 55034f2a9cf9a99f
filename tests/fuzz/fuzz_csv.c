/* fuzz_csv.c - the CSV reader (src/base/csv.c) that imports read uploads with.
 *
 * Input: any bytes, as an uploaded file. Invariants: every record has at least
 * one cell and starts on a line after the previous one's; a refusal says why
 * and on which line; and the records written back as strict RFC 4180 (every
 * cell quoted, quotes doubled, CRLF) with the same delimiter read back to the
 * same cells. */
#include "fuzz.h"

#include "base/buf.h"
#include "base/csv.h"

static void write_back(Buf *b, const CsvRecord *rec, char delim)
{
    for (int i = 0; i < rec->n; i++) {
        buf_addc(b, '"');
        for (const char *p = rec->cells[i]; *p; p++) {
            if (*p == '"') buf_addc(b, '"');
            buf_addc(b, *p);
        }
        buf_addc(b, '"');
        if (i < rec->n - 1) buf_addc(b, delim);
    }
    buf_adds(b, "\r\n");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Arena a;
    arena_init(&a, 4096);
    CsvReader rd;
    csv_reader_init(&rd, (const char *)data, size);
    FUZZ_CHECK(rd.delim == ',' || rd.delim == ';' || rd.delim == '\t');
    Buf out;
    buf_init(&out, &a);
    CsvRecord recs[64];
    int n = 0, got;
    int64_t last = 0;
    Err e = { 0 };
    CsvRecord rec;
    while ((got = csv_next(&rd, &a, &rec, &e)) == 1) {
        FUZZ_CHECK(rec.n >= 1 && rec.n <= CSV_MAX_CELLS && rec.line > last);
        last = rec.line;
        write_back(&out, &rec, rd.delim);
        if (n < 64) recs[n++] = rec;
    }
    if (got < 0) {
        FUZZ_CHECK(e.code == E_INVALID && strstr(e.msg, "ine ") != NULL);
    } else {
        CsvReader again;
        csv_reader_init(&again, out.data ? out.data : "", out.len);
        again.delim = rd.delim;
        for (int i = 0; i < n; i++) {
            CsvRecord r2;
            Err e2 = { 0 };
            FUZZ_CHECK(csv_next(&again, &a, &r2, &e2) == 1);
            FUZZ_CHECK(r2.n == recs[i].n);
            for (int k = 0; k < r2.n; k++) FUZZ_CHECK(strcmp(r2.cells[k], recs[i].cells[k]) == 0);
        }
    }
    arena_release(&a);
    return 0;
}
