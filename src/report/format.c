/*
 * format.c: the small formatting helpers every report writer shares.
 *
 *  - vs_fmt_double: the shortest of %.15g, %.16g, %.17g that reads back to the
 *    same double, so JSON and CSV results are bit-exact and reproducible while
 *    0.1 still prints as "0.1" (17 digits always round-trip for IEEE doubles).
 *  - vs_json_write_string: JSON string escaping (RFC 8259, section 7), with
 *    ill-formed UTF-8 replaced so the output is always valid.
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

/* Length of the well-formed UTF-8 sequence starting at p (RFC 3629: no
 * overlong forms, no surrogates, at most U+10FFFF), or 0 if ill-formed. */
static size_t utf8_len(const unsigned char *p)
{
    unsigned char c = p[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the 2nd byte */
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return n;
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
            /* Control characters must be escaped; well-formed UTF-8 is
             * passed through; a byte that starts no well-formed sequence
             * becomes U+FFFD so the document stays valid UTF-8. */
            if (ch < 0x20) {
                fprintf(f, "\\u%04x", (unsigned)ch);
            } else if (ch < 0x80) {
                putc((int)ch, f);
            } else {
                size_t n = utf8_len(p);
                if (n == 0) {
                    fputs("\\ufffd", f);
                } else {
                    fwrite(p, 1, n, f);
                    p += n - 1;
                }
            }
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
