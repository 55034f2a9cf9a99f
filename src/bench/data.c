/* data.c - `glocal bench-data`: a network at scale for `make bench`.
 *
 * By default (--scale 100) 50 countries of 4 regions of 5 metros (each metro
 * with a real IANA time zone), 100 sectors, 50,000 chapters in every status
 * (most active), 1,000,000 members with about 600,000 memberships (about 12 a
 * chapter, connectors first), 200,000 meetings over the past two years and
 * the next three months (mostly held, with attendance), 5,000,000 RSVPs and
 * 5,000,000 ledger transactions of two postings each: members giving hours
 * and money to their chapters, and chapters transferring money to others,
 * chained with ledger_hash exactly as ledger_append chains them. --skewed
 * adds ten very large chapters (5,000 members at full scale). --scale P makes
 * P percent of everything; counts are proportional to the chapters:
 * 20 members, 4 meetings, 100 RSVPs and 200 postings per chapter.
 *
 * Everyone's password is BENCH_PASSWORD (one Argon2id hash, computed once);
 * the administrator is admin@bench.glocal.example. A few personal API tokens
 * are made for members of active chapters and written with what the load
 * scripts need (--tokens FILE, default: stdout), see write_tokens.
 *
 * The plan (which chapter is where, how big, in what state; who contributes
 * what) comes from a fixed-seed hash, so it is the same on every run and on
 * both databases; the times follow the clock, so that "upcoming" stays
 * upcoming. The database must be empty (migrated, nothing else): the command
 * refuses otherwise. On a terminal it shows its progress on stderr; at the end
 * it prints the time of each stage on stdout. */
#include "bench/gen.h"

/* ---------- words ---------- */

