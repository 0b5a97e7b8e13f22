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
        "src/posix/spawn.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "src"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "_GNU_SOURCE"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-Wall", "-Wextra", "-fexceptions"],
      "conditions": [
        ["OS=='linux'", {
          # posix/bench*.cc use futex(2) and POSIX mq: built on Linux only.
          "sources": ["src/linux/mqueue_posix.cc", "src/linux/prctl.cc",
                      "src/posix/bench.cc", "src/posix/bench_loops.cc",
                      "src/posix/bench_objects.cc", "src/posix/bench_shm.cc"],
          "libraries": ["-lrt", "-pthread"]
        }],
        ["OS=='mac'", {
          "xcode_settings": {
            "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
            "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
            "MACOSX_DEPLOYMENT_TARGET": "11.0"
          }
        }]
      ]
    }
  ]
}
