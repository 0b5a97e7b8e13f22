{
  # One N-API build serves Node and Electron's Node (no rebuild per runtime).
  "targets": [
    {
      "target_name": "process_lab",
      "sources": [
        "src/addon.cc",
        "src/common/errors.cc",
        "src/posix/shm_sysv.cc",
        "src/posix/shm_posix.cc",
        "src/posix/memory.cc",
        "src/posix/pipe.cc",
        "src/posix/mqueue_sysv.cc",
        "src/posix/sem.cc",
        "src/posix/signals.cc",
        "src/posix/fault.cc",
        "src/posix/process.cc",
        "src/posix/time.cc",
        "src/posix/semset_sysv.cc",
        "src/posix/signal_table.cc",
        "src/posix/signal_mask.cc",
        "src/posix/spawn.cc",
        "src/posix/ring.cc",
        "src/posix/socket.cc",
        "src/posix/socket_core.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "src"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "_GNU_SOURCE"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-Wall", "-Wextra", "-fexceptions"],
      "conditions": [
        ["OS=='linux'", {
          # posix/bench*.cc use futex(2) and POSIX mq: built on Linux only.
          "sources": ["src/linux/mqueue_posix.cc", "src/linux/prctl.cc", "src/linux/lab_futex.cc",
                      "src/linux/pidfd.cc", "src/linux/process_handle.cc", "src/linux/sock_diag.cc",
                      "src/posix/bench.cc", "src/posix/bench_loops.cc",
                      "src/posix/bench_objects.cc", "src/posix/bench_shm.cc"],
          "libraries": ["-lrt", "-pthread"]
        }],
        ["OS=='mac'", {
          "sources": ["src/darwin/lab_futex.cc"],
          "xcode_settings": {
            "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
            "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
            "MACOSX_DEPLOYMENT_TARGET": "11.0"
          }
        }]
      ]
    },
    {
      # The lab process: the program every process of a run is (src/lab/main.cc). C++17 with
      # no exceptions, no RTTI and no Node: one thread, a small static binary on Linux (no
      # dynamic loader at each start, about 1 MB resident).
      "target_name": "lab_process",
      "type": "executable",
      "sources": [
        "src/lab/main.cc",
        "src/lab/vm.cc",
        "src/lab/events.cc",
        "src/lab/gate.cc",
        "src/lab/fd_flags.cc",
        "src/lab/op_shm.cc",
        "src/lab/op_stream.cc",
        "src/lab/op_mailbox.cc",
        "src/lab/op_sem.cc",
        "src/lab/op_signal.cc",
        "src/lab/op_control.cc",
        "src/lab/op_socket.cc",
        "src/posix/socket_core.cc"
      ],
      "include_dirs": ["src"],
      "defines": ["_GNU_SOURCE"],
      "cflags_cc": ["-std=c++17", "-O2", "-Wall", "-Wextra", "-fno-exceptions", "-fno-rtti"],
      "conditions": [
        ["OS=='linux'", {
          "sources": ["src/linux/lab_futex.cc", "src/linux/lab_signal.cc", "src/linux/lab_mqueue.cc",
                      "src/linux/process_handle.cc"],
          "ldflags": ["-static"]
        }],
        ["OS=='mac'", {
          "sources": ["src/darwin/lab_futex.cc", "src/darwin/lab_signal.cc", "src/darwin/lab_mqueue.cc"],
          "xcode_settings": {
            "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
            "MACOSX_DEPLOYMENT_TARGET": "11.0"
          }
        }]
      ]
    },
    {
      # The host keeper of a run with hosts (src/linux/hosts/keeper.cc): a plain executable, no
      # Node, since it must be single-threaded to enter a new user namespace (unshare(2)).
      "target_name": "plab-hosts",
      "type": "executable",
      "conditions": [
        ["OS=='linux'", {
          "sources": ["src/linux/hosts/keeper.cc", "src/linux/hosts/netlink.cc"],
          "include_dirs": ["src"],
          "defines": ["_GNU_SOURCE"],
          "cflags_cc": ["-std=c++17", "-Wall", "-Wextra"]
        }, {
          "sources": ["src/linux/hosts/unsupported.cc"]
        }]
      ]
    }
  ]
}
