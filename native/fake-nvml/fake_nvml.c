/*
 * Fake NVML: exports the real NVML symbols, struct layouts and return codes (nvml.h, API 13),
 * and serves devices and injected failures from the text file named by FAKE_NVML_CONFIG.
 * It lets gpufit's real JNA binding run end to end on machines without an NVIDIA GPU.
 *
 * Config (one directive per line, '#' starts a comment):
 *   device name="..." uuid=GPU-... pci=00000000:18:00.0 total=N reserved=N used=N cc=9.0
 *   mig parent=0 name="..." uuid=MIG-... total=N used=N
 *   process device=N [mig=M] pid=N [name=...] used=N|unknown [type=compute|graphics|both]
 *   error call=<symbol> [device=N] code=N
 *   delay call=<symbol> ms=N
 * free = total - reserved - used. A `process` line lists a process in the running-process
 * queries of GPU N (mig=M: of its M-th MIG instance, counted in config order; the parent's
 * handle lists them all, as NVML aggregates); its `used` is informational and not subtracted
 * from the device (`used=` on the device line is). `used=unknown` reports NVML_VALUE_NOT_AVAILABLE;
 * `name` is what nvmlSystemGetProcessName returns. The file is re-read at every nvmlInit_v2 so one process can
 * run several scenarios. An `error`/`delay` with device=N also applies to the MIG instances of
 * GPU N (a lost GPU takes its MIG slices with it).
 *
 * Storage is static (no malloc/free): a call sleeping in a `delay` may wake after the next
 * scenario was loaded, and must then read stale-but-valid memory rather than freed memory.
 */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- ABI: return codes, structs, constants (gen/nvml/nvml.h) ---- */

typedef int nvmlReturn_t;
enum {
    NVML_SUCCESS = 0,
    NVML_ERROR_UNINITIALIZED = 1,
    NVML_ERROR_INVALID_ARGUMENT = 2,
    NVML_ERROR_NOT_SUPPORTED = 3,
    NVML_ERROR_NO_PERMISSION = 4,
    NVML_ERROR_NOT_FOUND = 6,
    NVML_ERROR_INSUFFICIENT_SIZE = 7,
    NVML_ERROR_DRIVER_NOT_LOADED = 9,
    NVML_ERROR_GPU_IS_LOST = 15,
    NVML_ERROR_LIB_RM_VERSION_MISMATCH = 18,
    NVML_ERROR_ARGUMENT_VERSION_MISMATCH = 25,
    NVML_ERROR_UNKNOWN = 999
};

typedef struct nvmlMemory_st {
    unsigned long long total;
    unsigned long long free;
    unsigned long long used; /* v1: includes reserved */
} nvmlMemory_t;

typedef struct nvmlMemory_v2_st {
    unsigned int version;
    unsigned long long total;
    unsigned long long reserved;
    unsigned long long free;
    unsigned long long used;
} nvmlMemory_v2_t;

#define nvmlMemory_v2 ((unsigned int)(sizeof(nvmlMemory_v2_t) | (2u << 24)))

typedef struct nvmlPciInfo_st {
    char busIdLegacy[16];
    unsigned int domain;
    unsigned int bus;
    unsigned int device;
    unsigned int pciDeviceId;
    unsigned int pciSubSystemId;
    char busId[32];
} nvmlPciInfo_t;

/* nvmlProcessInfo_v1_t (the unversioned symbols) and nvmlProcessInfo_v2_t = nvmlProcessInfo_t (_v2, _v3). */
typedef struct nvmlProcessInfo_v1_st {
    unsigned int pid;
    unsigned long long usedGpuMemory;
} nvmlProcessInfo_v1_t;

typedef struct nvmlProcessInfo_v2_st {
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
} nvmlProcessInfo_t;

#define NVML_VALUE_NOT_AVAILABLE_ULL 0xFFFFFFFFFFFFFFFFULL

