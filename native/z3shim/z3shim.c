/*
 * z3shim: lets the Microsoft.Z3 4.12.2 managed API run on an older system libz3 (Debian 12 ships
 * 4.8.12).  It is built as "libz3.so" next to the program, so .NET's DllImport("libz3") loads it
 * first; it depends on the real libz3.so.4, so every symbol not defined here resolves there.
 *
 * Why it is needed: the managed API calls Z3_enable_concurrent_dec_ref (absent from 4.8.12) in
 * every Context constructor and then releases native objects from finalizers, i.e. from the .NET
 * finalizer thread, while the thread that uses the context may be inside Z3.  Z3 contexts are not
 * thread-safe, so those releases are deferred here: a release from any thread other than the
 * context's current owner is queued under a mutex and replayed when the context is deleted (or by
 * the owner once very many are queued; see DRAIN_THRESHOLD).  A deferred release only delays freeing;
 * it never frees early.
 *
 * The owner is the thread that last enabled the context or took a reference on it
 * (Z3_*inc_ref).  Finalizers never take references, so the finalizer thread never becomes the
 * owner, and a context handed to another thread follows that thread as soon as it builds terms.
 *
 * When the real library exports Z3_enable_concurrent_dec_ref itself, everything is forwarded
 * unchanged: that library queues releases on its own.
 *
 * libz3 calls its own exports through the PLT, so these definitions also intercept its internal
 * calls; only its API-log replayer makes such calls, and the wrappers behave like the real
 * functions there anyway.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <z3.h>

#define SHIM_EXPORT __attribute__((visibility("default")))
#define REAL_LIBZ3 "libz3.so.4"

typedef void (*release_fn)(Z3_context, void *);

struct pending {
    release_fn release;
    void *obj;
};

/* The references the managed API holds on terms of one context: term -> references taken minus
 * references released.  Open addressing; a key stays once inserted (its count may drop to 0). */
struct ast_refs {
    Z3_ast *keys;
    uint32_t *counts;
    size_t cap;                /* a power of two, or 0 */
    size_t used;
};

/* One per context in concurrent mode.  Slots are recycled, never freed, so a lock-free reader
 * holding a stale pointer still reads valid memory; it re-checks ctx before trusting it. */
struct ctx_slot {
    _Alignas(64) _Atomic(Z3_context) ctx;
    _Atomic uint64_t owner;
    _Atomic size_t count;      /* read without the lock as a cheap "anything queued?" hint */
    struct pending *items;     /* guarded by g_lock */
    size_t cap;                /* guarded by g_lock */
    struct ast_refs refs;      /* touched only by the owner thread */
    struct ctx_slot *next;     /* immutable once published */
};

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic(struct ctx_slot *) g_slots;
static void *g_real;
static int g_native_concurrency;
static int g_remap_decl_kinds;
static _Atomic uint64_t g_next_thread_id = 1;
static __thread uint64_t t_thread_id;      /* never reused, unlike pthread_t values */
static __thread struct ctx_slot *t_last_slot;

static void (*real_enable_concurrent_dec_ref)(Z3_context);
static void (*real_del_context)(Z3_context);
static Z3_decl_kind (*real_get_decl_kind)(Z3_context, Z3_func_decl);

static void *resolve(const char *name)
{
    void *f = dlsym(g_real, name);
    if (!f) {
        fprintf(stderr, "z3shim: %s lacks %s; reinstall libz3-4 and rebuild\n", REAL_LIBZ3, name);
        abort();
    }
    return f;
}

static uint64_t current_thread(void)
{
    if (!t_thread_id)
        t_thread_id = atomic_fetch_add(&g_next_thread_id, 1);
    return t_thread_id;
}

static struct ctx_slot *find_slot(Z3_context c)
{
    struct ctx_slot *s = t_last_slot;
    if (s && atomic_load(&s->ctx) == c)
        return s;
    for (s = atomic_load(&g_slots); s; s = s->next)
        if (atomic_load(&s->ctx) == c)
            return t_last_slot = s;
    return NULL;
}

