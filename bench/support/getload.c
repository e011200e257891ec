/*
 * getload: the load generator of the benchmark's timed GET rounds (bench/support/getload.ts
 * compiles and runs it). POSIX: Linux and macOS.
 *
 * Why not h2load or wrk: both read a response 8 KiB at a time. On the packages page (114 KB)
 * that is 14-16 reads, each with its event-loop round trip, per answer, and on 2 cores the client
 * then used more CPU than the bare node:http server it measured (h2load 50 µs per answer, the
 * bare server 39), so the baseline was the client's speed, not the server's (bench/NOTES.md).
 * This client reads up to 1 MiB at a time (one or two reads per answer, 22-27 µs), parses only
 * the status line and the framing headers, and keeps no other state per request.
 *
 * Usage: getload -p PORT [-h 127.0.0.1] [-c 32] [-d 5] [-H 'name: value']... PATH...
 * Each connection sends one request at a time (keep-alive, HTTP/1.1), taking the paths in turn.
 * Prints one JSON line: {"requests","seconds","bytes","non2xx","errors","cpuMs",
 * "latencyUs":{"mean","p50","p90","p99","max"}}; cpuMs is this process's user + system time.
 * Exits 1 on bad arguments or when no request was answered.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define READ_SIZE (1 << 20)
#define HEAD_MAX 16384
#define MAX_PATHS 64
#define HEADERS_MAX 8192

typedef struct {
  int index;
  int fd;
  int next_path;
  /* 0 while connecting, else when the request in flight was sent (ns, monotonic). */
  uint64_t sent_at;
  /* Where in the answer the bytes read next belong. */
  enum { HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER } part;
  /* A chunk-size or trailer line gathered so far. */
  size_t line_len;
  char line[128];
  size_t head_len;
  char head[HEAD_MAX];
  /* Body bytes (BODY), chunk bytes (CHUNK_DATA) or CRLF bytes (CHUNK_END) still to come. */
  long long remaining;
  int chunked;
  int status;
  int close_after;
} connection;

static struct sockaddr_in address;
static char *requests[MAX_PATHS];
static size_t request_lengths[MAX_PATHS];
static int path_count;
/* One per connection, same index: what poll() waits for on each. */
static struct pollfd *polled;
static uint32_t *latencies;
static size_t latency_count, latency_capacity;
static unsigned long long answered, non2xx, errors, bytes;

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static void open_connection(connection *c) {
  c->sent_at = 0;
  c->fd = socket(AF_INET, SOCK_STREAM, 0);
  if (c->fd < 0 || fcntl(c->fd, F_SETFL, O_NONBLOCK) < 0) {
    perror("getload: socket");
    exit(1);
  }
  int one = 1;
  setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  connect(c->fd, (struct sockaddr *)&address, sizeof address);
  /* Writable once connected (or failed: the write then fails and counts as an error). */
  polled[c->index] = (struct pollfd){.fd = c->fd, .events = POLLOUT};
}

static void reopen(connection *c) {
  close(c->fd);
  open_connection(c);
}

/* Sends the next request; a request is a few hundred bytes, so one write takes it whole. */
static int send_request(connection *c) {
  int i = c->next_path;
  c->next_path = (i + 1) % path_count;
  c->part = HEAD;
  c->head_len = 0;
  c->close_after = 0;
  c->chunked = 0;
  c->sent_at = now_ns();
  return write(c->fd, requests[i], request_lengths[i]) == (ssize_t)request_lengths[i] ? 0 : -1;
}

static void record_answer(connection *c) {
  uint64_t us = (now_ns() - c->sent_at) / 1000;
  if (latency_count == latency_capacity) {
    latency_capacity = latency_capacity ? latency_capacity * 2 : 65536;
    latencies = realloc(latencies, latency_capacity * sizeof *latencies);
    if (!latencies) {
      perror("getload: realloc");
      exit(1);
    }
  }
  latencies[latency_count++] = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
  answered++;
  if (c->status < 200 || c->status > 299) non2xx++;
}

