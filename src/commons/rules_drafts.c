/* rules_drafts.c - what a commons draft made from a meeting says, as pure
 * functions: the title from the round's first words, a summary that names no
 * one, and a Markdown body that starts with a note telling its author to
 * remove what identifies people, then quotes the round and the stories it got
 * without saying who told them. No SQL, no clock (see commons.h). */
#include <string.h>

#include "base/buf.h"
#include "base/str.h"
#include "commons/commons.h"

#define TITLE_WORDS 90   /* bytes of the round's first line a title takes, at most */

bool stories_kind_valid(const char *kind)
{
    return !kind || !*kind || str_eq(kind, "success") || str_eq(kind, "challenge");
}

/* The round's first line, white space folded, cut after a whole word. */
static const char *first_words(Arena *a, const char *body)
{
    Buf b;
    buf_init(&b, a);
    const char *p = body ? body : "";
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    bool space = false;
    for (; *p && *p != '\n' && *p != '\r'; p++) {
        if (*p == ' ' || *p == '\t') {
            space = true;
            continue;
        }
        if (space && b.len) buf_addc(&b, ' ');
        space = false;
        buf_addc(&b, *p);
    }
    const char *line = buf_str(&b);
    if (strlen(line) <= TITLE_WORDS) return line;
    char *cut = str_truncate(a, line, TITLE_WORDS);
    char *sp = strrchr(cut, ' ');
    if (sp && sp - cut > TITLE_WORDS / 2) *sp = 0;
    size_t n = strlen(cut);
    while (n && strchr(",;:.-", cut[n - 1])) cut[--n] = 0;
    return arena_printf(a, "%s…", cut);
}

/* A member's words as Markdown paragraphs: their line breaks kept. */
static void quote_text(Buf *b, const char *text)
{
    for (const char *p = text ? text : ""; *p; p++) {
        if (*p == '\r') continue;
        if (*p == '\n' && p[1] && p[1] != '\n' && p[1] != '\r') buf_adds(b, "  \n");
        else buf_addc(b, *p);
    }
    buf_adds(b, "\n\n");
}

static const char *note_text =
    "> **Before you publish, edit this draft so that no one can be recognised.** "
    "Remove or change the names of people, organisations, clients and places, and any detail "
    "that would let a reader tell who lived this or who told it. Then delete this note.\n"
    ">\n"
    "> Every member whose story is quoted below is asked to consent before anything is published: "
    "nothing is public until all of them agree, and any of them can take it back later.\n\n";

void draft_compose(Arena *a, const DraftSource *s, DraftText *out)
{
    bool challenge = str_eq(s->kind, "challenge");
    const char *what = challenge ? "challenge" : "success";
    const char *words = first_words(a, s->body);
    out->title = arena_printf(a, "%s: %s", challenge ? "A challenge" : "A success", *words ? words : "untitled");
    out->tags = what;
    out->note = arena_printf(a, "Drafted from a %s shared in a chapter meeting%s.", what,
                             s->nstories ? ", with the stories it got" : "");
    Buf b;
    buf_init(&b, a);
    buf_adds(&b, note_text);
    buf_printf(&b, "## The %s\n\n", what);
    quote_text(&b, s->body);
    out->included = 0;
    if (s->nstories) buf_adds(&b, "## What others told from their own experience\n\n");
    for (int i = 0; i < s->nstories; i++) {
        const char *t = s->stories[i] ? s->stories[i] : "";
        if (b.len + strlen(t) + 64 > DRAFT_BODY_ROOM) break;
        buf_printf(&b, "### Story %d\n\n", i + 1);
        quote_text(&b, t);
        out->included++;
    }
    int left = s->nstories - out->included;
    if (left)
        buf_printf(&b, "*%d more %s not included: the draft would be too long. Summarise %s here if you want.*\n", left,
                   left == 1 ? "story was" : "stories were", left == 1 ? "it" : "them");
    out->body = buf_str(&b);
    Buf sum;
    buf_init(&sum, a);
    buf_printf(&sum, "A %s shared in a chapter meeting in %s", what, str_empty(s->place) ? "the network" : s->place);
    if (!str_empty(s->sector)) buf_printf(&sum, " (%s)", s->sector);
    if (out->included == 1) buf_adds(&sum, ", with the story another member told from their own experience");
    else if (out->included > 1)
        buf_printf(&sum, ", with the %d stories other members told from their own experience", out->included);
    buf_addc(&sum, '.');
    out->summary = buf_str(&sum);
}
