/* commons.c - the knowledge commons of `glocal bench-data`: published items
 * (100,000 at full scale) with titles, bodies and tags made from a fixed
 * vocabulary, so that some words are in a few items and others in tens of
 * thousands, as in a real commons; then the search index built from every
 * feature, as `glocal reindex` does. */
#include "bench/gen.h"
#include "search/search.h"

static const char *const topics[] = {
    "facilitation", "pitch", "feedback", "mentoring", "hiring", "fundraising", "pricing", "retention", "onboarding",
    "marketing", "storytelling", "negotiation", "leadership", "delegation", "burnout", "wellbeing", "cashflow",
    "accounting", "investors", "customers", "partnerships", "sponsorship", "volunteers", "agenda", "icebreaker",
    "retrospective", "workshop", "unconference", "fishbowl", "hackathon", "breakfast", "roundtable", "peer",
    "coaching", "conflict", "consensus", "governance", "budget", "grants", "export", "logistics", "suppliers",
    "inventory", "ecommerce", "branding", "design", "prototype", "research", "interviews", "surveys", "metrics",
    "dashboard", "spreadsheet", "calendar", "newsletter", "podcast", "recording", "translation", "bilingual",
    "accessibility", "childcare", "remote", "hybrid", "timer", "bell", "cards", "silence", "rotation", "succession",
    "founders", "family", "franchise", "licensing", "patents", "contracts", "insurance", "taxes", "payroll",
    "freelancers", "cooperative", "community", "network", "chapter", "connector", "sector", "craft", "bakery",
    "restaurant", "tourism", "farming", "fashion", "software", "hardware", "printing", "energy", "recycling",
};
static const char *const fillers[] = {
    "the", "a", "we", "our", "members", "meeting", "each", "one", "two", "three", "time", "minutes", "round",
    "question", "answer", "table", "room", "people", "works", "tried", "first", "last", "month", "week", "try",
    "what", "how", "when", "with", "from", "about", "after", "before", "every", "keeps", "makes", "helps", "asks",
};
static const char *const shapes[] = { "notes", "tool", "technique", "template", "story", "recording" };
static const char *const licences[] = { "cc-by-4.0", "cc-by-4.0", "cc-by-4.0", "cc-by-sa-4.0", "cc0-1.0" };

/* A topic, the common ones far more often than the rare ones. */
static const char *topic(uint64_t h)
{
    uint64_t a = h % (uint64_t)N(topics), b = (h >> 20) % (uint64_t)N(topics);
    return topics[a * b / (uint64_t)N(topics)];
}

int64_t gen_items_count(const Gen *g)
{
    int64_t n = llround(100000 * g->scale / 100.0);
    return n > 20 ? n : 20;
}

int gen_items_tx(DbConn *c, void *ctx, Err *e)
{
    RangeCtx *r = ctx;
    Gen *g = r->g;
    Arena a;
    arena_init(&a, 8192);
    int rc = 0;
    for (int64_t i = r->first; i <= r->last && rc == 0; i++) {
        uint64_t h = h2(40, (uint64_t)i);
        const char *t1 = topic(h), *t2 = topic(h >> 7), *t3 = topic(h >> 13);
        const char *title = arena_printf(&a, "%s %s for %s, %s", t1, fillers[(h >> 30) % N(fillers)], t2, t3);
        Buf body;
        buf_init(&body, &a);
        int words = 60 + (int)((h >> 40) % 60);
        for (int w = 0; w < words; w++) {
            uint64_t hw = h2(41, (uint64_t)i * 131 + (uint64_t)w);
            buf_adds(&body, w ? " " : "");
            buf_adds(&body, hw % 3 == 0 ? topic(hw >> 3) : fillers[(hw >> 3) % N(fillers)]);
            if (w % 15 == 14) buf_addc(&body, '.');
        }
        const char *tags = arena_printf(&a, "%s %s", t1, topic(h >> 23));
        const Chap *ch = &g->ch[(int64_t)(h % (uint64_t)g->chapters)];
        int64_t created = g->now - (int64_t)((h >> 33) % 700) * DAY - (int64_t)(h % DAY);
        char slug[80];
        snprintf(slug, sizeof slug, "bench-item-%lld", (long long)i);
        rc = bench_item_insert(c, e, slug, shapes[(h >> 50) % N(shapes)], title, buf_str(&body), licences[(h >> 55) % N(licences)],
                               tags, g->metro_base + ch->metro, ch->sector, g->admin_id, created);
        arena_reset(&a);
    }
    arena_release(&a);
    return rc;
}

int gen_search_tx(DbConn *c, void *ctx, Err *e)
{
    Gen *g = ctx;
    SearchReindex done = { 0 };
    if (search_rebuild(c, e, &done) < 0) return -1;
    gen_stage_step(g, done.documents);
    return 0;
}
