/* test_imports.c - unit tests of what imports read: the CSV reader
 * (src/base/csv.c), the columns and rows of a members' file
 * (src/imports/rules.c), and multipart/form-data bodies (src/web/multipart.c). */
#include "testutil.h"

#include "base/arena.h"
#include "base/csv.h"
#include "imports/imports.h"
#include "network/network.h"
#include "web/multipart.h"

/* Reads every record of text into out (at most max): how many, or -1 (e filled). */
static int read_all(Arena *a, const char *text, CsvRecord *out, int max, Err *e)
{
    CsvReader rd;
    csv_reader_init(&rd, text, strlen(text));
    int n = 0, got;
    CsvRecord rec;
    while ((got = csv_next(&rd, a, &rec, e)) == 1)
        if (n < max) out[n++] = rec;
    return got < 0 ? -1 : n;
}

static void expect_cells(const CsvRecord *rec, int n, const char *const *cells)
{
    cr_assert_eq(rec->n, n, "%d cells, not %d", rec->n, n);
    for (int i = 0; i < n; i++) cr_expect_str_eq(rec->cells[i], cells[i], "cell %d", i);
}

Test(csv, quoted_cells_doubled_quotes_and_line_ends)
{
    Arena a;
    arena_init(&a, 1024);
    Err e = { 0 };
    CsvRecord r[8];
    int n = read_all(&a, "name,email\r\n\"Silva, Rui\",\"r@x.example\"\n\"Say \"\"hi\"\"\",b\rlast,\"\"\r\n", r, 8, &e);
    cr_assert_eq(n, 4, "%s", e.msg);
    expect_cells(&r[0], 2, (const char *[]){ "name", "email" });
    expect_cells(&r[1], 2, (const char *[]){ "Silva, Rui", "r@x.example" });
    expect_cells(&r[2], 2, (const char *[]){ "Say \"hi\"", "b" });
    expect_cells(&r[3], 2, (const char *[]){ "last", "" });
    cr_expect_eq(r[3].line, 4);
    arena_release(&a);
}

Test(csv, line_breaks_inside_cells_count_lines)
{
    Arena a;
    arena_init(&a, 1024);
    Err e = { 0 };
    CsvRecord r[4];
    int n = read_all(&a, "a,b\n\"one\r\ntwo\nthree\",x\nnext,y", r, 4, &e);
    cr_assert_eq(n, 3);
    cr_expect_str_eq(r[1].cells[0], "one\ntwo\nthree", "line breaks in a cell read as LF");
    cr_expect_eq(r[1].line, 2);
    cr_expect_eq(r[2].line, 5, "the next record starts after the cell's lines");
    expect_cells(&r[2], 2, (const char *[]){ "next", "y" });
    arena_release(&a);
}

Test(csv, bom_and_delimiter_guessed_from_the_first_line)
{
    Arena a;
    arena_init(&a, 1024);
    Err e = { 0 };
    CsvRecord r[4];
    cr_assert_eq(read_all(&a, "\xEF\xBB\xBFName;E-mail\nAna, Lima;a@x.example\n", r, 4, &e), 2);
    expect_cells(&r[0], 2, (const char *[]){ "Name", "E-mail" });
    expect_cells(&r[1], 2, (const char *[]){ "Ana, Lima", "a@x.example" });
    cr_assert_eq(read_all(&a, "Name\tUser ID\t\"a,b;c\"\nAna\t1\t2\n", r, 4, &e), 2);
    expect_cells(&r[1], 3, (const char *[]){ "Ana", "1", "2" });
    arena_release(&a);
}

Test(csv, sloppy_quotes_are_kept_as_text_an_unclosed_one_is_refused)
{
    Arena a;
    arena_init(&a, 1024);
    Err e = { 0 };
    CsvRecord r[4];
    cr_assert_eq(read_all(&a, "a,b\nsay \"x\" ok,\"q\"tail\n", r, 4, &e), 2);
    expect_cells(&r[1], 2, (const char *[]){ "say \"x\" ok", "qtail" });
    cr_assert_eq(read_all(&a, "a,b\nfine,1\n\"never,2\nmore\n", r, 4, &e), -1);
    cr_expect_eq(e.code, E_INVALID);
    cr_expect(strstr(e.msg, "Line 3") != NULL, "%s", e.msg);
    arena_release(&a);
}

