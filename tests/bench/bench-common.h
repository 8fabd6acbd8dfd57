/* bench-common.h: what the benchmarks share: the presentation they verify
 * and the cryptographic floor they measure the library against
 *
 * The floor is what no verifier of an SD-JWT presentation with key
 * binding can skip: the issuer JWT's Ed25519 signature, the KB-JWT's, one
 * SHA-256 per disclosure as received, and the SHA-256 of
 * `<issuer JWT>~<disclosures>~` for the KB-JWT's sd_hash. vneid-bench and vneid-floor-lines time the same
 * function, so both compare the library with the same floor.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <sodium.h>
#include <vneid.h>

#define BENCH_ISSUER   "https://id.vneid.example"
#define BENCH_NONCE    "bench-nonce-4f1c"
#define BENCH_AUDIENCE "https://dichvucong.example"

/* A level-2 PID as the population database would issue it (every claim
 * disclosable), and the 19 claims a portal asks for (25 disclosures with
 * the parents they need). */
extern const char         bench_pid_claims[];
extern const char *const  bench_pid_disclosed[];

double   bench_median        (double      *values,
                              guint        n);
/* CPU time this process has used, in seconds. */
double   bench_process_cpu_seconds (void);
G_NORETURN
void     bench_die           (const char  *what,
                              GError      *error);
void     bench_public_key    (VneidKey    *key,
                              guint8       out[crypto_sign_PUBLICKEYBYTES]);

typedef struct {
  gsize offset;
  gsize length;
} BenchSpan;

/* Every input of the floor, prepared beforehand (untimed). The spans point
 * into the presentation, which the caller keeps alive. */
typedef struct {
  const guint8 *presentation;
  BenchSpan     issuer_input;          /* header.payload of the issuer JWT */
  BenchSpan     kb_input;              /* of the KB-JWT; length 0 without one */
  BenchSpan     presented;             /* <issuer JWT>~...~, the sd_hash input */
  guint8        issuer_signature[crypto_sign_BYTES];
  guint8        kb_signature[crypto_sign_BYTES];
  guint8        issuer_public[crypto_sign_PUBLICKEYBYTES];
  guint8        holder_public[crypto_sign_PUBLICKEYBYTES];
  GArray       *disclosures;           /* of BenchSpan, as received */
} BenchFloor;

gboolean bench_floor_prepare (BenchFloor  *floor,
                              const char  *presentation,
                              gsize        length,
                              GError     **error);
void     bench_floor_clear   (BenchFloor  *floor);
gboolean bench_floor_run     (const BenchFloor *floor);