static const char *const syllables[] = {
    "bel", "mar", "ova", "ten", "rio", "sa", "lun", "dor", "ka", "vin", "es", "ta", "mo", "ra", "lis", "qua",
    "an", "zel", "por", "ni", "ver", "ga", "sol", "ime", "bra", "cor", "del", "fen", "hal", "jor", "kel", "ost",
};
static const char *const compass[] = { "North", "South", "East", "West", "Central", "Upper", "Lower", "Coastal" };
static const char *const zones[] = {
    "Europe/Lisbon", "Europe/Madrid", "Europe/Paris", "Europe/Berlin", "Europe/London", "Europe/Rome",
    "Europe/Amsterdam", "Europe/Warsaw", "Europe/Stockholm", "Europe/Athens", "Europe/Istanbul", "Europe/Dublin",
    "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Toronto",
    "America/Mexico_City", "America/Bogota", "America/Lima", "America/Santiago", "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires", "Africa/Nairobi", "Africa/Lagos", "Africa/Johannesburg", "Africa/Cairo",
    "Africa/Casablanca", "Asia/Dubai", "Asia/Karachi", "Asia/Kolkata", "Asia/Bangkok", "Asia/Ho_Chi_Minh",
    "Asia/Jakarta", "Asia/Singapore", "Asia/Manila", "Asia/Shanghai", "Asia/Seoul", "Asia/Tokyo",
    "Australia/Sydney", "Pacific/Auckland",
};
static const char *const sector_bases[] = {
    "Fintech", "Health", "Education", "Agriculture", "Climate", "Retail", "Logistics", "Creative industries",
    "Food and drink", "Software", "Mobility", "Property", "Biotech", "Social enterprise", "Manufacturing", "Travel",
    "Media", "Security", "Legal services", "Future of work", "Energy", "Water", "Fashion", "Sports", "Games",
};
static const char *const sector_kinds[] = { "", " services", " platforms", " hardware" };
static const char *const adjectives[] = {
    "Harbour", "Riverside", "Old Town", "Market", "Northside", "Garden", "Bridge", "Lantern", "Hillside", "Station",
    "Lighthouse", "Orchard", "Canal", "Foundry", "Meridian", "Quayside", "Cedar", "Granite", "Beacon", "Courtyard",
    "Morning", "Evening", "Terrace", "Junction",
};
static const char *const nouns[] = {
    "Founders", "Makers", "Builders", "Circle", "Table", "Breakfast", "Forum", "Guild", "Collective", "Roundtable",
    "Exchange", "Council", "Club", "Network", "Society", "Assembly",
};
static const char *const first_names[] = {
    "Ana", "João", "Marta", "Pedro", "Inês", "Rui", "Sofia", "Tiago", "Camille", "Louis", "Chloé", "Hugo", "Léa",
    "Jules", "Emma", "Lukas", "Mia", "Felix", "Hannah", "Jonas", "Lena", "Paul", "Olivia", "George", "Amelia",
    "Harry", "Isla", "Oscar", "Grace", "Jack", "Ava", "Liam", "Noah", "Sophia", "Ethan", "Isabella", "Mason",
    "Wanjiru", "Kamau", "Achieng", "Otieno", "Njeri", "Mwangi", "Amara", "Chidi", "Ngozi", "Tunde", "Zanele",
    "Thabo", "Lucas", "Beatriz", "Gabriel", "Larissa", "Rafael", "Mariana", "Mateus", "Valentina", "Santiago",
    "Camila", "Diego", "Lucía", "Mateo", "Aiko", "Haruto", "Yui", "Sora", "Min-jun", "Seo-yeon", "Wei", "Li Na",
    "Arjun", "Priya", "Rohan", "Ananya", "Aisha", "Omar", "Layla", "Yusuf", "Fatima", "Karim", "Elif", "Emre",
    "Zeynep", "Can", "Nikos", "Eleni", "Anders", "Ingrid", "Sven", "Astrid", "Piotr", "Zofia", "Marek", "Agnieszka",
    "Giulia", "Marco", "Chiara", "Luca", "Sara", "Matteo", "Aoife", "Cian", "Siobhan", "Niamh", "Tomás", "Nadia",
};
static const char *const last_names[] = {
    "Silva", "Santos", "Ferreira", "Pereira", "Costa", "Martins", "Rodrigues", "Almeida", "Dubois", "Laurent",
    "Moreau", "Lefebvre", "Bernard", "Girard", "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner",
    "Becker", "Hoffmann", "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Johnson",
    "Garcia", "Miller", "Davis", "Martinez", "Anderson", "Kariuki", "Ochieng", "Wambui", "Mutua", "Njoroge", "Okafor",
    "Adeyemi", "Nkosi", "Dlamini", "Mensah", "Oliveira", "Souza", "Lima", "Carvalho", "Gomes", "Ribeiro", "Barbosa",
    "Fernández", "González", "López", "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Tanaka", "Suzuki",
    "Watanabe", "Sato", "Kim", "Park", "Lee", "Choi", "Chen", "Wang", "Zhang", "Liu", "Sharma", "Patel", "Gupta",
    "Singh", "Khan", "Rahman", "Hassan", "Haddad", "Yilmaz", "Kaya", "Demir", "Papadopoulos", "Nielsen", "Larsen",
    "Johansson", "Lindqvist", "Kowalski", "Nowak", "Wiśniewska", "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi",
    "Murphy", "Kelly", "O'Brien", "Byrne", "Novak", "Horvat", "Petrov", "Ivanova", "Mendes", "Castro", "Duarte",
    "Nunes", "Moreira", "Pinto", "Teixeira", "Vieira", "Morales", "Herrera", "Medina", "Vargas", "Romero", "Navarro",
};
static const char *const org_words[] = {
    "Labs", "Studio", "Works", "Partners", "Foods", "Logistics", "Health", "Capital", "Systems", "Design", "Robotics",
    "Analytics", "Kitchen", "Learning", "Energy", "Motion", "Farms", "Textiles", "Media", "Legal", "Ventures",
    "Clinic", "Games", "Travel", "Water", "Homes", "Bio", "Security", "Print", "Craft", "Cargo",
};

/* ---------- progress ---------- */

void gen_stage_begin(Gen *g, const char *name, int64_t total)
{
    progress_stage(&g->meter, name, total);
}

void gen_stage_step(Gen *g, int64_t rows)
{
    progress_step(&g->meter, rows);
}

void gen_stage_end(Gen *g)
{
    double secs = progress_stage_end(&g->meter);
    if (g->ntimes < (int)N(g->times))
        g->times[g->ntimes++] = (StageTime){ g->meter.stage, g->meter.done, secs };
}

/* ---------- names ---------- */

static void syllable_name(char *out, size_t n, uint64_t h, int parts, const char *suffix)
{
    size_t len = 0;
    out[0] = 0;
    for (int i = 0; i < parts; i++) {
        const char *s = syllables[(h >> (i * 8)) % N(syllables)];
        len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s", s);
    }
    snprintf(out + len, len < n ? n - len : 0, "%s", suffix);
    if (out[0] >= 'a' && out[0] <= 'z') out[0] = (char)(out[0] - 'a' + 'A');
}

