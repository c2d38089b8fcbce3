// Integer dot-product kernels for the ranking core's quantised scans (docs/scaling.md).
//
// Swift has no portable spelling for x86's u8×s8 multiply-add instructions, so the inner loop
// of the int8 scan lives here, in C with intrinsics, picked once per process from what the CPU
// supports. Every kernel computes the same exact integer sums, so results do not depend on
// which one runs.
#ifndef CSCORING_H
#define CSCORING_H

#include <stddef.h>
#include <stdint.h>

// Row codes are signed 8-bit values in [-127, 127], stored unsigned as code + 128 (x86's
// multiply-adds take one unsigned operand); query codes are signed 7-bit, in [-63, 63]. Those
// ranges keep AVX2's saturating 16-bit pair sums exact: 2 × 255 × 63 = 32,130 < 32,767. The
// offset comes back out as 128 × Σ query codes, one constant per query.
#define GR_ROW_OFFSET 128
#define GR_QUERY_LIMIT 63

// Rows are stored in blocks of 8, "column groups" of 4 bytes at a time, so one 32-byte load
// holds the same 4 codes of 8 rows and a u8×s8 dot instruction advances 8 rows at once with
// no horizontal sums: byte k of group g of row r is at
//     blocks[(r / 8) · groups · 32 + g · 32 + (r % 8) · 4 + k].
// A row has `groups` × 4 codes (zero-padded); the matrix has whole blocks (zero rows pad it),
// and rowScale has an entry for every stored row. A scan may use only the first `scanned`
// groups of each row (a blend whose trailing part has weight 0 skips it).
#define GR_BLOCK_ROWS 8

// out[r] (= or +=) queryScale × rowScale[row] × Σ_j query[j]·code[row][j] over the scanned
// groups, row = first + r, for r in 0..<count. `query` holds scanned × 4 codes.
void gr_int8_scores(const int8_t *query, const uint8_t *blocks, size_t groups, size_t scanned, size_t first,
                    size_t count, const float *rowScale, float queryScale, int accumulate, float *out);

// The same scores for rows first..<first + count, but only rows scoring above `threshold` are
// kept: the row and its score are appended at outItems/outScores[*written], which the call
// advances. Returns how many rows it consumed: all `count`, or fewer when fewer than 8 free
// slots of `capacity` are left (the caller makes room and calls again from there).
size_t gr_int8_above(const int8_t *query, const uint8_t *blocks, size_t groups, size_t scanned, size_t first,
                     size_t count, const float *rowScale, float queryScale, float threshold,
                     int32_t *outItems, float *outScores, size_t capacity, size_t *written);

// The same two scans over 4-bit rows: codes in [-7, 7] stored as code + 8, two per byte. A
// column group is 8 codes of a row in 4 bytes: byte k holds code 8g + k in its low nibble and
// code 8g + 4 + k in its high one; the block layout is as above. Query codes are signed 8-bit
// (full range: 15 × 127 × 2 cannot saturate), `scanned` × 8 of them.
#define GR_INT4_ROW_OFFSET 8
#define GR_INT4_LIMIT 7
void gr_int4_scores(const int8_t *query, const uint8_t *blocks, size_t groups, size_t scanned, size_t first,
                    size_t count, const float *rowScale, float queryScale, int accumulate, float *out);
size_t gr_int4_above(const int8_t *query, const uint8_t *blocks, size_t groups, size_t scanned, size_t first,
                     size_t count, const float *rowScale, float queryScale, float threshold,
                     int32_t *outItems, float *outScores, size_t capacity, size_t *written);

// Which kernel the scans use on this CPU: "avx512vnni", "avx2" or "scalar".
const char *gr_int8_kernel_name(void);

// Forces a kernel for tests and benchmarks ("scalar", "avx2", "avx512vnni", or "auto" for the
// startup choice); returns 0 if this CPU lacks it. Not for use while other threads score.
int gr_int8_force_kernel(const char *name);

// Asks for the cache lines of [address, address + bytes) ahead of use: the exact re-scoring
// of a shortlist reads a few dozen scattered Float rows, and issuing every row's loads before
// the first dot product overlaps their misses instead of paying them one after another.
static inline void gr_prefetch(const void *address, size_t bytes) {
    const char *p = (const char *)address;
    for (size_t offset = 0; offset < bytes; offset += 64) __builtin_prefetch(p + offset, 0, 3);
}

#endif
