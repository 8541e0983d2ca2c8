/*
 * fuzz_scenario.c: libFuzzer target for the scenario loader.
 *
 * Feeds arbitrary bytes to vs_scenario_load_string and, when they load,
 * builds the world (placement, policies) without running it.  Neither may
 * crash, leak or read out of bounds, whatever the input.  Not part of the
 * CMake build (it needs clang); run it by hand:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_POSIX_C_SOURCE=200809L \
 *       -DVS_MODELS_DIR='"models"' -DVS_VERSION='"fuzz"' -Iinclude -Isrc \
 *       tests/fuzz/fuzz_scenario.c $(find src -name '*.c' ! -path 'src/cli/*') \
 *       $(pkg-config --cflags --libs gsl yaml-0.1 cairo) -lm -lpthread -o /tmp/fuzz_scenario
 *   /tmp/fuzz_scenario -max_total_time=300 tests/fuzz/corpus scenarios
 */
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_errno.h>

#include "virtsim/scenario.h"
#include "virtsim/sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int init;
    if (!init) {
        gsl_set_error_handler_off();
        init = 1;
    }
    vs_config *cfg = NULL;
    vs_err err;
    if (vs_scenario_load_string((const char *)data, size, "fuzz.yaml", ".", NULL, 0, &cfg,
                                &err) == VS_OK) {
        vs_sim_check(cfg, &err);
        vs_config_free(cfg);
    }
    return 0;
}
