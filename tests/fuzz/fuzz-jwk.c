/* fuzz-jwk.c: JWKs and JWT VC Issuer Metadata
 *
 * Each input is imported as a JWK (when that succeeds, its JWK form must
 * import again to an equal key with the same thumbprint) and added as issuer
 * metadata to a fresh trust store and to one that already trusts the demo
 * issuers (a failed add must leave that store as it was).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fuzz-common.h"

static VneidTrustStore *demo_store;

static guint
count_keys (VneidTrustStore *store)
{
  g_auto(GStrv) issuers = vneid_trust_store_list_issuers (store);
  guint n = 0;

  for (guint i = 0; issuers[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) keys = vneid_trust_store_get_keys (store, issuers[i]);
      n += keys ? keys->len : 0;
    }
  return n;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_glib ();
  demo_store = fuzz_trust_store ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_text (data, size);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VneidKey) key = vneid_key_new_from_jwk (text, &error);

    fuzz_check_result ("vneid_key_new_from_jwk", key, error);
    if (key != NULL)
      {
        g_autofree char *jwk = vneid_key_to_jwk (key, TRUE);
        g_autofree char *thumbprint = vneid_key_get_thumbprint (key);
        g_autoptr(VneidKey) again = vneid_key_new_from_jwk (jwk, &error);
        g_autofree char *thumbprint_again = NULL;

        if (again == NULL)
          fuzz_die ("a key's own JWK does not import", error->message);
        thumbprint_again = vneid_key_get_thumbprint (again);
        if (!vneid_key_equal (key, again) || g_strcmp0 (thumbprint, thumbprint_again) != 0)
          fuzz_die ("a key's own JWK imports to another key", jwk);
      }
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VneidTrustStore) store = vneid_trust_store_new ();
    gboolean ok = vneid_trust_store_add_metadata (store, text, &error);

    fuzz_check_result ("vneid_trust_store_add_metadata", ok ? "" : NULL, error);
    if (!ok && count_keys (store) != 0)
      fuzz_die ("vneid_trust_store_add_metadata", "failed and left keys behind");
  }

  {
    g_autoptr(GError) error = NULL;
    guint before = count_keys (demo_store);
    gboolean ok = vneid_trust_store_add_metadata (demo_store, text, &error);

    fuzz_check_result ("vneid_trust_store_add_metadata", ok ? "" : NULL, error);
    if (!ok && count_keys (demo_store) != before)
      fuzz_die ("vneid_trust_store_add_metadata", "failed and changed the store");
    if (ok)
      {
        /* Start over so that the store does not grow without bound. */
        g_object_unref (demo_store);
        demo_store = fuzz_trust_store ();
      }
  }
  return 0;
}
