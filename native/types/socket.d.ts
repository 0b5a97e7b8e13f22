// Sockets (native/src/posix/socket.cc over socket_core.cc; linux/sock_diag.cc). Man pages:
// socket(2), socketpair(2), bind(2), listen(2), accept(2), connect(2), send(2), recv(2),
// shutdown(2), unix(7), ip(7), tcp(7), udp(7), sock_diag(7).

/** A Unix socket's path, or an IPv4 address (dotted, default 0.0.0.0 = INADDR_ANY) and port. */
export type SocketAddress = { path: string } | { address?: string; port: number };

/** What `ss` shows of one socket (ss(8)). */
export interface SocketInfo {
  domain: 'unix' | 'inet' | 'other';
  type: 'stream' | 'dgram' | 'other';
  /** ss's state names: LISTEN, ESTAB, SYN-SENT, CLOSE-WAIT, FIN-WAIT-2, UNCONN, ... */
  state: string;
  /** Bytes waiting to be read (SIOCINQ); for a listening TCP socket, connections waiting in accept's queue. */
  recvQ: number;
  /** Bytes sent but not yet taken (SIOCOUTQ); for a listening TCP socket, the backlog. */
  sendQ: number;
  local?: SocketAddress;
  peer?: SocketAddress;
  /** SO_SNDBUF and SO_RCVBUF in bytes (the kernel doubles what is set: socket(7)). */
  sendBuffer: number;
  recvBuffer: number;
}

/** One Unix socket of the machine (of the caller's network namespace), as `ss -x` lists it. */
export interface UnixSocketEntry {
  inode: number;
  type: 'stream' | 'dgram' | 'seqpacket' | 'other';
  state: 'ESTAB' | 'LISTEN' | 'UNCONN' | 'SYN-SENT' | 'UNKNOWN';
  /** Bound path; abstract names start with '@' as ss writes them; absent when unnamed. */
  path?: string;
  /** Inode of the peer socket (UDIAG_SHOW_PEER), when connected. */
  peer?: number;
  /** UDIAG_SHOW_RQLEN: bytes queued (for a listener: connections waiting, and the backlog). */
  recvQ?: number;
  sendQ?: number;
}

export interface SocketApi {
  /** socket(AF_UNIX|AF_INET, SOCK_STREAM|SOCK_DGRAM|SOCK_CLOEXEC, 0) -> fd. @throws ErrnoException EMFILE, EACCES */
  socketCreate(domain: 'unix' | 'inet', type: 'stream' | 'dgram', options?: { nonBlocking?: boolean }): number;
  /** socketpair(AF_UNIX, type|SOCK_CLOEXEC, 0) -> both ends. */
  socketPair(type: 'stream' | 'dgram'): [number, number];
  /** bind(2); returns the bound address (port 0: the kernel's choice). @throws EADDRINUSE, EACCES, ENOENT, EINVAL */
  socketBind(fd: number, address: SocketAddress): SocketAddress;
  /** listen(fd, backlog = 16). */
  socketListen(fd: number, backlog?: number): void;
  /** accept4(fd, &peer, SOCK_CLOEXEC): blocks (state S) until a connection comes. @throws EAGAIN (non-blocking), EINTR */
  socketAccept(fd: number): { fd: number; peer: SocketAddress };
  /** connect(2). @throws ECONNREFUSED (no listener), ENOENT (no such path), EINPROGRESS (non-blocking TCP), ETIMEDOUT */
  socketConnect(fd: number, address: SocketAddress): void;
  /** send(2), or sendto(2) with options.to; blocks while the send buffer is full. @throws EPIPE (after SIGPIPE), ECONNRESET, EAGAIN, EMSGSIZE */
  socketSend(fd: number, data: Uint8Array, options?: { to?: SocketAddress; nonBlocking?: boolean }): number;
  /** recvfrom(2): at most `max` bytes (one datagram on a datagram socket); empty data is end of stream. @throws EAGAIN, ECONNRESET, EINTR */
  socketRecv(fd: number, max?: number, options?: { nonBlocking?: boolean }): { data: Uint8Array; from?: SocketAddress };
  /** shutdown(2): SHUT_RD, SHUT_WR or SHUT_RDWR. @throws ENOTCONN */
  socketShutdown(fd: number, how: 'read' | 'write' | 'both'): void;
  /** State, queues and addresses of one socket. @throws ENOTSOCK, EBADF (syscall 'getsockname') */
  socketInfo(fd: number): SocketInfo;
}

export interface SockDiagApi {
  /** Every Unix socket of this network namespace with its peer (NETLINK_SOCK_DIAG). */
  unixSockets(): UnixSocketEntry[];
}
