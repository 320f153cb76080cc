#ifndef LOGSVC_CLIBSSL_SHIM_H
#define LOGSVC_CLIBSSL_SHIM_H

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

/* EVP_PKEY_PUBLIC_KEY is a compound macro that Swift does not import. */
static inline int logsvc_selection_public_key(void) {
    return EVP_PKEY_PUBLIC_KEY;
}

/* Parameter names with static storage: OSSL_PARAM_BLD keeps the key pointer until
 * OSSL_PARAM_BLD_to_param, so Swift's temporary C strings would dangle. */
static inline const char *logsvc_param_rsa_n(void) {
    return OSSL_PKEY_PARAM_RSA_N;
}

static inline const char *logsvc_param_rsa_e(void) {
    return OSSL_PKEY_PARAM_RSA_E;
}

static inline const char *logsvc_param_group_name(void) {
    return OSSL_PKEY_PARAM_GROUP_NAME;
}

static inline const char *logsvc_param_pub_key(void) {
    return OSSL_PKEY_PARAM_PUB_KEY;
}

static inline const char *logsvc_param_ec_pub_x(void) {
    return OSSL_PKEY_PARAM_EC_PUB_X;
}

static inline const char *logsvc_param_ec_pub_y(void) {
    return OSSL_PKEY_PARAM_EC_PUB_Y;
}

/* Key type and curve names with static storage too: OSSL_PARAM_BLD keeps string values
 * like the group name until OSSL_PARAM_BLD_to_param, and EVP_PKEY_CTX may keep its key type. */
static inline const char *logsvc_key_type_ec(void) {
    return "EC";
}

static inline const char *logsvc_group_p256(void) {
    return SN_X9_62_prime256v1;
}

/* The MAC parameter naming the digest, and the digest's name, with static storage for OSSL_PARAM. */
static inline const char *logsvc_mac_param_digest(void) {
    return OSSL_MAC_PARAM_DIGEST;
}

static inline char *logsvc_digest_sha256(void) {
    static char name[] = "SHA256";
    return name;
}

#endif