static void slug_of(Arena *a, char *out, size_t n, const char *name, int64_t id)
{
    snprintf(out, n, "%s-%lld", str_slugify(a, name), (long long)id);
}

/* ---------- stage 1: places, sectors, the plan ---------- */

void gen_make_plan(Gen *g)
{
    int64_t C = g->chapters;
    g->ch = xcalloc((size_t)C, sizeof *g->ch);
    int64_t big_every = g->skewed ? C / 10 : 0;
    int64_t big_size = g->skewed ? llround(5000 * g->scale / 100.0) : 0;
    if (g->skewed && big_size < 30) big_size = 30;
    int64_t base = 0;
    for (int64_t i = 1; i <= C; i++) {
        Chap *c = &g->ch[i - 1];
        uint64_t h = h2(1, (uint64_t)i);
        int64_t a = (int64_t)(h % (uint64_t)g->metros), b = (int64_t)((h >> 24) % (uint64_t)g->metros);
        c->metro = (int32_t)(a * b / g->metros);          /* some metros are much busier than others */
        int r = (int)((h >> 48) % 100);
        c->status = r < 80 ? ST_ACTIVE : r < 89 ? ST_FORMING : r < 96 ? ST_DORMANT : ST_CLOSED;
        if (i >= 2 && i <= 4) c->status = (uint8_t)(i - 1);   /* every status, even at the smallest scale */
        c->big = big_every && (i - 1) % big_every == 0 && (i - 1) / big_every < 10;
        if (c->big) c->status = ST_ACTIVE;
        uint64_t h3 = h2(2, (uint64_t)i);
        switch (c->status) {
        case ST_ACTIVE: c->size = 10 + (int32_t)(h3 % 9); break;
        case ST_FORMING: c->size = 2 + (int32_t)(h3 % 5); break;
        case ST_DORMANT: c->size = 5 + (int32_t)(h3 % 6); break;
        default: c->size = 0;
        }
        if (c->big) c->size = (int32_t)big_size;
        c->connectors = c->size == 0 ? 0 : c->big ? 3 : c->size >= 15 ? 2 : 1;
        c->sector = (h3 >> 16) % 10 < 7 ? 1 + (int32_t)((h3 >> 24) % (uint64_t)g->sectors) : 0;
        c->sector_offset = (int32_t)((h3 >> 40) % (uint64_t)g->sectors);
        c->one_per_sector = !c->big && (h3 >> 56) % 10 < 3 && c->size <= g->sectors;
        int64_t days = c->status == ST_FORMING ? 150 + (int64_t)(h3 % 150)
                     : c->status == ST_CLOSED ? 730 + (int64_t)(h3 % 300) : 700 + (int64_t)(h3 % 300);
        c->created = g->now - days * DAY - (int64_t)(h3 % 86400);
        c->base = base;
        base += c->size;
    }
    g->members = base;
    g->guests = g->users - g->members;
    g->nonempty = xcalloc((size_t)C, sizeof *g->nonempty);
    for (int64_t i = 1; i <= C; i++)
        if (g->ch[i - 1].size > 0) g->nonempty[g->nnonempty++] = i;
}


