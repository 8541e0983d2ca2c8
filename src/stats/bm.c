/*
 * bm.c: batch means for a ratio estimator in bounded memory.
 *
 * One long run gives one sample path whose observations are correlated, so
 * the plain standard error of the observations is wrong.  The method of batch
 * means cuts the run into consecutive batches; when the batches are long
 * compared with the correlation time their means are nearly independent and
 * nearly normal, and the Student t interval over the batch means is valid.
 *
 * How it works.  The caller pushes base blocks (one time interval, one job),
 * each a pair (numerator, denominator): area and duration for a time average,
 * sum of responses and number of jobs for a mean response time.  A batch is
 * `parts` consecutive base blocks; its estimate is the ratio
 *     r_j = (sum of numerators) / (sum of denominators).
 * We do not know the run length in advance, so the batch size adapts: when
 * VS_BM_MAX = 64 batches are complete, neighbours are summed pairwise
 * (batch 2i and 2i+1 become batch i), leaving 32 batches of twice the size,
 * and `parts` doubles for the batches still to come.  Sums of numerators and
 * denominators merge exactly, so the result is the same as if the final
 * batch size had been chosen in advance.  Memory is O(VS_BM_MAX), and the
 * number of complete batches always lies in [32, 63] once 32 were reached.
 * The base blocks of the incomplete last batch are left out of the interval.
 *
 * Cost: O(1) amortised per push (a merge costs 32 additions every 32 new
 * batches).
 */
#include <math.h>

#include "virtsim/stats.h"

void vs_bm_init(vs_bm *b)
{
    for (int i = 0; i < VS_BM_MAX; i++) {
        b->num[i] = 0.0;
        b->den[i] = 0.0;
    }
    b->n = 0;
    b->parts = 1;
    b->pend_parts = 0;
    b->pend_num = 0.0;
    b->pend_den = 0.0;
}

/* Sum batches 2i and 2i+1 into batch i: 64 batches of `parts` blocks become
 * 32 batches of 2 * parts blocks. */
static void halve(vs_bm *b)
{
    int half = b->n / 2;
    for (int i = 0; i < half; i++) {
        b->num[i] = b->num[2 * i] + b->num[2 * i + 1];
        b->den[i] = b->den[2 * i] + b->den[2 * i + 1];
    }
    for (int i = half; i < b->n; i++) {
        b->num[i] = 0.0;
        b->den[i] = 0.0;
    }
    b->n = half;
    b->parts *= 2;
}

void vs_bm_push(vs_bm *b, double num, double den)
{
    b->pend_num += num;
    b->pend_den += den;
    if (++b->pend_parts < b->parts)
        return;
    b->num[b->n] = b->pend_num;
    b->den[b->n] = b->pend_den;
    b->n++;
    b->pend_parts = 0;
    b->pend_num = 0.0;
    b->pend_den = 0.0;
    if (b->n == VS_BM_MAX)
        halve(b);
}

/*
 * Over the k complete batches with den_j > 0 (batches with no denominator,
 * e.g. no job completed, carry no ratio and are skipped):
 *     rbar = (1/k) sum r_j,   s^2 = (1/(k-1)) sum (r_j - rbar)^2,
 *     half = t_{k-1, 0.975} * s / sqrt(k).
 * The variance uses Welford's update, so ratios with a large common offset
 * keep their precision.
 */
void vs_bm_ci(const vs_bm *b, double *mean, double *half)
{
    vs_tally t;
    vs_tally_init(&t);
    for (int i = 0; i < b->n; i++)
        if (b->den[i] > 0.0)
            vs_tally_add(&t, b->num[i] / b->den[i]);
    if (mean)
        *mean = t.n > 0 ? t.mean : (double)NAN;
    if (half)
        *half = vs_tally_ci95(&t);
}
