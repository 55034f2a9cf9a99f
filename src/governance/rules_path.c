/* rules_path.c - the escalation path, as pure functions: which places are
 * dense enough to have a steering committee, the path of a chapter from its
 * metro up to the board, where a committee passes a matter up, and which
 * places of the whole network call for a committee. No SQL, no clock: the
 * places, their counts and the thresholds are arguments (see governance.h). */
#include <stdint.h>

#include "base/str.h"
#include "governance/governance.h"

int64_t gov_threshold(const GovThresholds *t, const char *kind)
{
    if (str_eq(kind, "metro")) return t->metro;
    if (str_eq(kind, "region")) return t->region;
    if (str_eq(kind, "country")) return t->country;
    return INT64_MAX;
}

bool gov_dense(const GovThresholds *t, const PathPlace *p)
{
    return p->active >= gov_threshold(t, p->kind);
}

/* The first step on chain[from..n) above a step that has `below` active
 * chapters: dense, and with more chapters than that step (a wider place whose
 * chapters all sit in the step below adds nobody: its committee would be
 * elected by the same chapters). -1: none (the board). */
static int step_from(const PathPlace *chain, int n, int from, int64_t below, const GovThresholds *t)
{
    for (int i = from; i < n; i++)
        if (gov_dense(t, &chain[i]) && chain[i].active > below) return i;
    return -1;
}

int gov_path(const PathPlace *chain, int n, const GovThresholds *t, int *steps)
{
    int k = 0;
    int64_t below = -1;   /* below the metro: nothing, so the first dense place is a step */
    for (int i = step_from(chain, n, 0, below, t); i >= 0; i = step_from(chain, n, i + 1, below, t)) {
        steps[k++] = i;
        below = chain[i].active;
    }
    return k;
}

int gov_next_step(const PathPlace *chain, int n, const GovThresholds *t)
{
    if (n < 1) return -1;
    return step_from(chain, n, 1, chain[0].active, t);
}

enum { MAP_DEPTH = 8 };   /* country > region > metro, with room for deeper trees */

void gov_committee_map(const MapPlace *places, int n, const GovThresholds *t, bool *on_path, int64_t *subtree)
{
    for (int i = 0; i < n; i++) {
        on_path[i] = false;
        subtree[i] = 0;
    }
    /* roll each metro's chapters up to its ancestors */
    for (int i = 0; i < n; i++) {
        int depth = 0;
        for (int p = i; p >= 0 && depth < MAP_DEPTH; p = places[p].parent, depth++) {
            subtree[p] += places[i].active;
        }
    }
    /* the path of every metro that has chapters marks its steps */
    for (int i = 0; i < n; i++) {
        if (!str_eq(places[i].kind, "metro") || !places[i].has_chapters) continue;
        PathPlace chain[MAP_DEPTH];
        int index[MAP_DEPTH], steps[MAP_DEPTH], len = 0;
        for (int p = i; p >= 0 && len < MAP_DEPTH; p = places[p].parent) {
            chain[len] = (PathPlace){ 0, places[p].kind, subtree[p] };
            index[len++] = p;
        }
        int k = gov_path(chain, len, t, steps);
        for (int s = 0; s < k; s++) on_path[index[steps[s]]] = true;
    }
}

void gov_thresholds_problems(const GovThresholds *t, FieldErrs *problems)
{
    static const struct {
        const char *field, *what;
    } f[] = { { "gov_metro_min", "A metro" }, { "gov_region_min", "A region" }, { "gov_country_min", "A country" } };
    const int64_t v[] = { t->metro, t->region, t->country };
    for (int i = 0; i < 3; i++)
        if (v[i] < 1 || v[i] > GOV_THRESHOLD_MAX)
            field_err(problems, f[i].field, "%s needs from 1 to %d active chapters for a committee.", f[i].what,
                      GOV_THRESHOLD_MAX);
}
