// Pipes, FIFOs and the descriptor calls byte streams share (native/src/posix/pipe.cc).
// Blocking calls block the calling thread as in C; a handled signal without SA_RESTART makes
// them throw code 'EINTR' (never retried). Failures throw an ErrnoException (code, errno,
// syscall, and fd / path).

export interface PipeCreateOptions {
  /** O_CLOEXEC (default true). Pass false for ends a spawned child must inherit. */
  cloexec?: boolean;
  /** O_NONBLOCK on both ends (default false). */
  nonBlocking?: boolean;
}

export interface IoOptions {
  /** Make this one call non-blocking (EAGAIN instead of waiting): O_NONBLOCK is set around it. */
  nonBlocking?: boolean;
}

export interface PipeApi {
  /** pipe2(fds, flags). */
  pipeCreate(options?: PipeCreateOptions): { readFd: number; writeFd: number };
  /** mkfifo(path, mode) (default 0o600). */
  fifoCreate(path: string, mode?: number): void;
  /**
   * open(path, O_RDONLY|O_WRONLY [|O_NONBLOCK] [|O_CLOEXEC]). Blocking: waits for the other end.
   * Non-blocking write end without a reader: ENXIO. cloexec defaults to true.
   */
  fifoOpen(path: string, end: 'read' | 'write', options?: { nonBlocking?: boolean; cloexec?: boolean }): number;
  /** read(fd, buf, max) (max 0..16 MiB, default 4096): a copy; empty = end of file. */
  fdRead(fd: number, max?: number, options?: IoOptions): Uint8Array;
  /** write(fd, data): bytes written (may be partial when non-blocking). EPIPE with no reader. */
  fdWrite(fd: number, data: Uint8Array, options?: IoOptions): number;
  /** close(fd). */
  fdClose(fd: number): void;
  /** fcntl(fd, F_GETPIPE_SZ) (Linux; ENOTSUP elsewhere). */
  pipeGetSize(fd: number): number;
  /** fcntl(fd, F_SETPIPE_SZ, size): the capacity granted (rounded up by the kernel). */
  pipeSetSize(fd: number, size: number): number;
  /** ioctl(fd, FIONREAD): bytes waiting to be read. */
  fdBytesAvailable(fd: number): number;
  /** fcntl(fd, F_GETFL) & O_NONBLOCK. */
  fdGetNonBlocking(fd: number): boolean;
  /** fcntl(fd, F_SETFL, O_NONBLOCK on or off). Affects every process sharing the open file. */
  fdSetNonBlocking(fd: number, on: boolean): void;
  /** fcntl(fd, F_GETFD) & FD_CLOEXEC. */
  fdGetCloexec(fd: number): boolean;
  /** fcntl(fd, F_SETFD, FD_CLOEXEC on or off). */
  fdSetCloexec(fd: number, on: boolean): void;
}