/*
 * Reads the head gathered so far: 1 while incomplete, 0 once complete (the body's framing and
 * whether the server closes after it set, *head_end just past the blank line).
 */
static int parse_head(connection *c, size_t *head_end) {
  char *end = memmem(c->head, c->head_len, "\r\n\r\n", 4);
  if (!end) return 1;
  *head_end = (size_t)(end - c->head) + 4;
  c->status = c->head_len > 12 ? atoi(c->head + 9) : 0;
  c->remaining = 0;
  char *line = memchr(c->head, '\n', *head_end);
  while (line && ++line < end) {
    if (strncasecmp(line, "content-length:", 15) == 0) c->remaining = atoll(line + 15);
    else if (strncasecmp(line, "transfer-encoding:", 18) == 0) c->chunked = 1;
    else if (strncasecmp(line, "connection:", 11) == 0) {
      char *eol = memchr(line, '\r', (size_t)(end - line) + 1);
      if (eol && memmem(line, (size_t)(eol - line), "close", 5)) c->close_after = 1;
    }
    line = memchr(line, '\n', (size_t)(end - line) + 2);
  }
  return 0;
}

/*
 * Gathers a line of a chunked body into c->line; returns how many bytes of data it used and
 * sets *complete once the line's LF was seen (c->line then holds it without CR LF).
 */
static size_t gather_line(connection *c, const char *data, size_t length, int *complete) {
  const char *lf = memchr(data, '\n', length);
  size_t used = lf ? (size_t)(lf - data) + 1 : length;
  for (size_t i = 0; i < used; i++)
    if (data[i] != '\r' && data[i] != '\n' && c->line_len < sizeof c->line - 1)
      c->line[c->line_len++] = data[i];
  c->line[c->line_len] = 0;
  *complete = lf != NULL;
  return used;
}

/*
 * The answer is whole: the next request goes out. 0, or 1 when the server closes after this
 * answer, -1 when the request could not be sent (both: reopen).
 */
static int answer_done(connection *c) {
  record_answer(c);
  return c->close_after ? 1 : send_request(c);
}

/* Takes the bytes read on c: 0 when c goes on, else as answer_done, -1 also for a head too long. */
static int take(connection *c, const char *data, size_t length) {
  size_t at = 0;
  int complete, done;
  while (at < length) {
    size_t left = length - at;
    switch (c->part) {
    case HEAD: {
      size_t room = HEAD_MAX - c->head_len;
      size_t copied = left < room ? left : room;
      size_t before = c->head_len;
      memcpy(c->head + c->head_len, data + at, copied);
      c->head_len += copied;
      size_t head_end;
      int parsed = parse_head(c, &head_end);
      if (parsed > 0 && c->head_len == HEAD_MAX) return -1;
      if (parsed > 0) return 0;
      at += head_end - before;
      c->line_len = 0;
      c->part = c->chunked ? CHUNK_SIZE : BODY;
      if (c->part == BODY && c->remaining == 0 && (done = answer_done(c))) return done;
      break;
    }
    case BODY:
    case CHUNK_DATA:
    case CHUNK_END: {
      size_t used = (long long)left < c->remaining ? left : (size_t)c->remaining;
      c->remaining -= (long long)used;
      at += used;
      if (c->remaining > 0) return 0;
      if (c->part == BODY) {
        if ((done = answer_done(c))) return done;
      } else if (c->part == CHUNK_DATA) {
        c->part = CHUNK_END;
        c->remaining = 2;
      } else {
        c->part = CHUNK_SIZE;
        c->line_len = 0;
      }
      break;
    }
    case CHUNK_SIZE:
      at += gather_line(c, data + at, left, &complete);
      if (!complete) return 0;
      c->remaining = strtoll(c->line, NULL, 16);
      c->line_len = 0;
      c->part = c->remaining > 0 ? CHUNK_DATA : TRAILER;
      break;
    case TRAILER:
      at += gather_line(c, data + at, left, &complete);
      if (!complete) return 0;
      if (c->line_len == 0 && (done = answer_done(c))) return done;
      c->line_len = 0;
      break;
    }
  }
  return 0;
}