int gen_network_tx(DbConn *c, void *ctx, Err *e)
{
    Gen *g = ((NetCtx *)ctx)->g;
    Arena *a = ((NetCtx *)ctx)->a;
    if (bench_temp_tables(c, e) < 0) return -1;
    int64_t at = g->now - 1100 * DAY;
    if (bench_setting(c, e, "network_name", "Glocal bench network", g->now) < 0 ||
        bench_pledge(c, e, default_pledge_title, default_pledge_body, at) < 0)
        return -1;
    /* places: the countries, then their regions, then the metros (ids in that order) */
    int64_t nplaces = g->countries + g->regions + g->metros;
    g->place_slug = xcalloc((size_t)nplaces, sizeof *g->place_slug);
    g->metro_name = xcalloc((size_t)g->metros, sizeof *g->metro_name);
    g->metro_slug = xcalloc((size_t)g->metros, sizeof *g->metro_slug);
    g->metro_tz = xcalloc((size_t)g->metros, sizeof *g->metro_tz);
    char name[96], cname[48];
    int64_t id = 0;
    for (int64_t k = 0; k < g->countries; k++) {
        syllable_name(name, sizeof name, h2(3, (uint64_t)k), 2 + (int)(k % 2), k % 3 == 0 ? "ia" : "");
        id++;
        slug_of(a, g->place_slug[id - 1], sizeof g->place_slug[0], name, id);
        if (bench_place_insert(c, e, id, 0, "country", name, g->place_slug[id - 1], zones[k % N(zones)], at) < 0) return -1;
        gen_stage_step(g, 1);
    }
    for (int64_t r = 0; r < g->regions; r++) {
        int64_t country = r / 4;
        syllable_name(cname, sizeof cname, h2(3, (uint64_t)country), 2 + (int)(country % 2), country % 3 == 0 ? "ia" : "");
        snprintf(name, sizeof name, "%s %s", compass[(r % 4) + 4 * (int64_t)(h2(4, (uint64_t)country) % 2)], cname);
        id++;
        slug_of(a, g->place_slug[id - 1], sizeof g->place_slug[0], name, id);
        if (bench_place_insert(c, e, id, 1 + country, "region", name, g->place_slug[id - 1], zones[country % N(zones)], at) < 0)
            return -1;
        gen_stage_step(g, 1);
    }
    g->metro_base = id + 1;
    static const char *const suffixes[] = { "", "", "", " City", "port", "burg", "ville", " Bay" };
    for (int64_t m = 0; m < g->metros; m++) {
        int64_t region = m / 5, country = region / 4;
        uint64_t h = h2(5, (uint64_t)m);
        syllable_name(g->metro_name[m], sizeof g->metro_name[0], h, 2 + (int)(h % 2), suffixes[(h >> 32) % N(suffixes)]);
        id++;
        slug_of(a, g->metro_slug[m], sizeof g->metro_slug[0], g->metro_name[m], id);
        snprintf(g->place_slug[id - 1], sizeof g->place_slug[0], "%s", g->metro_slug[m]);
        g->metro_tz[m] = zones[country % N(zones)];
        if (bench_place_insert(c, e, id, 1 + g->countries + region, "metro", g->metro_name[m], g->metro_slug[m],
                               g->metro_tz[m], at) < 0)
            return -1;
        gen_stage_step(g, 1);
    }
    g->sector_slug = xcalloc((size_t)g->sectors, sizeof *g->sector_slug);
    for (int64_t s = 0; s < g->sectors; s++) {
        snprintf(name, sizeof name, "%s%s", sector_bases[s % N(sector_bases)], sector_kinds[(s / N(sector_bases)) % N(sector_kinds)]);
        if (s >= N(sector_bases) * N(sector_kinds)) snprintf(name + strlen(name), sizeof name - strlen(name), " %lld", (long long)s);
        snprintf(g->sector_slug[s], sizeof g->sector_slug[0], "%s", str_slugify(a, name));
        char desc[160];
        snprintf(desc, sizeof desc, "Companies in %s: founders who build, sell and hire in this field.", name);
        if (bench_sector_insert(c, e, s + 1, name, g->sector_slug[s], desc, at) < 0) return -1;
        gen_stage_step(g, 1);
    }
    /* the plan's temporary tables */
    int64_t maxsize = g->per_meeting;
    for (int64_t i = 0; i < g->chapters; i++)
        if (g->ch[i].size > maxsize) maxsize = g->ch[i].size;
    for (int64_t k = 0; k < maxsize; k++)
        if (bench_slot_insert(c, e, k) < 0) return -1;
    for (int64_t i = 0; i < N(first_names); i++)
        if (bench_name_insert(c, e, 0, i, first_names[i]) < 0) return -1;
    for (int64_t i = 0; i < N(last_names); i++)
        if (bench_name_insert(c, e, 1, i, last_names[i]) < 0) return -1;
    for (int64_t i = 0; i < N(org_words); i++)
        if (bench_name_insert(c, e, 2, i, org_words[i]) < 0) return -1;
    for (int64_t i = 1; i <= g->chapters; i++) {
        const Chap *ch = &g->ch[i - 1];
        if (bench_plan_insert(c, e, i, ch->base, ch->size, ch->connectors, g->metro_base + ch->metro, ch->sector_offset,
                              ch->created) < 0)
            return -1;
    }
    gen_stage_step(g, maxsize + g->chapters);
    return 0;
}

/* ---------- stage 2: people ---------- */


