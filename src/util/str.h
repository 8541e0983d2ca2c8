/*
 * str.h: small string helpers shared across modules (internal).
 */
#ifndef VS_UTIL_STR_H
#define VS_UTIL_STR_H

/* A malloc'ed copy of s, or NULL when s is NULL or memory runs out. */
char *vs__strdup(const char *s);

#endif