static int by_value(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static uint32_t percentile(double p) {
  return latency_count ? latencies[(size_t)((double)(latency_count - 1) * p / 100.0)] : 0;
}

int main(int argc, char **argv) {
  int connections = 32, port = 0, option;
  double duration = 5;
  const char *host = "127.0.0.1";
  char headers[HEADERS_MAX] = "";
  while ((option = getopt(argc, argv, "c:d:H:h:p:")) != -1) {
    if (option == 'c') connections = atoi(optarg);
    else if (option == 'd') duration = atof(optarg);
    else if (option == 'h') host = optarg;
    else if (option == 'p') port = atoi(optarg);
    else if (option == 'H' && strlen(headers) + strlen(optarg) + 3 < HEADERS_MAX) {
      strcat(headers, optarg);
      strcat(headers, "\r\n");
    } else {
      fprintf(stderr, "getload: bad option -%c\n", optopt ? optopt : option);
      return 1;
    }
  }
  if (port <= 0 || connections <= 0 || duration <= 0 || optind >= argc ||
      inet_pton(AF_INET, host, &address.sin_addr) != 1) {
    fprintf(stderr, "usage: getload -p PORT [-h IPv4] [-c N] [-d S] [-H 'name: value'] PATH...\n");
    return 1;
  }
  address.sin_family = AF_INET;
  address.sin_port = htons((uint16_t)port);
  for (int i = optind; i < argc && path_count < MAX_PATHS; i++) {
    int n = asprintf(&requests[path_count], "GET %s HTTP/1.1\r\nHost: %s:%d\r\n%s\r\n", argv[i],
                     host, port, headers);
    if (n < 0) return 1;
    request_lengths[path_count++] = (size_t)n;
  }

  /* A server that closes a connection is an error counted, not the end of the process. */
  signal(SIGPIPE, SIG_IGN);
  connection *all = calloc((size_t)connections, sizeof *all);
  polled = calloc((size_t)connections, sizeof *polled);
  char *buffer = malloc(READ_SIZE);
  if (!all || !polled || !buffer) return 1;
  for (int i = 0; i < connections; i++) {
    all[i].index = i;
    all[i].next_path = i % path_count;
    open_connection(&all[i]);
  }
  uint64_t start = now_ns(), stop = start + (uint64_t)(duration * 1e9);
  for (uint64_t t = start; t < stop; t = now_ns()) {
    int ready = poll(polled, (nfds_t)connections, (int)((stop - t) / 1000000) + 1);
    for (int i = 0; i < connections && ready > 0; i++) {
      if (!polled[i].revents) continue;
      ready--;
      connection *c = &all[i];
      if (!c->sent_at) {
        /* Connected (or refused): from now on only answers are waited for. */
        polled[i].events = POLLIN;
        if (send_request(c) < 0) errors++, reopen(c);
        continue;
      }
      ssize_t got = read(c->fd, buffer, READ_SIZE);
      if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (got <= 0) {
        errors++;
        reopen(c);
        continue;
      }
      bytes += (unsigned long long)got;
      int taken = take(c, buffer, (size_t)got);
      if (taken < 0) errors++;
      if (taken) reopen(c);
    }
  }
  double seconds = (double)(now_ns() - start) / 1e9;

  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  double cpu_ms = (double)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
                  (double)(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
  qsort(latencies, latency_count, sizeof *latencies, by_value);
  double sum = 0;
  for (size_t i = 0; i < latency_count; i++) sum += latencies[i];
  printf("{\"requests\":%llu,\"seconds\":%.6f,\"bytes\":%llu,\"non2xx\":%llu,\"errors\":%llu,"
         "\"cpuMs\":%.3f,\"latencyUs\":{\"mean\":%.1f,\"p50\":%u,\"p90\":%u,\"p99\":%u,\"max\":%u}}\n",
         answered, seconds, bytes, non2xx, errors, cpu_ms,
         latency_count ? sum / (double)latency_count : 0.0, percentile(50), percentile(90),
         percentile(99), percentile(100));
  return answered ? 0 : 1;
}
