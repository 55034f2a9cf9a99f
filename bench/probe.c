/* probe.c - the small HTTP helper of bench/run (built by it with cc; no
 * dependencies beyond libc, so the benchmark needs neither curl nor a
 * scripting language).
 *
 *   probe port                         a free TCP port on 127.0.0.1
 *   probe launch PORT LOG -- CMD ARGS  starts CMD (stdout and stderr to LOG) and
 *                                      polls GET /health on PORT every 0.5 ms
 *                                      until it answers 200; prints "PID MS":
 *                                      the child's pid and the milliseconds
 *                                      from launch to that first answer
 *   probe get PORT PATH [HEADER...]    GET PATH (HTTP/1.0), body on stdout;
 *                                      exit 0 on 2xx, 1 otherwise (status on stderr)
 *   probe post PORT PATH JSON [HEADER...]  the same for a POST of a JSON body
 *   probe rss PID                      "RssAnon RssFile" of PID in kB
 *
 * For bench/scale (several servers behind nginx, a primary and a replica):
 *   probe watch PORT SECONDS INTERVAL_MS PATH [HEADER...]
 *                                      GETs PATH every INTERVAL_MS for SECONDS;
 *                                      prints "requests=N ok=N failed=N gap_ms=G
 *                                      statuses=S,...": G is the longest time
 *                                      without a 2xx answer (from the start, or
 *                                      between two answers, or to the end)
 *   probe poll PORT TIMEOUT_MS EXPECT get|post PATH [JSON] [HEADER...]
 *                                      sends the request every 10 ms until its
 *                                      status is EXPECT (a number, or 2xx), at
 *                                      most TIMEOUT_MS; prints "MS TRIES STATUS"
 *                                      (the time to the first answer with that
 *                                      status, or -1), then the last answer's
 *                                      head and body; exit 0 when it came
 *   probe stale PORT SECONDS COOKIES TOKENS
 *                                      read-your-writes through the balancer:
 *                                      for each bench token in turn, an RSVP to
 *                                      its upcoming meeting that changes the
 *                                      answer, then at once a read of that
 *                                      meeting with the same token; with
 *                                      COOKIES=yes each token keeps its cookies
 *                                      (glocal_lsn) as a browser does, with no
 *                                      it keeps none. Prints "pairs=N stale=N
 *                                      failed=N": stale counts the reads that
 *                                      did not show the answer just written
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int connect_to(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    /* a server busy with queued work must not hang the benchmark */
    struct timeval limit = { 10, 0 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Sends a request and reads the whole answer (HTTP/1.0: the server closes).
 * Returns the status (0 if none) and the raw answer (head and body) in *raw
 * (malloc'd, NUL-terminated). */
static int http_exchange(int port, const char *method, const char *path, const char *json, char **headers, int nheaders,
                         char **raw, size_t *rawlen)
{
    *raw = NULL;
    *rawlen = 0;
    int fd = connect_to(port);
    if (fd < 0) return 0;
    char req[16384];
    int n = snprintf(req, sizeof req, "%s %s HTTP/1.0\r\nHost: 127.0.0.1:%d\r\n", method, path, port);
    for (int i = 0; i < nheaders && n < (int)sizeof req - 8; i++)
        if (headers[i] && headers[i][0]) n += snprintf(req + n, sizeof req - (size_t)n, "%s\r\n", headers[i]);
    if (json && n < (int)sizeof req - 100)
        n += snprintf(req + n, sizeof req - (size_t)n, "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                      strlen(json), json);
    else if (n < (int)sizeof req - 3)
        n += snprintf(req + n, sizeof req - (size_t)n, "\r\n");
    if (n >= (int)sizeof req) {
        close(fd);
        return 0;
    }
    if (write(fd, req, (size_t)n) != n) {
        close(fd);
        return 0;
    }
    size_t cap = 1 << 16, got = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (got + 4096 > cap) buf = realloc(buf, cap *= 2);
        ssize_t r = read(fd, buf + got, cap - got - 1);
        if (r <= 0) break;
        got += (size_t)r;
    }
    close(fd);
    buf[got] = 0;
    *raw = buf;
    *rawlen = got;
    if (got > 12 && strncmp(buf, "HTTP/1.", 7) == 0) return atoi(buf + 9);
    return 0;
}

/* http_exchange, keeping only the body (in *body, malloc'd) when body is not NULL. */
static int http_request(int port, const char *method, const char *path, const char *json, char **headers, int nheaders,
                        char **body, size_t *len)
{
    char *buf;
    size_t got;
    int status = http_exchange(port, method, path, json, headers, nheaders, &buf, &got);
    if (!buf) return status;
    char *start = strstr(buf, "\r\n\r\n");
    if (body) {
        size_t off = start ? (size_t)(start + 4 - buf) : got;
        *len = got - off;
        *body = malloc(*len + 1);
        memcpy(*body, buf + off, *len);
        (*body)[*len] = 0;
    }
    free(buf);
    return status;
}

static int cmd_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = 0 };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t n = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || getsockname(fd, (struct sockaddr *)&a, &n) < 0) {
        perror("probe port");
        return 1;
    }
    printf("%d\n", ntohs(a.sin_port));
    close(fd);
    return 0;
}

