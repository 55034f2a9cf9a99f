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

/* Sends a GET and reads the whole answer (HTTP/1.0: the server closes).
 * Returns the status (0 if none) and the body in *body (malloc'd). */
static int http_request(int port, const char *method, const char *path, const char *json, char **headers, int nheaders,
                        char **body, size_t *len)
{
    int fd = connect_to(port);
    if (fd < 0) return 0;
    char req[16384];
    int n = snprintf(req, sizeof req, "%s %s HTTP/1.0\r\nHost: 127.0.0.1:%d\r\n", method, path, port);
    for (int i = 0; i < nheaders && n < (int)sizeof req - 8; i++) n += snprintf(req + n, sizeof req - (size_t)n, "%s\r\n", headers[i]);
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
    int status = 0;
    if (got > 12 && strncmp(buf, "HTTP/1.", 7) == 0) status = atoi(buf + 9);
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
    fprintf(stderr, "usage: probe port | launch PORT LOG -- CMD... | get PORT PATH [HEADER...] |"
                    " post PORT PATH JSON [HEADER...] | rss PID\n");
    return 2;
}
