/* Shared memory's calls, written once: the lab process runs these functions (lab/op_shm.cc) and
 * the C exporter copies them, as text, into every exported program that uses shared memory
 * (main/export-c/emit-shm.ts reads this file), so the two can never disagree on what a step
 * calls, with which flags, or which errno it fails with. Plain C99 that is also valid C++17:
 * each function returns 0 or the errno of the call that failed, as the call reported it.
 * shmget(2), shmat(2), shmdt(2), shmctl(2); shm_open(3), ftruncate(2), mmap(2), munmap(2),
 * shm_unlink(3). The including file provides the headers (errno.h, fcntl.h, unistd.h,
 * sys/ipc.h, sys/shm.h, sys/mman.h, sys/stat.h).
 *
 * Each function starts at a line "plab-export NAME" in a comment and ends at the next line
 * that is a lone closing brace: that is how the exporter finds it. */
#pragma once

/* plab-export shm_create_sysv */
/* shm.create, System V: a new segment for the key, ours alone; the key must be unused. */
static int shm_create_sysv(key_t key, size_t size, int *shmid)
{
    int id = shmget(key, size, IPC_CREAT | IPC_EXCL | 0600);
    if (id < 0)
        return errno;
    *shmid = id;
    return 0;
}

/* plab-export shm_create_posix */
/* shm.create, POSIX: a new object under the name, sized with ftruncate (it starts empty). */
static int shm_create_posix(const char *name, size_t size)
{
    int err = 0;
    int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0)
        return errno;
    if (ftruncate(fd, (off_t)size) != 0)
        err = errno;
    close(fd);
    return err;
}

/* plab-export shm_attach_sysv */
/* shm.attach, System V: find the segment, attach it anywhere. By key, shmget(key, size, 0) (a
 * size over the segment's is EINVAL); by id, the creator's shmid `known` (-1 when nobody
 * created it yet: EINVAL, as shmat(-1)), which still works after IPC_RMID until the last
 * detach. The lab keeps one attachment of a segment per process: a second is EINVAL.
 * `*call` (when not NULL) names the call that failed: "shmget" or "shmat". */
static int shm_attach_sysv(key_t key, size_t size, int by_id, int known, int *shmid, char **seg, size_t *seg_size, const char **call)
{
    struct shmid_ds ds;
    void *p;
    int id;
    if (call != NULL)
        *call = "shmat";
    if (*seg != NULL)
        return EINVAL;
    if (!by_id && call != NULL)
        *call = "shmget";
    id = by_id ? known : shmget(key, size, 0);
    if (id < 0)
        return by_id ? EINVAL : errno;
    if (call != NULL)
        *call = "shmat";
    *shmid = id;
    p = shmat(id, NULL, 0);
    if (p == (void *)-1)
        return errno;
    *seg_size = shmctl(id, IPC_STAT, &ds) == 0 ? (size_t)ds.shm_segsz : 0;
    *seg = (char *)p;
    return 0;
}

/* plab-export shm_attach_posix */
/* shm.attach, POSIX: open the name, map all of it shared; the descriptor is not needed after
 * mmap. An empty object cannot be mapped (EINVAL); attaching twice is EINVAL, as for System V. */
static int shm_attach_posix(const char *name, char **seg, size_t *size)
{
    struct stat st;
    void *p;
    int err = 0;
    int fd;
    if (*seg != NULL)
        return EINVAL;
    fd = shm_open(name, O_RDWR | O_CLOEXEC, 0);
    if (fd < 0)
        return errno;
    if (fstat(fd, &st) != 0)
        err = errno;
    else if (st.st_size <= 0)
        err = EINVAL;
    else if ((p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) == MAP_FAILED)
        err = errno;
    else {
        *seg = (char *)p;
        *size = (size_t)st.st_size;
    }
    close(fd);
    return err;
}

/* plab-export shm_cell */
/* Where `width` bytes at `offset` are in this process's attachment, or NULL: a segment not
 * attached here, or bytes past its end, are EFAULT for every load, store and add. */
static char *shm_cell(char *seg, size_t size, size_t offset, size_t width)
{
    if (seg == NULL || offset + width > size)
        return NULL;
    return seg + offset;
}

/* plab-export shm_detach_sysv */
/* shm.detach, System V: shmdt of an address not attached is EINVAL. */
static int shm_detach_sysv(char **seg, size_t *size)
{
    if (*seg == NULL)
        return EINVAL;
    if (shmdt(*seg) != 0)
        return errno;
    *seg = NULL;
    *size = 0;
    return 0;
}

/* plab-export shm_detach_posix */
/* shm.detach, POSIX: munmap of the whole mapping. */
static int shm_detach_posix(char **seg, size_t *size)
{
    if (*seg == NULL)
        return EINVAL;
    if (munmap(*seg, *size) != 0)
        return errno;
    *seg = NULL;
    *size = 0;
    return 0;
}

/* plab-export shm_destroy_sysv */
/* shm.destroy, System V: IPC_RMID. Linux removes the key at once and the segment when the last
 * process detaches. A process that never learnt the shmid looks the key up first. */
static int shm_destroy_sysv(key_t key, int *shmid)
{
    if (*shmid < 0) {
        int id = shmget(key, 0, 0);
        if (id < 0)
            return errno;
        *shmid = id;
    }
    if (shmctl(*shmid, IPC_RMID, NULL) != 0)
        return errno;
    return 0;
}

/* plab-export shm_destroy_posix */
/* shm.destroy, POSIX: the name goes at once; mappings keep the memory until unmapped. */
static int shm_destroy_posix(const char *name)
{
    return shm_unlink(name) == 0 ? 0 : errno;
}

/* plab-export shm_misaligned */
/* An atomic add needs its value aligned to its width: the lab refuses one that is not (EINVAL)
 * rather than let the CPU split it over two cache lines. */
static int shm_misaligned(const char *cell, size_t width)
{
    return (uintptr_t)cell % width != 0;
}