static size_t ref_slot(const struct ast_refs *t, Z3_ast a)
{
    uint64_t h = (uint64_t)(uintptr_t)a * 0x9E3779B97F4A7C15ull;
    size_t i = (size_t)(h ^ h >> 32) & (t->cap - 1);   /* a product's low bits mix poorly: fold in the high ones */
    while (t->keys[i] && t->keys[i] != a)
        i = (i + 1) & (t->cap - 1);
    return i;
}

static int ref_grow(struct ast_refs *t)
{
    size_t cap = t->cap ? 2 * t->cap : 4096;
    struct ast_refs grown = { calloc(cap, sizeof *grown.keys), calloc(cap, sizeof *grown.counts), cap, t->used };
    if (!grown.keys || !grown.counts) {
        free(grown.keys);
        free(grown.counts);
        return 0;
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (t->keys[i]) {
            size_t j = ref_slot(&grown, t->keys[i]);
            grown.keys[j] = t->keys[i];
            grown.counts[j] = t->counts[i];
        }
    }
    free(t->keys);
    free(t->counts);
    *t = grown;
    return 1;
}

/* Counting is best effort: a term it fails to record is simply left to Z3_del_context. */
static void ref_taken(struct ctx_slot *s, Z3_ast a)
{
    struct ast_refs *t = &s->refs;
    if ((t->used + 1) * 4 > t->cap * 3 && !ref_grow(t))
        return;
    size_t i = ref_slot(t, a);
    if (!t->keys[i]) {
        t->keys[i] = a;
        t->used++;
    }
    t->counts[i]++;
}

static void ref_released(struct ctx_slot *s, Z3_ast a)
{
    struct ast_refs *t = &s->refs;
    if (!t->cap)
        return;
    size_t i = ref_slot(t, a);
    if (t->keys[i] && t->counts[i])
        t->counts[i]--;
}

static void ref_free(struct ast_refs *t)
{
    free(t->keys);
    free(t->counts);
    *t = (struct ast_refs){ 0 };
}

static void register_context(Z3_context c)
{
    pthread_mutex_lock(&g_lock);
    struct ctx_slot *s = atomic_load(&g_slots);
    while (s && atomic_load(&s->ctx))
        s = s->next;
    if (!s) {
        s = aligned_alloc(64, sizeof *s);
        if (!s) {
            /* Going on without a slot would let finalizer releases race with the owner. */
            fprintf(stderr, "z3shim: out of memory registering a Z3 context\n");
            abort();
        }
        *s = (struct ctx_slot){ .next = atomic_load(&g_slots) };
        atomic_store(&g_slots, s);
    }
    atomic_store(&s->owner, current_thread());
    atomic_store(&s->ctx, c);
    pthread_mutex_unlock(&g_lock);
}

/* Releases queued after release_held_terms ran are dropped: deleting the context frees every
 * term and API object it still owns, and the managed API stops releasing into a context once its
 * Dispose has started. */
static void unregister_context(Z3_context c)
{
    pthread_mutex_lock(&g_lock);
    for (struct ctx_slot *s = atomic_load(&g_slots); s; s = s->next) {
        if (atomic_load(&s->ctx) != c)
            continue;
        free(s->items);
        s->items = NULL;
        s->cap = 0;
        atomic_store(&s->count, 0);
        atomic_store(&s->ctx, NULL);
    }
    pthread_mutex_unlock(&g_lock);
}

static void enqueue(struct ctx_slot *s, Z3_context c, release_fn release, void *obj)
{
    pthread_mutex_lock(&g_lock);
    /* The context may have been deleted since find_slot; then the object is already gone. */
    if (atomic_load(&s->ctx) == c) {
        size_t n = atomic_load(&s->count);
        if (n == s->cap) {
            size_t cap = s->cap ? 2 * s->cap : 64;
            struct pending *grown = realloc(s->items, cap * sizeof *grown);
            if (!grown) {
                /* Leaking one object is safe; releasing it on this thread is not. */
                pthread_mutex_unlock(&g_lock);
                return;
            }
            s->items = grown;
            s->cap = cap;
        }
        s->items[n] = (struct pending){ release, obj };
        atomic_store(&s->count, n + 1);
    }
    pthread_mutex_unlock(&g_lock);
}

