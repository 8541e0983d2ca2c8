/*
 * report.h: a filled vs_summary as text, JSON and CSV, written atomically.
 *
 * The report module is the last step of a run: it never sees the engine or
 * the model, only the plain vs_summary (summary.h) that the experiment module
 * filled.  It prints
 *   - a readable text table per station (simulated mean +- 95% CI half-width
 *     next to the analytic value, the relative error and whether the theory
 *     lies inside the CI), per-class lines, and a host table;
 *   - the JSON summary whose shape is the contract of scenario-format.md
 *     ("Command and results"), with numbers that round-trip bit-exactly;
 *   - two flat CSV tables (stations, hosts) with RFC 4180 quoting;
 *   - a manifest (version, scenario checksum, seed, command line, time).
 * docs/results.md describes every file and field.
 *
 * Output to a directory goes through vs_write_file_atomic: each file is
 * written to a temporary name in the same directory, flushed, fsync'ed and
 * renamed into place, so a reader sees either the old file or the complete
 * new one, never a half-written one (also on a full disk or a crash).
 *
 * Nothing here keeps state: every function may run in parallel threads on
 * different streams.  Numbers are printed in the "C" locale format (a '.'
 * decimal point) whatever LC_NUMERIC says.
 */
#ifndef VIRTSIM_REPORT_H
#define VIRTSIM_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "virtsim/err.h"
#include "virtsim/experiment.h"
#include "virtsim/summary.h"

/* ---- the four printers ---------------------------------------------------
 * Each writes to an open stream and returns VS_OK, or VS_EIO when the stream
 * reports an error (ferror) after writing; VS_EINVAL for a NULL argument.
 * They do not close or flush the stream. */

/* Readable tables: header lines (scenario, replications, seed, simulated time,
 * events, wall time, events/s), a "PARTIAL RESULTS (interrupted)" banner when
 * s->partial, one table per station (metric | simulated mean +- ci95 |
 * analytic | rel. error | theory in CI?), per-class lines when a station has
 * more than one class, and a host table (utilization +- ci95, energy). */
int vs_report_text(FILE *f, const vs_summary *s);

/* The JSON summary (scenario-format.md, "Command and results", plus the extra
 * fields listed in docs/results.md).  Always valid JSON: NaN and infinities
 * print as null, strings are escaped. */
int vs_report_json(FILE *f, const vs_summary *s);

/* One header row and one row per station (resp. host); empty field for NaN.
 * `virtsim run --format csv` prints the stations table on standard output. */
int vs_report_csv_stations(FILE *f, const vs_summary *s);
int vs_report_csv_hosts(FILE *f, const vs_summary *s);
/* The time series (output.series) as CSV: a header of column names, then
 * one row per sample; written as series.csv by vs_report_write_dir. */
int vs_report_csv_series(FILE *f, const vs_series *ts);

/* ---- studies (sweep, compare, plan) ----------------------------------------
 * Same conventions and return codes as the single-run printers.
 *  sweep:   text tables per station (one row per grid point); JSON
 *           {"vary": [...], "partial", "points": [{"values": {PATH: V}, "summary": {...}}]};
 *           CSV one row per (point, station).
 *  compare: each metric, each variant's value +- CI and its paired difference
 *           against the first variant +- CI, "*" when the CI excludes 0; JSON
 *           {"vary", "partial", "comparisons": [...], "variants": [summaries]}; CSV
 *           one row per (station, metric, variant).
 *  plan:    the evaluations and the answer; JSON {"vary", "answer", "target",
 *           "analytic_estimate", "evaluations": [{"value", "mean", "ci95", "meets"}]}. */
int vs_report_sweep_text(FILE *f, const vs_sweep *s);
int vs_report_sweep_json(FILE *f, const vs_sweep *s);
int vs_report_sweep_csv(FILE *f, const vs_sweep *s);
int vs_report_compare_text(FILE *f, const vs_sweep *s);
int vs_report_compare_json(FILE *f, const vs_sweep *s);
int vs_report_compare_csv(FILE *f, const vs_sweep *s);
int vs_report_plan_text(FILE *f, const vs_plan *p);
int vs_report_plan_json(FILE *f, const vs_plan *p);
int vs_report_plan_csv(FILE *f, const vs_plan *p);

/* ---- manifest -------------------------------------------------------------
 * What produced a results directory.  All pointers are borrowed; any may be
 * NULL.  Zero-initialise ({0}) and fill what is known. */
