#include "CScoring.h"

#include <string.h>

// A block kernel computes the 8 scores of one block; the two loops below differ in what they
// do with them (store, or keep those above a threshold). Each kernel gets its own copy of both
// loops (GR_LOOPS), so the block kernel inlines and a call costs one indirect jump, not one
// per block.
typedef void (*gr_scores_loop)(const int8_t *, const uint8_t *, size_t, size_t, size_t, size_t, const float *,
                               int32_t, float, int, float *);
typedef size_t (*gr_above_loop)(const int8_t *, const uint8_t *, size_t, size_t, size_t, size_t, const float *,
                                int32_t, float, float, int32_t *, float *, size_t, size_t *);

static inline void block_scalar(const int8_t *query, const uint8_t *block, size_t groups, const float *rowScale,
                                int32_t correction, float queryScale, float *scores) {
    int32_t dots[GR_BLOCK_ROWS] = {0};
    for (size_t g = 0; g < groups; g++) {
        const uint8_t *column = block + g * 32;
        for (int i = 0; i < GR_BLOCK_ROWS; i++) {
            for (int k = 0; k < 4; k++) dots[i] += (int32_t)query[g * 4 + k] * (int32_t)column[i * 4 + k];
        }
    }
    for (int i = 0; i < GR_BLOCK_ROWS; i++) scores[i] = queryScale * rowScale[i] * (float)(dots[i] - correction);
}


#define GR_LOOPS(SCORES, ABOVE, BLOCK, TARGET)                                                                \
    TARGET                                                                                                     \
    static void SCORES(const int8_t *query, const uint8_t *blocks, size_t groups, size_t scanned, size_t first, \
                       size_t count, const float *rowScale, int32_t correction, float queryScale, int accumulate, \
                       float *out) {                                                                           \
        const size_t end = first + count;                                                                      \
        float scores[GR_BLOCK_ROWS];                                                                           \
        for (size_t start = first / GR_BLOCK_ROWS * GR_BLOCK_ROWS; start < end; start += GR_BLOCK_ROWS) {      \
            BLOCK(query, blocks + start * groups * 4, scanned, rowScale + start, correction, queryScale, scores); \
            for (size_t i = 0; i < GR_BLOCK_ROWS; i++) {                                                       \
                size_t row = start + i;                                                                        \
                if (row < first || row >= end) continue;                                                       \
                out[row - first] = accumulate ? out[row - first] + scores[i] : scores[i];                      \
            }                                                                                                  \
        }                                                                                                      \
    }                                                                                                          \
    TARGET                                                                                                     \
    static size_t ABOVE(const int8_t *query, const uint8_t *blocks, size_t groups, size_t scanned, size_t first, \
                        size_t count, const float *rowScale, int32_t correction, float queryScale,             \
                        float threshold, int32_t *outItems, float *outScores, size_t capacity, size_t *written) {              \
        const size_t end = first + count;                                                                      \
        float scores[GR_BLOCK_ROWS];                                                                           \
        for (size_t start = first / GR_BLOCK_ROWS * GR_BLOCK_ROWS; start < end; start += GR_BLOCK_ROWS) {      \
            BLOCK(query, blocks + start * groups * 4, scanned, rowScale + start, correction, queryScale, scores); \
            int any = 0;                                                                                       \
            for (size_t i = 0; i < GR_BLOCK_ROWS; i++) any |= scores[i] > threshold;                           \
            if (!any) continue;                                                                                \
            for (size_t i = 0; i < GR_BLOCK_ROWS; i++) {                                                       \
                size_t row = start + i;                                                                        \
                if (scores[i] > threshold && row >= first && row < end) {                                      \
                    outItems[*written] = (int32_t)row;                                                         \
                    outScores[*written] = scores[i];                                                           \
                    *written += 1;                                                                             \
                }                                                                                              \
            }                                                                                                  \
            if (capacity - *written < GR_BLOCK_ROWS) {                                                         \
                size_t stop = start + GR_BLOCK_ROWS < end ? start + GR_BLOCK_ROWS : end;                       \
                return stop - first;                                                                           \
            }                                                                                                  \
        }                                                                                                      \
        return count;                                                                                          \
    }

#define GR_NO_TARGET
GR_LOOPS(scores_scalar, above_scalar, block_scalar, GR_NO_TARGET)

#if defined(__x86_64__)
#include <immintrin.h>