/* Runs on the owner thread only; the batch is taken under the lock and replayed outside it so
 * the finalizer thread never waits for Z3. */
static void drain(struct ctx_slot *s, Z3_context c)
{
    if (!atomic_load(&s->count))
        return;
    pthread_mutex_lock(&g_lock);
    struct pending *items = s->items;
    size_t n = atomic_load(&s->count);
    s->items = NULL;
    s->cap = 0;
    atomic_store(&s->count, 0);
    pthread_mutex_unlock(&g_lock);
    for (size_t i = 0; i < n; i++)
        items[i].release(c, items[i].obj);
    free(items);
}

/* Deferred releases are replayed only when very many have piled up, not at the owner's next
 * call.  Freeing terms at moments chosen by the garbage collector would let Z3 reuse term ids in an
 * order that depends on GC timing, and with them the models it returns: the same query would give
 * different witnesses from run to run.  Contexts in this project live for one instruction's
 * analysis, so holding their garbage until Z3_del_context costs little; the threshold only bounds
 * a context that lives much longer. */
#define DRAIN_THRESHOLD ((size_t)1 << 22)

static void maybe_drain(struct ctx_slot *s, Z3_context c)
{
    if (atomic_load(&s->count) >= DRAIN_THRESHOLD)
        drain(s, c);
}

/* Called before every reference increment: the caller is the thread using the context.  Returns
 * the context's slot, or NULL where the shim does not track it. */
static struct ctx_slot *on_take(Z3_context c)
{
    if (g_native_concurrency)
        return NULL;
    struct ctx_slot *s = find_slot(c);
    if (!s)
        return NULL;
    uint64_t me = current_thread();
    if (atomic_load(&s->owner) != me)
        atomic_store(&s->owner, me);
    maybe_drain(s, c);
    return s;
}

/* Returns 1 when the release was queued (or must be skipped) instead of run now. */
static int defer_release(Z3_context c, release_fn release, void *obj)
{
    if (g_native_concurrency)
        return 0;
    /* The managed API may release after its Context was disposed and passes a null context;
     * the real library would dereference it. */
    if (!c)
        return 1;
    struct ctx_slot *s = find_slot(c);
    if (!s)
        return 0;
    if (atomic_load(&s->owner) != current_thread()) {
        enqueue(s, c, release, obj);
        return 1;
    }
    maybe_drain(s, c);
    return 0;
}

/* Reference-counted handle types whose releases the 4.12.2 managed API issues (its Native class
 * also declares simplifier and parser_context pairs, which 4.8.12 lacks; a library new enough to
 * have them handles concurrency natively, so they resolve straight to it). */
#define REFCOUNTED(X)                                                  \
    X(Z3_apply_result_inc_ref, Z3_apply_result_dec_ref, Z3_apply_result) \
    X(Z3_ast_map_inc_ref, Z3_ast_map_dec_ref, Z3_ast_map)              \
    X(Z3_ast_vector_inc_ref, Z3_ast_vector_dec_ref, Z3_ast_vector)     \
    X(Z3_fixedpoint_inc_ref, Z3_fixedpoint_dec_ref, Z3_fixedpoint)     \
    X(Z3_func_entry_inc_ref, Z3_func_entry_dec_ref, Z3_func_entry)     \
    X(Z3_func_interp_inc_ref, Z3_func_interp_dec_ref, Z3_func_interp)  \
    X(Z3_goal_inc_ref, Z3_goal_dec_ref, Z3_goal)                       \
    X(Z3_model_inc_ref, Z3_model_dec_ref, Z3_model)                    \
    X(Z3_optimize_inc_ref, Z3_optimize_dec_ref, Z3_optimize)           \
    X(Z3_param_descrs_inc_ref, Z3_param_descrs_dec_ref, Z3_param_descrs) \
    X(Z3_params_inc_ref, Z3_params_dec_ref, Z3_params)                 \
    X(Z3_probe_inc_ref, Z3_probe_dec_ref, Z3_probe)                    \
    X(Z3_solver_inc_ref, Z3_solver_dec_ref, Z3_solver)                 \
    X(Z3_stats_inc_ref, Z3_stats_dec_ref, Z3_stats)                    \
    X(Z3_tactic_inc_ref, Z3_tactic_dec_ref, Z3_tactic)

