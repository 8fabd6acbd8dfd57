/* vneid-status-list.c: Token Status Lists (draft-ietf-oauth-status-list)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "vneid-status-list-private.h"
#include "vneid-jws-private.h"
#include "vneid-trust-store-private.h"
#include "vneid-util-private.h"

/* The largest status list token accepted: a list of 2^24 entries at 8 bits
 * compresses to anything up to about 16 MiB in the worst case, but real
 * lists are sparse and compress well, so 4 MiB of token text is plenty. */
#define STATUS_LIST_MAX_TOKEN_SIZE (4 * 1024 * 1024)

/* Default leeway for `exp`, `nbf` and `iat` of a status list token, in
 * seconds; the same as VNEID_DEFAULT_LEEWAY of the verifier. */
#define STATUS_LIST_LEEWAY 60

/* The zlib level of the lists we write: the draft's examples use the best
 * compression (their streams start with `78 DA`, base64url `eNo`), and
 * mostly-zero bit fields are what level 9 is good at. */
#define STATUS_LIST_ZLIB_LEVEL 9

/* The buffer that measures a zlib stream before it is decompressed. */
#define MEASURE_CHUNK (64 * 1024)

#define TOKEN_WHAT "status list token"

/**
 * VneidStatusList:
 *
 * A Token Status List (draft-ietf-oauth-status-list): a compact array of
 * status entries of 1, 2, 4 or 8 bits each, one entry per issued
 * credential, which the issuer publishes as a signed status list token
 * (a JWT with `typ` `statuslist+jwt`).
 *
 * A credential points into a list with its claim
 * `status.status_list = {"idx": …, "uri": …}`; the entry at `idx` of the
 * list whose `sub` is `uri` gives the credential's status:
 * %VNEID_STATUS_VALID, %VNEID_STATUS_INVALID (revoked) or
 * %VNEID_STATUS_SUSPENDED (see [enum@Vneid.Status]). Lists of 2 or more
 * bits per entry may hold application-specific values as well.
 *
 * Entries are packed least-significant bit first: entry `i` occupies the
 * bits from `(i * bits) % 8` upwards of byte `(i * bits) / 8`. In the
 * token the bytes travel as `lst`, the base64url (no padding) text of
 * their zlib (RFC 1950) compression.
 *
 * An issuer makes a list with [ctor@Vneid.StatusList.new], marks entries
 * with [method@Vneid.StatusList.set] and publishes it with
 * [method@Vneid.StatusList.to_token]. A verifier parses the token it
 * fetched with [ctor@Vneid.StatusList.new_from_token], which checks the
 * signature against a [class@Vneid.TrustStore]; libvneid itself does no
 * HTTP.
 *
 * A list may be read from several threads at once, but
 * [method@Vneid.StatusList.set] must not run concurrently with anything
 * else on the same list.
 *
 * Since: 0.1
 */
struct _VneidStatusList
{
  GObject  parent_instance;

  guint    bits;
  guint    size;
  guint8  *bytes;
  gsize    n_bytes;
  char    *uri;
  char    *issuer;
  gint64   issued_at;   /* the token's iat and exp; 0 without a token, exp 0: none */
  gint64   expires_at;
};