/* Compile-time checks that the layouts match the real header (and the JNA structs). */
_Static_assert(sizeof(nvmlMemory_t) == 24, "nvmlMemory_t must be 24 bytes");
_Static_assert(sizeof(nvmlMemory_v2_t) == 40, "nvmlMemory_v2_t must be 40 bytes");
_Static_assert(nvmlMemory_v2 == 0x02000028u, "nvmlMemory_v2 version must be 0x02000028");
_Static_assert(sizeof(nvmlPciInfo_t) == 68, "nvmlPciInfo_t must be 68 bytes");
_Static_assert(sizeof(nvmlProcessInfo_v1_t) == 16, "nvmlProcessInfo_v1_t must be 16 bytes");
_Static_assert(sizeof(nvmlProcessInfo_t) == 24, "nvmlProcessInfo_t must be 24 bytes");

/* ---- Fake state ---- */

#define MAX_DEVICES 16
#define MAX_MIGS 64
#define MAX_RULES 64
#define MAX_PROCS 64
#define MAX_MIG_PER_GPU 7 /* H100/A100: up to 7 instances; indices without an instance are NOT_FOUND */
#define MAGIC_GPU 0x47505521u
#define MAGIC_MIG 0x4d494721u

typedef struct fake_dev {
    unsigned int magic;
    int index;
    char name[96];
    char uuid[96];
    char pci[32];
    unsigned long long total, reserved, used;
    int cc_major, cc_minor;
} fake_dev;

typedef struct fake_mig {
    unsigned int magic;
    int parent;
    int slot; /* MIG device index within the parent */
    char name[96];
    char uuid[96];
    unsigned long long total, used;
} fake_mig;

typedef struct fake_proc {
    int device;
    int mig; /* -1: the whole GPU (no MIG); else the slot of the MIG instance */
    unsigned int pid;
    char name[64];
    unsigned long long used;
    int compute, graphics;
} fake_proc;

typedef struct fake_rule {
    int is_delay;
    char call[64];
    int device; /* -1: any */
    int value;  /* code, or milliseconds */
} fake_rule;

static fake_dev g_devs[MAX_DEVICES];
static fake_mig g_migs[MAX_MIGS];
static fake_rule g_rules[MAX_RULES];
static fake_proc g_procs[MAX_PROCS];
static int g_ndevs, g_nmigs, g_nrules, g_nprocs;
static int g_refcount;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *DRIVER_VERSION = "550.54.15";
static const int CUDA_DRIVER_VERSION = 12040;

/* ---- Config parsing ---- */

/* Reads key=value or key="quoted value" from *p; returns 0 at end of line. */
static int next_pair(char **p, char *key, size_t klen, char *val, size_t vlen) {
    char *s = *p;
    while (*s && isspace((unsigned char)*s)) s++;
    if (!*s) return 0;
    size_t k = 0;
    while (*s && *s != '=' && !isspace((unsigned char)*s)) {
        if (k + 1 < klen) key[k++] = *s;
        s++;
    }
    key[k] = 0;
    if (*s != '=') return -1;
    s++;
    size_t v = 0;
    if (*s == '"') {
        s++;
        while (*s && *s != '"') {
            if (v + 1 < vlen) val[v++] = *s;
            s++;
        }
        if (*s != '"') return -1;
        s++;
    } else {
        while (*s && !isspace((unsigned char)*s)) {
            if (v + 1 < vlen) val[v++] = *s;
            s++;
        }
    }
    val[v] = 0;
    *p = s;
    return 1;
}

static int parse_u64(const char *s, unsigned long long *out) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end) return -1;
    *out = v;
    return 0;
}

static int parse_int(const char *s, int *out) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end) return -1;
    *out = (int)v;
    return 0;
}

/* Copies a config value into a fixed field; a value that does not fit is a config error. */
static int set_str(char *dst, size_t size, const char *val) {
    size_t n = strlen(val);
    if (n + 1 > size) return -1;
    memcpy(dst, val, n + 1);
    return 0;
}

static int bad(const char *path, int line, const char *why) {
    fprintf(stderr, "fake-nvml: %s:%d: %s\n", path, line, why);
    return -1;
}