/* Destructors the managed API calls from finalizers (Constructor, ConstructorList); they drop
 * sort references inside the context, so they need the same treatment as a release. */
#define DESTROYED(X)                                      \
    X(Z3_del_constructor, Z3_constructor)                 \
    X(Z3_del_constructor_list, Z3_constructor_list)

#define DEFINE_REFCOUNTED(INC, DEC, TYPE)                                 \
    static void (*real_##INC)(Z3_context, TYPE);                          \
    static void (*real_##DEC)(Z3_context, TYPE);                          \
    static void release_##DEC(Z3_context c, void *o) { real_##DEC(c, (TYPE)o); } \
    void INC(Z3_context c, TYPE o)                                        \
    {                                                                     \
        on_take(c);                                                       \
        real_##INC(c, o);                                                 \
    }                                                                     \
    void DEC(Z3_context c, TYPE o)                                        \
    {                                                                     \
        if (!defer_release(c, release_##DEC, o))                          \
            real_##DEC(c, o);                                             \
    }
REFCOUNTED(DEFINE_REFCOUNTED)

/* Terms also have their references counted per context (see release_held_terms). */
static void (*real_Z3_inc_ref)(Z3_context, Z3_ast);
static void (*real_Z3_dec_ref)(Z3_context, Z3_ast);

static void release_Z3_dec_ref(Z3_context c, void *o)
{
    struct ctx_slot *s = find_slot(c);
    if (s)
        ref_released(s, (Z3_ast)o);
    real_Z3_dec_ref(c, (Z3_ast)o);
}

void Z3_inc_ref(Z3_context c, Z3_ast a)
{
    struct ctx_slot *s = on_take(c);
    real_Z3_inc_ref(c, a);
    if (s)
        ref_taken(s, a);
}

void Z3_dec_ref(Z3_context c, Z3_ast a)
{
    if (!defer_release(c, release_Z3_dec_ref, a))
        release_Z3_dec_ref(c, a);
}

#define DEFINE_DESTROYED(DEL, TYPE)                                       \
    static void (*real_##DEL)(Z3_context, TYPE);                          \
    static void release_##DEL(Z3_context c, void *o) { real_##DEL(c, (TYPE)o); } \
    void DEL(Z3_context c, TYPE o)                                        \
    {                                                                     \
        if (!defer_release(c, release_##DEL, o))                          \
            real_##DEL(c, o);                                             \
    }
DESTROYED(DEFINE_DESTROYED)

SHIM_EXPORT void Z3_enable_concurrent_dec_ref(Z3_context c)
{
    if (g_native_concurrency)
        real_enable_concurrent_dec_ref(c);
    else
        register_context(c);
}

/* Z3_del_context frees the terms still referenced in rounds, each round scanning every term left to
 * find those no other term uses, so it costs the table size times the depth of the term graph:
 * tens of milliseconds for one instruction's formulas, more than solving most of them.  Releasing
 * the managed API's references first lets each term go when its last user goes, in one pass.
 * This runs on the thread deleting the context, after the last use of the context's terms, so it
 * cannot change any answer. */
static void release_held_terms(Z3_context c)
{
    struct ctx_slot *s = find_slot(c);
    if (!s)
        return;
    atomic_store(&s->owner, current_thread());
    drain(s, c);
    for (size_t i = 0; i < s->refs.cap; i++)
        for (uint32_t n = s->refs.counts[i]; n; n--)
            real_Z3_dec_ref(c, s->refs.keys[i]);
    ref_free(&s->refs);
}

void Z3_del_context(Z3_context c)
{
    if (!g_native_concurrency) {
        release_held_terms(c);
        unregister_context(c);
    }
    real_del_context(c);
}

/* 4.8.12 numbers a few declaration kinds differently from the 4.12.2 enum the managed API
 * compiles against (sequence/regex kinds and Z3_OP_UNINTERPRETED shifted when new kinds were
 * inserted); without this, FuncDecl.DeclKind would misreport e.g. every uninterpreted constant.
 * Pairs are {4.8.12 value, 4.12.2 value}, found by matching names between the 4.8.12 z3_api.h
 * and the managed Z3_decl_kind enum; every other kind has the same value in both. */
static const int decl_kind_4812[][2] = {
    {1559, 1562}, {1560, 1563}, {1561, 1564}, {1562, 1565}, {1563, 1566}, {1564, 1567},
    {1565, 1568}, {1566, 1569}, {1567, 1570}, {1568, 1575}, {1569, 1576}, {1570, 1577},
    {1571, 1578}, {1572, 1579}, {1573, 1580}, {1574, 1581}, {1575, 1582}, {1576, 1585},
    {1577, 1584}, {1578, 1588}, {1579, 1589}, {1580, 1587}, {45101, 45102},
};

Z3_decl_kind Z3_get_decl_kind(Z3_context c, Z3_func_decl d)
{
    Z3_decl_kind k = real_get_decl_kind(c, d);
    if (g_remap_decl_kinds)
        for (size_t i = 0; i < sizeof decl_kind_4812 / sizeof decl_kind_4812[0]; i++)
            if ((int)k == decl_kind_4812[i][0])
                return (Z3_decl_kind)decl_kind_4812[i][1];
    return k;
}

static int is_version(unsigned major, unsigned minor, unsigned build)
{
    unsigned v[4];
    void (*get_version)(unsigned *, unsigned *, unsigned *, unsigned *) =
        (void (*)(unsigned *, unsigned *, unsigned *, unsigned *))resolve("Z3_get_version");
    get_version(&v[0], &v[1], &v[2], &v[3]);
    return v[0] == major && v[1] == minor && v[2] == build;
}

/* Resolve the real entry points once, when .NET loads the shim, so no call pays for dlsym. */
__attribute__((constructor)) static void z3shim_init(void)
{
    g_real = dlopen(REAL_LIBZ3, RTLD_NOW | RTLD_NOLOAD);
    if (!g_real)
        g_real = dlopen(REAL_LIBZ3, RTLD_NOW);
    if (!g_real) {
        fprintf(stderr, "z3shim: cannot load %s: %s; install libz3-4\n", REAL_LIBZ3, dlerror());
        abort();
    }
    real_enable_concurrent_dec_ref = (void (*)(Z3_context))dlsym(g_real, "Z3_enable_concurrent_dec_ref");
    g_native_concurrency = real_enable_concurrent_dec_ref != NULL;
    g_remap_decl_kinds = is_version(4, 8, 12);
    real_del_context = (void (*)(Z3_context))resolve("Z3_del_context");
    real_get_decl_kind = (Z3_decl_kind (*)(Z3_context, Z3_func_decl))resolve("Z3_get_decl_kind");
#define RESOLVE_REFCOUNTED(INC, DEC, TYPE)                              \
    real_##INC = (void (*)(Z3_context, TYPE))resolve(#INC);             \
    real_##DEC = (void (*)(Z3_context, TYPE))resolve(#DEC);
    REFCOUNTED(RESOLVE_REFCOUNTED)
    RESOLVE_REFCOUNTED(Z3_inc_ref, Z3_dec_ref, Z3_ast)
#define RESOLVE_DESTROYED(DEL, TYPE) real_##DEL = (void (*)(Z3_context, TYPE))resolve(#DEL);
    DESTROYED(RESOLVE_DESTROYED)
}