static int cmd_launch(int port, const char *log, char **cmd)
{
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid < 0) {
        perror("probe launch: fork");
        return 1;
    }
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        setpgid(0, 0);   /* its own group: a Ctrl-C of bench/run is handled by its cleanup */
        execvp(cmd[0], cmd);
        _exit(127);
    }
    struct timespec pause = { 0, 500000 };
    while (now_ms() - t0 < 60000) {
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            fprintf(stderr, "probe launch: %s exited before serving (see %s)\n", cmd[0], log);
            return 1;
        }
        if (http_request(port, "GET", "/health", NULL, NULL, 0, NULL, NULL) == 200) {
            printf("%d %.1f\n", (int)pid, now_ms() - t0);
            return 0;
        }
        nanosleep(&pause, NULL);
    }
    kill(pid, SIGTERM);
    fprintf(stderr, "probe launch: nothing answered on port %d within 60 s\n", port);
    return 1;
}

static int cmd_rss(const char *pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%s/status", pid);
    FILE *f = fopen(path, "r");
    if (!f) return 1;
    long anon = -1, file = -1;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "RssAnon:", 8) == 0) anon = atol(line + 8);
        else if (strncmp(line, "RssFile:", 8) == 0) file = atol(line + 8);
    }
    fclose(f);
    printf("%ld %ld\n", anon, file);
    return anon < 0;
}

static bool status_is(int status, const char *expect)
{
    if (strcmp(expect, "2xx") == 0) return status >= 200 && status <= 299;
    return status == atoi(expect);
}

static int cmd_watch(int port, double seconds, int interval_ms, const char *path, char **headers, int nheaders)
{
    double t0 = now_ms(), last_ok = t0, gap = 0;
    long requests = 0, ok = 0, failed = 0;
    char statuses[256] = "";
    struct timespec pause = { interval_ms / 1000, (long)(interval_ms % 1000) * 1000000L };
    while (now_ms() - t0 < seconds * 1000) {
        char *raw;
        size_t len;
        int status = http_exchange(port, "GET", path, NULL, headers, nheaders, &raw, &len);
        free(raw);
        requests++;
        double t = now_ms();
        if (status >= 200 && status <= 299) {
            ok++;
            if (t - last_ok > gap) gap = t - last_ok;
            last_ok = t;
        } else {
            failed++;
            char s[16];
            snprintf(s, sizeof s, "%d,", status);
            if (!strstr(statuses, s) && strlen(statuses) + strlen(s) < sizeof statuses) strcat(statuses, s);
        }
        nanosleep(&pause, NULL);
    }
    if (now_ms() - last_ok > gap && failed > 0) gap = now_ms() - last_ok;
    size_t sl = strlen(statuses);
    if (sl) statuses[sl - 1] = 0;
    printf("requests=%ld ok=%ld failed=%ld gap_ms=%.0f statuses=%s\n", requests, ok, failed, gap, sl ? statuses : "-");
    return 0;
}

static int cmd_poll(int port, double timeout_ms, const char *expect, const char *method, const char *path, const char *json,
                    char **headers, int nheaders)
{
    double t0 = now_ms();
    long tries = 0;
    struct timespec pause = { 0, 10000000L };
    for (;;) {
        char *raw;
        size_t len;
        int status = http_exchange(port, method, path, json, headers, nheaders, &raw, &len);
        tries++;
        bool done = status_is(status, expect);
        if (done || now_ms() - t0 >= timeout_ms) {
            printf("%.0f %ld %d\n%s\n", done ? now_ms() - t0 : -1.0, tries, status, raw ? raw : "");
            free(raw);
            return done ? 0 : 1;
        }
        free(raw);
        nanosleep(&pause, NULL);
    }
}

typedef struct {
    char token[128], chapter[200], meeting[32], cookie[200], answer[8];
} Person;

/* Keeps the glocal_lsn cookie an answer sets (the only cookie a token's requests get). */
static void keep_cookie(Person *p, const char *raw)
{
    const char *end = strstr(raw, "\r\n\r\n");
    for (const char *c = raw; (c = strcasestr(c, "\nSet-Cookie: glocal_lsn=")) && (!end || c < end); c++) {
        const char *v = c + strlen("\nSet-Cookie: ");
        size_t n = strcspn(v, ";\r\n");
        if (n < sizeof p->cookie - 8) snprintf(p->cookie, sizeof p->cookie, "Cookie: %.*s", (int)n, v);
    }
}

