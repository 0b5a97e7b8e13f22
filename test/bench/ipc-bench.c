/* ipc-bench: the plain C reference for Process Lab's benchmarks (issue 7).
 *
 * The same objects, calls, loops, clock and pinning as native/src/posix/bench_*.cc, with none
 * of the lab around them: the parent prepares the objects, forks the echo and the client
 * (each pins itself with sched_setaffinity(2)), waits for both and removes the objects.
 * `process-lab bench --compare-c` builds this with `cc -O2 -Wall -Wextra -Werror` and runs it
 * alternately with the lab's own pairs; the ratio per row is the lab's overhead.
 *
 *   ipc-bench MECHANISM SIZE CLIENT_CPU ECHO_CPU REPS WARMUP BUDGET_MS MAX_SAMPLES DIR
 *   ipc-bench memcpy SIZE BUDGET_MS
 * prints one JSON object on stdout; exit 1 with a message on stderr when a call fails.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum mech { SHM_SYSV, SHM_POSIX, SHM_SPIN, PIPE, FIFO, MQ_POSIX, MSG_SYSV, UNIX_SOCK, TCP, SIGNALS, MECH_COUNT };
static const char *const names[] = {"shm-sysv", "shm-posix", "shm-spin", "pipe", "fifo",
                                    "mq-posix", "msg-sysv", "unix", "tcp", "signal"};

static void die(const char *call) {
  int e = errno;
  fprintf(stderr, "ipc-bench: %s: %s\n", call, strerror(e));
  exit(1);
}

/* ---- shared memory: two rings of slots, futex or spin (as bench_shm.cc) ---- */
struct ring {
  _Alignas(64) uint32_t head;
  _Alignas(64) uint32_t tail;
  _Alignas(64) uint32_t head_waiter;
  _Alignas(64) uint32_t tail_waiter;
  _Alignas(64) char slots[1];
};
#define LINE 64
#define RING_MAX (4u << 20)
static size_t stride(size_t size) { return (size + LINE - 1) / LINE * LINE; }
static size_t ring_bytes(size_t size, size_t slots) { return offsetof(struct ring, slots) + stride(size) * slots; }
static size_t shm_slots(size_t size) {
  size_t n = RING_MAX / stride(size);
  return n < 2 ? 2 : n > 1024 ? 1024 : n;
}
static size_t shm_bytes(size_t size, size_t slots) { return 2 * ring_bytes(size, slots); }

struct endpoint {
  enum mech mech;
  size_t size;
  int tx_fd, rx_fd;
  mqd_t tx_mq, rx_mq;
  int msqid;
  long tx_type, rx_type;
  char *msg;
  struct ring *tx, *rx;
  size_t slot_count;
  int spin;
  pid_t peer;
};

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ volatile("yield");
#endif
}

static void wait_change(struct endpoint *ep, uint32_t *word, uint32_t old, uint32_t *waiter) {
  if (ep->spin) {
    while (__atomic_load_n(word, __ATOMIC_ACQUIRE) == old) cpu_relax();
    return;
  }
  while (__atomic_load_n(word, __ATOMIC_ACQUIRE) == old) {
    __atomic_store_n(waiter, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(word, __ATOMIC_SEQ_CST) != old) break;
    if (syscall(SYS_futex, word, FUTEX_WAIT, old, NULL, NULL, 0) != 0 && errno != EAGAIN && errno != EINTR) die("futex");
  }
  __atomic_store_n(waiter, 0, __ATOMIC_RELAXED);
}

static void publish(struct endpoint *ep, uint32_t *word, uint32_t value, uint32_t *waiter) {
  __atomic_store_n(word, value, __ATOMIC_SEQ_CST);
  if (!ep->spin && __atomic_load_n(waiter, __ATOMIC_SEQ_CST) != 0) syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
}

static void shm_send(struct endpoint *ep, const char *buf) {
  struct ring *r = ep->tx;
  uint32_t head = __atomic_load_n(&r->head, __ATOMIC_RELAXED), tail;
  while (head - (tail = __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE)) >= ep->slot_count)
    wait_change(ep, &r->tail, tail, &r->tail_waiter);
  memcpy(r->slots + stride(ep->size) * (head % ep->slot_count), buf, ep->size);
  publish(ep, &r->head, head + 1, &r->head_waiter);
}

