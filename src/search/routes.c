/* routes.c - the search page and API, and the search feature (built by the
 * search area). */
#include "search/search.h"

const Feature search_feature = { .name = "search" };
