#ifndef LOGSVC_CZLIB_SHIM_H
#define LOGSVC_CZLIB_SHIM_H

#include <zlib.h>

/// inflateInit2 is a macro, which Swift cannot call: starts inflating a gzip stream (RFC 1952), gzip header only.
static inline int logsvc_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 16 + MAX_WBITS);
}

#endif
