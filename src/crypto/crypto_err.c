#include "rivet/crypto.h"

const char *crypto_err_str(crypto_err e)
{
    static const char *const text[] = {
#define X(id, t) t,
        CRYPTO_ERR_LIST(X)
#undef X
    };
    return (unsigned)e < sizeof text / sizeof text[0] ? text[e] : "unknown crypto error";
}