G_DEFINE_FINAL_TYPE (VneidStatusList, vneid_status_list, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BITS,
  PROP_SIZE,
  PROP_URI,
  PROP_ISSUER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vneid_status_list_finalize (GObject *object)
{
  VneidStatusList *self = VNEID_STATUS_LIST (object);

  g_free (self->bytes);
  g_free (self->uri);
  g_free (self->issuer);

  G_OBJECT_CLASS (vneid_status_list_parent_class)->finalize (object);
}

static void
vneid_status_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VneidStatusList *self = VNEID_STATUS_LIST (object);

  switch (prop_id)
    {
    case PROP_BITS:
      g_value_set_uint (value, self->bits);
      break;
    case PROP_SIZE:
      g_value_set_uint (value, self->size);
      break;
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_ISSUER:
      g_value_set_string (value, self->issuer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vneid_status_list_class_init (VneidStatusListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vneid_status_list_finalize;
  object_class->get_property = vneid_status_list_get_property;

  /**
   * VneidStatusList:bits:
   *
   * The number of bits per entry: 1, 2, 4 or 8.
   *
   * Since: 0.1
   */
  properties[PROP_BITS] =
    g_param_spec_uint ("bits", NULL, NULL, 1, 8, 1,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * VneidStatusList:size:
   *
   * The number of entries.
   *
   * Since: 0.1
   */
  properties[PROP_SIZE] =
    g_param_spec_uint ("size", NULL, NULL, 0, VNEID_STATUS_LIST_MAX_ENTRIES, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * VneidStatusList:uri:
   *
   * The URI of the list (the token's `sub`), or %NULL for a list that
   * did not come from a token.
   *
   * Since: 0.1
   */
  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * VneidStatusList:issuer:
   *
   * The issuer that signed the list (the token's `iss`), or %NULL for a
   * list that did not come from a token.
   *
   * Since: 0.1
   */
  properties[PROP_ISSUER] =
    g_param_spec_string ("issuer", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vneid_status_list_init (VneidStatusList *self)
{
}

static gboolean
bits_valid (gint64 bits)
{
  return bits == 1 || bits == 2 || bits == 4 || bits == 8;
}

/* The byte size of @size entries of @bits bits; no overflow for the sizes
 * allowed (2^24 × 8 bits). */
static gsize
bytes_for_entries (guint bits,
                   guint size)
{
  return ((gsize) size * bits + 7) / 8;
}

/* Takes @bytes. */
static VneidStatusList *
status_list_new_take (guint   bits,
                      guint   size,
                      guint8 *bytes,
                      gsize   n_bytes)
{
  VneidStatusList *self = g_object_new (VNEID_TYPE_STATUS_LIST, NULL);

  self->bits = bits;
  self->size = size;
  self->bytes = bytes;
  self->n_bytes = n_bytes;
  return self;
}

/**
 * vneid_status_list_new:
 * @bits: the number of bits per entry: 1, 2, 4 or 8
 * @size: the number of entries, from 1 to %VNEID_STATUS_LIST_MAX_ENTRIES
 * @error: return location for a #GError
 *
 * Makes a status list of @size entries, all %VNEID_STATUS_VALID (0).
 *
 * Returns: (transfer full): the new list, or %NULL with @error set to a
 *   %VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT error
 *
 * Since: 0.1
 */
VneidStatusList *
vneid_status_list_new (guint    bits,
                       guint    size,
                       GError **error)
{
  gsize n_bytes;

  if (!bits_valid (bits))
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                   "status list: %u bits per entry is not allowed (only 1, 2, 4 or 8)", bits);
      return NULL;
    }
  if (size < 1 || size > VNEID_STATUS_LIST_MAX_ENTRIES)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                   "status list: size %u is outside the allowed range 1 to %u",
                   size, VNEID_STATUS_LIST_MAX_ENTRIES);
      return NULL;
    }

  n_bytes = bytes_for_entries (bits, size);
  return status_list_new_take (bits, size, g_malloc0 (n_bytes), n_bytes);
}

typedef enum {
  CONVERT_OK,
  CONVERT_TOO_LARGE,
  CONVERT_FAILED,
} ConvertResult;

/* Runs @converter over all of @in, the whole input at once, writing into
 * @out (@out_size bytes). With @measure, the output overwrites @out again
 * and again and is only counted: that sizes a stream in bounded memory.
 * Fails with CONVERT_TOO_LARGE as soon as the output exceeds @max_out bytes
 * or @out is full; converter errors go to @error, for CONVERT_FAILED only.
 * On CONVERT_OK, *@out_len is the size of the output and *@in_used how much
 * of @in the stream took. */
static ConvertResult
run_converter (GConverter   *converter,
               const guint8 *in,
               gsize         in_len,
               guint8       *out,
               gsize         out_size,
               gboolean      measure,
               gsize         max_out,
               gsize        *out_len,
               gsize        *in_used,
               GError      **error)
{
  gsize in_pos = 0, len = 0;

  for (;;)
    {
      GConverterResult result;
      gsize bytes_read = 0, bytes_written = 0;
      gsize pos = measure ? 0 : len;

      if (pos == out_size)
        return CONVERT_TOO_LARGE;

      result = g_converter_convert (converter, in + in_pos, in_len - in_pos,
                                    out + pos, out_size - pos, G_CONVERTER_INPUT_AT_END,
                                    &bytes_read, &bytes_written, error);
      if (result == G_CONVERTER_ERROR)
        return CONVERT_FAILED;

      in_pos += bytes_read;
      len += bytes_written;
      if (len > max_out)
        return CONVERT_TOO_LARGE;
      if (result == G_CONVERTER_FINISHED)
        break;
      if (bytes_read == 0 && bytes_written == 0)
        {
          /* no progress with room to write: the input ran out */
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                               "Need more input");
          return CONVERT_FAILED;
        }
    }

  *out_len = len;
  *in_used = in_pos;
  return CONVERT_OK;
}

static GConverter *
zlib_decompressor_new (void)
{
  return G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB));
}

/* Decodes `lst`; @what names the input in errors ("status list" or
 * "status list token: “status_list”").
 *
 * The zlib stream is decompressed twice: first into a small buffer that is
 * overwritten, only to check the stream and learn its size, then into a
 * buffer of exactly that size. So a decompression bomb fails having cost
 * one MEASURE_CHUNK, and a good list costs its own size and no more; the
 * price is inflating twice, which for lists of up to 16 MiB is cheap. */
static VneidStatusList *
decode_list (guint       bits,
             const char *lst,
             const char *what,
             GError    **error)
{
  g_autoptr(GConverter) decompressor = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *label = g_strdup_printf ("%s: “lst”", what);
  g_autofree guint8 *compressed = NULL;
  g_autofree guint8 *chunk = NULL;
  g_autofree guint8 *bytes = NULL;
  gsize compressed_len = 0, n_bytes = 0, used = 0, written = 0;
  gsize max_bytes;

  if (!bits_valid (bits))
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                   "%s: %u bits per entry is not allowed (only 1, 2, 4 or 8)", what, bits);
      return NULL;
    }
  max_bytes = bytes_for_entries (bits, VNEID_STATUS_LIST_MAX_ENTRIES);

  compressed = vneid_b64url_decode (lst, strlen (lst), &compressed_len, label, error);
  if (compressed == NULL)
    return NULL;

  /* first pass: check and measure */
  decompressor = zlib_decompressor_new ();
  chunk = g_malloc (MEASURE_CHUNK);
  switch (run_converter (decompressor, compressed, compressed_len, chunk, MEASURE_CHUNK,
                         TRUE, max_bytes, &n_bytes, &used, &local_error))
    {
    case CONVERT_OK:
      break;
    case CONVERT_TOO_LARGE:
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_TOO_LARGE,
                   "%s decompresses to more than %" G_GSIZE_FORMAT " bytes, the limit for "
                   "%u entries of %u bits", label, max_bytes, VNEID_STATUS_LIST_MAX_ENTRIES, bits);
      return NULL;
    case CONVERT_FAILED:
    default:
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
        g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                     "%s: the zlib data is truncated", label);
      else
        g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                     "%s is not valid zlib data (%s)", label, local_error->message);
      return NULL;
    }
  g_clear_pointer (&chunk, g_free);

  if (used != compressed_len)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "%s: %" G_GSIZE_FORMAT " bytes of trailing data after the zlib stream",
                   label, compressed_len - used);
      return NULL;
    }
  if (n_bytes == 0)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "%s decompresses to an empty list", label);
      return NULL;
    }

  /* second pass: the stream is known good and of known size; one spare
   * byte lets zlib finish the stream without ever running out of room */
  g_clear_object (&decompressor);
  decompressor = zlib_decompressor_new ();
  bytes = g_malloc (n_bytes + 1);
  if (run_converter (decompressor, compressed, compressed_len, bytes, n_bytes + 1,
                     FALSE, n_bytes, &written, &used, NULL) != CONVERT_OK ||
      written != n_bytes)
    {
      /* cannot happen: the same input decompressed fine a moment ago */
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "%s is not valid zlib data", label);
      return NULL;
    }

  return status_list_new_take (bits, (guint) (n_bytes * 8 / bits),
                               g_steal_pointer (&bytes), n_bytes);
}