static int parse_line(const char *path, int lineno, char *line) {
    char *hash = strchr(line, '#');
    /* '#' inside a quoted name is part of the name: only strip when outside quotes. */
    if (hash) {
        int quoted = 0;
        for (char *c = line; *c; c++) {
            if (*c == '"') quoted = !quoted;
            if (*c == '#' && !quoted) { *c = 0; break; }
        }
    }
    char *p = line;
    while (*p && isspace((unsigned char)*p)) p++;
    if (!*p) return 0;
    char word[16];
    size_t w = 0;
    while (*p && !isspace((unsigned char)*p)) {
        if (w + 1 < sizeof word) word[w++] = *p;
        p++;
    }
    word[w] = 0;

    char key[32], val[128];
    int r;
    if (strcmp(word, "device") == 0) {
        if (g_ndevs >= MAX_DEVICES) return bad(path, lineno, "too many devices");
        fake_dev d;
        memset(&d, 0, sizeof d);
        d.magic = MAGIC_GPU;
        d.index = g_ndevs;
        d.cc_major = 9;
        while ((r = next_pair(&p, key, sizeof key, val, sizeof val)) > 0) {
            if (!strcmp(key, "name")) { if (set_str(d.name, sizeof d.name, val)) return bad(path, lineno, "value too long"); }
            else if (!strcmp(key, "uuid")) { if (set_str(d.uuid, sizeof d.uuid, val)) return bad(path, lineno, "value too long"); }
            else if (!strcmp(key, "pci")) { if (set_str(d.pci, sizeof d.pci, val)) return bad(path, lineno, "value too long"); }
            else if (!strcmp(key, "total")) { if (parse_u64(val, &d.total)) return bad(path, lineno, "bad total"); }
            else if (!strcmp(key, "reserved")) { if (parse_u64(val, &d.reserved)) return bad(path, lineno, "bad reserved"); }
            else if (!strcmp(key, "used")) { if (parse_u64(val, &d.used)) return bad(path, lineno, "bad used"); }
            else if (!strcmp(key, "cc")) {
                if (sscanf(val, "%d.%d", &d.cc_major, &d.cc_minor) != 2) return bad(path, lineno, "bad cc (want e.g. 9.0)");
            } else return bad(path, lineno, "unknown device key");
        }
        if (r < 0) return bad(path, lineno, "malformed key=value");
        if (d.reserved + d.used > d.total) return bad(path, lineno, "reserved + used exceeds total");
        g_devs[g_ndevs++] = d;
    } else if (strcmp(word, "mig") == 0) {
        if (g_nmigs >= MAX_MIGS) return bad(path, lineno, "too many mig instances");
        fake_mig m;
        memset(&m, 0, sizeof m);
        m.magic = MAGIC_MIG;
        m.parent = -1;
        while ((r = next_pair(&p, key, sizeof key, val, sizeof val)) > 0) {
            if (!strcmp(key, "parent")) { if (parse_int(val, &m.parent)) return bad(path, lineno, "bad parent"); }
            else if (!strcmp(key, "name")) { if (set_str(m.name, sizeof m.name, val)) return bad(path, lineno, "value too long"); }
            else if (!strcmp(key, "uuid")) { if (set_str(m.uuid, sizeof m.uuid, val)) return bad(path, lineno, "value too long"); }
            else if (!strcmp(key, "total")) { if (parse_u64(val, &m.total)) return bad(path, lineno, "bad total"); }
            else if (!strcmp(key, "used")) { if (parse_u64(val, &m.used)) return bad(path, lineno, "bad used"); }
            else return bad(path, lineno, "unknown mig key");
        }
        if (r < 0) return bad(path, lineno, "malformed key=value");
        if (m.parent < 0 || m.parent >= g_ndevs) return bad(path, lineno, "mig parent must name an earlier device line");
        if (m.used > m.total) return bad(path, lineno, "used exceeds total");
        int slot = 0;
        for (int i = 0; i < g_nmigs; i++) if (g_migs[i].parent == m.parent) slot++;
        if (slot >= MAX_MIG_PER_GPU) return bad(path, lineno, "too many mig instances on that parent");
        m.slot = slot;
        g_migs[g_nmigs++] = m;
    } else if (strcmp(word, "process") == 0) {
        if (g_nprocs >= MAX_PROCS) return bad(path, lineno, "too many processes");
        fake_proc pr;
        memset(&pr, 0, sizeof pr);
        pr.device = -1;
        pr.mig = -1;
        pr.compute = 1;
        int has_pid = 0, has_used = 0;
        while ((r = next_pair(&p, key, sizeof key, val, sizeof val)) > 0) {
            if (!strcmp(key, "device")) { if (parse_int(val, &pr.device)) return bad(path, lineno, "bad device"); }
            else if (!strcmp(key, "mig")) { if (parse_int(val, &pr.mig) || pr.mig < 0) return bad(path, lineno, "bad mig"); }
            else if (!strcmp(key, "pid")) {
                unsigned long long pid;
                if (parse_u64(val, &pid) || pid > 0xFFFFFFFFULL) return bad(path, lineno, "bad pid");
                pr.pid = (unsigned int)pid;
                has_pid = 1;
            } else if (!strcmp(key, "name")) { if (set_str(pr.name, sizeof pr.name, val)) return bad(path, lineno, "value too long"); }
            else if (!strcmp(key, "used")) {
                if (!strcmp(val, "unknown")) pr.used = NVML_VALUE_NOT_AVAILABLE_ULL;
                else if (parse_u64(val, &pr.used)) return bad(path, lineno, "bad used");
                has_used = 1;
            } else if (!strcmp(key, "type")) {
                if (!strcmp(val, "compute")) { pr.compute = 1; pr.graphics = 0; }
                else if (!strcmp(val, "graphics")) { pr.compute = 0; pr.graphics = 1; }
                else if (!strcmp(val, "both")) { pr.compute = 1; pr.graphics = 1; }
                else return bad(path, lineno, "bad type (want compute, graphics or both)");
            } else return bad(path, lineno, "unknown process key");
        }
        if (r < 0) return bad(path, lineno, "malformed key=value");
        if (!has_pid || !has_used) return bad(path, lineno, "process needs pid= and used=");
        if (pr.device < 0 || pr.device >= g_ndevs) return bad(path, lineno, "process device must name an earlier device line");
        if (pr.mig >= 0) {
            int found = 0;
            for (int i = 0; i < g_nmigs; i++) if (g_migs[i].parent == pr.device && g_migs[i].slot == pr.mig) found = 1;
            if (!found) return bad(path, lineno, "process mig must name an earlier mig line of that device");
        }
        g_procs[g_nprocs++] = pr;
    } else if (strcmp(word, "error") == 0 || strcmp(word, "delay") == 0) {
        if (g_nrules >= MAX_RULES) return bad(path, lineno, "too many rules");
        fake_rule rule;
        memset(&rule, 0, sizeof rule);
        rule.is_delay = word[0] == 'd';
        rule.device = -1;
        rule.value = -1;
        while ((r = next_pair(&p, key, sizeof key, val, sizeof val)) > 0) {
            if (!strcmp(key, "call")) { if (set_str(rule.call, sizeof rule.call, val)) return bad(path, lineno, "value too long"); }
            else if (!strcmp(key, "device")) { if (parse_int(val, &rule.device)) return bad(path, lineno, "bad device"); }
            else if (!strcmp(key, rule.is_delay ? "ms" : "code")) { if (parse_int(val, &rule.value)) return bad(path, lineno, "bad number"); }
            else return bad(path, lineno, rule.is_delay ? "delay takes call= [device=] ms=" : "error takes call= [device=] code=");
        }
        if (r < 0) return bad(path, lineno, "malformed key=value");
        if (!rule.call[0] || rule.value < 0) return bad(path, lineno, "call= and a value are required");
        g_rules[g_nrules++] = rule;
    } else {
        return bad(path, lineno, "unknown directive (want device, mig, process, error or delay)");
    }
    return 0;
}

