// Process handles: pidfds (pidfd_open(2), pidfd_send_signal(2), waitid(2) P_PIDFD, the pidfs
// ioctl PIDFD_GET_INFO) in plain C++ with no N-API, so the addon (linux/pidfd.cc) and the native
// lab process share them. A pidfd names one process, not a number: once that process is reaped
// its pidfd refers to nothing, and a signal through it fails with ESRCH instead of reaching a
// process that reused the PID. Linux >= 5.4 (pidfd_open 5.3, waitid P_PIDFD 5.4); the exit
// status of a process reaped by another needs Linux >= 6.15 (PIDFD_INFO_EXIT).
//
// How another run process is addressed safely (the engine and the lab process alike): open a
// pidfd with PidfdOpenChecked(pid, startTime) where startTime is the one journalled for that
// process (/proc/PID/stat field 22, clock ticks since boot), then signal only through the pidfd.
// The check after the open proves the pidfd names that process: a PID reused before the open
// has another start time. All functions return -1 with errno set on failure, like the calls.
#pragma once
#include <sys/types.h>

namespace plab {

// pidfd_open(pid, 0): a close-on-exec descriptor naming the process. ESRCH: no such process.
int PidfdOpen(pid_t pid);

// /proc/PID/stat field 22 (starttime, clock ticks since boot), or -1 (errno ESRCH) when absent.
long long ProcStartTime(pid_t pid);

// PidfdOpen, then checks /proc/PID/stat's start time equals startTime; on a mismatch closes
// the descriptor and fails with ESRCH (the PID now names another process).
int PidfdOpenChecked(pid_t pid, long long startTime);

// pidfd_send_signal(pidfd, sig, NULL, 0): ESRCH once the process is reaped (a zombie still
// takes it, as kill(2) does), EPERM, EINVAL. sig 0 checks only.
int PidfdSendSignal(int pidfd, int sig);

// Whether the process has terminated (a zombie or reaped): poll(2) POLLIN on the pidfd.
// 1 yes, 0 no, -1 error.
int PidfdHasExited(int pidfd);

// waitid(P_PIDFD, pidfd, WEXITED | WNOHANG): reaps the process if it is the caller's child and
// has terminated. 1 reaped (*status is a wait(2) status word), 0 not yet, -1 error (ECHILD:
// not the caller's child).
int PidfdReap(int pidfd, int* status);

// PIDFD_GET_INFO with PIDFD_INFO_EXIT: the wait(2) status word of a terminated process, even
// after another process reaped it. 1 found, 0 not available (still running, or a kernel
// before 6.15), -1 error.
int PidfdExitStatus(int pidfd, int* status);

}  // namespace plab