/**
 * vneid_status_list_new_from_encoded:
 * @bits: the number of bits per entry: 1, 2, 4 or 8
 * @lst: the encoded list: base64url (no padding) of the zlib-compressed
 *   bytes, as in the `lst` member of a status list
 * @error: return location for a #GError
 *
 * Decodes a status list from its `lst` text. The list has as many entries
 * as its bytes hold (`bytes × 8 / bits`); the issuer pads the last byte.
 *
 * Decompression stops as soon as the output exceeds what
 * %VNEID_STATUS_LIST_MAX_ENTRIES entries of @bits bits take, so a
 * decompression bomb fails fast with %VNEID_CREDENTIAL_ERROR_TOO_LARGE
 * and bounded memory. Text that is not base64url, truncated or corrupt
 * zlib data, data after the end of the zlib stream and an empty list fail
 * with %VNEID_CREDENTIAL_ERROR_MALFORMED.
 *
 * The list has no URI nor issuer; use
 * [ctor@Vneid.StatusList.new_from_token] for a list to trust.
 *
 * Returns: (transfer full): the list, or %NULL on error
 *
 * Since: 0.1
 */
VneidStatusList *
vneid_status_list_new_from_encoded (guint       bits,
                                    const char *lst,
                                    GError    **error)
{
  g_return_val_if_fail (lst != NULL, NULL);

  return decode_list (bits, lst, "status list", error);
}

