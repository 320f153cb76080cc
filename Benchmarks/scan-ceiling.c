/* The ceiling of an unindexed scan (Benchmarks/query): every entry of one tenant read newest first from a data dir's
 * SQLite file by the SQLite C API, and its sealed envelope (`0x01 | id length | key id | nonce (12) | ciphertext |
 * tag (16)`, Modules/Crypto/Envelope.swift) decrypted with OpenSSL's AES-256-GCM, with nothing else: no parsing,
 * no matching, one reused cipher context per thread. THREADS threads each read one slice of the tenant's time range.
 * The key is random rather than the tenant's data key, so every tag check fails, after the same work as an
 * authentic entry's.
 * Usage: scan-ceiling DATABASE TENANT THREADS; prints "ENTRIES SECONDS". */
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct slice {
    const char *path, *tenant;
    sqlite3_int64 from, to; /* microseconds, [from, to) */
    long entries;
};

static unsigned char key[32];

static void fail(const char *what, sqlite3 *db) {
    fprintf(stderr, "scan-ceiling: %s: %s\n", what, db ? sqlite3_errmsg(db) : "failed");
    exit(1);
}

static void *scan(void *argument) {
    struct slice *slice = argument;
    sqlite3 *db;
    sqlite3_stmt *rows;
    if (sqlite3_open_v2(slice->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) fail("open", db);
    sqlite3_busy_timeout(db, 10000);
    if (sqlite3_prepare_v2(db, "SELECT sealed FROM entries WHERE tenant = ? AND ts >= ? AND ts < ? ORDER BY ts DESC, id DESC",
                           -1, &rows, NULL) != SQLITE_OK) fail("prepare", db);
    sqlite3_bind_text(rows, 1, slice->tenant, -1, SQLITE_STATIC);
    sqlite3_bind_int64(rows, 2, slice->from);
    sqlite3_bind_int64(rows, 3, slice->to);
    EVP_CIPHER_CTX *context = EVP_CIPHER_CTX_new();
    if (!context || EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), NULL, key, NULL) != 1) fail("cipher", NULL);
    unsigned char plaintext[1 << 16], trailing[16];
    int written;
    while (sqlite3_step(rows) == SQLITE_ROW) {
        const unsigned char *sealed = sqlite3_column_blob(rows, 0);
        int length = sqlite3_column_bytes(rows, 0);
        if (length < 2) continue;
        int header = 2 + sealed[1];
        int ciphertext = length - header - 12 - 16;
        if (ciphertext < 0 || ciphertext > (int)sizeof plaintext) continue;
        EVP_DecryptInit_ex(context, NULL, NULL, NULL, sealed + header);
        EVP_DecryptUpdate(context, NULL, &written, sealed, header);
        EVP_DecryptUpdate(context, plaintext, &written, sealed + header + 12, ciphertext);
        EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, 16, (void *)(sealed + length - 16));
        EVP_DecryptFinal_ex(context, trailing, &written);
        slice->entries++;
    }
    EVP_CIPHER_CTX_free(context);
    sqlite3_finalize(rows);
    sqlite3_close(db);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: scan-ceiling DATABASE TENANT THREADS\n");
        return 2;
    }
    int threads = atoi(argv[3]);
    if (threads < 1 || threads > 64 || RAND_bytes(key, sizeof key) != 1) return 2;
    sqlite3 *db;
    sqlite3_stmt *range;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) fail("open", db);
    sqlite3_busy_timeout(db, 10000);
    if (sqlite3_prepare_v2(db, "SELECT min(ts), max(ts) FROM entries WHERE tenant = ?", -1, &range, NULL) != SQLITE_OK) fail("prepare", db);
    sqlite3_bind_text(range, 1, argv[2], -1, SQLITE_STATIC);
    if (sqlite3_step(range) != SQLITE_ROW) fail("range", db);
    sqlite3_int64 first = sqlite3_column_int64(range, 0), last = sqlite3_column_int64(range, 1) + 1;
    sqlite3_finalize(range);
    sqlite3_close(db);

    struct slice slices[64];
    pthread_t running[64];
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int index = 0; index < threads; index++) {
        slices[index] = (struct slice){argv[1], argv[2], first + (last - first) * index / threads,
                                       first + (last - first) * (index + 1) / threads, 0};
        pthread_create(&running[index], NULL, scan, &slices[index]);
    }
    long entries = 0;
    for (int index = 0; index < threads; index++) {
        pthread_join(running[index], NULL);
        entries += slices[index].entries;
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    printf("%ld %.6f\n", entries, (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9);
    return 0;
}
