/* routes.c - growth's handlers and its Feature. The dashboards, targets,
 * funnel and "needs attention" pages come next (see HANDOFF-growth.md); for
 * now the feature is its periodic work: the daily snapshot (snapshot.c). */
#include "growth/growth.h"

static const PathLoader loaders[] = {
    { NULL },
};

const Feature growth_feature = { .name = "growth", .tick = growth_tick, .loaders = loaders };
