#ifndef NAVIGATOR_SPAWN_H
#define NAVIGATOR_SPAWN_H

#include <sys/types.h>

/// What the child does between fork and exec; every field is read by the child only.
typedef struct {
    /// Absolute path of the program (already resolved against PATH by the caller).
    const char *path;
    /// NULL-terminated argument vector (argv[0] included).
    char *const *argv;
    /// NULL-terminated environment.
    char *const *envp;
    /// Working directory, or NULL to keep the parent's.
    const char *cwd;
    /// Descriptors for the child's 0, 1, 2; -1 means /dev/null.
    int stdin_fd;
    int stdout_fd;
    int stderr_fd;
    /// Non-zero: the child starts a new session (and so a new process group whose id is its pid).
    int new_session;
    /// Signal delivered to the child when the spawning thread dies (PR_SET_PDEATHSIG); 0 = none.
    int death_signal;
    /// Non-zero: drop to uid/gid (with no supplementary groups) before exec.
    int set_ids;
    uid_t uid;
    gid_t gid;
    /// A cgroup's `cgroup.procs` file the child moves itself into before exec, or NULL.
    const char *cgroup_procs;
} navigator_spawn_options;

/// Forks and execs. Returns the child's pid, or -1 with `*failed_errno` and `*failed_step` describing the first
/// step that failed (1 fork, 2 setsid, 3 pdeathsig, 4 cgroup, 5 dup2, 6 chdir, 7 setgroups, 8 setgid, 9 setuid,
/// 10 exec); a child that failed has already been reaped.
pid_t navigator_spawn(const navigator_spawn_options *options, int *failed_errno, int *failed_step);

/// `pipe2(fds, O_CLOEXEC)` (Swift's Glibc module does not export `pipe2`). Returns 0 or -1 with errno set.
int navigator_cloexec_pipe(int fds[2]);

#endif