// Four accumulators over the groups (g mod 4) so the multiply-adds of a block do not wait on
// each other's latency. GROUP_PRODUCT(acc, q, pointer): acc's lane i += query group · row i's group.
#define GR_BLOCK_KERNEL(NAME, TARGET, GROUP_PRODUCT)                                                          \
    __attribute__((target(TARGET)))                                                                            \
    static inline __m256 NAME(const int8_t *query, const uint8_t *block, size_t groups, const float *rowScale, \
                              int32_t correction, float queryScale) {                                         \
        __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;                                       \
        size_t g = 0;                                                                                          \
        for (; g + 4 <= groups; g += 4) {                                                                      \
            int32_t q[4];                                                                                      \
            memcpy(q, query + g * 4, 16);                                                                      \
            GROUP_PRODUCT(a0, _mm256_set1_epi32(q[0]), block + g * 32);                                       \
            GROUP_PRODUCT(a1, _mm256_set1_epi32(q[1]), block + (g + 1) * 32);                                 \
            GROUP_PRODUCT(a2, _mm256_set1_epi32(q[2]), block + (g + 2) * 32);                                 \
            GROUP_PRODUCT(a3, _mm256_set1_epi32(q[3]), block + (g + 3) * 32);                                 \
        }                                                                                                      \
        for (; g < groups; g++) {                                                                              \
            int32_t q;                                                                                         \
            memcpy(&q, query + g * 4, 4);                                                                      \
            GROUP_PRODUCT(a0, _mm256_set1_epi32(q), block + g * 32);                                          \
        }                                                                                                      \
        __m256i dots = _mm256_add_epi32(_mm256_add_epi32(a0, a1), _mm256_add_epi32(a2, a3));                   \
        return _mm256_mul_ps(_mm256_mul_ps(_mm256_set1_ps(queryScale), _mm256_loadu_ps(rowScale)),            \
                             _mm256_cvtepi32_ps(_mm256_sub_epi32(dots, _mm256_set1_epi32(correction))));      \
    }                                                                                                          \
    /* Four consecutive blocks (32 rows): each query broadcast feeds four multiply-adds, so a  */              \
    /* step issues 5 loads per 4 instead of 8 (the one-block kernel is load-bound); two         */             \
    /* accumulators per block keep the dependency chains short.                                */              \
    __attribute__((target(TARGET)))                                                                            \
    static inline void NAME##_x4(const int8_t *query, const uint8_t *blocks, size_t groups, size_t step,      \
                                 const float *rowScale, int32_t correction, float queryScale, __m256 out[4]) { \
        __m256i a0 = _mm256_setzero_si256(), b0 = a0, a1 = a0, b1 = a0, a2 = a0, b2 = a0, a3 = a0, b3 = a0;   \
        size_t g = 0;                                                                                          \
        for (; g + 2 <= groups; g += 2) {                                                                      \
            int32_t q[2];                                                                                      \
            memcpy(q, query + g * 4, 8);                                                                       \
            __m256i q0 = _mm256_set1_epi32(q[0]), q1 = _mm256_set1_epi32(q[1]);                                \
            const uint8_t *c = blocks + g * 32;                                                                \
            GROUP_PRODUCT(a0, q0, c);            GROUP_PRODUCT(b0, q1, c + 32);                                \
            GROUP_PRODUCT(a1, q0, c + step);     GROUP_PRODUCT(b1, q1, c + step + 32);                         \
            GROUP_PRODUCT(a2, q0, c + 2 * step); GROUP_PRODUCT(b2, q1, c + 2 * step + 32);                     \
            GROUP_PRODUCT(a3, q0, c + 3 * step); GROUP_PRODUCT(b3, q1, c + 3 * step + 32);                     \
        }                                                                                                      \
        if (g < groups) {                                                                                      \
            int32_t q;                                                                                         \
            memcpy(&q, query + g * 4, 4);                                                                      \
            __m256i q0 = _mm256_set1_epi32(q);                                                                 \
            const uint8_t *c = blocks + g * 32;                                                                \
            GROUP_PRODUCT(a0, q0, c);                                                                          \
            GROUP_PRODUCT(a1, q0, c + step);                                                                   \
            GROUP_PRODUCT(a2, q0, c + 2 * step);                                                               \
            GROUP_PRODUCT(a3, q0, c + 3 * step);                                                               \
        }                                                                                                      \
        const __m256i fix = _mm256_set1_epi32(correction);                                                     \
        const __m256 qs = _mm256_set1_ps(queryScale);                                                          \
        out[0] = _mm256_mul_ps(_mm256_mul_ps(qs, _mm256_loadu_ps(rowScale)),                                   \
                               _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_add_epi32(a0, b0), fix)));           \
        out[1] = _mm256_mul_ps(_mm256_mul_ps(qs, _mm256_loadu_ps(rowScale + 8)),                               \
                               _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_add_epi32(a1, b1), fix)));           \
        out[2] = _mm256_mul_ps(_mm256_mul_ps(qs, _mm256_loadu_ps(rowScale + 16)),                              \
                               _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_add_epi32(a2, b2), fix)));           \
        out[3] = _mm256_mul_ps(_mm256_mul_ps(qs, _mm256_loadu_ps(rowScale + 24)),                              \
                               _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_add_epi32(a3, b3), fix)));           \
    }


