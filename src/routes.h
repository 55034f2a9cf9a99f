/* routes.h - the whole URL space on one page.
 *
 * ROUTE(method, path, handler, flags, summary). Each route serves people at
 * PATH and programs at /api/v1PATH from the same handler, unless it is marked
 * F_PAGE (HTML only) or F_API (API only). Flags say who may call it; the guard
 * enforces them (see web/route.h). The first route that matches wins, so
 * literal paths come before the parameters that would also match them. The
 * OpenAPI document (docs/openapi.json) lists exactly the API routes below; a
 * test keeps the two in step. */

/* federation (src/federation/): ActivityPub, WebFinger and NodeInfo (documents for programs); the administrator's page of peers */
#define FEDERATION_ROUTES(ROUTE) \
    ROUTE(GET,  "/.well-known/webfinger",              fed_webfinger,         0, "WebFinger: the ActivityPub actor of acct:NAME@HOST (a chapter, a place, or the node as HOST@HOST)") \
    ROUTE(GET,  "/.well-known/nodeinfo",               fed_nodeinfo_links,    0, "Where this node's NodeInfo document is") \
    ROUTE(GET,  "/nodeinfo/2.1",                       fed_nodeinfo,          0, "NodeInfo 2.1: the software, its protocols and counts of what is public") \
    ROUTE(GET,  "/admin/federation",                   fed_settings_show,     F_ADMIN, "Federation: the Glocal nodes this one peers with and their state, the blocked domains, and whether private addresses may be reached") \
    ROUTE(POST, "/admin/federation",                   fed_settings_update,   F_ADMIN, "Block domains from federating with this node, or allow private and loopback addresses") \
    ROUTE(POST, "/admin/federation/peers",             fed_peer_ask_submit,   F_ADMIN | F_REMOTE, "Ask another Glocal node to peer with this one (its administrator approves or refuses)") \
    ROUTE(POST, "/admin/federation/peers/{id}/approve", fed_peer_approve,     F_ADMIN, "Approve a Glocal node that asked to peer: its chapters and public events are taken in") \
    ROUTE(POST, "/admin/federation/peers/{id}/refuse", fed_peer_refuse,       F_ADMIN, "Refuse a Glocal node that asked to peer (or stop peering with it)") \
    ROUTE(POST, "/admin/federation/keys/rotate",       fed_keys_rotate_submit, F_ADMIN | F_API, "Rotate the signing key of one local actor (its path) or of all; old keys stay readable 30 days") \
    ROUTE(POST, "/ap/inbox",                           fed_inbox,             F_NOCSRF | F_REMOTE, "The shared inbox: a signed ActivityPub activity (Follow, Undo...)") \
    ROUTE(GET,  "/ap/node",                            fed_node_actor,        0, "The node as an ActivityPub Application actor") \
    ROUTE(POST, "/ap/node/inbox",                      fed_inbox,             F_NOCSRF | F_REMOTE, "The node's inbox: a signed ActivityPub activity") \
    ROUTE(GET,  "/ap/node/outbox",                     fed_node_outbox,       0, "The node's outbox: the published commons items as Articles (paged)") \
    ROUTE(GET,  "/ap/node/followers",                  fed_node_followers,    0, "How many follow the node from elsewhere") \
    ROUTE(GET,  "/ap/keys/{id}",                       fed_key_show,          0, "A local actor's public key, current or recently rotated out") \
    ROUTE(GET,  "/ap/chapters/{chapter}",              fed_chapter_actor,     0, "A chapter as an ActivityPub Group actor") \
    ROUTE(POST, "/ap/chapters/{chapter}/inbox",        fed_inbox,             F_NOCSRF | F_REMOTE, "A chapter's inbox: a signed ActivityPub activity (Follow, Undo...)") \
    ROUTE(GET,  "/ap/chapters/{chapter}/outbox",       fed_chapter_outbox,    0, "A chapter's outbox: its public events (paged)") \
    ROUTE(GET,  "/ap/chapters/{chapter}/followers",    fed_chapter_followers, 0, "How many follow a chapter from elsewhere") \
    ROUTE(GET,  "/ap/places/{place}",                  fed_place_actor,       0, "A place as an ActivityPub Group actor") \
    ROUTE(POST, "/ap/places/{place}/inbox",            fed_inbox,             F_NOCSRF | F_REMOTE, "A place's inbox: a signed ActivityPub activity (Follow, Undo...)") \
    ROUTE(GET,  "/ap/places/{place}/outbox",           fed_place_outbox,      0, "A place's outbox: the public events it hosts (paged)") \
    ROUTE(GET,  "/ap/places/{place}/followers",        fed_place_followers,   0, "How many follow a place from elsewhere") \
    ROUTE(GET,  "/ap/events/{event}",                  fed_event_object,      0, "A public event as an ActivityPub Event object (FEP-8a8e)") \
    ROUTE(GET,  "/ap/commons/{item}",                  fed_article_object,    0, "A published commons item as an ActivityPub Article") \
    ROUTE(GET,  "/commons/peers/{id}/use",             fed_peer_use_form,     F_LOGIN | F_PAGE, "The form to record that one of your chapters used an item that lives on a peer node") \
    ROUTE(POST, "/commons/peers/{id}/uses",            fed_peer_use_submit,   F_LOGIN | F_PLEDGE, "Record that one of your chapters used an item that lives on a peer node (its node is told, and counts it in its spread)")
