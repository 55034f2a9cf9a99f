/* demo.c - `glocal demo`: fills an empty network with a believable one.
 *
 * Seven countries and fourteen metros with their real time zones, twenty
 * sectors, 320 members with names that fit their cities, sixty chapters in
 * every status with eighteen months of membership history, and invitations
 * and join requests in flight. Everything is built through the same store
 * functions the web pages use (so capacity and the one-per-sector rule are
 * enforced as usual), then backdated by src/demo/store.c.
 *
 * The output is the same on every run and on both databases: the choices come
 * from a fixed-seed xorshift generator, and only the times move with the clock.
 * Two documented logins sit beside the administrator: connector@glocal.example
 * and member@glocal.example, password "demo-member-2026" (as every demo member).
 *
 * The work runs in three write transactions (places and sectors, members,
 * chapters with everything that hangs from them); a failure in the last one
 * leaves no chapter behind, and a new run reuses the places and people the
 * earlier ones wrote. */
#include <assert.h>
#include <jansson.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"
#include "cli/cli.h"
#include "db/db.h"
#include "demo/demo.h"
#include "network/network.h"
#include "network/store.h"


#define N(a) ((int)(sizeof(a) / sizeof *(a)))
#define DAY ((int64_t)86400)
#define HOUR ((int64_t)3600)

#define DEMO_PASSWORD "demo-member-2026"
#define DEMO_LINK_BASE "http://localhost:8080"   /* `glocal serve`'s default address, for the invitation links */
#define DEMO_SEED 0x5eed2026c0ffee01ull
#define MAX_SEATS 16                                /* above every capacity in the table */

/* ---------- the network on paper ---------- */

enum { CU_PT, CU_FR, CU_DE, CU_UK, CU_US, CU_KE, CU_BR };

enum {
    MT_LISBON, MT_PORTO, MT_PARIS, MT_LYON, MT_BERLIN, MT_MUNICH, MT_LONDON, MT_MANCHESTER,
    MT_SAN_FRANCISCO, MT_LOS_ANGELES, MT_NEW_YORK, MT_NAIROBI, MT_SAO_PAULO, MT_RIO, NMETRO
};

typedef struct MetroDef {
    const char *country, *region, *name, *tz;
    int culture, members, neighbour;   /* generated members; the metro a few members come from (-1 none) */
    const char *words[4];              /* local names that small companies borrow */
    const char *venues[3];             /* where a chapter might meet */
} MetroDef;

static const MetroDef metros[NMETRO] = {
    { "Portugal", "Lisboa", "Lisbon", "Europe/Lisbon", CU_PT, 34, MT_PORTO,
      { "Alfama", "Tejo", "Estrela", "Graça" },
      { "a room above a café in Príncipe Real", "the library of a co-working space in Marvila",
        "the back room of a tasca in Campo de Ourique" } },
    { "Portugal", "Norte", "Porto", "Europe/Lisbon", CU_PT, 16, MT_LISBON,
      { "Douro", "Ribeira", "Foz", "Bolhão" },
      { "a converted warehouse near the Ribeira", "a bookshop café in Cedofeita", "a start-up hub in Boavista" } },
    { "France", "Île-de-France", "Paris", "Europe/Paris", CU_FR, 32, MT_LYON,
      { "Marais", "Seine", "Belleville", "Canal" },
      { "a café by the Canal Saint-Martin", "the upstairs room of a bistro in the 11th", "a co-working loft in Belleville" } },
    { "France", "Auvergne-Rhône-Alpes", "Lyon", "Europe/Paris", CU_FR, 16, MT_PARIS,
      { "Confluence", "Fourvière", "Rhône", "Saône" },
      { "a bouchon on the Presqu'île", "an incubator at Confluence", "a café on the Croix-Rousse plateau" } },
    { "Germany", "Berlin", "Berlin", "Europe/Berlin", CU_DE, 32, MT_MUNICH,
      { "Spree", "Kreuzberg", "Tempelhof", "Wedding" },
      { "a co-working space in Kreuzberg", "a café by the Landwehr Canal", "an old printworks in Wedding" } },
    { "Germany", "Bavaria", "Munich", "Europe/Berlin", CU_DE, 16, MT_BERLIN,
      { "Isar", "Schwabing", "Giesing", "Alpen" },
      { "a maker space in the Werksviertel", "a café in Maxvorstadt", "a meeting room by the Isar" } },
    { "United Kingdom", "England", "London", "Europe/London", CU_UK, 32, MT_MANCHESTER,
      { "Thames", "Hackney", "Brixton", "Shoreditch" },
      { "a room above a pub in Clerkenwell", "a co-working space in Shoreditch", "a café on Coldharbour Lane" } },
    { "United Kingdom", "England", "Manchester", "Europe/London", CU_UK, 16, MT_LONDON,
      { "Ancoats", "Irwell", "Salford", "Pennine" },
      { "a mill conversion in Ancoats", "a café in the Northern Quarter", "a studio at MediaCity" } },
    { "United States", "California", "San Francisco", "America/Los_Angeles", CU_US, 26, MT_LOS_ANGELES,
      { "Mission", "Presidio", "Bayview", "Golden Gate" },
      { "a co-working space in SoMa", "a bakery café in the Mission", "a community room in Dogpatch" } },
    { "United States", "California", "Los Angeles", "America/Los_Angeles", CU_US, 16, MT_SAN_FRANCISCO,
      { "Echo Park", "Venice", "Arroyo", "Silver Lake" },
      { "a studio in the Arts District", "a café in Silver Lake", "a co-working space in Culver City" } },
    { "United States", "New York", "New York City", "America/New_York", CU_US, 26, -1,
      { "Hudson", "Bowery", "Gowanus", "Astoria" },
      { "a loft in Gowanus", "a café in the West Village", "a shared office in the Flatiron District" } },
    { "Kenya", "Nairobi County", "Nairobi", "Africa/Nairobi", CU_KE, 22, -1,
      { "Kilimani", "Ngong", "Westlands", "Karura" },
      { "a hub on Ngong Road", "a garden café in Westlands", "a co-working space in Kilimani" } },
    { "Brazil", "São Paulo", "São Paulo", "America/Sao_Paulo", CU_BR, 22, MT_RIO,
      { "Paulista", "Pinheiros", "Ibirapuera", "Tietê" },
      { "a co-working space on Avenida Paulista", "a café in Vila Madalena", "an incubator in Pinheiros" } },
    { "Brazil", "Rio de Janeiro", "Rio de Janeiro", "America/Sao_Paulo", CU_BR, 12, MT_SAO_PAULO,
      { "Guanabara", "Lapa", "Urca", "Botafogo" },
      { "a café in Botafogo", "a co-working space in the Centro", "a rooftop room in Santa Teresa" } },
};

/* A country's time zone: its capital's. */
static const struct { const char *name, *tz; } country_zones[] = {
    { "Portugal", "Europe/Lisbon" },        { "France", "Europe/Paris" },   { "Germany", "Europe/Berlin" },
    { "United Kingdom", "Europe/London" },  { "United States", "America/New_York" },
    { "Kenya", "Africa/Nairobi" },          { "Brazil", "America/Sao_Paulo" },
};

enum {
    SE_FINTECH, SE_HEALTH, SE_EDTECH, SE_AGRI, SE_CLIMATE, SE_RETAIL, SE_LOGISTICS, SE_CREATIVE, SE_FOOD, SE_SAAS,
    SE_MOBILITY, SE_PROPERTY, SE_BIOTECH, SE_SOCIAL, SE_MAKING, SE_TRAVEL, SE_MEDIA, SE_SECURITY, SE_LEGAL, SE_WORK,
    NSECTOR, SE_NONE = -1
};

typedef struct SectorDef {
    const char *name, *description;
    const char *nouns[4];     /* the second word of a company's name */
    const char *does[3];      /* what a company in the sector does, after "to" or "we" */
} SectorDef;

