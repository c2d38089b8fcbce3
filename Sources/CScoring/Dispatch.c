// Which kernel family the scans use: chosen once, when the library loads (before any thread
// can call in), so the hot path reads a plain value with no synchronisation.
#include "ScanLoops.h"

enum gr_kernel_choice gr_kernel_choice = GR_KERNEL_SCALAR;

static int cpu_has(enum gr_kernel_choice kind) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    switch (kind) {
    case GR_KERNEL_SCALAR: return 1;
    case GR_KERNEL_AVX2: return __builtin_cpu_supports("avx2");
    case GR_KERNEL_VNNI: return __builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512vl");
    }
    return 0;
#else
    return kind == GR_KERNEL_SCALAR;
#endif
}

__attribute__((constructor))
static void choose_kernel(void) {
    gr_kernel_choice = cpu_has(GR_KERNEL_VNNI) ? GR_KERNEL_VNNI : cpu_has(GR_KERNEL_AVX2) ? GR_KERNEL_AVX2 : GR_KERNEL_SCALAR;
}

const char *gr_int8_kernel_name(void) {
    switch (gr_kernel_choice) {
    case GR_KERNEL_VNNI: return "avx512vnni";
    case GR_KERNEL_AVX2: return "avx2";
    default: return "scalar";
    }
}

int gr_int8_force_kernel(const char *name) {
    if (strcmp(name, "auto") == 0) { choose_kernel(); return 1; }
    enum gr_kernel_choice kind;
    if (strcmp(name, "scalar") == 0) kind = GR_KERNEL_SCALAR;
    else if (strcmp(name, "avx2") == 0) kind = GR_KERNEL_AVX2;
    else if (strcmp(name, "avx512vnni") == 0) kind = GR_KERNEL_VNNI;
    else return 0;
    if (!cpu_has(kind)) return 0;
    gr_kernel_choice = kind;
    return 1;
}
