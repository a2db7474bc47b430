// Test shim (NativeForwardTest): the threads that load libtorch see an AMD CPU whose CPUID leaf
// 0x8000001D (cache topology) is all zeros and without AMX, like this project's AMD EPYC VM that
// reports no cache sizes. CPUID faulting (arch_prctl ARCH_SET_CPUID, Linux x86 with the cpuid_fault
// flag) traps every cpuid from the moment libc10 is loaded; the SIGSEGV handler runs the real
// instruction and edits its result. Preload after the JVM's libjsig.so, which makes the JVM chain
// to this handler for faults that are not its own.
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <cpuid.h>
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

static volatile int armed;

static void on_segv(int sig, siginfo_t *si, void *ucv) {
  (void)si;
  ucontext_t *uc = ucv;
  greg_t *g = uc->uc_mcontext.gregs;
  unsigned char *pc = (unsigned char *)g[REG_RIP];
  if (pc[0] == 0x0f && pc[1] == 0xa2) {
    unsigned leaf = (unsigned)g[REG_RAX], sub = (unsigned)g[REG_RCX], a, b, c, d;
    syscall(SYS_arch_prctl, ARCH_SET_CPUID, 1);
    __cpuid_count(leaf, sub, a, b, c, d);
    syscall(SYS_arch_prctl, ARCH_SET_CPUID, 0);
    if (leaf == 0) { b = 0x68747541; d = 0x69746e65; c = 0x444d4163; } // "AuthenticAMD"
    if (leaf == 7 && sub == 0) d &= ~((1u << 22) | (1u << 24) | (1u << 25)); // no AMX
    if (leaf == 0x8000001d) a = b = c = d = 0; // no cache topology
    g[REG_RAX] = a; g[REG_RBX] = b; g[REG_RCX] = c; g[REG_RDX] = d;
    g[REG_RIP] += 2;
    return;
  }
  signal(sig, SIG_DFL); // not a cpuid: the fault takes its usual course
}

void *dlopen(const char *file, int flags) {
  static void *(*real)(const char *, int);
  if (!real) real = (void *(*)(const char *, int))dlsym(RTLD_NEXT, "dlopen");
  if (file && strstr(file, "libc10.so") && !armed) {
    armed = 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, 0);
    if (syscall(SYS_arch_prctl, ARCH_SET_CPUID, 0) == 0) {
      fprintf(stderr, "no-cache-amd: cpuid emulated from %s on\n", file);
    }
  }
  return real(file, flags);
}
