/*
 * scenario.h: YAML scenario files to vs_config.
 *
 * Loads with libyaml's document API so every node has a position; validates
 * every key (unknown keys are errors with a "did you mean" hint), converts
 * units and checks ranges, and reports the first problem as
 * "FILE:LINE:COL: KEY.PATH: message, expected ..., got '...'".
 * Defends against hostile input: binary or empty files, absurd nesting,
 * alias bombs, huge numbers.  See docs/scenario-reference.md.
 */
#ifndef VIRTSIM_SCENARIO_H
#define VIRTSIM_SCENARIO_H

#include <stddef.h>

#include "virtsim/config.h"
#include "virtsim/err.h"

/* A --set KEY=VALUE override: key is a dotted path whose list items are
 * addressed by their `name` ("workloads.requests.arrival.rate"). */
typedef struct vs_override {
    const char *key;
    const char *value;
} vs_override;

/* Load and validate a scenario file, applying overrides in order before
 * validation.  On success *out owns a new config.  On failure returns
 * VS_EIO (cannot read), VS_EPARSE (YAML syntax) or VS_ESCHEMA (content),
 * with err->file/line/col and err->msg set. */
int vs_scenario_load(const char *path, const vs_override *sets, size_t nsets,
                     vs_config **out, vs_err *err);

/* The same from text in memory; `name` stands for the file name in messages,
 * `dir` is where relative file references (empirical, trace) are resolved. */
int vs_scenario_load_string(const char *text, size_t len, const char *name,
                            const char *dir, const vs_override *sets, size_t nsets,
                            vs_config **out, vs_err *err);

#endif /* VIRTSIM_SCENARIO_H */
