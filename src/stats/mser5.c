/*
 * mser5.c: the MSER-5 truncation rule for warm-up deletion.
 *
 * White (1997) and Franklin & White (2008): average the output series in
 * non-overlapping batches of 5, z_j = (x_{5j} + ... + x_{5j+4}) / 5 for
 * j = 0 .. nb-1 (nb = floor(n / 5); a trailing partial batch is ignored),
 * and delete the first d batches where d minimises
 *
 *     MSER(d) = (1 / (nb - d)^2) * sum_{j=d}^{nb-1} (z_j - zbar_d)^2,
 *     zbar_d  = (1 / (nb - d)) * sum_{j=d}^{nb-1} z_j,
 *
 * i.e. the squared standard error of the truncated mean (up to a constant
 * factor).  Deleting biased early batches lowers the sum of squares; deleting
 * good ones only shrinks nb - d, so the minimum sits at the end of the
 * transient.  As is customary the search is restricted to d <= nb / 2: a
 * minimum in the second half means the run is too short to tell.
 *
 * How it works.  MSER(d) needs the mean and the sum of squared deviations of
 * every suffix z_d .. z_{nb-1}.  We walk the batches backwards and add each
 * to a Welford accumulator, which then holds exactly the suffix statistics;
 * this is O(n) time, O(1) memory, and numerically stable even when the data
 * carry a large offset (where suffix sums of squares would cancel).
 * Ties keep the smallest d.
 */
#include "virtsim/stats.h"

size_t vs_mser5(const double *x, size_t n)
{
    size_t nb = n / 5;
    if (nb < 2)
        return 0;
    size_t dmax = nb / 2;
    /* Welford over the suffix: mean and sum of squared deviations. */
    double mean = 0.0, m2 = 0.0;
    double best = INFINITY;
    size_t best_d = 0;
    for (size_t j = nb; j-- > 0;) {
        const double *b = x + 5 * j;
        double z = (b[0] + b[1] + b[2] + b[3] + b[4]) / 5.0;
        double m = (double)(nb - j);  /* batches in the suffix j .. nb-1 */
        double d = z - mean;
        mean += d / m;
        m2 += d * (z - mean);
        if (j <= dmax) {
            double stat = m2 / (m * m);
            if (stat <= best) {  /* <=: on ties prefer the smaller d */
                best = stat;
                best_d = j;
            }
        }
    }
    return 5 * best_d;
}