static const SectorDef sectors[NSECTOR] = {
    { "Fintech", "Payments, lending, insurance and the software that moves money for people and small firms.",
      { "Pay", "Ledger", "Finance", "Capital" },
      { "help market traders take card payments", "make small-business lending faster and fairer",
        "give freelancers a bank account that understands irregular income" } },
    { "Healthtech", "Digital care, diagnostics, clinics and the tools that keep people healthy.",
      { "Health", "Care", "Clinic", "Diagnostics" },
      { "bring remote check-ups to people far from a clinic", "help pharmacies keep the right medicines in stock",
        "make physiotherapy easier to follow at home" } },
    { "Edtech", "Schools, courses and learning tools, for children and for adults changing careers.",
      { "Learning", "Academy", "Classroom", "School" },
      { "teach coding to teenagers after school", "help teachers prepare lessons in half the time",
        "offer adults short courses they can finish on the bus" } },
    { "Agritech", "Farming, food supply chains and the technology that helps growers earn more.",
      { "Farms", "Harvest", "Agro", "Soil" },
      { "connect smallholder farmers with reliable buyers", "measure soil health with cheap sensors",
        "cut the losses fruit growers suffer after harvest" } },
    { "Climate & Energy", "Renewable power, efficiency and the businesses cutting emissions.",
      { "Solar", "Energy", "Carbon", "Grid" },
      { "put solar panels on apartment roofs", "help factories measure and cut their emissions",
        "turn food waste into biogas" } },
    { "Retail & E-commerce", "Shops, online stores, marketplaces and the brands that sell through them.",
      { "Market", "Goods", "Store", "Commerce" },
      { "help independent shops sell online", "sell refurbished electronics with a real warranty",
        "run a marketplace for local makers" } },
    { "Logistics", "Moving goods: freight, last-mile delivery, warehousing and customs.",
      { "Freight", "Logistics", "Cargo", "Couriers" },
      { "deliver parcels by cargo bike", "help small exporters with customs paperwork",
        "fill half-empty trucks with loads going the same way" } },
    { "Creative Industries", "Design, film, music, games and the studios that make them.",
      { "Studio", "Design", "Films", "Works" },
      { "design brands for young companies", "produce short documentaries for charities",
        "run a studio for illustrators and animators" } },
    { "Food & Hospitality", "Restaurants, bakeries, cafés, catering and food brands.",
      { "Kitchen", "Bakery", "Coffee", "Table" },
      { "run a bakery that trains young people looking for work", "supply restaurants with produce from nearby farms",
        "cook lunch for offices without single-use packaging" } },
    { "B2B SaaS", "Software sold to businesses by subscription.",
      { "Software", "Cloud", "Systems", "Analytics" },
      { "build booking software for clinics and salons", "help mid-sized firms make sense of their data",
        "make invoicing painless for small agencies" } },
    { "Mobility", "Getting people around: bikes, scooters, shared cars, transit and the data behind them.",
      { "Mobility", "Bikes", "Rides", "Transit" },
      { "lease electric bikes to delivery riders", "help cities plan safer cycle lanes",
        "share company cars between neighbouring firms" } },
    { "Real Estate & Construction", "Building, renovating, managing and sharing places to live and work.",
      { "Homes", "Build", "Spaces", "Properties" },
      { "turn old buildings into affordable flats", "help small builders price their jobs accurately",
        "run flexible workspaces on neighbourhood high streets" } },
    { "Biotech", "Life sciences, from lab tools to new materials and medicines.",
      { "Bio", "Therapeutics", "Labs", "Genomics" },
      { "develop faster tests for plant diseases", "grow leather alternatives from fungi",
        "build lab tools for early drug research" } },
    { "Social Enterprise", "Businesses built around a social or environmental mission.",
      { "Foundation", "Collective", "Cooperative", "Impact" },
      { "help refugees find work that matches their skills", "run repair cafés that keep things out of landfill",
        "train young people from the suburbs in digital trades" } },
    { "Manufacturing", "Making physical things, from furniture to electronics, in small and large batches.",
      { "Manufacturing", "Industries", "Workshop", "Robotics" },
      { "make furniture from reclaimed wood", "build small batches of electronics for hardware start-ups",
        "print spare parts for machines nobody makes any more" } },
    { "Travel & Tourism", "Tours, stays and travel services, for visitors and for the places they visit.",
      { "Travel", "Tours", "Stays", "Journeys" },
      { "run walking tours led by the people who live there", "help guesthouses fill their rooms out of season",
        "organise slow holidays by train" } },
    { "Media & Publishing", "Newsletters, magazines, podcasts, books and the people who produce them.",
      { "Media", "Press", "Audio", "Publishing" },
      { "publish a newsletter about the local start-up scene", "produce podcasts for companies",
        "run an independent magazine about design" } },
    { "Cybersecurity", "Keeping companies and their customers safe from attacks and fraud.",
      { "Security", "Shield", "Defence", "Cyber" },
      { "protect small businesses from phishing", "test the security of online shops",
        "train employees to spot a scam before they click" } },
    { "Legal & Professional Services", "Lawyers, accountants, advisers and the firms that serve founders.",
      { "Legal", "Advisory", "Partners", "Accounting" },
      { "offer fixed-price legal help to start-ups", "help founders write their first employment contracts",
        "untangle cross-border tax for remote teams" } },
    { "HR & Future of Work", "Hiring, teams, remote work and the tools that help people do their best work.",
      { "People", "Talent", "Teams", "Work" },
      { "help companies hire for skills rather than diplomas", "place experienced professionals in part-time roles",
        "make the first weeks in a remote job less lonely" } },
};

enum { ST_ACTIVE, ST_FORMING, ST_DORMANT, ST_CLOSED };
static const char *const status_names[] = { "active", "forming", "dormant", "closed" };

enum { FX_NONE = 0, FX_INES = 1, FX_TOMAS = 2 };   /* the fixed logins, as bits */

typedef struct ChapterDef {
    int metro, sector, status, capacity;
    bool one_per_sector;
    int creator;          /* FX_INES, or 0: a member of the metro */
    unsigned fixed;       /* fixed logins who are (plain) members */
    const char *name, *hook;
} ChapterDef;

#define OPS true
#define OPEN false

