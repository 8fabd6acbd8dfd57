/* fuzz-common.h: what every libFuzzer target of libvneid shares
 *
 * The targets are compiled by run-fuzzers.sh with clang
 * (-fsanitize=fuzzer,address,undefined) straight from the library sources.
 * Each one hands the fuzzer's bytes to a parser for untrusted input and
 * checks the one contract every parser has: it returns a result or sets a
 * GError (never both, never neither), and a GError carries a non-empty
 * UTF-8 message. Criticals and warnings are fatal: a g_return_if_fail()
 * that untrusted input can reach is a bug too.
 *
 * FUZZ_EXAMPLES_DATA (a -D from run-fuzzers.sh) is examples/data/ of the
 * source tree: the demo issuer keys and metadata.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vneid.h>

#ifndef FUZZ_EXAMPLES_DATA
#error "FUZZ_EXAMPLES_DATA must name examples/data/ of the source tree"
#endif

/* The fixed clock of the fuzz targets and of make-seeds.sh:
 * 2026-01-01T00:00:00Z. */
#define FUZZ_NOW      ((gint64) 1767225600)
#define FUZZ_NONCE    "n-fuzz-0001"
#define FUZZ_AUDIENCE "https://dichvucong.example"
#define FUZZ_STATUS_URI "https://id.vneid.example/status/fuzz"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static inline void
fuzz_init_glib (void)
{
  /* A critical from a parser of untrusted input means a precondition that
   * input can break: let the fuzzer see it as a crash. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_ERROR);
  g_log_set_fatal_mask ("Vneid", G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_ERROR);
}

/* The input as a NUL-terminated string (the API takes C strings; an
 * embedded NUL just ends the text early). */
static inline char *
fuzz_text (const uint8_t *data,
           size_t         size)
{
  char *text = g_malloc (size + 1);

  if (size > 0)
    memcpy (text, data, size);
  text[size] = '\0';
  return text;
}

static inline void
fuzz_die (const char *what,
          const char *detail)
{
  fprintf (stderr, "fuzz contract broken: %s%s%s\n", what,
           detail ? ": " : "", detail ? detail : "");
  abort ();
}

/* The result-xor-error contract of a parser call. */
static inline void
fuzz_check_result (const char   *call,
                   gconstpointer result,
                   const GError *error)
{
  if (result != NULL && error != NULL)
    fuzz_die (call, "returned a result and set an error");
  if (result == NULL && error == NULL)
    fuzz_die (call, "returned nothing and set no error");
  if (error != NULL)
    {
      if (error->message == NULL || error->message[0] == '\0')
        fuzz_die (call, "set an error without a message");
      if (!g_utf8_validate (error->message, -1, NULL))
        fuzz_die (call, "set an error whose message is not UTF-8");
    }
}

static inline VneidKey *
fuzz_load_key (const char *name)
{
  g_autofree char *path = g_build_filename (FUZZ_EXAMPLES_DATA, "keys", name, NULL);
  g_autoptr(GError) error = NULL;
  VneidKey *key = vneid_key_new_from_file (path, &error);

  if (key == NULL)
    fuzz_die ("loading a demo key", error->message);
  return key;
}

/* @text with the JWS at its start (up to the first "~", or the whole text)
 * signed again by @key: `header.payload.` + a valid signature. The fuzzer
 * cannot forge Ed25519 signatures, so without this almost every mutation of
 * a signed payload stops at the signature check; with it, the claims
 * processing behind the check is fuzzed too. NULL when there is no
 * `header.payload.` to sign. */
static inline char *
fuzz_resign (const char *text,
             VneidKey   *key)
{
  const char *end = strchr (text, '~');
  const char *first_dot, *second_dot;
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *signature_b64 = NULL;
  gsize input_len, sig_len;
  const guint8 *sig;

  if (end == NULL)
    end = text + strlen (text);
  first_dot = memchr (text, '.', (gsize) (end - text));
  if (first_dot == NULL)
    return NULL;
  second_dot = memchr (first_dot + 1, '.', (gsize) (end - first_dot - 1));
  if (second_dot == NULL)
    return NULL;
  input_len = (gsize) (second_dot - text);
  signature = vneid_key_sign (key, (const guint8 *) text, input_len, NULL);
  if (signature == NULL)
    fuzz_die ("signing with a demo key", NULL);
  sig = g_bytes_get_data (signature, &sig_len);
  signature_b64 = g_base64_encode (sig, sig_len);
  /* base64 → base64url without padding */
  for (char *c = signature_b64; *c != '\0'; c++)
    {
      if (*c == '+')
        *c = '-';
      else if (*c == '/')
        *c = '_';
      else if (*c == '=')
        {
          *c = '\0';
          break;
        }
    }
  return g_strdup_printf ("%.*s.%s%s", (int) input_len, text, signature_b64, end);
}

/* A trust store with both demo issuers, each allowed every type. */
static inline VneidTrustStore *
fuzz_trust_store (void)
{
  static const char *const files[] = { "population-db.metadata.json", "vss-bhyt.metadata.json" };
  VneidTrustStore *store = vneid_trust_store_new ();

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (FUZZ_EXAMPLES_DATA, files[i], NULL);
      g_autoptr(GError) error = NULL;

      if (!vneid_trust_store_add_metadata_file (store, path, &error))
        fuzz_die ("loading demo issuer metadata", error->message);
    }
  vneid_trust_store_allow_all_types (store, "https://id.vneid.example");
  vneid_trust_store_allow_all_types (store, "https://bhyt.baohiemxahoi.example");
  return store;
}
