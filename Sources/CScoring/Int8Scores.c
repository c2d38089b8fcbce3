// The 8-bit scans (CScoring.h): 4 codes per row per column group.
#include "ScanLoops.h"

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


GR_LOOPS(scores_scalar, above_scalar, block_scalar, GR_NO_TARGET)

#if defined(__x86_64__)
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

// Rows are stored as code + 128: Σ_j (code_j + 128)·q_j = Σ_j code_j·q_j + 128·Σ_j q_j.
static int32_t correction_of(const int8_t *query, size_t scanned) {
    int32_t sum = 0;
    for (size_t j = 0; j < scanned * 4; j++) sum += query[j];
    return GR_ROW_OFFSET * sum;
}

GR_ENTRY_POINTS(gr_int8_scores, gr_int8_above, scores, above)