static int members_tx(DbConn *c, void *ctx, Err *e)
{
    RangeCtx *r = ctx;
    Gen *g = r->g;
    return bench_members_insert(c, e, r->first, r->last, g->hash, g->sectors, N(first_names), N(last_names), N(org_words),
                                g->now);
}

static int guests_tx(DbConn *c, void *ctx, Err *e)
{
    RangeCtx *r = ctx;
    Gen *g = r->g;
    return bench_guests_insert(c, e, r->first, r->last, g->hash, g->metro_base, g->metros, g->sectors, N(first_names),
                               N(last_names), N(org_words), g->now);
}

static int admin_tx(DbConn *c, void *ctx, Err *e)
{
    Gen *g = ctx;
    return bench_admin_insert(c, e, g->admin_id, g->hash, g->now - 1100 * DAY);
}


/* Runs fn over [from, n] in slices of `step`, one transaction each; the
 * progress counts rows(first, last) rows per slice (NULL: one per unit). */
int gen_by_slices(Gen *g, DbTxFn fn, int64_t from, int64_t n, int64_t step, RowsFn rows, Err *e)
{
    for (int64_t first = from; first <= n; first += step) {
        RangeCtx r = { g, first, first + step - 1 < n ? first + step - 1 : n };
        if (fn(g->c, &r, e) < 0) return -1;
        gen_stage_step(g, rows ? rows(g, r.first, r.last) : r.last - r.first + 1);
    }
    return 0;
}

int64_t gen_member_rows(const Gen *g, int64_t first, int64_t last)
{
    int64_t n = 0;
    for (int64_t i = first; i <= last; i++) n += g->ch[i - 1].size;
    return n;
}

int64_t gen_rsvp_rows(const Gen *g, int64_t first, int64_t last)
{
    return (last - first + 1) * g->per_meeting;
}

int64_t gen_posting_rows(const Gen *g, int64_t first, int64_t last)
{
    (void)g;
    return 2 * (last - first + 1);
}

/* Members per slice of chapters: about `rows` each. */
int gen_members_stage(Gen *g, Err *e)
{
    int64_t first = 1;
    while (first <= g->chapters) {
        int64_t last = first, rows = 0;
        while (last <= g->chapters && rows < 100000) rows += g->ch[last++ - 1].size;
        RangeCtx r = { g, first, last - 1 };
        if (members_tx(g->c, &r, e) < 0) return -1;
        gen_stage_step(g, rows);
        first = last;
    }
    if (gen_by_slices(g, guests_tx, g->members + 1, g->users, 100000, NULL, e) < 0) return -1;
    if (admin_tx(g->c, g, e) < 0) return -1;
    gen_stage_step(g, 1);
    return 0;
}

/* ---------- stage 3: chapters and membership ---------- */

int gen_chapters_tx(DbConn *c, void *ctx, Err *e)
{
    RangeCtx *r = ctx;
    Gen *g = r->g;
    Arena a;
    arena_init(&a, 4096);
    int rc = 0;
    for (int64_t i = r->first; i <= r->last && rc == 0; i++) {
        const Chap *ch = &g->ch[i - 1];
        uint64_t h = h2(6, (uint64_t)i);
        char name[160], slug[200], desc[400];
        snprintf(name, sizeof name, "%s %s %s", g->metro_name[ch->metro], adjectives[h % N(adjectives)],
                 nouns[(h >> 16) % N(nouns)]);
        slug_of(&a, slug, sizeof slug, name, i);
        const char *sector = ch->sector ? sector_bases[(ch->sector - 1) % N(sector_bases)] : NULL;
        snprintf(desc, sizeof desc,
                 "Founders and owners of small companies in %s who meet once a month: each brings **one success "
                 "and one challenge**, and the others answer with what they have lived.%s%s",
                 g->metro_name[ch->metro], sector ? " Our focus: " : "", sector ? sector : "");
        int64_t capacity = ch->big ? 500 : ch->size > 12 ? 20 : 12;
        int64_t updated = g->now - (int64_t)((h >> 32) % 30) * DAY;
        if (updated < ch->created) updated = ch->created;
        rc = bench_chapter_insert(c, e, i, slug, name, g->metro_base + ch->metro, ch->sector, status_names[ch->status],
                                  desc, capacity, ch->one_per_sector ? "one_per_sector" : "open",
                                  ch->size ? ch->base + 1 : 0, ch->created, updated);
        arena_reset(&a);
    }
    arena_release(&a);
    return rc;
}