Test(csv, empty_text_blank_lines_and_too_many_cells)
{
    Arena a;
    arena_init(&a, 1024);
    Err e = { 0 };
    CsvRecord r[4];
    cr_expect_eq(read_all(&a, "", r, 4, &e), 0);
    cr_assert_eq(read_all(&a, "a\n\n  ,\n", r, 4, &e), 3);
    cr_expect(!csv_blank(&r[0]));
    cr_expect(csv_blank(&r[1]));
    cr_expect(csv_blank(&r[2]));
    char *wide = repeat("x,", CSV_MAX_CELLS + 1);
    cr_expect_eq(read_all(&a, wide, r, 4, &e), -1);
    cr_expect(strstr(e.msg, "more than") != NULL, "%s", e.msg);
    free(wide);
    arena_release(&a);
}

/* ---- the columns and rows of a members' file ---- */

Test(import_rules, columns_of_a_spreadsheet_and_of_a_meetup_export)
{
    ImportColumns c;
    Err e = { 0 };
    cr_assert_eq(import_columns((const char *[]){ "E-mail Address", "Full Name", "Company", "Town" }, 4, &c, &e), 0);
    cr_expect_str_eq(c.format, "plain");
    cr_expect_eq(c.email, 0);
    cr_expect_eq(c.name, 1);
    cr_expect_eq(c.organisation, 2);
    cr_expect_eq(c.city, 3);
    cr_assert_eq(import_columns((const char *[]){ "First name", "Last name", "Email" }, 3, &c, &e), 0);
    cr_expect_eq(c.first_name, 0);
    cr_expect_eq(c.last_name, 1);
    const char *meetup[] = { "Name", "User ID", "Title", "Member ID", "Location", "Joined Group on", "Intro", "URL of Member Profile",
                             "What is your email?" };
    cr_assert_eq(import_columns(meetup, 9, &c, &e), 0);
    cr_expect_str_eq(c.format, "meetup");
    cr_expect_eq(c.city, 4);
    cr_expect_eq(c.bio, 6);
    cr_expect_eq(c.email, 8, "a profile question about the address is the e-mail column");
    err_clear(&e);
    cr_expect_eq(import_columns(meetup, 8, &c, &e), -1);
    cr_expect_str_eq(e.field, "csv");
    cr_expect(strstr(e.msg, "Meetup") != NULL, "%s", e.msg);
    err_clear(&e);
    cr_expect_eq(import_columns((const char *[]){ "email", "city" }, 2, &c, &e), -1);
    cr_expect(strstr(e.msg, "for the name") != NULL, "%s", e.msg);
}

/* The reason of the refused row on `line`, or NULL. */
static const char *refusal(const ImportRead *rd, int64_t line)
{
    size_t i;
    json_t *x;
    json_array_foreach(rd->refused, i, x) if (json_integer_value(json_object_get(x, "line")) == line)
        return json_string_value(json_object_get(x, "reason"));
    return NULL;
}

