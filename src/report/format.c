/*
 * format.c: the small formatting helpers every report writer shares.
 *
 *  - vs_fmt_double: the shortest of %.15g, %.16g, %.17g that reads back to the
 *    same double, so JSON and CSV results are bit-exact and reproducible while
 *    0.1 still prints as "0.1" (17 digits always round-trip for IEEE doubles).
 *  - vs_json_write_string: JSON string escaping (RFC 8259, section 7).
 *  - vs_csv_write_field: RFC 4180 quoting.
 *  - vs_shell_join: a command line that a POSIX shell reads back to argv.
 *  - vs_utc_timestamp: ISO 8601 time in UTC.
 * No state; all are safe to call from several threads.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "virtsim/report.h"

/* Copy a printf'ed number, replacing whatever the locale uses as a decimal
 * point (one or more bytes that are not digits, signs or 'e') by '.'. */
static void c_locale_number(char *dst, const char *src)
{
    int in_other = 0;
    for (; *src; src++) {
        char ch = *src;
        if ((ch >= '0' && ch <= '9') || ch == '-' || ch == '+' || ch == 'e' || ch == 'E') {
            *dst++ = ch;
            in_other = 0;
        } else if (!in_other) {
            *dst++ = '.';
            in_other = 1;
        }
    }
    *dst = '\0';
}

char *vs_fmt_double(char buf[VS_FMT_DOUBLE_MAX], double x)
{
    if (!isfinite(x)) {
        memcpy(buf, "null", 5);
        return buf;
    }
    char tmp[VS_FMT_DOUBLE_MAX];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, x);
        /* strtod reads with the same locale snprintf wrote with. */
        if (prec == 17 || strtod(tmp, NULL) == x)
            break;
    }
    c_locale_number(buf, tmp);
    return buf;
}

int vs_json_write_string(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return ferror(f) ? VS_EIO : VS_OK;
    }
    putc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char ch = *p;
        switch (ch) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        case '\b': fputs("\\b", f); break;
        case '\f': fputs("\\f", f); break;
        default:
            /* Control characters must be escaped; DEL and bytes >= 0x80
             * (UTF-8 sequences) are passed through unchanged. */
            if (ch < 0x20)
                fprintf(f, "\\u%04x", (unsigned)ch);
            else
                putc((int)ch, f);
        }
    }
    putc('"', f);
    return ferror(f) ? VS_EIO : VS_OK;
}

int vs_csv_write_field(FILE *f, const char *s)
{
    if (!s || !*s)
        return ferror(f) ? VS_EIO : VS_OK;
    size_t n = strlen(s);
    int quote = strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ' || s[0] == '\t' ||
                s[n - 1] == ' ' || s[n - 1] == '\t';
    if (!quote) {
        fputs(s, f);
        return ferror(f) ? VS_EIO : VS_OK;
    }
    putc('"', f);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            putc('"', f);
        putc(*p, f);
    }
    putc('"', f);
    return ferror(f) ? VS_EIO : VS_OK;
}

/* Characters a POSIX shell never treats specially inside a word. */
static int shell_safe(const char *w)
{
    if (!*w)
        return 0;
    for (; *w; w++) {
        char ch = *w;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || strchr("_@%+=:,./-", ch)))
            return 0;
    }
    return 1;
}

char *vs_shell_join(int argc, const char *const *argv)
{
    /* Worst case per word: every byte is ' -> 4 bytes ('\''), plus 2 quotes
     * and a separator. */
    size_t cap = 1;
    for (int i = 0; i < argc; i++)
        cap += 4 * strlen(argv[i] ? argv[i] : "") + 3;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    char *o = out;
    for (int i = 0; i < argc; i++) {
        const char *w = argv[i] ? argv[i] : "";
        if (i > 0)
            *o++ = ' ';
        if (shell_safe(w)) {
            size_t n = strlen(w);
            memcpy(o, w, n);
            o += n;
            continue;
        }
        *o++ = '\'';
        for (; *w; w++) {
            if (*w == '\'') {
                memcpy(o, "'\\''", 4);
                o += 4;
            } else {
                *o++ = *w;
            }
        }
        *o++ = '\'';
    }
    *o = '\0';
    return out;
}

void vs_utc_timestamp(char buf[32])
{
    time_t now = time(NULL);
    struct tm tm;
    if (now == (time_t)-1 || !gmtime_r(&now, &tm) ||
        strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, 32, "1970-01-01T00:00:00Z");
}
