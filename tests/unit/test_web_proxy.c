/* test_web_proxy.c - the client's address behind trusted proxies (web/proxy.c). */
#include "testutil.h"

#include "web/proxy.h"

static Proxies trusting(const char *a, const char *b)
{
    Proxies p = { .n = 0 };
    Err e = { 0 };
    if (a) cr_assert_eq(proxies_add(&p, a, &e), 0, "%s: %s", a, e.msg);
    if (b) cr_assert_eq(proxies_add(&p, b, &e), 0, "%s: %s", b, e.msg);
    return p;
}

static Addr addr(const char *text)
{
    Addr a;
    cr_assert(addr_parse(text, strlen(text), &a), "%s is an address", text);
    return a;
}

/* The client chosen for a peer and a header, as text. */
static const char *client(const Proxies *p, const char *peer, const char *xff)
{
    static char out[ADDR_TEXT];
    Addr pa = addr(peer);
    Addr c = proxies_client(p, &pa, xff);
    return addr_text(&c, out);
}

Test(proxy, addresses_read_in_both_families_and_ipv4_is_one_address_however_written)
{
    char t[ADDR_TEXT];
    Addr a = addr(" 192.0.2.1 ");
    cr_assert_str_eq(addr_text(&a, t), "192.0.2.1");
    Addr mapped = addr("::ffff:192.0.2.1");
    cr_assert(memcmp(a.b, mapped.b, 16) == 0, "an IPv4-mapped address is the IPv4 address");
    cr_assert_str_eq(addr_text(&mapped, t), "192.0.2.1");
    Addr six = addr("2001:DB8::1");
    cr_assert_str_eq(addr_text(&six, t), "2001:db8::1");
    Addr bad;
    cr_assert(!addr_parse("192.0.2", 8, &bad));
    cr_assert(!addr_parse("unknown", 7, &bad));
    cr_assert(!addr_parse("", 0, &bad));
    cr_assert(!addr_parse("1.2.3.4:80", 10, &bad), "a port is not part of an address");
}

Test(proxy, ranges_are_parsed_with_their_prefix_and_refused_when_wrong)
{
    Proxies p = trusting("10.0.0.0/8", "2001:db8::/32");
    Addr in4 = addr("10.200.3.4"), out4 = addr("11.0.0.1"), in6 = addr("2001:db8:ffff::9"), out6 = addr("2001:db9::1");
    cr_assert(proxies_trust(&p, &in4));
    cr_assert(!proxies_trust(&p, &out4));
    cr_assert(proxies_trust(&p, &in6));
    cr_assert(!proxies_trust(&p, &out6));
    Proxies one = trusting("192.0.2.7", "10.1.2.3/20");
    Addr same = addr("192.0.2.7"), next = addr("192.0.2.8"), in20 = addr("10.1.15.255"), out20 = addr("10.1.16.0");
    cr_assert(proxies_trust(&one, &same) && !proxies_trust(&one, &next), "no prefix: that address only");
    cr_assert(proxies_trust(&one, &in20) && !proxies_trust(&one, &out20), "/20 counts bits, not bytes");
    char text[256];
    cr_assert_str_eq(proxies_text(&one, text, sizeof text), "192.0.2.7/32, 10.1.0.0/20", "shown as the network it names");
    Err e = { 0 };
    Proxies q = { .n = 0 };
    cr_assert_eq(proxies_add(&q, "10.0.0.0/33", &e), -1);
    cr_assert(strstr(e.msg, "from 0 to 32"), "%s", e.msg);
    cr_assert_eq(proxies_add(&q, "2001:db8::/129", &e), -1);
    cr_assert_eq(proxies_add(&q, "10.0.0.0/", &e), -1);
    cr_assert_eq(proxies_add(&q, "10.0.0.0/8x", &e), -1);
    cr_assert_eq(proxies_add(&q, "proxy.example", &e), -1);
    cr_assert(strstr(e.msg, "not an IPv4 or IPv6 address"), "%s", e.msg);
    cr_assert_eq(q.n, 0, "nothing wrong was kept");
    Proxies all = trusting("0.0.0.0/0", NULL);
    Addr any = addr("203.0.113.1"), v6 = addr("2001:db8::1");
    cr_assert(proxies_trust(&all, &any) && !proxies_trust(&all, &v6), "0.0.0.0/0 is every IPv4 address, no IPv6 one");
}

Test(proxy, the_header_is_read_only_from_a_trusted_peer)
{
    Proxies p = trusting("127.0.0.1", NULL);
    cr_assert_str_eq(client(&p, "198.51.100.1", "203.0.113.5"), "198.51.100.1", "spoofed by a client: ignored");
    cr_assert_str_eq(client(&p, "127.0.0.1", "203.0.113.5"), "203.0.113.5");
    cr_assert_str_eq(client(&p, "127.0.0.1", NULL), "127.0.0.1", "no header: the proxy itself");
    cr_assert_str_eq(client(&p, "::ffff:127.0.0.1", "203.0.113.5"), "203.0.113.5", "a dual-stack socket's peer");
    Proxies none = { .n = 0 };
    cr_assert_str_eq(client(&none, "127.0.0.1", "203.0.113.5"), "127.0.0.1", "no trusted proxy: no header read");
}

Test(proxy, the_right_most_address_no_trusted_proxy_vouches_for_is_the_client)
{
    Proxies p = trusting("127.0.0.1", "10.0.0.0/8");
    cr_assert_str_eq(client(&p, "127.0.0.1", "1.1.1.1, 203.0.113.5"), "203.0.113.5", "what the client wrote on the left is not believed");
    cr_assert_str_eq(client(&p, "127.0.0.1", "203.0.113.5, 10.0.0.2, 10.0.0.3"), "203.0.113.5", "a chain of trusted proxies");
    cr_assert_str_eq(client(&p, "127.0.0.1", "10.0.0.9,10.0.0.2"), "10.0.0.9", "all trusted: the left-most");
    cr_assert_str_eq(client(&p, "127.0.0.1", "203.0.113.5 , ,10.0.0.2"), "203.0.113.5", "blank entries and spaces");
    cr_assert_str_eq(client(&p, "127.0.0.1", "203.0.113.5, garbage, 10.0.0.2"), "10.0.0.2", "nothing left of garbage");
    cr_assert_str_eq(client(&p, "127.0.0.1", "garbage"), "127.0.0.1");
    cr_assert_str_eq(client(&p, "127.0.0.1", ""), "127.0.0.1", "an empty header");
    cr_assert_str_eq(client(&p, "127.0.0.1", "2001:db8::5, 10.0.0.2"), "2001:db8::5", "IPv6 clients");
    cr_assert_str_eq(client(&p, "127.0.0.1", "1.2.3.4:5678"), "127.0.0.1", "an address with a port is not an address");
}

Test(proxy, no_more_ranges_than_room)
{
    Proxies p = { .n = 0 };
    Err e = { 0 };
    for (int i = 0; i < PROXY_MAX; i++) cr_assert_eq(proxies_add(&p, "10.0.0.1", &e), 0);
    cr_assert_eq(proxies_add(&p, "10.0.0.1", &e), -1);
    cr_assert(strstr(e.msg, "at most"), "%s", e.msg);
}
