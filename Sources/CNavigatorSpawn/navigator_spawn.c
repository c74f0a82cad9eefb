#define _GNU_SOURCE
#include "navigator_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// Only async-signal-safe calls happen in the child: the parent is a multi-threaded Swift process.

static void report_and_exit(int pipe_fd, int step) {
    int record[2] = { step, errno };
    ssize_t ignored = write(pipe_fd, record, sizeof(record));
    (void)ignored;
    _exit(127);
}

static int move_fd(int from, int to, int null_fd) {
    int source = from < 0 ? null_fd : from;
    if (source == to) {
        // dup2 to itself would keep FD_CLOEXEC; clear it instead.
        int flags = fcntl(to, F_GETFD);
        return flags < 0 ? -1 : fcntl(to, F_SETFD, flags & ~FD_CLOEXEC);
    }
    return dup2(source, to) < 0 ? -1 : 0;
}

static void close_range_fallback(unsigned int low, unsigned int high) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, low, high, 0) == 0) return;
#endif
    unsigned int limit = high > 65536 ? 65536 : high;
    for (unsigned int fd = low; fd <= limit; fd++) close((int)fd);
}

static void run_child(const navigator_spawn_options *o, int pipe_fd, pid_t parent) {
    sigset_t all;
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
    }
    if (o->new_session && setsid() < 0) report_and_exit(pipe_fd, 2);
    if (o->death_signal) {
        if (prctl(PR_SET_PDEATHSIG, o->death_signal) < 0) report_and_exit(pipe_fd, 3);
        // The parent may have died between fork and prctl.
        if (getppid() != parent) _exit(127);
    }
    if (o->cgroup_procs) {
        int fd = open(o->cgroup_procs, O_WRONLY | O_CLOEXEC);
        if (fd < 0 || write(fd, "0", 1) != 1) report_and_exit(pipe_fd, 4);
        close(fd);
    }
    int null_fd = -1;
    if (o->stdin_fd < 0 || o->stdout_fd < 0 || o->stderr_fd < 0) {
        null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (null_fd < 0) report_and_exit(pipe_fd, 5);
    }
    // Keep the report pipe above 2 so dup2 onto 0..2 cannot clobber it.
    if (pipe_fd <= 2) {
        int moved = fcntl(pipe_fd, F_DUPFD_CLOEXEC, 3);
        if (moved < 0) _exit(127);
        pipe_fd = moved;
    }
    if (move_fd(o->stdin_fd, 0, null_fd) < 0 || move_fd(o->stdout_fd, 1, null_fd) < 0 ||
        move_fd(o->stderr_fd, 2, null_fd) < 0) {
        report_and_exit(pipe_fd, 5);
    }
    // Nothing of the server (listening sockets, client connections) may leak into the app: a leaked listener
    // would keep the server's port bound after the server dies.
    if (pipe_fd > 3) close_range_fallback(3, (unsigned int)pipe_fd - 1);
    close_range_fallback((unsigned int)pipe_fd + 1, ~0U);
    if (o->cwd && chdir(o->cwd) < 0) report_and_exit(pipe_fd, 6);
    if (o->set_ids) {
        if (setgroups(0, NULL) < 0) report_and_exit(pipe_fd, 7);
        if (setgid(o->gid) < 0) report_and_exit(pipe_fd, 8);
        if (setuid(o->uid) < 0) report_and_exit(pipe_fd, 9);
    }
    execve(o->path, o->argv, o->envp);
    report_and_exit(pipe_fd, 10);
}

pid_t navigator_spawn(const navigator_spawn_options *options, int *failed_errno, int *failed_step) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0) {
        *failed_errno = errno;
        *failed_step = 1;
        return -1;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        *failed_errno = errno;
        *failed_step = 1;
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        run_child(options, fds[1], parent);
        _exit(127);
    }
    close(fds[1]);
    int record[2] = { 0, 0 };
    ssize_t got;
    do {
        got = read(fds[0], record, sizeof(record));
    } while (got < 0 && errno == EINTR);
    close(fds[0]);
    if (got == (ssize_t)sizeof(record)) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        *failed_step = record[0];
        *failed_errno = record[1];
        return -1;
    }
    return pid;
}

int navigator_cloexec_pipe(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}
