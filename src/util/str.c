/*
 * str.c: small string helpers shared across modules.
 */
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

char *vs__strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}