Test(import_rules, each_bad_row_is_refused_with_its_line_and_reason)
{
    Arena a;
    arena_init(&a, 4096);
    Err e = { 0 };
    ImportRead rd;
    const char *text = "name,email,organisation\n"
                       "Ana Lima,ANA@X.example,Lima\n"      /* 2: fine, lower-cased */
                       ",nobody@x.example,\n"               /* 3: no name */
                       "Bea,,\n"                            /* 4: no address */
                       "Cid,not an address,\n"              /* 5: malformed */
                       "Ana Again,ana@x.example,\n"         /* 6: the same as line 2 */
                       "\n"                                 /* 7: blank, skipped */
                       "\"Two\nLines\",d@x.example,\n"      /* 8: a line break in the name */
                       "Eve,e@x.example,\"Org\nWith break\"\n";   /* 10: the organisation too */
    cr_assert_eq(import_members_read(&a, text, strlen(text), &rd, &e), 0, "%s", e.msg);
    cr_expect_eq(rd.total, 7);
    cr_assert_eq(json_array_size(rd.accepted), 1);
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(rd.accepted, 0), "email")), "ana@x.example");
    cr_expect_eq(json_array_size(rd.refused), 6);
    cr_expect_str_eq(refusal(&rd, 3), "No name.");
    cr_expect_str_eq(refusal(&rd, 4), "No e-mail address.");
    cr_expect(strstr(refusal(&rd, 5), "not a valid e-mail address") != NULL);
    cr_expect_str_eq(refusal(&rd, 6), "The same e-mail address as line 2.");
    cr_expect(strstr(refusal(&rd, 8), "one line") != NULL, "%s", refusal(&rd, 8));
    cr_expect(strstr(refusal(&rd, 10), "organisation") != NULL, "%s", refusal(&rd, 10));
    json_decref(rd.accepted);
    json_decref(rd.refused);
    arena_release(&a);
}

Test(import_rules, first_and_last_names_make_the_name)
{
    Arena a;
    arena_init(&a, 1024);
    Err e = { 0 };
    ImportRead rd;
    const char *text = "First Name;Last Name;Email\nMarie;Curie;m@x.example\n";
    cr_assert_eq(import_members_read(&a, text, strlen(text), &rd, &e), 0, "%s", e.msg);
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(rd.accepted, 0), "name")), "Marie Curie");
    json_decref(rd.accepted);
    json_decref(rd.refused);
    arena_release(&a);
}

Test(import_rules, unreadable_files_are_refused_at_the_field)
{
    Arena a;
    arena_init(&a, 1024);
    ImportRead rd;
    static const char *const bad[] = { "", "name,email\n", "name,email\n\"Ana,a@x.example\n", "name,email\nJos\xE9,j@x.example\n" };
    static const char *const why[] = { "empty", "no rows", "never closed", "not UTF-8" };
    for (size_t i = 0; i < 4; i++) {
        Err e = { 0 };
        cr_expect_eq(import_members_read(&a, bad[i], strlen(bad[i]), &rd, &e), -1, "case %zu", i);
        cr_expect_str_eq(e.field, "csv");
        cr_expect(strstr(e.msg, why[i]) != NULL, "case %zu: %s", i, e.msg);
    }
    char *many = repeat("P,p@x.example\n", IMPORT_MAX_ROWS + 1);
    char *text = malloc(strlen(many) + 20);
    sprintf(text, "name,email\n%s", many);
    Err e = { 0 };
    cr_expect_eq(import_members_read(&a, text, strlen(text), &rd, &e), -1);
    cr_expect(strstr(e.msg, "more than 5000 rows") != NULL, "%s", e.msg);
    free(many);
    free(text);
    arena_release(&a);
}

/* ---- multipart/form-data ---- */

Test(multipart, fields_and_a_file_with_its_name)
{
    Arena a;
    arena_init(&a, 1024);
    Err e = { 0 };
    const char body[] = "--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok\r\n"
                        "--XyZ\r\nContent-Disposition: form-data; name=\"csv\"; filename=\"m.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                        "name,email\r\nAna,a@x.example\r\n\r\n--XyZ--\r\n";
    Field *f = NULL;
    cr_assert_eq(multipart_parse(&a, body, sizeof body - 1, "multipart/form-data; boundary=XyZ", false, &f, &e), 0, "%s", e.msg);
    cr_assert_not_null(f);
    cr_expect_str_eq(f->name, "_csrf");
    cr_expect_str_eq(f->value, "tok");
    cr_assert_not_null(f->next);
    cr_expect_str_eq(f->next->name, "csv");
    cr_expect_str_eq(f->next->value, "name,email\r\nAna,a@x.example\r\n", "the content keeps its own last line break");
    cr_assert_not_null(f->next->next);
    cr_expect_str_eq(f->next->next->name, "csv.filename");
    cr_expect_str_eq(f->next->next->value, "m.csv");
    cr_expect_null(f->next->next->next);
    arena_release(&a);
}

