/* routes.h - the whole URL space on one page.
 *
 * ROUTE(method, path, handler, flags, summary). Each route serves people at
 * PATH and programs at /api/v1PATH from the same handler, unless it is marked
 * F_PAGE (HTML only) or F_API (API only). Flags say who may call it; the guard
 * enforces them (see web/route.h). The first route that matches wins, so
 * literal paths come before the parameters that would also match them. The
 * OpenAPI document (docs/openapi.json) lists exactly the API routes below; a
 * test keeps the two in step. */

#define GLOCAL_ROUTES(ROUTE) \
    /* site */ \
    ROUTE(GET,  "/",                                   home_show,             F_PAGE, "Home: the network at a glance") \
    ROUTE(GET,  "/about",                              about_show,            F_PAGE, "About this network") \
    ROUTE(GET,  "/health",                             health_show,           0, "Liveness and database check") \
    ROUTE(GET,  "/assets/{file}",                      asset_show,            F_PAGE, "Stylesheet, script and icons") \
    ROUTE(GET,  "/api/openapi.json",                   openapi_show,          F_PAGE, "The OpenAPI 3.1 document of the API") \
    /* accounts */ \
    ROUTE(GET,  "/signup",                             signup_form,           F_PAGE, "Sign-up form") \
    ROUTE(POST, "/signup",                             signup_submit,         F_PAGE, "Create an account and log in") \
    ROUTE(GET,  "/login",                              login_form,            F_PAGE, "Login form") \
    ROUTE(POST, "/login",                              login_submit,          F_PAGE, "Log in") \
    ROUTE(POST, "/logout",                             logout_submit,         F_PAGE | F_LOGIN, "Log out") \
    ROUTE(GET,  "/me",                                 me_show,               F_LOGIN, "Your account, profile and chapters") \
    ROUTE(POST, "/me",                                 me_update,             F_LOGIN, "Update your profile") \
    ROUTE(POST, "/me/password",                        password_submit,       F_PAGE | F_LOGIN, "Change your password (ends your other sessions)") \
    ROUTE(GET,  "/me/tokens",                          tokens_index,          F_LOGIN, "Your personal API tokens") \
    ROUTE(POST, "/me/tokens",                          token_create,          F_PAGE | F_LOGIN, "Create a personal API token") \
    ROUTE(POST, "/me/tokens/{id}/revoke",              token_revoke,          F_LOGIN, "Revoke a personal API token") \
    ROUTE(GET,  "/pledge",                             pledge_show,           0, "The network's collaboration pledge") \
    ROUTE(POST, "/pledge/accept",                      pledge_accept_submit,  F_LOGIN, "Accept the current pledge") \
    /* the registry: places, sectors, chapters, members */ \
    ROUTE(GET,  "/places",                             places_index,          0, "Places: countries, regions and metros") \
    ROUTE(POST, "/places",                             place_create,          F_ADMIN, "Add a place") \
    ROUTE(GET,  "/places/{place}",                     place_show,            0, "A place and the density of the network there") \
    ROUTE(GET,  "/sectors",                            sectors_index,         0, "Sectors with their chapters and members") \
    ROUTE(POST, "/sectors",                            sector_create,         F_ADMIN, "Add a sector") \
    ROUTE(GET,  "/chapters",                           chapters_index,        0, "The directory of chapters, filtered by place, sector and status") \
    ROUTE(GET,  "/chapters/new",                       chapter_new_form,      F_PAGE | F_PLEDGE, "Form to start a chapter") \
    ROUTE(POST, "/chapters",                           chapter_create,        F_PLEDGE, "Start a chapter (you become its connector)") \
    ROUTE(GET,  "/chapters/{chapter}",                 chapter_show,          0, "A chapter (members see the member list)") \
    ROUTE(POST, "/chapters/{chapter}",                 chapter_update,        F_CONNECTOR | F_ADMIN_OK, "Update a chapter") \
    ROUTE(GET,  "/chapters/{chapter}/edit",            chapter_edit_form,     F_PAGE | F_CONNECTOR | F_ADMIN_OK, "Form to edit a chapter") \
    ROUTE(GET,  "/chapters/{chapter}/members",         chapter_members,       F_MEMBER | F_ADMIN_OK, "A chapter's members and their roles") \
    ROUTE(POST, "/chapters/{chapter}/leave",           chapter_leave,         F_MEMBER, "Leave a chapter") \
    ROUTE(POST, "/chapters/{chapter}/step-down",       connector_step_down,   F_CONNECTOR, "Step down as connector (another connector remains)") \
    ROUTE(POST, "/chapters/{chapter}/members/{member}/remove",    member_remove,         F_CONNECTOR, "Remove a member from a chapter") \
    ROUTE(POST, "/chapters/{chapter}/members/{member}/connector", member_make_connector, F_CONNECTOR, "Make a member a connector (optionally handing over)") \
    ROUTE(GET,  "/chapters/{chapter}/invitations",     invitations_index,     F_CONNECTOR | F_ADMIN_OK, "A chapter's invitations") \
    ROUTE(POST, "/chapters/{chapter}/invitations",     invitation_create,     F_CONNECTOR, "Invite someone by e-mail") \
    ROUTE(POST, "/chapters/{chapter}/invitations/{id}/revoke",    invitation_revoke,     F_CONNECTOR, "Revoke an invitation") \
    ROUTE(GET,  "/chapters/{chapter}/join-requests",   join_requests_index,   F_CONNECTOR | F_ADMIN_OK, "Requests to join a chapter") \
    ROUTE(POST, "/chapters/{chapter}/join-requests",   join_request_create,   F_PLEDGE, "Ask to join a chapter") \
    ROUTE(POST, "/chapters/{chapter}/join-requests/withdraw",     join_request_withdraw, F_LOGIN, "Withdraw your request to join") \
    ROUTE(POST, "/chapters/{chapter}/join-requests/{id}/approve", join_request_approve,  F_CONNECTOR, "Approve a request to join") \
    ROUTE(POST, "/chapters/{chapter}/join-requests/{id}/decline", join_request_decline,  F_CONNECTOR, "Decline a request to join") \
    ROUTE(GET,  "/invitations/{token}",                invitation_show,       0, "An invitation to a chapter") \
    ROUTE(POST, "/invitations/{token}/accept",         invitation_accept,     F_LOGIN, "Accept an invitation (and the pledge)") \
    ROUTE(GET,  "/members",                            members_index,         F_LOGIN, "Find members by name, place and sector") \
    ROUTE(GET,  "/members/{member}",                   member_show,           F_LOGIN, "A member's profile") \
    /* chapter meetings (members only: no F_ADMIN_OK, what is said stays in the chapter) */ \
    ROUTE(GET,  "/chapters/{chapter}/meetings",        meetings_index,        F_MEMBER, "A chapter's schedule: upcoming and past meetings") \
    ROUTE(POST, "/chapters/{chapter}/meetings",        meeting_create,        F_CONNECTOR, "Add a single meeting") \
    ROUTE(POST, "/chapters/{chapter}/series",          series_update,         F_CONNECTOR, "Set the monthly recurrence (and the absence rule)") \
    ROUTE(GET,  "/chapters/{chapter}/calendar.ics",    chapter_calendar,      F_MEMBER, "The chapter's meetings as an iCalendar feed") \
    ROUTE(GET,  "/chapters/{chapter}/absences",        chapter_absences,      F_CONNECTOR, "Absences of the members, flagged by the chapter's rule") \
    ROUTE(POST, "/chapters/{chapter}/commitments/{id}", commitment_update,    F_MEMBER, "Mark a commitment done, dropped or open") \
    ROUTE(GET,  "/chapters/{chapter}/meetings/{meeting}",              meeting_show,       F_MEMBER, "A meeting: the runner with its rounds, stories and commitments") \
    ROUTE(POST, "/chapters/{chapter}/meetings/{meeting}",              meeting_update,     F_CONNECTOR, "Move a meeting, or change its venue") \
    ROUTE(GET,  "/chapters/{chapter}/meetings/{meeting}/calendar.ics", meeting_calendar,   F_MEMBER, "One meeting as iCalendar") \
    ROUTE(GET,  "/chapters/{chapter}/meetings/{meeting}/live",         meeting_live,       F_MEMBER, "The meeting's version and phase, for live updates") \
    ROUTE(POST, "/chapters/{chapter}/meetings/{meeting}/cancel",       meeting_cancel,     F_CONNECTOR, "Cancel a meeting") \
    ROUTE(POST, "/chapters/{chapter}/meetings/{meeting}/rsvp",         meeting_rsvp,       F_MEMBER, "Say whether you come: yes, no or maybe") \
    ROUTE(POST, "/chapters/{chapter}/meetings/{meeting}/attendance",   meeting_attendance, F_CONNECTOR, "Record who was there") \
    ROUTE(POST, "/chapters/{chapter}/meetings/{meeting}/phase",        meeting_phase,      F_CONNECTOR, "Move the meeting to its next phase") \
    ROUTE(POST, "/chapters/{chapter}/meetings/{meeting}/rounds",       round_create,       F_MEMBER, "Share your one success or your one challenge") \
    ROUTE(POST, "/chapters/{chapter}/meetings/{meeting}/rounds/{round}",         round_update, F_MEMBER, "Edit your success or challenge while its round is open") \
    ROUTE(POST, "/chapters/{chapter}/meetings/{meeting}/rounds/{round}/share",   round_share,  F_MEMBER, "Share your success or challenge, anonymised, with the network (or stop)") \
    ROUTE(POST, "/chapters/{chapter}/meetings/{meeting}/rounds/{round}/stories", story_create, F_MEMBER, "Answer a challenge with a story of your experience") \
    ROUTE(POST, "/chapters/{chapter}/meetings/{meeting}/commitments",  commitment_create,  F_MEMBER, "Record a commitment") \
    ROUTE(GET,  "/stories",                            shared_index,          F_LOGIN, "Successes and challenges members chose to share, anonymised") \
    ROUTE(GET,  "/calendar/{token}",                   personal_calendar,     0, "A member's personal calendar feed (secret address)") \
    ROUTE(POST, "/me/calendar",                        calendar_reset,        F_LOGIN, "Give your personal calendar feed a new secret address") \
    /* administration */ \
    ROUTE(GET,  "/admin",                              admin_settings_show,   F_ADMIN, "Network settings") \
    ROUTE(POST, "/admin/settings",                     admin_settings_update, F_ADMIN, "Change network settings") \
    ROUTE(POST, "/admin/pledge",                       admin_pledge_update,   F_ADMIN, "Publish a new version of the pledge") \
    ROUTE(GET,  "/admin/users",                        admin_users_index,     F_ADMIN, "Accounts") \
    ROUTE(POST, "/admin/users/{member}",               admin_user_update,     F_ADMIN, "Grant or revoke network administration") \
    ROUTE(GET,  "/admin/outbox",                       admin_outbox_index,    F_ADMIN, "E-mail waiting to be sent")