static void shm_receive(struct endpoint *ep, char *buf) {
  struct ring *r = ep->rx;
  uint32_t tail = __atomic_load_n(&r->tail, __ATOMIC_RELAXED);
  wait_change(ep, &r->head, tail, &r->head_waiter);
  memcpy(buf, r->slots + stride(ep->size) * (tail % ep->slot_count), ep->size);
  publish(ep, &r->tail, tail + 1, &r->tail_waiter);
}

static void shm_layout(struct endpoint *ep, void *map, int client, size_t slots) {
  struct ring *first = map, *second = (struct ring *)((char *)map + ring_bytes(ep->size, slots));
  ep->tx = client ? first : second;
  ep->rx = client ? second : first;
  ep->slot_count = slots;
  /* touch every page once, so the timed loops pay no first-touch page faults (as the lab does) */
  for (size_t i = 0; i < shm_bytes(ep->size, slots); i += 4096) (void)((volatile char *)map)[i];
}

/* ---- objects (as bench_objects.cc) ---- */
struct prepared {
  int fds[4];
  char names[2][160];
  int id, port;
  size_t slots;
};

static volatile sig_atomic_t last_signal;
static volatile pid_t last_sender;
static void on_signal(int sig, siginfo_t *info, void *context) {
  (void)context;
  last_sender = info->si_pid;
  last_signal = sig;
}

static void prepare_signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR1, &sa, NULL);
  sigaction(SIGUSR2, &sa, NULL);
  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigaddset(&block, SIGUSR2);
  sigprocmask(SIG_BLOCK, &block, NULL);
}

static struct sockaddr_un unix_address(const char *path) {
  struct sockaddr_un a;
  memset(&a, 0, sizeof a);
  a.sun_family = AF_UNIX;
  snprintf(a.sun_path, sizeof a.sun_path, "%s", path);
  return a;
}

static int listener(int domain, const struct sockaddr *addr, socklen_t len) {
  int fd = socket(domain, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
  if (fd < 0) die("socket");
  if (domain == AF_INET) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, addr, len) != 0) die("bind");
  if (listen(fd, 4) != 0) die("listen");
  return fd;
}

