/*
 * err.c: error codes, names and the caller-owned error record.
 *
 * The code list lives in one X-macro (VS_ERRNO_MAP in err.h) so the enum,
 * vs_errname and vs_strerror cannot drift apart.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "virtsim/config.h"
#include "virtsim/err.h"

const char *vs_errname(int code)
{
    switch (code) {
    case VS_OK: return "VS_OK";
#define VS__ERR_NAME(name, val, msg) case VS_##name: return "VS_" #name;
    VS_ERRNO_MAP(VS__ERR_NAME)
#undef VS__ERR_NAME
    default: return "unknown";
    }
}

const char *vs_strerror(int code)
{
    switch (code) {
    case VS_OK: return "success";
#define VS__ERR_MSG(name, val, msg) case VS_##name: return msg;
    VS_ERRNO_MAP(VS__ERR_MSG)
#undef VS__ERR_MSG
    default: return "unknown error";
    }
}

void vs_err_clear(vs_err *err)
{
    if (!err)
        return;
    err->code = VS_OK;
    err->line = 0;
    err->col = 0;
    err->file[0] = '\0';
    err->msg[0] = '\0';
}

/* Append a formatted message after `used` bytes, marking truncation. */
static void put_msg(vs_err *err, size_t used, const char *fmt, va_list ap)
{
    if (used >= sizeof err->msg)
        used = sizeof err->msg - 1;
    int n = vsnprintf(err->msg + used, sizeof err->msg - used, fmt, ap);
    if (n >= 0 && (size_t)n >= sizeof err->msg - used)
        memcpy(err->msg + sizeof err->msg - 4, "...", 4);
}

int vs_err_set(vs_err *err, int code, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    err->line = 0;
    err->col = 0;
    err->file[0] = '\0';
    va_list ap;
    va_start(ap, fmt);
    put_msg(err, 0, fmt, ap);
    va_end(ap);
    return code;
}

static int err_vat(vs_err *err, int code, const char *file, int line, int col,
                   const char *fmt, va_list ap)
{
    if (!err)
        return code;
    err->code = code;
    err->line = line;
    err->col = col;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    int n;
    if (line > 0 && col > 0)
        n = snprintf(err->msg, sizeof err->msg, "%s%s%d:%d: ", file ? file : "",
                     file ? ":" : "", line, col);
    else if (line > 0)
        n = snprintf(err->msg, sizeof err->msg, "%s%s%d: ", file ? file : "",
                     file ? ":" : "", line);
    else
        n = snprintf(err->msg, sizeof err->msg, "%s%s", file ? file : "",
                     file ? ": " : "");
    put_msg(err, n < 0 ? 0 : (size_t)n, fmt, ap);
    return code;
}

int vs_err_at(vs_err *err, int code, const char *file, int line, int col,
              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vat(err, code, file, line, col, fmt, ap);
    va_end(ap);
    return code;
}

int vs_config_fail(const vs_config *cfg, vs_srcpos pos, vs_err *err, int code,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vat(err, code, cfg && cfg->file ? cfg->file : NULL, pos.line, pos.col, fmt, ap);
    va_end(ap);
    return code;
}
