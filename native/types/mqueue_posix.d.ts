// POSIX message queues, Linux only (native/src/linux/mqueue_posix.cc). An mqd is a descriptor
// number (O_CLOEXEC). Limits (/proc/sys/fs/mqueue: msg_max 10, msgsize_max 8192 here) surface as
// 'EINVAL' from mq_open and 'EMSGSIZE' from mq_send. Failures throw an ErrnoException (code,
// errno, syscall, and name / mqd).

export interface MqOpenOptions {
  /** O_RDONLY / O_WRONLY / O_RDWR (default 'readwrite'). */
  access?: 'read' | 'write' | 'readwrite';
  /** O_CREAT (default false). */
  create?: boolean;
  /** O_EXCL: EEXIST when the name is taken. */
  exclusive?: boolean;
  /** Permission bits for a created queue (default 0o600). */
  mode?: number;
  /** mq_maxmsg for a created queue (with messageSize; both absent = system defaults). */
  maxMessages?: number;
  /** mq_msgsize for a created queue. */
  messageSize?: number;
  /** O_NONBLOCK: send/receive throw 'EAGAIN' instead of waiting. */
  nonBlocking?: boolean;
}

/** mq_getattr(3). */
export interface MqAttr {
  nonBlocking: boolean;
  maxMessages: number;
  messageSize: number;
  currentMessages: number;
}

export interface MqMessage {
  data: Uint8Array;
  priority: number;
}

export interface MqPosixApi {
  /** mq_open(name, flags, mode, attr): the mqd. Name: "/plab-x". */
  mqOpen(name: string, options?: MqOpenOptions): number;
  /** mq_send(mqd, data, len, priority) (priority 0..32767); with timeoutMs, mq_timedsend ('ETIMEDOUT'). */
  mqSend(mqd: number, data: Uint8Array, priority?: number, options?: { timeoutMs?: number }): void;
  /** mq_receive: highest priority first. maxSize defaults to mq_msgsize (smaller is 'EMSGSIZE'). */
  mqReceive(mqd: number, options?: { maxSize?: number }): MqMessage;
  /** mq_timedreceive with a deadline timeoutMs from now (CLOCK_REALTIME): 'ETIMEDOUT' when it passes. */
  mqTimedReceive(mqd: number, timeoutMs: number, options?: { maxSize?: number }): MqMessage;
  /** mq_getattr. */
  mqGetAttr(mqd: number): MqAttr;
  /** mq_setattr (only O_NONBLOCK changes): returns the previous attributes. */
  mqSetAttr(mqd: number, attr: { nonBlocking: boolean }): MqAttr;
  /** mq_close. */
  mqClose(mqd: number): void;
  /** mq_unlink. */
  mqUnlink(name: string): void;
}
