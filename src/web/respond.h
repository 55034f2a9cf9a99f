/* respond.h - the faces: turning a handler's outcome into a response.
 *
 * respond() is the one place where errors become HTTP statuses: problem+json
 * (RFC 9457) for the API, a friendly page (or a redirect to the login form) for
 * people. Successful outcomes become the model as JSON, or the handler's view
 * rendered inside the layout with what every page needs (who is logged in, the
 * CSRF token, the flash message). */
#ifndef GLOCAL_RESPOND_H
#define GLOCAL_RESPOND_H

#include "web/req.h"

/* rc is what the handler (or the guard) returned: 0 or -1 with r->err set. */
void respond(Req *r, int rc);

#endif