// The loops of a vector kernel: whole blocks store or compare all 8 lanes at once; the blocks
// at either end of a range that starts or ends mid-block go lane by lane.
#define GR_VECTOR_LOOPS(SCORES, ABOVE, BLOCK, TARGET)                                                         \
    __attribute__((target(TARGET)))                                                                            \
    static void SCORES(const int8_t *query, const uint8_t *blocks, size_t groups, size_t scanned, size_t first, \
                       size_t count, const float *rowScale, int32_t correction, float queryScale, int accumulate, \
                       float *out) {                                                                           \
        const size_t end = first + count;                                                                      \
        size_t start = first / GR_BLOCK_ROWS * GR_BLOCK_ROWS;                                                  \
        for (; start >= first && start + 4 * GR_BLOCK_ROWS <= end; start += 4 * GR_BLOCK_ROWS) {               \
            __m256 four[4];                                                                                    \
            BLOCK##_x4(query, blocks + start * groups * 4, scanned, groups * 32, rowScale + start, correction,   \
                       queryScale, four);                                                                      \
            for (size_t k = 0; k < 4; k++) {                                                                   \
                float *o = out + (start - first) + k * GR_BLOCK_ROWS;                                          \
                _mm256_storeu_ps(o, accumulate ? _mm256_add_ps(four[k], _mm256_loadu_ps(o)) : four[k]);        \
            }                                                                                                  \
        }                                                                                                      \
        for (; start < end; start += GR_BLOCK_ROWS) {                                                          \
            __m256 value = BLOCK(query, blocks + start * groups * 4, scanned, rowScale + start, correction, queryScale); \
            if (start >= first && start + GR_BLOCK_ROWS <= end) {                                              \
                if (accumulate) value = _mm256_add_ps(value, _mm256_loadu_ps(out + (start - first)));          \
                _mm256_storeu_ps(out + (start - first), value);                                                \
                continue;                                                                                      \
            }                                                                                                  \
            float lanes[GR_BLOCK_ROWS];                                                                        \
            _mm256_storeu_ps(lanes, value);                                                                    \
            for (size_t i = 0; i < GR_BLOCK_ROWS; i++) {                                                       \
                size_t row = start + i;                                                                        \
                if (row < first || row >= end) continue;                                                       \
                out[row - first] = accumulate ? out[row - first] + lanes[i] : lanes[i];                        \
            }                                                                                                  \
        }                                                                                                      \
    }                                                                                                          \
    __attribute__((target(TARGET)))                                                                            \
    static size_t ABOVE(const int8_t *query, const uint8_t *blocks, size_t groups, size_t scanned, size_t first, \
                        size_t count, const float *rowScale, int32_t correction, float queryScale,             \
                        float threshold, int32_t *outItems, float *outScores, size_t capacity, size_t *written) { \
        const size_t end = first + count;                                                                      \
        const __m256 limit = _mm256_set1_ps(threshold);                                                        \
        const size_t step = groups * 32;                                                                       \
        size_t start = first / GR_BLOCK_ROWS * GR_BLOCK_ROWS;                                                  \
        while (start < end) {                                                                                  \
            __m256 values[4];                                                                                  \
            size_t blocks_now = 1;                                                                             \
            if (start >= first && start + 4 * GR_BLOCK_ROWS <= end) {                                          \
                BLOCK##_x4(query, blocks + start * groups * 4, scanned, step, rowScale + start, correction,     \
                           queryScale, values);                                                                \
                blocks_now = 4;                                                                                \
            } else {                                                                                           \
                values[0] = BLOCK(query, blocks + start * groups * 4, scanned, rowScale + start, correction, queryScale); \
            }                                                                                                  \
            for (size_t k = 0; k < blocks_now; k++, start += GR_BLOCK_ROWS) {                                  \
                unsigned mask = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(values[k], limit, _CMP_GT_OQ));     \
                if (!mask) continue;                                                                           \
                float lanes[GR_BLOCK_ROWS];                                                                    \
                _mm256_storeu_ps(lanes, values[k]);                                                            \
                while (mask) {                                                                                 \
                    size_t lane = (size_t)__builtin_ctz(mask);                                                 \
                    mask &= mask - 1;                                                                          \
                    size_t row = start + lane;                                                                 \
                    if (row < first || row >= end) continue;                                                   \
                    outItems[*written] = (int32_t)row;                                                         \
                    outScores[*written] = lanes[lane];                                                         \
                    *written += 1;                                                                             \
                }                                                                                              \
                if (capacity - *written < GR_BLOCK_ROWS) {                                                     \
                    size_t stop = start + GR_BLOCK_ROWS < end ? start + GR_BLOCK_ROWS : end;                   \
                    return stop - first;                                                                       \
                }                                                                                              \
            }                                                                                                  \
        }                                                                                                      \
        return count;                                                                                          \
    }