static int cmd_stale(int port, double seconds, bool cookies, const char *tokens)
{
    FILE *f = fopen(tokens, "r");
    if (!f) {
        perror(tokens);
        return 2;
    }
    Person people[64];
    int n = 0;
    char line[1024];
    while (n < 64 && fgets(line, sizeof line, f)) {
        if (line[0] == '#') continue;
        Person *p = &people[n];
        memset(p, 0, sizeof *p);
        char user[32];
        if (sscanf(line, "%127[^\t]\t%31[^\t]\t%199[^\t]\t%31[^\t]", p->token, user, p->chapter, p->meeting) == 4) n++;
    }
    fclose(f);
    if (n == 0) {
        fprintf(stderr, "probe stale: no token in %s\n", tokens);
        return 2;
    }
    static const char *answers[] = { "yes", "no", "maybe" };
    long pairs = 0, stale = 0, failed = 0;
    double t0 = now_ms();
    for (long i = 0; now_ms() - t0 < seconds * 1000; i++) {
        Person *p = &people[i % n];
        const char *answer = answers[(i / n) % 3];
        if (strcmp(answer, p->answer) == 0) answer = answers[(i / n + 1) % 3];
        char auth[200], path[512], body[64], *raw;
        size_t len;
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", p->token);
        char *headers[] = { auth, cookies ? p->cookie : "" };
        snprintf(path, sizeof path, "/api/v1/chapters/%s/meetings/%s/rsvp", p->chapter, p->meeting);
        snprintf(body, sizeof body, "{\"answer\":\"%s\"}", answer);
        int status = http_exchange(port, "POST", path, body, headers, 2, &raw, &len);
        if (raw && cookies) keep_cookie(p, raw);
        free(raw);
        if (status < 200 || status > 299) {
            failed++;
            continue;
        }
        snprintf(p->answer, sizeof p->answer, "%s", answer);
        snprintf(path, sizeof path, "/api/v1/chapters/%s/meetings/%s", p->chapter, p->meeting);
        status = http_exchange(port, "GET", path, NULL, headers, 2, &raw, &len);
        char want[64];
        snprintf(want, sizeof want, "\"my_answer\":\"%s\"", answer);
        if (status < 200 || status > 299 || !raw) failed++;
        else {
            pairs++;
            if (!strstr(raw, want)) stale++;
        }
        if (raw && cookies) keep_cookie(p, raw);
        free(raw);
    }
    printf("pairs=%ld stale=%ld failed=%ld\n", pairs, stale, failed);
    return 0;
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    if (argc >= 2 && strcmp(argv[1], "port") == 0) return cmd_port();
    if (argc >= 6 && strcmp(argv[1], "launch") == 0 && strcmp(argv[4], "--") == 0)
        return cmd_launch(atoi(argv[2]), argv[3], argv + 5);
    bool post = argc >= 5 && strcmp(argv[1], "post") == 0;
    if ((argc >= 4 && strcmp(argv[1], "get") == 0) || post) {
        char *body = NULL;
        size_t len = 0;
        int status = http_request(atoi(argv[2]), post ? "POST" : "GET", argv[3], post ? argv[4] : NULL, argv + (post ? 5 : 4),
                                  argc - (post ? 5 : 4), &body, &len);
        if (body) fwrite(body, 1, len, stdout);
        free(body);
        if (status < 200 || status > 299) fprintf(stderr, "probe get %s: status %d\n", argv[3], status);
        return status >= 200 && status <= 299 ? 0 : 1;
    }
    if (argc == 3 && strcmp(argv[1], "rss") == 0) return cmd_rss(argv[2]);
    if (argc >= 6 && strcmp(argv[1], "watch") == 0)
        return cmd_watch(atoi(argv[2]), atof(argv[3]), atoi(argv[4]), argv[5], argv + 6, argc - 6);
    if (argc >= 7 && strcmp(argv[1], "poll") == 0) {
        bool with_body = strcmp(argv[5], "post") == 0;
        if (with_body && argc < 8) goto usage;
        return cmd_poll(atoi(argv[2]), atof(argv[3]), argv[4], with_body ? "POST" : "GET", argv[6], with_body ? argv[7] : NULL,
                        argv + (with_body ? 8 : 7), argc - (with_body ? 8 : 7));
    }
    if (argc == 6 && strcmp(argv[1], "stale") == 0) return cmd_stale(atoi(argv[2]), atof(argv[3]), strcmp(argv[4], "yes") == 0, argv[5]);
usage:
    fprintf(stderr, "usage: probe port | launch PORT LOG -- CMD... | get PORT PATH [HEADER...] |"
                    " post PORT PATH JSON [HEADER...] | rss PID | watch PORT SECONDS INTERVAL_MS PATH [HEADER...] |"
                    " poll PORT TIMEOUT_MS EXPECT get|post PATH [JSON] [HEADER...] | stale PORT SECONDS yes|no TOKENS\n");
    return 2;
}