typedef struct vs_manifest {
    const char *version;          /* virtsim version; NULL = this library's */
    const char *scenario_path;    /* the scenario file as given; NULL if none */
    char scenario_sha256[65];     /* lowercase hex; "" = computed from
                                     scenario_path by vs_report_write_dir */
    uint64_t seed;                /* master seed */
    int replications;             /* replications completed */
    int threads;                  /* worker threads used */
    int argc;                     /* the command line, joined with shell */
    const char *const *argv;      /*   quoting in "command_line" */
    char created_utc[32];         /* "YYYY-MM-DDThh:mm:ssZ"; "" = now */
    int partial;                  /* 1 if the run was interrupted */
} vs_manifest;

/* manifest.json: {"virtsim_version", "scenario", "scenario_sha256",
 * "seed", "replications", "threads", "command_line", "argv", "created_utc",
 * "partial", "files"}.  Prints m as it is (an empty checksum or time as
 * null); vs_report_write_dir fills them in first. */
int vs_report_manifest_json(FILE *f, const vs_manifest *m);

/* ---- files ----------------------------------------------------------------*/

/* Write callback: writes the file's whole content to f, returns VS_OK or a
 * negative VS_E* code (a failure aborts the write and keeps the old file). */
typedef int (*vs_write_fn)(FILE *f, const void *ctx);

/* Atomically replace path with what writer() produces:
 *   1. mkstemp("PATH.tmp.XXXXXX") in the same directory (mode set to 0644);
 *   2. writer(f, ctx); fflush; check ferror; fsync; fclose;
 *   3. rename() over path, then fsync the directory (best effort).
 * On any failure the temporary file is removed, path is left as it was, err
 * says what failed and why (strerror), and the code is returned: VS_EIO for
 * system errors, or the callback's own code. */
int vs_write_file_atomic(const char *path, vs_write_fn writer, const void *ctx,
                         vs_err *err);

/* mkdir -p: create dir and its missing parents (mode 0777 & ~umask).
 * VS_EIO with a message if a component exists and is not a directory or
 * cannot be created. */
int vs_mkdir_p(const char *dir, vs_err *err);

/* Create dir (mkdir -p) and write summary.json, stations.csv, hosts.csv,
 * manifest.json (and series.csv when the summary has a time series) in it, each atomically.  m may be NULL (then no manifest).
 * The manifest's checksum and time are filled in when empty (m itself is not
 * changed); a scenario file that cannot be read gives a null checksum, not a
 * failure.  Stops at the first failure and returns its code. */
int vs_report_write_dir(const char *dir, const vs_summary *s, const vs_manifest *m,
                        vs_err *err);

/* ---- formatting helpers (shared with the CLI and plots) --------------------*/

/* Buffer size that any vs_fmt_double result fits in. */
#define VS_FMT_DOUBLE_MAX 32

/* The shortest "%.Ng" with N in 15..17 that strtod reads back to exactly x
 * (17 always does); '.' as decimal point.  NaN and infinities give "null".
 * Returns buf. */
char *vs_fmt_double(char buf[VS_FMT_DOUBLE_MAX], double x);

/* s as a JSON string with its quotes: '"' '\\' escaped, control characters as
 * \n \t \r \b \f or \u00XX; well-formed UTF-8 passed through, any byte of an
 * ill-formed sequence written as \ufffd.  NULL prints null.  Returns VS_OK or
 * VS_EIO. */
int vs_json_write_string(FILE *f, const char *s);

/* One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR, LF or
 * leading/trailing blanks, with quotes doubled.  NULL prints an empty field. */
int vs_csv_write_field(FILE *f, const char *s);

/* argv joined with spaces, each word quoted for a POSIX shell when needed
 * ('...' with ' written as '\''), so pasting it reruns the command.
 * malloc'ed; NULL when out of memory. */
char *vs_shell_join(int argc, const char *const *argv);

/* The current time in UTC as "YYYY-MM-DDThh:mm:ssZ" (buf has >= 21 bytes). */
void vs_utc_timestamp(char buf[32]);

/* ---- SHA-256 (FIPS 180-4) ---------------------------------------------------*/

typedef struct vs_sha256 {
    uint32_t h[8];          /* chaining state */
    uint64_t nbytes;        /* message length so far */
    unsigned char buf[64];  /* pending partial block */
    size_t nbuf;
} vs_sha256;

void vs_sha256_init(vs_sha256 *c);
void vs_sha256_update(vs_sha256 *c, const void *data, size_t n);
void vs_sha256_final(vs_sha256 *c, unsigned char digest[32]);
/* Digest of a memory block as 64 lowercase hex digits plus NUL. */
void vs_sha256_hex(const void *data, size_t n, char hex[65]);
/* Digest of a file's bytes; VS_EIO with a message if it cannot be read. */
int vs_sha256_file(const char *path, char hex[65], vs_err *err);

#endif /* VIRTSIM_REPORT_H */
