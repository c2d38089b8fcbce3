// Private to CScoring: the scan loops every kernel shares, and which kernel family runs.
#ifndef CSCORING_SCAN_LOOPS_H
#define CSCORING_SCAN_LOOPS_H

#include "CScoring.h"

#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

// The kernel family in use (Dispatch.c picks it when the library loads): every entry point
// switches on it, one well-predicted branch per call.
enum gr_kernel_choice { GR_KERNEL_SCALAR, GR_KERNEL_AVX2, GR_KERNEL_VNNI };
extern enum gr_kernel_choice gr_kernel_choice;

// A block kernel computes the 8 scores of one block; the two loops below differ in what they
// do with them (store, or keep those above a threshold). Each kernel gets its own copy of both
// loops (GR_LOOPS), so the block kernel inlines and a call costs one indirect jump, not one
// per block.
// GR_LOOPS(SCORES, ABOVE, BLOCK, TARGET): the two loops over a scalar block kernel
// BLOCK(query, block, groups, rowScale, correction, queryScale, float scores[8]).
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

#if defined(__x86_64__)
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

#endif

// The public entry points of one precision: compute the query's offset correction, then call
// the loops of the kernel family in use (SCORES##_vnni, SCORES##_avx2, SCORES##_scalar, and the same for ABOVE).
#if defined(__x86_64__)
#define GR_CASE_VECTOR(CALL_VNNI, CALL_AVX2) case GR_KERNEL_VNNI: return CALL_VNNI; case GR_KERNEL_AVX2: return CALL_AVX2;
#else
#define GR_CASE_VECTOR(CALL_VNNI, CALL_AVX2)
#endif
#define GR_ENTRY_POINTS(SCORES_NAME, ABOVE_NAME, SCORES, ABOVE)                                               \
    void SCORES_NAME(const int8_t *query, const uint8_t *blocks, size_t groups, size_t scanned, size_t first,  \
                     size_t count, const float *rowScale, float queryScale, int accumulate, float *out) {      \
        int32_t correction = correction_of(query, scanned);                                                    \
        switch (gr_kernel_choice) {                                                                            \
        GR_CASE_VECTOR(                                                                                        \
            SCORES##_vnni(query, blocks, groups, scanned, first, count, rowScale, correction, queryScale, accumulate, out), \
            SCORES##_avx2(query, blocks, groups, scanned, first, count, rowScale, correction, queryScale, accumulate, out)) \
        default:                                                                                               \
            return SCORES##_scalar(query, blocks, groups, scanned, first, count, rowScale, correction, queryScale, accumulate, out); \
        }                                                                                                      \
    }                                                                                                          \
    size_t ABOVE_NAME(const int8_t *query, const uint8_t *blocks, size_t groups, size_t scanned, size_t first, \
                      size_t count, const float *rowScale, float queryScale, float threshold,                 \
                      int32_t *outItems, float *outScores, size_t capacity, size_t *written) {                \
        int32_t correction = correction_of(query, scanned);                                                    \
        switch (gr_kernel_choice) {                                                                            \
        GR_CASE_VECTOR(                                                                                        \
            ABOVE##_vnni(query, blocks, groups, scanned, first, count, rowScale, correction, queryScale, threshold, \
                         outItems, outScores, capacity, written),                                              \
            ABOVE##_avx2(query, blocks, groups, scanned, first, count, rowScale, correction, queryScale, threshold, \
                         outItems, outScores, capacity, written))                                              \
        default:                                                                                               \
            return ABOVE##_scalar(query, blocks, groups, scanned, first, count, rowScale, correction, queryScale, \
                                  threshold, outItems, outScores, capacity, written);                          \
        }                                                                                                      \
    }

_Static_assert(GR_BLOCK_ROWS == 8, "the vector kernels hold a block in one 8-lane register");

#endif