int gen_memberships_tx(DbConn *c, void *ctx, Err *e)
{
    RangeCtx *r = ctx;
    return bench_memberships_insert(c, e, r->first, r->last, r->g->now);
}

/* ---------- stage 4: meetings ---------- */

/* Meeting j (1-based) is meeting k = (j-1) / chapters of chapter (j-1) % chapters + 1. */
typedef struct MeetingPlan {
    int64_t starts;
    int status;   /* 0 held, 1 upcoming, 2 cancelled */
} MeetingPlan;

static MeetingPlan meeting_plan(const Gen *g, int64_t chapter, int64_t k)
{
    const Chap *c = &g->ch[chapter - 1];
    uint64_t h = h2(7, (uint64_t)(chapter * 8 + k));
    int64_t days = 0;
    int status = 0;
    switch (c->status) {
    case ST_ACTIVE:
        if (k < 3) days = -(30 + (2 - k) * 230 + (int64_t)(h % 150));
        else { days = 7 + (int64_t)(h % 60); status = 1; }
        break;
    case ST_FORMING:
        if (k == 0) days = -(20 + (int64_t)(h % 60));
        else if (k == 1) { days = 7 + (int64_t)(h % 30); status = 1; }
        else if (k == 2) { days = 38 + (int64_t)(h % 30); status = 1; }
        else { days = -(90 + (int64_t)(h % 50)); status = 2; }
        break;
    case ST_DORMANT:
        if (k < 3) days = -(300 + (2 - k) * 120 + (int64_t)(h % 60));
        else { days = -(200 + (int64_t)(h % 60)); status = 2; }
        break;
    default:
        days = -(420 + (3 - k) * 70 + (int64_t)(h % 40));
    }
    /* at 08:00 or 18:30 (UTC: close enough for a benchmark) */
    int64_t at = (h >> 40) % 2 ? 8 * 3600 : 18 * 3600 + 1800;
    return (MeetingPlan){ g->today + days * DAY + at, status };
}

int gen_meetings_tx(DbConn *c, void *ctx, Err *e)
{
    RangeCtx *r = ctx;
    Gen *g = r->g;
    static const char *const rooms[] = { "the back room of the Harbour Café", "Impact Hub, meeting room 2",
                                         "the library of the Chamber of Commerce", "Coworking Central, room B", "" };
    for (int64_t j = r->first; j <= r->last; j++) {
        int64_t chapter = (j - 1) % g->chapters + 1, k = (j - 1) / g->chapters;
        const Chap *ch = &g->ch[chapter - 1];
        MeetingPlan p = meeting_plan(g, chapter, k);
        uint64_t h = h2(8, (uint64_t)j);
        int64_t ends = p.starts + 2 * 3600;
        int64_t created = p.starts - 120 * DAY < ch->created ? ch->created : p.starts - 120 * DAY;
        const char *status = p.status == 0 ? "held" : p.status == 1 ? "scheduled" : "cancelled";
        const char *phase = p.status == 0 ? "closed" : "planned";
        if (bench_meeting_insert(c, e, j, chapter, p.starts, ends, g->metro_tz[ch->metro], rooms[h % N(rooms)], status,
                                 phase, p.status == 0 ? p.starts + 300 : 0, p.status == 0 ? ends - 600 : 0, created,
                                 p.status == 0 ? 40 + (int64_t)(h % 30) : 0) < 0)
            return -1;
    }
    return 0;
}

/* Attendance rows of meetings first..last: every member of a held meeting. */
int64_t gen_attendance_rows(const Gen *g, int64_t first, int64_t last)
{
    int64_t n = 0;
    for (int64_t j = first; j <= last; j++) {
        int64_t chapter = (j - 1) % g->chapters + 1;
        if (meeting_plan(g, chapter, (j - 1) / g->chapters).status == 0) n += g->ch[chapter - 1].size;
    }
    return n;
}

int gen_rsvps_tx(DbConn *c, void *ctx, Err *e)
{
    RangeCtx *r = ctx;
    return bench_rsvps_insert(c, e, r->first, r->last, r->g->per_meeting, r->g->members, r->g->guests);
}

int gen_attendance_tx(DbConn *c, void *ctx, Err *e)
{
    RangeCtx *r = ctx;
    return bench_attendance_insert(c, e, r->first, r->last);
}

/* ---------- stage 6: tokens and what the load scripts need ---------- */


/* The chapter most directories would show: the busiest metro and, there, the
 * most common sector. */