/* Token Status List section 5.1: `iat` is required, `exp` and `ttl`
 * optional; section 8.3 validates every claim present. */
static gboolean
read_times (JsonObject *payload,
            gint64     *iat,
            gint64     *exp,
            gint64     *nbf,
            GError    **error)
{
  gint64 ttl = 1;

  *exp = G_MAXINT64;
  *nbf = G_MININT64;
  if (!vneid_json_get_numeric_date (payload, "iat", TRUE, iat, TOKEN_WHAT, error) ||
      !vneid_json_get_numeric_date (payload, "exp", FALSE, exp, TOKEN_WHAT, error) ||
      !vneid_json_get_numeric_date (payload, "nbf", FALSE, nbf, TOKEN_WHAT, error) ||
      !vneid_json_get_integer (payload, "ttl", FALSE, &ttl, TOKEN_WHAT, error))
    return FALSE;
  if (ttl <= 0)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   TOKEN_WHAT ": claim “ttl” is %" G_GINT64_FORMAT ", not a positive number of seconds",
                   ttl);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_times (JsonObject *payload,
             gint64      now,
             gint64      leeway,
             gint64     *iat,
             gint64     *exp,
             GError    **error)
{
  gint64 nbf;

  if (!read_times (payload, iat, exp, &nbf, error))
    return FALSE;

  /* written so that nothing overflows for any claim value: 0 <= now and
   * 0 <= leeway <= G_MAXUINT */
  if (*exp != G_MAXINT64 && now - leeway >= *exp)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_EXPIRED,
                   TOKEN_WHAT ": expired at %" G_GINT64_FORMAT " (now %" G_GINT64_FORMAT ")",
                   *exp, now);
      return FALSE;
    }
  if (nbf > now && nbf - now > leeway)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_NOT_YET_VALID,
                   TOKEN_WHAT ": not valid before %" G_GINT64_FORMAT " (now %" G_GINT64_FORMAT ")",
                   nbf, now);
      return FALSE;
    }
  if (*iat > now && *iat - now > leeway)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_NOT_YET_VALID,
                   TOKEN_WHAT ": issued in the future, at %" G_GINT64_FORMAT
                   " (now %" G_GINT64_FORMAT ")", *iat, now);
      return FALSE;
    }
  return TRUE;
}