static void no_delay(int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

static void prepare(enum mech m, size_t size, const char *dir, struct prepared *p) {
  memset(p, 0, sizeof *p);
  for (int i = 0; i < 4; i++) p->fds[i] = -1;
  p->id = -1;
  switch (m) {
    case PIPE: {
      int req[2], resp[2];
      if (pipe2(req, O_CLOEXEC) != 0 || pipe2(resp, O_CLOEXEC) != 0) die("pipe2");
      p->fds[0] = req[0]; p->fds[1] = req[1]; p->fds[2] = resp[0]; p->fds[3] = resp[1];
      break;
    }
    case FIFO:
      snprintf(p->names[0], sizeof p->names[0], "%s/req.fifo", dir);
      snprintf(p->names[1], sizeof p->names[1], "%s/resp.fifo", dir);
      if (mkfifo(p->names[0], 0600) != 0 || mkfifo(p->names[1], 0600) != 0) die("mkfifo");
      break;
    case MQ_POSIX: {
      struct mq_attr attr;
      memset(&attr, 0, sizeof attr);
      attr.mq_maxmsg = 10;
      attr.mq_msgsize = (long)size;
      for (int i = 0; i < 2; i++) {
        snprintf(p->names[i], sizeof p->names[i], "/plab-cbench-%d-%s", (int)getpid(), i == 0 ? "req" : "resp");
        mqd_t q = mq_open(p->names[i], O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600, &attr);
        if (q == (mqd_t)-1) { p->names[i][0] = 0; die("mq_open"); }
        mq_close(q);
      }
      break;
    }
    case MSG_SYSV:
      if ((p->id = msgget(IPC_PRIVATE, IPC_CREAT | 0600)) < 0) die("msgget");
      break;
    case SHM_SYSV:
      p->slots = shm_slots(size);
      if ((p->id = shmget(IPC_PRIVATE, shm_bytes(size, p->slots), IPC_CREAT | 0600)) < 0) die("shmget");
      break;
    case SHM_POSIX:
    case SHM_SPIN: {
      p->slots = shm_slots(size);
      snprintf(p->names[0], sizeof p->names[0], "/plab-cbench-%d", (int)getpid());
      int fd = shm_open(p->names[0], O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0) { p->names[0][0] = 0; die("shm_open"); }
      if (ftruncate(fd, (off_t)shm_bytes(size, p->slots)) != 0) die("ftruncate");
      close(fd);
      break;
    }
    case UNIX_SOCK: {
      snprintf(p->names[0], sizeof p->names[0], "%s/bench.sock", dir);
      struct sockaddr_un a = unix_address(p->names[0]);
      p->fds[0] = listener(AF_UNIX, (struct sockaddr *)&a, sizeof a);
      break;
    }
    case TCP: {
      struct sockaddr_in a;
      memset(&a, 0, sizeof a);
      a.sin_family = AF_INET;
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      p->fds[0] = listener(AF_INET, (struct sockaddr *)&a, sizeof a);
      socklen_t len = sizeof a;
      if (getsockname(p->fds[0], (struct sockaddr *)&a, &len) != 0) die("getsockname");
      p->port = ntohs(a.sin_port);
      break;
    }
    default:
      break;
  }
}

static void release(enum mech m, struct prepared *p) {
  for (int i = 0; i < 4; i++) if (p->fds[i] >= 0) close(p->fds[i]);
  for (int i = 0; i < 2; i++) {
    if (!p->names[i][0]) continue;
    if (m == FIFO || m == UNIX_SOCK) unlink(p->names[i]);
    if (m == MQ_POSIX) mq_unlink(p->names[i]);
    if (m == SHM_POSIX || m == SHM_SPIN) shm_unlink(p->names[i]);
  }
  if (m == MSG_SYSV && p->id >= 0) msgctl(p->id, IPC_RMID, NULL);
  if (m == SHM_SYSV && p->id >= 0) shmctl(p->id, IPC_RMID, NULL);
}

static void write_all(int fd, const char *buf, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, buf, n);
    if (w < 0) { if (errno == EINTR) continue; die("write"); }
    buf += w;
    n -= (size_t)w;
  }
}
static void read_all(int fd, char *buf, size_t n) {
  while (n > 0) {
    ssize_t r = read(fd, buf, n);
    if (r < 0) { if (errno == EINTR) continue; die("read"); }
    if (r == 0) { errno = EPIPE; die("read"); }
    buf += r;
    n -= (size_t)r;
  }
}

