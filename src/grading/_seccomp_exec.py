"""Run a program with process creation denied (a seccomp filter), for graded kernels.

usage: python3 _seccomp_exec.py PROGRAM [ARGS...]

The StackLab grader starts Deno's kernel through this file inside its bubblewrap
sandbox. Deno's kernel always has every Deno permission (denoland/deno#25692) and
`deno jupyter` accepts no permission flags, so `Deno.Command` cannot be denied by
Deno itself. This filter makes the kernel unable to create processes at all:

    clone3            -> ENOSYS  (glibc then falls back to clone, which we can inspect)
    fork, vfork       -> EPERM
    clone without CLONE_THREAD -> EPERM   (threads are still allowed)
    ptrace, process_vm_readv/writev, mount, umount2, pivot_root, unshare, setns,
    open_by_handle_at, bpf, perf_event_open, keyctl, userfaultfd -> EPERM
    x32 system calls  -> EPERM
    anything else     -> allowed

A BPF program (seccomp(2), "SECCOMP_MODE_FILTER"; struct seccomp_data: nr at byte 0,
arch at byte 4, args[0] at byte 16) is installed with prctl, then PROGRAM is exec'ed:
execve itself is not filtered, but the kernel can no longer fork anything to exec.
"""
import ctypes
import os
import platform
import struct
import sys

LD_W_ABS, JEQ_K, JSET_K, RET_K = 0x20, 0x15, 0x45, 0x06
ALLOW, ERRNO = 0x7FFF0000, 0x00050000
EPERM, ENOSYS = 1, 38
AUDIT_ARCH_X86_64 = 0xC000003E
CLONE, CLONE3 = 56, 435
CLONE_THREAD = 0x00010000
X32_BIT = 0x40000000
# x86_64 numbers (arch/x86/entry/syscalls/syscall_64.tbl): denied with EPERM.
DENIED = {
    "fork": 57, "vfork": 58,
    # reading or steering another process (the StackLab front holds the hidden tests in memory)
    "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311,
    # changing the sandbox from inside (capabilities are dropped too; this is depth)
    "mount": 165, "umount2": 166, "pivot_root": 155, "unshare": 272, "setns": 308,
    "open_by_handle_at": 304, "bpf": 321, "perf_event_open": 298, "keyctl": 250,
    "userfaultfd": 323,
}


def assemble():
    """The filter as (code, k, jump-true label, jump-false label) with labels resolved."""
    program = [
        ("ld", 4), ("jeq", AUDIT_ARCH_X86_64, "native", "allow"),
        ("label", "native"), ("ld", 0), ("jset", X32_BIT, "deny", None),
        ("jeq", CLONE3, "enosys", None),
    ]
    program += [("jeq", number, "deny", None) for number in DENIED.values()]
    program += [
        ("jeq", CLONE, "clone", None), ("ret", ALLOW),
        ("label", "clone"), ("ld", 16), ("jset", CLONE_THREAD, "allow", "deny"),
        ("label", "allow"), ("ret", ALLOW),
        ("label", "deny"), ("ret", ERRNO | EPERM),
        ("label", "enosys"), ("ret", ERRNO | ENOSYS),
    ]
    labels, count = {}, 0
    for item in program:
        if item[0] == "label":
            labels[item[1]] = count
        else:
            count += 1
    code, pc = [], 0
    for item in program:
        if item[0] == "label":
            continue
        if item[0] == "ld":
            code.append(struct.pack("=HBBI", LD_W_ABS, 0, 0, item[1]))
        elif item[0] == "ret":
            code.append(struct.pack("=HBBI", RET_K, 0, 0, item[1]))
        else:
            op = JEQ_K if item[0] == "jeq" else JSET_K
            jt = labels[item[2]] - pc - 1 if item[2] else 0
            jf = labels[item[3]] - pc - 1 if item[3] else 0
            code.append(struct.pack("=HBBI", op, jt, jf, item[1]))
        pc += 1
    return code


PROGRAM = assemble()


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def install() -> None:
    code = b"".join(PROGRAM)
    buffer = ctypes.create_string_buffer(code, len(code))
    fprog = SockFprog(len(PROGRAM), ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(38, 1, None, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    if libc.prctl(22, 2, ctypes.byref(fprog), 0, 0) != 0:  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit("usage: _seccomp_exec.py PROGRAM [ARGS...]")
    if platform.machine() != "x86_64":
        sys.exit(f"StackLab grading sandbox: the seccomp filter is written for x86_64, not {platform.machine()}")
    install()
    os.execv(sys.argv[1], sys.argv[1:])


if __name__ == "__main__":
    main()
