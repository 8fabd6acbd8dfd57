/* fuzz-status-list.c: Token Status List tokens and their `lst`
 *
 * Each input is read as a status list token trusted through the demo
 * issuers at the fixed clock, as it is and signed anew by the population
 * database's demo key (fuzz_resign()). Then its first byte chooses `bits` (mostly
 * 1, 2, 4 or 8, sometimes an invalid width) and the rest is read as an
 * encoded `lst`; a list that decodes must encode and decode back to the
 * same entries.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fuzz-common.h"

static VneidTrustStore *store;
static VneidKey *issuer_key;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_glib ();
  store = fuzz_trust_store ();
  issuer_key = fuzz_load_key ("population-db.jwk");
  return 0;
}

static void
check_round_trip (VneidStatusList *list)
{
  g_autoptr(GError) error = NULL;
  guint bits = vneid_status_list_get_bits (list);
  guint size = vneid_status_list_get_size (list);
  g_autofree char *lst = vneid_status_list_encode (list, &error);
  g_autoptr(VneidStatusList) again = NULL;
  guint value = 0, value_again = 0;

  if (lst == NULL)
    fuzz_die ("a decoded list does not encode", error->message);
  again = vneid_status_list_new_from_encoded (bits, lst, &error);
  if (again == NULL)
    fuzz_die ("an encoded list does not decode", error->message);
  if (vneid_status_list_get_size (again) != size)
    fuzz_die ("a list's round trip", "changed its size");
  /* Sample the entries: the first ones, and the last. */
  for (guint i = 0; i < size; i = i < 4096 ? i + 1 : size - 1)
    {
      if (!vneid_status_list_get (list, i, &value, &error) ||
          !vneid_status_list_get (again, i, &value_again, &error))
        fuzz_die ("reading an entry in range", error->message);
      if (value != value_again || value >= (1u << bits))
        fuzz_die ("a list's round trip", "changed an entry");
      if (i == size - 1)
        break;
    }
  if (vneid_status_list_get (list, size, &value, &error) || error == NULL)
    fuzz_die ("reading past the end", "did not fail");
}

static void
from_token (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidStatusList) list =
    vneid_status_list_new_from_token (text, store, FUZZ_NOW, &error);

  fuzz_check_result ("vneid_status_list_new_from_token", list, error);
  if (list != NULL)
    {
      if (vneid_status_list_get_uri (list) == NULL || vneid_status_list_get_issuer (list) == NULL)
        fuzz_die ("a list from a token", "has no uri or issuer");
      check_round_trip (list);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  if (size == 0)
    return 0;

  {
    g_autofree char *text = fuzz_text (data, size);
    g_autofree char *resigned = fuzz_resign (text, issuer_key);

    from_token (text);
    if (resigned != NULL && strcmp (resigned, text) != 0)
      from_token (resigned);
  }

  {
    guint8 b = data[0];
    guint bits = b < 0xf0 ? 1u << (b & 3) : (guint) (b & 0x0f);
    g_autofree char *lst = fuzz_text (data + 1, size - 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(VneidStatusList) list = vneid_status_list_new_from_encoded (bits, lst, &error);

    fuzz_check_result ("vneid_status_list_new_from_encoded", list, error);
    if (list != NULL)
      check_round_trip (list);
  }
  return 0;
}