// AVX2: vpmaddubsw (row u8 × query s8, adjacent pairs summed to s16: exact for our code
// ranges), then vpmaddwd by 1 sums each lane's two pairs to s32.
#define GR_AVX2_GROUP(acc, q, pointer)                                                                        \
    acc = _mm256_add_epi32(acc, _mm256_madd_epi16(                                                             \
        _mm256_maddubs_epi16(_mm256_loadu_si256((const __m256i *)(pointer)), q), _mm256_set1_epi16(1)))
GR_BLOCK_KERNEL(block_avx2, "avx2", GR_AVX2_GROUP)
GR_VECTOR_LOOPS(scores_avx2, above_avx2, block_avx2, "avx2")

// AVX-512 VNNI on 256-bit registers (Ice Lake, Zen 4 and later): vpdpbusd does the 4-byte
// dot and the s32 accumulate of each lane in one instruction.
#define GR_VNNI_GROUP(acc, q, pointer) acc = _mm256_dpbusd_epi32(acc, _mm256_loadu_si256((const __m256i *)(pointer)), q)
GR_BLOCK_KERNEL(block_vnni, "avx2,avx512f,avx512vl,avx512vnni", GR_VNNI_GROUP)
GR_VECTOR_LOOPS(scores_vnni, above_vnni, block_vnni, "avx2,avx512f,avx512vl,avx512vnni")
#endif

_Static_assert(GR_BLOCK_ROWS == 8, "the vector kernels hold a block in one 8-lane register");

static gr_scores_loop chosen_scores = scores_scalar;
static gr_above_loop chosen_above = above_scalar;
static const char *chosen_name = "scalar";

#define GR_USE(KIND) do { chosen_scores = scores_##KIND; chosen_above = above_##KIND; } while (0)

// Picked once, when the library loads (before any thread can call in), so the hot path reads
// a plain pointer with no synchronisation.
__attribute__((constructor))
static void choose_kernel(void) {
    GR_USE(scalar);
    chosen_name = "scalar";
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512vl")) {
        GR_USE(vnni);
        chosen_name = "avx512vnni";
    } else if (__builtin_cpu_supports("avx2")) {
        GR_USE(avx2);
        chosen_name = "avx2";
    }
#endif
}

const char *gr_int8_kernel_name(void) { return chosen_name; }

int gr_int8_force_kernel(const char *name) {
    if (strcmp(name, "auto") == 0) { choose_kernel(); return 1; }
    if (strcmp(name, "scalar") == 0) { GR_USE(scalar); chosen_name = "scalar"; return 1; }
#if defined(__x86_64__)
    if (strcmp(name, "avx2") == 0 && __builtin_cpu_supports("avx2")) { GR_USE(avx2); chosen_name = "avx2"; return 1; }
    if (strcmp(name, "avx512vnni") == 0 && __builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512vl")) {
        GR_USE(vnni); chosen_name = "avx512vnni"; return 1;
    }
#endif
    return 0;
}

// Rows are stored as code + 128: Σ_j (code_j + 128)·q_j = Σ_j code_j·q_j + 128·Σ_j q_j.
static int32_t correction_of(const int8_t *query, size_t scanned) {
    int32_t sum = 0;
    for (size_t j = 0; j < scanned * 4; j++) sum += query[j];
    return GR_ROW_OFFSET * sum;
}

void gr_int8_scores(const int8_t *query, const uint8_t *blocks, size_t groups, size_t scanned, size_t first,
                    size_t count, const float *rowScale, float queryScale, int accumulate, float *out) {
    chosen_scores(query, blocks, groups, scanned, first, count, rowScale, correction_of(query, scanned), queryScale,
                  accumulate, out);
}

size_t gr_int8_above(const int8_t *query, const uint8_t *blocks, size_t groups, size_t scanned, size_t first,
                     size_t count, const float *rowScale, float queryScale, float threshold,
                     int32_t *outItems, float *outScores, size_t capacity, size_t *written) {
    return chosen_above(query, blocks, groups, scanned, first, count, rowScale, correction_of(query, scanned),
                        queryScale, threshold, outItems, outScores, capacity, written);
}
