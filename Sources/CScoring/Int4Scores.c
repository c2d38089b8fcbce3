// The 4-bit scans (CScoring.h): 8 codes per row per column group, two to a byte. Half the
// bytes of the 8-bit scan: at 10^4 items the 8-bit scan is bound by how fast L2 feeds the
// core (~32 B/cycle), so halving the bytes is what makes it faster, not fewer instructions.
#include "ScanLoops.h"

// Rows are stored as code + 8: Σ_j (code_j + 8)·q_j = Σ_j code_j·q_j + 8·Σ_j q_j.
static int32_t correction_of(const int8_t *query, size_t scanned) {
    int32_t sum = 0;
    for (size_t j = 0; j < scanned * 8; j++) sum += query[j];
    return GR_INT4_ROW_OFFSET * sum;
}

static inline void block4_scalar(const int8_t *query, const uint8_t *block, size_t groups, const float *rowScale,
                                 int32_t correction, float queryScale, float *scores) {
    int32_t dots[GR_BLOCK_ROWS] = {0};
    for (size_t g = 0; g < groups; g++) {
        const uint8_t *column = block + g * 32;
        for (int i = 0; i < GR_BLOCK_ROWS; i++) {
            for (int k = 0; k < 4; k++) {
                uint8_t byte = column[i * 4 + k];
                dots[i] += (int32_t)query[g * 8 + k] * (int32_t)(byte & 0x0F)
                         + (int32_t)query[g * 8 + 4 + k] * (int32_t)(byte >> 4);
            }
        }
    }
    for (int i = 0; i < GR_BLOCK_ROWS; i++) scores[i] = queryScale * rowScale[i] * (float)(dots[i] - correction);
}

GR_LOOPS(scores4_scalar, above4_scalar, block4_scalar, GR_NO_TARGET)

#if defined(__x86_64__)
// PRODUCT(acc, rows, q): acc's lane i += the 4-byte dot of row i's bytes in `rows` with q.
// One load of 32 bytes is 8 codes of 8 rows: the low nibbles are dims 8g…8g+3, the high ones
// 8g+4…8g+7, each multiplied by the matching 4 query codes.
// HIGH(v) gives the high nibbles as bytes, times 2^HIGH_SHIFT (the high accumulator is shifted
// back down at the end: exact, every product it summed is a multiple of 2^HIGH_SHIFT).
#define GR_INT4_KERNEL(NAME, TARGET, PRODUCT, HIGH, HIGH_SHIFT)                                               \
    __attribute__((target(TARGET)))                                                                            \
    static inline __m256 NAME(const int8_t *query, const uint8_t *block, size_t groups, const float *rowScale, \
                              int32_t correction, float queryScale) {                                         \
        const __m256i nibble = _mm256_set1_epi8(0x0F);                                                         \
        __m256i a0 = _mm256_setzero_si256(), a1 = a0;                                                          \
        for (size_t g = 0; g < groups; g++) {                                                                  \
            int32_t q[2];                                                                                      \
            memcpy(q, query + g * 8, 8);                                                                       \
            __m256i v = _mm256_loadu_si256((const __m256i *)(block + g * 32));                                 \
            PRODUCT(a0, _mm256_and_si256(v, nibble), _mm256_set1_epi32(q[0]));                                 \
            PRODUCT(a1, HIGH(v), _mm256_set1_epi32(q[1]));                                                     \
        }                                                                                                      \
        a1 = _mm256_srai_epi32(a1, HIGH_SHIFT);                                                                \
        __m256i dots = _mm256_sub_epi32(_mm256_add_epi32(a0, a1), _mm256_set1_epi32(correction));              \
        return _mm256_mul_ps(_mm256_mul_ps(_mm256_set1_ps(queryScale), _mm256_loadu_ps(rowScale)),            \
                             _mm256_cvtepi32_ps(dots));                                                        \
    }                                                                                                          \
    /* Four consecutive blocks: each pair of query broadcasts feeds eight multiply-adds. */                    \
    __attribute__((target(TARGET)))                                                                            \
    static inline void NAME##_x4(const int8_t *query, const uint8_t *blocks, size_t groups, size_t step,      \
                                 const float *rowScale, int32_t correction, float queryScale, __m256 out[4]) { \
        const __m256i nibble = _mm256_set1_epi8(0x0F);                                                         \
        __m256i a[4], b[4];                                                                                    \
        for (int k = 0; k < 4; k++) a[k] = b[k] = _mm256_setzero_si256();                                      \
        for (size_t g = 0; g < groups; g++) {                                                                  \
            int32_t q[2];                                                                                      \
            memcpy(q, query + g * 8, 8);                                                                       \
            __m256i lo = _mm256_set1_epi32(q[0]), hi = _mm256_set1_epi32(q[1]);                                \
            for (int k = 0; k < 4; k++) {                                                                      \
                __m256i v = _mm256_loadu_si256((const __m256i *)(blocks + k * step + g * 32));                 \
                PRODUCT(a[k], _mm256_and_si256(v, nibble), lo);                                                \
                PRODUCT(b[k], HIGH(v), hi);                                                                    \
            }                                                                                                  \
        }                                                                                                      \
        const __m256i fix = _mm256_set1_epi32(correction);                                                     \
        const __m256 qs = _mm256_set1_ps(queryScale);                                                          \
        for (int k = 0; k < 4; k++) {                                                                          \
            __m256i dots = _mm256_sub_epi32(_mm256_add_epi32(a[k], _mm256_srai_epi32(b[k], HIGH_SHIFT)), fix);  \
            out[k] = _mm256_mul_ps(_mm256_mul_ps(qs, _mm256_loadu_ps(rowScale + 8 * k)), _mm256_cvtepi32_ps(dots)); \
        }                                                                                                      \
    }

// AVX2: u4 codes × s8 query ≤ 15 × 127, so vpmaddubsw's 16-bit pair sums cannot saturate.
#define GR_AVX2_INT4(acc, rows, q) acc = _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(rows, q), _mm256_set1_epi16(1)))
#define GR_AVX2_HIGH(v) _mm256_and_si256(_mm256_srli_epi16(v, 4), _mm256_set1_epi8(0x0F))
GR_INT4_KERNEL(block4_avx2, "avx2", GR_AVX2_INT4, GR_AVX2_HIGH, 0)
GR_VECTOR_LOOPS(scores4_avx2, above4_avx2, block4_avx2, "avx2")

// VNNI: no 16-bit intermediate to saturate, so the high nibbles are used in place (× 16: one
// and, no shift per load).
#define GR_VNNI_INT4(acc, rows, q) acc = _mm256_dpbusd_epi32(acc, rows, q)
#define GR_VNNI_HIGH(v) _mm256_and_si256(v, _mm256_set1_epi8((char)0xF0))
GR_INT4_KERNEL(block4_vnni, "avx2,avx512f,avx512vl,avx512vnni", GR_VNNI_INT4, GR_VNNI_HIGH, 4)
GR_VECTOR_LOOPS(scores4_vnni, above4_vnni, block4_vnni, "avx2,avx512f,avx512vl,avx512vnni")
#endif

GR_ENTRY_POINTS(gr_int4_scores, gr_int4_above, scores4, above4)