/* Loads FAKE_NVML_CONFIG; no variable means an empty machine. Returns 0 or -1. */
static int load_config(void) {
    g_ndevs = g_nmigs = g_nrules = g_nprocs = 0;
    const char *path = getenv("FAKE_NVML_CONFIG");
    if (!path || !*path) return 0;
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "fake-nvml: cannot read FAKE_NVML_CONFIG=%s: %s\n", path, strerror(errno));
        return -1;
    }
    char line[1024];
    int lineno = 0, rc = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (parse_line(path, lineno, line) < 0) { rc = -1; break; }
    }
    fclose(f);
    return rc;
}

/* ---- Injection ---- */

static void sleep_ms(int ms) {
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {}
}

/* Applies `delay` then `error` rules for this call and device (-1 = no device). */
static nvmlReturn_t inject(const char *call, int device) {
    int n = g_nrules;
    for (int i = 0; i < n; i++) {
        fake_rule r = g_rules[i];
        if (r.is_delay && !strcmp(r.call, call) && (r.device < 0 || r.device == device)) sleep_ms(r.value);
    }
    for (int i = 0; i < n; i++) {
        fake_rule r = g_rules[i];
        if (!r.is_delay && !strcmp(r.call, call) && (r.device < 0 || r.device == device)) return r.value;
    }
    return NVML_SUCCESS;
}