/* webhooks (src/webhooks/): the network's endpoints for administrators, a chapter's for its connectors */
#define WEBHOOK_ROUTES(ROUTE) \
    ROUTE(GET,  "/admin/webhooks",                     webhooks_admin_index,    F_ADMIN, "Webhooks: every endpoint, its recent deliveries, and whether private addresses may be reached") \
    ROUTE(POST, "/admin/webhooks",                     webhooks_admin_create,   F_ADMIN | F_REMOTE, "Register an endpoint that hears of events in the whole network") \
    ROUTE(POST, "/admin/webhooks/settings",            webhooks_admin_settings, F_ADMIN, "Allow or refuse webhooks to private and loopback addresses") \
    ROUTE(POST, "/admin/webhooks/{id}/rotate",         webhooks_admin_rotate,   F_ADMIN, "Give an endpoint a new signing secret") \
    ROUTE(POST, "/admin/webhooks/{id}/enable",         webhooks_admin_enable,   F_ADMIN, "Enable an endpoint again (its failures forgotten)") \
    ROUTE(POST, "/admin/webhooks/{id}/disable",        webhooks_admin_disable,  F_ADMIN, "Stop sending events to an endpoint") \
    ROUTE(POST, "/admin/webhooks/{id}/delete",         webhooks_admin_delete,   F_ADMIN, "Delete an endpoint and its deliveries") \
    ROUTE(POST, "/admin/webhooks/{id}/test",           webhooks_admin_test,     F_ADMIN, "Send a test event to an endpoint") \
    ROUTE(GET,  "/chapters/{chapter}/webhooks",        webhooks_chapter_index,  F_CONNECTOR | F_ADMIN_OK, "A chapter's webhooks and their recent deliveries") \
    ROUTE(POST, "/chapters/{chapter}/webhooks",        webhooks_chapter_create, F_CONNECTOR | F_ADMIN_OK | F_REMOTE, "Register an endpoint that hears of this chapter's events") \
    ROUTE(POST, "/chapters/{chapter}/webhooks/{id}/rotate",  webhooks_chapter_rotate,  F_CONNECTOR | F_ADMIN_OK, "Give a chapter's endpoint a new signing secret") \
    ROUTE(POST, "/chapters/{chapter}/webhooks/{id}/enable",  webhooks_chapter_enable,  F_CONNECTOR | F_ADMIN_OK, "Enable a chapter's endpoint again (its failures forgotten)") \
    ROUTE(POST, "/chapters/{chapter}/webhooks/{id}/disable", webhooks_chapter_disable, F_CONNECTOR | F_ADMIN_OK, "Stop sending events to a chapter's endpoint") \
    ROUTE(POST, "/chapters/{chapter}/webhooks/{id}/delete",  webhooks_chapter_delete,  F_CONNECTOR | F_ADMIN_OK, "Delete a chapter's endpoint and its deliveries") \
    ROUTE(POST, "/chapters/{chapter}/webhooks/{id}/test",    webhooks_chapter_test,    F_CONNECTOR | F_ADMIN_OK, "Send a test event to a chapter's endpoint")
/* governance (src/governance/): one block per area */
/* The commons (issue 13), one block per area. */
#define COMMONS_ITEM_ROUTES(ROUTE) \
    ROUTE(GET,  "/commons",                            commons_home,          0, "The commons: the newest items, the most used, the tags") \
    ROUTE(POST, "/commons",                            commons_create,        F_LOGIN, "Add an item to the commons (a draft until everyone named consents)") \
    ROUTE(GET,  "/commons/new",                        commons_new_form,      F_LOGIN | F_PAGE, "The form for a new item") \
    ROUTE(GET,  "/commons/mine",                       commons_mine,          F_LOGIN, "Your items: drafts, those waiting for your consent, published, withdrawn") \
    ROUTE(GET,  "/commons/settings",                   commons_settings_show, F_ADMIN, "The commons' settings: the network's default licence") \
    ROUTE(POST, "/commons/settings",                   commons_settings_update, F_ADMIN, "Choose the network's default licence") \
    ROUTE(GET,  "/commons/tags",                       commons_tags_index,    0, "Every tag of published items, with how many carry it") \
    ROUTE(GET,  "/commons/tags/{tag}",                 commons_tag_show,      0, "The published items with a tag") \
    ROUTE(GET,  "/commons/authors/{member}",           commons_author_show,   0, "A member's published items") \
    ROUTE(GET,  "/commons/{item}",                     commons_item_show,     0, "An item: its words, licence, authors, origin and line of adaptations (a tombstone once withdrawn)") \
    ROUTE(GET,  "/commons/{item}/edit",                commons_item_edit_form, F_LOGIN | F_PAGE, "The form to edit an item (its authors)") \
    ROUTE(POST, "/commons/{item}/edit",                commons_item_update,   F_LOGIN, "Save a new revision of an item (its authors)") \
    ROUTE(GET,  "/commons/{item}/history",             commons_item_history,  0, "An item's revisions") \
    ROUTE(GET,  "/commons/{item}/revisions/{id}",      commons_item_revision, 0, "One revision of an item, as it was saved") \
    ROUTE(POST, "/commons/{item}/publish",             commons_item_publish,  F_LOGIN, "Ask to publish an item (its authors): the others named are asked to consent") \
    ROUTE(POST, "/commons/{item}/consent",             commons_item_consent,  F_LOGIN, "Give or take back your consent to an item you are named on") \
    ROUTE(POST, "/commons/{item}/people",              commons_item_people,   F_LOGIN, "Name another member on an item, as an author or as someone it quotes (its authors)") \
    ROUTE(GET,  "/commons/{item}/adapt",               commons_item_adapt_form, F_LOGIN | F_PAGE, "The form to adapt a published item") \
    ROUTE(POST, "/commons/{item}/adapt",               commons_item_adapt,    F_LOGIN, "Make a new item based on a published one")
#define COMMONS_DRAFT_ROUTES(ROUTE) \
    ROUTE(GET,  "/commons/stories",                    commons_stories,       F_LOGIN, "Successes and challenges members shared with the network, anonymised, with the commons items made from them") \
    ROUTE(POST, "/commons/drafts",                     draft_create,          F_LOGIN, "Make a commons draft from your own shared success or challenge and the stories it got") \
    ROUTE(GET,  "/commons/{item}/quoted",              draft_quoted_show,     F_LOGIN, "A draft that quotes your story: read it, then give or refuse your consent")
#define COMMONS_FEED_ROUTES(ROUTE) \
    ROUTE(GET,  "/commons.atom",                       commons_feed,          F_PAGE, "The newest published items of the commons as an Atom feed") \
    ROUTE(GET,  "/commons/tags/{tag}.atom",            commons_tag_feed,      F_PAGE, "The newest published items with a tag, as an Atom feed") \
    ROUTE(GET,  "/commons/authors/{member}.atom",      commons_author_feed,   F_PAGE, "The published items of an author, as an Atom feed") \
    ROUTE(GET,  "/places/{place}/commons.atom",        commons_place_feed,    F_PAGE, "The published items that came from a place (and the places in it), as an Atom feed") \
    ROUTE(GET,  "/sectors/{sector}/commons.atom",      commons_sector_feed,   F_PAGE, "The published items of a sector, as an Atom feed") \
    ROUTE(GET,  "/chapters/{chapter}/commons.atom",    commons_chapter_feed,  F_PAGE, "The published items that came from a chapter, as an Atom feed")
