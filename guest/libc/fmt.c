/* snprintf/vsnprintf for the guest: flags '-' and '0', width and precision (numbers or '*'),
   length modifiers hh h l ll z j t, conversions d i u x X o c s p %. No floating point. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    char *p;
    size_t cap, n; /* n counts every byte, also those past cap */
} fmt_out;

static void put(fmt_out *o, char c)
{
    if (o->n + 1 < o->cap) o->p[o->n] = c;
    o->n++;
}

static void pad(fmt_out *o, char c, int k)
{
    while (k-- > 0)
        put(o, c);
}

/* One field: prefix (sign or 0x), then digits/text of length len, padded to width. */
static void field(fmt_out *o, const char *prefix, const char *s, int len, int width, bool left,
                  bool zero, int zeros)
{
    int plen = (int)strlen(prefix), total = plen + zeros + len;
    if (!left && !zero) pad(o, ' ', width - total);
    for (int i = 0; i < plen; i++)
        put(o, prefix[i]);
    if (!left && zero) pad(o, '0', width - total);
    pad(o, '0', zeros);
    for (int i = 0; i < len; i++)
        put(o, s[i]);
    if (left) pad(o, ' ', width - total);
}

int vsnprintf(char *buf, size_t cap, const char *f, va_list ap)
{
    fmt_out o = {buf, cap, 0};
    for (; *f; f++) {
        if (*f != '%') {
            put(&o, *f);
            continue;
        }
        bool left = false, zero = false;
        int width = 0, prec = -1, lng = 0;
        for (;; f++) {
            if (f[1] == '-')
                left = true;
            else if (f[1] == '0')
                zero = true;
            else
                break;
        }
        f++;
        if (*f == '*')
            width = va_arg(ap, int), f++;
        else
            while (*f >= '0' && *f <= '9')
                width = width * 10 + (*f++ - '0');
        if (width < 0) left = true, width = -width;
        if (*f == '.') {
            f++, prec = 0;
            if (*f == '*')
                prec = va_arg(ap, int), f++;
            else
                while (*f >= '0' && *f <= '9')
                    prec = prec * 10 + (*f++ - '0');
        }
        for (;; f++) { /* 1 = long-sized, 2 = 64-bit; hh and h are promoted to int anyway */
            if (*f == 'l')
                lng++;
            else if (*f == 'z' || *f == 'j' || *f == 't')
                lng = 2;
            else if (*f != 'h')
                break;
        }
        char tmp[32];
        int len = 0;
        uint64_t v;
        const char *prefix = "";
        switch (*f) {
        case 'd':
        case 'i': {
            int64_t s = lng ? va_arg(ap, long long) : va_arg(ap, int);
            v = s < 0 ? -(uint64_t)s : (uint64_t)s;
            if (s < 0) prefix = "-";
            goto number10;
        }
        case 'u': v = lng ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned); goto number10;
        case 'x':
        case 'X':
        case 'o':
        case 'p': {
            unsigned base = *f == 'o' ? 8 : 16;
            const char *digits = *f == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
            if (*f == 'p')
                v = (uintptr_t)va_arg(ap, void *), prefix = "0x";
            else
                v = lng ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
            do
                tmp[sizeof tmp - 1 - len++] = digits[v % base];
            while (v /= base);
            goto emit;
        }
        number10:
            do
                tmp[sizeof tmp - 1 - len++] = (char)('0' + v % 10);
            while (v /= 10);
        emit : {
            int zeros = prec > len ? prec - len : 0;
            field(&o, prefix, tmp + sizeof tmp - len, len, width, left, zero && prec < 0, zeros);
            break;
        }
        case 'c':
            tmp[0] = (char)va_arg(ap, int);
            field(&o, "", tmp, 1, width, left, false, 0);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s) s = "(null)";
            int n = 0;
            while (s[n] && (prec < 0 || n < prec))
                n++;
            field(&o, "", s, n, width, left, false, 0);
            break;
        }
        case '%': put(&o, '%'); break;
        default: /* unknown conversion: print it verbatim */
            put(&o, '%');
            if (*f)
                put(&o, *f);
            else
                f--;
        }
    }
    if (cap) buf[o.n < cap ? o.n : cap - 1] = 0;
    return (int)o.n;
}

int snprintf(char *buf, size_t cap, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(buf, cap, f, ap);
    va_end(ap);
    return n;
}
