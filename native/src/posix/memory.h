// The registry of shared-memory attachments of this process (System V shmat and POSIX mmap),
// named by small integer handles. JavaScript never holds an address: every access goes through
// a handle, so an access after shmdt/munmap finds no mapping and fails with EFAULT instead of
// touching unmapped memory (STYLE.md: "detach makes later access an error, not a crash").
#pragma once
#include <cstddef>
#include <string>

namespace plab {

enum class MappingKind { kSysv, kPosix };

struct Mapping {
  void* addr = nullptr;
  size_t size = 0;  // bytes JS may touch: shm_segsz, or the length given to mmap
  MappingKind kind = MappingKind::kSysv;
  bool readOnly = false;  // SHM_RDONLY / PROT_READ only: a store would be SIGSEGV, so refuse it
  int shmid = -1;         // System V
  std::string name;       // POSIX, informative
};

// Registers a mapping and returns its handle (> 0, never reused within this process).
int RegisterMapping(const Mapping& mapping);

// Unmaps `handle` with `release` (shmdt or munmap) under the registry's lock, so no access runs
// at the same time, and forgets it when release returns 0.
// Returns 1 when released, 0 when the handle is unknown or of another kind (the C call would
// fail with EINVAL), -1 when release failed (its errno in *err; the mapping stays).
int ReleaseMapping(int handle, MappingKind kind, int (*release)(const Mapping&), int* err);

}  // namespace plab