#define COMMONS_SPREAD_ROUTES(ROUTE) \
    ROUTE(GET,  "/commons/authors/{member}/reach",     author_reach_show,     0, "How far an author's published items have travelled") \
    ROUTE(POST, "/commons/{item}/uses",                use_create,            F_LOGIN | F_PLEDGE, "Record that a chapter or an event used an item (its members, the event's organisers)") \
    ROUTE(GET,  "/commons/{item}/reach",               reach_show,            0, "How far an item has travelled: chapters, cities, countries, uses over time") \
    ROUTE(GET,  "/organisations/{org}/spread",         sponsor_report_show,   0, "The sponsors' report: the spread of what came out of the events an organisation sponsored") \
    ROUTE(GET,  "/organisations/{org}/spread.csv",     sponsor_report_csv_show, 0, "The sponsors' report as CSV")
#define SEARCH_ROUTES(ROUTE) \
    ROUTE(GET,  "/search",                             search_show,           0, "Search the network: the commons, chapters, events, formats and places (members too, for those logged in)") \
    /* names for the pickers (src/names/): members' names only to those logged in, as the members' directory */ \
    ROUTE(GET,  "/names",                              names_search,          F_LOGIN, "People, organisations, chapters and places whose name holds the words typed, for a form's picker")

#define UNCONF_ROUTES(ROUTE) \
    ROUTE(GET,  "/events/{event}/board",               board_show,            0, "An unconference's session board: the proposed sessions, their dots, the rooms and slots") \
    ROUTE(POST, "/events/{event}/board",               board_update,          F_MANAGER, "The board's settings: each attendee's dots and when voting closes") \
    ROUTE(POST, "/events/{event}/sessions",            session_create,        F_LOGIN, "Propose a session (ticket holders, until voting closes)") \
    ROUTE(GET,  "/events/{event}/sessions/{session}",  session_show,          0, "A session: what it is about, where and when, and its notes") \
    ROUTE(POST, "/events/{event}/sessions/{session}/capture", session_capture_submit, F_LOGIN, "Keep a session's notes and headcount (its presenters, its scribe, the organisers)") \
    ROUTE(POST, "/events/{event}/sessions/{session}/publish", session_publish_submit, F_LOGIN, "Publish a session's notes into the commons (with its presenters' and scribe's consent)") \
    ROUTE(POST, "/events/{event}/sessions/{session}",  session_update,        F_LOGIN, "Change your own proposal") \
    ROUTE(POST, "/events/{event}/sessions/{session}/withdraw", session_withdraw_submit, F_LOGIN, "Withdraw your own proposal") \
    ROUTE(POST, "/events/{event}/sessions/{session}/merge", session_merge_submit, F_MANAGER, "Merge a duplicate into another session (its votes and presenters move)") \
    ROUTE(POST, "/events/{event}/sessions/{session}/vote", session_vote_submit, F_LOGIN, "Put your dots on a session (0 takes them back)") \
    ROUTE(POST, "/events/{event}/sessions/{session}/place", session_place,    F_MANAGER, "Put a session in a room and slot of the grid, locked or not") \
    ROUTE(POST, "/events/{event}/rooms",               room_create,           F_MANAGER, "Add a room to the board") \
    ROUTE(POST, "/events/{event}/rooms/{id}/delete",   room_delete,           F_MANAGER, "Remove a room") \
    ROUTE(POST, "/events/{event}/slots",               slot_create,           F_MANAGER, "Add a time slot to the board") \
    ROUTE(POST, "/events/{event}/slots/{id}/delete",   slot_delete,           F_MANAGER, "Remove a time slot") \
    ROUTE(GET,  "/events/{event}/grid",                grid_show,             0, "The schedule: the sessions by room and slot (for phones, print and the venue's screen)") \
    ROUTE(GET,  "/events/{event}/screen",              grid_screen,           0, "The venue's screen: the sessions on now and next, in large type, refreshed every minute") \
    ROUTE(GET,  "/events/{event}/sessions",            sessions_report,       0, "The sessions' audience (dots, voters, headcount) and the spread of their notes in the commons: the sponsors' view") \
    ROUTE(GET,  "/events/{event}/schedule.ics",        schedule_calendar,     0, "The schedule as iCalendar: every session in the grid") \
    ROUTE(GET,  "/events/{event}/my-schedule.ics",     my_schedule_calendar,  F_LOGIN, "Your own sessions as iCalendar: those you present or put dots on") \
    ROUTE(POST, "/events/{event}/grid",                grid_create,           F_MANAGER, "Build the grid from the votes (locked sessions stay)")

