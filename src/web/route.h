/* route.h - the route table's types, flags and lookup.
 *
 * Routes are data (src/routes.h lists them all). The flags say who may call a
 * route; web/guard.c enforces them before any handler runs, so no handler has
 * to remember a permission check:
 *
 *   F_LOGIN      the caller must be logged in (pages redirect to the login form)
 *   F_ADMIN      the caller must be a network administrator
 *   F_PLEDGE     the caller must have accepted the current collaboration pledge
 *   F_MEMBER     the caller must belong to the {chapter} in the path
 *   F_CONNECTOR  the caller must be a connector of the {chapter} in the path
 *   F_ADMIN_OK   a network administrator passes F_MEMBER/F_CONNECTOR too
 *   F_PAGE       HTML only (forms); F_API: /api/v1 only
 *   F_NOCSRF     a state-changing route that does not need a CSRF token
 *                (its own secret in the URL is the credential, e.g. feeds)
 *   F_MANAGER    the caller must manage the {event} (its organiser, a connector
 *                of its host chapter, an administrator) or the {app} (its
 *                owner, an administrator) or the {org} (its managers, an
 *                administrator) in the path
 *   F_HASH       the handler hashes or checks a password (Argon2id, 64 MiB):
 *                the whole request runs on the hashing pool, off the server's
 *                threads (web/server.c suspends its connection meanwhile)
 *   F_REMOTE     the handler may wait on another host (a name looked up, an
 *                ActivityPub actor fetched, up to 10 s): the whole request
 *                runs on the remote pool, off the server's threads, as F_HASH
 *                does on the hashing pool
 *   F_UPLOAD     the route takes a file that is not text (a picture): its body
 *                may reach app->max_upload instead of app->max_body, and its
 *                multipart form keeps binary file parts (req_file)
 *
 * Every route with {chapter} in its path gets the chapter loaded (404 if there is
 * none) and the caller's role in it, whatever its flags; {event} and {app} are
 * loaded the same way into r->object, with what the caller may see. Every non-GET route
 * needs a CSRF token unless the caller authenticated with an API token. */
#ifndef GLOCAL_ROUTE_H
#define GLOCAL_ROUTE_H

#include "web/req.h"

enum {
    F_LOGIN = 1 << 0,
    F_ADMIN = 1 << 1,
    F_PLEDGE = 1 << 2,
    F_MEMBER = 1 << 3,
    F_CONNECTOR = 1 << 4,
    F_ADMIN_OK = 1 << 5,
    F_PAGE = 1 << 6,
    F_API = 1 << 7,
    F_NOCSRF = 1 << 8,
    F_MANAGER = 1 << 9,
    F_HASH = 1 << 10,
    F_UPLOAD = 1 << 11,
    F_REMOTE = 1 << 12,
};

typedef int (*Handler)(Req *r);

struct Route {
    int method;
    const char *pattern;      /* "/chapters/{chapter}/invitations"; a parameter takes a whole
                                 segment, or all of it but a literal suffix: "/commons/tags/{tag}.atom" */
    Handler handler;
    unsigned flags;
    const char *summary;
};

extern const Route routes[];
extern const size_t route_count;

/* Finds the route for method and path (without /api/v1), filling the path
 * parameters of r. Returns NULL and sets *allowed to the methods that would
 * match the path (0: no such path). */
const Route *route_match(Req *r, int method, const char *path, bool api, int *allowed);
const char *route_method_name(int method);
int route_method_parse(const char *name);

#endif