static const ChapterDef chapter_defs[] = {
    { MT_LISBON, SE_FINTECH, ST_ACTIVE, 12, OPEN, FX_INES, 0, "Lisbon Fintech Founders",
      "Founders building payments, lending and insurance products from Lisbon. We talk about regulators, banks and the "
      "first thousand customers as openly as we can." },
    { MT_LISBON, SE_NONE, ST_ACTIVE, 12, OPS, FX_INES, FX_TOMAS, "Lisbon Founders Breakfast",
      "A cross-sector table for founders who like to start the day early: coffee, *pastéis de nata* and an honest hour "
      "before the inbox wins." },
    { MT_LISBON, SE_TRAVEL, ST_ACTIVE, 10, OPEN, 0, 0, "Lisbon Tourism & Hospitality Table",
      "Guesthouse owners, tour operators and travel start-ups who want Lisbon's visitors *and* its neighbours to be "
      "better off." },
    { MT_LISBON, SE_CLIMATE, ST_ACTIVE, 12, OPEN, 0, FX_INES | FX_TOMAS, "Lisbon Climate Builders",
      "Founders working on solar, efficiency, circular products and anything else that cuts emissions. Half of us sell "
      "to companies and half to households, and we learn from both." },
    { MT_LISBON, SE_CREATIVE, ST_DORMANT, 12, OPEN, 0, 0, "Lisbon Creative Studio Owners",
      "Designers, animators and producers who run their own studios and want to talk about the business side: pricing, "
      "cash flow and saying no." },
    { MT_LISBON, SE_SOCIAL, ST_FORMING, 12, OPEN, FX_INES, 0, "Lisbon Impact Circle",
      "A new circle for founders whose companies exist to fix a social or environmental problem and still have to pay "
      "the bills." },
    { MT_LISBON, SE_HEALTH, ST_FORMING, 12, OPEN, 0, 0, "Lisbon Health Innovators",
      "Clinicians turned founders and founders turned health nerds, working on care that reaches people where they live." },

    { MT_PORTO, SE_MAKING, ST_ACTIVE, 12, OPEN, 0, 0, "Porto Makers & Manufacturers",
      "Owners of workshops and small factories, from furniture and textiles to electronics. Once a quarter we meet on one "
      "of our own shop floors." },
    { MT_PORTO, SE_NONE, ST_ACTIVE, 10, OPEN, 0, 0, "Porto Founders Circle",
      "A mixed group of Porto founders in their first five years. What we share stays in the room; what we learn we "
      "write up for everyone." },
    { MT_PORTO, SE_FOOD, ST_CLOSED, 12, OPEN, 0, 0, "Porto Food & Wine Entrepreneurs",
      "Restaurant owners, winemakers and food brands from the Douro valley to the coast." },

    { MT_PARIS, SE_NONE, ST_ACTIVE, 12, OPS, 0, 0, "Paris Founders Breakfast",
      "One founder per sector around a long breakfast table near République. We keep it small so that nobody holds back." },
    { MT_PARIS, SE_HEALTH, ST_ACTIVE, 12, OPEN, 0, 0, "Paris Healthtech Circle",
      "Founders of digital health companies working through reimbursement, hospital sales and clinical evidence together." },
    { MT_PARIS, SE_CREATIVE, ST_ACTIVE, 15, OPEN, 0, 0, "Paris Creative Founders",
      "Studios, labels, publishers and game makers who want their creative work to become a lasting company." },
    { MT_PARIS, SE_RETAIL, ST_CLOSED, 12, OPEN, 0, 0, "Paris Retail Builders",
      "Independent brands and online shops learning to sell well without burning their cash on advertising." },
    { MT_PARIS, SE_LEGAL, ST_DORMANT, 10, OPEN, 0, 0, "Paris Legaltech & Advisory Circle",
      "Lawyers, accountants and the people building software for them." },
    { MT_PARIS, SE_CLIMATE, ST_FORMING, 12, OPEN, 0, 0, "Paris Climate Builders",
      "Climate founders in Paris starting a table of their own: energy, buildings, food and materials are all welcome." },

    { MT_LYON, SE_MAKING, ST_ACTIVE, 12, OPEN, 0, 0, "Lyon Industry Founders",
      "Founders of manufacturing and industrial-tech firms around Lyon, from robotics start-ups to third-generation family "
      "workshops." },
    { MT_LYON, SE_FOOD, ST_ACTIVE, 10, OPEN, 0, 0, "Lyon Food Entrepreneurs",
      "Chefs, bakers and food brands in the kitchen of France. We talk about margins, suppliers and staff, and yes, we "
      "eat well." },
    { MT_LYON, SE_BIOTECH, ST_FORMING, 8, OPEN, 0, 0, "Lyon Biotech Circle",
      "A small circle for biotech founders near Lyon's laboratories and hospitals, still taking shape." },

    { MT_BERLIN, SE_CLIMATE, ST_ACTIVE, 12, OPEN, 0, 0, "Berlin Climate Builders",
      "Climate founders in Berlin: heat pumps, batteries, carbon accounting, circular materials. We compare notes on "
      "grants, pilots and the long road to revenue." },
    { MT_BERLIN, SE_SAAS, ST_ACTIVE, 12, OPEN, 0, 0, "Berlin B2B SaaS Founders",
      "Founders selling software to businesses, usually somewhere between the first ten customers and the first hundred." },
    { MT_BERLIN, SE_MOBILITY, ST_ACTIVE, 10, OPEN, 0, 0, "Berlin Mobility Circle",
      "Bikes, scooters, shared vans and transit data. Most of us work with the city, so we share what we learn about "
      "public tenders." },
    { MT_BERLIN, SE_NONE, ST_ACTIVE, 15, OPS, 0, 0, "Berlin Founders Evening",
      "A cross-sector evening table for founders who cannot make breakfast. One seat per sector keeps competitors apart "
      "and the conversation open." },
    { MT_BERLIN, SE_MEDIA, ST_DORMANT, 12, OPEN, 0, 0, "Berlin Media Makers",
      "Newsletter writers, podcast producers and independent publishers." },
    { MT_BERLIN, SE_SECURITY, ST_FORMING, 8, OPEN, 0, 0, "Berlin Security Founders",
      "A new group for founders in cybersecurity, where trust is the product." },

    { MT_MUNICH, SE_MAKING, ST_ACTIVE, 12, OPEN, 0, 0, "Munich Deep Tech Circle",
      "Engineers who became founders: sensors, robotics, precision manufacturing. Long sales cycles and patient capital "
      "come up every month." },
    { MT_MUNICH, SE_MOBILITY, ST_DORMANT, 12, OPEN, 0, 0, "Munich Mobility Founders",
      "Founders working on cars, bikes, logistics software and the future of getting around Bavaria." },
    { MT_MUNICH, SE_NONE, ST_CLOSED, 12, OPS, 0, 0, "Munich Founders Breakfast",
      "A cross-sector breakfast for Munich founders, one per sector." },

    { MT_LONDON, SE_FINTECH, ST_ACTIVE, 12, OPEN, 0, 0, "London Fintech Circle",
      "Founders of payments, lending and wealth start-ups in the City and beyond. We trade stories about banking partners, "
      "compliance and fundraising." },
    { MT_LONDON, SE_WORK, ST_ACTIVE, 12, OPEN, 0, 0, "London Future of Work Founders",
      "Founders rethinking hiring, teams and workplaces, many of them running remote companies themselves." },
    { MT_LONDON, SE_NONE, ST_ACTIVE, 12, OPS, 0, 0, "London Founders Breakfast",
      "One founder per sector, once a month, before the day gets away from us." },
    { MT_LONDON, SE_CREATIVE, ST_ACTIVE, 12, OPEN, 0, 0, "London Creative Industries Circle",
      "Agencies, studios and creative tech companies learning to grow without losing what made them good." },
    { MT_LONDON, SE_SECURITY, ST_FORMING, 10, OPEN, 0, 0, "London Cybersecurity Founders",
      "Security founders getting a table together; we are looking for a few more people who sell to small firms." },
    { MT_LONDON, SE_PROPERTY, ST_DORMANT, 12, OPEN, 0, 0, "London Property & Construction Table",
      "Builders, developers and property-tech founders." },

    { MT_MANCHESTER, SE_MAKING, ST_ACTIVE, 12, OPEN, 0, 0, "Manchester Makers Circle",
      "Manufacturers and hardware founders in the North West, from textile mills to electronics." },
    { MT_MANCHESTER, SE_NONE, ST_FORMING, 10, OPEN, 0, 0, "Manchester Founders Circle",
      "A new mixed circle for Manchester founders, started by a handful of people who met at a pitch night." },
    { MT_MANCHESTER, SE_MEDIA, ST_CLOSED, 12, OPEN, 0, 0, "Manchester Digital Media Founders",
      "Founders of digital agencies and media start-ups around MediaCity." },

    { MT_SAN_FRANCISCO, SE_SAAS, ST_ACTIVE, 12, OPEN, 0, 0, "San Francisco B2B SaaS Founders",
      "Founders of software companies selling to businesses. We talk about pricing, first sales hires and staying "
      "profitable enough to choose our investors." },
    { MT_SAN_FRANCISCO, SE_CLIMATE, ST_ACTIVE, 12, OPEN, 0, 0, "San Francisco Climate Builders",
      "Climate founders in the Bay Area: grid software, building retrofits, carbon removal and better batteries." },
    { MT_SAN_FRANCISCO, SE_BIOTECH, ST_ACTIVE, 8, OPEN, 0, 0, "San Francisco Biotech Circle",
      "A small, deliberately confidential table for biotech founders between the lab and the clinic." },
    { MT_SAN_FRANCISCO, SE_NONE, ST_DORMANT, 12, OPEN, 0, 0, "San Francisco Founders Breakfast",
      "A cross-sector breakfast for Bay Area founders." },
    { MT_SAN_FRANCISCO, SE_SECURITY, ST_FORMING, 12, OPEN, 0, 0, "San Francisco Cybersecurity Circle",
      "Security founders in the Bay Area starting a chapter of their own." },

    { MT_LOS_ANGELES, SE_CREATIVE, ST_ACTIVE, 12, OPEN, 0, 0, "Los Angeles Creative Founders",
      "Studios, production companies and creator businesses working out how to turn talent into a company." },
    { MT_LOS_ANGELES, SE_FOOD, ST_ACTIVE, 12, OPEN, 0, 0, "Los Angeles Food & Hospitality Circle",
      "Restaurant owners, food truck operators and food brands from across the city." },
    { MT_LOS_ANGELES, SE_MOBILITY, ST_CLOSED, 10, OPEN, 0, 0, "Los Angeles Mobility Circle",
      "Founders working on getting around a city built for cars." },

    { MT_NEW_YORK, SE_FINTECH, ST_ACTIVE, 12, OPEN, 0, 0, "New York Fintech Founders",
      "Fintech founders in New York sharing what works with banks, regulators and investors." },
    { MT_NEW_YORK, SE_MEDIA, ST_ACTIVE, 12, OPEN, 0, 0, "New York Media Founders",
      "Independent publishers, newsletter writers and podcast networks building media businesses that last." },
    { MT_NEW_YORK, SE_NONE, ST_ACTIVE, 15, OPS, 0, 0, "New York Founders Breakfast",
      "A big cross-sector breakfast table: fifteen seats, one per sector." },
    { MT_NEW_YORK, SE_LEGAL, ST_DORMANT, 10, OPEN, 0, 0, "New York Legal & Advisory Circle",
      "Founders of law firms, accountancies and advisory practices." },
    { MT_NEW_YORK, SE_RETAIL, ST_FORMING, 12, OPEN, 0, 0, "New York Retail Builders",
      "Direct-to-consumer and retail founders getting a new chapter started in Brooklyn." },

    { MT_NAIROBI, SE_AGRI, ST_ACTIVE, 12, OPEN, 0, 0, "Nairobi Agritech Circle",
      "Founders working with farmers: seeds, credit, storage and getting produce to market. Several of us spend more "
      "time in the field than in Nairobi." },
    { MT_NAIROBI, SE_FINTECH, ST_ACTIVE, 12, OPEN, 0, 0, "Nairobi Fintech Founders",
      "Mobile money, lending and insurance founders building for Kenya and East Africa." },
    { MT_NAIROBI, SE_NONE, ST_ACTIVE, 12, OPEN, 0, 0, "Nairobi Founders Circle",
      "A mixed table of Nairobi founders from every sector, meeting since the network's first year in Kenya." },
    { MT_NAIROBI, SE_LOGISTICS, ST_FORMING, 10, OPEN, 0, 0, "Nairobi Logistics Circle",
      "A new circle for founders moving goods across the city and the region: motorbike delivery, trucking and "
      "warehousing." },

    { MT_SAO_PAULO, SE_FINTECH, ST_ACTIVE, 12, OPEN, 0, 0, "São Paulo Fintech Founders",
      "Fintech founders in Brazil's financial capital, working on instant payments, credit and insurance for the people "
      "banks overlook." },
    { MT_SAO_PAULO, SE_RETAIL, ST_ACTIVE, 12, OPEN, 0, 0, "São Paulo Retail & E-commerce Circle",
      "Online shops, marketplaces and consumer brands selling across Brazil." },
    { MT_SAO_PAULO, SE_EDTECH, ST_DORMANT, 12, OPEN, 0, 0, "São Paulo Edtech Circle",
      "Founders of schools, course platforms and learning tools." },
    { MT_SAO_PAULO, SE_NONE, ST_FORMING, 10, OPS, 0, 0, "São Paulo Founders Breakfast",
      "A cross-sector breakfast just getting started in Pinheiros." },

    { MT_RIO, SE_TRAVEL, ST_ACTIVE, 10, OPEN, 0, 0, "Rio Tourism Founders",
      "Guesthouses, tour operators and travel start-ups who want visitors to see more of Rio than the postcards." },
    { MT_RIO, SE_SOCIAL, ST_FORMING, 12, OPEN, 0, 0, "Rio Social Impact Circle",
      "A new circle for Rio founders whose businesses serve the communities around them." },
};
#define NCHAPTER N(chapter_defs)

/* ---------- names ---------- */

typedef struct NamePool {
    const char *const *first, *const *last;
    int nfirst, nlast;
} NamePool;

