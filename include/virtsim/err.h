/*
 * err.h: error codes and the caller-owned error record.
 *
 * Every fallible function in libvirtsim returns an int status (0 = VS_OK, a
 * negative VS_E* code otherwise) or NULL, and fills a caller-owned vs_err with
 * a human-readable message.  There is no global errno: errors stay reentrant,
 * so several simulations can run in parallel threads.
 *
 * Messages about user input carry their location in the compiler format:
 * "FILE:LINE:COL: message" (lines and columns start at 1).
 */
#ifndef VIRTSIM_ERR_H
#define VIRTSIM_ERR_H

#include <stddef.h>

/* One X-macro list gives every code its name and message (libuv style). */
#define VS_ERRNO_MAP(X)                                                   \
    X(ENOMEM, -1, "out of memory")                                        \
    X(EINVAL, -2, "invalid argument")                                     \
    X(EIO, -3, "input/output error")                                      \
    X(EPARSE, -4, "syntax error")                                         \
    X(ESCHEMA, -5, "scenario error")                                      \
    X(ERANGE, -6, "value out of range")                                   \
    X(EUNSTABLE, -7, "unstable system (utilization >= 1)")                \
    X(EINTR, -8, "interrupted")                                           \
    X(ENOTSUP, -9, "not supported")                                       \
    X(ERUNTIME, -10, "runtime failure")

enum {
    VS_OK = 0,
#define VS__ERR_ENUM(name, val, msg) VS_##name = (val),
    VS_ERRNO_MAP(VS__ERR_ENUM)
#undef VS__ERR_ENUM
};

/* Size of the message buffer; longer messages are truncated with "...". */
#define VS_ERR_MSG_MAX 1024

typedef struct vs_err {
    int code;                  /* VS_OK or a VS_E* code */
    int line;                  /* 1-based source line, 0 when not about a file */
    int col;                   /* 1-based source column, 0 when unknown */
    char file[512];            /* source file name, "" when not about a file */
    char msg[VS_ERR_MSG_MAX];  /* full message, including "FILE:LINE:COL: " */
} vs_err;

/* Name ("VS_EINVAL") and default message of a code; "unknown" for others. */
const char *vs_errname(int code);
const char *vs_strerror(int code);

/* Reset an error record to VS_OK with an empty message. NULL is allowed. */
void vs_err_clear(vs_err *err);

/* Set err (if not NULL) to code with a printf-style message and return code. */
int vs_err_set(vs_err *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Same, with a location: msg becomes "file:line:col: <message>".  file may be
 * NULL (then the location prefix is "line:col: "), col may be 0 (omitted). */
int vs_err_at(vs_err *err, int code, const char *file, int line, int col,
              const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* VS_FAIL(err, code, fmt, ...): set the error and return the code from the
 * calling function, like GSL_ERROR. */
#define VS_FAIL(err, code, ...) return vs_err_set((err), (code), __VA_ARGS__)

#endif /* VIRTSIM_ERR_H */