#define GOVERNANCE_MATTER_ROUTES(ROUTE) \
    ROUTE(GET,  "/governance",                         governance_show,       0, "Governance: the committees by level, the board, how the escalation path works") \
    ROUTE(GET,  "/governance/settings",                governance_settings_show,   F_ADMIN, "The governance settings: density thresholds, who elects committees") \
    ROUTE(POST, "/governance/settings",                governance_settings_update, F_ADMIN, "Change the density thresholds and who elects committees") \
    ROUTE(GET,  "/committees/{committee}",             committee_show,        0, "A steering committee (or the board): members, seats, term; its queue of matters for its members") \
    ROUTE(POST, "/committees/{committee}",             committee_update,      F_ADMIN, "Change a committee's seats, term and chair") \
    ROUTE(POST, "/committees/{committee}/seats",       committee_seat_create, F_ADMIN, "Appoint someone to a free seat (to bootstrap a committee)") \
    ROUTE(POST, "/committees/{committee}/seats/{member}/end", committee_seat_end, F_ADMIN, "End someone's seat on a committee") \
    ROUTE(GET,  "/chapters/{chapter}/matters",         chapter_matters,       F_MEMBER, "A chapter's matters (members only: what is said stays in the chapter)") \
    ROUTE(POST, "/chapters/{chapter}/matters",         matter_create,         F_MEMBER, "Raise a matter in your chapter") \
    ROUTE(GET,  "/matters/{matter}",                   matter_show,           F_LOGIN, "A matter: all of it for its chapter, the approved summary for the committees it reached") \
    ROUTE(POST, "/matters/{matter}/notes",             matter_note_create,    F_LOGIN, "Add a note: to the chapter's discussion, or the committee's") \
    ROUTE(POST, "/matters/{matter}/summary",           matter_summary_update, F_LOGIN, "Write the summary that may leave the chapter (the raiser, or a connector)") \
    ROUTE(POST, "/matters/{matter}/approve",           matter_approve_submit, F_LOGIN, "Approve the summary of your matter") \
    ROUTE(POST, "/matters/{matter}/escalate",          matter_escalate_submit, F_MANAGER, "Send the approved summary to the first committee on the chapter's path") \
    ROUTE(POST, "/matters/{matter}/resolve",           matter_resolve_submit, F_MANAGER, "Resolve a matter inside the chapter") \
    ROUTE(POST, "/matters/{matter}/withdraw",          matter_withdraw_submit, F_LOGIN, "Withdraw the matter you raised (while it is in the chapter)") \
    ROUTE(POST, "/matters/{matter}/pass-up",           matter_pass_up_submit, F_LOGIN, "Pass a matter up to the next committee on the path (the committee that holds it)") \
    ROUTE(POST, "/matters/{matter}/decide",            matter_decide_submit,  F_LOGIN, "Decide a matter with a statement (the committee that holds it)")

#define GOVERNANCE_POLL_ROUTES(ROUTE) \
    ROUTE(GET,  "/chapters/{chapter}/polls",           polls_chapter_index,   F_MEMBER | F_ADMIN_OK, "A chapter's proposals and polls (its members vote)") \
    ROUTE(POST, "/chapters/{chapter}/polls",           poll_create_chapter,   F_MEMBER, "Open a proposal or a poll in your chapter") \
    ROUTE(POST, "/chapters/{chapter}/delegation",      delegation_chapter,    F_MEMBER, "Give your vote in every poll of your chapter to another member, until revoked (or revoke it)") \
    ROUTE(GET,  "/committees/{committee}/polls",       polls_committee_index, F_LOGIN, "A committee's proposals and polls (its members vote)") \
    ROUTE(POST, "/committees/{committee}/polls",       poll_create_committee, F_LOGIN, "Open a proposal or a poll in a committee you sit on") \
    ROUTE(POST, "/committees/{committee}/delegation",  delegation_committee,  F_LOGIN, "Give your vote in every poll of your committee to another member, until revoked (or revoke it)") \
    ROUTE(GET,  "/polls/{poll}",                       poll_show,             F_LOGIN, "A proposal or poll: its options, your vote and delegation, the count when you may see it") \
    ROUTE(POST, "/polls/{poll}/vote",                  poll_vote_submit,      F_LOGIN, "Vote, or change your vote, until voting closes") \
    ROUTE(POST, "/polls/{poll}/delegation",            poll_delegate_submit,  F_LOGIN, "Give your vote in this poll (or every poll of its body) to another member, or revoke it") \
    ROUTE(POST, "/polls/{poll}/close",                 poll_close_submit,     F_LOGIN | F_MANAGER, "Close a poll with an outcome statement and a review date (its decision goes on record)") \
    ROUTE(GET,  "/decisions",                          decisions_index,       0, "Decision records, network-wide or of a committee, a chapter or a place") \
    ROUTE(GET,  "/decisions.atom",                     decisions_feed,        F_PAGE, "The public decision records as an Atom feed (of a committee or a place with ?committee= or ?place=)") \
    ROUTE(GET,  "/decisions/{id}",                     decision_show,         0, "One decision record: statement, counts, rounds, dates, review date, links")

#define GOVERNANCE_ELECTION_ROUTES(ROUTE) \
    ROUTE(GET,  "/elections",                          elections_index,       0, "Elections of committees and the board, by status (administrators: a form to start one)") \
    ROUTE(POST, "/elections",                          election_submit,       F_ADMIN, "Start an election for a committee's seats or the board's (the committee by key)") \
    ROUTE(POST, "/committees/{committee}/elections",   election_submit,       F_ADMIN, "Start an election for this committee's seats") \
    ROUTE(GET,  "/elections/{election}",               election_show,         0, "An election: candidates, nominations, the ballot; once closed, the count round by round and the box") \
    ROUTE(POST, "/elections/{election}",               election_update,       F_MANAGER, "Change an election while nominations are open (administrators)") \
    ROUTE(POST, "/elections/{election}/cancel",        election_cancel_submit, F_MANAGER, "Cancel an election that has not closed (administrators)") \
    ROUTE(POST, "/elections/{election}/nominations",   nomination_submit,     F_LOGIN, "Stand, or nominate someone who may stand") \
    ROUTE(POST, "/elections/{election}/candidacy",     candidacy_submit,      F_LOGIN, "Accept (with a statement) or decline your nomination") \
    ROUTE(POST, "/elections/{election}/open",          election_open_submit,  F_MANAGER, "Open voting now: the electorate is frozen, the ballot numbered (administrators)") \
    ROUTE(POST, "/elections/{election}/vote",          ballot_submit,         F_LOGIN, "Cast your secret ballot; the answer holds your tracker, once") \
    ROUTE(POST, "/elections/{election}/close",         election_close_submit, F_MANAGER, "Close voting now: count, publish the signed box, seat the elected (administrators)") \
    ROUTE(POST, "/elections/{election}/find",          ballot_find_submit,    0, "Find a ballot in the published box by its tracker") \
    ROUTE(GET,  "/elections/{election}/box.json",      election_box_json,     0, "The published ballot box: ballots by tracker in a signed hash chain, with the count") \
    ROUTE(GET,  "/elections/{election}/box.blt",       election_box_blt,      0, "The published ballots in the BLT format that STV counters read")