static void open_endpoint(enum mech m, size_t size, int client, const struct prepared *p, pid_t peer, struct endpoint *ep) {
  memset(ep, 0, sizeof *ep);
  ep->mech = m;
  ep->size = size;
  ep->tx_fd = ep->rx_fd = -1;
  ep->peer = peer;
  switch (m) {
    case PIPE:
      ep->tx_fd = client ? p->fds[1] : p->fds[3];
      ep->rx_fd = client ? p->fds[2] : p->fds[0];
      break;
    case FIFO:
      if (client) {
        if ((ep->tx_fd = open(p->names[0], O_WRONLY | O_CLOEXEC)) < 0) die("open");
        if ((ep->rx_fd = open(p->names[1], O_RDONLY | O_CLOEXEC)) < 0) die("open");
      } else {
        if ((ep->rx_fd = open(p->names[0], O_RDONLY | O_CLOEXEC)) < 0) die("open");
        if ((ep->tx_fd = open(p->names[1], O_WRONLY | O_CLOEXEC)) < 0) die("open");
      }
      break;
    case MQ_POSIX:
      if ((ep->tx_mq = mq_open(p->names[client ? 0 : 1], O_WRONLY | O_CLOEXEC)) == (mqd_t)-1) die("mq_open");
      if ((ep->rx_mq = mq_open(p->names[client ? 1 : 0], O_RDONLY | O_CLOEXEC)) == (mqd_t)-1) die("mq_open");
      break;
    case MSG_SYSV:
      ep->msqid = p->id;
      ep->tx_type = client ? 1 : 2;
      ep->rx_type = client ? 2 : 1;
      if (!(ep->msg = malloc(sizeof(long) + size))) die("malloc");
      break;
    case SHM_SYSV: {
      void *map = shmat(p->id, NULL, 0);
      if (map == (void *)-1) die("shmat");
      shm_layout(ep, map, client, p->slots);
      break;
    }
    case SHM_POSIX:
    case SHM_SPIN: {
      int fd = shm_open(p->names[0], O_RDWR | O_CLOEXEC, 0);
      if (fd < 0) die("shm_open");
      void *map = mmap(NULL, shm_bytes(size, p->slots), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
      if (map == MAP_FAILED) die("mmap");
      close(fd);
      ep->spin = m == SHM_SPIN;
      shm_layout(ep, map, client, p->slots);
      break;
    }
    case UNIX_SOCK:
    case TCP:
      if (client) {
        int fd = socket(m == TCP ? AF_INET : AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) die("socket");
        if (m == UNIX_SOCK) {
          struct sockaddr_un a = unix_address(p->names[0]);
          if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) die("connect");
        } else {
          struct sockaddr_in a;
          memset(&a, 0, sizeof a);
          a.sin_family = AF_INET;
          a.sin_port = htons((uint16_t)p->port);
          a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
          if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) die("connect");
          no_delay(fd);
        }
        ep->tx_fd = ep->rx_fd = fd;
      } else {
        int fd = accept4(p->fds[0], NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) die("accept4");
        if (m == TCP) no_delay(fd);
        ep->tx_fd = ep->rx_fd = fd;
      }
      break;
    default:
      break;
  }
}

static void send_msg(struct endpoint *ep, char *buf) {
  switch (ep->mech) {
    case MQ_POSIX:
      while (mq_send(ep->tx_mq, buf, ep->size, 0) != 0) if (errno != EINTR) die("mq_send");
      return;
    case MSG_SYSV:
      *(long *)ep->msg = ep->tx_type;
      memcpy(ep->msg + sizeof(long), buf, ep->size);
      while (msgsnd(ep->msqid, ep->msg, ep->size, 0) != 0) if (errno != EINTR) die("msgsnd");
      return;
    case SHM_SYSV:
    case SHM_POSIX:
    case SHM_SPIN:
      shm_send(ep, buf);
      return;
    case SIGNALS: {
      uint64_t stop;
      memcpy(&stop, buf, sizeof stop);
      /* tgkill to the peer's main thread, as the lab does (its Node processes have helper threads) */
      if (syscall(SYS_tgkill, ep->peer, ep->peer, stop ? SIGUSR2 : SIGUSR1) != 0) die("tgkill");
      return;
    }
    default:
      write_all(ep->tx_fd, buf, ep->size);
  }
}

static void receive_msg(struct endpoint *ep, char *buf) {
  switch (ep->mech) {
    case MQ_POSIX:
      while (mq_receive(ep->rx_mq, buf, ep->size, NULL) < 0) if (errno != EINTR) die("mq_receive");
      return;
    case MSG_SYSV:
      while (msgrcv(ep->msqid, ep->msg, ep->size, ep->rx_type, 0) < 0) if (errno != EINTR) die("msgrcv");
      memcpy(buf, ep->msg + sizeof(long), ep->size);
      return;
    case SHM_SYSV:
    case SHM_POSIX:
    case SHM_SPIN:
      shm_receive(ep, buf);
      return;
    case SIGNALS: {
      sigset_t open_mask;
      sigprocmask(SIG_SETMASK, NULL, &open_mask);
      sigdelset(&open_mask, SIGUSR1);
      sigdelset(&open_mask, SIGUSR2);
      last_signal = 0;
      while (last_signal == 0) sigsuspend(&open_mask);
      uint64_t stop = last_signal == SIGUSR2;
      memcpy(buf, &stop, sizeof stop);
      if (ep->peer == 0) ep->peer = last_sender;
      return;
    }
    default:
      read_all(ep->rx_fd, buf, ep->size);
  }
}