static VneidStatusList *
list_from_jws (VneidJws        *jws,
               VneidTrustStore *trust_store,
               gint64           now,
               gint64           leeway,
               GError         **error)
{
  static const char status_list_what[] = TOKEN_WHAT ": “status_list”";
  VneidStatusList *list;
  JsonNode *status_list_node;
  JsonObject *status_list;
  const char *iss, *sub, *lst;
  gint64 bits = 0, iat, exp;

  if (!vneid_json_get_string (jws->payload, "iss", TRUE, &iss, TOKEN_WHAT, error))
    return NULL;
  if (vneid_trust_store_verify_jws (trust_store, iss, jws, TOKEN_WHAT, error) == NULL)
    return NULL;

  /* The payload is the issuer's from here on. */
  if (!vneid_json_get_string (jws->payload, "sub", TRUE, &sub, TOKEN_WHAT, error))
    return NULL;
  if (*sub == '\0')
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   TOKEN_WHAT ": claim “sub” (the list URI) is empty");
      return NULL;
    }

  status_list_node = json_object_get_member (jws->payload, "status_list");
  if (status_list_node == NULL || !JSON_NODE_HOLDS_OBJECT (status_list_node))
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   TOKEN_WHAT ": claim “status_list” is %s",
                   status_list_node ? "not a JSON object" : "missing");
      return NULL;
    }
  status_list = json_node_get_object (status_list_node);
  if (!vneid_json_get_integer (status_list, "bits", TRUE, &bits, status_list_what, error) ||
      !vneid_json_get_string (status_list, "lst", TRUE, &lst, status_list_what, error))
    return NULL;
  if (!bits_valid (bits))
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "%s: “bits” is %" G_GINT64_FORMAT ", not 1, 2, 4 or 8",
                   status_list_what, bits);
      return NULL;
    }

  /* cheap checks before the decompression */
  if (!check_times (jws->payload, now, leeway, &iat, &exp, error))
    return NULL;

  list = decode_list ((guint) bits, lst, status_list_what, error);
  if (list == NULL)
    return NULL;
  list->uri = g_strdup (sub);
  list->issuer = g_strdup (iss);
  list->issued_at = iat;
  list->expires_at = exp == G_MAXINT64 ? 0 : exp;
  return list;
}

/**
 * vneid_status_list_new_from_token:
 * @token: a status list token: a compact JWT with `typ` `statuslist+jwt`
 * @trust_store: the issuers to trust
 * @now: the current time in seconds since the Epoch (not negative), or 0
 *   for the system clock
 * @error: return location for a #GError
 *
 * Parses and checks a status list token as fetched from the list's URI.
 *
 * The token is at most 4 MiB of text (%VNEID_CREDENTIAL_ERROR_TOO_LARGE
 * otherwise). Its header must have `alg` `EdDSA` and `typ`
 * `statuslist+jwt`, and must not carry a key of its own. Its `iss` must be
 * an issuer in @trust_store, and the signature must verify with one of
 * that issuer's keys (chosen by `kid` when the header has one). The
 * payload needs `sub`, the list's URI, `iat`, and
 * `status_list = {"bits": 1|2|4|8, "lst": "…"}`; a `ttl` must be a
 * positive whole number. An `exp` that passed, or an `nbf` or `iat` in the
 * future, fail the token, each with a leeway of 60 seconds. The list is then decoded as
 * [ctor@Vneid.StatusList.new_from_encoded] does, under the same limits.
 *
 * Every failure is a #GError in the %VNEID_CREDENTIAL_ERROR domain whose
 * message starts with “status list token:”.
 *
 * Returns: (transfer full): the list, with its URI and issuer, or %NULL on
 *   error
 *
 * Since: 0.1
 */