#define INJECT(call, dev) do { nvmlReturn_t _r = inject(call, dev); if (_r != NVML_SUCCESS) return _r; } while (0)
#define REQUIRE_INIT() do { if (g_refcount <= 0) return NVML_ERROR_UNINITIALIZED; } while (0)

static fake_dev *as_gpu(void *h) {
    fake_dev *d = (fake_dev *)h;
    return d && d->magic == MAGIC_GPU ? d : NULL;
}

static fake_mig *as_mig(void *h) {
    fake_mig *m = (fake_mig *)h;
    return m && m->magic == MAGIC_MIG ? m : NULL;
}

/* The GPU index a handle belongs to (MIG handles: their parent), or -1 for a bad handle. */
static int gpu_index(void *h) {
    if (as_gpu(h)) return as_gpu(h)->index;
    if (as_mig(h)) return as_mig(h)->parent;
    return -1;
}

static nvmlReturn_t copy_string(const char *s, char *buf, unsigned int len) {
    if (!buf) return NVML_ERROR_INVALID_ARGUMENT;
    if (strlen(s) + 1 > len) return NVML_ERROR_INSUFFICIENT_SIZE;
    memcpy(buf, s, strlen(s) + 1);
    return NVML_SUCCESS;
}

/* ---- Exported NVML API ---- */

nvmlReturn_t nvmlInit_v2(void) {
    /* Load first: the scenario's own nvmlInit_v2 rules must apply, not the previous one's. */
    pthread_mutex_lock(&g_lock);
    int rc = load_config();
    pthread_mutex_unlock(&g_lock);
    if (rc != 0) return NVML_ERROR_UNKNOWN;
    INJECT("nvmlInit_v2", -1); /* a failed init takes no reference, as in NVML */
    pthread_mutex_lock(&g_lock);
    g_refcount++;
    pthread_mutex_unlock(&g_lock);
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlInitWithFlags(unsigned int flags) {
    (void)flags;
    return nvmlInit_v2();
}

nvmlReturn_t nvmlInit(void) { return nvmlInit_v2(); }

nvmlReturn_t nvmlShutdown(void) {
    INJECT("nvmlShutdown", -1);
    pthread_mutex_lock(&g_lock);
    if (g_refcount > 0) g_refcount--;
    pthread_mutex_unlock(&g_lock);
    return NVML_SUCCESS;
}

/* Test hook (not part of NVML): how many inits are not yet matched by a shutdown. */
int fakeNvmlRefCount(void) { return g_refcount; }

const char *nvmlErrorString(nvmlReturn_t r) {
    switch (r) {
    case NVML_SUCCESS: return "Success";
    case NVML_ERROR_UNINITIALIZED: return "Uninitialized";
    case NVML_ERROR_INVALID_ARGUMENT: return "Invalid Argument";
    case NVML_ERROR_NOT_SUPPORTED: return "Not Supported";
    case NVML_ERROR_NO_PERMISSION: return "Insufficient Permissions";
    case NVML_ERROR_NOT_FOUND: return "Not Found";
    case NVML_ERROR_INSUFFICIENT_SIZE: return "Insufficient Size";
    case NVML_ERROR_DRIVER_NOT_LOADED: return "Driver Not Loaded";
    case NVML_ERROR_GPU_IS_LOST: return "GPU is lost";
    case NVML_ERROR_LIB_RM_VERSION_MISMATCH: return "RM has detected an NVML/RM version mismatch.";
    case NVML_ERROR_ARGUMENT_VERSION_MISMATCH: return "Argument version mismatch";
    default: return "Unknown Error";
    }
}

nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length) {
    REQUIRE_INIT();
    INJECT("nvmlSystemGetDriverVersion", -1);
    return copy_string(DRIVER_VERSION, version, length);
}

