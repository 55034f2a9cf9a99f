/* demo.c - `glocal demo`: fills an empty network with a believable one.
 *
 * Seven countries and fourteen metros with their real time zones, twenty
 * sectors, 320 members with names that fit their cities, sixty chapters in
 * every status with eighteen months of membership history, and invitations
 * and join requests in flight. Each chapter but the closed ones has a monthly
 * meeting series in its metro's time zone, with the meetings the periodic work
 * would have scheduled and answers for the next one; behind it, the meetings
 * held (attendance, one success and one challenge from each member present,
 * the stories told in answer, commitments and how they ended), a few
 * cancelled, and histories that keep every chapter in its status when
 * `glocal tick` applies the lifecycle. Everything is built through the same
 * store functions the web pages use (so capacity and the one-per-sector rule
 * are enforced as usual), then backdated by src/demo/store.c.
 *
 * Then the books, in each country's currency: some thirty organisations
 * (banks, law firms, co-working spaces, cafés, universities), the hours, goods
 * and favours given at the meetings, sponsorship, earmarked baskets and what
 * they paid for, events with their tickets and costs, the network's and the
 * country committee's shares, cross-subsidies between the chapters of a city,
 * members paid back through approved claims, two mistakes reversed, a few
 * claims still waiting, and the words of some canvases. The books are
 * append-only and hash-chained, so nothing there is backdated afterwards: every
 * entry is planned first, with its day and the moment it was recorded, then
 * written through ledger_append in the order it was recorded; an entry that
 * would take a unit or a basket below zero is left out.
 *
 * Then the apps: the network's catalog of event formats (a First Tuesday mixer,
 * Startup Weekend, a pitch night, a breakfast with investors, a seed camp) and
 * Inês's Lisbon copy of the pitch night, and some thirty events made from them
 * through src/events/, hosted by chapters, by a region and a country with
 * co-hosting chapters: a dozen past ones with their registrations, check-ins,
 * paid tickets, sponsors and costs, closed so that their revenue split is in
 * the books (appended after everything else, recorded now and dated by the day
 * it happened), one cancelled, and the next eight weeks' with the registrations
 * so far, one of them full with a waitlist. The books' older events, from
 * before the catalog, were kept there by hand.
 *
 * The output is the same on every run and on both databases: the choices come
 * from a fixed-seed xorshift generator, and only the times move with the clock
 * (which past dates a series covers, the one meeting of today).
 * Two documented logins sit beside the administrator: connector@glocal.example
 * and member@glocal.example, password "demo-member-2026" (as every demo member).
 * Lisbon Founders Breakfast, which she runs and he sits at, meets today.
 *
 * The work runs in three write transactions (places and sectors, members,
 * chapters with everything that hangs from them, meetings, books and events included); a failure
 * in the last one leaves no chapter behind, and a new run reuses the places and
 * people the earlier ones wrote. */
#include <assert.h>
#include <ctype.h>
#include <jansson.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "settings/settings.h"
#include "base/arena.h"
#include "base/zone.h"
#include "base/err.h"
#include "base/str.h"
#include "cli/cli.h"
#include "db/db.h"
#include "demo/demo.h"
#include "events/events.h"
#include "ledger/ledger.h"
#include "mail/mail.h"
#include "ledger/store.h"
#include "meetings/meetings.h"
#include "meetings/store.h"
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
    const char *venues[4];             /* where a chapter might meet */
} MetroDef;