static const char *const pt_first[] = {
    "Ana", "Beatriz", "Carolina", "Catarina", "Filipa", "Helena", "Joana", "Leonor", "Mafalda", "Margarida", "Mariana",
    "Marta", "Rita", "Sofia", "Teresa", "Djamila", "Afonso", "Amílcar", "Bruno", "Diogo", "Duarte", "Francisco",
    "Gonçalo", "João", "Luís", "Miguel", "Nuno", "Pedro", "Rodrigo", "Rui", "Tiago", "Vasco",
};
static const char *const pt_last[] = {
    "Almeida", "Antunes", "Barbosa", "Cardoso", "Correia", "Costa", "Ferreira", "Fonseca", "Gomes", "Lopes", "Marques",
    "Martins", "Matos", "Mendes", "Monteiro", "Moreira", "Nunes", "Oliveira", "Pereira", "Pinto", "Ribeiro", "Rocha",
    "Santos", "Semedo", "Silva", "Sousa", "Tavares", "Teixeira", "Vieira", "Machado",
};
static const char *const fr_first[] = {
    "Camille", "Chloé", "Claire", "Clémence", "Élodie", "Émilie", "Hélène", "Juliette", "Léa", "Manon", "Mathilde",
    "Pauline", "Sophie", "Amélie", "Yasmine", "Nadia", "Antoine", "Arnaud", "Baptiste", "Benoît", "Guillaume", "Hugo",
    "Julien", "Karim", "Louis", "Mathieu", "Maxime", "Nicolas", "Olivier", "Pierre", "Thomas", "Yann",
};
static const char *const fr_last[] = {
    "Bernard", "Bonnet", "Chevalier", "Dubois", "Dupont", "Durand", "Fontaine", "Fournier", "Garnier", "Girard",
    "Lambert", "Laurent", "Lefebvre", "Lemaire", "Leroy", "Martin", "Mercier", "Moreau", "Morel", "Perrin", "Petit",
    "Renaud", "Robert", "Roux", "Simon", "Vincent", "Benali", "Haddad", "Nguyen", "Rousseau", "Diallo", "Faure",
};
static const char *const de_first[] = {
    "Anna", "Clara", "Franziska", "Hannah", "Johanna", "Julia", "Katharina", "Laura", "Lea", "Lena", "Marie", "Miriam",
    "Sophie", "Elif", "Deniz", "Nora", "Felix", "Florian", "Jan", "Jonas", "Lukas", "Matthias", "Maximilian", "Moritz",
    "Niklas", "Philipp", "Sebastian", "Stefan", "Tobias", "Emre", "Mehmet", "Yusuf",
};
static const char *const de_last[] = {
    "Becker", "Braun", "Fischer", "Hartmann", "Hoffmann", "Klein", "Koch", "Köhler", "Krause", "Krüger", "Lange",
    "Lehmann", "Meyer", "Müller", "Neumann", "Richter", "Schmidt", "Schneider", "Schröder", "Schulz", "Schwarz", "Vogel",
    "Wagner", "Weber", "Werner", "Wolf", "Zimmermann", "Kaya", "Demir", "Arslan", "Nowak", "Jansen",
};
static const char *const uk_first[] = {
    "Amelia", "Charlotte", "Eleanor", "Emily", "Freya", "Grace", "Hannah", "Isla", "Niamh", "Olivia", "Priya", "Zara",
    "Aisha", "Chloe", "Fiona", "Ruth", "Arjun", "Callum", "Daniel", "Ethan", "George", "Harry", "Jack", "James",
    "Kwame", "Oliver", "Rhys", "Rohan", "Samuel", "Tom", "William", "Declan",
};
static const char *const uk_last[] = {
    "Ahmed", "Baker", "Brown", "Campbell", "Clarke", "Davies", "Edwards", "Evans", "Green", "Hall", "Hughes", "Johnson",
    "Jones", "Kelly", "Khan", "Mensah", "Murphy", "Okafor", "Patel", "Roberts", "Robinson", "Shah", "Smith", "Taylor",
    "Thomas", "Thompson", "Walker", "Williams", "Wilson", "Wright", "Fraser", "Lewis",
};
static const char *const us_first[] = {
    "Abigail", "Ava", "Emma", "Gabriela", "Jasmine", "Keisha", "Lauren", "Madison", "Maya", "Megan", "Mei", "Rachel",
    "Sarah", "Sofia", "Natalie", "Leah", "Andre", "Brandon", "Carlos", "David", "Diego", "Ethan", "Jason", "Kevin",
    "Marcus", "Michael", "Noah", "Raj", "Ryan", "Tyler", "Wei", "Jamal",
};
static const char *const us_last[] = {
    "Anderson", "Brooks", "Chen", "Clark", "Cohen", "Davis", "Foster", "Garcia", "Goldberg", "Harris", "Hernandez",
    "Jackson", "Kim", "Lewis", "Lopez", "Martinez", "Miller", "Murphy", "Nguyen", "Park", "Patel", "Reyes", "Rivera",
    "Rodriguez", "Sullivan", "Thompson", "Washington", "White", "Williams", "Johnson", "Okonkwo", "Schwartz",
};
static const char *const ke_first[] = {
    "Achieng", "Akinyi", "Atieno", "Brenda", "Chebet", "Cynthia", "Esther", "Faith", "Grace", "Mercy", "Njeri",
    "Wairimu", "Wambui", "Wanjiru", "Zawadi", "Amani", "Baraka", "Brian", "Collins", "David", "Dennis", "Eric", "Ian",
    "Joseph", "Juma", "Kibet", "Mark", "Samuel", "Tony", "Victor", "Felix", "Moses",
};
static const char *const ke_last[] = {
    "Barasa", "Chege", "Cheruiyot", "Gitau", "Kamau", "Kariuki", "Karanja", "Kimani", "Kiplagat", "Kiprono", "Koech",
    "Macharia", "Maina", "Mbugua", "Mutua", "Mwangi", "Njenga", "Njoroge", "Nyaga", "Ochieng", "Odhiambo", "Omondi",
    "Onyango", "Otieno", "Owino", "Rotich", "Wafula", "Wanjiku", "Wekesa", "Muthoni",
};
static const char *const br_first[] = {
    "Beatriz", "Camila", "Fernanda", "Gabriela", "Isabela", "Juliana", "Larissa", "Letícia", "Luana", "Mariana",
    "Patrícia", "Renata", "Thaís", "Vitória", "Aline", "Bianca", "Bruno", "Caio", "Daniel", "Eduardo", "Felipe",
    "Gabriel", "Guilherme", "Gustavo", "Henrique", "João Pedro", "Lucas", "Matheus", "Rafael", "Thiago", "Vinícius",
    "Rodrigo",
};
static const char *const br_last[] = {
    "Alves", "Andrade", "Barbosa", "Carvalho", "Costa", "Dias", "Fernandes", "Ferreira", "Freitas", "Gomes", "Lima",
    "Lopes", "Machado", "Marques", "Martins", "Mendes", "Moreira", "Nascimento", "Nunes", "Oliveira", "Pereira",
    "Ribeiro", "Rocha", "Rodrigues", "Santos", "Silva", "Soares", "Souza", "Vieira", "Almeida", "Cavalcanti", "Tanaka",
};

#define POOL(f, l) { f, l, N(f), N(l) }
static const NamePool pools[] = {
    [CU_PT] = POOL(pt_first, pt_last), [CU_FR] = POOL(fr_first, fr_last), [CU_DE] = POOL(de_first, de_last),
    [CU_UK] = POOL(uk_first, uk_last), [CU_US] = POOL(us_first, us_last), [CU_KE] = POOL(ke_first, ke_last),
    [CU_BR] = POOL(br_first, br_last),
};

/* First halves of invented company names. */
static const char *const stems[] = {
    "Nova", "Lumen", "Kite", "Atlas", "Ember", "Tidal", "Juniper", "Mosaic", "Cedar", "Beacon", "Marigold", "Fathom",
    "Orchard", "Quill", "Sparrow", "Harbour",
};
static const char *const backgrounds[] = {
    "banking", "management consulting", "retail", "public health", "teaching", "software engineering", "journalism",
    "the hotel trade", "civil engineering", "the music business", "logistics", "academic research", "the civil service",
    "advertising",
};

/* ---------- sentences for the things in flight ---------- */

static const char *const meeting_days[] = {
    "on the first Tuesday of each month", "on the second Wednesday of the month", "on the last Thursday of every month",
    "on the first Monday of the month", "on the third Tuesday of each month", "on the second Friday of the month",
};
static const char *const meeting_times[] = { "at 8:00", "at 12:30", "at 18:30", "at 19:00" };

static const char *const invitation_messages[] = {
    "We met at the pitch night last month and I think you would enjoy our table.",
    "One of our members suggested you. We meet once a month and would love to have you with us.",
    "You said you were looking for founders to talk to honestly. This is exactly that.",
    "A seat has just opened up and I thought of you straight away.",
    "Come to one meeting before you decide; there is no obligation.",
    "",
    "Your talk on hiring your first team stayed with me. Our chapter would gain a lot from your stories.",
    "As promised over coffee last week, here is your invitation.",
};
static const char *const request_messages[] = {
    "I moved my company here last year and I am looking for a group of founders to learn with.",
    "A friend in the chapter told me about your meetings. I would like to bring my own stories to the table.",
    "I have been running my business for three years and I miss having peers to talk to honestly.",
    "Every decision feels new at the stage we are at; I would love to hear how others handled theirs.",
    "I met two of your members at a pitch night and would be glad to join if there is room.",
    "My sector is not at your table yet, and I think I could add something.",
    "We are hiring our first team this year and I would value the view of founders who have done it.",
    "I am happy to host a meeting at our office if that helps.",
};
static const char *const decline_reasons[] = {
    "We already have someone from your sector at the table; the cross-sector breakfast in the city has room.",
    "We are keeping the group small for a while. Please ask again after the summer.",
    "The chapter is full for now; we will write to you when a seat opens.",
};

static const char about_text[] =
    "**Entrepreneur Commons** is a network of small chapters of founders who meet every month in their own city. "
    "A chapter is a table of about a dozen people who run their own businesses. It grows by invitation only, so "
    "nobody has to sit across from a direct competitor.\n\n"
    "At each meeting every member brings *one success and one challenge* from the month. The others answer only "
    "with stories: how they, or someone they know, met something similar. Nobody hands out instructions; advice "
    "ages quickly, but stories travel.\n\n"
    "Chapters run themselves, led by local connectors, and everyone agrees to a single rule: collaborate. What the "
    "chapters learn is written up and shared with the whole network, so that a lesson found in Nairobi can help a "
    "founder in Lyon the following week.\n";

/* ---------- a small, fixed-seed random generator (xorshift64*) ---------- */

typedef struct Rng {
    uint64_t s;
} Rng;

static uint64_t rng_next(Rng *r)
{
    uint64_t x = r->s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->s = x;
    return x * 0x2545F4914F6CDD1Dull;
}