static void directory_pick(const Gen *g, int64_t *metro, int64_t *sector)
{
    int64_t *per_metro = xcalloc((size_t)g->metros, sizeof *per_metro);
    for (int64_t i = 0; i < g->chapters; i++) per_metro[g->ch[i].metro]++;
    int64_t best = 0;
    for (int64_t m = 1; m < g->metros; m++)
        if (per_metro[m] > per_metro[best]) best = m;
    int64_t *per_sector = xcalloc((size_t)g->sectors + 1, sizeof *per_sector);
    for (int64_t i = 0; i < g->chapters; i++)
        if (g->ch[i].metro == best && g->ch[i].sector) per_sector[g->ch[i].sector]++;
    int64_t s = 1;
    for (int64_t k = 2; k <= g->sectors; k++)
        if (per_sector[k] > per_sector[s]) s = k;
    *metro = best;
    *sector = s;
    free(per_metro);
    free(per_sector);
}

int gen_tokens_tx(DbConn *c, void *ctx, Err *e)
{
    TokenCtx *t = ctx;
    Gen *g = t->g;
    Arena a;
    arena_init(&a, 4096);
    int rc = 0;
    int64_t metro, sector;
    directory_pick(g, &metro, &sector);
    /* the chapter of the first token is the one whose page is measured */
    int64_t step = 7919 % g->chapters ? 7919 % g->chapters : 1, want = g->chapters < 640 ? g->chapters / 10 + 1 : 64;
    fprintf(t->out, "# glocal bench-data tokens: token, user id (the chapter's first connector), chapter slug,"
                    " upcoming meeting id, chapter id, another member's user id\n");
    fprintf(t->out, "#password\t%s\n#admin\tadmin@bench.glocal.example\n", BENCH_PASSWORD);
    fprintf(t->out, "#scale\t%g\n#skewed\t%d\n#generated_at\t%lld\n", g->scale, g->skewed ? 1 : 0, (long long)g->now);
    fprintf(t->out, "#metro\t%s\n#sector\t%s\n#region\t%s\n#country\t%s\n#search\t%s\n", g->metro_slug[metro],
            g->sector_slug[sector - 1], g->place_slug[g->countries + metro / 5], g->place_slug[metro / 20],
            str_lower(&a, last_names[3]));
    int64_t big = 0;
    for (int64_t i = 0; i < g->chapters; i++)
        if (g->ch[i].big) { big = i + 1; break; }
    if (big) fprintf(t->out, "#big_chapter\t%lld\n", (long long)big);
    for (int64_t n = 0, i = 1; n < g->chapters && t->made < want && rc == 0; n++, i = (i - 1 + step) % g->chapters + 1) {
        const Chap *ch = &g->ch[i - 1];
        if (ch->status != ST_ACTIVE || ch->big || ch->size < 3) continue;
        int64_t user = ch->base + 1, other = ch->base + 2;   /* its first connector, and a member */
        const char *token = arena_printf(&a, "%s%s", TOKEN_PREFIX, token_new(&a));
        rc = bench_token_insert(c, e, user, "bench load scripts", token_hash(&a, token), token + strlen(token) - 4, g->now);
        /* its upcoming meeting: meeting 4 of an active chapter */
        int64_t meeting = 3 * g->chapters + i;
        char slug[200];
        char name[160];
        uint64_t h = h2(6, (uint64_t)i);
        snprintf(name, sizeof name, "%s %s %s", g->metro_name[ch->metro], adjectives[h % N(adjectives)],
                 nouns[(h >> 16) % N(nouns)]);
        slug_of(&a, slug, sizeof slug, name, i);
        fprintf(t->out, "%s\t%lld\t%s\t%lld\t%lld\t%lld\n", token, (long long)user, slug, (long long)meeting, (long long)i,
                (long long)other);
        t->made++;
    }
    gen_stage_step(g, t->made);
    arena_release(&a);
    return rc;
}


int gen_finish_tx(DbConn *c, void *ctx, Err *e)
{
    FinishCtx *f = ctx;
    if (bench_temp_drop(c, e) < 0 || bench_sequences_fix(c, e) < 0 || bench_chapter_counts_fill(c, e) < 0) return -1;
    return bench_setting(c, e, "bench_data", f->marker, f->g->now);
}

/* ---------- the command ---------- */

/* Each stage is one transaction: every page of the indexes that grow in
 * random order reaches the log once, at the commit. */