VneidStatusList *
vneid_status_list_new_from_token (const char       *token,
                                  VneidTrustStore  *trust_store,
                                  gint64            now,
                                  GError          **error)
{
  return vneid_status_list_new_from_token_full (token, trust_store, now,
                                                STATUS_LIST_LEEWAY, error);
}

VneidStatusList *
vneid_status_list_new_from_token_full (const char       *token,
                                       VneidTrustStore  *trust_store,
                                       gint64            now,
                                       guint             leeway,
                                       GError          **error)
{
  VneidJws jws;
  VneidStatusList *list;
  gsize len;

  g_return_val_if_fail (token != NULL, NULL);
  g_return_val_if_fail (VNEID_IS_TRUST_STORE (trust_store), NULL);
  g_return_val_if_fail (now >= 0, NULL);

  len = strnlen (token, STATUS_LIST_MAX_TOKEN_SIZE + 1);
  if (len > STATUS_LIST_MAX_TOKEN_SIZE)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_TOO_LARGE,
                   TOKEN_WHAT ": longer than the limit of %d bytes",
                   STATUS_LIST_MAX_TOKEN_SIZE);
      return NULL;
    }
  if (now == 0)
    now = g_get_real_time () / G_USEC_PER_SEC;

  if (!vneid_jws_parse (&jws, token, len, "statuslist+jwt", TOKEN_WHAT, error))
    return NULL;
  list = list_from_jws (&jws, trust_store, now, leeway, error);
  vneid_jws_clear (&jws);
  return list;
}

/**
 * vneid_status_list_get_bits:
 * @self: a #VneidStatusList
 *
 * Returns: the number of bits per entry: 1, 2, 4 or 8
 *
 * Since: 0.1
 */
guint
vneid_status_list_get_bits (VneidStatusList *self)
{
  g_return_val_if_fail (VNEID_IS_STATUS_LIST (self), 0);
  return self->bits;
}

/**
 * vneid_status_list_get_size:
 * @self: a #VneidStatusList
 *
 * Returns: the number of entries
 *
 * Since: 0.1
 */
guint
vneid_status_list_get_size (VneidStatusList *self)
{
  g_return_val_if_fail (VNEID_IS_STATUS_LIST (self), 0);
  return self->size;
}

/**
 * vneid_status_list_get_uri:
 * @self: a #VneidStatusList
 *
 * Returns: (nullable): the URI of the list (the token's `sub`), or %NULL
 *   when the list did not come from a token
 *
 * Since: 0.1
 */
const char *
vneid_status_list_get_uri (VneidStatusList *self)
{
  g_return_val_if_fail (VNEID_IS_STATUS_LIST (self), NULL);
  return self->uri;
}

/**
 * vneid_status_list_get_issuer:
 * @self: a #VneidStatusList
 *
 * Returns: (nullable): the issuer that signed the list (the token's
 *   `iss`), or %NULL when the list did not come from a token
 *
 * Since: 0.1
 */
const char *
vneid_status_list_get_issuer (VneidStatusList *self)
{
  g_return_val_if_fail (VNEID_IS_STATUS_LIST (self), NULL);
  return self->issuer;
}

/**
 * vneid_status_list_get:
 * @self: a #VneidStatusList
 * @index: the index of the entry, as in a credential's `status.status_list.idx`
 * @value: (out): return location for the entry's value
 * @error: return location for a #GError
 *
 * Reads one entry, a value below `2^bits`; see [enum@Vneid.Status] for
 * what the values mean.
 *
 * Returns: %TRUE on success; %FALSE with @error set to a
 *   %VNEID_CREDENTIAL_ERROR_STATUS_UNAVAILABLE error when @index lies
 *   outside the list
 *
 * Since: 0.1
 */