/* A whole number from lo to hi, both included. */
static int64_t rng_range(Rng *r, int64_t lo, int64_t hi)
{
    if (hi <= lo) return lo;
    return lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static int rng_int(Rng *r, int lo, int hi)
{
    return (int)rng_range(r, lo, hi);
}

/* True once in `n` times. */
static bool rng_one_in(Rng *r, int n)
{
    return rng_int(r, 1, n) == 1;
}

/* A fraction in [0, 1). */
static double rng_unit(Rng *r)
{
    return (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

/* ---------- the state of a run ---------- */

typedef struct Person {
    int64_t id, created, first_join;
    int metro, sector, nchap;
    bool fixed, pledged, requested;   /* a fixed login; accepted the pledge; has a pending join request */
    const char *name, *email, *organisation, *bio;
} Person;

typedef struct Chap {
    int64_t id, created, updated, end;   /* end: the last moment someone may have joined */
    int n;                               /* seats taken, including members who later left */
    int who[MAX_SEATS];                  /* indexes into people */
    int64_t at[MAX_SEATS];               /* when each joined */
    int64_t invitation[MAX_SEATS];       /* the invitation they accepted, or 0 */
    bool connector[MAX_SEATS], left[MAX_SEATS];
    int pending_invitations;
    const char *slug;
} Chap;

typedef struct Demo {
    Arena a;
    Rng rng;
    int64_t now, start, version;
    int64_t metro_id[NMETRO], sector_id[NSECTOR];
    Person *people;
    int npeople;
    Chap chap[NCHAPTER];
    unsigned char *tried;                /* per person: refused by the chapter being filled */
    const char *hash;                    /* the one Argon2id hash every demo member shares */
    const char **invitees;               /* addresses invited so far */
    int ninvitees;
    int places_new, sectors_new, people_new;
    int inv_pending, inv_accepted, inv_revoked, inv_expired;
    int req_pending, req_approved, req_declined, req_withdrawn;
} Demo;

enum { P_INES = 0, P_TOMAS = 1 };   /* the fixed logins come first in people */

static Person *fixed_person(Demo *d, int fx)
{
    return &d->people[fx == FX_INES ? P_INES : P_TOMAS];
}

/* ---------- the people, made before anything is written ---------- */

static bool name_taken(const Demo *d, const char *name, const char *email)
{
    for (int i = 0; i < d->npeople; i++)
        if (str_eq(d->people[i].name, name) || str_eq(d->people[i].email, email)) return true;
    return false;
}

static bool organisation_taken(const Demo *d, const char *org)
{
    for (int i = 0; i < d->npeople; i++)
        if (str_eq(d->people[i].organisation, org)) return true;
    return false;
}

/* "first.last@domain" from a name, accents dropped (arena). */
static const char *email_for(Demo *d, const char *first, const char *last, const char *domain)
{
    return arena_printf(&d->a, "%s.%s@%s", str_slugify(&d->a, first), str_slugify(&d->a, last), domain);
}

static const char *organisation_for(Demo *d, const Person *p, const char *last)
{
    const SectorDef *s = &sectors[p->sector];
    const char *org = NULL;
    for (int tries = 0; tries < 40; tries++) {
        const char *noun = s->nouns[rng_int(&d->rng, 0, 3)];
        int kind = rng_int(&d->rng, 0, 9);
        if (kind < 6) org = arena_printf(&d->a, "%s %s", metros[p->metro].words[rng_int(&d->rng, 0, 3)], noun);
        else if (kind < 9) org = arena_printf(&d->a, "%s %s", stems[rng_int(&d->rng, 0, N(stems) - 1)], noun);
        else org = arena_printf(&d->a, "%s %s", last, noun);
        if (!organisation_taken(d, org)) return org;
    }
    return arena_printf(&d->a, "%s %s %d", stems[rng_int(&d->rng, 0, N(stems) - 1)], s->nouns[0], d->npeople);
}

static const char *bio_for(Demo *d, const Person *p)
{
    const char *does = sectors[p->sector].does[rng_int(&d->rng, 0, 2)];
    const char *org = p->organisation;
    switch (rng_int(&d->rng, 0, 4)) {
    case 0: return arena_printf(&d->a, "Founded %s in %d to %s.", org, rng_int(&d->rng, 2011, 2025), does);
    case 1: return arena_printf(&d->a, "Leads %s, where we %s.", org, does);
    case 2: return arena_printf(&d->a, "Co-founder of %s; we %s.", org, does);
    case 3:
        return arena_printf(&d->a, "Started %s after %d years in %s, to %s.", org, rng_int(&d->rng, 3, 15),
                            backgrounds[rng_int(&d->rng, 0, N(backgrounds) - 1)], does);
    default:
        return arena_printf(&d->a, "At %s I %s; before that I spent %d years in %s.", org, does, rng_int(&d->rng, 3, 12),
                            backgrounds[rng_int(&d->rng, 0, N(backgrounds) - 1)]);
    }
}

/* The sectors of a metro's `n` members: enough people for each chapter with a
 * sector focus planned there (so that "Fintech Founders" finds fintech
 * founders), the rest from any sector, in a shuffled order. */
static void metro_sectors(Demo *d, int metro, int *out, int n)
{
    static const int quota[] = { [ST_ACTIVE] = 6, [ST_FORMING] = 3, [ST_DORMANT] = 4, [ST_CLOSED] = 2 };
    int k = 0;
    for (int c = 0; c < NCHAPTER; c++)
        if (chapter_defs[c].metro == metro && chapter_defs[c].sector != SE_NONE)
            for (int q = 0; q < quota[chapter_defs[c].status] && k < n; q++) out[k++] = chapter_defs[c].sector;
    while (k < n) out[k++] = rng_int(&d->rng, 0, NSECTOR - 1);
    for (int i = n - 1; i > 0; i--) {
        int j = rng_int(&d->rng, 0, i), t = out[i];
        out[i] = out[j];
        out[j] = t;
    }
}

static void people_make(Demo *d)
{
    int total = 2;
    for (int m = 0; m < NMETRO; m++) total += metros[m].members;
    d->people = arena_alloc(&d->a, sizeof *d->people * (size_t)total);
    d->tried = arena_alloc(&d->a, (size_t)total);
    d->rng.s = DEMO_SEED;

    Person *p = &d->people[d->npeople++];
    *p = (Person){ .metro = MT_LISBON, .sector = SE_FINTECH, .fixed = true, .name = "Inês Carvalho",
                   .email = "connector@glocal.example", .organisation = "Tejo Pay",
                   .bio = "Founded Tejo Pay in 2019 to help market traders take card payments; connector of three "
                          "Lisbon chapters." };
    p = &d->people[d->npeople++];
    *p = (Person){ .metro = MT_LISBON, .sector = SE_RETAIL, .fixed = true, .name = "Tomás Reis",
                   .email = "member@glocal.example", .organisation = "Segunda Vida",
                   .bio = "Runs Segunda Vida, an online shop for repaired and second-hand clothes, from a workshop in "
                          "Marvila." };
    d->people[P_INES].created = d->start + 2 * DAY;
    d->people[P_TOMAS].created = d->start + 40 * DAY;

    for (int m = 0; m < NMETRO; m++) {
        const NamePool *pool = &pools[metros[m].culture];
        int sector[64];
        assert(metros[m].members <= N(sector));
        metro_sectors(d, m, sector, metros[m].members);
        for (int k = 0; k < metros[m].members; k++) {
            const char *first, *last, *name, *email;
            do {
                first = pool->first[rng_int(&d->rng, 0, pool->nfirst - 1)];
                last = pool->last[rng_int(&d->rng, 0, pool->nlast - 1)];
                name = arena_printf(&d->a, "%s %s", first, last);
                email = email_for(d, first, last, "example.org");
            } while (name_taken(d, name, email));
            p = &d->people[d->npeople];
            *p = (Person){ .metro = m, .sector = sector[k], .name = name, .email = email };
            p->organisation = organisation_for(d, p, last);
            p->bio = bio_for(d, p);
            p->created = rng_range(&d->rng, d->start + DAY, d->now - 2 * DAY);
            d->npeople++;
        }
    }
}

/* ---------- transaction 1: places, sectors, settings ---------- */

/* A country's or region's slug, moved aside when a metro has the same name ("berlin-region"). */
static const char *place_slug(Demo *d, const char *name, const char *kind)
{
    const char *slug = str_slugify(&d->a, name);
    if (str_eq(kind, "metro")) return slug;
    for (int m = 0; m < NMETRO; m++)
        if (str_eq(slug, str_slugify(&d->a, metros[m].name))) return arena_printf(&d->a, "%s-%s", slug, kind);
    return slug;
}

/* The place with this slug, made when missing. */
static int place_get(Demo *d, DbConn *c, Err *e, int64_t parent, const char *kind, const char *name, const char *tz,
                     int64_t *id)
{
    const char *slug = place_slug(d, name, kind);
    int found = demo_place_find(c, e, slug, kind, id);
    if (found) return found < 0 ? -1 : 0;
    if (place_insert(c, e, parent, kind, name, slug, tz, id) < 0) return -1;
    d->places_new++;
    return demo_place_backdate(c, e, *id, d->start - DAY);
}

static const char *country_zone(const char *country)
{
    for (int i = 0; i < N(country_zones); i++)
        if (str_eq(country_zones[i].name, country)) return country_zones[i].tz;
    return "UTC";
}

static int places_tx(DbConn *c, void *ctx, Err *e)
{
    Demo *d = ctx;
    int64_t country[NMETRO], region[NMETRO], n = 0;
    d->places_new = d->sectors_new = 0;
    if (demo_chapter_count(c, e, &n) < 0) return -1;
    if (n) return err_set(e, E_CONFLICT, "This network already has chapters; the demo fills an empty network. Use a new database file.");
    for (int m = 0; m < NMETRO; m++) {
        const MetroDef *md = &metros[m];
        country[m] = region[m] = 0;
        for (int j = 0; j < m; j++) {
            if (str_eq(metros[j].country, md->country)) country[m] = country[j];
            if (str_eq(metros[j].country, md->country) && str_eq(metros[j].region, md->region)) region[m] = region[j];
        }
        if (!country[m] && place_get(d, c, e, 0, "country", md->country, country_zone(md->country), &country[m]) < 0)
            return -1;
        if (!region[m] && place_get(d, c, e, country[m], "region", md->region, md->tz, &region[m]) < 0) return -1;
        if (place_get(d, c, e, region[m], "metro", md->name, md->tz, &d->metro_id[m]) < 0) return -1;
    }
    for (int s = 0; s < NSECTOR; s++) {
        const char *slug = str_slugify(&d->a, sectors[s].name);
        int found = demo_sector_find(c, e, slug, &d->sector_id[s]);
        if (found < 0) return -1;
        if (found) continue;
        if (sector_insert(c, e, sectors[s].name, slug, sectors[s].description, &d->sector_id[s]) < 0) return -1;
        if (demo_sector_backdate(c, e, d->sector_id[s], d->start - DAY) < 0) return -1;
        d->sectors_new++;
    }
    if (setting_put(c, e, "network_name", "Entrepreneur Commons") < 0 || setting_put(c, e, "about", about_text) < 0)
        return -1;
    /* the network existed before its first member joined */
    if (demo_admin_backdate(c, e, d->start - 2 * DAY) < 0) return -1;
    return demo_pledge_backdate(c, e, d->version, d->start - DAY);
}

/* ---------- transaction 2: the members ---------- */

static int people_tx(DbConn *c, void *ctx, Err *e)
{
    Demo *d = ctx;
    d->people_new = 0;
    for (int i = 0; i < d->npeople; i++) {
        Person *p = &d->people[i];
        int found = demo_user_find(c, e, p->email, &p->id);
        if (found < 0) return -1;
        if (!found) {
            if (user_insert(c, e, p->email, p->name, d->hash, false, d->metro_id[p->metro], d->sector_id[p->sector],
                            &p->id) < 0)
                return -1;
            d->people_new++;
        }
        if (demo_user_profile(c, e, p->id, p->organisation, p->bio, p->created) < 0) return -1;
    }
    return 0;
}

/* ---------- transaction 3: chapters and everything that hangs from them ---------- */

static bool chap_has(const Chap *ch, int who)
{
    for (int k = 0; k < ch->n; k++)
        if (ch->who[k] == who && !ch->left[k]) return true;
    return false;
}

static bool chap_has_sector(const Demo *d, const Chap *ch, int sector)
{
    for (int k = 0; k < ch->n; k++)
        if (!ch->left[k] && d->people[ch->who[k]].sector == sector) return true;
    return false;
}

static int chap_members(const Chap *ch)
{
    int n = 0;
    for (int k = 0; k < ch->n; k++) n += !ch->left[k];
    return n;
}

/* The first connector of a chapter (its creator). */
static Person *chap_connector(Demo *d, const Chap *ch)
{
    return &d->people[ch->who[0]];
}

/* Whether `who` could sit in the chapter: not in it yet, room left, and the sector rule kept. */
static bool chap_fits(const Demo *d, const Chap *ch, const ChapterDef *def, int who)
{
    if (chap_has(ch, who) || chap_members(ch) >= def->capacity) return false;
    return !def->one_per_sector || !chap_has_sector(d, ch, d->people[who].sector);
}

/* The best newcomer for a chapter from one metro: someone of the chapter's
 * sector first, then whoever sits in the fewest chapters. -1 if none. */
static int pick_member(Demo *d, const Chap *ch, const ChapterDef *def, int metro, int limit)
{
    int best = -1, best_score = 0;
    for (int i = 0; i < d->npeople; i++) {
        const Person *p = &d->people[i];
        if (p->fixed || p->metro != metro || p->nchap >= limit || d->tried[i] || !chap_fits(d, ch, def, i)) continue;
        int score = (def->sector != SE_NONE && p->sector != def->sector ? 100 : 0) + p->nchap * 30 +
                    rng_int(&d->rng, 0, 29);
        if (best < 0 || score < best_score) {
            best = i;
            best_score = score;
        }
    }
    return best;
}

static int pick_any(Demo *d, const Chap *ch, const ChapterDef *def, bool from_neighbour)
{
    int nb = metros[def->metro].neighbour;
    int who = -1;
    if (from_neighbour && nb >= 0) who = pick_member(d, ch, def, nb, 2);
    if (who < 0) who = pick_member(d, ch, def, def->metro, 2);
    if (who < 0) who = pick_member(d, ch, def, def->metro, 3);
    if (who < 0 && nb >= 0) who = pick_member(d, ch, def, nb, 2);
    return who;
}

static void seat_note(Demo *d, Chap *ch, int who, bool connector, int64_t invitation)
{
    ch->who[ch->n] = who;
    ch->connector[ch->n] = connector;
    ch->invitation[ch->n] = invitation;
    ch->left[ch->n] = false;
    ch->n++;
    d->people[who].nchap++;
}

static int pledge_once(Demo *d, DbConn *c, Err *e, Person *p)
{
    if (p->pledged) return 0;
    p->pledged = true;
    return pledge_accept(c, e, p->id, d->version);
}

/* Invites and adds a newcomer; 1 seated, 0 refused by the chapter's rules, -1 error. */
static int seat_add(Demo *d, DbConn *c, Err *e, Chap *ch, int who, bool invite)
{
    Person *p = &d->people[who];
    int64_t invitation = 0;
    if (invite) {
        const char *hash = token_hash(&d->a, token_new(&d->a));
        const char *msg = invitation_messages[rng_int(&d->rng, 0, N(invitation_messages) - 1)];
        if (invitation_insert(c, e, ch->id, p->email, hash, msg, chap_connector(d, ch)->id, &invitation) < 0) return -1;
    }
    if (membership_add(c, e, ch->id, p->id, "member", invite ? p->id : chap_connector(d, ch)->id) < 0) {
        if (e->code != E_CONFLICT) return -1;
        err_clear(e);                     /* full, or the sector is taken: someone else then */
        d->tried[who] = 1;
        if (invitation && demo_invitation_backdate(c, e, invitation, d->now - 2 * DAY, d->now + 12 * DAY, 0,
                                                   d->now - DAY) < 0)
            return -1;
        if (invitation) d->inv_revoked++;
        return 0;
    }
    if (invitation) {
        if (invitation_mark_accepted(c, e, invitation, p->id) < 0) return -1;
        d->inv_accepted++;
    }
    seat_note(d, ch, who, false, invitation);
    if (pledge_once(d, c, e, p) < 0) return -1;
    return 1;
}

static const char *description_for(Demo *d, const ChapterDef *def)
{
    const char *venue = metros[def->metro].venues[rng_int(&d->rng, 0, 2)];
    const char *day = meeting_days[rng_int(&d->rng, 0, N(meeting_days) - 1)];
    const char *hour = meeting_times[rng_int(&d->rng, 0, N(meeting_times) - 1)];
    if (strstr(def->name, "Breakfast")) hour = rng_one_in(&d->rng, 2) ? "at 7:30" : "at 8:00";
    if (strstr(def->name, "Evening")) hour = "at 19:00";
    const char *tail = "";
    if (def->status == ST_CLOSED)
        return arena_printf(&d->a, "%s\n\nWe met %s %s in %s until the chapter closed; its notes stay in the commons.",
                            def->hook, day, hour, venue);
    if (def->status == ST_FORMING)
        tail = "\n\nWe are still forming: if you belong at this table, ask a connector for an invitation.";
    else if (def->status == ST_DORMANT)
        tail = "\n\nThe chapter is resting for now; its members keep in touch and mean to start again.";
    else if (def->one_per_sector && !strstr(def->hook, "per sector"))
        tail = "\n\n*One seat per sector*, so nobody sits across the table from a direct competitor.";
    return arena_printf(&d->a, "%s\n\nWe meet %s %s in %s, each of us bringing **one success and one challenge**.%s",
                        def->hook, day, hour, venue, tail);
}

/* How many people a chapter should seat. */
static int target_for(Demo *d, const ChapterDef *def)
{
    switch (def->status) {
    case ST_FORMING: return rng_int(&d->rng, 2, 5);
    case ST_DORMANT: return rng_int(&d->rng, 5, def->capacity < 9 ? def->capacity : 9);
    case ST_CLOSED: return rng_int(&d->rng, 3, 6);
    default:
        if (def->capacity <= 8) return rng_int(&d->rng, 6, def->capacity);
        if (def->capacity <= 12 && rng_one_in(&d->rng, 5)) return def->capacity;
        return rng_int(&d->rng, 7, def->capacity < 13 ? def->capacity - 1 : 13);
    }
}

/* When the chapter started, when it last changed, and the last moment anyone joined. */
static void times_for(Demo *d, Chap *ch, const ChapterDef *def)
{
    int64_t now = d->now;
    switch (def->status) {
    case ST_FORMING:
        ch->created = now - rng_range(&d->rng, 6, 75) * DAY - rng_range(&d->rng, 0, DAY);
        ch->end = now - HOUR;
        ch->updated = 0;   /* the last join */
        break;
    case ST_DORMANT:
        ch->created = now - rng_range(&d->rng, 330, 540) * DAY - rng_range(&d->rng, 0, DAY);
        ch->updated = now - rng_range(&d->rng, 45, 150) * DAY;
        ch->end = ch->updated - 20 * DAY;
        break;
    case ST_CLOSED:
        ch->created = now - rng_range(&d->rng, 380, 540) * DAY - rng_range(&d->rng, 0, DAY);
        ch->updated = ch->created + rng_range(&d->rng, 150, 280) * DAY;
        ch->end = ch->updated - 45 * DAY;
        break;
    default:
        ch->created = now - rng_range(&d->rng, 150, 540) * DAY - rng_range(&d->rng, 0, DAY);
        ch->updated = now - rng_range(&d->rng, 0, 20) * DAY - rng_range(&d->rng, 0, DAY);
        ch->end = now - DAY;
    }
}

/* Spreads the joins over the chapter's life (most in its first months), in seat order. */
static void joins_spread(Demo *d, Chap *ch, const ChapterDef *def)
{
    ch->at[0] = ch->created + rng_range(&d->rng, 0, 2 * HOUR);
    int64_t from = ch->created + DAY, span = ch->end - from;
    for (int k = 1; k < ch->n; k++) {
        double u = rng_unit(&d->rng);
        if (def->status != ST_FORMING) u *= u;
        ch->at[k] = from + (int64_t)(u * (double)span);
    }
    /* seats keep their order of arrival: sort the times, and the fixed logins take whichever they get */
    for (int k = 2; k < ch->n; k++)
        for (int j = k; j > 1 && ch->at[j - 1] > ch->at[j]; j--) {
            int64_t t = ch->at[j];
            ch->at[j] = ch->at[j - 1];
            ch->at[j - 1] = t;
        }
}

static int chapter_build(Demo *d, DbConn *c, Err *e, int k)
{
    const ChapterDef *def = &chapter_defs[k];
    Chap *ch = &d->chap[k];
    memset(d->tried, 0, (size_t)d->npeople);
    times_for(d, ch, def);
    ch->slug = str_slugify(&d->a, def->name);

    int creator = def->creator ? (int)(fixed_person(d, def->creator) - d->people) : pick_any(d, ch, def, false);
    if (creator < 0) return err_set(e, E_INTERNAL, "No one in %s could start %s.", metros[def->metro].name, def->name);
    ChapterFields f = { def->name, ch->slug, description_for(d, def), "forming",
                        def->one_per_sector ? "one_per_sector" : "open", d->metro_id[def->metro],
                        def->sector == SE_NONE ? 0 : d->sector_id[def->sector], def->capacity };
    if (chapter_fields_check(f.name, f.slug, f.description, f.capacity, f.status, e) < 0) return -1;
    if (chapter_insert(c, e, &f, d->people[creator].id, &ch->id) < 0) return -1;
    seat_note(d, ch, creator, true, 0);
    if (pledge_once(d, c, e, &d->people[creator]) < 0) return -1;

    for (int fx = FX_INES; fx <= FX_TOMAS; fx <<= 1)
        if ((def->fixed & (unsigned)fx) && seat_add(d, c, e, ch, (int)(fixed_person(d, fx) - d->people), false) < 0)
            return -1;

    int target = target_for(d, def);
    bool neighbour = def->status == ST_ACTIVE && rng_one_in(&d->rng, 4);
    while (ch->n < target) {
        int who = pick_any(d, ch, def, neighbour);
        neighbour = false;
        if (who < 0) break;
        bool invite = (def->status == ST_ACTIVE || def->status == ST_FORMING) && d->inv_accepted < 10 &&
                      rng_one_in(&d->rng, 18);
        if (seat_add(d, c, e, ch, who, invite) < 0) return -1;
    }

    /* history: when each joined, a second connector, departures */
    joins_spread(d, ch, def);
    if (def->status == ST_FORMING) ch->updated = ch->at[ch->n - 1];
    for (int s = 0; s < ch->n; s++) {
        Person *p = &d->people[ch->who[s]];
        if (demo_membership_backdate(c, e, ch->id, p->id, ch->at[s]) < 0) return -1;
        if (!p->first_join || ch->at[s] < p->first_join) p->first_join = ch->at[s];
        if (ch->invitation[s]) {
            int64_t sent = ch->at[s] - rng_range(&d->rng, 2 * DAY, 9 * DAY);
            if (sent < ch->created + HOUR) sent = ch->created + HOUR;
            if (demo_invitation_backdate(c, e, ch->invitation[s], sent, sent + INVITATION_TTL_SECONDS, ch->at[s], 0) < 0)
                return -1;
        }
    }
    if (demo_event_backdate(c, e, ch->id, d->people[ch->who[0]].id, "connector", ch->at[0]) < 0) return -1;
    bool second = (def->status == ST_ACTIVE && ch->n >= 7 && rng_one_in(&d->rng, 2)) ||
                  (def->status == ST_DORMANT && ch->n >= 5 && rng_one_in(&d->rng, 3)) ||
                  (def->status == ST_CLOSED && rng_one_in(&d->rng, 3));
    for (int s = 1; second && s < ch->n; s++) {
        Person *p = &d->people[ch->who[s]];
        if (p->fixed) continue;
        int64_t at = ch->at[s] + rng_range(&d->rng, 10, 60) * DAY;
        if (at > ch->end) at = ch->at[s] + HOUR;
        if (membership_set_role(c, e, ch->id, p->id, "connector", chap_connector(d, ch)->id) < 0 ||
            demo_event_backdate(c, e, ch->id, p->id, "connector", at) < 0)
            return -1;
        ch->connector[s] = true;
        break;
    }
    if (def->status == ST_CLOSED)
        for (int s = 0; s < ch->n; s++) {
            if (ch->connector[s] || rng_one_in(&d->rng, 2)) continue;   /* half drifted away before the end */
            Person *p = &d->people[ch->who[s]];
            int64_t at = ch->updated - rng_range(&d->rng, DAY, 40 * DAY);
            if (at <= ch->at[s]) at = ch->at[s] + DAY;
            if (membership_remove(c, e, ch->id, p->id, "left", p->id) < 0 ||
                demo_event_backdate(c, e, ch->id, p->id, "left", at) < 0)
                return -1;
            ch->left[s] = true;
        }
    return demo_chapter_backdate(c, e, ch->id, status_names[def->status], ch->created, ch->updated);
}

/* Members who came in through a join request the connectors approved. */
static int approved_requests(Demo *d, DbConn *c, Err *e)
{
    for (int k = 0; k < NCHAPTER && d->req_approved < 5; k++) {
        const ChapterDef *def = &chapter_defs[k];
        Chap *ch = &d->chap[k];
        if (def->status != ST_ACTIVE && def->status != ST_DORMANT) continue;
        for (int s = 1; s < ch->n && d->req_approved < 5; s++) {
            Person *p = &d->people[ch->who[s]];
            if (p->fixed || ch->invitation[s] || ch->connector[s] || !rng_one_in(&d->rng, 9)) continue;
            int64_t id = 0, asked = ch->at[s] - rng_range(&d->rng, DAY, 6 * DAY);
            if (asked < ch->created + HOUR) asked = ch->created + HOUR;
            const char *msg = request_messages[rng_int(&d->rng, 0, N(request_messages) - 1)];
            if (join_request_insert(c, e, ch->id, p->id, msg, &id) < 0 ||
                join_request_close(c, e, id, "approved", chap_connector(d, ch)->id, "") < 0 ||
                demo_join_request_backdate(c, e, id, asked, ch->at[s]) < 0)
                return -1;
            d->req_approved++;
            break;
        }
    }
    return 0;
}

/* Accounts were opened a little before their first meeting; the pledge was accepted on joining. */
static int people_backdate(Demo *d, DbConn *c, Err *e)
{
    for (int i = 0; i < d->npeople; i++) {
        Person *p = &d->people[i];
        if (!p->first_join) continue;
        /* signed up some time before, or just before, the first meeting */
        int64_t created = p->first_join - rng_range(&d->rng, DAY, 25 * DAY);
        if (p->created < created) created = p->created;
        if (created < d->start) created = d->start + rng_range(&d->rng, 0, DAY);
        if (created >= p->first_join) created = p->first_join - HOUR;
        p->created = created;
        if (demo_user_backdate(c, e, p->id, created) < 0) return -1;
        if (p->pledged && demo_acceptance_backdate(c, e, p->id, d->version, p->first_join - rng_range(&d->rng, 60, HOUR)) < 0)
            return -1;
    }
    return 0;
}

/* A name nobody in the network has yet, at a domain other than the members'. */
static const char *invitee_email(Demo *d, int culture)
{
    const NamePool *pool = &pools[culture];
    for (;;) {
        const char *first = pool->first[rng_int(&d->rng, 0, pool->nfirst - 1)];
        const char *last = pool->last[rng_int(&d->rng, 0, pool->nlast - 1)];
        const char *email = email_for(d, first, last, rng_one_in(&d->rng, 2) ? "example.net" : "example.com");
        bool taken = false;
        for (int i = 0; i < d->ninvitees && !taken; i++) taken = str_eq(d->invitees[i], email);
        if (taken) continue;
        d->invitees[d->ninvitees++] = email;
        return email;
    }
}

typedef enum { INV_PENDING, INV_REVOKED, INV_EXPIRED } InvKind;

static int invitation_make(Demo *d, DbConn *c, Err *e, int k, InvKind kind)
{
    Chap *ch = &d->chap[k];
    const ChapterDef *def = &chapter_defs[k];
    Person *by = chap_connector(d, ch);
    const char *email = invitee_email(d, metros[def->metro].culture);
    const char *token = token_new(&d->a);
    const char *msg = invitation_messages[rng_int(&d->rng, 0, N(invitation_messages) - 1)];
    int64_t id = 0, sent, revoked = 0;
    if (invitation_insert(c, e, ch->id, email, token_hash(&d->a, token), msg, by->id, &id) < 0) return -1;
    if (kind == INV_PENDING) {
        /* one in five runs out within two days */
        if (d->inv_pending % 5 == 0) sent = d->now - 12 * DAY - rng_range(&d->rng, 0, 20 * HOUR);
        else sent = d->now - rng_range(&d->rng, HOUR, 10 * DAY);
        if (sent < ch->created + HOUR) sent = ch->created + HOUR;
        /* the e-mail the invitation page would have queued */
        char *body = arena_printf(&d->a,
            "Hello,\n\n%s invites you to join %s, a chapter of the network.\n\n%s%s%s"
            "Open this link within 14 days to accept:\n%s/invitations/%s\n\n"
            "Chapters are small groups that meet every month; each member shares one success and one challenge,\n"
            "and the others answer with stories of their own experience.\n",
            by->name, def->name, *msg ? "Their message:\n  " : "", msg, *msg ? "\n\n" : "", DEMO_LINK_BASE, token);
        if (outbox_queue(c, e, "invitation", email, arena_printf(&d->a, "%s invites you to %s", by->name, def->name),
                         body) < 0 ||
            demo_outbox_backdate(c, e, email, sent) < 0)
            return -1;
        ch->pending_invitations++;
        d->inv_pending++;
    } else if (kind == INV_REVOKED) {
        sent = d->now - rng_range(&d->rng, 5 * DAY, 120 * DAY);
        if (sent < ch->created + HOUR) sent = ch->created + HOUR;
        revoked = sent + rng_range(&d->rng, HOUR, 5 * DAY);
        if (revoked > d->now) revoked = d->now - HOUR;
        d->inv_revoked++;
    } else {
        sent = d->now - rng_range(&d->rng, 20 * DAY, 150 * DAY);
        if (sent < ch->created + HOUR) sent = ch->created + HOUR;
        d->inv_expired++;
    }
    return demo_invitation_backdate(c, e, id, sent, sent + INVITATION_TTL_SECONDS, 0, revoked);
}

static int invitations_make(Demo *d, DbConn *c, Err *e)
{
    d->invitees = arena_alloc(&d->a, sizeof *d->invitees * 64);
    /* pending: forming chapters are the ones still inviting, then a few active ones with a free seat */
    for (int round = 0; round < 2; round++)
        for (int k = 0; k < NCHAPTER && d->inv_pending < 25; k++) {
            const ChapterDef *def = &chapter_defs[k];
            Chap *ch = &d->chap[k];
            int want = round == 0 ? (def->status == ST_FORMING ? rng_int(&d->rng, 1, 2) : 0)
                                  : (def->status == ST_ACTIVE && rng_one_in(&d->rng, 3) ? 1 : 0);
            for (int i = 0; i < want && d->inv_pending < 25; i++) {
                if (chap_members(ch) + ch->pending_invitations >= def->capacity) break;
                if (invitation_make(d, c, e, k, INV_PENDING) < 0) return -1;
            }
        }
    /* a few that were withdrawn and a few nobody answered, in chapters old enough to have them */
    int revoked = 0, expired = 0;
    for (int tries = 0; tries < 200 && (revoked < 4 || expired < 5); tries++) {
        int k = rng_int(&d->rng, 0, NCHAPTER - 1);
        const ChapterDef *def = &chapter_defs[k];
        if (def->status == ST_CLOSED || d->chap[k].created > d->now - 60 * DAY) continue;
        InvKind kind = revoked < 4 && (expired >= 5 || rng_one_in(&d->rng, 2)) ? INV_REVOKED : INV_EXPIRED;
        if (invitation_make(d, c, e, k, kind) < 0) return -1;
        if (kind == INV_REVOKED) revoked++;
        else expired++;
    }
    return 0;
}

/* A join request from `who` to chapter k, pending or decided. */
static int request_make(Demo *d, DbConn *c, Err *e, int k, int who, const char *status, const char *msg)
{
    Chap *ch = &d->chap[k];
    Person *p = &d->people[who];
    int64_t id = 0, asked, decided = 0, floor = (ch->created > p->created ? ch->created : p->created) + HOUR;
    if (!msg) msg = request_messages[rng_int(&d->rng, 0, N(request_messages) - 1)];
    if (join_request_insert(c, e, ch->id, p->id, msg, &id) < 0) return -1;
    if (str_eq(status, "pending")) {
        asked = d->now - rng_range(&d->rng, HOUR, 18 * DAY);
        if (asked < floor) asked = floor;
        p->requested = true;
        d->req_pending++;
    } else {
        asked = d->now - rng_range(&d->rng, 20 * DAY, 200 * DAY);
        if (asked < floor) asked = floor;
        decided = asked + rng_range(&d->rng, DAY, 8 * DAY);
        if (decided > d->now) decided = d->now - HOUR;
        bool declined = str_eq(status, "declined");
        const char *reason = declined ? decline_reasons[rng_int(&d->rng, 0, N(decline_reasons) - 1)] : "";
        if (join_request_close(c, e, id, status, declined ? chap_connector(d, ch)->id : p->id, reason) < 0) return -1;
        if (declined) d->req_declined++;
        else d->req_withdrawn++;
    }
    return demo_join_request_backdate(c, e, id, asked, decided);
}

/* A chapter of `who`'s metro (or the next one) that would take them, or -1. */
static int request_target(Demo *d, int who, bool open_only)
{
    const Person *p = &d->people[who];
    int options[NCHAPTER], n = 0;
    for (int k = 0; k < NCHAPTER; k++) {
        const ChapterDef *def = &chapter_defs[k];
        if (def->status == ST_CLOSED || (open_only && def->status == ST_DORMANT)) continue;
        if (def->metro != p->metro && !(def->metro == metros[p->metro].neighbour && rng_one_in(&d->rng, 4))) continue;
        if (!chap_fits(d, &d->chap[k], def, who) || d->chap[k].created > d->now - 10 * DAY) continue;
        options[n++] = k;
    }
    return n ? options[rng_int(&d->rng, 0, n - 1)] : -1;
}

static int requests_make(Demo *d, DbConn *c, Err *e)
{
    /* Tomás asks to join Inês's newest chapter; Inês has a couple more requests waiting */
    for (int k = 0; k < NCHAPTER; k++) {
        const ChapterDef *def = &chapter_defs[k];
        if (def->creator != FX_INES) continue;
        if (def->status == ST_FORMING && !chap_has(&d->chap[k], P_TOMAS) &&
            request_make(d, c, e, k, P_TOMAS, "pending",
                         "I run Segunda Vida, a shop for repaired and second-hand clothes. I would love to sit with "
                         "founders who also measure success in more than sales.") < 0)
            return -1;
        for (int tries = 0; tries < 100; tries++) {
            int who = rng_int(&d->rng, 2, d->npeople - 1);
            Person *p = &d->people[who];
            if (p->requested || p->metro != def->metro || p->nchap > 1 || !chap_fits(d, &d->chap[k], def, who)) continue;
            if (request_make(d, c, e, k, who, "pending", NULL) < 0) return -1;
            break;
        }
    }
    for (int tries = 0; tries < 2000 && d->req_pending < 15; tries++) {
        int who = rng_int(&d->rng, 2, d->npeople - 1);
        Person *p = &d->people[who];
        if (p->requested || p->nchap > 1) continue;
        int k = request_target(d, who, true);
        if (k >= 0 && request_make(d, c, e, k, who, "pending", NULL) < 0) return -1;
    }
    for (int tries = 0; tries < 2000 && (d->req_declined < 4 || d->req_withdrawn < 2); tries++) {
        int who = rng_int(&d->rng, 2, d->npeople - 1);
        if (d->people[who].requested) continue;
        int k = request_target(d, who, false);
        if (k < 0 || d->chap[k].created > d->now - 40 * DAY) continue;
        const char *status = d->req_declined < 4 ? "declined" : "withdrawn";
        if (request_make(d, c, e, k, who, status, NULL) < 0) return -1;
    }
    return 0;
}

static int chapters_tx(DbConn *c, void *ctx, Err *e)
{
    Demo *d = ctx;
    int64_t n = 0;
    if (demo_chapter_count(c, e, &n) < 0) return -1;
    if (n) return err_set(e, E_CONFLICT, "This network already has chapters; the demo fills an empty network. Use a new database file.");
    /* a retried transaction starts again from the same state */
    d->rng.s = DEMO_SEED ^ 0x3c3c3c3c3c3c3c3cull;
    memset(d->chap, 0, sizeof d->chap);
    d->inv_pending = d->inv_accepted = d->inv_revoked = d->inv_expired = 0;
    d->req_pending = d->req_approved = d->req_declined = d->req_withdrawn = 0;
    d->ninvitees = 0;
    for (int i = 0; i < d->npeople; i++) {
        d->people[i].nchap = 0;
        d->people[i].first_join = 0;
        d->people[i].pledged = d->people[i].requested = false;
    }
    /* the chapters that run fill first, so that they get the seats */
    static const int order[] = { ST_ACTIVE, ST_DORMANT, ST_CLOSED, ST_FORMING };
    for (int o = 0; o < N(order); o++)
        for (int k = 0; k < NCHAPTER; k++)
            if (chapter_defs[k].status == order[o] && chapter_build(d, c, e, k) < 0) return -1;
    if (approved_requests(d, c, e) < 0 || people_backdate(d, c, e) < 0) return -1;
    fprintf(stderr, "demo: invitations and join requests…\n");
    if (invitations_make(d, c, e) < 0) return -1;
    return requests_make(d, c, e);
}

/* ---------- the command ---------- */

static int64_t jint(json_t *o, const char *key)
{
    return (int64_t)json_integer_value(json_object_get(o, key));
}

/* "A, B and C" of the chapters where a fixed login has the given part (arena). */
static const char *chapters_of(Demo *d, int fx, bool connector)
{
    Buf b;
    buf_init(&b, &d->a);
    const char *names[NCHAPTER];
    int n = 0;
    for (int k = 0; k < NCHAPTER; k++) {
        bool is_connector = chapter_defs[k].creator == fx;
        bool is_member = (chapter_defs[k].fixed & (unsigned)fx) != 0;
        if (connector ? is_connector : is_member) names[n++] = chapter_defs[k].name;
    }
    for (int i = 0; i < n; i++) {
        if (i) buf_adds(&b, i == n - 1 ? " and " : ", ");
        buf_adds(&b, names[i]);
    }
    return buf_str(&b);
}

static const char *pending_request_of_tomas(void)
{
    for (int k = 0; k < NCHAPTER; k++)
        if (chapter_defs[k].creator == FX_INES && chapter_defs[k].status == ST_FORMING) return chapter_defs[k].name;
    return "";
}

static void summary_print(Demo *d, Db *db, json_t *s)
{
    printf("glocal demo: %s now holds the demo network \"Entrepreneur Commons\":\n", db_display_url(db));
    printf("  %lld countries, %lld regions, %lld metros and %lld sectors\n", (long long)jint(s, "countries"),
           (long long)jint(s, "regions"), (long long)jint(s, "metros"), (long long)jint(s, "sectors"));
    printf("  %lld members, %lld of them in at least one chapter\n", (long long)jint(s, "members"),
           (long long)jint(s, "in_chapters"));
    printf("  %lld chapters: %lld active, %lld forming, %lld dormant, %lld closed\n", (long long)jint(s, "chapters"),
           (long long)jint(s, "active"), (long long)jint(s, "forming"), (long long)jint(s, "dormant"),
           (long long)jint(s, "closed"));
    printf("  %lld memberships, %lld of them as connector\n", (long long)jint(s, "memberships"),
           (long long)jint(s, "connectors"));
    printf("  %lld invitations: %d pending, %d accepted, %d revoked, %d expired (%lld e-mails queued in the outbox)\n",
           (long long)jint(s, "invitations"), d->inv_pending, d->inv_accepted, d->inv_revoked, d->inv_expired,
           (long long)jint(s, "outbox"));
    printf("  %lld join requests: %d pending, %d approved, %d declined, %d withdrawn\n",
           (long long)jint(s, "join_requests"), d->req_pending, d->req_approved, d->req_declined, d->req_withdrawn);
    printf("\nDemo logins (every demo member's password is %s):\n", DEMO_PASSWORD);
    printf("  %-26s %s, connector of %s; member of %s\n", d->people[P_INES].email, d->people[P_INES].name,
           chapters_of(d, FX_INES, true), chapters_of(d, FX_INES, false));
    printf("  %-26s %s, member of %s; has asked to join %s\n", d->people[P_TOMAS].email, d->people[P_TOMAS].name,
           chapters_of(d, FX_TOMAS, false), pending_request_of_tomas());
    printf("  any other member, e.g. %s\n", d->people[2].email);
    printf("The administrator logs in with the e-mail and password given to glocal init.\n");
    if (d->people_new < d->npeople)
        printf("(%d of the demo accounts existed already and kept their passwords.)\n", d->npeople - d->people_new);
}

int demo_fill(Db *db, Err *e)
{
    Demo *d = xcalloc(1, sizeof *d);
    DbConn *c = NULL;
    json_t *summary = NULL;
    char *hash = NULL;
    int64_t n = 0;
    int rc = -1;
    arena_init(&d->a, 64 * 1024);
    d->now = now_unix();
    d->start = d->now - 575 * DAY;

    if (!(c = db_acquire(db, e))) goto done;
    if (demo_chapter_count(c, e, &n) < 0) goto done;
    if (n) {
        err_set(e, E_CONFLICT, "This network already has chapters; the demo fills an empty network. Use a new database file.");
        goto done;
    }
    if ((d->version = pledge_current(c, e)) < 0) goto done;
    if (!d->version) {
        err_set(e, E_CONFLICT, "The network has no collaboration pledge yet; run glocal init first.");
        goto done;
    }
    if (sodium_init() < 0) {
        err_set(e, E_INTERNAL, "libsodium failed to start.");
        goto done;
    }
    hash = arena_alloc(&d->a, crypto_pwhash_STRBYTES);
    if (crypto_pwhash_str(hash, DEMO_PASSWORD, strlen(DEMO_PASSWORD), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        err_set(e, E_INTERNAL, "Not enough memory to hash the demo password.");
        goto done;
    }
    d->hash = hash;
    people_make(d);

    fprintf(stderr, "demo: places and sectors…\n");
    if (db_write(c, places_tx, d, e) < 0) goto done;
    fprintf(stderr, "demo: %d members…\n", d->npeople);
    if (db_write(c, people_tx, d, e) < 0) goto done;
    fprintf(stderr, "demo: %d chapters…\n", NCHAPTER);
    if (db_write(c, chapters_tx, d, e) < 0) goto done;

    if (!(summary = demo_summary(c, e))) goto done;
    summary_print(d, db, summary);
    rc = 0;
done:
    json_decref(summary);
    if (c) db_release(c);
    arena_release(&d->a);
    free(d);
    return rc;
}