/* Growth (issue 15): the dashboards, their CSV, targets, the lists. */
#define GROWTH_ROUTES(ROUTE) \
    ROUTE(GET,  "/growth",                             growth_network_show,   F_LOGIN, "The network's dashboard: its figures over time, with charts, the tables behind them and its targets (?range=90d|year|all)") \
    ROUTE(GET,  "/growth.csv",                         growth_network_csv,    F_LOGIN, "Every day's figures of the network as CSV") \
    ROUTE(POST, "/growth/targets",                     growth_network_target_create, F_LOGIN, "Set a target for the network (an administrator or the board)") \
    ROUTE(POST, "/growth/targets/{target}/delete",     growth_target_delete,  F_LOGIN, "Remove a target (who may set its scope's targets)") \
    ROUTE(GET,  "/growth/attention",                   growth_attention_show, F_LOGIN, "The chapters needing attention that you answer for: yours, your committee's places', or all for an administrator") \
    ROUTE(GET,  "/growth/white-space",                 growth_white_space_show, F_LOGIN, "Where to grow: members with no chapter, by metro and sector") \
    ROUTE(GET,  "/places/{place}/growth",              growth_place_show,     F_LOGIN, "A place's dashboard (?range=90d|year|all)") \
    ROUTE(GET,  "/places/{place}/growth.csv",          growth_place_csv,      F_LOGIN, "Every day's figures of a place as CSV") \
    ROUTE(POST, "/places/{place}/growth/targets",      growth_place_target_create, F_LOGIN, "Set a target for a place (an administrator or the place's committee)") \
    ROUTE(GET,  "/sectors/{sector}/growth",            growth_sector_show,    F_LOGIN, "A sector's dashboard (?range=90d|year|all)") \
    ROUTE(GET,  "/sectors/{sector}/growth.csv",        growth_sector_csv,     F_LOGIN, "Every day's figures of a sector as CSV") \
    ROUTE(POST, "/sectors/{sector}/growth/targets",    growth_sector_target_create, F_LOGIN, "Set a target for a sector (an administrator)") \
    ROUTE(GET,  "/chapters/{chapter}/growth",          growth_chapter_show,   F_LOGIN, "A chapter's dashboard (?range=90d|year|all)") \
    ROUTE(GET,  "/chapters/{chapter}/growth.csv",      growth_chapter_csv,    F_LOGIN, "Every day's figures of a chapter as CSV")
#define GROWTH_FUNNEL_ROUTES(ROUTE) \
    ROUTE(GET,  "/growth/apply",                       funnel_apply_form,     F_PAGE | F_PLEDGE, "The form to apply to start a chapter in a city and sector, with a second connector") \
    ROUTE(POST, "/growth/applications",                funnel_apply_submit,   F_PLEDGE, "Apply to start a chapter (an administrator or the place's committee reviews it)") \
    ROUTE(GET,  "/growth/applications",                funnel_mine,           F_LOGIN, "Your applications to start a chapter and where each stands") \
    ROUTE(GET,  "/growth/review",                      funnel_review,         F_LOGIN, "The applications waiting for your review (administrators; committee members for their places)") \
    ROUTE(GET,  "/growth/applications/{application}",  funnel_application_show, F_LOGIN, "An application to start a chapter: its applicant and reviewers see it, its steps and its review") \
    ROUTE(POST, "/growth/applications/{application}/withdraw", funnel_withdraw_submit, F_LOGIN, "Withdraw your application while it waits for review") \
    ROUTE(POST, "/growth/applications/{application}/approve",  funnel_approve_submit,  F_LOGIN | F_MANAGER, "Approve an application: the chapter is made (forming) and the second connector invited") \
    ROUTE(POST, "/growth/applications/{application}/decline",  funnel_decline_submit,  F_LOGIN | F_MANAGER, "Decline an application with a note to the applicant") \
    ROUTE(GET,  "/growth/funnel",                      funnel_report_show,    0, "The formation funnel of the network or a place (?place=): counts, conversion and time at each stage")

/* mail (src/mail/): a member's notifications, and the one-click unsubscribe
 * (RFC 8058: a mail client POSTs without a session, so F_NOCSRF: the signed
 * token in the address is the credential) */
#define MAIL_ROUTES(ROUTE) \
    ROUTE(GET,  "/me/notifications",                   notifications_show,    F_LOGIN, "Your mail: what you get at once, in a daily digest or not at all, and your time zone") \
    ROUTE(POST, "/me/notifications",                   notifications_update,  F_LOGIN, "Choose what mail you get and your time zone") \
    ROUTE(GET,  "/unsubscribe/{token}",                unsubscribe_show,      F_PAGE, "Confirm stopping one kind of mail (the signed link in a message)") \
    ROUTE(POST, "/unsubscribe/{token}",                unsubscribe_submit,    F_PAGE | F_NOCSRF, "Stop one kind of mail (one click, without logging in)")
/* imports and exports (src/imports/): members from CSV into a chapter (its connectors, administrators), chapters (administrators); CSV exports for those who may see them */
#define IMPORT_ROUTES(ROUTE) \
    ROUTE(GET,  "/chapters/{chapter}/import",          import_members_form,   F_PAGE | F_CONNECTOR | F_ADMIN_OK, "The form to import members into a chapter from a CSV file") \
    ROUTE(POST, "/chapters/{chapter}/import",          import_members_submit, F_CONNECTOR | F_ADMIN_OK, "Upload a CSV of members (or a Meetup member export): read and checked, kept an hour for its preview") \
    ROUTE(GET,  "/chapters/{chapter}/import/{id}",     import_members_show,   F_CONNECTOR | F_ADMIN_OK, "An upload's preview (who would be imported, who is a member already, each refused row and why) or its report") \
    ROUTE(POST, "/chapters/{chapter}/import/{id}",     import_members_apply,  F_CONNECTOR | F_ADMIN_OK, "Confirm an upload: its people become members (nobody twice), optionally told by mail") \
    ROUTE(GET,  "/chapters/{chapter}/members.csv",     chapter_members_csv,   F_CONNECTOR | F_ADMIN_OK, "A chapter's members as CSV (addresses for administrators only)") \
    ROUTE(GET,  "/chapters/{chapter}/attendance.csv",  chapter_attendance_csv, F_CONNECTOR, "A chapter's meetings and who answered and came, as CSV") \
    ROUTE(GET,  "/events/{event}/registrations.csv",   event_registrations_csv, F_MANAGER, "An event's registrations as CSV (its organisers)") \
    ROUTE(GET,  "/admin/import",                       import_chapters_form,  F_PAGE | F_ADMIN, "The form to import chapters from a CSV file") \
    ROUTE(POST, "/admin/import",                       import_chapters_submit, F_ADMIN, "Upload a CSV of chapters: read and checked against the network's cities and sectors, kept an hour for its preview") \
    ROUTE(GET,  "/admin/import/{id}",                  import_chapters_show,  F_ADMIN, "A chapters' upload: its preview (what would start, what is there already, each refused row and why) or its report") \
    ROUTE(POST, "/admin/import/{id}",                  import_chapters_apply, F_ADMIN, "Confirm a chapters' upload: each chapter not there yet starts, forming, with its connector")