gboolean
vneid_status_list_get (VneidStatusList *self,
                       guint            index,
                       guint           *value,
                       GError         **error)
{
  gsize bit;

  g_return_val_if_fail (VNEID_IS_STATUS_LIST (self), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (index >= self->size)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_STATUS_UNAVAILABLE,
                   "index %u lies outside the status list (size %u)", index, self->size);
      return FALSE;
    }

  bit = (gsize) index * self->bits;
  *value = (self->bytes[bit / 8] >> (bit % 8)) & ((1u << self->bits) - 1);
  return TRUE;
}

/**
 * vneid_status_list_set:
 * @self: a #VneidStatusList
 * @index: the index of the entry
 * @value: the new value, below `2^bits`
 * @error: return location for a #GError
 *
 * Changes one entry, for instance to %VNEID_STATUS_INVALID to revoke the
 * credential with that index.
 *
 * Returns: %TRUE on success; %FALSE with @error set to a
 *   %VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT error when @index lies outside
 *   the list or @value does not fit in an entry
 *
 * Since: 0.1
 */
gboolean
vneid_status_list_set (VneidStatusList *self,
                       guint            index,
                       guint            value,
                       GError         **error)
{
  guint mask;
  gsize bit;

  g_return_val_if_fail (VNEID_IS_STATUS_LIST (self), FALSE);

  mask = (1u << self->bits) - 1;
  if (index >= self->size)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                   "index %u lies outside the status list (size %u)", index, self->size);
      return FALSE;
    }
  if (value > mask)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                   "status value %u does not fit in %u bits (at most %u)",
                   value, self->bits, mask);
      return FALSE;
    }

  bit = (gsize) index * self->bits;
  self->bytes[bit / 8] = (guint8) ((self->bytes[bit / 8] & ~(mask << (bit % 8))) |
                                   (value << (bit % 8)));
  return TRUE;
}

/**
 * vneid_status_list_encode:
 * @self: a #VneidStatusList
 * @error: return location for a #GError
 *
 * Encodes the list as the `lst` member of a status list: base64url (no
 * padding) of the zlib (RFC 1950) compression of its bytes, at the best
 * compression level, as the draft's examples do. The bytes of a 1-bit
 * list of 16 entries `B9 A3` encode as `eNrbuRgAAhcBXQ`.
 *
 * Returns: (transfer full): the `lst` text, or %NULL on error
 *
 * Since: 0.1
 */
char *
vneid_status_list_encode (VneidStatusList *self,
                          GError         **error)
{
  g_autoptr(GConverter) compressor = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree guint8 *compressed = NULL;
  gsize bound, compressed_len = 0, used = 0;

  g_return_val_if_fail (VNEID_IS_STATUS_LIST (self), NULL);

  /* zlib's compressBound(), a little more generous */
  bound = self->n_bytes + (self->n_bytes >> 12) + (self->n_bytes >> 14) +
          (self->n_bytes >> 25) + 64;
  compressed = g_malloc (bound);
  compressor = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB,
                                                   STATUS_LIST_ZLIB_LEVEL));
  if (run_converter (compressor, self->bytes, self->n_bytes, compressed, bound,
                     FALSE, bound, &compressed_len, &used, &local_error) != CONVERT_OK)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                   "status list: zlib compression failed: %s",
                   local_error ? local_error->message : "output too large");
      return NULL;
    }
  return vneid_b64url_encode (compressed, compressed_len);
}

/**
 * vneid_status_list_to_token:
 * @self: a #VneidStatusList
 * @key: the issuer's private key
 * @issuer: the issuer identifier, the token's `iss`
 * @uri: the URI the list is published at, the token's `sub`; credentials
 *   refer to the list by it in `status.status_list.uri`
 * @iat: the issue time in seconds since the Epoch, or 0 for now
 * @exp: the expiry time in seconds since the Epoch, or 0 for none
 * @error: return location for a #GError
 *
 * Makes a status list token: a JWT with header `typ` `statuslist+jwt` and
 * `alg` `EdDSA` (with the key's `kid` when it has one), signed with @key,
 * whose payload is
 * `{"iss": issuer, "sub": uri, "iat": …, "exp": …, "status_list": {"bits": …, "lst": …}}`;
 * `exp` is left out when @exp is 0.
 *
 * Returns: (transfer full): the compact token, or %NULL on error
 *
 * Since: 0.1
 */