static const MetroDef metros[NMETRO] = {
    { "Portugal", "Lisboa", "Lisbon", "Europe/Lisbon", CU_PT, 34, MT_PORTO,
      { "Alfama", "Tejo", "Estrela", "Graça" },
      { "Second Home Lisboa, meeting room 3", "LACS Anjos, sala 2",
        "Startup Lisboa, Rua da Prata, second floor", "Casa do Capitão, the library room" } },
    { "Portugal", "Norte", "Porto", "Europe/Lisbon", CU_PT, 16, MT_LISBON,
      { "Douro", "Ribeira", "Foz", "Bolhão" },
      { "UPTEC Baixa, sala 4", "Porto i/o, the long table",
        "Mercado Bom Sucesso, the upstairs room", "a converted warehouse by the Ribeira" } },
    { "France", "Île-de-France", "Paris", "Europe/Paris", CU_FR, 32, MT_LYON,
      { "Marais", "Seine", "Belleville", "Canal" },
      { "Station F, meeting room Ada", "Morning Coworking Oberkampf, salle verte",
        "Le Comptoir Général, the back room", "Schoolab Saint-Lazare, salle 2" } },
    { "France", "Auvergne-Rhône-Alpes", "Lyon", "Europe/Paris", CU_FR, 16, MT_PARIS,
      { "Confluence", "Fourvière", "Rhône", "Saône" },
      { "H7 Confluence, salle Saône", "La Cordée Perrache, salle 2",
        "Le Bureau des Pentes, upstairs", "the Halles Paul Bocuse meeting room" } },
    { "Germany", "Berlin", "Berlin", "Europe/Berlin", CU_DE, 32, MT_MUNICH,
      { "Spree", "Kreuzberg", "Tempelhof", "Wedding" },
      { "Factory Berlin Görlitzer Park", "Betahaus Kreuzberg, room Spree",
        "St. Oberholz, upstairs room", "Impact Hub Berlin, meeting room 2" } },
    { "Germany", "Bavaria", "Munich", "Europe/Berlin", CU_DE, 16, MT_BERLIN,
      { "Isar", "Schwabing", "Giesing", "Alpen" },
      { "Werk1, meeting room 4", "Impact Hub Munich, room Isar",
        "the Werksviertel maker space, room 3", "Café Kosmos, the back room" } },
    { "United Kingdom", "England", "London", "Europe/London", CU_UK, 32, MT_MANCHESTER,
      { "Thames", "Hackney", "Brixton", "Shoreditch" },
      { "Second Home Spitalfields, room 6", "The Trampery Old Street, boardroom",
        "Impact Hub King's Cross, room 2", "the upstairs room of The Three Crowns, Clerkenwell" } },
    { "United Kingdom", "England", "Manchester", "Europe/London", CU_UK, 16, MT_LONDON,
      { "Ancoats", "Irwell", "Salford", "Pennine" },
      { "Ziferblat Edge Street", "The Sharp Project, meeting room 1",
        "Federation House, room 3", "a mill conversion in Ancoats, second floor" } },
    { "United States", "California", "San Francisco", "America/Los_Angeles", CU_US, 26, MT_LOS_ANGELES,
      { "Mission", "Presidio", "Bayview", "Golden Gate" },
      { "Galvanize SoMa, room 204", "Impact Hub San Francisco, Mission room",
        "a community room in Dogpatch", "The Commons, Potrero Hill" } },
    { "United States", "California", "Los Angeles", "America/Los_Angeles", CU_US, 16, MT_SAN_FRANCISCO,
      { "Echo Park", "Venice", "Arroyo", "Silver Lake" },
      { "Cross Campus Santa Monica, room 3", "Blankspaces Culver City, boardroom",
        "a studio in the Arts District", "Verve Coffee, Spring Street, upstairs" } },
    { "United States", "New York", "New York City", "America/New_York", CU_US, 26, -1,
      { "Hudson", "Bowery", "Gowanus", "Astoria" },
      { "Civic Hall, Union Square, room 4", "Brooklyn Navy Yard, Building 77, room 5",
        "a loft in Gowanus", "Centre for Social Innovation, Starrett-Lehigh" } },
    { "Kenya", "Nairobi County", "Nairobi", "Africa/Nairobi", CU_KE, 22, -1,
      { "Kilimani", "Ngong", "Westlands", "Karura" },
      { "iHub Nairobi, board room", "Nairobi Garage, Westlands",
        "Kofisi Riverside, meeting room 2", "a garden café in Kilimani" } },
    { "Brazil", "São Paulo", "São Paulo", "America/Sao_Paulo", CU_BR, 22, MT_RIO,
      { "Paulista", "Pinheiros", "Ibirapuera", "Tietê" },
      { "Cubo Itaú, sala 7", "Impact Hub São Paulo, Pinheiros",
        "Distrito, sala 3", "a café in Vila Madalena, upstairs" } },
    { "Brazil", "Rio de Janeiro", "Rio de Janeiro", "America/Sao_Paulo", CU_BR, 12, MT_SAO_PAULO,
      { "Guanabara", "Lapa", "Urca", "Botafogo" },
      { "Impact Hub Rio, Botafogo", "Casa Firjan, sala 2",
        "a co-working space in the Centro", "a rooftop room in Santa Teresa" } },
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

/* When and where a chapter meets (chosen before the chapter is written, for its description). */
typedef struct SeriesPlan {
    char rrule[40];                      /* FREQ=MONTHLY;BYDAY=2TU */
    int hour, minute, duration;          /* local time; minutes */
    const char *venue, *url;
} SeriesPlan;

/* A meeting held, as the books need it: when, and who sat at the table (bit s: seat s). */
typedef struct Held {
    int64_t id, starts, closed;
    uint32_t present;
} Held;

typedef struct Chap {
    int64_t id, created, updated, end;   /* end: the last moment someone may have joined */
    int n;                               /* seats taken, including members who later left */
    int who[MAX_SEATS];                  /* indexes into people */
    int64_t at[MAX_SEATS];               /* when each joined */
    int64_t invitation[MAX_SEATS];       /* the invitation they accepted, or 0 */
    bool connector[MAX_SEATS], left[MAX_SEATS];
    int pending_invitations;
    const char *slug;
    SeriesPlan plan;
    Held *held;                          /* the meetings held, oldest first (for the books) */
    int nheld;
} Chap;

typedef struct Demo {
    Arena a;
    Rng rng;
    int64_t now, start, version;
    int64_t metro_id[NMETRO], country_id[NMETRO], sector_id[NSECTOR];
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
    const char *metro_tz[NMETRO];        /* the time zone of each metro place, as stored */
    int today_k;                         /* the chapter with a meeting today, and when it starts */
    int64_t today_at;
    struct {
        int drifting;                    /* members made to miss most recent meetings */
        int stories_rejected;            /* bank stories the directive heuristic read as advice (should stay 0) */
    } mt;
    struct {
        int made, closed, kept_mail;     /* events; closed with their split; registration e-mails left queued */
        int ines_closed, ines_upcoming;  /* events that Inês organised, closed and to come */
        int64_t ines_next;               /* when her next pitch night starts (0: none), and its title */
        const char *ines_next_title;
    } ev;
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
        d->country_id[m] = country[m];
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

static const char *description_for(Demo *d, const ChapterDef *def, const SeriesPlan *p)
{
    const char *when = arena_printf(&d->a, "on %s at %02d:%02d", series_rule_words(&d->a, p->rrule), p->hour, p->minute);
    const char *where = arena_printf(&d->a, "%s %s%s", islower((unsigned char)p->venue[0]) ? "in" : "at", p->venue,
                                     *p->url ? " (or online, for whoever is travelling)" : "");
    const char *tail = "";
    if (def->status == ST_CLOSED)
        return arena_printf(&d->a, "%s\n\nWe met %s %s, until the chapter closed; its notes stay in the commons.",
                            def->hook, when, where);
    if (def->status == ST_FORMING)
        tail = "\n\nWe are still forming: if you belong at this table, ask a connector for an invitation.";
    else if (def->status == ST_DORMANT)
        tail = "\n\nThe chapter is resting for now; its members keep in touch and mean to start again.";
    else if (def->one_per_sector && !strstr(def->hook, "per sector"))
        tail = "\n\n*One seat per sector*, so nobody sits across the table from a direct competitor.";
    return arena_printf(&d->a, "%s\n\nWe meet %s %s, each of us bringing **one success and one challenge**.%s",
                        def->hook, when, where, tail);
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
    ChapterFields f = { def->name, ch->slug, description_for(d, def, &ch->plan), "forming",
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
        if (mail_queuef(c, e, email, "invitation", "{s:s, s:s, s:s, s:s}", "inviter", by->name, "chapter", def->name,
                        "message", msg, "link", arena_printf(&d->a, "%s/invitations/%s", DEMO_LINK_BASE, token)) < 0 ||
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

/* ---------- what is said in the meetings ----------
 *
 * Every member present brings one success and one challenge; the others
 * answer a challenge with stories of their own. The sentences below are
 * written for the demo. Slots in braces are filled when a meeting is written:
 * {n} 2-9, {nn} 12-95, {pct} 5-40, {weeks} 2-8, {city} and {place} from the
 * metro, and {partner}, {customers}, {product} from the speaker's sector. */

/* What a challenge is about: the stories and commitments that answer it follow the topic. */
enum {
    TP_PARTNER, TP_REGULATOR, TP_HIRING, TP_CASH, TP_FUNDRAISING, TP_SALES, TP_CHURN, TP_PRICING, TP_SUPPLY,
    TP_SEASON, TP_FOUNDER, TP_PUBLIC, TP_OPS, TP_TEAM, NTOPIC
};

typedef struct Challenge {
    int topic;
    const char *text;
} Challenge;

#define TALK_LINES 6

typedef struct SectorTalk {
    const char *partner, *customers, *product;   /* as a founder of the sector would say them, mid-sentence */
    const char *successes[TALK_LINES];
    Challenge challenges[TALK_LINES];
} SectorTalk;

static const SectorTalk talk[NSECTOR] = {
    [SE_FINTECH] = { "our sponsor bank", "merchants", "the payments app",
      { "We signed the partnership agreement with our sponsor bank after eight months of talks. Card issuing goes "
        "live next quarter.",
        "This month {nn} market traders in {city} took their first card payment with us, most without calling "
        "support once.",
        "Our default rate on small-business loans stayed under {n}% for the second quarter running.",
        "The central bank approved our payment institution licence. It took a year, and the whole team came out for "
        "dinner.",
        "A credit union asked to white-label our savings app for its members; the pilot starts in {weeks} weeks.",
        "We cut onboarding from four days to under an hour by rebuilding the identity checks with a new provider." },
      { { TP_REGULATOR, "The regulator sent us forty new questions about how we store customer data, and the "
                        "answers are due in three weeks." },
        { TP_PARTNER, "Our bank partner keeps moving the go-live date for the new accounts; it has slipped {n} "
                      "times now." },
        { TP_OPS, "Fraud attempts doubled after we launched instant payouts, and each case costs someone a day." },
        { TP_FUNDRAISING, "Investors like our numbers but want us to come back once we hold a lending licence of "
                          "our own." },
        { TP_CHURN, "Merchants sign up but stop using the terminal after the first month; about {pct}% go quiet." },
        { TP_PRICING, "The card schemes changed their fees and our margin shrank. I have to decide whether "
                      "merchants pay for it." } } },
    [SE_HEALTH] = { "the hospital group we work with", "clinics", "the app",
      { "A regional hospital signed our remote check-up service for its cardiology patients after a six-month pilot.",
        "Our clinical study finished recruiting: {nn} patients, two months ahead of plan.",
        "Pharmacies using our stock tool ran out of essential medicines {pct}% less often this quarter.",
        "We got the medical-device certification for the app. The auditor called our files \"boringly complete\", "
        "which I take as praise.",
        "A physiotherapy network put us in its discharge pack, so every new patient hears about us.",
        "Two doctors who used to be sceptical now present our results at their own conferences." },
      { { TP_PUBLIC, "The hospital's procurement wants three years of accounts, and we have eighteen months." },
        { TP_REGULATOR, "Reimbursement is still undecided, so patients pay out of pocket, and most of them won't." },
        { TP_HIRING, "Our lead developer is leaving for a big insurer, and she holds most of what we know about our "
                     "data pipeline." },
        { TP_SALES, "Clinics love the pilot, but nobody has a budget to continue once the free months are over." },
        { TP_PARTNER, "The data protection officer of our biggest client adds new conditions to the contract every "
                      "week." },
        { TP_FOUNDER, "My co-founder wants to go back to seeing patients two days a week, and I'm not sure we can "
                      "spare her." } } },
    [SE_EDTECH] = { "the school network we sell to", "schools", "the course platform",
      { "{n} schools in the district renewed their licences for next year without asking for a discount.",
        "The first graduates of our evening coding course got jobs; three of them start as junior developers next "
        "month.",
        "Teachers using our planner spend {nn} minutes less a week preparing lessons, according to the survey we "
        "ran with them.",
        "Completion of our short courses went from a third to over half after we split them into ten-minute pieces.",
        "The ministry invited us to present at its digital learning day, which led to two regional directors "
        "calling us.",
        "A publisher offered to bundle our exercises with its textbooks and pay us per student." },
      { { TP_SALES, "Schools set their budgets once a year, and we missed this year's window by two weeks." },
        { TP_SEASON, "Summer is coming, and our revenue halves every July and August." },
        { TP_PRICING, "Our free plan has {nn} thousand users and almost nobody upgrades." },
        { TP_PUBLIC, "The tender for the regional school platform asks for references we don't have yet." },
        { TP_TEAM, "The teachers we hired to write content are excellent but slow, and the backlog keeps growing." },
        { TP_CHURN, "Parents sign up in September and cancel in November." } } },
    [SE_AGRI] = { "the cooperative we buy from", "farmers", "the sensors",
      { "The cooperative pilot in the highlands finished: farmers in it sold at prices {pct}% above the local market.",
        "We signed our first contract with a supermarket chain to take avocados from {nn} smallholders.",
        "Our soil sensors survived a whole rainy season in the field with only two failures.",
        "A microfinance partner now accepts our harvest records as proof of income for farm loans.",
        "Post-harvest losses on the mango farms we work with fell from a third to about a tenth.",
        "The county extension officers asked to train with us, so our method will reach far more farmers." },
      { { TP_SEASON, "The rains came three weeks late and the buyers still want the volumes we promised." },
        { TP_CASH, "Farmers were paid late twice because the exporter paid us late, and their trust is wearing thin." },
        { TP_HIRING, "Our field agents keep leaving for NGO jobs that pay better." },
        { TP_SUPPLY, "The cold store we depend on breaks down every few weeks, and the supplier is slow to repair "
                     "it." },
        { TP_FUNDRAISING, "Impact investors love the story but want profits in a market where margins are tiny." },
        { TP_REGULATOR, "A new levy on produce moving between counties is eating our margin." } } },
    [SE_CLIMATE] = { "our installer partner", "households", "the installations",
      { "We finished solar installations on {n} apartment buildings this month, all on schedule.",
        "A manufacturer signed a three-year contract for our emissions tracking after seeing its first report.",
        "Our biogas pilot at the food market produced enough gas to run its kitchen for a whole week.",
        "The city's energy agency listed us as an approved installer, which brings leads we don't pay for.",
        "We closed our seed round, led by a climate fund, with two angels we met through this network.",
        "Households in our heat-pump programme cut their winter bills by about {pct}%." },
      { { TP_PARTNER, "The grid operator takes four months to approve each connection, and customers are losing "
                      "patience." },
        { TP_SUPPLY, "Panels and inverters went up again, and the quotes we sent in spring are now loss-making." },
        { TP_REGULATOR, "The subsidy scheme changed its rules mid-year and half our pipeline is frozen." },
        { TP_HIRING, "We can't find certified electricians; every installer in {city} is booked for months." },
        { TP_SALES, "Corporate buyers say they want to cut emissions, but nobody owns the budget." },
        { TP_SEASON, "Winter is our quiet season for installations, and I need to keep the crews busy." } } },
    [SE_RETAIL] = { "the marketplace that carries us", "shoppers", "the online shop",
      { "The refurbished-phone shop had its best month ever, with returns under {n}%.",
        "A department store gave us a permanent corner after our two-week pop-up sold out.",
        "We moved the warehouse in one weekend without missing a single order.",
        "Repeat customers are now {pct}% of our sales, up from a tenth a year ago.",
        "Since the summer, {nn} independent shops from {city} have joined our marketplace.",
        "Our first product made entirely from returned stock sold out in four days." },
      { { TP_SALES, "Advertising costs doubled since the spring, and I don't know where else to find customers." },
        { TP_PRICING, "A big marketplace copied our bestseller and sells it at half the price." },
        { TP_OPS, "Returns are eating our margin: one order in five comes back." },
        { TP_SUPPLY, "Our main supplier missed the delivery for the winter collection." },
        { TP_CASH, "The bank cut our overdraft just before we have to pay for the season's stock." },
        { TP_SEASON, "December brings half our yearly sales, and the team is already tired in November." } } },
    [SE_LOGISTICS] = { "our biggest shipper", "shippers", "the delivery service",
      { "Our cargo bikes delivered {nn} thousand parcels last month, and the city wants to extend our permit to two "
        "more districts.",
        "We signed a national retailer for same-day delivery in {city}.",
        "Empty kilometres across our trucks fell to {pct}% with the new load matching.",
        "Our customs paperwork service cleared its first shipment to a new export market without a single delay.",
        "The second micro-hub, in {place}, broke even in its third month.",
        "A rider who joined us two years ago now runs the whole night shift." },
      { { TP_PRICING, "Fuel prices jumped, and our fixed-price contracts don't let us pass any of it on." },
        { TP_CASH, "Our biggest shipper pays at ninety days, and we pay riders every week." },
        { TP_REGULATOR, "The new rules on riders' employment status could double our costs." },
        { TP_OPS, "The routing software breaks whenever volumes spike, which is exactly when it matters." },
        { TP_PUBLIC, "We lost the tender for the city's deliveries to a company twice our size." },
        { TP_HIRING, "Two of our best dispatchers quit in the same week." } } },
    [SE_CREATIVE] = { "the agency that sends us most work", "clients", "the studio",
      { "We won our first pitch against two large agencies, for a museum's new identity.",
        "Our short documentary was selected for a festival, and a broadcaster asked to see it.",
        "For the first time, {pct}% of our revenue came from retainers rather than one-off projects.",
        "We raised our day rate and nobody left; one client said it was about time.",
        "The studio now has {n} full-time illustrators and a waiting list of freelancers.",
        "A game we worked on reached the top of the charts in three countries." },
      { { TP_CASH, "A client has owed us a large invoice for three months and keeps promising it for next week." },
        { TP_PRICING, "We are always busy and always broke, which tells me our pricing is wrong." },
        { TP_HIRING, "Our best designer wants to go freelance and take a client with her." },
        { TP_OPS, "Every project runs over, and I end up doing the extra hours myself." },
        { TP_FOUNDER, "My business partner wants to take every project that comes in; I want to say no more often." },
        { TP_PARTNER, "The agency that sends us most of our work was bought, and the new owners are bringing "
                      "everything in-house." } } },
    [SE_FOOD] = { "our main wholesaler", "regulars", "the kitchen",
      { "The bakery's training programme placed {n} young people in jobs this year.",
        "Our office lunches now go to {nn} regular companies, and the reusable boxes come back nine times out of ten.",
        "A restaurant group now buys all its vegetables from the farms we work with.",
        "We finally have a second shift in the kitchen, so I no longer start at five every morning.",
        "The food critic of the local paper came in unannounced and wrote kindly about us.",
        "We switched our packaging to glass, and to our surprise customers were happy to pay a little more." },
      { { TP_PRICING, "The energy bill for the ovens tripled, and I can't raise the price of bread that much." },
        { TP_REGULATOR, "The health inspection found a problem with the cold room, and the repair costs more than "
                        "we have." },
        { TP_HIRING, "I can't find a second chef; everyone good in {city} is already taken." },
        { TP_SUPPLY, "Our flour supplier changed its blend, and the bread is no longer the same." },
        { TP_SEASON, "August is dead in {city}: the offices close and our lunches stop." },
        { TP_FOUNDER, "My partner and I disagree about opening a second location." } } },
    [SE_SAAS] = { "our reseller", "customers", "the software",
      { "We signed our first enterprise customer, a logistics group with {nn} sites, on an annual contract.",
        "Monthly churn fell below {n}% for the first time since we rebuilt onboarding.",
        "Recurring revenue passed a milestone this month that felt very far away a year ago.",
        "A partner abroad started reselling us, and the first three deals came in without our help.",
        "We shipped the integration customers asked for most, and support tickets dropped the same week.",
        "The salesperson we worried about hiring closed more in her first quarter than I did all last year." },
      { { TP_CHURN, "Churn went up again: {n} customers left this month, and two said the product is too "
                    "complicated." },
        { TP_SALES, "The enterprise deal has been in legal review for {weeks} weeks, and their procurement keeps "
                    "adding questionnaires." },
        { TP_PARTNER, "Our biggest customer asks for features nobody else needs, and they are a quarter of our "
                      "revenue." },
        { TP_HIRING, "I am still the only one who can sell, and I don't know how to hand it over." },
        { TP_PRICING, "We price per user, and customers now share logins to save money." },
        { TP_FUNDRAISING, "Investors call our growth good but not good enough for the next round." } } },
    [SE_MOBILITY] = { "the city's transport department", "riders", "the fleet",
      { "The city renewed our bike-share permit for three years instead of one.",
        "We now lease {nn} electric bikes to delivery riders, and the repair rate fell.",
        "The transport committee used our cycle-lane data in its vote on the new network.",
        "A large employer signed up all {n} of its sites for our car sharing.",
        "Vandalism halved after we moved the docks and started working with the neighbourhood associations.",
        "Our first bus operator renewed and doubled the number of routes." },
      { { TP_PUBLIC, "The city tender for shared scooters favours operators already running in ten cities." },
        { TP_SUPPLY, "The batteries degrade faster than the supplier promised, and replacing them kills our margin." },
        { TP_SEASON, "Winter ridership drops by half, and our costs don't." },
        { TP_PRICING, "Insurance for the fleet went up by {pct}% at renewal." },
        { TP_FOUNDER, "My hardware co-founder and I no longer agree on whether we are a hardware company." },
        { TP_REGULATOR, "The new parking-zone rules mean redesigning half our operations." } } },
    [SE_PROPERTY] = { "the developer we build for", "tenants", "the buildings",
      { "We finished turning our second old building into {n} affordable flats, and all were let within a month.",
        "Our pricing tool for small builders reached {nn} paying firms.",
        "The bank financed our next project on better terms after seeing how the first one went.",
        "Our workspace on the high street is almost full, mostly with people who live within walking distance.",
        "A housing association asked us to manage the renovation of its older blocks.",
        "We delivered a project on budget for the first time, and the team knows exactly why." },
      { { TP_REGULATOR, "Planning permission for the next building has been stuck for months without an answer." },
        { TP_SUPPLY, "Material prices changed between our quote and the start of work." },
        { TP_PARTNER, "A subcontractor went bust halfway through a job and left us with the gap." },
        { TP_SALES, "Interest rates went up, and the buyers for our last flats are hesitating." },
        { TP_OPS, "I spend all my time on sites and none on the business." },
        { TP_HIRING, "Our foreman is retiring, and nobody else can run a site the way he does." } } },
    [SE_BIOTECH] = { "the university lab we license from", "research labs", "the assay",
      { "Our test for plant diseases passed independent validation, more accurate than the lab standard.",
        "A fashion brand accepted our first square metre of fungal leather for its samples.",
        "A pharma company signed a research agreement to use our lab tool in its early screening.",
        "The university agreed to an exclusive licence on terms we can live with.",
        "We won a public research grant that covers {n} months of lab work.",
        "Our first hire from industry joined this month and has already fixed our quality process." },
      { { TP_PARTNER, "The technology transfer office wants a share of revenue that would make us uninvestable." },
        { TP_CASH, "Our runway is {n} months, and the next milestone needs nine." },
        { TP_FUNDRAISING, "Investors ask for data we can only produce after they invest." },
        { TP_OPS, "Scaling from the lab bench to a pilot plant is much harder than we planned." },
        { TP_REGULATOR, "The regulator's guidance for our product category is still a draft." },
        { TP_FOUNDER, "My scientific co-founder and I see the next two years very differently." } } },
    [SE_SOCIAL] = { "the foundation that funds us", "the people we train", "the programme",
      { "{n} refugees we trained started jobs that match what they did at home.",
        "The repair café kept {nn} appliances out of landfill last month, and the council wants one in every district.",
        "We won a contract with the city, so for the first time the programme is paid for by a customer, not a grant.",
        "A company that hired two of our trainees asked for five more.",
        "We published our impact report, and a foundation phoned the next day.",
        "The social enterprise broke even for a full quarter." },
      { { TP_FUNDRAISING, "Our main grant ends in {n} months, and nothing replaces it yet." },
        { TP_CASH, "Companies love our mission but pay late, or not at all." },
        { TP_TEAM, "The team is exhausted; everyone cares too much to take a holiday." },
        { TP_PARTNER, "The foundation that funds us wants reports in a format that takes a week every month." },
        { TP_OPS, "Three more cities want us, and I don't know whether the model travels." },
        { TP_PRICING, "Pricing our training for companies without pricing out the people we serve is hard." } } },
    [SE_MAKING] = { "our steel supplier", "customers", "the production line",
      { "The reclaimed-wood furniture sold out at the trade fair, and we took orders for {weeks} weeks of production.",
        "We delivered our first batch of circuit boards for a hardware start-up, {nn} hundred of them, with no "
        "defects.",
        "A machine builder has ordered spare parts from us every month since we printed the first one.",
        "The new press cut our setup time by half.",
        "We brought back production of a part that had been made overseas for twenty years.",
        "An apprentice we trained passed her master craftsman's exam this month." },
      { { TP_SUPPLY, "Our steel supplier raised prices twice this quarter and won't fix a price for the year." },
        { TP_CASH, "A big customer wants ninety-day terms, and we pay for materials up front." },
        { TP_HIRING, "Finding a skilled machinist in {city} takes us six months." },
        { TP_OPS, "Orders come in waves: we either run overtime or stand idle." },
        { TP_REGULATOR, "Certifying the new product line costs more than the machine that makes it." },
        { TP_PARTNER, "Our bank wants more collateral before it finances the next machine." } } },
    [SE_TRAVEL] = { "the booking platform", "guests", "the tours",
      { "Our walking tours had their best autumn yet: {nn} groups, led by people who live in {place}.",
        "Guesthouses using our tool filled {pct}% more rooms in the low season.",
        "A rail company partnered with us on slow holidays, and one mention in its newsletter filled a week of "
        "bookings.",
        "We got our first group booking from a school, for next spring.",
        "A guide who joined us as a student now trains all our new guides.",
        "Reviews now mention the neighbourhood and not just the sights, which is exactly what we wanted." },
      { { TP_SEASON, "The low season starts next month, and cash will be tight until spring." },
        { TP_PARTNER, "The booking platforms raised their commission again." },
        { TP_REGULATOR, "The city is limiting group tours in the old town, and half our routes go through it." },
        { TP_HIRING, "Our best guides leave every autumn for other seasonal work." },
        { TP_PRICING, "Last-minute cancellations doubled, and our policy is too generous to absorb them." },
        { TP_PUBLIC, "Residents complain about tourists, and I want our business to be part of the answer, not the "
                     "problem." } } },
    [SE_MEDIA] = { "our advertising network", "readers", "the newsletter",
      { "The newsletter passed {nn} thousand subscribers, and the open rate held.",
        "A company booked a whole season of its podcast with us, paid in advance.",
        "Paying subscribers now cover the printing costs of the magazine.",
        "A national paper picked up one of our stories, and we gained more sign-ups that day than in the month before.",
        "We ran our first live event and sold out the room.",
        "Our main sponsor renewed for next year before we even asked." },
      { { TP_CASH, "Advertising income fell by a third, and I don't know whether it comes back." },
        { TP_CHURN, "Paying subscribers cancel when we skip a week, and we skip more weeks than I'd like." },
        { TP_TEAM, "I still write most of the issues myself, and I'm running out of energy." },
        { TP_PARTNER, "A sponsor wants to read our stories before they go out, and I don't want to let them." },
        { TP_PRICING, "We can't decide whether to charge for the podcast or keep it free." },
        { TP_FOUNDER, "A bigger publisher offered to buy us, and my co-founder wants to accept." } } },
    [SE_SECURITY] = { "our cloud provider", "clients", "the platform",
      { "Our phishing training reached {nn} small businesses, and clicks on the test e-mails fell by half.",
        "We found a serious flaw in an online shop's checkout before anyone else did, and they signed an annual "
        "contract.",
        "We passed our own ISO audit at the first attempt.",
        "An insurer now recommends our service to its small-business policyholders.",
        "Our first hire from the local university has turned out to be our best tester.",
        "A town hall asked us to train all its staff after a scam nearly cost them a payment." },
      { { TP_SALES, "Small businesses know they need security but think they are too small to be a target." },
        { TP_HIRING, "Good security engineers get offers from banks at twice what we can pay." },
        { TP_OPS, "A client was breached through a supplier we didn't cover, and they blame us." },
        { TP_SALES, "Every large customer sends a two-hundred-question security questionnaire before a pilot." },
        { TP_PARTNER, "We depend on one cloud provider, and its price rise came with a month's notice." },
        { TP_TEAM, "Incident calls at night are wearing the team down." } } },
    [SE_LEGAL] = { "the bank that refers clients to us", "clients", "the practice",
      { "Our fixed-price legal packages for start-ups passed {nn} clients.",
        "A bank now refers its business customers to us for their first contracts.",
        "We automated the first draft of employment contracts, and turnaround went from a week to a day.",
        "Our cross-border tax service won its first clients in {n} new countries.",
        "We hired our first associate who came through our own training programme.",
        "The chamber of commerce asked us to run its founder clinics." },
      { { TP_PRICING, "Clients expect fixed prices, but their cases are never fixed." },
        { TP_REGULATOR, "The bar association has questions about our software giving legal information." },
        { TP_FOUNDER, "Our senior partner wants to slow down, and the clients are loyal to her, not to the firm." },
        { TP_CASH, "Start-up clients run out of money and leave our invoices unpaid." },
        { TP_CHURN, "We keep winning small clients and losing them as they grow." },
        { TP_PARTNER, "The bank that refers clients to us now wants exclusivity." } } },
    [SE_WORK] = { "the job board we partner with", "employers", "the platform",
      { "A company hired {n} people through our skills-based process; none would have passed its old diploma filter.",
        "We placed {nn} experienced professionals in part-time roles this year.",
        "A remote-first company rolled out our onboarding programme to all its new joiners.",
        "Our first large employer renewed for two years.",
        "People placed through us stay {pct}% longer than the industry average.",
        "We turned down a big contract that didn't fit, and the team thanked me for it." },
      { { TP_CASH, "Hiring freezes at our clients cut our revenue overnight." },
        { TP_CHURN, "Employers sign up, post one role and never come back." },
        { TP_TEAM, "Our own team is remote, and I feel we are drifting apart." },
        { TP_REGULATOR, "The new employment law changes how we can contract our part-time professionals." },
        { TP_PARTNER, "The job board we partner with wants to renegotiate the revenue share." },
        { TP_FUNDRAISING, "Investors see a recruitment agency, not a software company." } } },
};

/* Successes and challenges any founder might bring. */
static const char *const common_successes[] = {
    "We hired our first full-time employee, and she started on Monday.",
    "We had our first profitable month.",
    "I took a full week of holiday, and the company was fine without me.",
    "A customer we lost last year came back and signed again.",
    "We closed a small bridge round from our existing investors in {weeks} weeks.",
    "The team ran the monthly planning without me for the first time.",
    "We moved into a real office in {place}, with windows.",
    "Revenue grew {pct}% on the last quarter.",
    "We finally wrote down our prices and stopped improvising every quote.",
    "A customer introduced us to {n} others without being asked.",
    "We won a grant that pays one salary for a year.",
    "Our accountant says our books are in order, for the first time ever.",
    "I said no to a project that would have distracted us, and it felt good.",
    "Our first employee celebrated two years with us.",
    "A journalist wrote about us, and our inbox has not been the same since.",
    "We won a small award in {city}, and the team was proud.",
    "Support is under control: every message answered within a day, all month.",
    "We paid back the loan from my family ahead of time.",
    "Our board now meets every quarter and actually helps.",
    "The new website brought in {n} serious leads in its first week.",
    "We set up a proper cash forecast, and I sleep better.",
    "My co-founder and I had the honest conversation we had been avoiding, and it went well.",
    "A large company invited us to pitch for a pilot.",
    "Our first customer abroad paid their invoice on time.",
};

static const Challenge common_challenges[] = {
    { TP_CASH, "Cash is tight: we have {n} months of runway and two invoices overdue." },
    { TP_OPS, "I am doing too many things at once, and the important ones slip." },
    { TP_TEAM, "Our first manager is struggling, and the team keeps coming to me instead." },
    { TP_HIRING, "I need a senior person and can't match big-company salaries." },
    { TP_FUNDRAISING, "Investor meetings go nowhere; everyone says to come back later." },
    { TP_FOUNDER, "My co-founder and I want different things for the company." },
    { TP_PARTNER, "Our biggest customer is a third of our revenue, and they just changed buyers." },
    { TP_PRICING, "A competitor cut their prices in half, and customers ask us to match." },
    { TP_SALES, "Sales take twice as long as we planned; the pipeline looks full but nothing closes." },
    { TP_CHURN, "Two customers left this month for a cheaper option." },
    { TP_OPS, "We won a big order, and I'm not sure we can deliver it on time." },
    { TP_SUPPLY, "A supplier we rely on has become unreliable." },
    { TP_TEAM, "The team is tired after a busy quarter, and another one is coming." },
    { TP_PUBLIC, "A public contract would change everything, but the paperwork is overwhelming." },
    { TP_REGULATOR, "New rules for our sector are coming, and nobody can tell us what they mean for us." },
    { TP_FOUNDER, "I haven't taken a day off in two months." },
    { TP_SEASON, "Our quiet months are coming, and I don't know how to keep the team busy." },
    { TP_PARTNER, "The bank turned down our loan application without much of an explanation." },
};

/* Answers to a challenge, told as experience. `only`: the teller's sector, or SE_NONE for anyone. */
typedef struct Story {
    int topic, only;
    const char *text;
} Story;

static const Story stories[] = {
    { TP_PARTNER, SE_NONE, "When {partner} went quiet on us for two months, we found out our contact had left. We "
                           "built a "
      "second relationship one level up, and things moved again within weeks." },
    { TP_PARTNER, SE_NONE, "Last year our biggest partner changed its terms overnight. What saved us was that we "
                           "had begun, "
      "six months earlier, to win customers through two other channels." },
    { TP_PARTNER, SE_NONE, "We had a similar delay with {partner}. Once we put a shared timeline in writing and "
                           "sent it "
      "after every call, the dates stopped slipping." },
    { TP_PARTNER, SE_NONE, "In my previous company one partner was half our revenue. We gave ourselves a year to "
                           "bring it "
      "under a quarter, and the negotiations got calmer once they knew we could walk away." },
    { TP_PARTNER, SE_NONE, "Our integration with a large partner slipped five times. It turned out their team had no "
      "budget for it; the day we offered to do the work on their side, it shipped." },
    { TP_PARTNER, SE_NONE, "What helped us with {partner} was learning what our contact was measured on. When our "
                           "project "
      "became part of their yearly goals, it was suddenly urgent." },
    { TP_PARTNER, SE_FINTECH, "When we faced a similar delay with our bank, we asked to sit with their integration "
                              "team "
      "for a week. Being in the same room solved in days what e-mail hadn't in months." },
    { TP_PARTNER, SE_NONE, "Our largest distributor once delayed a launch by a whole season. We used the time to "
                           "sign two "
      "smaller ones, and today none of them is more than a fifth of our sales." },
    { TP_PARTNER, SE_NONE, "When {partner} changed the contract at renewal, we went through it line by line with a "
                           "lawyer "
      "friend. Half the changes disappeared as soon as we asked why they were there." },
    { TP_PARTNER, SE_NONE, "Two years ago our main partner was bought and the new owners went silent. Someone from "
                           "our old "
      "contact's team moved to a competitor, and she brought us with her." },

    { TP_REGULATOR, SE_NONE, "When the regulator sent us a long list of questions, we answered the simple ones "
                             "within a "
      "week and asked for a meeting about the rest. Meeting in person changed the tone completely." },
    { TP_REGULATOR, SE_NONE, "Last year we brought in a former inspector for two days a month. She read our answers "
                             "before "
      "they went out, and we haven't had a follow-up question since." },
    { TP_REGULATOR, SE_NONE, "We went through a rule change like that. Three other companies and I wrote one joint "
                             "letter, "
      "and the authority gave the whole industry six more months." },
    { TP_REGULATOR, SE_NONE, "In our case the licence took fourteen months. We kept selling a reduced version of "
      "{product} that didn't need it, and that paid the salaries in the meantime." },
    { TP_REGULATOR, SE_NONE, "Our first audit went badly because we treated it as paperwork. The second time, the "
                             "engineers "
      "wrote the answers in their own words, and the auditor noticed the difference." },
    { TP_REGULATOR, SE_NONE, "When the rules changed for us, we wrote a one-page summary for {customers} before "
                             "anyone else "
      "did. Several of them told us later that it was why they stayed." },
    { TP_REGULATOR, SE_FINTECH, "When the central bank questioned how we stored data, we invited their examiner to "
                                "see the "
      "system running. The written follow-up was half as long as the first list." },
    { TP_REGULATOR, SE_NONE, "We once kept a simple log of every question the authority asked and every answer we "
                             "gave. When a new "
      "inspector arrived, that log saved us weeks." },
    { TP_REGULATOR, SE_NONE, "In our first year we joined the industry association mainly to hear about rule "
                             "changes early. It "
      "cost little and gave us a few months' head start each time." },
    { TP_REGULATOR, SE_NONE, "When our product category had no clear rules, we wrote to the authority describing "
                             "exactly what we "
      "did and requested their view in writing. Their reply became our best sales document." },

    { TP_HIRING, SE_NONE, "When our lead engineer left, we had two weeks of overlap. We spent them recording her "
                          "explaining "
      "every part of the system, and those videos still help every new person." },
    { TP_HIRING, SE_NONE, "We lost three candidates to bigger salaries before we offered a four-day week. The next "
                          "person we "
      "wanted said yes within a day." },
    { TP_HIRING, SE_NONE, "Our best hire came from among {customers} we already served. She knew the problem better "
                          "than any "
      "candidate from outside." },
    { TP_HIRING, SE_NONE, "Last year I began hiring for curiosity rather than experience, and paired each new "
                          "person with "
      "someone senior for a month. It worked better than I expected." },
    { TP_HIRING, SE_NONE, "When I had to hand over sales, I first wrote down every deal I had won and why. The "
                          "person we "
      "hired read it in her first week and closed a deal in her third." },
    { TP_HIRING, SE_NONE, "In my old company we shared a senior finance person with two other start-ups, each paying a "
      "third. None of us could have afforded her alone." },
    { TP_HIRING, SE_NONE, "We found our operations lead through a former employee who had left on good terms. "
                          "Keeping in touch "
      "with people who leave has paid off more than any job board." },
    { TP_HIRING, SE_NONE, "Our first two hires came from the internship we ran with the local university. It took a "
                          "year of "
      "patience, but they knew us before they joined." },
    { TP_HIRING, SE_NONE, "When a key person resigned, I asked what would have kept her. Her answer changed how we "
                          "pay and "
      "promote people, and the next two stayed." },

    { TP_CASH, SE_NONE, "We had a client who always promised payment for next week. What finally worked for us was "
                        "pausing "
      "the new project until the old invoice was paid, said politely and in writing." },
    { TP_CASH, SE_NONE, "When our runway got short, the team and I went through every cost line in one afternoon. "
                        "We found "
      "three months of savings, mostly subscriptions nobody used." },
    { TP_CASH, SE_NONE, "Last year our biggest customer moved to ninety-day terms. The bank gave us invoice financing "
      "against their name, and it was cheaper than I feared." },
    { TP_CASH, SE_NONE, "We once asked {customers} for a deposit up front, for the first time. Almost nobody "
                        "complained, "
      "and our cash problem in the busy season disappeared." },
    { TP_CASH, SE_NONE, "In our second year I updated a cash forecast every Monday morning. It didn't give us more "
                        "money, "
      "but it gave us eight weeks of warning instead of two." },
    { TP_CASH, SE_NONE, "When a client went bankrupt owing us money, someone in another chapter introduced us to a "
                        "debt "
      "collector who worked on commission. We got most of it back within a year." },
    { TP_CASH, SE_NONE, "In a tight quarter we offered our best customers a small discount for paying a year up "
                        "front. Four "
      "of them took it, and that carried us to the next round." },
    { TP_CASH, SE_NONE, "When we were short of cash, our suppliers agreed to sixty days instead of thirty once I "
                        "explained "
      "the situation openly. Most people prefer a plan to a surprise." },
    { TP_CASH, SE_NONE, "We nearly ran out of money in our third year. What got us through was a loan from a regional "
      "development fund that nobody had told us about." },

    { TP_FUNDRAISING, SE_NONE, "We heard \"come back later\" from nearly every investor in our first round. What "
                               "changed it "
      "was a small paid pilot with a customer whose name they recognised." },
    { TP_FUNDRAISING, SE_NONE, "Our round closed once we stopped pitching to generalists and met only funds that had "
      "invested in our sector before. It took forty meetings instead of a hundred." },
    { TP_FUNDRAISING, SE_NONE, "Last year we replaced the next round with a revenue-based loan. On paper it cost "
                               "more than "
      "equity, but we kept control and grew at our own pace." },
    { TP_FUNDRAISING, SE_NONE, "When our grant ended, we had already been charging {customers} a small fee for a "
                               "year. It "
      "wasn't much, but it showed the next funder that people would pay." },
    { TP_FUNDRAISING, SE_NONE, "In my previous company we asked each investor who said no what would have made it a "
                               "yes. Two "
      "of them told us, and one invested when we came back with it." },
    { TP_FUNDRAISING, SE_NONE, "We had a long fundraise too. Setting a hard closing date and telling every investor "
                               "about "
      "it brought three term sheets in the last two weeks." },
    { TP_FUNDRAISING, SE_NONE, "Our last round came from customers rather than investors: three of them put in "
                               "small amounts, and "
      "their names brought in the rest." },
    { TP_FUNDRAISING, SE_NONE, "After a year of refusals we paused fundraising for six months and worked only on "
                               "revenue. When we "
      "came back, the conversations were completely different." },
    { TP_FUNDRAISING, SE_NONE, "A founder in another city introduced us to her lead investor. That warm "
                               "introduction got us further "
      "in one call than thirty cold e-mails had." },

    { TP_SALES, SE_NONE, "Our enterprise deal sat in procurement for five months. When we finally found out who "
                         "signs, it "
      "was someone nobody had mentioned, and one meeting with her closed it." },
    { TP_SALES, SE_NONE, "We used to offer free pilots, and they rarely converted. Since we began charging even a "
                         "little, "
      "the people who sign up are the ones who buy." },
    { TP_SALES, SE_NONE, "When advertising got too expensive, we went back to {customers} who already loved us and "
                         "asked "
      "each for two introductions. It was slower but far cheaper." },
    { TP_SALES, SE_NONE, "Last year we sent our security and legal documents before the first call instead of "
                         "after. The "
      "review went from three months to three weeks." },
    { TP_SALES, SE_NONE, "We realised our cycle was long because we were talking to people who liked the product "
                         "but had "
      "no budget. Asking about budget in the first call halved our pipeline and doubled what closed." },
    { TP_SALES, SE_NONE, "In our case the breakthrough was a case study written with one customer, in their own words. "
      "Prospects read it before meetings and arrived half convinced." },
    { TP_SALES, SE_SAAS, "Our first enterprise customer took eleven months. It was unblocked by their head of IT "
                         "security; "
      "once we met him directly, he became our champion." },
    { TP_SALES, SE_NONE, "We doubled our close rate once we began visiting the customer's site for an hour before "
                         "any demo, to "
      "see the problem ourselves." },
    { TP_SALES, SE_NONE, "Our sales cycle shortened once we published our prices. The people who contacted us had "
                         "already "
      "decided they could afford it." },
    { TP_SALES, SE_NONE, "When our pipeline looked full but nothing closed, we rang each prospect and asked when "
                         "they expected "
      "to decide. Half had no date, and we took them off the list." },

    { TP_CHURN, SE_NONE, "Our churn dropped when we phoned every customer who cancelled and simply listened. Most "
                         "of them "
      "had left for reasons we could fix in a week." },
    { TP_CHURN, SE_NONE, "We had the same problem with {customers} going quiet after the first month. A short call "
                         "on day "
      "ten, to check they had done the one thing that matters, changed the numbers." },
    { TP_CHURN, SE_NONE, "Last year we removed half our features and made the main one simpler. Fewer people signed "
                         "up, "
      "but many more stayed." },
    { TP_CHURN, SE_NONE, "When {customers} left us for something cheaper, about a third came back within six "
                         "months. We "
      "sent a short note each quarter and never chased them hard." },
    { TP_CHURN, SE_NONE, "What worked for us was an annual plan with two months free. It didn't fix the product, "
                         "but it "
      "gave us a year to fix it." },
    { TP_CHURN, SE_NONE, "In my old company we had a customer success person before a second salesperson. It felt "
      "backwards at the time, and it paid for itself within a year." },
    { TP_CHURN, SE_SAAS, "Our churn halved when we replaced self-service setup with a thirty-minute onboarding call "
                         "led by "
      "an engineer." },
    { TP_CHURN, SE_NONE, "We learned that customers left in the month their champion changed jobs. Now we keep at "
                         "least two "
      "people at every customer who know us well." },
    { TP_CHURN, SE_NONE, "When cancellations rose, we found that most came from one sales channel that promised too "
                         "much. "
      "Closing that channel cost us sign-ups and saved the year." },
    { TP_CHURN, SE_NONE, "In our case people left because the first invoice surprised them. A friendly e-mail a "
                         "week before it "
      "went out reduced cancellations by a third." },

    { TP_PRICING, SE_NONE, "We raised our prices by a fifth two years ago, expecting to lose customers. We lost "
                           "two, and "
      "both had been costing us money." },
    { TP_PRICING, SE_NONE, "When our costs went up, we wrote to {customers} explaining exactly why our prices were "
      "changing. Nearly everyone accepted it, and a few thanked us for being open." },
    { TP_PRICING, SE_NONE, "Our mistake was charging by the hour. Once we moved to a fixed price per project with a "
                           "clear "
      "scope, overruns became a conversation instead of a loss." },
    { TP_PRICING, SE_NONE, "Last year a competitor halved its prices. We held ours and added a better guarantee, "
                           "and they "
      "put their prices back up within the year." },
    { TP_PRICING, SE_NONE, "We had the free-plan problem too. A limit on the one thing our best users needed most "
      "converted more of them than any discount ever did." },
    { TP_PRICING, SE_NONE, "When fuel and energy went up for us, we added a small surcharge tied to a public index. "
      "Customers accepted it because they could check the number themselves." },
    { TP_PRICING, SE_NONE, "We moved from one price to three plans, and almost everyone chose the middle one. "
                           "Average revenue "
      "per customer went up by a quarter." },
    { TP_PRICING, SE_NONE, "For years I gave a discount whenever a customer hesitated. When I finally tracked it, "
                           "the customers "
      "with discounts were the first to leave." },
    { TP_PRICING, SE_NONE, "Our costs rose faster than our prices for two years before we noticed. Now we review "
                           "prices every "
      "January, and customers expect it." },

    { TP_SUPPLY, SE_NONE, "When our main supplier let us down before a big season, we found a second one, more "
                          "expensive. "
      "We still split our orders between them, and it has saved us twice since." },
    { TP_SUPPLY, SE_NONE, "Last year we agreed a fixed price for six months with our supplier in exchange for "
                          "paying part "
      "of it in advance. It cost us cash but took away a lot of worry." },
    { TP_SUPPLY, SE_NONE, "We had equipment that kept failing too. In the end we shared a maintenance contract with "
                          "two "
      "neighbours, and the technician now comes every month instead of when it breaks." },
    { TP_SUPPLY, SE_NONE, "In my experience a supplier listens once you visit. I drove out to see ours and met the "
                          "people "
      "on the floor, and our orders have been first in line ever since." },
    { TP_SUPPLY, SE_NONE, "When our prices went out of date between quote and delivery, we began putting a validity "
                          "date "
      "on every quote. It was a small change, and nobody objected." },
    { TP_SUPPLY, SE_NONE, "We once kept three months' stock of our most critical part. It looked like a waste of money "
      "right up to the port strike." },
    { TP_SUPPLY, SE_NONE, "When a key component became scarce, we redesigned the product to accept two different "
                          "parts. It took "
      "a month of engineering and ended the shortages for good." },
    { TP_SUPPLY, SE_NONE, "We joined a buying group with four other small firms in {city}. Together we get the "
                          "prices a large "
      "customer gets." },
    { TP_SUPPLY, SE_NONE, "Our supplier was late every month until we shared our production plan for the next six "
                          "months. Once "
      "they could plan, they delivered." },

    { TP_SEASON, SE_NONE, "Our quiet months used to scare me. Now we plan them a year ahead for the maintenance and "
                          "training "
      "we never have time for in the busy season." },
    { TP_SEASON, SE_NONE, "We smoothed our year by selling something for the winter to the same {customers}. It "
                          "brought in "
      "only a fifth of our revenue, but it kept the team together." },
    { TP_SEASON, SE_NONE, "When the low season came, we offered our staff fewer hours or a few weeks of paid "
                          "training. Most "
      "chose the training and came back better at their jobs." },
    { TP_SEASON, SE_NONE, "In our case the answer was a different kind of customer for the quiet months: companies "
                          "instead "
      "of individuals. It took two years to build, and now our low season is barely low." },
    { TP_SEASON, SE_NONE, "We used to panic every August. Once we began putting a share of each busy month's "
                          "revenue into a "
      "separate account, August became boring, which is what we wanted." },
    { TP_SEASON, SE_NONE, "The weather wrecked our plans one year too. We told our buyers early, with photos, and "
                          "most of "
      "them moved the dates rather than cancel." },
    { TP_SEASON, SE_AGRI, "Last year our cooperative had the rains a month late. We told the buyers early, with "
                          "pictures "
      "from the fields, and most of them accepted later deliveries instead of cancelling." },
    { TP_SEASON, SE_NONE, "We keep a list of jobs for the quiet months, written during the busy ones whenever "
                          "someone says "
      "there is no time for that. By autumn it is full." },
    { TP_SEASON, SE_NONE, "Our bank agreed to a seasonal overdraft once we showed them three years of monthly "
                          "figures. It now "
      "opens every October and closes every spring." },
    { TP_SEASON, SE_NONE, "Two winters ago we shared our staff with a business whose busy season is the opposite of "
                          "ours. "
      "Nobody had to be laid off." },

    { TP_FOUNDER, SE_NONE, "My co-founder and I had the same disagreement. A facilitator spent one day with us, we "
                           "each "
      "wrote down what we wanted in five years, and we found we could both have it, one after the other." },
    { TP_FOUNDER, SE_NONE, "When my partner wanted to work part-time, we agreed on three months' trial with a date "
                           "to review "
      "it. Having the date made it much easier for both of us." },
    { TP_FOUNDER, SE_NONE, "Last year I was the bottleneck for everything. I blocked two mornings a week with no "
                           "meetings, "
      "and the important work began to move again." },
    { TP_FOUNDER, SE_NONE, "My first company went through a split between founders. What I'm glad about is that we had "
      "written down shares and roles long before it got personal." },
    { TP_FOUNDER, SE_NONE, "When I burned out, a member of this network told me how she had taken a month off and "
                           "let her "
      "team run things. I did the same, and the company was better for it." },
    { TP_FOUNDER, SE_NONE, "My co-founder and I now take a walk together every two weeks with no agenda. Most of our "
      "disagreements get settled there before they become arguments." },
    { TP_FOUNDER, SE_NONE, "My co-founder and I split the company into two clear areas with one decision-maker "
                           "each. We argue "
      "much less about who decides." },
    { TP_FOUNDER, SE_NONE, "The year I worked every weekend was our worst year for decisions. Since I kept Sundays "
                           "free, I make "
      "fewer mistakes on Mondays." },
    { TP_FOUNDER, SE_NONE, "When we disagreed about selling the company, we each spoke to two founders who had sold "
                           "and two who "
      "had not. It settled more than our arguments ever did." },

    { TP_PUBLIC, SE_NONE, "When we lost our first public tender, we requested the evaluation report. It showed "
                          "exactly where "
      "we had lost points, and we won the next one." },
    { TP_PUBLIC, SE_NONE, "We went into our first public contract as the subcontractor of a larger company. That "
                          "gave us "
      "the references we lacked, and the second time we bid alone." },
    { TP_PUBLIC, SE_NONE, "Last year an official told us the tender's requirements came from a bad experience with a "
      "supplier. Once we knew the story, our proposal answered their fear instead of the form." },
    { TP_PUBLIC, SE_NONE, "In our case the buyers had never purchased anything like {product}. We offered a small "
                          "paid pilot "
      "under their threshold, which needed no tender at all." },
    { TP_PUBLIC, SE_NONE, "When a hospital wanted three years of accounts from us, our investor wrote a letter of "
                          "support and "
      "the bank confirmed our credit line. They accepted it as an exception." },
    { TP_PUBLIC, SE_NONE, "We spent a year getting to know the neighbourhood associations before we wanted anything "
                          "from the "
      "city. When the decision came, they spoke for us." },
    { TP_PUBLIC, SE_NONE, "Our first public contract came from answering the city's consultation on the subject a "
                          "year before "
      "the tender. By the time the tender came out, they knew our name." },
    { TP_PUBLIC, SE_NONE, "We once lost a tender on price alone. The next time we showed the cost over five years "
                          "instead of "
      "the first year's price, and we won." },
    { TP_PUBLIC, SE_NONE, "When the paperwork for a tender overwhelmed us, we paid a retired procurement officer to "
                          "help. She "
      "knew which sections mattered and which nobody reads." },

    { TP_OPS, SE_NONE, "When orders doubled, everything broke for us as well. We picked the process that broke most "
                       "often "
      "and fixed only that for a month, then the next one." },
    { TP_OPS, SE_NONE, "Last year we said yes to an order we weren't ready for. We delivered late but honestly, "
                       "telling the "
      "customer every week where we were, and they ordered again." },
    { TP_OPS, SE_NONE, "We had a spike of fraud after a launch too. A short delay on the first payout of each new "
                       "account "
      "stopped most of it without annoying real {customers}." },
    { TP_OPS, SE_NONE, "I used to do the extra hours myself whenever a project ran over. What changed it was "
                       "writing the "
      "scope into each quote, with a price for extras, and going through it with the client on day one." },
    { TP_OPS, SE_NONE, "When we opened in a second city, one of our first employees moved there for three months. "
                       "Everything "
      "we had never written down, she wrote down." },
    { TP_OPS, SE_NONE, "In my previous company I kept a list of everything only I could do. Every month I handed "
                       "one item "
      "over, and within a year the list was short." },
    { TP_OPS, SE_NONE, "We introduced a fifteen-minute stand-up each morning during our busiest months. Problems "
                       "that used "
      "to surface on Friday came up on Tuesday." },
    { TP_OPS, SE_NONE, "When support was drowning us, we wrote answers to the twenty most common questions and put "
                       "them in "
      "{product}. Tickets fell by a third within a month." },
    { TP_OPS, SE_NONE, "A customer's big order once nearly broke us. The second time, we agreed to deliver in three "
                       "batches, "
      "and both sides were happier." },

    { TP_TEAM, SE_NONE, "Our first manager struggled too. We found her an outside mentor who had made the same "
                        "step, and "
      "within two months the team had stopped coming to me." },
    { TP_TEAM, SE_NONE, "When the team got tired after a long push, we closed for a week between the holidays. "
                        "Nobody was "
      "less productive for it afterwards." },
    { TP_TEAM, SE_NONE, "Our remote team was drifting apart until we began meeting in person for two days every "
                        "quarter. The "
      "travel cost less than losing one person would have." },
    { TP_TEAM, SE_NONE, "Last year I asked everyone what they would drop if they could. Half the answers were "
                        "things I had "
      "once asked for and no longer needed." },
    { TP_TEAM, SE_NONE, "We moved to night shifts in pairs, so nobody was ever alone with an incident. The "
                        "complaints about "
      "being on call stopped almost at once." },
    { TP_TEAM, SE_NONE, "In my old company morale came back when we began sharing the numbers every month, good and "
                        "bad. "
      "People worry less about what they can see." },
    { TP_TEAM, SE_NONE, "When our team was tired, we cancelled every internal meeting for two weeks. Nothing "
                        "important was "
      "lost, and we brought back only half of them." },
    { TP_TEAM, SE_NONE, "Our first manager grew into the role once she had her own budget and could decide without "
                        "checking "
      "with me. Trust worked better than training." },
    { TP_TEAM, SE_NONE, "We began ending every month with a short session where anyone can bring up what bothers "
                        "them. It "
      "felt awkward at first, and now it is the meeting people protect." },
};

/* Answers that tell the person what to do: posted anyway, and flagged by the heuristic. */
static const char *const advice[] = {
    "You should give them a deadline and stick to it.",
    "Honestly, have you tried simply asking them for a date?",
    "If I were you I would raise prices by a fifth this month and see who complains.",
    "My advice: put everything in writing and stop waiting for them.",
    "You need to find a second supplier before the season starts.",
    "I'd suggest a part-time finance director for this; it pays for itself.",
    "Why don't you offer an annual plan with a discount?",
    "Make sure you have the next meeting in the calendar before you leave the room.",
};

/* What someone promises to do before the next meeting, about their challenge. */
static const char *const commitment_lines[NTOPIC][3] = {
    [TP_PARTNER] = { "Send the partner a shared timeline with a date for the go-live decision.",
                     "Find a second contact at the partner, one level up, before the next meeting.",
                     "List three customers we could win without the partner, and contact one of them." },
    [TP_REGULATOR] = { "Send the regulator the simple answers this week and request a meeting about the rest.",
                       "Book two hours with a compliance lawyer to review our answers.",
                       "Write a one-page summary of the rule change for our customers." },
    [TP_HIRING] = { "Record walkthroughs of the parts of the system only one person knows.",
                    "Post the role with a four-day week and see who applies.",
                    "Ask two customers whether they know someone for the role." },
    [TP_CASH] = { "Update the cash forecast every Monday until the next meeting.",
                  "Send the late client a polite written reminder and pause new work until it is paid.",
                  "Ask the bank about invoice financing." },
    [TP_FUNDRAISING] = { "Ask the last three investors who said no what would have made it a yes.",
                         "List ten funds that have invested in our sector and write to five.",
                         "Set a closing date for the round and tell every investor." },
    [TP_SALES] = { "Find out who actually signs the deal and get a meeting with them.",
                   "Write a case study with our best customer, in their words.",
                   "Ask five happy customers for two introductions each." },
    [TP_CHURN] = { "Phone every customer who cancelled this month and take notes.",
                   "Set up a check-in call on day ten for every new customer.",
                   "Draft an annual plan and test it with five customers." },
    [TP_PRICING] = { "Write to customers about the new prices, with the reasons.",
                     "Test a price a fifth higher on new customers for a month.",
                     "Move two projects from hourly billing to a fixed price." },
    [TP_SUPPLY] = { "Get quotes from two other suppliers.",
                    "Visit the supplier and meet the people who handle our orders.",
                    "Put a validity date on every quote we send." },
    [TP_SEASON] = { "Plan the maintenance and training for the quiet months.",
                    "Open a separate account for the low-season reserve and make the first transfer.",
                    "Sketch one product we could sell in the quiet months." },
    [TP_FOUNDER] = { "Book a day away with my co-founder to talk about the next five years.",
                     "Block two mornings a week with no meetings.",
                     "Take a full week off and tell the team who decides what while I'm away." },
    [TP_PUBLIC] = { "Request the evaluation report of the tender we lost.",
                    "Meet the company that won and ask about subcontracting.",
                    "Propose a small paid pilot under the procurement threshold." },
    [TP_OPS] = { "Pick the process that breaks most often and fix only that this month.",
                 "Write down three things only I can do and hand one over.",
                 "Add a clear scope and a price for extras to every quote." },
    [TP_TEAM] = { "Find an outside mentor for our first manager.",
                  "Ask everyone what they would stop doing if they could.",
                  "Plan two days together in person next quarter." },
};

/* ---------- the meetings: a monthly series per chapter, its history, what comes next ---------- */

#define HOLD_MARGIN (30 * 60)            /* a past meeting counts as held once it ended this long ago */
#define ABSENCE_SINCE (175 * DAY)        /* inside the default window of 182 days, with a week to spare */
#define MAX_PAST 64

enum { PK_NONE, PK_HELD, PK_CANCELLED };

static const char *const weekday_codes[] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" };

/* When and where chapter k meets. Its own generator, so that a plan never depends on the order of the work. */
static void plan_series(Demo *d, int k)
{
    const ChapterDef *def = &chapter_defs[k];
    SeriesPlan *p = &d->chap[k].plan;
    Rng r = { DEMO_SEED ^ (0x9e3779b97f4a7c15ull * (uint64_t)(k + 1)) };
    static const int weeks[] = { 1, 2, 3, 4, -1 };
    static const int slots[][2] = { { 8, 0 }, { 12, 30 }, { 18, 30 }, { 19, 0 }, { 18, 30 }, { 7, 30 } };
    static const int durations[] = { 90, 105, 120, 120, 150 };
    rng_next(&r);
    int week = weeks[rng_int(&r, 0, N(weeks) - 1)];
    int day = rng_one_in(&r, 10) ? 4 : rng_int(&r, 0, 3);   /* Monday to Thursday, now and then a Friday */
    int slot = rng_int(&r, 0, N(slots) - 1);
    p->hour = slots[slot][0];
    p->minute = slots[slot][1];
    p->duration = durations[rng_int(&r, 0, N(durations) - 1)];
    if (strstr(def->name, "Breakfast")) {
        p->hour = rng_one_in(&r, 2) ? 7 : 8;
        p->minute = p->hour == 7 ? 30 : 0;
        p->duration = rng_one_in(&r, 2) ? 90 : 120;
    } else if (strstr(def->name, "Evening")) {
        p->hour = rng_one_in(&r, 3) ? 18 : 19;
        p->minute = p->hour == 18 ? 30 : 0;
    } else if (p->hour == 12) {
        p->duration = 90;                                     /* a lunch */
    }
    p->venue = metros[def->metro].venues[rng_int(&r, 0, 3)];
    p->url = rng_one_in(&r, 3) ? arena_printf(&d->a, "https://meet.example.org/%s", str_slugify(&d->a, def->name)) : "";
    Err e = { 0 };
    if (series_rule_make(week, weekday_codes[day], p->rrule, sizeof p->rrule, &e) < 0)
        snprintf(p->rrule, sizeof p->rrule, "FREQ=MONTHLY;BYDAY=1TU");
}

/* ---------- sentences ---------- */

/* Per chapter: how often each sentence was used, so that a chapter rarely hears the same one twice. */
typedef struct Talk {
    unsigned short succ[NSECTOR][TALK_LINES], chal[NSECTOR][TALK_LINES];
    unsigned short csucc[N(common_successes)], cchal[N(common_challenges)];
    unsigned short story[N(stories)], advice[N(advice)], commit[NTOPIC][3];
    signed char owner[N(stories)];   /* the seat of who first told each story here: only they tell it again */
    bool rejected[N(stories)];       /* read as a directive by the heuristic: never used */
} Talk;

/* A member's own lines are remembered as bits: their sector's first, then the common ones. */
_Static_assert(TALK_LINES + N(common_successes) <= 32 && TALK_LINES + N(common_challenges) <= 32,
               "a member's lines must fit in 32 bits");

/* The least used of n entries (ties drawn at random), skipping those marked in skip; -1 if none. */
static int least_used(Rng *r, const unsigned short *used, int n, const bool *skip)
{
    int best = -1, ties = 0;
    for (int i = 0; i < n; i++) {
        if (skip && skip[i]) continue;
        if (best < 0 || used[i] < used[best]) {
            best = i;
            ties = 1;
        } else if (used[i] == used[best] && rng_one_in(r, ++ties)) {
            best = i;
        }
    }
    return best;
}

/* A sentence with its {slots} filled for a speaker of `sector` in `metro` (in b, valid until the next call). */
static const char *say(Demo *d, Buf *b, const char *t, int metro, int sector)
{
    const SectorTalk *st = &talk[sector];
    buf_clear(b);
    for (const char *p = t; *p; p++) {
        const char *end = *p == '{' ? strchr(p, '}') : NULL;
        if (!end) {
            buf_addc(b, *p);
            continue;
        }
        size_t n = (size_t)(end - p - 1);
#define SLOT(w) (n == sizeof(w) - 1 && memcmp(p + 1, w, n) == 0)
        if (SLOT("n")) {
            static const char *const words[] = { "two", "three", "four", "five", "six", "seven", "eight", "nine" };
            int v = rng_int(&d->rng, 2, 9);
            if (end[1] == '%') buf_printf(b, "%d", v);
            else if (p == t) buf_printf(b, "%c%s", toupper((unsigned char)words[v - 2][0]), words[v - 2] + 1);
            else buf_adds(b, words[v - 2]);
        }
        else if (SLOT("nn")) buf_printf(b, "%d", rng_int(&d->rng, 12, 95));
        else if (SLOT("pct")) buf_printf(b, "%d", 5 * rng_int(&d->rng, 1, 8));
        else if (SLOT("weeks")) buf_printf(b, "%d", rng_int(&d->rng, 2, 8));
        else if (SLOT("city")) buf_adds(b, metros[metro].name);
        else if (SLOT("place")) buf_adds(b, metros[metro].words[rng_int(&d->rng, 0, 3)]);
        else if (SLOT("partner")) buf_adds(b, st->partner);
        else if (SLOT("customers")) buf_adds(b, st->customers);
        else if (SLOT("product")) buf_adds(b, st->product);
        else buf_add(b, p, (size_t)(end - p + 1));
#undef SLOT
        p = end;
    }
    return buf_str(b);
}

/* Entry i of a bank of lines: a member's sector's (own) or the common one; the topic of a challenge. */
static const char *line_text(bool success, int sector, bool own, int i, int *topic)
{
    if (success) {
        *topic = -1;
        return own ? talk[sector].successes[i] : common_successes[i];
    }
    const Challenge *c = own ? &talk[sector].challenges[i] : &common_challenges[i];
    *topic = c->topic;
    return c->text;
}

/* A success (or a challenge) for member p: from their sector's lines about half the time (when `own_ok`: the
 * chapter is theirs or has no sector, for the shared rounds are labelled with the chapter's sector), else a
 * common one; the least used in the chapter, never one they brought before (`said`, as bits) nor one already
 * heard in this meeting (`here`). A member who has said everything starts afresh. */
static const char *line_for(Demo *d, Talk *t, Buf *b, const Person *p, bool own_ok, bool success, uint32_t *said,
                            const char **here, int *nhere, int *topic)
{
    bool own_first = rng_int(&d->rng, 1, 100) <= 55 && own_ok;
    for (int fresh = 0; fresh < 2; fresh++, *said = 0)
        for (int pass = 0; pass < 2; pass++) {
            bool own = own_first == (pass == 0);
            if (own && !own_ok) continue;
            int n = own ? TALK_LINES : success ? N(common_successes) : N(common_challenges);
            int off = own ? 0 : TALK_LINES;
            unsigned short *used = own ? (success ? t->succ[p->sector] : t->chal[p->sector])
                                       : (success ? t->csucc : t->cchal);
            bool skip[32];
            for (int i = 0; i < n; i++) {
                const char *x = line_text(success, p->sector, own, i, topic);
                skip[i] = *said >> (off + i) & 1;
                for (int h = 0; h < *nhere && !skip[i]; h++) skip[i] = here[h] == x;
            }
            int i = least_used(&d->rng, used, n, skip);
            if (i < 0) continue;
            used[i]++;
            *said |= 1u << (off + i);
            const char *x = line_text(success, p->sector, own, i, topic);
            here[(*nhere)++] = x;
            return say(d, b, x, p->metro, p->sector);
        }
    return say(d, b, line_text(success, p->sector, true, 0, topic), p->metro, p->sector);   /* not reached */
}

/* A story on `topic` told by `p` (at `seat`): not one of `told` (the other answers to the same challenge), not
 * one someone else at this table told before (unless `anyone`), and one the directive heuristic lets through;
 * NULL if p has none left to tell. */
static const char *story_for(Demo *d, Talk *t, Buf *b, const Person *p, int seat, int topic, bool *told, bool anyone)
{
    for (;;) {
        bool skip[N(stories)];
        for (int i = 0; i < N(stories); i++)
            skip[i] = told[i] || t->rejected[i] || stories[i].topic != topic ||
                      (stories[i].only != SE_NONE && stories[i].only != p->sector) ||
                      (!anyone && t->owner[i] >= 0 && t->owner[i] != seat);
        int i = least_used(&d->rng, t->story, N(stories), skip);
        if (i < 0) return NULL;
        const char *text = say(d, b, stories[i].text, p->metro, p->sector);
        const char *found[4];
        if (story_directive_phrases(text, found, 4) > 0) {
            t->rejected[i] = true;
            d->mt.stories_rejected++;
            continue;
        }
        t->story[i]++;
        if (t->owner[i] < 0) t->owner[i] = (signed char)seat;
        told[i] = true;
        return text;
    }
}

/* ---------- one chapter ---------- */

/* The seats of people who had joined chapter ch by time t (half a day ahead, to have been invited). */
static int seats_at(const Chap *ch, int64_t t, int *out)
{
    int n = 0;
    for (int s = 0; s < ch->n; s++)
        if (ch->at[s] + 12 * HOUR <= t) out[n++] = s;
    return n;
}

static void shuffle(Rng *r, int *a, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = rng_int(r, 0, i), x = a[i];
        a[i] = a[j];
        a[j] = x;
    }
}

typedef struct Promise {
    int64_t id;
    int held;   /* index of the held meeting where it was made */
} Promise;

/* What each member of a chapter has brought so far (see line_for), by seat. */
typedef struct Said {
    uint32_t success[MAX_SEATS], challenge[MAX_SEATS];
} Said;

/* The rounds, stories and commitments of one held meeting, where the seats in `present` sat. */
static int meeting_talk(Demo *d, DbConn *c, Err *e, int k, int64_t mid, const int *present, int np, Talk *t, Said *said,
                        Buf *b, int held, Promise *promises, int *npromises)
{
    Chap *ch = &d->chap[k];
    int64_t round_id[MAX_SEATS], ignored;
    int topic[MAX_SEATS], nhere = 0;
    const char *here[2 * MAX_SEATS];
    /* the successes, then the challenges, in the order of the runner */
    int sector = chapter_defs[k].sector;
    for (int i = 0; i < np; i++) {
        const Person *p = &d->people[ch->who[present[i]]];
        const char *text = line_for(d, t, b, p, sector == SE_NONE || sector == p->sector, true,
                                    &said->success[present[i]], here, &nhere, &topic[i]);
        if (round_insert(c, e, mid, p->id, "success", text, &round_id[i]) < 0) return -1;
        if (rng_one_in(&d->rng, 25) && round_set_shared(c, e, round_id[i], true) < 0) return -1;
    }
    for (int i = 0; i < np; i++) {
        const Person *p = &d->people[ch->who[present[i]]];
        const char *text = line_for(d, t, b, p, sector == SE_NONE || sector == p->sector, false,
                                    &said->challenge[present[i]], here, &nhere, &topic[i]);
        if (round_insert(c, e, mid, p->id, "challenge", text, &round_id[i]) < 0) return -1;
        if (rng_one_in(&d->rng, 25) && round_set_shared(c, e, round_id[i], true) < 0) return -1;
    }
    /* one to three stories per challenge, from the others at the table */
    for (int i = 0; i < np && np > 1; i++) {
        int others[MAX_SEATS], no = 0;
        for (int j = 0; j < np; j++)
            if (j != i) others[no++] = j;
        shuffle(&d->rng, others, no);
        int want = rng_int(&d->rng, 1, 3), got = 0;
        bool told[N(stories)] = { false };
        for (int s = 0; got < want && s < no; s++) {
            int seat = present[others[s]];
            const Person *teller = &d->people[ch->who[seat]];
            const char *text = NULL;
            bool flagged = false;
            if (rng_one_in(&d->rng, 40)) {
                int a = least_used(&d->rng, t->advice, N(advice), NULL);
                const char *found[4];
                if (story_directive_phrases(advice[a], found, 4) > 0) {
                    t->advice[a]++;
                    text = advice[a];
                    flagged = true;
                }
            }
            /* nothing of their own to tell on this: someone else answers, and if nobody can, the last one retells */
            if (!text) text = story_for(d, t, b, teller, seat, topic[i], told, got == 0 && s == no - 1);
            if (!text) continue;
            if (story_insert(c, e, round_id[i], teller->id, text, flagged, &ignored) < 0) return -1;
            got++;
        }
    }
    /* one or two commitments, about the challenge their author brought */
    int order[MAX_SEATS];
    for (int i = 0; i < np; i++) order[i] = i;
    shuffle(&d->rng, order, np);
    int want = rng_int(&d->rng, 1, 2);
    for (int i = 0; i < want && i < np; i++) {
        int who = order[i], tp = topic[who];
        const Person *p = &d->people[ch->who[present[who]]];
        int line = least_used(&d->rng, t->commit[tp], 3, NULL);
        t->commit[tp][line]++;
        Promise *pr = &promises[(*npromises)++];
        pr->held = held;
        if (commitment_insert(c, e, ch->id, mid, p->id, commitment_lines[tp][line], &pr->id) < 0) return -1;
    }
    return 0;
}

/* The meeting of today: the chapter's regular one if it falls today and is not over (then 1, with its
 * occurrence in *o), else an extra session (0, and its start in o->starts_at): due in an hour or two, this
 * morning when it is night, or under way when it is late in the evening. -1 on error. */
static int today_meeting(Demo *d, const SeriesPlan *plan, const char *first, const char *tz, Occurrence *o, Err *e)
{
    char date[11], hm[6], local[48];
    int64_t t = 0;
    Occurrence regular[2];
    time_local_parts(d->now, tz, date, hm);
    snprintf(local, sizeof local, "%sT00:00", date);
    if (local_to_utc(local, tz, &t, e) < 0) return -1;
    int n = series_expand(plan->rrule, first, tz, t, t + DAY, regular, 2, e);
    if (n < 0) return -1;
    if (n > 0 && regular[0].starts_at + plan->duration * 60 > d->now) {
        *o = regular[0];
        return 1;
    }
    int at, minutes = atoi(hm) * 60 + atoi(hm + 3);
    if (minutes < 6 * 60) at = 8 * 60;                                    /* this morning, over breakfast */
    else if (minutes < 20 * 60 + 30) at = (minutes + 60 + 29) / 30 * 30;  /* an hour or so from now */
    else at = (minutes - 60) / 30 * 30;                                   /* late: it began a little while ago */
    snprintf(local, sizeof local, "%sT%02d:%02d", date, at / 60, at % 60);
    if (local_to_utc(local, tz, &o->starts_at, e) < 0) return -1;
    return 0;
}

static int chapter_meetings(Demo *d, DbConn *c, Err *e, int k, Talk *t, Arena *tmp)
{
    const ChapterDef *def = &chapter_defs[k];
    Chap *ch = &d->chap[k];
    const SeriesPlan *plan = &ch->plan;
    const char *tz = d->metro_tz[def->metro];
    int64_t now = d->now, dur = (int64_t)plan->duration * 60;
    Person *connector = chap_connector(d, ch);
    Buf b;
    buf_init(&b, tmp);

    /* the series as a connector set it up in the chapter's first days: from its first day, at its hour */
    char day[11], hm[6], first[40];
    time_local_parts(ch->created, tz, day, hm);
    snprintf(first, sizeof first, "%.4s%.2s%.2sT%02d%02d00", day, day + 5, day + 8, plan->hour, plan->minute);
    /* a closed chapter met until some six weeks before it closed, before anyone left (src: chapter_build) */
    int64_t until = def->status == ST_CLOSED ? ch->updated - 41 * DAY : now - dur - HOLD_MARGIN;
    Occurrence occ[MAX_PAST];
    int n = series_expand(plan->rrule, first, tz, ch->created, until, occ, MAX_PAST, e);
    if (n < 0) return -1;

    /* which dates were held, which cancelled */
    /* from the first date with three members around the table (two if that leaves too few meetings) */
    int kind[MAX_PAST] = { 0 }, seats[MAX_SEATS], i0 = 0;
    for (int need = def->status == ST_FORMING ? 2 : 3; need >= 2; need--) {
        i0 = 0;
        while (i0 < n && seats_at(ch, occ[i0].starts_at, seats) < need) i0++;
        if (n - i0 >= 3 || def->status == ST_FORMING) break;
    }
    switch (def->status) {
    case ST_ACTIVE:
        if (n - i0 < 3) i0 = n > 3 ? n - 3 : 0;
        for (int i = i0; i < n; i++) kind[i] = i < n - 2 && rng_one_in(&d->rng, 14) ? PK_CANCELLED : PK_HELD;
        break;
    case ST_FORMING: {
        int want = rng_int(&d->rng, 0, 7);
        want = want < 2 ? 0 : want < 5 ? 1 : 2;
        for (int i = n - 1; i >= i0 && want > 0; i--, want--) kind[i] = PK_HELD;
        break;
    }
    case ST_DORMANT: {
        /* the last meeting some three months before the chapter was marked dormant, 100 to 200 days ago */
        int64_t target = ch->updated - 90 * DAY - rng_range(&d->rng, 0, 12) * DAY;
        if (target > now - 105 * DAY) target = now - 105 * DAY;
        if (target < now - 195 * DAY) target = now - 195 * DAY;
        int last = -1;
        for (int i = 0; i < n; i++) {
            if (occ[i].starts_at < now - 200 * DAY || occ[i].starts_at > now - 100 * DAY) continue;
            if (last < 0 || llabs(occ[i].starts_at - target) < llabs(occ[last].starts_at - target)) last = i;
        }
        if (last < 0) break;
        if (i0 > last - 2) i0 = last > 2 ? last - 2 : 0;
        for (int i = i0; i <= last; i++) kind[i] = i < last && rng_one_in(&d->rng, 10) ? PK_CANCELLED : PK_HELD;
        for (int i = last + 1, fade = rng_int(&d->rng, 1, 2); i < n && fade > 0; i++, fade--) kind[i] = PK_CANCELLED;
        break;
    }
    default: {   /* closed: a few meetings in its first months, then one called off */
        int want = rng_int(&d->rng, 3, 6), i = i0;
        for (; i < n && want > 0; i++, want--) kind[i] = PK_HELD;
        if (i < n) kind[i] = PK_CANCELLED;
    }
    }

    /* two or three members of some chapters have drifted away: absent from most recent meetings */
    uint64_t absent[MAX_SEATS] = { 0 };
    bool drifting[MAX_SEATS] = { false };
    if (def->status == ST_ACTIVE && rng_one_in(&d->rng, 3)) {
        int win[MAX_PAST], w = 0;
        for (int i = 0; i < n; i++)
            if (kind[i] == PK_HELD && occ[i].starts_at >= now - ABSENCE_SINCE) win[w++] = i;
        int cand[MAX_SEATS], nc = 0;
        if (w >= 4 && seats_at(ch, occ[win[0]].starts_at, seats) < 6) w = 0;   /* a small table: everyone is needed */
        for (int s = 1; w >= 4 && s < ch->n; s++)
            if (!ch->connector[s] && !ch->left[s] && !d->people[ch->who[s]].fixed &&
                ch->at[s] + 12 * HOUR <= occ[win[0]].starts_at)
                cand[nc++] = s;
        shuffle(&d->rng, cand, nc);
        int want = rng_int(&d->rng, 2, 3);
        for (int j = 0; j < want && j < nc; j++) {
            int s = cand[j], spared = w >= 5 ? rng_int(&d->rng, 0, w - 1) : -1;
            for (int x = 0; x < w; x++)
                if (x != spared) absent[s] |= 1ull << win[x];
            drifting[s] = true;
            d->mt.drifting++;
        }
    }

    /* the meetings, oldest first */
    int64_t held_id[MAX_PAST];
    int nheld = 0, npromises = 0;
    Said said;
    memset(&said, 0, sizeof said);
    Promise *promises = arena_alloc(tmp, sizeof *promises * 2 * MAX_PAST);
    for (int i = 0; i < n; i++) {
        if (kind[i] == PK_NONE) continue;
        int64_t id = 0, starts = occ[i].starts_at, ends = starts + dur;
        int64_t created = starts - (int64_t)MEETING_HORIZON_DAYS * DAY;
        if (created < ch->created + HOUR) created = ch->created + HOUR;
        /* closed chapters have no series any more: their meetings stand alone */
        int added = meeting_insert(c, e, ch->id, def->status == ST_CLOSED ? NULL : occ[i].local, starts, ends, tz,
                                   plan->venue, plan->url, &id);
        if (added < 0) return -1;
        if (!added) return err_set(e, E_INTERNAL, "%s already had a meeting on %s.", def->name, occ[i].local);
        if (kind[i] == PK_CANCELLED) {
            int64_t when = starts - rng_range(&d->rng, 2 * DAY, 9 * DAY);
            if (when < created) when = created;
            DemoMeeting m = { "cancelled", "planned", created, when, 0, 0, 0, 0, 1, 1 };
            if (demo_meeting_set(c, e, id, &m) < 0) return -1;
            continue;
        }
        int64_t opened = starts + rng_range(&d->rng, 0, 8 * 60), closed = ends - rng_range(&d->rng, 0, 10 * 60);
        DemoMeeting m = { "held", "closed", created, closed, opened, closed,
                          starts - REMINDER_BEFORE_SECONDS + rng_range(&d->rng, 0, 5 * 60),
                          closed + rng_range(&d->rng, 60, 10 * 60), 0, 5 };
        if (demo_meeting_set(c, e, id, &m) < 0) return -1;
        held_id[nheld] = id;

        /* who came */
        int ns = seats_at(ch, starts, seats), present[MAX_SEATS], np = 0;
        bool here[MAX_SEATS] = { false };
        for (int j = 0; j < ns; j++) {
            int s = seats[j];
            bool steady = s == 0 || ch->connector[s];
            here[j] = !(absent[s] >> i & 1) && !rng_one_in(&d->rng, steady ? 25 : drifting[s] ? 3 : 8);
            np += here[j];
        }
        for (int j = 0; j < ns && np < 2; j++)
            if (!here[j] && !drifting[seats[j]]) {
                here[j] = true;
                np++;
            }
        np = 0;
        if (!ch->held) ch->held = arena_alloc(&d->a, sizeof *ch->held * MAX_PAST);
        Held *h = &ch->held[ch->nheld++];
        *h = (Held){ id, starts, closed, 0 };
        for (int j = 0; j < ns; j++) {
            if (attendance_put(c, e, id, d->people[ch->who[seats[j]]].id, here[j], connector->id) < 0) return -1;
            if (here[j]) present[np++] = seats[j];
            if (here[j]) h->present |= 1u << seats[j];
        }
        if (meeting_talk(d, c, e, k, id, present, np, t, &said, &b, nheld, promises, &npromises) < 0) return -1;
        nheld++;
    }
    /* commitments come back at the next meeting: most done, some dropped, a few of the recent ones still open */
    for (int i = 0; i < npromises; i++) {
        Promise *pr = &promises[i];
        if (pr->held >= nheld - 1) continue;
        int r = rng_int(&d->rng, 1, 100);
        if (r > 88 && pr->held >= nheld - 4) continue;
        if (commitment_close(c, e, pr->id, r <= 75 ? "done" : "dropped", held_id[pr->held + 1]) < 0) return -1;
    }
    if (demo_talk_backdate(c, e, ch->id) < 0) return -1;
    if (def->status == ST_CLOSED) return 0;

    /* the series, and the meetings the periodic work would have scheduled by now */
    SeriesFields f = { plan->rrule, first, tz, plan->venue, plan->url, plan->duration };
    int64_t set_at = ch->created + rng_range(&d->rng, 2 * HOUR, 3 * DAY);
    int made = 0;
    if (set_at > now - HOUR) set_at = now - HOUR;
    if (series_put(c, e, ch->id, &f) < 0 || demo_series_backdate(c, e, ch->id, set_at) < 0 ||
        series_schedule(c, e, ch->id, now, &made) < 0 || demo_upcoming_backdate(c, e, ch->id, set_at) < 0)
        return -1;
    if (k == d->today_k) {
        Occurrence o = { "", 0 };
        int64_t id = 0;
        int regular = today_meeting(d, plan, first, tz, &o, e);
        if (regular < 0) return -1;
        /* a regular one is in the calendar already, unless it began a moment ago (series_schedule looks ahead) */
        int64_t ends = o.starts_at + (regular ? dur : 120 * 60);
        if (!(regular && o.starts_at > now)) {
            int added = meeting_insert(c, e, ch->id, regular ? o.local : NULL, o.starts_at, ends, tz, plan->venue,
                                       plan->url, &id);
            if (added < 0) return -1;
            DemoMeeting m = { "scheduled", "planned", now - 9 * DAY, now - 9 * DAY, 0, 0, 0, 0, 0, 0 };
            if (added && demo_meeting_set(c, e, id, &m) < 0) return -1;
        }
        d->today_at = o.starts_at;
    }

    /* answers for the next meeting: two thirds of an active table, fewer where it rests; Tomás has not answered */
    int64_t next = 0;
    int found = demo_next_meeting(c, e, ch->id, now, &next);
    if (found < 0) return -1;
    int share = def->status == ST_DORMANT ? 33 : def->status == ST_FORMING ? 75 : 67;
    for (int s = 0; found && s < ch->n; s++) {
        if (ch->left[s] || ch->who[s] == P_TOMAS) continue;
        const char *answer = NULL;
        if (drifting[s]) answer = rng_one_in(&d->rng, 2) ? "no" : NULL;
        else if (s == 0 && def->status != ST_DORMANT) answer = "yes";
        else if (rng_int(&d->rng, 1, 100) <= share) {
            int r = rng_int(&d->rng, 1, 100);
            answer = r <= 70 ? "yes" : r <= 88 ? "maybe" : "no";
        }
        if (answer && rsvp_put(c, e, next, d->people[ch->who[s]].id, answer) < 0) return -1;
    }
    return demo_rsvp_backdate(c, e, ch->id, now);
}

static int meetings_make(Demo *d, DbConn *c, Err *e)
{
    d->rng.s = DEMO_SEED ^ 0x6d656574696e6773ull;
    memset(&d->mt, 0, sizeof d->mt);
    d->today_at = 0;
    d->today_k = -1;
    for (int k = 0; k < NCHAPTER; k++) {   /* Inês runs it, Tomás sits at it: Lisbon Founders Breakfast */
        const ChapterDef *def = &chapter_defs[k];
        if (def->creator == FX_INES && (def->fixed & FX_TOMAS) && def->status == ST_ACTIVE) d->today_k = k;
    }
    for (int m = 0; m < NMETRO; m++) {
        int found = demo_place_timezone(c, e, d->metro_id[m], &d->a, &d->metro_tz[m]);
        if (found < 0) return -1;
        if (!found || !timezone_known(d->metro_tz[m])) d->metro_tz[m] = metros[m].tz;
    }
    Arena tmp;
    arena_init(&tmp, 64 * 1024);
    Talk *t = xcalloc(1, sizeof *t);
    int rc = 0;
    for (int k = 0; k < NCHAPTER && rc == 0; k++) {
        memset(t, 0, sizeof *t);
        memset(t->owner, -1, sizeof t->owner);
        rc = chapter_meetings(d, c, e, k, t, &tmp);
        arena_reset(&tmp);
    }
    free(t);
    arena_release(&tmp);
    if (rc == 0 && d->mt.stories_rejected)   /* the banks are written to pass: this says one of them no longer does */
        fprintf(stderr, "demo: %d stories left out, read as advice by the directive "
                        "heuristic\n", d->mt.stories_rejected);
    return rc;
}

/* ---------- the books: organisations, baskets, contributions and money ---------- */

/* Who the chapters deal with. Invented, like the members' companies. */
enum { OR_SPONSOR, OR_VENUE, OR_FOOD, OR_PRINT, OR_TICKETS, OR_FUNDER, OR_HOSTING };

typedef struct OrgDef {
    const char *name, *kind, *website;
    int metro, role;   /* where it is (-1: the whole network); what it does for the chapters */
} OrgDef;

static const OrgDef org_defs[] = {
    { "Banco Atlântico", "sponsor", "https://bancoatlantico.example", MT_LISBON, OR_SPONSOR },
    { "Moreira & Sá Advogados", "sponsor", "https://moreirasa.example", MT_LISBON, OR_SPONSOR },
    { "Casa Estrela Coworking", "venue", "https://casaestrela.example", MT_LISBON, OR_VENUE },
    { "Pastelaria Graça", "supplier", "", MT_LISBON, OR_FOOD },
    { "Escola de Negócios do Douro", "sponsor", "https://negociosdouro.example", MT_PORTO, OR_SPONSOR },
    { "Gráfica Bolhão", "supplier", "", MT_PORTO, OR_PRINT },
    { "Lemaire Haddad Avocats", "sponsor", "https://lemaire-haddad.example", MT_PARIS, OR_SPONSOR },
    { "Imprimerie du Canal", "supplier", "", MT_PARIS, OR_PRINT },
    { "Traiteur des Pentes", "supplier", "", MT_LYON, OR_FOOD },
    { "Spreebank", "sponsor", "https://spreebank.example", MT_BERLIN, OR_SPONSOR },
    { "Kanzlei Vogel & Neumann", "sponsor", "https://vogel-neumann.example", MT_BERLIN, OR_SPONSOR },
    { "Kaffeerösterei Wedding", "supplier", "", MT_BERLIN, OR_FOOD },
    { "Isarwerk Coworking", "venue", "https://isarwerk.example", MT_MUNICH, OR_VENUE },
    { "Hackney Mutual", "sponsor", "https://hackneymutual.example", MT_LONDON, OR_SPONSOR },
    { "Ashworth Pryce LLP", "sponsor", "https://ashworthpryce.example", MT_LONDON, OR_SPONSOR },
    { "Clerkenwell Print Works", "supplier", "", MT_LONDON, OR_PRINT },
    { "The Irwell Rooms", "venue", "https://irwellrooms.example", MT_MANCHESTER, OR_VENUE },
    { "Golden Gate Community Bank", "sponsor", "https://ggcb.example", MT_SAN_FRANCISCO, OR_SPONSOR },
    { "Mission Street Commons", "venue", "https://missionstreetcommons.example", MT_SAN_FRANCISCO, OR_VENUE },
    { "Hudson & Pierce LLP", "sponsor", "https://hudsonpierce.example", MT_NEW_YORK, OR_SPONSOR },
    { "Bowery Bagel Co.", "supplier", "", MT_NEW_YORK, OR_FOOD },
    { "Karura Commercial Bank", "sponsor", "https://karurabank.example", MT_NAIROBI, OR_SPONSOR },
    { "Kilimani Business School", "sponsor", "https://kilimanibs.example", MT_NAIROBI, OR_SPONSOR },
    { "Banco Paulista de Fomento", "sponsor", "https://bancopaulista.example", MT_SAO_PAULO, OR_SPONSOR },
    { "Café Pinheiros", "supplier", "", MT_SAO_PAULO, OR_FOOD },
    { "Universidade Guanabara", "sponsor", "https://guanabara.example", MT_RIO, OR_SPONSOR },
    { "Tixio", "other", "https://tixio.example", -1, OR_TICKETS },
    { "The Meridian Foundation", "sponsor", "https://meridianfoundation.example", -1, OR_FUNDER },
    { "Nordlicht Hosting", "supplier", "https://nordlicht.example", -1, OR_HOSTING },
};
#define NORG N(org_defs)

/* Each country's money; rate: minor units per 100 euro cents, step: what amounts are rounded to. */
typedef struct CurrencyDef {
    const char *code;
    int64_t rate, step;
} CurrencyDef;

static const CurrencyDef currencies[] = {
    [CU_PT] = { "EUR", 100, 10 }, [CU_FR] = { "EUR", 100, 10 },  [CU_DE] = { "EUR", 100, 10 },
    [CU_UK] = { "GBP", 86, 10 },  [CU_US] = { "USD", 108, 10 },  [CU_KE] = { "KES", 14000, 1000 },
    [CU_BR] = { "BRL", 560, 100 },
};

/* What members bring to a meeting: the local food first, then things anyone might. cents: valuation in euro
 * cents (0: lent, not valued). */
typedef struct GoodsDef {
    const char *what, *category;
    int count;
    int64_t cents;
} GoodsDef;

static const GoodsDef food_goods[][3] = {
    [CU_PT] = { { "A box of pastéis de nata for the table", "food & drink", 1, 960 },
                { "Coffee and bolos from the pastelaria downstairs", "food & drink", 1, 1450 },
                { "Two bottles of vinho verde", "food & drink", 2, 1600 } },
    [CU_FR] = { { "Croissants and pains au chocolat from the bakery", "food & drink", 1, 1440 },
                { "A cheese board for the table", "food & drink", 1, 2200 },
                { "Two bottles of Côtes du Rhône", "food & drink", 2, 1800 } },
    [CU_DE] = { { "Brezeln and a thermos of coffee", "food & drink", 1, 1200 },
                { "A tray of Streuselkuchen", "food & drink", 1, 1500 },
                { "A crate of Club-Mate", "food & drink", 1, 1800 } },
    [CU_UK] = { { "Tea, milk and a tin of biscuits", "food & drink", 1, 1000 },
                { "Sandwiches from the deli round the corner", "food & drink", 1, 3600 },
                { "A crate of pale ale from a local brewery", "food & drink", 1, 2800 } },
    [CU_US] = { { "Bagels and cream cheese for everyone", "food & drink", 1, 2600 },
                { "Two boxes of doughnuts", "food & drink", 2, 2200 },
                { "Cold brew and sparkling water", "food & drink", 1, 1800 } },
    [CU_KE] = { { "Mandazi and a flask of chai", "food & drink", 1, 650 },
                { "Samosas from the café downstairs", "food & drink", 1, 1100 },
                { "Fresh mango juice for the table", "food & drink", 1, 900 } },
    [CU_BR] = { { "Pão de queijo and a thermos of coffee", "food & drink", 1, 800 },
                { "A tray of brigadeiros", "food & drink", 1, 700 },
                { "Fresh juices from the corner bar", "food & drink", 1, 1000 } },
};

static const GoodsDef thing_goods[] = {
    { "Lent a projector for the evening", "equipment", 1, 0 },
    { "Lent a portable speaker and a microphone", "equipment", 1, 0 },
    { "A flip chart and a box of markers", "supplies", 1, 3500 },
    { "Printed name cards for everyone", "printing", 1, 1200 },
    { "Two books for the chapter's shelf", "books", 2, 4200 },
    { "An HDMI adapter that now lives in the chapter's box", "equipment", 1, 1900 },
};

typedef struct FavourDef {
    const char *what, *category;
    bool for_someone;   /* a fellow member is the beneficiary */
} FavourDef;

static const FavourDef favour_defs[] = {
    { "An introduction to a seed investor, for a fellow member", "introduction", true },
    { "Lent the meeting room at our office for the evening", "venue", false },
    { "Read a fellow member's pitch deck and sent notes before the meeting", "advice", true },
    { "An introduction to a lawyer who knows the sector's rules", "introduction", true },
    { "Brought a founder from the neighbouring chapter as a guest speaker", "introduction", false },
    { "Connected a fellow member with a first customer", "introduction", true },
    { "Translated the chapter's notes for the commons", "knowledge", false },
};

/* Hours of preparation, before and after the name of the month. */
static const char *const hours_lines[][2] = {
    { "Preparing the ", " meeting: agenda, room and reminders" },
    { "Booking the room and chasing the answers for ", "" },
    { "Hosting the ", " meeting and writing up the notes" },
    { "Welcoming a new member and preparing the ", " rounds" },
};
static const char *const second_hours_lines[][2] = {
    { "Writing the ", " summary for the commons" },
    { "Setting up the room and the video link in ", "" },
    { "Following up the ", " commitments with each member" },
};

static const char *const month_names[] = {
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
};

/* One transaction to post, planned before any is written so that they go into the chain in the order they
 * happened (the chain covers recorded_at, and its order must be the order of recording). */
typedef struct Plan {
    int64_t at;             /* recorded_at */
    char day[11];           /* occurred_on, in the unit's own time zone */
    const char *kind, *description, *category, *visibility;
    int64_t payer, recipient, beneficiary, approved_by, recorded_by, meeting_id;
    int reverses;           /* the plan this one reverses, or -1 */
    int np;
    Posting p[2];
    int64_t id, seq;        /* once written */
    bool skipped;           /* would have overdrawn a unit or a basket */
} Plan;

typedef struct ClaimPlan {
    DemoClaim k;
    int plan;               /* the expense an approved claim became, or -1 */
    char day[11];
} ClaimPlan;

typedef struct Basket {
    int64_t id, funded_at[3], funded[3], spent;
    int nfund;
} Basket;

#define MAX_BASKETS 128
#define MAX_EVENTS 4

typedef struct Books {
    Plan *plan;
    int nplan, cap;
    ClaimPlan *claim;
    int nclaim, claim_cap;
    Basket basket[MAX_BASKETS];
    int nbasket;
    int64_t net, admin;
    int64_t country_acct[NMETRO], chap_acct[NCHAPTER];
    int64_t *person_acct;                    /* by index into people, 0 until first used */
    int64_t org_id[NORG], org_acct[NORG];
    int64_t income_at[NCHAPTER][MAX_EVENTS]; /* when money the chapter could share came in */
    int nincome[NCHAPTER];
    int lff, lfb;                            /* Lisbon Fintech Founders and Lisbon Founders Breakfast */
    int skipped;
} Books;

static const char *cur_of(int metro)
{
    return currencies[metros[metro].culture].code;
}

/* Euro cents in the metro's currency, rounded as people round. */
static int64_t cash(int metro, int64_t cents)
{
    const CurrencyDef *cu = &currencies[metros[metro].culture];
    int64_t v = cents * cu->rate / 100;
    v = (v + cu->step / 2) / cu->step * cu->step;
    return v < cu->step ? cu->step : v;
}

/* v (minor units of the metro's currency) rounded down to `steps` of its rounding step. */
static int64_t rounded(int metro, int64_t v, int64_t steps)
{
    int64_t unit = currencies[metros[metro].culture].step * steps;
    return v / unit * unit > 0 ? v / unit * unit : unit;
}

/* A round sum of lo to hi euros (in fives), in the metro's currency. */
static int64_t cash_between(Demo *d, int metro, int lo, int hi)
{
    return cash(metro, rng_range(&d->rng, lo / 5, hi / 5) * 500);
}

static void local_day(Demo *d, int metro, int64_t t, char day[11])
{
    char hm[6];
    time_local_parts(t, metro >= 0 ? d->metro_tz[metro] : "UTC", day, hm);
}

static const char *month_of(const char *day)
{
    int m = atoi(day + 5);
    return month_names[(m >= 1 && m <= 12 ? m : 1) - 1];
}

/* An organisation of that role in the metro (a sponsor may be elsewhere in its country); -1 if none. */
static int org_pick(Demo *d, int metro, int role)
{
    int cand[NORG], n = 0;
    for (int pass = 0; pass < (role == OR_SPONSOR ? 2 : 1) && !n; pass++)
        for (int o = 0; o < NORG; o++) {
            const OrgDef *od = &org_defs[o];
            if (od->role != role || od->metro < 0) continue;
            if (pass == 0 ? od->metro == metro : str_eq(metros[od->metro].country, metros[metro].country)) cand[n++] = o;
        }
    return n ? cand[rng_int(&d->rng, 0, n - 1)] : -1;
}

static int org_named(const char *name)
{
    for (int o = 0; o < NORG; o++)
        if (str_eq(org_defs[o].name, name)) return o;
    return -1;
}

static int org_of_role(int role)
{
    for (int o = 0; o < NORG; o++)
        if (org_defs[o].role == role) return o;
    return -1;
}

static Plan *plan_add(Demo *d, Books *B, int metro, int64_t occurred, int64_t at, const char *kind,
                      const char *description, const char *category, const char *visibility)
{
    if (B->nplan == B->cap) {
        B->cap = B->cap ? 2 * B->cap : 4096;
        B->plan = xrealloc(B->plan, sizeof *B->plan * (size_t)B->cap);
    }
    if (at > d->now - 5 * 60) at = d->now - 5 * 60;
    if (occurred > at) occurred = at;
    Plan *p = &B->plan[B->nplan++];
    memset(p, 0, sizeof *p);
    p->at = at;
    p->kind = kind;
    p->description = description;
    p->category = category ? category : "";
    p->visibility = visibility;
    p->reverses = -1;
    local_day(d, metro, occurred, p->day);
    return p;
}

/* amount of resource from one account to another. */
static void plan_move(Plan *p, int64_t from, int64_t to, const char *resource, int64_t amount)
{
    p->payer = from;
    p->recipient = to;
    p->np = 2;
    p->p[0] = (Posting){ from, resource, -amount, 0, NULL };
    p->p[1] = (Posting){ to, resource, amount, 0, NULL };
}

/* The account of person `who` (made on first use); 0 on error. */
static int64_t member_acct(Demo *d, Books *B, DbConn *c, Err *e, int who)
{
    if (!B->person_acct[who] && account_of(c, e, "member", d->people[who].id, &B->person_acct[who]) < 0) return 0;
    return B->person_acct[who];
}

static const char *pick_vis(Demo *d, int public_pct, const char *otherwise)
{
    return rng_int(&d->rng, 1, 100) <= public_pct ? "public" : otherwise;
}

/* The seats at a meeting: everyone present, connectors first; or (others) only the members who do not run it.
 * Their number is returned. */
static int table_of(const Chap *ch, const Held *h, bool others, int *out)
{
    int n = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int s = 0; s < ch->n; s++)
            if ((h->present >> s & 1) && ch->connector[s] == (pass == 0) && !(others && ch->connector[s])) out[n++] = s;
    return n;
}

/* Opens a basket under chapter k's account, as it was on `at`; index into B->basket or -1 on error. */
static int basket_open(Books *B, DbConn *c, Err *e, int k, const char *name, const char *purpose, int64_t at)
{
    if (B->nbasket == MAX_BASKETS) return err_set(e, E_INTERNAL, "The demo has more baskets than it planned for.");
    Basket *b = &B->basket[B->nbasket];
    memset(b, 0, sizeof *b);
    if (basket_insert(c, e, B->chap_acct[k], name, purpose, &b->id) < 0 || demo_account_backdate(c, e, b->id, at) < 0)
        return -1;
    return B->nbasket++;
}

/* A sponsor's money into basket bi. */
static void basket_fund(Demo *d, Books *B, int k, int bi, int sponsor, int64_t at, int64_t amount, const char *why)
{
    Basket *b = &B->basket[bi];
    int m = chapter_defs[k].metro;
    const char *vis = pick_vis(d, 80, "network");
    Plan *p = plan_add(d, B, m, at - rng_range(&d->rng, 0, 2 * DAY), at, "basket_funding", why, "",
                       k == B->lff || k == B->lfb ? "public" : vis);
    plan_move(p, B->org_acct[sponsor], b->id, cur_of(m), amount);
    p->beneficiary = B->chap_acct[k];
    p->recorded_by = chap_connector(d, &d->chap[k])->id;
    if (b->nfund < 3) {
        b->funded_at[b->nfund] = p->at;
        b->funded[b->nfund++] = amount;
    }
}

/* What basket bi holds at time t (given that its spending is planned in time order). */
static int64_t basket_holds(const Basket *b, int64_t t)
{
    int64_t in = 0;
    for (int i = 0; i < b->nfund; i++)
        if (b->funded_at[i] < t) in += b->funded[i];
    return in - b->spent;
}

/* Spending from basket bi on its purpose; false (nothing planned) when it does not hold enough. */
static bool basket_spend(Demo *d, Books *B, int k, int bi, const char *purpose, int64_t occurred, int64_t at,
                         int64_t to, int64_t amount, const char *why, const char *visibility)
{
    Basket *b = &B->basket[bi];
    if (basket_holds(b, at) < amount) return false;
    b->spent += amount;
    Plan *p = plan_add(d, B, chapter_defs[k].metro, occurred, at, "basket_spending", why, purpose, visibility);
    plan_move(p, b->id, to, cur_of(chapter_defs[k].metro), amount);
    p->beneficiary = B->chap_acct[k];
    p->approved_by = p->recorded_by = chap_connector(d, &d->chap[k])->id;
    return true;
}

static ClaimPlan *claim_new(Books *B)
{
    if (B->nclaim == B->claim_cap) {
        B->claim_cap = B->claim_cap ? 2 * B->claim_cap : 256;
        B->claim = xrealloc(B->claim, sizeof *B->claim * (size_t)B->claim_cap);
    }
    ClaimPlan *cp = &B->claim[B->nclaim++];
    memset(cp, 0, sizeof *cp);
    cp->plan = -1;
    return cp;
}

/* A member paid for something and was paid back: a claim, approved by the connector a little later, and the
 * expense (or the basket's spending) it became. from: the chapter's account or one of its baskets. */
static int reimburse(Demo *d, Books *B, DbConn *c, Err *e, int k, int who, int64_t from, const char *purpose,
                     int64_t occurred, const char *why, const char *category, int64_t amount)
{
    int64_t payee = member_acct(d, B, c, e, who);
    if (!payee) return -1;
    int m = chapter_defs[k].metro;
    int64_t claimed = occurred + rng_range(&d->rng, 2 * HOUR, 2 * DAY);
    int64_t decided = claimed + rng_range(&d->rng, 3 * HOUR, 4 * DAY);
    if (decided > d->now - HOUR) return 0;   /* not decided yet: the pending claims are made apart */
    bool basket = purpose != NULL;
    Plan *p = plan_add(d, B, m, occurred, decided, basket ? "basket_spending" : "expense", why,
                       basket ? purpose : category, "unit");
    plan_move(p, from, payee, cur_of(m), amount);
    p->recorded_by = d->people[who].id;
    p->approved_by = chap_connector(d, &d->chap[k])->id;
    ClaimPlan *cp = claim_new(B);
    cp->plan = B->nplan - 1;
    cp->k = (DemoClaim){ from, payee, amount, d->people[who].id, claimed, p->approved_by, decided, 0, cur_of(m), why,
                         p->category, NULL, "unit", "approved" };
    memcpy(cp->day, p->day, sizeof cp->day);
    return 0;
}

/* A claim still waiting for the connector (decided 0), or declined. */
static int claim_open(Demo *d, Books *B, DbConn *c, Err *e, int k, int who, int64_t occurred, int64_t claimed,
                      const char *why, const char *category, int64_t amount, int64_t declined)
{
    int64_t payee = member_acct(d, B, c, e, who);
    if (!payee) return -1;
    ClaimPlan *cp = claim_new(B);
    int m = chapter_defs[k].metro;
    cp->k = (DemoClaim){ B->chap_acct[k], payee, amount, d->people[who].id, claimed,
                         declined ? chap_connector(d, &d->chap[k])->id : 0, declined, 0, cur_of(m), why, category,
                         NULL, "unit", declined ? "declined" : "pending" };
    local_day(d, m, occurred, cp->day);
    return 0;
}

/* The hours, goods and favours given at chapter k's meetings. */
static int books_contributions(Demo *d, Books *B, DbConn *c, Err *e, int k)
{
    const ChapterDef *def = &chapter_defs[k];
    Chap *ch = &d->chap[k];
    int m = def->metro, cu = metros[m].culture;
    bool fixed = k == B->lff || k == B->lfb;
    for (int i = 0; i < ch->nheld; i++) {
        const Held *h = &ch->held[i];
        bool recent = i >= ch->nheld - 3;
        char day[11];
        local_day(d, m, h->starts, day);
        const char *month = month_of(day);
        int seats[MAX_SEATS], ns = table_of(ch, h, false, seats), others[MAX_SEATS], no = table_of(ch, h, true, others);
        if (!ns) continue;
        int host = ch->connector[seats[0]] ? seats[0] : 0;
        int64_t by = d->people[ch->who[host]].id;
        /* quick capture at the end of the evening, or the next day */
        int64_t captured = rng_one_in(&d->rng, 3) ? h->closed + rng_range(&d->rng, 13 * HOUR, 24 * HOUR)
                                                  : h->closed + rng_range(&d->rng, 3 * 60, 40 * 60);
        if (fixed || rng_int(&d->rng, 1, 100) <= 85) {
            int64_t from = member_acct(d, B, c, e, ch->who[host]);
            if (!from) return -1;
            const char *const *hl = hours_lines[rng_int(&d->rng, 0, N(hours_lines) - 1)];
            const char *what = arena_printf(&d->a, "%s%s%s", hl[0], month, hl[1]);
            Plan *p = plan_add(d, B, m, h->starts, captured, "contribution", what, "preparation", pick_vis(d, 10, "unit"));
            plan_move(p, from, B->chap_acct[k], "HOURS", rng_int(&d->rng, 4, 12) * 15);
            p->meeting_id = h->id;
            p->recorded_by = by;
            if (ns > 1 && ch->connector[seats[1]] && rng_int(&d->rng, 1, 100) <= 40) {
                int64_t from2 = member_acct(d, B, c, e, ch->who[seats[1]]);
                if (!from2) return -1;
                hl = second_hours_lines[rng_int(&d->rng, 0, N(second_hours_lines) - 1)];
                what = arena_printf(&d->a, "%s%s%s", hl[0], month, hl[1]);
                p = plan_add(d, B, m, h->starts, captured + 60, "contribution", what, "preparation", "unit");
                plan_move(p, from2, B->chap_acct[k], "HOURS", rng_int(&d->rng, 2, 6) * 15);
                p->meeting_id = h->id;
                p->recorded_by = by;
            }
        }
        /* something brought to the table: food mostly, now and then a thing */
        int ngoods = (fixed && recent) ? 1 + (i == ch->nheld - 1) : rng_int(&d->rng, 1, 100) <= 50;
        for (int g = 0; g < ngoods; g++) {
            int s = no ? others[rng_int(&d->rng, 0, no - 1)] : seats[rng_int(&d->rng, 0, ns - 1)];
            const GoodsDef *gd = rng_int(&d->rng, 1, 100) <= 65 ? &food_goods[cu][rng_int(&d->rng, 0, 2)]
                                                                 : &thing_goods[rng_int(&d->rng, 0, N(thing_goods) - 1)];
            int64_t from = member_acct(d, B, c, e, ch->who[s]);
            if (!from) return -1;
            Plan *p = plan_add(d, B, m, h->starts, captured + 120 + g * 60, "contribution", gd->what, gd->category,
                               pick_vis(d, 12, "unit"));
            plan_move(p, from, B->chap_acct[k], "GOODS", gd->count);
            if (gd->cents) {
                int64_t value = cash(m, gd->cents);
                for (int j = 0; j < 2; j++) {
                    p->p[j].value_amount = value;
                    p->p[j].value_currency = cur_of(m);
                }
            }
            p->meeting_id = h->id;
            p->recorded_by = by;
        }
        /* a favour: an introduction, a room lent */
        if (rng_int(&d->rng, 1, 100) <= 20 || (fixed && i == ch->nheld - 2)) {
            const int *all = seats;
            int na = ns;
            int s = all[rng_int(&d->rng, 0, na - 1)];
            const FavourDef *fd = &favour_defs[rng_int(&d->rng, 0, N(favour_defs) - 1)];
            int64_t from = member_acct(d, B, c, e, ch->who[s]), to = 0;
            if (!from) return -1;
            if (fd->for_someone && na > 1) {
                int t = all[rng_int(&d->rng, 0, na - 2)];
                if (t == s) t = all[na - 1];
                if (!(to = member_acct(d, B, c, e, ch->who[t]))) return -1;
            }
            Plan *p = plan_add(d, B, m, h->starts, captured + 300, "contribution", fd->what, fd->category,
                               pick_vis(d, 20, "unit"));
            plan_move(p, from, B->chap_acct[k], "FAVOURS", 1);
            p->beneficiary = to;
            p->meeting_id = h->id;
            p->recorded_by = by;
        }
    }
    return 0;
}

enum { EV_PITCH, EV_MIXER, EV_INVESTORS, EV_WEEKEND };

typedef struct Event {
    int64_t at;
    int kind, held;   /* the meeting it followed */
} Event;

static const char *event_name(Demo *d, const Event *ev, int metro)
{
    char day[11];
    local_day(d, metro, ev->at, day);
    switch (ev->kind) {
    case EV_PITCH: return arena_printf(&d->a, "the %s pitch night", month_of(day));
    case EV_MIXER: return arena_printf(&d->a, "the %s First Tuesday mixer", month_of(day));
    case EV_INVESTORS: return arena_printf(&d->a, "the %s breakfast with investors", month_of(day));
    default: return arena_printf(&d->a, "Startup Weekend %s", metros[metro].name);
    }
}

/* The money of chapter k: sponsorship, earmarked baskets and what they paid for, events with their tickets and
 * costs, the network's share, and the small expenses members are paid back for. */
static int books_money(Demo *d, Books *B, DbConn *c, Err *e, int k)
{
    const ChapterDef *def = &chapter_defs[k];
    Chap *ch = &d->chap[k];
    int m = def->metro, nh = ch->nheld;
    const char *cur = cur_of(m);
    int64_t acct = B->chap_acct[k], by = chap_connector(d, ch)->id;
    bool lff = k == B->lff, table = def->sector == SE_NONE;
    int sponsor = org_pick(d, m, OR_SPONSOR), sponsor2 = org_pick(d, m, OR_SPONSOR);
    int venue = org_pick(d, m, OR_VENUE), food = org_pick(d, m, OR_FOOD), print = org_pick(d, m, OR_PRINT);
    if (lff) {   /* Moreira & Sá pays the running costs; Banco Atlântico the room at Casa Estrela */
        sponsor = org_named("Moreira & Sá Advogados");
        sponsor2 = org_named("Banco Atlântico");
        venue = org_named("Casa Estrela Coworking");
    }
    if (sponsor < 0) return 0;

    /* the sponsorship that pays the running costs, renewed after a year */
    int64_t first = ch->held[nh > 1 ? 1 : 0].starts + rng_range(&d->rng, 3 * DAY, 12 * DAY);
    int64_t until = def->status == ST_ACTIVE ? d->now - DAY : ch->held[nh - 1].starts;
    for (int64_t t = first; t < until; t += 365 * DAY) {
        char day[11];
        local_day(d, m, t, day);
        Plan *p = plan_add(d, B, m, t - rng_range(&d->rng, 0, 3 * DAY), t,
                           "income", arena_printf(&d->a, "Sponsorship of the chapter for %.4s", day), "sponsorship",
                           "public");
        plan_move(p, B->org_acct[sponsor], acct, cur, cash_between(d, m, table ? 500 : 800, table ? 900 : 1500));
        p->recorded_by = by;
        if (B->nincome[k] < MAX_EVENTS) B->income_at[k][B->nincome[k]++] = p->at;
    }

    /* events after some meetings */
    Event ev[MAX_EVENTS];
    int nev = 0;
    if (lff && nh >= 6) {
        ev[nev++] = (Event){ ch->held[nh - 6].starts + 12 * DAY, EV_PITCH, nh - 6 };
        ev[nev++] = (Event){ ch->held[nh - 3].starts + 14 * DAY, EV_MIXER, nh - 3 };
    } else if (nh >= 4) {
        int want = nh >= 7 ? rng_int(&d->rng, 1, 3) : rng_int(&d->rng, 0, 1);
        for (int j = 0; j < want; j++) {
            int at = rng_int(&d->rng, 2 + j * (nh - 2) / want, 1 + (j + 1) * (nh - 2) / want);
            if (at >= nh) at = nh - 1;
            int kind = table ? EV_INVESTORS : rng_one_in(&d->rng, 2) ? EV_PITCH : EV_MIXER;
            if (!table && nh >= 10 && j == want - 1 && rng_one_in(&d->rng, 4)) kind = EV_WEEKEND;
            Event x = { ch->held[at].starts + rng_range(&d->rng, 9, 16) * DAY, kind, at };
            if (x.at < d->now - 12 * DAY && (!nev || x.at > ev[nev - 1].at + 20 * DAY)) ev[nev++] = x;
        }
    }

    /* the baskets: the venue or the coffee, and one for an event now and then */
    int venue_b = -1, coffee_b = -1;
    int64_t venue_from = 0, coffee_from = 0, room = cash_between(d, m, 90, 150);
    if (lff) {   /* the room for next year, funded at the end of the summer and partly spent */
        int64_t at = d->now - 82 * DAY;
        char day[11];
        local_day(d, m, at, day);
        int year = atoi(day) + (atoi(day + 5) >= 9);
        venue_b = basket_open(B, c, e, k, arena_printf(&d->a, "Venue %d", year), "venue", at);
        if (venue_b < 0) return -1;
        basket_fund(d, B, k, venue_b, sponsor2, at + 2 * DAY, cash(m, 300000),
                    arena_printf(&d->a, "Banco Atlântico sponsors our room at Casa Estrela until the end of %d", year));
        venue_from = at + 2 * DAY;
        room = cash(m, 14000);
        int64_t dep = at + 9 * DAY;
        basket_spend(d, B, k, venue_b, "venue", dep, dep + 2 * HOUR, B->org_acct[venue], cash(m, 60000),
                     arena_printf(&d->a, "Deposit for the %d room bookings at Casa Estrela", year), "parties");
        int64_t pb = d->now - 24 * DAY;
        int bi = basket_open(B, c, e, k, "Startup weekend prizes", "prizes", pb);
        if (bi < 0) return -1;
        basket_fund(d, B, k, bi, sponsor, pb + DAY, cash(m, 200000),
                    "Prize money for Startup Weekend Lisbon, from Moreira & Sá");
    } else {
        int r = rng_int(&d->rng, 1, 100);
        int at = rng_int(&d->rng, 0, nh / 2);
        int64_t opened = ch->held[at].starts + rng_range(&d->rng, 2 * DAY, 10 * DAY);
        char day[11];
        local_day(d, m, opened, day);
        if (k == B->lfb) r = 50;   /* the breakfast's coffee is sponsored */
        if (venue >= 0 && r <= 35 && opened < d->now - 20 * DAY) {
            int year = atoi(day) + (atoi(day + 5) >= 9);
            venue_b = basket_open(B, c, e, k, arena_printf(&d->a, "Venue %d", year), "venue", opened);
            if (venue_b < 0) return -1;
            int s = sponsor2 >= 0 ? sponsor2 : sponsor;
            basket_fund(d, B, k, venue_b, s, opened + rng_range(&d->rng, DAY, 5 * DAY), cash_between(d, m, 1200, 2400),
                        arena_printf(&d->a, "%s sponsors the chapter's room for %d", org_defs[s].name, year));
            venue_from = opened;
            if (opened + 200 * DAY < d->now - 10 * DAY)
                basket_fund(d, B, k, venue_b, s, opened + 200 * DAY, cash_between(d, m, 600, 1200),
                            "A second payment for the room, as agreed");
        } else if ((r <= 80 || table) && opened < d->now - 20 * DAY) {
            coffee_b = basket_open(B, c, e, k, "Coffee fund", "food & drink", opened);
            if (coffee_b < 0) return -1;
            int s = sponsor2 >= 0 ? sponsor2 : sponsor;
            basket_fund(d, B, k, coffee_b, s, opened + rng_range(&d->rng, DAY, 5 * DAY), cash_between(d, m, 250, 500),
                        arena_printf(&d->a, "%s pays for the coffee at our meetings", org_defs[s].name));
            coffee_from = opened;
            if (opened + 180 * DAY < d->now - 10 * DAY)
                basket_fund(d, B, k, coffee_b, s, opened + 180 * DAY, cash_between(d, m, 250, 400),
                            "The coffee fund topped up for the next six months");
        }
    }

    /* what the meetings cost */
    for (int i = 0; i < nh; i++) {
        const Held *h = &ch->held[i];
        char day[11];
        local_day(d, m, h->starts, day);
        const char *month = month_of(day);
        int64_t after = h->closed + rng_range(&d->rng, HOUR, 3 * DAY);
        if (venue_b >= 0 && h->starts > venue_from + DAY)
            basket_spend(d, B, k, venue_b, "venue", h->starts, after, B->org_acct[venue], room,
                         arena_printf(&d->a, "Room hire, %s meeting", month), "parties");
        int others[MAX_SEATS], no = table_of(ch, h, true, others);
        if (coffee_b >= 0 && h->starts > coffee_from + DAY && rng_int(&d->rng, 1, 100) <= 80) {
            int64_t amount = cash_between(d, m, 20, 55);
            const char *why = arena_printf(&d->a, "Coffee and pastries, %s meeting", month);
            if (food >= 0)
                basket_spend(d, B, k, coffee_b, "food & drink", h->starts, after, B->org_acct[food], amount, why, "unit");
            else if (no && basket_holds(&B->basket[coffee_b], h->closed + 4 * DAY) >= amount) {
                B->basket[coffee_b].spent += amount;
                if (reimburse(d, B, c, e, k, ch->who[others[rng_int(&d->rng, 0, no - 1)]], B->basket[coffee_b].id,
                              "food & drink", h->starts, why, "food & drink", amount) < 0)
                    return -1;
            }
        } else if (coffee_b < 0 && no && h->starts > first + DAY && rng_int(&d->rng, 1, 100) <= (table ? 35 : 15)) {
            const char *why = arena_printf(&d->a, "%s for the %s meeting", rng_one_in(&d->rng, 2) ? "Coffee and pastries" : "Snacks and drinks", month);
            if (reimburse(d, B, c, e, k, ch->who[others[rng_int(&d->rng, 0, no - 1)]], acct, NULL, h->starts, why,
                          "food & drink", cash_between(d, m, 15, 45)) < 0)
                return -1;
        }
        if (rng_int(&d->rng, 1, 100) <= 6 && print >= 0 && h->starts > first + DAY) {
            Plan *p = plan_add(d, B, m, h->starts - 2 * DAY, after, "expense",
                               arena_printf(&d->a, "Printed programmes and name badges, %s", month), "printing",
                               "unit");
            plan_move(p, acct, B->org_acct[print], cur, cash_between(d, m, 30, 90));
            p->approved_by = p->recorded_by = by;
        }
    }

    /* events: their costs on the day, the tickets paid out a few days later, the network's share */
    bool pitch_basket = false;
    for (int j = 0; j < nev; j++) {
        const Event *x = &ev[j];
        const char *name = event_name(d, x, m);
        int64_t at = x->at, after = at + rng_range(&d->rng, 8 * HOUR, 2 * DAY);
        int tickets = x->kind == EV_WEEKEND ? rng_int(&d->rng, 60, 110) : rng_int(&d->rng, 25, 70);
        int64_t price = cash(m, (x->kind == EV_WEEKEND ? rng_range(&d->rng, 7, 12) : rng_range(&d->rng, 2, 4)) * 500);
        int64_t gross = price * tickets;
        int eb = -1;
        if (x->kind == EV_PITCH && !pitch_basket && (venue >= 0 || food >= 0) && (lff || rng_one_in(&d->rng, 3))) {
            pitch_basket = true;
            int s = sponsor2 >= 0 ? sponsor2 : sponsor;
            char day[11];
            local_day(d, m, at, day);
            eb = basket_open(B, c, e, k, arena_printf(&d->a, "Pitch night %.4s", day), "events", at - 45 * DAY);
            if (eb < 0) return -1;
            basket_fund(d, B, k, eb, s, at - rng_range(&d->rng, 25, 40) * DAY, cash_between(d, m, 700, 1200),
                        arena_printf(&d->a, "%s sponsors %s", org_defs[s].name, name));
            int64_t cost = cash_between(d, m, 450, 650);
            basket_spend(d, B, k, eb, "events", at, after, B->org_acct[venue >= 0 ? venue : food], cost,
                         arena_printf(&d->a, "Room, sound and drinks for %s", name), "public");
        } else if (x->kind == EV_WEEKEND) {
            int s = sponsor2 >= 0 ? sponsor2 : sponsor;
            int pb = basket_open(B, c, e, k, "Startup weekend prizes", "prizes", at - 70 * DAY);
            if (pb < 0) return -1;
            int64_t pot = cash_between(d, m, 1500, 2500);
            basket_fund(d, B, k, pb, s, at - rng_range(&d->rng, 40, 60) * DAY, pot,
                        arena_printf(&d->a, "Prize money for %s, from %s", name, org_defs[s].name));
            static const char *const places[] = { "First prize", "Second prize", "Third prize" };
            static const int share[] = { 50, 30, 20 };
            for (int w = 0; w < 3; w++) {
                int who = ch->who[rng_int(&d->rng, 1, ch->n - 1)];
                int64_t to = member_acct(d, B, c, e, who);
                if (!to) return -1;
                basket_spend(d, B, k, pb, "prizes", at + 2 * DAY, at + 2 * DAY + (w + 3) * HOUR, to,
                             rounded(m, pot * share[w] / 100, 10),
                             arena_printf(&d->a, "%s, %s, paid to the winning team's lead", places[w], name), "public");
            }
        }
        if (eb < 0) {
            if (venue >= 0) {
                Plan *p = plan_add(d, B, m, at, after, "expense", arena_printf(&d->a, "Room hire for %s", name), "venue",
                                   "parties");
                plan_move(p, acct, B->org_acct[venue], cur, cash_between(d, m, 150, 300));
                p->approved_by = p->recorded_by = by;
            }
            if (food >= 0) {
                Plan *p = plan_add(d, B, m, at, after + 60, "expense", arena_printf(&d->a, "Food and drinks for %s", name),
                                   "food & drink", "unit");
                plan_move(p, acct, B->org_acct[food], cur, rounded(m, gross * rng_range(&d->rng, 12, 22) / 100, 10));
                p->approved_by = p->recorded_by = by;
            } else {
                int who = ch->who[rng_int(&d->rng, 1, ch->n - 1)];
                if (reimburse(d, B, c, e, k, who, acct, NULL, at, arena_printf(&d->a, "Drinks and snacks for %s", name),
                              "food & drink", cash_between(d, m, 80, 200)) < 0)
                    return -1;
            }
        }
        if (print >= 0 && rng_one_in(&d->rng, 2)) {
            Plan *p = plan_add(d, B, m, at - 3 * DAY, at - 2 * DAY, "expense", arena_printf(&d->a, "Posters and flyers for %s", name),
                               "printing", "unit");
            plan_move(p, acct, B->org_acct[print], cur, cash_between(d, m, 40, 120));
            p->approved_by = p->recorded_by = by;
        }
        int64_t paid = at + rng_range(&d->rng, 3, 7) * DAY;
        Plan *p = plan_add(d, B, m, paid, paid + rng_range(&d->rng, HOUR, DAY), "income",
                           arena_printf(&d->a, "Tickets for %s (%d sold)", name, tickets), "tickets", "public");
        plan_move(p, B->org_acct[org_of_role(OR_TICKETS)], acct, cur, gross);
        p->recorded_by = by;
        int64_t got = p->at;
        if (B->nincome[k] < MAX_EVENTS) B->income_at[k][B->nincome[k]++] = got;
        int64_t share_at = got + rng_range(&d->rng, DAY, 4 * DAY);
        p = plan_add(d, B, m, share_at, share_at, "transfer",
                     arena_printf(&d->a, "Network share of the tickets for %s", name), "network share", "public");
        plan_move(p, acct, B->net, cur, rounded(m, gross / 10, 1));
        p->recorded_by = by;
        if (rng_one_in(&d->rng, 3)) {
            p = plan_add(d, B, m, share_at, share_at + 600, "transfer",
                         arena_printf(&d->a, "Share for the %s committee, from %s", metros[m].country, name),
                         "place share", "network");
            plan_move(p, acct, B->country_acct[m], cur, rounded(m, gross / 20, 1));
            p->recorded_by = by;
        }
    }
    return 0;
}

/* Cross-subsidies: in each metro the sector chapter that earns most helps the mixed table of the city. */
static void books_transfers(Demo *d, Books *B)
{
    for (int m = 0; m < NMETRO; m++) {
        int to = -1, from = -1;
        for (int k = 0; k < NCHAPTER; k++) {
            const ChapterDef *def = &chapter_defs[k];
            if (def->metro != m || def->status != ST_ACTIVE || !B->chap_acct[k]) continue;
            if (def->sector == SE_NONE) {
                if (to < 0) to = k;
            } else if (B->nincome[k] > 1 && (from < 0 || B->nincome[k] > B->nincome[from])) {
                from = k;
            }
        }
        if (m == MT_LISBON && B->lff >= 0 && B->lfb >= 0) {
            from = B->lff;
            to = B->lfb;
        }
        if (to < 0 || from < 0 || !B->chap_acct[to] || !B->chap_acct[from]) continue;
        const char *name = chapter_defs[to].name;
        const char *what = strstr(name, "Breakfast") ? "Subsidy for the breakfast chapter"
                           : strstr(name, "Evening") ? "Subsidy for the evening chapter"
                                                     : "Subsidy for the founders' circle";
        for (int i = 0; i < B->nincome[from] && i < 3; i++) {
            int64_t at = B->income_at[from][i] + rng_range(&d->rng, 3 * DAY, 9 * DAY);
            int64_t amount = cash_between(d, m, 150, 300);
            const char *vis = pick_vis(d, 40, "network");
            if (at > d->now - DAY || at < d->chap[to].created + 7 * DAY) continue;
            Plan *p = plan_add(d, B, m, at, at, "transfer", what, "cross-subsidy", vis);
            plan_move(p, B->chap_acct[from], B->chap_acct[to], cur_of(m), amount);
            p->recorded_by = chap_connector(d, &d->chap[from])->id;
        }
    }
}

/* The network's own books: a foundation's grant, the platform's hosting, bursaries for a connectors' gathering. */
static int books_network(Demo *d, Books *B, DbConn *c, Err *e)
{
    int funder = org_of_role(OR_FUNDER), host = org_of_role(OR_HOSTING);
    for (int y = 0; y < 2; y++) {
        int64_t at = d->start + 20 * DAY + y * 365 * DAY;
        if (at > d->now - DAY) break;
        Plan *p = plan_add(d, B, -1, at, at + 2 * HOUR, "income",
                           y ? "Grant for the connectors' programme, second year"
                             : "Grant for the connectors' programme, first year",
                           "grants", "public");
        plan_move(p, B->org_acct[funder], B->net, "EUR", y ? 1800000 : 2500000);
        p->recorded_by = B->admin;
    }
    for (int64_t at = d->start + 35 * DAY; at < d->now - 2 * DAY; at += 91 * DAY) {
        char day[11];
        local_day(d, -1, at, day);
        Plan *p = plan_add(d, B, -1, at, at + 3 * HOUR, "expense",
                           arena_printf(&d->a, "Platform hosting and backups, Q%d %.4s", (atoi(day + 5) + 2) / 3, day),
                           "hosting", "public");
        plan_move(p, B->net, B->org_acct[host], "EUR", 18900 + 1500 * rng_int(&d->rng, 0, 2));
        p->approved_by = p->recorded_by = B->admin;
    }
    /* four connectors from abroad came to Lisbon */
    static const int from[] = { MT_PARIS, MT_BERLIN, MT_LONDON, MT_NAIROBI };
    int64_t at = d->now - 131 * DAY;
    for (int i = 0; i < N(from); i++)
        for (int k = 0; k < NCHAPTER; k++) {
            if (chapter_defs[k].metro != from[i] || chapter_defs[k].status != ST_ACTIVE) continue;
            int who = d->chap[k].who[0];
            int64_t to = member_acct(d, B, c, e, who);
            if (!to) return -1;
            Plan *p = plan_add(d, B, -1, at, at + (i + 1) * HOUR, "expense",
                               "Travel bursary for the connectors' gathering in Lisbon", "travel", "parties");
            plan_move(p, B->net, to, "EUR", from[i] == MT_NAIROBI ? 68000 : 21000 + 2500 * i);
            p->approved_by = p->recorded_by = B->admin;
            break;
        }
    return 0;
}

/* Two mistakes, corrected by reversal (the books never edit): pastries for the breakfast entered in the Fintech
 * Founders' books, and a Berlin bill entered twice. */
static void books_mistakes(Demo *d, Books *B)
{
    if (B->lff >= 0 && B->lfb >= 0 && d->chap[B->lfb].nheld >= 3 && B->chap_acct[B->lff] && B->chap_acct[B->lfb]) {
        const Chap *ch = &d->chap[B->lfb];
        const Held *h = &ch->held[ch->nheld - 3];
        int m = chapter_defs[B->lfb].metro, food = org_pick(d, m, OR_FOOD);
        int64_t ines = d->people[P_INES].id, at = h->closed + 3 * HOUR, amount = cash(m, 1840);
        const char *what = "Pastéis de nata and coffee for the breakfast table";
        Plan *p = plan_add(d, B, m, h->starts, at, "expense", what, "food & drink", "unit");
        plan_move(p, B->chap_acct[B->lff], B->org_acct[food], cur_of(m), amount);
        p->approved_by = p->recorded_by = ines;
        int wrong = B->nplan - 1;
        p = plan_add(d, B, m, at + DAY, at + DAY, "reversal", "", "food & drink", "unit");
        p->reverses = wrong;
        p->recorded_by = ines;
        p = plan_add(d, B, m, h->starts, at + DAY + 5 * 60, "expense", what, "food & drink", "unit");
        plan_move(p, B->chap_acct[B->lfb], B->org_acct[food], cur_of(m), amount);
        p->approved_by = p->recorded_by = ines;
    }
    /* in Berlin if a chapter there has money of its own, else wherever one has, and a café to pay */
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < NCHAPTER; k++) {
            const ChapterDef *def = &chapter_defs[k];
            const Chap *ch = &d->chap[k];
            int m = def->metro, food = org_pick(d, m, OR_FOOD);
            if ((pass == 0) != (m == MT_BERLIN) || m == MT_LISBON || def->status != ST_ACTIVE || ch->nheld < 4 ||
                !B->nincome[k] || food < 0)
                continue;
            const Held *h = &ch->held[ch->nheld / 2];
            int64_t by = chap_connector(d, ch)->id, at = h->closed + 20 * HOUR, amount = cash(m, 3860);
            if (at < B->income_at[k][0] + DAY) at = B->income_at[k][0] + DAY;
            char day[11];
            local_day(d, m, h->starts, day);
            const char *what = arena_printf(&d->a, "Coffee, milk and pastries for the %s meeting", month_of(day));
            for (int twice = 0; twice < 2; twice++) {
                Plan *p = plan_add(d, B, m, h->starts, at + twice * 90, "expense", what, "food & drink", "unit");
                plan_move(p, B->chap_acct[k], B->org_acct[food], cur_of(m), amount);
                p->approved_by = p->recorded_by = by;
            }
            int twin = B->nplan - 1;
            Plan *p = plan_add(d, B, m, at + DAY, at + DAY + 2 * HOUR, "reversal", "", "food & drink", "unit");
            p->reverses = twin;
            p->recorded_by = by;
            return;
        }
}

/* Claims waiting for a connector, and one declined. */
static int books_claims(Demo *d, Books *B, DbConn *c, Err *e)
{
    static const struct {
        const char *chapter, *why, *category;
        bool tomas, declined;
        int64_t cents;
    } want[] = {
        { "Lisbon Fintech Founders", "Name badges and printed programmes for the last meeting", "printing", false, false,
          2340 },
        { "Lisbon Founders Breakfast", "Pastéis de nata and coffee I bought for the table", "food & drink", true, false,
          1860 },
        { "Berlin Founders Evening", "Drinks and Brezeln for the evening", "food & drink", false, false, 4280 },
        { "Nairobi Founders Circle", "A projector cable and an HDMI adapter", "equipment", false, false, 1750 },
        { "São Paulo Fintech Founders", "Coffee and pão de queijo for the meeting", "food & drink", false, false, 1540 },
        { "Paris Healthtech Circle", "Taxi home after the meeting", "travel", false, true, 3150 },
    };
    for (int i = 0; i < N(want); i++) {
        int k = 0;
        while (k < NCHAPTER && !str_eq(chapter_defs[k].name, want[i].chapter)) k++;
        if (k == NCHAPTER || !d->chap[k].nheld || !B->chap_acct[k]) continue;
        const Chap *ch = &d->chap[k];
        const Held *h = &ch->held[ch->nheld - 1];
        int others[MAX_SEATS], no = table_of(ch, h, true, others), who = -1;
        if (want[i].tomas) who = P_TOMAS;
        for (int j = 0; j < no && who < 0; j++)
            if (!d->people[ch->who[others[j]]].fixed) who = ch->who[others[j]];
        if (who < 0) continue;
        int64_t claimed = d->now - rng_range(&d->rng, DAY, 5 * DAY);
        if (claimed < h->closed + 2 * HOUR) claimed = h->closed + 2 * HOUR;
        int64_t declined = want[i].declined ? claimed + rng_range(&d->rng, 5 * HOUR, DAY) : 0;
        if (declined > d->now - HOUR) declined = d->now - HOUR;
        if (claim_open(d, B, c, e, k, who, h->starts, claimed, want[i].why, want[i].category,
                       cash(chapter_defs[k].metro, want[i].cents), declined) < 0)
            return -1;
    }
    return 0;
}

/* The words of the canvas: the network's, Portugal's, and a few chapters' own. */
typedef struct CanvasDef {
    const char *chapter;   /* NULL: the network; "" the first metro's country */
    const char *value_proposition, *channels, *relationships;
} CanvasDef;

static const CanvasDef canvas_defs[] = {
    { NULL,
      "A table of peers in your own city and trade, once a month, where you can say what is really going on in your "
      "company. Everyone brings **one success and one challenge** and gets stories back, not instructions; what a "
      "chapter learns is written up so that every other chapter can use it the next week.",
      "Invitations from members (chapters are invitation-only). Connectors who run their chapters as small ventures "
      "of their own. Events that open the door to new founders: pitch nights, First Tuesday mixers, Startup "
      "Weekends, breakfasts with investors. The commons, where captured sessions travel further than any event.",
      "Personal and long: a member joins one chapter and usually stays for years. One rule, collaborate. Connectors "
      "keep in touch between meetings; steering committees step in when something cannot be settled in a chapter; "
      "sponsors are thanked in public and told what their money paid for." },
    { "",
      "Founders in Lisbon and Porto meet their peers every month, in Portuguese or English, and reach the rest of the "
      "network through the Portugal committee.",
      "Startup Lisboa and UPTEC newsletters, the Lisbon pitch nights, and members bringing a founder they trust.",
      "A committee of connectors that meets each quarter, shares the sponsors' contacts and settles what a chapter "
      "cannot settle alone." },
    { "Lisbon Fintech Founders",
      "Fintech founders in Lisbon who can talk openly about regulators, banking partners and the first thousand "
      "customers, because nobody at the table competes head-on with anyone else. The stories save months: who at "
      "the supervisor answers e-mails, which bank will actually open an account for a payments start-up.",
      "Invitations from members; the pitch night and the mixer, which bring founders we would never meet otherwise; "
      "the Lisbon Founders Breakfast, where several of us first met; our notes in the commons.",
      "The monthly meeting at Casa Estrela, a group chat between meetings, a coffee with every new member in their "
      "first month. Banco Atlântico and Moreira & Sá sponsor us; twice a year we show them what their baskets paid "
      "for. Part of what we earn subsidises the breakfast table." },
    { "Lisbon Founders Breakfast",
      "An honest hour for founders of every sector before the inbox wins: coffee, *pastéis de nata* and one success "
      "and one challenge each. One seat per sector keeps competitors apart.",
      "Members bringing a founder they trust; Fintech Founders members who want a mixed table; a line in the Startup "
      "Lisboa newsletter.",
      "Same table every month. The coffee is sponsored and the rest is covered by a subsidy from Lisbon Fintech "
      "Founders; members take turns bringing the pastries." },
    { "Berlin Climate Builders",
      "A place to compare notes on grants, pilots and the long road from a working prototype to paying customers, "
      "with founders who fight the same battles with utilities and landlords.",
      "Members' invitations, the climate pitch night, and the Berlin Founders Evening for people outside the sector.",
      "Monthly meetings, a shared list of grant deadlines, and sponsors who join once a year to hear what worked." },
    { "Nairobi Agritech Circle",
      "Founders who work with farmers trade what they learn in the field: credit that smallholders can repay, "
      "storage that works without the grid, buyers who pay on time.",
      "Invitations, the Nairobi Founders Circle, and field visits members organise for each other.",
      "Monthly meetings, often after a visit to a member's farm partners; a group chat that is busiest at harvest." },
    { "London Fintech Circle",
      "Founders of payments, lending and wealth start-ups in London, swapping stories about banking partners, "
      "compliance and fundraising without anyone pitching anyone.",
      "Invitations; the First Tuesday mixer; the London Founders Breakfast for founders outside fintech.",
      "Monthly meetings in the City, one-to-one coffees for newcomers, and a sponsor who funds the room and stays "
      "out of it." },
};

static int books_canvas(Demo *d, Books *B, DbConn *c, Err *e)
{
    static const char *const blocks[] = { "value_proposition", "channels", "relationships" };
    for (int i = 0; i < N(canvas_defs); i++) {
        const CanvasDef *cd = &canvas_defs[i];
        const char *kind = "network";
        int64_t id = 0, by = B->admin, at = d->now - rng_range(&d->rng, 3 * DAY, 60 * DAY);
        if (cd->chapter && !*cd->chapter) {
            kind = "place";
            id = d->country_id[MT_LISBON];
        } else if (cd->chapter) {
            int k = 0;
            while (k < NCHAPTER && !str_eq(chapter_defs[k].name, cd->chapter)) k++;
            if (k == NCHAPTER) continue;
            kind = "chapter";
            id = d->chap[k].id;
            by = chap_connector(d, &d->chap[k])->id;
        }
        const char *bodies[] = { cd->value_proposition, cd->channels, cd->relationships };
        for (int j = 0; j < 3; j++)
            if (demo_canvas_put(c, e, kind, id, blocks[j], bodies[j], by, at + j * 120) < 0) return -1;
    }
    return 0;
}

/* ---------- writing the books ---------- */

typedef struct Order {
    int64_t at;
    int i;
} Order;

static int order_cmp(const void *a, const void *b)
{
    const Order *x = a, *y = b;
    if (x->at != y->at) return x->at < y->at ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* What a unit or a basket holds of one currency, as the entries are written. */
typedef struct Holding {
    int64_t acct;
    const char *res;
    int64_t amount;
} Holding;

typedef struct Guard {
    const int64_t *acct;   /* the accounts that may not go below zero */
    int nacct;
    Holding *h;
    int nh;
} Guard;

static int64_t *guard_slot(Guard *g, int64_t acct, const char *res)
{
    bool guarded = false;
    for (int i = 0; i < g->nacct && !guarded; i++) guarded = g->acct[i] == acct;
    if (!guarded || str_eq(res, "HOURS") || str_eq(res, "GOODS") || str_eq(res, "FAVOURS")) return NULL;
    for (int i = 0; i < g->nh; i++)
        if (g->h[i].acct == acct && str_eq(g->h[i].res, res)) return &g->h[i].amount;
    g->h[g->nh] = (Holding){ acct, res, 0 };
    return &g->h[g->nh++].amount;
}

/* Appends the planned entries in the order they were recorded, leaving out any that would take a unit or a
 * basket below zero (and the correction of one left out), then the claims and the dates of what was opened. */
static int books_write(Demo *d, Books *B, DbConn *c, Err *e)
{
    int rc = -1, nacct = 0;
    Order *order = xcalloc((size_t)B->nplan + 1, sizeof *order);
    int64_t *accts = xcalloc(NCHAPTER + MAX_BASKETS + NMETRO + 1, sizeof *accts);
    Guard g = { accts, 0, NULL, 0 };
    for (int k = 0; k < NCHAPTER; k++)
        if (B->chap_acct[k]) accts[nacct++] = B->chap_acct[k];
    for (int i = 0; i < B->nbasket; i++) accts[nacct++] = B->basket[i].id;
    for (int m = 0; m < NMETRO; m++) accts[nacct++] = B->country_acct[m];
    accts[nacct++] = B->net;
    g.nacct = nacct;
    g.h = xcalloc((size_t)nacct * 6 + 1, sizeof *g.h);
    for (int i = 0; i < B->nplan; i++) order[i] = (Order){ B->plan[i].at, i };
    qsort(order, (size_t)B->nplan, sizeof *order, order_cmp);

    for (int o = 0; o < B->nplan; o++) {
        Plan *p = &B->plan[order[o].i];
        Entry x = { 0 };
        x.kind = p->kind;
        x.description = p->description;
        x.category = p->category;
        x.occurred_on = p->day;
        x.visibility = p->visibility;
        x.payer_id = p->payer;
        x.recipient_id = p->recipient;
        x.beneficiary_id = p->beneficiary;
        x.approved_by = p->approved_by;
        x.recorded_by = p->recorded_by;
        x.recorded_at = p->at;
        x.meeting_id = p->meeting_id;
        x.npostings = p->np;
        for (int j = 0; j < p->np; j++) x.postings[j] = p->p[j];
        if (p->reverses >= 0) {
            const Plan *w = &B->plan[p->reverses];
            if (w->skipped || !w->id) {
                p->skipped = true;
                continue;
            }
            x.description = arena_printf(&d->a, "Reversal of #%lld: %s", (long long)w->seq, w->description);
            x.payer_id = w->recipient;
            x.recipient_id = w->payer;
            x.beneficiary_id = w->beneficiary;
            x.reverses_id = w->id;
            x.npostings = w->np;
            for (int j = 0; j < w->np; j++) {
                x.postings[j] = w->p[j];
                x.postings[j].amount = -w->p[j].amount;
            }
        }
        /* nothing goes below zero */
        bool ok = true;
        for (int j = 0; j < x.npostings && ok; j++) {
            int64_t *held = guard_slot(&g, x.postings[j].account_id, x.postings[j].resource);
            if (held && *held + x.postings[j].amount < 0) ok = false;
        }
        if (!ok) {
            p->skipped = true;
            B->skipped++;
            continue;
        }
        for (int j = 0; j < x.npostings; j++) {
            int64_t *held = guard_slot(&g, x.postings[j].account_id, x.postings[j].resource);
            if (held) *held += x.postings[j].amount;
        }
        bool existing = false;
        if (ledger_append(c, e, &ledger_operator, &x, NULL, &p->id, &existing) < 0) goto done;
        p->seq = x.seq;
    }

    for (int i = 0; i < B->nclaim; i++) {
        ClaimPlan *cp = &B->claim[i];
        if (cp->plan >= 0) {
            const Plan *p = &B->plan[cp->plan];
            if (p->skipped || !p->id) continue;
            cp->k.transaction_id = p->id;
        }
        cp->k.occurred_on = cp->day;
        if (demo_claim_insert(c, e, &cp->k) < 0) goto done;
    }

    /* an organisation was entered a little before it first appears in the books */
    for (int o = 0; o < NORG; o++) {
        int64_t first = 0;
        for (int i = 0; i < B->nplan; i++) {
            const Plan *p = &B->plan[i];
            if (!p->skipped && (p->payer == B->org_acct[o] || p->recipient == B->org_acct[o]) && (!first || p->at < first))
                first = p->at;
        }
        int64_t at = first ? first - rng_range(&d->rng, HOUR, 20 * DAY) : d->start + rng_range(&d->rng, 0, 30 * DAY);
        if (at < d->start - DAY) at = d->start - DAY;
        if (demo_org_backdate(c, e, B->org_id[o], at) < 0) goto done;
    }
    rc = demo_accounts_backdate(c, e, d->start - DAY);
done:
    free(order);
    free(accts);
    free(g.h);
    return rc;
}

static int books_make(Demo *d, DbConn *c, Err *e)
{
    Books *B = xcalloc(1, sizeof *B);
    int rc = -1;
    d->rng.s = DEMO_SEED ^ 0x626f6f6b73000001ull;
    B->person_acct = xcalloc((size_t)d->npeople, sizeof *B->person_acct);
    B->lff = B->lfb = -1;
    for (int k = 0; k < NCHAPTER; k++)
        if (chapter_defs[k].creator == FX_INES && chapter_defs[k].sector == SE_FINTECH) B->lff = k;
    B->lfb = d->today_k;
    if (demo_admin_id(c, e, &B->admin) < 0 || account_of(c, e, "network", 0, &B->net) < 0) goto done;
    for (int m = 0; m < NMETRO; m++)
        if (account_of(c, e, "place", d->country_id[m], &B->country_acct[m]) < 0) goto done;
    for (int o = 0; o < NORG; o++) {
        const OrgDef *od = &org_defs[o];
        const char *slug = str_slugify(&d->a, od->name);
        int found = demo_org_find(c, e, slug, &B->org_id[o]);
        if (found < 0 || (!found && organisation_insert(c, e, od->name, slug, od->kind, od->website, &B->org_id[o]) < 0))
            goto done;
        if (account_of(c, e, "organisation", B->org_id[o], &B->org_acct[o]) < 0) goto done;
    }
    for (int k = 0; k < NCHAPTER; k++)
        if (d->chap[k].nheld && account_of(c, e, "chapter", d->chap[k].id, &B->chap_acct[k]) < 0) goto done;

    if (books_network(d, B, c, e) < 0) goto done;
    for (int k = 0; k < NCHAPTER; k++) {
        int status = chapter_defs[k].status;
        bool fixed = k == B->lff || k == B->lfb;
        /* most chapters keep their books; an active one keeps at least the hours and goods */
        bool records = fixed || (status == ST_ACTIVE ? !rng_one_in(&d->rng, 8)
                                 : status == ST_DORMANT ? rng_one_in(&d->rng, 2) : rng_one_in(&d->rng, 3));
        bool money = fixed || (status == ST_ACTIVE ? !rng_one_in(&d->rng, 6) : status == ST_DORMANT && rng_one_in(&d->rng, 3));
        if (status == ST_ACTIVE && !money) records = true;
        if (!B->chap_acct[k]) continue;
        if (records && books_contributions(d, B, c, e, k) < 0) goto done;
        if (money && books_money(d, B, c, e, k) < 0) goto done;
    }
    books_transfers(d, B);
    books_mistakes(d, B);
    if (books_claims(d, B, c, e) < 0 || books_canvas(d, B, c, e) < 0) goto done;
    fprintf(stderr, "demo: %d entries for the books…\n", B->nplan);
    if (books_write(d, B, c, e) < 0) goto done;
    if (B->skipped)
        fprintf(stderr, "demo: %d planned entries left out, as they would have overdrawn a unit or a basket\n", B->skipped);
    rc = 0;
done:
    free(B->plan);
    free(B->claim);
    free(B->person_acct);
    free(B);
    return rc;
}

/* ---------- apps: the catalog of event formats, and the events made from them ----------
 *
 * The network publishes five formats; Inês has adapted the pitch night for Lisbon. Events are made through
 * src/events/ (event_create_in, event_signup, event_pay, event_sponsorship, event_cost_pay, event_close_books)
 * once the books above are written: their money goes into the chain after everything else, recorded now and
 * dated by the day it happened. The times beside the books (when an event was published, when people
 * registered and were checked in, when the books closed) are set afterwards, as elsewhere. */

typedef struct StepDef {
    int minutes;
    const char *step;
} StepDef;

typedef struct PriceDef {           /* a ticket tier, or a sponsor package (with placement and benefits) */
    const char *name;
    int64_t cents;                  /* euro cents; 0 is free */
    const char *placement, *benefits;
} PriceDef;

typedef struct PartyDef {
    const char *party;
    int64_t share;                  /* basis points */
} PartyDef;

enum { AP_MIXER, AP_WEEKEND, AP_PITCH, AP_BREAKFAST, AP_CAMP, AP_LISBON_PITCH, NAPP };

typedef struct AppDef {
    const char *slug, *name, *summary, *description;
    const char *how;                /* the paragraph each of its events carries */
    int origin;                     /* a connector's copy: the format it adapts (and whose run-book, packages and
                                     * split it keeps); -1 for the network's own */
    StepDef steps[16];
    PriceDef tiers[4], packages[4]; /* tier_for knows the order of the tiers */
    PartyDef split[6];
} AppDef;

static const AppDef app_defs[NAPP] = {
    [AP_MIXER] = {
        "first-tuesday", "First Tuesday mixer",
        "A relaxed monthly evening on the first Tuesday, where founders, investors and the curious meet over a drink.",
        "First Tuesday began in London in the late nineties as a monthly drink for people building internet "
        "companies, and the idea travelled because it is so simple: **the same day every month, a room, a bar and a "
        "host who makes introductions**. There are no talks to sit through.\n\n"
        "The host chapter opens the evening with a short welcome and three *asks*: anyone who needs something (a "
        "first customer, a co-founder, a lawyer who knows the sector) gets one minute to say so. Then the connectors "
        "work the room and introduce people who should know each other.\n\n"
        "### Good to know\n\n"
        "- Members of the network come free; guests pay a small fee that covers the room and a first drink.\n"
        "- Bring people: a mixer is how most founders first meet a chapter.\n"
        "- It is deliberately light to run: one evening of a connector's time, a venue, and a sponsor for the drinks.",
        "**How it works.** After a short welcome, anyone who needs something (a first customer, a co-founder, a lawyer "
        "who knows the sector) gets one minute to ask the room; then the connectors make introductions. Members of the "
        "network come free; guests pay a small fee that covers the room and a first drink.",
        -1,
        { { 30, "Doors open: name badges and a first drink" },
          { 10, "Welcome from the host chapter, and the one house rule: introduce people to each other" },
          { 15, "Three asks, a minute each: who needs what" },
          { 75, "Open networking; the connectors make introductions" },
          { 5, "Last call, and the date of the next first Tuesday" } },
        { { "Members", 0 }, { "Guest", 500 } },
        { { "Round of drinks", 25000, "listed", "Your logo on the welcome slide and the event page, and a thank-you from the host" },
          { "Friend of the mixer", 8000, "thanks", "Your name on the event page and in the host's thank-you" } },
        { { "host", 4000 }, { "organiser", 3000 }, { "region", 1000 }, { "network", 2000 } },
    },
    [AP_WEEKEND] = {
        "startup-weekend", "Startup Weekend",
        "Fifty-four hours from Friday evening to Sunday night: pitch an idea, form a team, talk to customers, and "
        "present what you built.",
        "Startup Weekend is the classic 54-hour sprint. On Friday evening anyone can pitch an idea in sixty seconds; "
        "the room votes, teams form around the strongest ideas, and by Sunday night each team shows a jury of founders "
        "and investors what it has learned and built.\n\n"
        "The weekend is about **learning by doing**: getting out of the building on Saturday to talk to real customers "
        "matters more than polished slides. Coaches from the chapters visit every team, and many of them came to their "
        "first weekend as participants.\n\n"
        "### The money\n\n"
        "Tickets pay for three days of meals; the venue and the prizes are usually sponsored. A weekend takes its "
        "organiser months of work, so **half of what it earns goes to the organising connector**; the host chapter, the "
        "region and the network share the rest.\n\n"
        "### What you need\n\n"
        "- A venue that stays open late, with Wi-Fi that survives eighty laptops.\n"
        "- Six to ten coaches for Saturday and Sunday, and a jury of three to five.\n"
        "- A sponsor for the prizes and one for the meals.",
        "**How it works.** On Friday evening anyone can pitch an idea in sixty seconds; the room votes and teams form "
        "around the strongest ideas. Saturday is for getting out of the building to talk to customers, with coaches "
        "visiting every team; on Sunday evening each team presents to the jury. Meals for the whole weekend are in the "
        "ticket.",
        -1,
        { { 90, "Friday: arrival, dinner and a welcome" },
          { 90, "Sixty-second pitches, then everyone votes" },
          { 60, "Teams form and agree what to test first" },
          { 660, "Work into the night; the venue stays open" },
          { 60, "Saturday: breakfast, and each team's plan in two minutes" },
          { 240, "Out of the building: talk to customers" },
          { 240, "Coaches' rounds: mentors visit every team" },
          { 900, "Build the smallest thing that proves the idea" },
          { 300, "Sunday: breakfast, then dry runs with the coaches" },
          { 180, "Final build, and the presentation" },
          { 150, "Presentations to the jury: five minutes and questions" },
          { 60, "The jury deliberates; the prizes" },
          { 210, "Celebration, and clearing the room" } },
        { { "Early bird", 4500 }, { "Standard", 6500 }, { "Student", 2500 } },
        { { "Gold", 150000, "headline", "Logo on every screen and the event page, a seat on the jury and five minutes on Friday evening" },
          { "Silver", 75000, "listed", "Logo on the event page and the screens, and two of your people as coaches on Saturday" },
          { "Friend", 20000, "thanks", "Your name in the closing thank-you and on the event page" } },
        { { "organiser", 5000 }, { "host", 2000 }, { "region", 1000 }, { "network", 2000 } },
    },
    [AP_PITCH] = {
        "pitch-night", "Pitch night",
        "Six founders, five minutes each, honest questions from the room, and a jury that gives its notes in public.",
        "A pitch night gives founders what they rarely get: **five minutes in front of a friendly but demanding "
        "room**, and feedback they can use the next morning. The host chapter chooses six founders from the "
        "applications; a jury of two investors and one experienced founder listens, and the audience votes for its "
        "favourite.\n\n"
        "Questions are about the business, not the slides. The jurors give their notes in public, so everyone in the "
        "room learns from all six pitches, which is why the audience keeps coming back.\n\n"
        "### How to run one\n\n"
        "1. Open applications four weeks ahead and choose the six a week before.\n"
        "2. Hold a rehearsal the weekend before: it doubles the quality of the evening.\n"
        "3. Keep time strictly; the bell is part of the fun.\n\n"
        "Members of the network come free. Guests pay a small ticket, and a sponsor usually covers the room and the "
        "drinks.",
        "**How it works.** Six founders, five minutes each, then five minutes of questions from the jury and the room. "
        "The jury gives its notes in public, the audience votes for its favourite, and the evening ends over drinks. "
        "Members of the network come free; guests pay a small ticket.",
        -1,
        { { 30, "Doors open; the pitchers test their slides" },
          { 10, "Welcome, the jury, and the rules of good feedback" },
          { 60, "Six pitches: five minutes each, then five minutes of questions" },
          { 15, "A break while the jury confers and the audience votes" },
          { 15, "The jury's notes, in public, and the audience award" },
          { 50, "Drinks: pitchers, investors and the audience meet" } },
        { { "Standard", 1000 }, { "Members", 0 } },
        { { "Gold", 60000, "headline", "A two-minute word from the stage, your logo on the screen between pitches, and a seat on the jury" },
          { "Silver", 30000, "listed", "Your logo on the event page and on the screen between pitches" },
          { "Friend", 10000, "thanks", "Thanked from the stage and named on the event page" } },
        { { "organiser", 4000 }, { "host", 3000 }, { "region", 1000 }, { "network", 2000 } },
    },
    [AP_BREAKFAST] = {
        "breakfast-with-investors", "Breakfast with investors",
        "Ten founders and five investors around one table for ninety minutes: conversations, not pitches.",
        "Founders rarely meet investors outside a pitch, and investors rarely hear what founders actually worry about. "
        "This breakfast fixes both. **Ten founders and five investors share a table** for ninety minutes; every fifteen "
        "minutes the investors move one seat along, so that every founder talks with every investor in a small "
        "group.\n\n"
        "There are no decks and no pitching. Founders bring one question they would like an investor's view on; "
        "investors bring what they are seeing in the market this season. It ends with a short round of what each "
        "investor is looking for, and follow-ups agreed before anyone leaves.\n\n"
        "### Good to know\n\n"
        "- Founders pay for their breakfast; the investors are the chapter's guests.\n"
        "- Keep it small: fifteen people is the right size, and a waitlist is part of the format.\n"
        "- Start on time. Breakfast people have meetings at ten.",
        "**How it works.** Ten founders and five investors share one table for ninety minutes. Every fifteen minutes "
        "the investors move one seat along, so that every founder talks with every investor in a small group. No decks "
        "and no pitching: bring one question you would like an investor's view on. Founders pay for their breakfast; "
        "the investors are the chapter's guests.",
        -1,
        { { 15, "Coffee and arrivals" },
          { 10, "A round of introductions: one sentence each" },
          { 45, "Table conversations: the investors move one seat along every fifteen minutes" },
          { 15, "What each investor is looking for this season" },
          { 5, "Follow-ups agreed before anyone leaves" } },
        { { "Founders", 1500 }, { "Investors", 0 } },
        { { "Breakfast host", 40000, "headline", "Your name on the invitation, a welcome word at the start and two seats at the table" },
          { "Coffee", 15000, "thanks", "Thanked at the start and named on the event page" } },
        { { "host", 4000 }, { "organiser", 3000 }, { "region", 1000 }, { "network", 2000 } },
    },
    [AP_CAMP] = {
        "seed-camp", "Seed camp",
        "Three days of workshops, office hours and investor meetings for early-stage teams, run by several chapters "
        "together.",
        "Seed camp is an intensive for teams that have just started: **three days** of hands-on workshops in the "
        "morning, office hours with experienced founders in the afternoon, and investor meetings on the last day. It is "
        "too big for one chapter, so a region or a country hosts it and several chapters co-host, each bringing its "
        "coaches and its sector's know-how.\n\n"
        "The programme follows what early teams get stuck on: the first customers, pricing, the first hires, the first "
        "round. Every team leaves with a plan for the next ninety days and a coach from the network who checks in once "
        "a month.\n\n"
        "### The money\n\n"
        "Founders pay a fee, with scholarships for those who could not otherwise come; a headline partner usually "
        "covers the venue and the meals. The split rewards the organiser and gives **the co-hosting chapters a share** "
        "for the coaches they send.\n\n"
        "### Planning\n\n"
        "- Choose the teams six weeks ahead; twelve is a good number.\n"
        "- Each co-hosting chapter sends two coaches for the three days.\n"
        "- Book the investors for the last afternoon early: they fill their calendars first.",
        "**How it works.** Three days for teams that have just started: workshops in the morning, office hours with "
        "experienced founders in the afternoon, and investor meetings on the last day. The co-hosting chapters send "
        "coaches, and every team leaves with a plan for the next ninety days. Scholarships are there for founders who "
        "could not otherwise come.",
        -1,
        { { 60, "Day one: welcome; the teams introduce themselves" },
          { 150, "Workshop: finding and talking to the first customers" },
          { 60, "Lunch with the coaches" },
          { 210, "Office hours: each team with two coaches" },
          { 960, "Evening free; the camp dinner on the first night" },
          { 180, "Day two: workshop on pricing and the first paid customer" },
          { 60, "Lunch" },
          { 240, "Office hours, and a session on the first hires" },
          { 960, "Evening free" },
          { 150, "Day three: workshop on raising a first round" },
          { 90, "Rehearsals with the coaches" },
          { 60, "Lunch" },
          { 180, "Investor meetings: twenty minutes per team and investor" },
          { 30, "Each team's plan for the next ninety days; closing" } },
        { { "Founder", 18000 }, { "Scholarship", 0 } },
        { { "Headline partner", 300000, "headline", "Your name on the camp, a workshop of your own and a seat at the investor afternoon" },
          { "Workshop partner", 120000, "listed", "One of the morning workshops led by your people; your logo on the event page" },
          { "Supporter", 40000, "thanks", "Named on the event page and thanked at the closing" } },
        { { "organiser", 3000 }, { "host", 2000 }, { "cohosts", 2000 }, { "region", 1000 }, { "network", 2000 } },
    },
    [AP_LISBON_PITCH] = {
        "lisbon-pitch-night", "Lisbon pitch night",
        "Our pitch night at Casa Estrela: six founders, five minutes each, in Portuguese or English, with a cheaper "
        "ticket for students.",
        "Lisbon Fintech Founders' version of the network's pitch night. We keep the format as it is and change three "
        "things:\n\n"
        "- **Students pay half.** Lisbon's universities send us some of our best questions.\n"
        "- **Half the pitchers come from outside fintech**, chosen together with the Lisbon Founders Breakfast.\n"
        "- **Pitches may be in Portuguese or English**; the jury answers in the same language.\n\n"
        "The run-book, the sponsor packages and the revenue split are the network's.",
        "**How it works.** Six founders, half of them from outside fintech, have five minutes each and five minutes "
        "of questions, in Portuguese or English. The jury gives its notes in public and the audience votes. Members of "
        "the network come free; students pay half.",
        AP_PITCH,
        { { 0 } },
        { { "Standard", 800 }, { "Members", 0 }, { "Student", 400 } },
        { { 0 } },
        { { 0 } },
    },
};

/* The format whose run-book, packages and split a format uses: its own, or its origin's. */
static const AppDef *app_base(const AppDef *a)
{
    return a->origin >= 0 ? &app_defs[a->origin] : a;
}

enum { WD_MON, WD_TUE, WD_WED, WD_THU, WD_FRI, WD_SAT, WD_SUN, WD_FIRST_TUE };   /* WD_FIRST_TUE: of the month */
enum { HOST_CHAPTER, HOST_REGION, HOST_COUNTRY };

#define EVF_TOMAS 1u          /* Tomás Reis registers */
#define EVF_ONLINE 2u         /* streamed as well */
#define EVF_CANCELLED 4u      /* called off three days before */

typedef struct EventDef {
    int app, metro;
    const char *host;                      /* the host chapter's name; NULL: a place (host_kind) */
    int host_kind;
    const char *cohosts[3];
    int day, weekday, hour, minute, minutes;   /* days from today (negative: past), moved on to the weekday; local */
    int capacity, members, guests;         /* registrations; more than the capacity fills a waitlist */
    const char *title, *hook;              /* the event's own opening paragraph (Markdown) */
    const char *venue, *visibility;        /* NULL: the chapter's usual room; public */
    const char *sponsor[2], *package[2];   /* organisations (by name) and the packages they buy */
    const char *cost_to, *cost_what, *cost_category;   /* an organisation paid from the basket on the day */
    int64_t cost_cents;
    unsigned flags;
} EventDef;

static const EventDef event_defs[] = {
    /* the past, closed with their money shared out */
    { AP_CAMP, MT_PORTO, NULL, HOST_REGION, { "Porto Makers & Manufacturers", "Porto Founders Circle" },
      -118, WD_MON, 9, 0, 3390, 36, 16, 12, "Seed camp Porto",
      "Twelve early-stage teams from the north of Portugal spend three days at UPTEC with coaches from both of Porto's "
      "chapters: the makers bring their know-how on production and suppliers, the founders' circle runs the office "
      "hours.",
      "UPTEC Baixa, the auditorium and sala 4", NULL, { "Escola de Negócios do Douro" }, { "Headline partner" },
      "Gráfica Bolhão", "Printed workbooks, badges and the programme", "printing", 38000, 0 },
    { AP_WEEKEND, MT_BERLIN, "Berlin B2B SaaS Founders", HOST_CHAPTER, { NULL },
      -96, WD_FRI, 18, 0, 3240, 80, 22, 30, "Startup Weekend Berlin",
      "Fifty-four hours in Kreuzberg to turn an idea into something customers will pay for. This edition's theme is "
      "**software for small businesses**: tools for the bakeries, workshops and practices that keep the city running.",
      "Factory Berlin Görlitzer Park, the event floor", NULL, { "Spreebank", "Kanzlei Vogel & Neumann" },
      { "Gold", "Silver" }, "Kaffeerösterei Wedding", "Coffee, breakfasts and Saturday's dinner for the weekend",
      "food & drink", 180000, 0 },
    { AP_LISBON_PITCH, MT_LISBON, "Lisbon Fintech Founders", HOST_CHAPTER, { NULL },
      -82, WD_THU, 18, 30, 180, 60, 18, 14, "Lisbon pitch night: payments and lending",
      "Six founders building payments, lending and insurance products pitch to a jury of two investors and the "
      "longest-standing member of Lisbon Fintech Founders.",
      "Casa Estrela Coworking, the event hall", NULL, { "Banco Atlântico" }, { "Gold" },
      "Casa Estrela Coworking", "Room, sound and a technician for the evening", "venue", 25000, EVF_TOMAS },
    { AP_PITCH, MT_PARIS, "Paris Healthtech Circle", HOST_CHAPTER, { NULL },
      -68, WD_WED, 19, 0, 180, 50, 14, 12, "Pitch night: digital health",
      "Six digital-health founders pitch to a jury that includes a hospital buyer and a founder who took a product "
      "through reimbursement. Expect questions about clinical evidence and about who actually pays.",
      NULL, NULL, { "Lemaire Haddad Avocats" }, { "Silver" },
      "Imprimerie du Canal", "Posters and printed programmes", "printing", 9000, 0 },
    { AP_PITCH, MT_MUNICH, "Munich Deep Tech Circle", HOST_CHAPTER, { NULL },
      -58, WD_TUE, 18, 30, 180, 45, 10, 9, "Deep tech pitch night",
      "Sensors, robotics and precision manufacturing: six engineer-founders explain to a room of investors and "
      "engineers why their hardware is worth the wait.",
      "Isarwerk Coworking, the workshop hall", NULL, { NULL }, { NULL },
      "Isarwerk Coworking", "Hall hire and the projector", "venue", 15000, 0 },
    { AP_MIXER, MT_LISBON, "Lisbon Founders Breakfast", HOST_CHAPTER, { NULL },
      -50, WD_FIRST_TUE, 18, 30, 135, 80, 20, 12, "First Tuesday mixer: Lisbon",
      "Lisbon's first-Tuesday drink, hosted this month by the Founders Breakfast: an easy way to meet founders from "
      "every sector without getting up at seven.",
      "Casa Estrela Coworking, the terrace", NULL, { "Moreira & Sá Advogados" }, { "Round of drinks" },
      "Pastelaria Graça", "Petiscos for the evening", "food & drink", 16000, EVF_TOMAS },
    { AP_PITCH, MT_NAIROBI, "Nairobi Fintech Founders", HOST_CHAPTER, { NULL },
      -44, WD_THU, 17, 30, 180, 60, 12, 14, "Nairobi fintech pitch night",
      "Mobile money, lending and insurance founders pitch to a jury of two Nairobi investors and a founder who has "
      "raised money in three currencies.",
      NULL, NULL, { NULL }, { NULL }, NULL, NULL, NULL, 0, 0 },
    { AP_MIXER, MT_SAO_PAULO, "São Paulo Fintech Founders", HOST_CHAPTER, { NULL },
      -80, WD_FIRST_TUE, 19, 0, 135, 70, 11, 15, "First Tuesday mixer: São Paulo",
      "The first São Paulo mixer, hosted by the Fintech Founders in Pinheiros: founders, investors and people who are "
      "thinking of starting something, over juices and *pão de queijo*.",
      NULL, NULL, { NULL }, { NULL }, "Café Pinheiros", "Coffee, juices and pão de queijo", "food & drink", 6000, 0 },
    { AP_BREAKFAST, MT_LONDON, "London Fintech Circle", HOST_CHAPTER, { NULL },
      -36, WD_WED, 8, 0, 90, 15, 10, 5, "Breakfast with investors: fintech",
      "Ten fintech founders and five investors from London seed funds share a long breakfast near Old Street. This "
      "time the investors bring what they are seeing in embedded finance and open banking.",
      NULL, NULL, { NULL }, { NULL }, NULL, NULL, NULL, 0, 0 },
    { AP_BREAKFAST, MT_LISBON, "Lisbon Fintech Founders", HOST_CHAPTER, { NULL },
      -23, WD_TUE, 8, 30, 90, 15, 10, 5, "Breakfast with investors: Lisbon fintech",
      "Our first breakfast with investors: ten members of the fintech table, five investors from Lisbon and Madrid, "
      "one long table, and the pastries we are known for.",
      "Casa Estrela Coworking, meeting room 1", NULL, { NULL }, { NULL },
      "Pastelaria Graça", "Breakfast for fifteen", "food & drink", 9000, 0 },
    { AP_PITCH, MT_NEW_YORK, "New York Fintech Founders", HOST_CHAPTER, { NULL },
      -29, WD_WED, 18, 30, 180, 70, 13, 16, "New York fintech pitch night",
      "Six fintech founders pitch at Civic Hall to a jury of two seed investors and a former bank compliance officer "
      "who now advises start-ups.",
      "Civic Hall, Union Square, the main room", NULL, { NULL }, { NULL },
      "Bowery Bagel Co.", "Snacks and drinks for the evening", "food & drink", 15000, 0 },
    { AP_PITCH, MT_BERLIN, "Berlin Climate Builders", HOST_CHAPTER, { NULL },
      -40, WD_THU, 19, 0, 180, 50, 12, 10, "Climate pitch night",
      "Heat pumps, batteries, carbon accounting and circular materials: six climate founders pitch to investors who "
      "fund hardware as well as software.",
      NULL, NULL, { "Kanzlei Vogel & Neumann" }, { "Silver" },
      "Kaffeerösterei Wedding", "Drinks and snacks", "food & drink", 12000, EVF_ONLINE },
    { AP_BREAKFAST, MT_SAN_FRANCISCO, "San Francisco B2B SaaS Founders", HOST_CHAPTER, { NULL },
      -17, WD_TUE, 8, 0, 90, 15, 5, 0, "Breakfast with investors: B2B SaaS",
      "Ten B2B SaaS founders and five investors around one table in SoMa, talking about pricing, first sales hires "
      "and what a good seed round looks like this year.",
      NULL, NULL, { NULL }, { NULL }, NULL, NULL, NULL, 0, EVF_CANCELLED },

    /* the next eight weeks */
    { AP_LISBON_PITCH, MT_LISBON, "Lisbon Fintech Founders", HOST_CHAPTER, { NULL },
      12, WD_THU, 18, 30, 180, 60, 16, 9, "Lisbon pitch night",
      "Six founders, three of them from outside fintech, chosen with the Lisbon Founders Breakfast. The jury: two "
      "investors and a founder who sold her company last year. The line-up is announced a week before.",
      "Casa Estrela Coworking, the event hall", NULL, { "Banco Atlântico" }, { "Gold" }, NULL, NULL, NULL, 0,
      EVF_TOMAS | EVF_ONLINE },
    { AP_WEEKEND, MT_LISBON, "Lisbon Fintech Founders", HOST_CHAPTER, { NULL },
      33, WD_FRI, 18, 0, 3240, 80, 14, 26, "Startup Weekend Lisbon",
      "Our first Startup Weekend: fifty-four hours at Casa Estrela for anyone with an idea, or the skills to help "
      "build one. Prize money from Moreira & Sá goes to the three best teams, and the coaches come from all of "
      "Lisbon's chapters.",
      "Casa Estrela Coworking, the whole second floor", NULL, { "Moreira & Sá Advogados" }, { "Gold" },
      "Casa Estrela Coworking", "Deposit for the weekend's rooms", "venue", 30000, 0 },
    { AP_MIXER, MT_LISBON, "Lisbon Founders Breakfast", HOST_CHAPTER, { NULL },
      5, WD_FIRST_TUE, 18, 30, 135, 80, 12, 4, "First Tuesday mixer: Lisbon",
      "The monthly first-Tuesday drink, hosted by the Founders Breakfast. Bring a founder who has never been to a "
      "chapter: this is the easiest way in.",
      "Casa Estrela Coworking, the terrace", NULL, { NULL }, { NULL }, NULL, NULL, NULL, 0, EVF_TOMAS },
    { AP_PITCH, MT_PARIS, "Paris Creative Founders", HOST_CHAPTER, { NULL },
      9, WD_WED, 19, 0, 180, 50, 12, 8, "Pitch night: creative companies",
      "Studios, labels, publishers and game makers pitch the business behind the work: who pays, how often, and what "
      "it takes to grow without losing what made them good.",
      NULL, NULL, { NULL }, { NULL }, NULL, NULL, NULL, 0, 0 },
    { AP_MIXER, MT_LONDON, "London Fintech Circle", HOST_CHAPTER, { NULL },
      5, WD_FIRST_TUE, 18, 30, 135, 100, 16, 8, "First Tuesday mixer: London",
      "First Tuesday went round the world from London; this one is hosted by the Fintech Circle in Shoreditch. "
      "Founders of every sector are welcome, and so are the investors and operators who want to meet them.",
      "The Trampery Old Street, the ground floor", NULL, { NULL }, { NULL }, NULL, NULL, NULL, 0, 0 },
    { AP_BREAKFAST, MT_LONDON, "London Founders Breakfast", HOST_CHAPTER, { NULL },
      16, WD_THU, 8, 0, 90, 14, 13, 5, "Breakfast with investors: London",
      "Founders from the Founders Breakfast and investors who back companies outside the usual sectors. The table is "
      "full: join the waitlist, and you will hear at once if a seat opens.",
      NULL, NULL, { NULL }, { NULL }, NULL, NULL, NULL, 0, 0 },
    { AP_MIXER, MT_BERLIN, "Berlin Founders Evening", HOST_CHAPTER, { NULL },
      5, WD_FIRST_TUE, 19, 0, 135, 90, 14, 6, "First Tuesday mixer: Berlin",
      "The Founders Evening opens its doors for the monthly first-Tuesday drink. Come for an hour after work; stay for "
      "the introductions.",
      "St. Oberholz, upstairs room", NULL, { NULL }, { NULL }, NULL, NULL, NULL, 0, 0 },
    { AP_PITCH, MT_BERLIN, "Berlin Mobility Circle", HOST_CHAPTER, { NULL },
      26, WD_WED, 18, 30, 180, 50, 10, 8, "Mobility pitch night",
      "Bikes, shared vans, transit data and logistics software: six founders who work with the city pitch to investors "
      "and to the people who write public tenders.",
      NULL, NULL, { NULL }, { NULL }, NULL, NULL, NULL, 0, 0 },
    { AP_BREAKFAST, MT_MUNICH, "Munich Deep Tech Circle", HOST_CHAPTER, { NULL },
      19, WD_TUE, 8, 0, 90, 15, 9, 4, "Breakfast with investors: deep tech",
      "Engineer-founders meet investors who understand long development cycles: five funds that back hardware, at one "
      "table for ninety minutes. Open to members of the network.",
      NULL, "network", { NULL }, { NULL }, NULL, NULL, NULL, 0, 0 },
    { AP_BREAKFAST, MT_PORTO, "Porto Founders Circle", HOST_CHAPTER, { NULL },
      11, WD_THU, 8, 30, 90, 14, 8, 4, "Breakfast with investors: Porto Founders Circle",
      "A breakfast for the members of the Porto Founders Circle with four investors from Porto and Lisbon. Chapter "
      "members only this time; the next one is open to everyone.",
      NULL, "chapter", { NULL }, { NULL }, NULL, NULL, NULL, 0, 0 },
    { AP_PITCH, MT_NAIROBI, "Nairobi Agritech Circle", HOST_CHAPTER, { NULL },
      22, WD_THU, 17, 30, 180, 60, 12, 10, "Agritech pitch night",
      "Six founders who work with farmers (seeds, credit, storage, getting produce to market) pitch to investors and "
      "to two farmers' cooperatives who will say what they think.",
      NULL, NULL, { NULL }, { NULL }, NULL, NULL, NULL, 0, 0 },
    { AP_CAMP, MT_NAIROBI, NULL, HOST_COUNTRY, { "Nairobi Agritech Circle", "Nairobi Fintech Founders", "Nairobi Founders Circle" },
      45, WD_MON, 9, 0, 3390, 36, 10, 8, "Seed camp Nairobi",
      "Three days for twelve early-stage teams from across Kenya, hosted by the network in Kenya with all three "
      "Nairobi chapters. Each chapter sends coaches, and the last afternoon brings investors from Nairobi and Kigali.",
      "iHub Nairobi, the main hall", NULL, { NULL }, { NULL }, NULL, NULL, NULL, 0, 0 },
    { AP_PITCH, MT_SAN_FRANCISCO, "San Francisco Climate Builders", HOST_CHAPTER, { NULL },
      14, WD_WED, 18, 0, 180, 80, 12, 12, "Climate pitch night: San Francisco",
      "Grid software, building retrofits, carbon removal and better batteries: six Bay Area climate founders pitch to "
      "investors who have backed companies in each of those areas.",
      NULL, NULL, { NULL }, { NULL }, NULL, NULL, NULL, 0, EVF_ONLINE },
    { AP_BREAKFAST, MT_NEW_YORK, "New York Founders Breakfast", HOST_CHAPTER, { NULL },
      30, WD_TUE, 8, 0, 90, 15, 9, 5, "Breakfast with investors: New York",
      "Fifteen seats at the Founders Breakfast's table: ten founders from different sectors and five investors from "
      "New York seed funds. Bring one question, not a deck.",
      NULL, NULL, { NULL }, { NULL }, NULL, NULL, NULL, 0, 0 },
    { AP_PITCH, MT_SAO_PAULO, "São Paulo Retail & E-commerce Circle", HOST_CHAPTER, { NULL },
      20, WD_THU, 19, 0, 180, 60, 10, 10, "Pitch night: retail and e-commerce",
      "Online shops, marketplaces and consumer brands from across Brazil pitch to investors and to two retailers who "
      "buy from start-ups.",
      NULL, NULL, { NULL }, { NULL }, NULL, NULL, NULL, 0, 0 },
    { AP_MIXER, MT_RIO, "Rio Tourism Founders", HOST_CHAPTER, { NULL },
      40, WD_FIRST_TUE, 19, 0, 135, 60, 7, 8, "First Tuesday mixer: Rio",
      "Rio's first mixer, hosted by the Tourism Founders in Botafogo: founders, investors and anyone thinking of "
      "starting something.",
      "Impact Hub Rio, Botafogo", NULL, { NULL }, { NULL }, NULL, NULL, NULL, 0, 0 },
    { AP_MIXER, MT_LYON, "Lyon Food Entrepreneurs", HOST_CHAPTER, { NULL },
      40, WD_FIRST_TUE, 18, 30, 135, 50, 9, 5, "First Tuesday mixer: Lyon",
      "The Food Entrepreneurs host the first Tuesday in Lyon: chefs, bakers, food brands and everyone who wants to "
      "meet them. Something good to eat is guaranteed.",
      NULL, NULL, { NULL }, { NULL }, NULL, NULL, NULL, 0, 0 },
    { AP_PITCH, MT_MANCHESTER, "Manchester Makers Circle", HOST_CHAPTER, { NULL },
      40, WD_WED, 18, 30, 180, 50, 9, 8, "Hardware pitch night: Manchester",
      "Manufacturers and hardware founders from the North West pitch in a mill in Ancoats. The jury includes an "
      "investor who only backs companies that make things.",
      "a mill conversion in Ancoats, second floor", NULL, { NULL }, { NULL }, NULL, NULL, NULL, 0, 0 },
    { AP_WEEKEND, MT_LONDON, "London Creative Industries Circle", HOST_CHAPTER, { NULL },
      47, WD_FRI, 18, 0, 3240, 90, 20, 25, "Startup Weekend London: creative industries",
      "Fifty-four hours for designers, developers, writers and producers who want to build a company around creative "
      "work. The coaches come from London's four chapters.",
      "Second Home Spitalfields, the event space", NULL, { NULL }, { NULL }, NULL, NULL, NULL, 0, 0 },
    { AP_PITCH, MT_LOS_ANGELES, "Los Angeles Creative Founders", HOST_CHAPTER, { NULL },
      37, WD_THU, 19, 0, 180, 60, 9, 9, "Pitch night: creator businesses",
      "Studios, production companies and creators pitch the business side of their work to investors who know that "
      "talent alone does not make a company.",
      NULL, NULL, { NULL }, { NULL }, NULL, NULL, NULL, 0, 0 },
};
#define NEVENT N(event_defs)

#define MAX_GUESTS 40       /* people from outside the network, per metro */
#define MAX_REGS 64         /* above members + guests of every event */
#define MAX_TIERS 4

typedef struct Guest {
    const char *name, *email;
} Guest;

typedef struct Happening {   /* the run's state ("event" is taken by the books' events above) */
    int64_t app_id[NAPP];
    Guest guest[NMETRO][MAX_GUESTS];
    int nguest[NMETRO];
    unsigned char *taken;    /* per person, while choosing who registers */
} Happening;

/* JSON text of j, which it takes (arena). */
static const char *json_text(Demo *d, json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT);
    const char *out = arena_strdup(&d->a, s ? s : "[]");
    free(s);
    json_decref(j);
    return out;
}

/* Minor units as a price cell ("10.00"; "0" for free) (arena). */
static const char *price_cell(Demo *d, int64_t minor)
{
    return minor ? arena_printf(&d->a, "%lld.%02lld", (long long)(minor / 100), (long long)(minor % 100)) : "0";
}

/* A price in euro cents as the metro's people would write it: whole units (fives above twenty), a hundred
 * shillings, five reais. */
static int64_t local_price(int metro, int64_t cents)
{
    const CurrencyDef *cu = &currencies[metros[metro].culture];
    if (!cents || cu->rate == 100) return cents;
    int64_t v = cents * cu->rate / 100, unit;
    if (str_eq(cu->code, "KES")) unit = v < 500000 ? 10000 : 50000;
    else if (str_eq(cu->code, "BRL")) unit = 500;
    else unit = v < 2000 ? 100 : 500;
    v = (v + unit / 2) / unit * unit;
    return v < unit ? unit : v;
}

static const char *runbook_json(Demo *d, const AppDef *a)
{
    json_t *j = json_array();
    for (const StepDef *s = app_base(a)->steps; s->step; s++)
        json_array_append_new(j, json_pack("{s:s, s:i}", "step", s->step, "minutes", s->minutes));
    return json_text(d, j);
}

/* The tiers in the metro's currency (metro -1: in euros, as the catalog has them). */
static const char *tiers_json(Demo *d, const AppDef *a, int metro)
{
    json_t *j = json_array();
    for (const PriceDef *t = a->tiers; t->name; t++)
        json_array_append_new(j, json_pack("{s:s, s:s, s:s}", "name", t->name, "price",
                                           price_cell(d, metro < 0 ? t->cents : local_price(metro, t->cents)),
                                           "currency", metro < 0 ? "EUR" : cur_of(metro)));
    return json_text(d, j);
}

static const char *packages_json(Demo *d, const AppDef *a)
{
    json_t *j = json_array();
    for (const PriceDef *p = app_base(a)->packages; p->name; p++)
        json_array_append_new(j, json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", p->name, "price", price_cell(d, p->cents),
                                           "currency", "EUR", "placement", p->placement, "benefits", p->benefits));
    return json_text(d, j);
}

static const char *split_json(Demo *d, const AppDef *a)
{
    json_t *j = json_array();
    for (const PartyDef *p = app_base(a)->split; p->party; p++)
        json_array_append_new(j, json_pack("{s:s, s:I}", "party", p->party, "share", (json_int_t)p->share));
    return json_text(d, j);
}

/* A rule of src/events/ refused what the demo wrote: the demo is wrong, and stops saying so. */
static int rules_broken(Err *e, const char *what)
{
    char why[sizeof e->msg];
    snprintf(why, sizeof why, "%s", e->msg);
    return err_set(e, E_INTERNAL, "The demo's \"%s\" breaks the rules of formats and events: %s", what, why);
}

/* The catalog: the network's formats (published a little before the first event made from them) and Inês's copy
 * of the pitch night. Each is checked by the rules the pages apply: a demo that would not pass them stops here. */
static int apps_make(Demo *d, Happening *H, DbConn *c, Err *e)
{
    for (int i = 0; i < NAPP; i++) {
        const AppDef *a = &app_defs[i];
        bool copy = a->origin >= 0;
        DemoApp f = { a->slug, a->name, a->summary, a->description, runbook_json(d, a), tiers_json(d, a, -1),
                      packages_json(d, a), split_json(d, a), copy ? d->people[P_INES].id : 0,
                      copy ? H->app_id[a->origin] : 0, d->now - (copy ? 150 : 200) * DAY };
        SplitRule rule;
        int64_t minutes = 0;
        if (tiers_check(f.tiers, e) < 0 || packages_check(f.packages, e) < 0 || runbook_check(f.runbook, &minutes, e) < 0 ||
            split_rule_parse(f.split_rule, &rule, e) < 0)
            return rules_broken(e, a->name);
        int found = demo_app_find(c, e, a->slug, &H->app_id[i]);
        if (found < 0 || (!found && demo_app_insert(c, e, &f, &H->app_id[i]) < 0)) return -1;
    }
    return 0;
}

static int chapter_named(const char *name)
{
    for (int k = 0; k < NCHAPTER; k++)
        if (str_eq(chapter_defs[k].name, name)) return k;
    return -1;
}

static bool holiday(const char *date)
{
    static const char *const days[] = { "12-24", "12-25", "12-26", "12-31", "01-01" };
    for (int i = 0; i < N(days); i++)
        if (str_eq(date + 5, days[i])) return true;
    return false;
}

/* When event x starts: `day` days from today in its metro, moved on to its weekday (the first Tuesday of that
 * month, or of the next or the one before when that falls on the wrong side of today), at its local time. */
static int event_when(Demo *d, const EventDef *x, int64_t *starts, Err *e)
{
    const char *tz = d->metro_tz[x->metro];
    char date[11], hm[6], local[32];
    int64_t noon;
    time_local_parts(d->now + x->day * DAY, tz, date, hm);
    snprintf(local, sizeof local, "%sT12:00", date);
    if (local_to_utc(local, tz, &noon, e) < 0) return -1;
    int64_t civil = noon / DAY;   /* local noon falls on the same day in UTC in every zone of the demo */
    if (x->weekday == WD_FIRST_TUE) {
        for (int tries = 0;; tries++) {
            int64_t first = civil - (atoi(time_iso_date(&d->a, civil * DAY) + 8) - 1);
            civil = first + ((WD_TUE - (first + 3) % 7) + 7) % 7;   /* 1970-01-01 was a Thursday */
            if (tries == 2) break;
            if (x->day >= 0 && civil * DAY < d->now + DAY) civil = first + 35;        /* into the next month */
            else if (x->day < 0 && civil * DAY > d->now - 6 * DAY) civil = first - 1;  /* the month before */
            else break;
        }
    } else {
        civil += ((x->weekday - (civil + 3) % 7) + 7) % 7;
    }
    /* nobody holds one over Christmas or on New Year's Day: a week later (a week earlier, for the past) */
    for (int i = 0; i <= x->minutes / (24 * 60); i++)
        if (holiday(time_iso_date(&d->a, (civil + i) * DAY))) {
            civil += x->day >= 0 ? 7 : -7;
            i = -1;
        }
    snprintf(local, sizeof local, "%sT%02d:%02d", time_iso_date(&d->a, civil * DAY), x->hour, x->minute);
    return local_to_utc(local, tz, starts, e);
}

/* A pool of people from outside the network in metro m (made on first use): the guests who register by e-mail. */
static void guests_ensure(Demo *d, Happening *H, int m)
{
    const NamePool *pool = &pools[metros[m].culture];
    for (int tries = 0; H->nguest[m] < MAX_GUESTS && tries < 2000; tries++) {
        const char *first = pool->first[rng_int(&d->rng, 0, pool->nfirst - 1)];
        const char *last = pool->last[rng_int(&d->rng, 0, pool->nlast - 1)];
        const char *name = arena_printf(&d->a, "%s %s", first, last);
        const char *email = email_for(d, first, last, rng_one_in(&d->rng, 2) ? "example.net" : "example.com");
        bool taken = name_taken(d, name, email);
        for (int o = 0; o < NMETRO && !taken; o++)
            for (int g = 0; g < H->nguest[o] && !taken; g++)
                taken = str_eq(H->guest[o][g].name, name) || str_eq(H->guest[o][g].email, email);
        if (!taken) H->guest[m][H->nguest[m]++] = (Guest){ name, email };
    }
}

/* Members who come to event x: the host chapter's first, then the co-hosts', then others of the city and the
 * neighbouring one (not for an event of the chapter only); never its organiser. Tomás when x says so. The count. */
static int members_pick(Demo *d, Happening *H, const EventDef *x, int k, const int *co, int nco, int organiser, int *out)
{
    int n = 0, nb = metros[x->metro].neighbour;
    bool chapter_only = str_eq(x->visibility, "chapter");
    int *cand = arena_alloc(&d->a, sizeof *cand * (size_t)d->npeople);
    memset(H->taken, 0, (size_t)d->npeople);
    H->taken[organiser] = 1;
    if ((x->flags & EVF_TOMAS) && organiser != P_TOMAS) {
        out[n++] = P_TOMAS;
        H->taken[P_TOMAS] = 1;
    }
    for (int pass = 0; pass < 4 && n < x->members; pass++) {
        int nc = 0;
        for (int i = 0; i < d->npeople; i++) {
            const Person *p = &d->people[i];
            bool ok = false;
            if (H->taken[i]) continue;
            if (pass == 0) ok = k >= 0 && chap_has(&d->chap[k], i);
            else if (pass == 1)
                for (int j = 0; j < nco && !ok; j++) ok = chap_has(&d->chap[co[j]], i);
            else if (!chapter_only) ok = p->metro == (pass == 2 ? x->metro : nb);
            if (ok) cand[nc++] = i;
        }
        shuffle(&d->rng, cand, nc);
        for (int j = 0; j < nc && n < x->members; j++) {
            out[n++] = cand[j];
            H->taken[cand[j]] = 1;
        }
    }
    return n;
}

/* The tier a registrant takes (its place in the format's tiers): members come free where the format lets them and
 * guests pay; at a breakfast the guests are the investors; the first two fifths of a weekend get the early bird. */
static int tier_for(Demo *d, int app, bool guest, int order, int n)
{
    switch (app) {
    case AP_MIXER: return guest ? 1 : 0;                                           /* Members, Guest */
    case AP_PITCH: return guest ? 0 : 1;                                           /* Standard, Members */
    case AP_LISBON_PITCH: return !guest ? 1 : rng_one_in(&d->rng, 4) ? 2 : 0;      /* Standard, Members, Student */
    case AP_BREAKFAST: return guest ? 1 : 0;                                       /* Founders, Investors */
    case AP_CAMP: return rng_one_in(&d->rng, 5) ? 1 : 0;                           /* Founder, Scholarship */
    default: return rng_one_in(&d->rng, 6) ? 2 : order < n * 2 / 5 ? 0 : 1;       /* Early bird, Standard, Student */
    }
}

static int64_t clamp(int64_t v, int64_t lo, int64_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

typedef struct Registrant {
    int who;          /* into people, or (guests) into the metro's guests */
    bool guest;
} Registrant;

/* An event as it is being made: what happening_make decided, for the steps that follow. */
typedef struct Made {
    const EventDef *x;
    int64_t id, by, starts, ends, created, cancelled;   /* by: the organiser; cancelled: when (0: not) */
    int organiser, k, co[3], nco;                       /* into people; the host and co-hosting chapters (-1: none) */
    bool past;
    int64_t tier_id[MAX_TIERS], price[MAX_TIERS];
    int ntier;
    int64_t held;                                       /* what the basket holds of the event's currency */
} Made;

/* Sponsors sign up a few weeks ahead and pay the package's price. */
static int sponsors_make(Demo *d, DbConn *c, Err *e, Made *v)
{
    const EventDef *x = v->x;
    for (int s = 0; s < 2 && x->sponsor[s]; s++) {
        int o = org_named(x->sponsor[s]);
        const PriceDef *pk = app_base(&app_defs[x->app])->packages;
        while (pk->name && !str_eq(pk->name, x->package[s])) pk++;
        if (o < 0 || !pk->name)
            return err_set(e, E_INTERNAL, "The demo's event \"%s\": no organisation %s or package %s.", x->title, x->sponsor[s],
                           x->package[s]);
        int64_t at = clamp(v->starts - rng_range(&d->rng, 8, 30) * DAY, v->created + DAY, d->now - HOUR), tx = 0;
        char day[11];
        local_day(d, x->metro, at, day);
        Sponsorship sp = { v->id, v->by, pk->cents, str_slugify(&d->a, org_defs[o].name), pk->name, "EUR", pk->placement, day };
        if (event_sponsorship(c, e, &d->a, &sp, &tx) < 0 || demo_sponsor_backdate(c, e, tx, at) < 0) return -1;
        if (str_eq(cur_of(x->metro), "EUR")) v->held += pk->cents;
    }
    return 0;
}

/* Who registers, and when (most in the last weeks before the day; so far, for what is to come), with the e-mails,
 * the payments the organiser confirmed and, at a past event, check-in at the door. */
static int registrations_make(Demo *d, Happening *H, DbConn *c, Err *e, Made *v)
{
    const EventDef *x = v->x;
    int m = x->metro, picked[MAX_REGS], nm = members_pick(d, H, x, v->k, v->co, v->nco, v->organiser, picked);
    int ng = x->guests, nr = 0, gi[MAX_GUESTS], order[MAX_REGS];
    Registrant r[MAX_REGS];
    guests_ensure(d, H, m);
    if (ng > H->nguest[m]) ng = H->nguest[m];
    if (nm + ng > MAX_REGS) return err_set(e, E_INTERNAL, "The demo's event \"%s\" wants too many registrations.", x->title);
    for (int i = 0; i < H->nguest[m]; i++) gi[i] = i;
    shuffle(&d->rng, gi, H->nguest[m]);
    for (int i = 0; i < nm + ng; i++) order[i] = i;
    shuffle(&d->rng, order, nm + ng);
    for (int i = 0; i < nm + ng; i++)
        r[nr++] = order[i] < nm ? (Registrant){ picked[order[i]], false } : (Registrant){ gi[order[i] - nm], true };
    if (x->app == AP_BREAKFAST)   /* the investors are invited, and answer first */
        for (int i = 0, g = 0; i < nr; i++)
            if (r[i].guest) {
                Registrant t = r[i];
                memmove(&r[g + 1], &r[g], sizeof *r * (size_t)(i - g));
                r[g++] = t;
            }
    int64_t from = v->created + 2 * HOUR, to = (v->cancelled ? v->cancelled : v->starts) - 2 * HOUR, at[MAX_REGS];
    if (to > d->now - 20 * 60) to = d->now - 20 * 60;
    for (int i = 0; i < nr; i++) {
        double u = rng_unit(&d->rng);
        at[i] = from + (int64_t)((v->past ? u * (2 - u) : u) * (double)(to - from));
    }
    for (int i = 1; i < nr; i++)
        for (int j = i; j > 0 && at[j - 1] > at[j]; j--) {
            int64_t t = at[j];
            at[j] = at[j - 1];
            at[j - 1] = t;
        }

    for (int i = 0; i < nr; i++) {
        const Person *p = r[i].guest ? NULL : &d->people[r[i].who];
        const Guest *g = r[i].guest ? &H->guest[m][r[i].who] : NULL;
        int t = tier_for(d, x->app, r[i].guest, i, nr);
        if (t >= v->ntier) t = 0;
        EventSignup s = { .event = v->id, .tier = v->tier_id[t], .user = p ? p->id : 0, .email = p ? p->email : g->email,
                          .name = p ? p->name : g->name, .public_url = DEMO_LINK_BASE, .arena = &d->a };
        if (event_signup(c, e, &s) < 0) return -1;
        /* the outbox keeps the last day's tickets for what is to come, as a mailer would not have sent them yet */
        bool recent = !v->past && !v->cancelled && at[i] > d->now - DAY;
        if ((recent ? demo_outbox_backdate(c, e, s.email, at[i]) : demo_outbox_drop(c, e, s.email, "event_registration")) < 0)
            return -1;
        d->ev.kept_mail += recent;
        bool ticket = str_eq(s.status, "ticket");
        int64_t checked = 0, updated = at[i];
        if (v->past && !v->cancelled && ticket && rng_int(&d->rng, 1, 100) <= 85)
            checked = v->starts + rng_range(&d->rng, -25 * 60, 40 * 60);
        /* paid ahead from the registration, or at the door; nothing yet for the last two days' */
        bool ahead = rng_one_in(&d->rng, 2);
        bool pays = v->price[t] > 0 && ticket && !v->cancelled &&
                    (v->past ? checked || ahead : at[i] < d->now - 2 * DAY && rng_int(&d->rng, 1, 100) <= 60);
        if (pays) {
            int64_t tx = 0, when = v->past && !ahead ? checked : at[i] + rng_range(&d->rng, HOUR, DAY);
            char day[11];
            when = clamp(when, at[i], d->now - HOUR);
            local_day(d, m, when, day);
            if (event_pay(c, e, &d->a, v->id, s.id, v->by, day, &tx) < 0) return -1;
            v->held += v->price[t];
            if (when > updated) updated = when;
        }
        if (checked > updated) updated = checked;
        if (demo_registration_backdate(c, e, s.id, at[i], updated, checked) < 0) return -1;
    }
    return 0;
}

/* A cost paid from the basket on the day (ahead of the day for what is to come), never beyond what it holds; then a
 * past event's books closed a few days after it, which posts the split, or the event called off. */
static int settle_make(Demo *d, DbConn *c, Err *e, Made *v)
{
    const EventDef *x = v->x;
    int m = x->metro;
    char day[11];
    if (x->cost_to && v->held > 0) {
        int o = org_named(x->cost_to);
        int64_t unit = local_price(m, 100), amount = local_price(m, x->cost_cents), tx = 0;
        if (o < 0) return err_set(e, E_INTERNAL, "The demo's event \"%s\" pays %s, an organisation it does not have.", x->title, x->cost_to);
        if (amount > v->held * 3 / 5) amount = v->held * 3 / 5 / unit * unit;
        local_day(d, m, v->past ? v->starts : d->now - 2 * DAY, day);
        EventCost k = { v->id, v->by, amount, arena_printf(&d->a, "org:%s", str_slugify(&d->a, org_defs[o].name)), cur_of(m),
                        x->cost_what, x->cost_category, day };
        if (amount > 0 && event_cost_pay(c, e, &d->a, &k, &tx) < 0) return -1;
    }
    if (v->cancelled) return demo_event_cancel(c, e, v->id, v->cancelled);
    if (!v->past) return 0;
    int posted = 0;
    int64_t closed = clamp(v->ends + rng_range(&d->rng, DAY, 3 * DAY) + rng_range(&d->rng, 0, 8 * HOUR), v->ends, d->now - HOUR);
    local_day(d, m, closed, day);
    if (event_close_books(c, e, &d->a, v->id, v->by, day, &posted) < 0 || demo_event_closed_at(c, e, v->id, closed) < 0)
        return -1;
    d->ev.closed++;
    d->ev.ines_closed += v->organiser == P_INES;
    return 0;
}

/* Makes event x, starting at `starts`, with everything that happened to it so far. */
static int happening_make(Demo *d, Happening *H, DbConn *c, Err *e, const EventDef *x, int64_t starts)
{
    const AppDef *a = &app_defs[x->app];
    int m = x->metro;
    Made v = { .x = x, .starts = starts, .ends = starts + x->minutes * 60, .k = -1, .past = x->day < 0 };
    EventSpec n = { 0 };
    for (int j = 0; j < 3 && x->cohosts[j]; j++) {
        int k = chapter_named(x->cohosts[j]);
        if (k < 0 || chapter_defs[k].status != ST_ACTIVE)
            return err_set(e, E_INTERNAL, "The demo's event \"%s\" names %s, not an active chapter.", x->title, x->cohosts[j]);
        v.co[v.nco++] = k;
        n.cohosts[n.ncohosts++] = d->chap[k].id;
    }
    if (x->host && ((v.k = chapter_named(x->host)) < 0 || chapter_defs[v.k].status != ST_ACTIVE))
        return err_set(e, E_INTERNAL, "The demo's event \"%s\" names %s, not an active chapter.", x->title, x->host);
    v.organiser = (int)(chap_connector(d, &d->chap[v.k >= 0 ? v.k : v.co[0]]) - d->people);
    v.by = d->people[v.organiser].id;
    if (v.k >= 0) {
        n.host_kind = "chapter";
        n.host_id = n.f.chapter_id = d->chap[v.k].id;
    } else {
        n.host_kind = "place";
        if (x->host_kind == HOST_COUNTRY) n.host_id = d->country_id[m];
        else if (demo_place_find(c, e, place_slug(d, metros[m].region, "region"), "region", &n.host_id) <= 0)
            return e->code ? -1 : err_set(e, E_INTERNAL, "The region of %s is missing.", metros[m].name);
        n.f.place_id = n.host_id;
    }
    char date[11], hm[6];
    time_local_parts(starts, d->metro_tz[m], date, hm);
    n.f.slug = str_slugify(&d->a, arena_printf(&d->a, "%s %s", x->title, date));
    n.f.title = x->title;
    n.f.description = arena_printf(&d->a, "%s\n\n%s%s", x->hook, a->how,
                                   x->flags & EVF_ONLINE ? "\n\nMembers who cannot come can follow it online; the link "
                                                           "is on this page." : "");
    n.f.timezone = d->metro_tz[m];
    n.f.venue = x->venue ? x->venue : v.k >= 0 ? d->chap[v.k].plan.venue : metros[m].venues[0];
    n.f.online_url = x->flags & EVF_ONLINE ? arena_printf(&d->a, "https://meet.example.org/%s", n.f.slug) : "";
    n.f.visibility = x->visibility ? x->visibility : "public";
    n.f.split_rule = split_json(d, a);
    n.f.app_id = H->app_id[x->app];
    n.f.starts_at = v.starts;
    n.f.ends_at = v.ends;
    n.f.capacity = x->capacity;
    n.f.organiser_id = v.by;
    n.tiers = tiers_json(d, a, m);
    if (tiers_check(n.tiers, e) < 0) return rules_broken(e, x->title);
    if (event_create_in(c, e, &n) < 0) return -1;
    v.id = n.id;
    v.created = clamp(starts - rng_range(&d->rng, 24, 45) * DAY, d->now - 200 * DAY, d->now - rng_range(&d->rng, 10, 20) * DAY);
    v.cancelled = x->flags & EVF_CANCELLED ? starts - 3 * DAY : 0;
    if (demo_event_created(c, e, v.id, v.created) < 0 || (v.ntier = demo_tier_ids(c, e, v.id, v.tier_id, MAX_TIERS)) < 0)
        return -1;
    for (int t = 0; t < v.ntier; t++) v.price[t] = local_price(m, a->tiers[t].cents);
    if (sponsors_make(d, c, e, &v) < 0 || registrations_make(d, H, c, e, &v) < 0 || settle_make(d, c, e, &v) < 0) return -1;
    if (v.organiser == P_INES && !v.past) d->ev.ines_upcoming++;
    if (v.organiser == P_INES && x->app == AP_LISBON_PITCH && !v.past && (!d->ev.ines_next || starts < d->ev.ines_next)) {
        d->ev.ines_next = starts;
        d->ev.ines_next_title = x->title;
    }
    d->ev.made++;
    return 0;
}

typedef struct Dated {
    int64_t at;
    int i;
} Dated;

static int dated_cmp(const void *a, const void *b)
{
    const Dated *x = a, *y = b;
    return x->at != y->at ? (x->at < y->at ? -1 : 1) : x->i - y->i;
}

/* The catalog, then the events in the order they happen; then the dates beside the books of what the events'
 * money opened (the guests' organisation, the accounts of members who never paid anything before). */
static int happenings_make(Demo *d, DbConn *c, Err *e)
{
    Happening *H = xcalloc(1, sizeof *H);
    Dated when[NEVENT];
    int rc = -1;
    d->rng.s = DEMO_SEED ^ 0x6576656e74730001ull;
    memset(&d->ev, 0, sizeof d->ev);
    H->taken = arena_alloc(&d->a, (size_t)d->npeople);
    if (apps_make(d, H, c, e) < 0) goto done;
    for (int i = 0; i < NEVENT; i++) {
        when[i].i = i;
        if (event_when(d, &event_defs[i], &when[i].at, e) < 0) goto done;
    }
    qsort(when, NEVENT, sizeof *when, dated_cmp);
    for (int i = 0; i < NEVENT; i++)
        if (happening_make(d, H, c, e, &event_defs[when[i].i], when[i].at) < 0) goto done;
    int64_t guests = 0;
    int found = demo_org_find(c, e, "event-guests", &guests);
    if (found < 0 || (found && demo_org_backdate(c, e, guests, d->now - 200 * DAY) < 0)) goto done;
    if (demo_accounts_backdate(c, e, d->start - DAY) < 0) goto done;
    rc = 0;
done:
    free(H);
    return rc;
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
    for (int k = 0; k < NCHAPTER; k++) plan_series(d, k);
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
    if (invitations_make(d, c, e) < 0 || requests_make(d, c, e) < 0) return -1;
    fprintf(stderr, "demo: meetings…\n");
    if (meetings_make(d, c, e) < 0) return -1;
    fprintf(stderr, "demo: the books…\n");
    if (books_make(d, c, e) < 0) return -1;
    fprintf(stderr, "demo: formats and events…\n");
    return happenings_make(d, c, e);
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
    printf("  %lld monthly meeting series; %lld meetings held, %lld cancelled, %lld upcoming (%lld answers so far)\n",
           (long long)jint(s, "series"), (long long)jint(s, "held"), (long long)jint(s, "cancelled"),
           (long long)jint(s, "upcoming"), (long long)jint(s, "rsvps"));
    printf("  %lld attendances and %lld absences (%d members drifting away, flagged to their connectors)\n",
           (long long)jint(s, "present"), (long long)jint(s, "absent"), d->mt.drifting);
    printf("  %lld rounds (%lld shared with the network), %lld stories in answer (%lld flagged as advice),\n"
           "  %lld commitments (%lld still open)\n",
           (long long)jint(s, "rounds"), (long long)jint(s, "shared"), (long long)jint(s, "stories"),
           (long long)jint(s, "flagged"), (long long)jint(s, "commitments"), (long long)jint(s, "commitments_open"));
    int64_t minutes = jint(s, "minutes_given");
    printf("  %lld transactions in the books (%lld with money, %lld contributions: %lld.%lld hours, %lld goods and %lld "
           "favours given; %lld reversals)\n",
           (long long)jint(s, "transactions"), (long long)jint(s, "money_transactions"), (long long)jint(s, "contributions"),
           (long long)(minutes / 60), (long long)(minutes % 60 * 10 / 60), (long long)jint(s, "goods_given"),
           (long long)jint(s, "favours_given"), (long long)jint(s, "reversals"));
    printf("  %lld organisations, %lld earmarked baskets, %lld expense claims (%lld pending, %lld declined), "
           "%lld canvas texts\n",
           (long long)jint(s, "organisations"), (long long)jint(s, "baskets"), (long long)jint(s, "claims"),
           (long long)jint(s, "claims_pending"), (long long)jint(s, "claims_declined"), (long long)jint(s, "canvas_texts"));
    printf("  %lld events from %lld formats (and %lld local copy): %lld upcoming, %lld closed with their revenue split, "
           "%lld cancelled;\n  %lld registrations (%lld guests by e-mail, %lld on a waitlist, %lld tickets paid), "
           "%lld sponsorships, %lld shares posted (%d ticket e-mails left in the outbox)\n",
           (long long)jint(s, "events"), (long long)jint(s, "formats"), (long long)jint(s, "format_copies"),
           (long long)jint(s, "events_upcoming"), (long long)jint(s, "events_closed"), (long long)jint(s, "events_cancelled"),
           (long long)jint(s, "registrations"), (long long)jint(s, "guests"), (long long)jint(s, "waitlisted"),
           (long long)jint(s, "tickets_paid"), (long long)jint(s, "sponsorships"), (long long)jint(s, "shares"),
           d->ev.kept_mail);
    printf("\nDemo logins (every demo member's password is %s):\n", DEMO_PASSWORD);
    printf("  %-26s %s, connector of %s; member of %s\n", d->people[P_INES].email, d->people[P_INES].name,
           chapters_of(d, FX_INES, true), chapters_of(d, FX_INES, false));
    printf("  %-26s %s, member of %s; has asked to join %s\n", d->people[P_TOMAS].email, d->people[P_TOMAS].name,
           chapters_of(d, FX_TOMAS, false), pending_request_of_tomas());
    printf("  any other member, e.g. %s\n", d->people[2].email);
    if (d->today_k >= 0 && d->today_at) {
        const ChapterDef *def = &chapter_defs[d->today_k];
        const char *tz = d->metro_tz[def->metro];
        char date[11], hm[6];
        time_local_parts(d->today_at, tz, date, hm);
        printf("%s meets today at %s (%s): %s can open the meeting runner, %s has not answered yet.\n",
               def->name, hm, tz, d->people[P_INES].name, d->people[P_TOMAS].name);
    }
    if (d->ev.ines_next) {
        char date[11], hm[6];
        time_local_parts(d->ev.ines_next, d->metro_tz[MT_LISBON], date, hm);
        printf("%s organises %d of the events to come (%s on %s, among them); /me/events shows what she earned from "
               "the %d she closed.\n",
               d->people[P_INES].name, d->ev.ines_upcoming, d->ev.ines_next_title, date, d->ev.ines_closed);
    }
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

    if (!(summary = demo_summary(c, e, d->now))) goto done;
    summary_print(d, db, summary);
    rc = 0;
done:
    json_decref(summary);
    if (c) db_release(c);
    arena_release(&d->a);
    free(d);
    return rc;
}
