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

/* The first step on the chain from index `from` up, above the step `below`
 * (-1: none yet): a dense place that has active chapters outside the step
 * below (a wider place whose chapters all sit in that step adds nobody: its
 * committee would be elected by the same chapters). -1: none (the board). */
static int step_from(const PathFacts *f, int from, int below)
{
    for (int i = from; i < f->n; i++)
        if (f->dense[i] && (below < 0 || f->adds[i][below])) return i;
    return -1;
}

int gov_path_of_facts(const PathFacts *f, int *steps)
{
    int k = 0;
    for (int i = step_from(f, 0, -1); i >= 0; i = step_from(f, i + 1, i)) steps[k++] = i;
    return k;
}

int gov_next_of_facts(const PathFacts *f, int from)
{
    return from < 0 || from >= f->n ? -1 : step_from(f, from + 1, from);
}

void gov_facts_of_counts(const PathPlace *chain, int n, const GovThresholds *t, PathFacts *f)
{
    f->n = n < GOV_CHAIN_MAX ? n : GOV_CHAIN_MAX;
    for (int i = 0; i < f->n; i++) {
        f->dense[i] = gov_dense(t, &chain[i]);
        for (int j = 0; j < GOV_CHAIN_MAX; j++) f->adds[i][j] = j < i && chain[i].active > chain[j].active;
    }
}

int gov_path(const PathPlace *chain, int n, const GovThresholds *t, int *steps)
{
    PathFacts f;
    gov_facts_of_counts(chain, n, t, &f);
    return gov_path_of_facts(&f, steps);
}

int gov_next_step(const PathPlace *chain, int n, const GovThresholds *t)
{
    PathFacts f;
    gov_facts_of_counts(chain, n, t, &f);
    return gov_next_of_facts(&f, 0);
}

enum { MAP_DEPTH = GOV_CHAIN_MAX };   /* country > region > metro, with room for deeper trees */

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