/* pictures (src/pictures/): chapter photos, organisation logos, member avatars; uploads are multipart/form-data with the file in "picture" */
#define PICTURE_ROUTES(ROUTE) \
    ROUTE(GET,  "/pictures/{picture}.webp",            picture_show,          0, "A picture (a chapter's photo, an organisation's logo, a member's avatar to members logged in), within 1024 px, as WebP; immutable at its address") \
    ROUTE(GET,  "/pictures/{picture}/square.webp",     picture_square_show,   0, "A picture's 256 px square, as WebP; immutable at its address") \
    ROUTE(GET,  "/chapters/{chapter}/picture",         chapter_picture_form,  F_PAGE | F_CONNECTOR | F_ADMIN_OK, "The form to choose or remove a chapter's photo") \
    ROUTE(POST, "/chapters/{chapter}/picture",         chapter_picture_upload, F_CONNECTOR | F_ADMIN_OK | F_UPLOAD, "Set a chapter's photo (JPEG, PNG, WebP or GIF up to 5 MB; kept re-encoded, without metadata)") \
    ROUTE(POST, "/chapters/{chapter}/picture/delete",  chapter_picture_delete, F_CONNECTOR | F_ADMIN_OK, "Remove a chapter's photo") \
    ROUTE(GET,  "/organisations/{org}/logo",           organisation_logo_form, F_PAGE | F_MANAGER, "The form to choose or remove an organisation's logo") \
    ROUTE(POST, "/organisations/{org}/logo",           organisation_logo_upload, F_MANAGER | F_UPLOAD, "Set an organisation's logo (JPEG, PNG, WebP or GIF up to 5 MB; kept re-encoded, without metadata)") \
    ROUTE(POST, "/organisations/{org}/logo/delete",    organisation_logo_delete, F_MANAGER, "Remove an organisation's logo") \
    ROUTE(GET,  "/me/avatar",                          my_avatar_form,        F_PAGE | F_LOGIN, "The form to choose or remove your picture") \
    ROUTE(POST, "/me/avatar",                          my_avatar_upload,      F_LOGIN | F_UPLOAD, "Set your picture (JPEG, PNG, WebP or GIF up to 5 MB; kept re-encoded, without metadata)") \
    ROUTE(POST, "/me/avatar/delete",                   my_avatar_delete,      F_LOGIN, "Remove your picture") \
    ROUTE(POST, "/members/{member}/avatar/delete",     member_avatar_delete,  F_ADMIN, "Remove a member's picture (administrators: one that should not be shown)")