nvmlReturn_t nvmlSystemGetNVMLVersion(char *version, unsigned int length) {
    REQUIRE_INIT();
    INJECT("nvmlSystemGetNVMLVersion", -1);
    return copy_string("12.550.54.15", version, length);
}

nvmlReturn_t nvmlSystemGetCudaDriverVersion_v2(int *v) {
    REQUIRE_INIT();
    INJECT("nvmlSystemGetCudaDriverVersion_v2", -1);
    if (!v) return NVML_ERROR_INVALID_ARGUMENT;
    *v = CUDA_DRIVER_VERSION;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count) {
    REQUIRE_INIT();
    INJECT("nvmlDeviceGetCount_v2", -1);
    if (!count) return NVML_ERROR_INVALID_ARGUMENT;
    *count = (unsigned int)g_ndevs;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, void **device) {
    REQUIRE_INIT();
    INJECT("nvmlDeviceGetHandleByIndex_v2", (int)index);
    if (!device || index >= (unsigned int)g_ndevs) return NVML_ERROR_INVALID_ARGUMENT;
    *device = &g_devs[index];
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetHandleByUUID(const char *uuid, void **device) {
    REQUIRE_INIT();
    INJECT("nvmlDeviceGetHandleByUUID", -1);
    if (!uuid || !device) return NVML_ERROR_INVALID_ARGUMENT;
    for (int i = 0; i < g_ndevs; i++) if (!strcmp(g_devs[i].uuid, uuid)) { *device = &g_devs[i]; return NVML_SUCCESS; }
    for (int i = 0; i < g_nmigs; i++) if (!strcmp(g_migs[i].uuid, uuid)) { *device = &g_migs[i]; return NVML_SUCCESS; }
    return NVML_ERROR_NOT_FOUND;
}

nvmlReturn_t nvmlDeviceGetIndex(void *device, unsigned int *index) {
    REQUIRE_INIT();
    fake_dev *d = as_gpu(device);
    if (!d || !index) return NVML_ERROR_INVALID_ARGUMENT;
    INJECT("nvmlDeviceGetIndex", d->index);
    *index = (unsigned int)d->index;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetName(void *device, char *name, unsigned int length) {
    REQUIRE_INIT();
    int gi = gpu_index(device);
    if (gi < 0) return NVML_ERROR_INVALID_ARGUMENT;
    INJECT("nvmlDeviceGetName", gi);
    return copy_string(as_gpu(device) ? as_gpu(device)->name : as_mig(device)->name, name, length);
}

nvmlReturn_t nvmlDeviceGetUUID(void *device, char *uuid, unsigned int length) {
    REQUIRE_INIT();
    int gi = gpu_index(device);
    if (gi < 0) return NVML_ERROR_INVALID_ARGUMENT;
    INJECT("nvmlDeviceGetUUID", gi);
    return copy_string(as_gpu(device) ? as_gpu(device)->uuid : as_mig(device)->uuid, uuid, length);
}

nvmlReturn_t nvmlDeviceGetPciInfo_v3(void *device, nvmlPciInfo_t *pci) {
    REQUIRE_INIT();
    int gi = gpu_index(device);
    if (gi < 0 || !pci) return NVML_ERROR_INVALID_ARGUMENT;
    INJECT("nvmlDeviceGetPciInfo_v3", gi);
    fake_dev *d = &g_devs[gi];
    unsigned int domain = 0, bus = 0, dev = 0, fn = 0;
    sscanf(d->pci, "%x:%x:%x.%x", &domain, &bus, &dev, &fn);
    memset(pci, 0, sizeof *pci);
    pci->domain = domain;
    pci->bus = bus;
    pci->device = dev;
    pci->pciDeviceId = 0x233010DEu;
    snprintf(pci->busIdLegacy, sizeof pci->busIdLegacy, "%04X:%02X:%02X.0", domain & 0xFFFFu, bus, dev);
    snprintf(pci->busId, sizeof pci->busId, "%08X:%02X:%02X.0", domain, bus, dev);
    return NVML_SUCCESS;
}

static void memory_of(void *device, unsigned long long *total, unsigned long long *reserved, unsigned long long *used) {
    if (as_gpu(device)) {
        fake_dev *d = as_gpu(device);
        *total = d->total; *reserved = d->reserved; *used = d->used;
    } else {
        fake_mig *m = as_mig(device);
        *total = m->total; *reserved = 0; *used = m->used;
    }
}

nvmlReturn_t nvmlDeviceGetMemoryInfo(void *device, nvmlMemory_t *memory) {
    REQUIRE_INIT();
    int gi = gpu_index(device);
    if (gi < 0 || !memory) return NVML_ERROR_INVALID_ARGUMENT;
    INJECT("nvmlDeviceGetMemoryInfo", gi);
    unsigned long long total, reserved, used;
    memory_of(device, &total, &reserved, &used);
    memory->total = total;
    memory->used = reserved + used; /* v1 semantics: used includes the reserved framebuffer */
    memory->free = total - reserved - used;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetMemoryInfo_v2(void *device, nvmlMemory_v2_t *memory) {
    REQUIRE_INIT();
    int gi = gpu_index(device);
    if (gi < 0 || !memory) return NVML_ERROR_INVALID_ARGUMENT;
    if (memory->version != nvmlMemory_v2) return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
    INJECT("nvmlDeviceGetMemoryInfo_v2", gi);
    unsigned long long total, reserved, used;
    memory_of(device, &total, &reserved, &used);
    memory->total = total;
    memory->reserved = reserved;
    memory->used = used;
    memory->free = total - reserved - used;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetCudaComputeCapability(void *device, int *major, int *minor) {
    REQUIRE_INIT();
    int gi = gpu_index(device);
    if (gi < 0 || !major || !minor) return NVML_ERROR_INVALID_ARGUMENT;
    INJECT("nvmlDeviceGetCudaComputeCapability", gi);
    *major = g_devs[gi].cc_major;
    *minor = g_devs[gi].cc_minor;
    return NVML_SUCCESS;
}

static int mig_count(int parent) {
    int n = 0;
    for (int i = 0; i < g_nmigs; i++) if (g_migs[i].parent == parent) n++;
    return n;
}

nvmlReturn_t nvmlDeviceGetMigMode(void *device, unsigned int *current, unsigned int *pending) {
    REQUIRE_INIT();
    fake_dev *d = as_gpu(device);
    if (!d || !current || !pending) return NVML_ERROR_INVALID_ARGUMENT;
    INJECT("nvmlDeviceGetMigMode", d->index);
    *current = *pending = mig_count(d->index) > 0 ? 1u : 0u;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetMaxMigDeviceCount(void *device, unsigned int *count) {
    REQUIRE_INIT();
    fake_dev *d = as_gpu(device);
    if (!d || !count) return NVML_ERROR_INVALID_ARGUMENT;
    INJECT("nvmlDeviceGetMaxMigDeviceCount", d->index);
    *count = mig_count(d->index) > 0 ? MAX_MIG_PER_GPU : 0u;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetMigDeviceHandleByIndex(void *device, unsigned int index, void **mig) {
    REQUIRE_INIT();
    fake_dev *d = as_gpu(device);
    if (!d || !mig) return NVML_ERROR_INVALID_ARGUMENT;
    INJECT("nvmlDeviceGetMigDeviceHandleByIndex", d->index);
    for (int i = 0; i < g_nmigs; i++) {
        if (g_migs[i].parent == d->index && g_migs[i].slot == (int)index) { *mig = &g_migs[i]; return NVML_SUCCESS; }
    }
    return NVML_ERROR_NOT_FOUND;
}

nvmlReturn_t nvmlDeviceIsMigDeviceHandle(void *device, unsigned int *isMig) {
    REQUIRE_INIT();
    if (gpu_index(device) < 0 || !isMig) return NVML_ERROR_INVALID_ARGUMENT;
    *isMig = as_mig(device) ? 1u : 0u;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetDeviceHandleFromMigDeviceHandle(void *mig, void **device) {
    REQUIRE_INIT();
    fake_mig *m = as_mig(mig);
    if (!m || !device) return NVML_ERROR_INVALID_ARGUMENT;
    *device = &g_devs[m->parent];
    return NVML_SUCCESS;
}

/* ---- Running processes ---- */

/*
 * nvml.h's protocol: *infoCount in is the room in infos; out is the number written, or with
 * NVML_ERROR_INSUFFICIENT_SIZE the room needed (a query with *infoCount = 0 and infos = NULL
 * returns that, or NVML_SUCCESS when none run).
 */
static nvmlReturn_t running(const char *call, void *device, unsigned int *infoCount, void *infos, int v1, int graphics) {
    REQUIRE_INIT();
    int gi = gpu_index(device);
    if (gi < 0 || !infoCount) return NVML_ERROR_INVALID_ARGUMENT;
    INJECT(call, gi);
    int slot = as_mig(device) ? as_mig(device)->slot : -1;
    unsigned int n = 0;
    for (int i = 0; i < g_nprocs; i++) {
        fake_proc *pr = &g_procs[i];
        if (pr->device != gi || (graphics ? !pr->graphics : !pr->compute)) continue;
        if (slot >= 0 && pr->mig != slot) continue; /* a MIG handle sees its own instance only */
        n++;
    }
    if (n > *infoCount) {
        *infoCount = n;
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    if (n > 0 && !infos) return NVML_ERROR_INVALID_ARGUMENT;
    unsigned int k = 0;
    for (int i = 0; i < g_nprocs; i++) {
        fake_proc *pr = &g_procs[i];
        if (pr->device != gi || (graphics ? !pr->graphics : !pr->compute)) continue;
        if (slot >= 0 && pr->mig != slot) continue;
        if (v1) {
            nvmlProcessInfo_v1_t *out = (nvmlProcessInfo_v1_t *)infos + k;
            out->pid = pr->pid;
            out->usedGpuMemory = pr->used;
        } else {
            nvmlProcessInfo_t *out = (nvmlProcessInfo_t *)infos + k;
            out->pid = pr->pid;
            out->usedGpuMemory = pr->used;
            out->gpuInstanceId = pr->mig >= 0 ? (unsigned int)pr->mig : 0xFFFFFFFFu;
            out->computeInstanceId = pr->mig >= 0 ? 0u : 0xFFFFFFFFu;
        }
        k++;
    }
    *infoCount = k;
    return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(void *device, unsigned int *infoCount, nvmlProcessInfo_t *infos) {
    return running("nvmlDeviceGetComputeRunningProcesses_v3", device, infoCount, infos, 0, 0);
}

nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v2(void *device, unsigned int *infoCount, nvmlProcessInfo_t *infos) {
    return running("nvmlDeviceGetComputeRunningProcesses_v2", device, infoCount, infos, 0, 0);
}

nvmlReturn_t nvmlDeviceGetComputeRunningProcesses(void *device, unsigned int *infoCount, nvmlProcessInfo_v1_t *infos) {
    return running("nvmlDeviceGetComputeRunningProcesses", device, infoCount, infos, 1, 0);
}

nvmlReturn_t nvmlDeviceGetGraphicsRunningProcesses_v3(void *device, unsigned int *infoCount, nvmlProcessInfo_t *infos) {
    return running("nvmlDeviceGetGraphicsRunningProcesses_v3", device, infoCount, infos, 0, 1);
}

nvmlReturn_t nvmlDeviceGetGraphicsRunningProcesses_v2(void *device, unsigned int *infoCount, nvmlProcessInfo_t *infos) {
    return running("nvmlDeviceGetGraphicsRunningProcesses_v2", device, infoCount, infos, 0, 1);
}

nvmlReturn_t nvmlDeviceGetGraphicsRunningProcesses(void *device, unsigned int *infoCount, nvmlProcessInfo_v1_t *infos) {
    return running("nvmlDeviceGetGraphicsRunningProcesses", device, infoCount, infos, 1, 1);
}

nvmlReturn_t nvmlSystemGetProcessName(unsigned int pid, char *name, unsigned int length) {
    REQUIRE_INIT();
    INJECT("nvmlSystemGetProcessName", -1);
    if (!name || length == 0) return NVML_ERROR_INVALID_ARGUMENT;
    for (int i = 0; i < g_nprocs; i++) {
        if (g_procs[i].pid == pid && g_procs[i].name[0]) {
            /* nvml.h: "Returned process name is cropped to provided length." */
            snprintf(name, length, "%s", g_procs[i].name);
            return NVML_SUCCESS;
        }
    }
    return NVML_ERROR_NOT_FOUND;
}