/* ---- the loops (as bench_loops.cc) ---- */
struct params {
  enum mech mech;
  size_t size;
  int reps, warmup, max_samples, throughput;
  int64_t budget_ns;
};

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void pin(int cpu) {
  if (cpu < 0) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0) die("sched_setaffinity");
}

static void set_stop(char *buf, uint64_t stop) { memcpy(buf, &stop, sizeof stop); }
static uint64_t get_stop(const char *buf) {
  uint64_t stop;
  memcpy(&stop, buf, sizeof stop);
  return stop;
}

static int compare_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}
static int64_t rank(const int64_t *sorted, int64_t n, double q) {
  int64_t i = (int64_t)(q * (double)n);
  return sorted[i >= n ? n - 1 : i];
}

static char *buffer(size_t size) {
  size_t n = size < 8 ? 8 : size;
  char *buf = malloc(n);
  if (!buf) die("malloc");
  memset(buf, 0x5a, n);
  return buf;
}

static void run_client(const struct params *pa, const struct prepared *p, int cpu, int ready_fd, pid_t echo) {
  pin(cpu);
  if (pa->mech == SIGNALS) prepare_signals();
  char ready;
  ssize_t got;
  while ((got = read(ready_fd, &ready, 1)) < 0) if (errno != EINTR) die("read");
  if (got == 0) { errno = EPIPE; die("read"); }
  struct endpoint ep;
  open_endpoint(pa->mech, pa->size, 1, p, echo, &ep);
  char *buf = buffer(pa->size);
  int64_t *samples = malloc(sizeof(int64_t) * (size_t)pa->max_samples);
  if (!samples) die("malloc");
  printf("{\"reps\":[");
  for (int rep = 0; rep < pa->reps; rep++) {
    int64_t warm_end = now_ns() + pa->budget_ns / 4;
    set_stop(buf, 0);
    for (int i = 0; i < pa->warmup && now_ns() < warm_end; i++) {
      send_msg(&ep, buf);
      receive_msg(&ep, buf);
    }
    int64_t n = 0, end = now_ns() + pa->budget_ns;
    while (n < pa->max_samples) {
      set_stop(buf, 0);
      int64_t t0 = now_ns();
      send_msg(&ep, buf);
      receive_msg(&ep, buf);
      int64_t t1 = now_ns();
      samples[n++] = t1 - t0;
      if (t1 >= end) break;
    }
    set_stop(buf, 1);
    send_msg(&ep, buf);
    receive_msg(&ep, buf);
    qsort(samples, (size_t)n, sizeof samples[0], compare_i64);
    int64_t sum = 0;
    for (int64_t i = 0; i < n; i++) sum += samples[i];
    printf("%s{\"latency\":{\"count\":%lld,\"minNs\":%lld,\"p50Ns\":%lld,\"p99Ns\":%lld,\"meanNs\":%lld},", rep ? "," : "",
           (long long)n, (long long)samples[0], (long long)rank(samples, n, 0.50), (long long)rank(samples, n, 0.99),
           (long long)(sum / n));
    if (!pa->throughput) {
      printf("\"throughput\":null}");
      continue;
    }
    int64_t every = pa->size < 4096 ? 16 : 1, messages = 0;
    set_stop(buf, 0);
    int64_t t0 = now_ns();
    end = t0 + pa->budget_ns;
    for (;;) {
      send_msg(&ep, buf);
      messages++;
      if (messages % every == 0 && now_ns() >= end) break;
    }
    set_stop(buf, 1);
    send_msg(&ep, buf);
    messages++;
    receive_msg(&ep, buf);
    int64_t t1 = now_ns();
    printf("\"throughput\":{\"messages\":%lld,\"bytes\":%lld,\"ns\":%lld}}", (long long)messages,
           (long long)(messages * (int64_t)pa->size), (long long)(t1 - t0));
  }
  printf("]}\n");
  fflush(stdout);
}