char *
vneid_status_list_to_token (VneidStatusList *self,
                            VneidKey        *key,
                            const char      *issuer,
                            const char      *uri,
                            gint64           iat,
                            gint64           exp,
                            GError         **error)
{
  return vneid_status_list_to_token_with_ttl (self, key, issuer, uri, iat, exp, 0, error);
}

/**
 * vneid_status_list_to_token_with_ttl:
 * @self: a #VneidStatusList
 * @key: the issuer's private key
 * @issuer: the issuer identifier, the token's `iss`
 * @uri: the URI the list is published at, the token's `sub`
 * @iat: the issue time in seconds since the Epoch, or 0 for now
 * @exp: the expiry time in seconds since the Epoch, or 0 for none
 * @ttl: how long, in seconds, a verifier may cache the token before
 *   fetching it again (the token's `ttl`), or 0 for none
 * @error: return location for a #GError
 *
 * Like [method@Vneid.StatusList.to_token], with a `ttl` claim when @ttl is
 * not 0, as an issuer that republishes its lists states.
 *
 * Returns: (transfer full): the compact token, or %NULL on error
 *
 * Since: 0.2
 */
char *
vneid_status_list_to_token_with_ttl (VneidStatusList *self,
                                     VneidKey        *key,
                                     const char      *issuer,
                                     const char      *uri,
                                     gint64           iat,
                                     gint64           exp,
                                     guint            ttl,
                                     GError         **error)
{
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *lst = NULL;
  JsonObject *status_list;

  g_return_val_if_fail (VNEID_IS_STATUS_LIST (self), NULL);
  g_return_val_if_fail (VNEID_IS_KEY (key), NULL);
  g_return_val_if_fail (issuer != NULL, NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  if (*issuer == '\0' || *uri == '\0')
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                   "status list token: the %s is empty", *issuer == '\0' ? "issuer" : "URI");
      return NULL;
    }
  if (iat == 0)
    iat = g_get_real_time () / G_USEC_PER_SEC;
  if (iat < 0 || exp < 0)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                   "status list token: %s %" G_GINT64_FORMAT " lies before the Epoch",
                   iat < 0 ? "issue time" : "expiry", iat < 0 ? iat : exp);
      return NULL;
    }
  if (exp != 0 && exp <= iat)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                   "status list token: expiry %" G_GINT64_FORMAT " does not follow issue time %"
                   G_GINT64_FORMAT, exp, iat);
      return NULL;
    }

  lst = vneid_status_list_encode (self, error);
  if (lst == NULL)
    return NULL;

  payload = json_object_new ();
  json_object_set_string_member (payload, "iss", issuer);
  json_object_set_string_member (payload, "sub", uri);
  json_object_set_int_member (payload, "iat", iat);
  if (exp != 0)
    json_object_set_int_member (payload, "exp", exp);
  if (ttl != 0)
    json_object_set_int_member (payload, "ttl", ttl);
  status_list = json_object_new ();
  json_object_set_int_member (status_list, "bits", self->bits);
  json_object_set_string_member (status_list, "lst", lst);
  json_object_set_object_member (payload, "status_list", status_list);

  return vneid_jws_sign ("statuslist+jwt", payload, key, error);
}

gint64
vneid_status_list_get_issued_at (VneidStatusList *self)
{
  return self->issued_at;
}

gint64
vneid_status_list_get_expires_at (VneidStatusList *self)
{
  return self->expires_at;
}

gboolean
vneid_status_list_same (VneidStatusList *self,
                        VneidStatusList *other)
{
  return self->bits == other->bits && self->n_bytes == other->n_bytes &&
         memcmp (self->bytes, other->bytes, self->n_bytes) == 0 &&
         g_strcmp0 (self->issuer, other->issuer) == 0 && g_strcmp0 (self->uri, other->uri) == 0;
}