Test(multipart, malformed_bodies_and_binary_files_are_refused)
{
    Arena a;
    arena_init(&a, 1024);
    Field *f;
    static const struct {
        const char *body, *type, *why;
    } bad[] = {
        { "--b\r\n\r\nx\r\n--b--", "multipart/form-data", "no boundary" },
        { "nothing here", "multipart/form-data; boundary=b", "not in the body" },
        { "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--", "multipart/form-data; boundary=b", "no name" },
        { "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx", "multipart/form-data; boundary=\"b\"", "not closed" },
        { "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.csv\"\r\n\r\n\xff\xfe\r\n--b--", "multipart/form-data; boundary=b",
          "x.csv\" is not UTF-8" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        Err e = { 0 };
        cr_expect_eq(multipart_parse(&a, bad[i].body, strlen(bad[i].body), bad[i].type, false, &f, &e), -1, "case %zu", i);
        cr_expect_eq(e.code, E_BAD_REQUEST);
        cr_expect(strstr(e.msg, bad[i].why) != NULL, "case %zu: %s", i, e.msg);
    }
    arena_release(&a);
}

/* ---- a chapters' file ---- */

Test(import_rules, chapters_are_checked_against_the_cities_and_sectors_given)
{
    Arena a;
    arena_init(&a, 4096);
    Err e = { 0 };
    ImportRead rd;
    json_t *metros = json_pack("{s:i, s:i}", "lisbon", 7, "porto", 8), *sectors = json_pack("{s:i, s:i}", "retail", 3, "food-and-drink", 4);
    const char *text = "Chapter name;City;Sector;Capacity;Connector\n"
                       "Founders;LISBON;;20;\n"                  /* 2: fine */
                       "Shops;Porto;Food-and-drink;;a@x.example\n"   /* 3: fine, a sector by its slug */
                       "Lost;Atlantis;;;\n"                      /* 4: no such city */
                       "Odd;Porto;Alchemy;;\n"                   /* 5: no such sector */
                       "Tiny;Porto;;1;\n"                        /* 6: capacity out of range */
                       "Many;Porto;;lots;\n"                     /* 7: not a number */
                       "founders;Lisbon;;;\n"                    /* 8: the same as line 2 */
                       "Founders;Porto;;;not an address\n";      /* 9: the connector's address */
    cr_assert_eq(import_chapters_read(&a, text, strlen(text), metros, sectors, &rd, &e), 0, "%s", e.msg);
    cr_expect_eq(rd.total, 8);
    cr_assert_eq(json_array_size(rd.accepted), 2);
    json_t *shops = json_array_get(rd.accepted, 1);
    cr_expect_eq(json_integer_value(json_object_get(shops, "metro_id")), 8);
    cr_expect_eq(json_integer_value(json_object_get(shops, "sector_id")), 4);
    cr_expect_eq(json_integer_value(json_object_get(shops, "capacity")), CHAPTER_CAPACITY_DEFAULT);
    cr_expect_str_eq(json_string_value(json_object_get(shops, "connector")), "a@x.example");
    cr_expect(strstr(refusal(&rd, 4), "Atlantis") != NULL);
    cr_expect(strstr(refusal(&rd, 5), "Alchemy") != NULL);
    cr_expect(strstr(refusal(&rd, 6), "between 2 and 500") != NULL, "%s", refusal(&rd, 6));
    cr_expect(strstr(refusal(&rd, 7), "whole number") != NULL);
    cr_expect_str_eq(refusal(&rd, 8), "The same name and city as line 2.");
    cr_expect(strstr(refusal(&rd, 9), "connector") != NULL);
    json_decref(rd.accepted);
    json_decref(rd.refused);
    err_clear(&e);
    cr_expect_eq(import_chapters_read(&a, "name,sector\nX,Retail\n", 21, metros, sectors, &rd, &e), -1);
    cr_expect(strstr(e.msg, "city") != NULL, "%s", e.msg);
    json_decref(metros);
    json_decref(sectors);
    arena_release(&a);
}