static void run_echo(const struct params *pa, const struct prepared *p, int cpu, int ready_fd) {
  pin(cpu);
  if (pa->mech == SIGNALS) prepare_signals();
  char ready = 1;
  while (write(ready_fd, &ready, 1) < 0) if (errno != EINTR) die("write");
  struct endpoint ep;
  open_endpoint(pa->mech, pa->size, 0, p, 0, &ep);
  char *buf = buffer(pa->size);
  for (int rep = 0; rep < pa->reps; rep++) {
    for (;;) {
      receive_msg(&ep, buf);
      send_msg(&ep, buf);
      if (get_stop(buf)) break;
    }
    if (!pa->throughput) continue;
    for (;;) {
      receive_msg(&ep, buf);
      if (get_stop(buf)) break;
    }
    send_msg(&ep, buf);
  }
}

static int memcpy_bench(size_t size, int64_t budget) {
  /* page-aligned, the destination 1 KiB into its page, as bench.cc: avoids 4 KiB aliasing */
  char *src = aligned_alloc(4096, (size + 4095) / 4096 * 4096), *dst_page = aligned_alloc(4096, (size + 1024 + 4095) / 4096 * 4096);
  if (!src || !dst_page) die("aligned_alloc");
  char *dst = dst_page + 1024;
  memset(src, 1, size);
  memset(dst, 2, size);
  int64_t every = size < 65536 ? 64 : 1, copies = 0, t0 = now_ns(), t1 = t0;
  for (;;) {
    memcpy(dst, src, size);
    __asm__ volatile("" : : "r"(dst) : "memory");
    if (++copies % every == 0 && (t1 = now_ns()) - t0 >= budget) break;
  }
  printf("{\"bytes\":%lld,\"ns\":%lld}\n", (long long)copies * (long long)size, (long long)(t1 - t0));
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 4 && strcmp(argv[1], "memcpy") == 0) return memcpy_bench((size_t)atoll(argv[2]), atoll(argv[3]) * 1000000);
  if (argc != 10) {
    fprintf(stderr, "usage: ipc-bench MECHANISM SIZE CLIENT_CPU ECHO_CPU REPS WARMUP BUDGET_MS MAX_SAMPLES DIR\n"
                    "       ipc-bench memcpy SIZE BUDGET_MS\n");
    return 2;
  }
  struct params pa;
  memset(&pa, 0, sizeof pa);
  pa.mech = MECH_COUNT;
  for (int i = 0; i < MECH_COUNT; i++) if (strcmp(argv[1], names[i]) == 0) pa.mech = (enum mech)i;
  if (pa.mech == MECH_COUNT) { fprintf(stderr, "ipc-bench: unknown mechanism %s\n", argv[1]); return 2; }
  pa.size = (size_t)atoll(argv[2]);
  int client_cpu = atoi(argv[3]), echo_cpu = atoi(argv[4]);
  pa.reps = atoi(argv[5]);
  pa.warmup = atoi(argv[6]);
  pa.budget_ns = atoll(argv[7]) * 1000000;
  pa.max_samples = atoi(argv[8]);
  pa.throughput = pa.mech != SIGNALS;
  if (pa.reps < 1 || pa.max_samples < 1 || pa.budget_ns <= 0 || (pa.mech != SIGNALS && pa.size < 8)) {
    fprintf(stderr, "ipc-bench: bad numbers\n");
    return 2;
  }
  struct prepared p;
  prepare(pa.mech, pa.size, argv[9], &p);
  int ready[2];
  if (pipe2(ready, O_CLOEXEC) != 0) die("pipe2");
  fflush(stdout);
  pid_t echo = fork();
  if (echo < 0) die("fork");
  if (echo == 0) {
    close(ready[0]);
    run_echo(&pa, &p, echo_cpu, ready[1]);
    _exit(0);
  }
  pid_t client = fork();
  if (client < 0) die("fork");
  if (client == 0) {
    close(ready[1]);
    run_client(&pa, &p, client_cpu, ready[0], echo);
    _exit(0);
  }
  close(ready[0]); /* only the pair holds the ready pipe: a side that dies gives the other EOF */
  close(ready[1]);
  int status, failed = 0;
  for (int i = 0; i < 2; i++) {
    if (wait(&status) < 0) die("wait");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failed = 1;
  }
  release(pa.mech, &p);
  return failed;
}