#define GLOCAL_ROUTES(ROUTE) \
    /* site */ \
    ROUTE(GET,  "/",                                   home_show,             F_PAGE, "Home: the network at a glance") \
    ROUTE(GET,  "/home",                               personal_home,         F_LOGIN, "Your home: today's and the next meetings of your chapters with your answers, your tickets, commitments and tasks, and what changed in your chapters") \
    ROUTE(GET,  "/about",                              about_show,            F_PAGE, "About this network") \
    ROUTE(GET,  "/health",                             health_show,           0, "Liveness and database check") \
    ROUTE(GET,  "/assets/{file}",                      asset_show,            F_PAGE, "Stylesheet, script and icons") \
    ROUTE(GET,  "/api/openapi.json",                   openapi_show,          F_PAGE, "The OpenAPI 3.1 document of the API") \
    /* accounts */ \
    ROUTE(GET,  "/signup",                             signup_form,           F_PAGE, "Sign-up form") \
    ROUTE(POST, "/signup",                             signup_submit,         F_PAGE | F_HASH, "Create an account and log in") \
    ROUTE(GET,  "/login",                              login_form,            F_PAGE, "Login form") \
    ROUTE(POST, "/login",                              login_submit,          F_PAGE | F_HASH, "Log in") \
    ROUTE(POST, "/logout",                             logout_submit,         F_PAGE | F_LOGIN, "Log out") \
    ROUTE(POST, "/language",                           language_choose,       F_PAGE | F_NOCSRF, "Choose the language of the pages for this browser (a cookie)") \
    ROUTE(GET,  "/me",                                 me_show,               F_LOGIN, "Your account, profile and chapters") \
    ROUTE(POST, "/me",                                 me_update,             F_LOGIN, "Update your profile") \
    ROUTE(POST, "/me/password",                        password_submit,       F_PAGE | F_LOGIN | F_HASH, "Change your password (ends your other sessions)") \
    ROUTE(GET,  "/password/forgot",                    reset_ask_form,        F_PAGE, "The form asking for a password reset link") \
    ROUTE(POST, "/password/forgot",                    reset_ask_submit,      F_PAGE, "Send a password reset link to an account's address (the same answer for any address)") \
    ROUTE(GET,  "/password/reset/{token}",             reset_form,            F_PAGE, "The form of a password reset link: choose a new password") \
    ROUTE(POST, "/password/reset/{token}",             reset_submit,          F_PAGE | F_HASH, "Set a new password with a reset link (ends every session, then logs you in)") \
    ROUTE(GET,  "/me/tokens",                          tokens_index,          F_LOGIN, "Your personal API tokens") \
    ROUTE(POST, "/me/tokens",                          token_create,          F_PAGE | F_LOGIN, "Create a personal API token") \
    ROUTE(POST, "/me/tokens/{id}/revoke",              token_revoke,          F_LOGIN, "Revoke a personal API token") \
    ROUTE(GET,  "/pledge",                             pledge_show,           0, "The network's collaboration pledge") \
    ROUTE(POST, "/pledge/accept",                      pledge_accept_submit,  F_LOGIN, "Accept the current pledge") \
    /* the registry: places, sectors, chapters, members */ \
    ROUTE(GET,  "/places",                             places_index,          0, "Places: countries, regions and metros") \
    ROUTE(POST, "/places",                             place_create,          F_ADMIN, "Add a place") \
    ROUTE(GET,  "/places/{place}",                     place_show,            0, "A place and the density of the network there") \
    ROUTE(POST, "/places/{place}/position",            place_position_update, F_ADMIN, "Set where a place is on the map (latitude and longitude), or take it off") \
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
    ROUTE(GET,  "/stories",                            shared_index,          0, "Moved permanently to /commons/stories (the shared successes and challenges joined the commons)") \
    ROUTE(GET,  "/calendar/{token}",                   personal_calendar,     0, "A member's personal calendar feed (secret address)") \
    ROUTE(POST, "/me/calendar",                        calendar_reset,        F_LOGIN, "Give your personal calendar feed a new secret address") \
    /* the books (M7): totals are public aggregates; lines are filtered by their visibility for each reader */ \
    ROUTE(GET,  "/ledger",                             ledger_network,        0, "The network's books: totals, recent lines, the signed chain head") \
    ROUTE(GET,  "/ledger/head",                        ledger_head,           0, "The newest hash of the books, signed by the node (Ed25519)") \
    ROUTE(GET,  "/ledger/canvas",                      canvas_network,        0, "The network's business-model canvas") \
    ROUTE(POST, "/ledger/canvas",                      canvas_network_update, F_ADMIN, "Edit the network canvas's words") \
    ROUTE(GET,  "/ledger.csv",                         ledger_export_csv,     0, "The lines you may see, as CSV") \
    ROUTE(GET,  "/ledger.journal",                     ledger_export_journal, 0, "The lines you may see, as a plain-text double-entry journal") \
    ROUTE(GET,  "/chapters/{chapter}/ledger",          ledger_chapter,        0, "A chapter's books: all resources side by side, baskets, statement") \
    ROUTE(POST, "/chapters/{chapter}/ledger",          ledger_record,         F_CONNECTOR, "Record a contribution, income, expense, transfer or basket movement") \
    ROUTE(POST, "/chapters/{chapter}/ledger/{tx}/reverse", ledger_reverse,    F_CONNECTOR | F_ADMIN_OK, "Reverse a transaction (a correction never edits; administrators too, to undo what took from other books)") \
    ROUTE(GET,  "/chapters/{chapter}/ledger.csv",      ledger_export_csv,     0, "A chapter's lines you may see, as CSV") \
    ROUTE(GET,  "/chapters/{chapter}/ledger.journal",  ledger_export_journal, 0, "A chapter's lines you may see, as a plain-text journal") \
    ROUTE(POST, "/chapters/{chapter}/baskets",         basket_create,         F_CONNECTOR, "Open an earmarked basket for a purpose") \
    ROUTE(GET,  "/chapters/{chapter}/claims",          ledger_claims,         F_MEMBER | F_ADMIN_OK, "The expense claims on a chapter's books, pending first (connectors and administrators see everyone's, a member their own)") \
    ROUTE(POST, "/chapters/{chapter}/claims",          claim_create,          F_MEMBER, "Claim an expense you paid for the chapter") \
    ROUTE(POST, "/chapters/{chapter}/claims/{id}/approve", claim_approve,     F_CONNECTOR, "Approve an expense claim (it enters the books)") \
    ROUTE(POST, "/chapters/{chapter}/claims/{id}/decline", claim_decline,     F_CONNECTOR, "Decline an expense claim") \
    ROUTE(POST, "/chapters/{chapter}/meetings/{meeting}/contributions", meeting_contributions, F_CONNECTOR, "Record the small contributions of a meeting") \
    ROUTE(GET,  "/chapters/{chapter}/canvas",          canvas_chapter,        0, "A chapter's business-model canvas, filled from its data") \
    ROUTE(POST, "/chapters/{chapter}/canvas",          canvas_update,         F_CONNECTOR, "Edit the words of a chapter's canvas") \
    ROUTE(GET,  "/places/{place}/ledger",              ledger_place,          0, "A place's books: its chapters compared") \
    ROUTE(GET,  "/places/{place}/canvas",              canvas_place,          0, "A place's business-model canvas") \
    ROUTE(POST, "/places/{place}/canvas",              canvas_update,         F_ADMIN, "Edit the words of a place's canvas") \
    ROUTE(GET,  "/organisations",                      organisations_index,   0, "Sponsors, venues and other organisations") \
    ROUTE(POST, "/organisations",                      organisation_create,   F_PLEDGE, "Add an organisation") \
    ROUTE(GET,  "/organisations/{org}",                organisation_show,     0, "An organisation and what it gave (the lines you may see)") \
    ROUTE(POST, "/organisations/{org}",                organisation_update,   F_MANAGER, "Change an organisation's name, kind or website (its managers, administrators)") \
    ROUTE(GET,  "/organisations/{org}/edit",           organisation_edit_form, F_PAGE | F_MANAGER, "The form to change an organisation's profile") \
    ROUTE(GET,  "/organisations/{org}/managers",       organisation_managers_index, F_LOGIN, "The members who manage an organisation") \
    ROUTE(POST, "/organisations/{org}/managers",       organisation_manager_add, F_MANAGER, "Add a manager to an organisation (its managers, administrators)") \
    ROUTE(POST, "/organisations/{org}/managers/{member}/remove", organisation_manager_remove, F_MANAGER, "Remove a manager of an organisation (not the last one, except by an administrator)") \
    ROUTE(GET,  "/me/ledger",                          ledger_mine,           F_LOGIN, "What you gave and received") \
    /* apps (M4): event formats, events, tickets, sponsors and the revenue split */ \
    ROUTE(GET,  "/apps",                               apps_index,            0, "The catalog of event formats") \
    ROUTE(POST, "/apps",                               app_create,            F_ADMIN, "Publish a new event format") \
    ROUTE(GET,  "/apps/{app}",                         app_show,              0, "An event format: run-book, tiers, sponsor packages, revenue split") \
    ROUTE(POST, "/apps/{app}",                         app_update,            F_MANAGER, "Change a format (its owner, or an administrator)") \
    ROUTE(GET,  "/apps/{app}/edit",                    app_edit_form,         F_PAGE | F_MANAGER, "Form to change a format") \
    ROUTE(POST, "/apps/{app}/copy",                    app_copy,              F_PLEDGE, "Copy a format to adapt it locally (connectors)") \
    ROUTE(GET,  "/events",                             events_index,          0, "Upcoming events (and past ones), by place") \
    ROUTE(POST, "/events",                             event_create,          F_PLEDGE, "Create an event from a format, hosted by a chapter you run or a place") \
    ROUTE(GET,  "/events/new",                         event_new_form,        F_PAGE | F_PLEDGE, "Form to create an event from a format") \
    ROUTE(GET,  "/events/splits",                      events_splits,         F_LOGIN, "The revenue split across all closed events") \
    ROUTE(GET,  "/events/{event}",                     event_show,            0, "An event: when, where, tiers, sponsors, registration") \
    ROUTE(POST, "/events/{event}",                     event_update,          F_MANAGER, "Change an event (time, venue, capacity, visibility) or cancel it") \
    ROUTE(GET,  "/events/{event}/edit",                event_edit_form,       F_PAGE | F_MANAGER, "Form to change an event") \
    ROUTE(GET,  "/events/{event}/calendar.ics",        event_calendar,        0, "The event as iCalendar") \
    ROUTE(POST, "/events/{event}/register",            event_register,        0, "Register (members, or guests by e-mail): a ticket, or a place on the waitlist") \
    ROUTE(POST, "/events/{event}/cancel",              registration_withdraw, F_LOGIN, "Cancel your own registration (a paid ticket is refunded)") \
    ROUTE(GET,  "/events/{event}/registrations",       event_registrations,   F_MANAGER, "The organiser's desk: registrations, check-in, sponsors, costs") \
    ROUTE(POST, "/events/{event}/registrations/{registration}/paid",   registration_paid,   F_MANAGER, "Confirm that a ticket was paid (posts the income)") \
    ROUTE(POST, "/events/{event}/registrations/{registration}/cancel", registration_cancel, F_MANAGER, "Cancel a registration (a paid ticket is refunded by reversal)") \
    ROUTE(POST, "/events/{event}/checkin",             event_checkin,         F_MANAGER, "Check someone in by their code") \
    ROUTE(POST, "/events/{event}/sponsors",            event_sponsor,         F_MANAGER, "Record an organisation's purchase of a sponsor package") \
    ROUTE(POST, "/events/{event}/costs",               event_cost,            F_MANAGER, "Pay a cost of the event from its basket") \
    ROUTE(GET,  "/events/{event}/close",               event_close_confirm,   F_PAGE | F_MANAGER, "Before closing: what the event would share, by the format's rule, and the button to close it") \
    ROUTE(POST, "/events/{event}/close",               event_close,           F_MANAGER, "Close the event and share its net income by the format's rule") \
    ROUTE(GET,  "/events/{event}/statement",           event_statement,       F_LOGIN, "The event's statement: income, costs, and who got what") \
    ROUTE(GET,  "/places/{place}/events.ics",          place_events_calendar, 0, "A place's public events as iCalendar") \
    ROUTE(GET,  "/tickets/{token}",                    ticket_show,           0, "A ticket, by its secret address") \
    ROUTE(POST, "/tickets/{token}/cancel",             ticket_cancel,         F_NOCSRF, "Cancel the ticket at this secret address") \
    ROUTE(GET,  "/registrations/confirm/{token}",      guest_confirm_form,    F_PAGE, "What a guest's confirmation link confirms, with the button to confirm it") \
    ROUTE(POST, "/registrations/confirm/{token}",      guest_confirm_submit,  F_PAGE, "Confirm a guest's e-mail address: the registration counts and the ticket is sent") \
    ROUTE(GET,  "/me/events",                          my_events,             F_LOGIN, "Your tickets, the events you organise, and what you earned") \
    GOVERNANCE_MATTER_ROUTES(ROUTE) \
    GOVERNANCE_POLL_ROUTES(ROUTE) \
    GOVERNANCE_ELECTION_ROUTES(ROUTE) \
    COMMONS_FEED_ROUTES(ROUTE) \
    COMMONS_DRAFT_ROUTES(ROUTE) \
    COMMONS_SPREAD_ROUTES(ROUTE) \
    COMMONS_ITEM_ROUTES(ROUTE) \
    SEARCH_ROUTES(ROUTE) \
    UNCONF_ROUTES(ROUTE) \
    GROWTH_ROUTES(ROUTE) \
    GROWTH_FUNNEL_ROUTES(ROUTE) \
    MAIL_ROUTES(ROUTE) \
    IMPORT_ROUTES(ROUTE) \
    PICTURE_ROUTES(ROUTE) \
    WEBHOOK_ROUTES(ROUTE) \
    FEDERATION_ROUTES(ROUTE) \
    /* administration */ \
    ROUTE(GET,  "/admin",                              admin_settings_show,   F_ADMIN, "Network settings") \
    ROUTE(POST, "/admin/settings",                     admin_settings_update, F_ADMIN, "Change network settings") \
    ROUTE(POST, "/admin/pledge",                       admin_pledge_update,   F_ADMIN, "Publish a new version of the pledge") \
    ROUTE(GET,  "/admin/users",                        admin_users_index,     F_ADMIN, "Accounts") \
    ROUTE(POST, "/admin/users/{member}",               admin_user_update,     F_ADMIN, "Grant or revoke network administration") \
    ROUTE(GET,  "/admin/outbox",                       admin_outbox_index,    F_ADMIN, "Mail: where it is sent, and the newest messages with their state") \
    ROUTE(POST, "/admin/outbox/{id}/resend",           admin_outbox_resend,   F_ADMIN, "Send a message that could not be delivered again")
