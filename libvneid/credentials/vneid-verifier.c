/* vneid-verifier.c: the verifier side, a policy that checks presentations
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-verifier.h"
#include "vneid-sd-jwt-private.h"
#include "vneid-status-list-private.h"
#include "vneid-trust-store-private.h"
#include "vneid-verified-credential-private.h"

/**
 * VneidVerifier:
 *
 * Verifies SD-JWT VC presentations strictly, against a
 * [class@Vneid.TrustStore] and a policy: the clock and its leeway, whether
 * key binding is required (and for which nonce and audience), how fresh a
 * KB-JWT must be, and whether credential status is checked against the
 * status list tokens the caller supplies (the library does no HTTP).
 *
 * Every rule of RFC 9901 and SD-JWT VC is enforced, and each rejection is a
 * %VNEID_CREDENTIAL_ERROR whose code names the rule and whose message says
 * where. Key binding is required exactly when the policy names a nonce and
 * an audience; it is never inferred from the presentation.
 *
 * ## Ownership and threads
 *
 * The verifier keeps a reference to its trust store. Each verification
 * returns a new [class@Vneid.VerifiedCredential] that the caller owns; it is
 * immutable and may be shared between threads.
 *
 * A verifier is configured once, from one thread, then only read: set the
 * time, leeway, key binding age and status checking, and add the status
 * lists, before sharing it. Then any number of threads may call
 * [method@Vneid.Verifier.verify] and
 * [method@Vneid.Verifier.verify_with_nonce] on one verifier at the same
 * time, as long as none changes its settings or adds status lists
 * meanwhile. Per-request nonces and audiences are arguments of
 * [method@Vneid.Verifier.verify_with_nonce], never verifier state
 * ([method@Vneid.Verifier.require_key_binding] is for single-threaded use).
 * Status lists fetched later go into a new verifier, built the same way;
 * the application switches new requests to it under its own lock, and
 * requests in flight keep their reference to the old one. The whole table
 * of rules is in docs/threads.md.
 *
 * Since: 0.1
 */
struct _VneidVerifier
{
  GObject          parent_instance;

  VneidTrustStore *trust_store;
  gint64           time;          /* 0: the real clock */
  guint            leeway;
  guint            key_binding_max_age;
  char            *nonce;
  char            *audience;
  gboolean         check_status;
  GHashTable      *status_lists;  /* uri → VneidStatusList, the newest by iat */
  GHashTable      *ambiguous_status_uris; /* set: two different lists of one iat */
};

G_DEFINE_FINAL_TYPE (VneidVerifier, vneid_verifier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TRUST_STORE,
  PROP_TIME,
  PROP_LEEWAY,
  PROP_KEY_BINDING_MAX_AGE,
  PROP_CHECK_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vneid_verifier_finalize (GObject *object)
{
  VneidVerifier *self = VNEID_VERIFIER (object);

  g_clear_object (&self->trust_store);
  g_free (self->nonce);
  g_free (self->audience);
  g_hash_table_unref (self->status_lists);
  g_hash_table_unref (self->ambiguous_status_uris);

  G_OBJECT_CLASS (vneid_verifier_parent_class)->finalize (object);
}

static void
vneid_verifier_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VneidVerifier *self = VNEID_VERIFIER (object);

  switch (prop_id)
    {
    case PROP_TRUST_STORE:
      g_value_set_object (value, self->trust_store);
      break;
    case PROP_TIME:
      g_value_set_int64 (value, self->time);
      break;
    case PROP_LEEWAY:
      g_value_set_uint (value, self->leeway);
      break;
    case PROP_KEY_BINDING_MAX_AGE:
      g_value_set_uint (value, self->key_binding_max_age);
      break;
    case PROP_CHECK_STATUS:
      g_value_set_boolean (value, self->check_status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vneid_verifier_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  VneidVerifier *self = VNEID_VERIFIER (object);

  switch (prop_id)
    {
    case PROP_TRUST_STORE:
      self->trust_store = g_value_dup_object (value);
      break;
    case PROP_TIME:
      vneid_verifier_set_time (self, g_value_get_int64 (value));
      break;
    case PROP_LEEWAY:
      vneid_verifier_set_leeway (self, g_value_get_uint (value));
      break;
    case PROP_KEY_BINDING_MAX_AGE:
      vneid_verifier_set_key_binding_max_age (self, g_value_get_uint (value));
      break;
    case PROP_CHECK_STATUS:
      vneid_verifier_set_check_status (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vneid_verifier_constructed (GObject *object)
{
  VneidVerifier *self = VNEID_VERIFIER (object);

  G_OBJECT_CLASS (vneid_verifier_parent_class)->constructed (object);

  if (self->trust_store == NULL)
    self->trust_store = vneid_trust_store_new ();
}

static void
vneid_verifier_class_init (VneidVerifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vneid_verifier_finalize;
  object_class->get_property = vneid_verifier_get_property;
  object_class->set_property = vneid_verifier_set_property;
  object_class->constructed = vneid_verifier_constructed;

  /**
   * VneidVerifier:trust-store:
   *
   * The issuers the verifier trusts.
   *
   * Since: 0.1
   */
  properties[PROP_TRUST_STORE] =
    g_param_spec_object ("trust-store", NULL, NULL, VNEID_TYPE_TRUST_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * VneidVerifier:time:
   *
   * The time at which to verify, in seconds since the epoch; 0 (the
   * default) follows the real clock.
   *
   * Since: 0.1
   */
  properties[PROP_TIME] =
    g_param_spec_int64 ("time", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VneidVerifier:leeway:
   *
   * Clock skew tolerated for `exp`, `nbf` and `iat`, in seconds.
   *
   * Since: 0.1
   */
  properties[PROP_LEEWAY] =
    g_param_spec_uint ("leeway", NULL, NULL, 0, G_MAXINT32, VNEID_DEFAULT_LEEWAY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VneidVerifier:key-binding-max-age:
   *
   * How old a KB-JWT may be, by its `iat`, in seconds.
   *
   * Since: 0.1
   */
  properties[PROP_KEY_BINDING_MAX_AGE] =
    g_param_spec_uint ("key-binding-max-age", NULL, NULL, 0, G_MAXINT32,
                       VNEID_DEFAULT_KEY_BINDING_MAX_AGE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * VneidVerifier:check-status:
   *
   * Whether a credential's `status` is checked against the status lists
   * supplied; when %TRUE (the default), a credential whose list is missing
   * is rejected.
   *
   * Since: 0.1
   */
  properties[PROP_CHECK_STATUS] =
    g_param_spec_boolean ("check-status", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vneid_verifier_init (VneidVerifier *self)
{
  self->leeway = VNEID_DEFAULT_LEEWAY;
  self->key_binding_max_age = VNEID_DEFAULT_KEY_BINDING_MAX_AGE;
  self->check_status = TRUE;
  self->status_lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->ambiguous_status_uris = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * vneid_verifier_new:
 * @trust_store: (nullable): the issuers to trust; %NULL for a new, empty
 *   store
 *
 * Creates a new verifier with the default policy: real clock, 60 s leeway, no
 * key binding required, KB-JWTs valid for 300 s, status checked.
 *
 * Returns: (transfer full): a new verifier with the default policy: real
 *   clock, 60 s leeway, no key binding required, KB-JWTs valid for 300 s,
 *   status checked
 *
 * Since: 0.1
 */
VneidVerifier *
vneid_verifier_new (VneidTrustStore *trust_store)
{
  g_return_val_if_fail (trust_store == NULL || VNEID_IS_TRUST_STORE (trust_store), NULL);

  return g_object_new (VNEID_TYPE_VERIFIER, "trust-store", trust_store, NULL);
}

/**
 * vneid_verifier_get_trust_store:
 * @self: a #VneidVerifier
 *
 * Gets the trust store.
 *
 * Returns: (transfer none): the trust store
 *
 * Since: 0.1
 */
VneidTrustStore *
vneid_verifier_get_trust_store (VneidVerifier *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIER (self), NULL);
  return self->trust_store;
}

/**
 * vneid_verifier_set_time:
 * @self: a #VneidVerifier
 * @unix_time: seconds since the epoch, or 0 for the real clock
 *
 * Sets the time at which presentations (and status lists added later) are
 * judged.
 *
 * Since: 0.1
 */
void
vneid_verifier_set_time (VneidVerifier *self,
                         gint64         unix_time)
{
  g_return_if_fail (VNEID_IS_VERIFIER (self));
  g_return_if_fail (unix_time >= 0);

  if (self->time == unix_time)
    return;
  self->time = unix_time;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME]);
}

/**
 * vneid_verifier_get_time:
 * @self: a #VneidVerifier
 *
 * Gets the fixed verification time, or 0 when the real clock is used.
 *
 * Returns: the fixed verification time, or 0 when the real clock is used
 *
 * Since: 0.1
 */
gint64
vneid_verifier_get_time (VneidVerifier *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIER (self), 0);
  return self->time;
}

/**
 * vneid_verifier_set_leeway:
 * @self: a #VneidVerifier
 * @seconds: the clock skew to tolerate
 *
 * Sets the clock skew to tolerate.
 *
 * Since: 0.1
 */
void
vneid_verifier_set_leeway (VneidVerifier *self,
                           guint          seconds)
{
  g_return_if_fail (VNEID_IS_VERIFIER (self));
  g_return_if_fail (seconds <= G_MAXINT32);

  if (self->leeway == seconds)
    return;
  self->leeway = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEEWAY]);
}

/**
 * vneid_verifier_get_leeway:
 * @self: a #VneidVerifier
 *
 * Gets the clock leeway in seconds.
 *
 * Returns: the clock leeway in seconds
 *
 * Since: 0.1
 */
guint
vneid_verifier_get_leeway (VneidVerifier *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIER (self), 0);
  return self->leeway;
}

/**
 * vneid_verifier_set_key_binding_max_age:
 * @self: a #VneidVerifier
 * @seconds: how old a KB-JWT may be
 *
 * Sets how old a KB-JWT may be.
 *
 * Since: 0.1
 */
void
vneid_verifier_set_key_binding_max_age (VneidVerifier *self,
                                        guint          seconds)
{
  g_return_if_fail (VNEID_IS_VERIFIER (self));
  g_return_if_fail (seconds <= G_MAXINT32);

  if (self->key_binding_max_age == seconds)
    return;
  self->key_binding_max_age = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY_BINDING_MAX_AGE]);
}

/**
 * vneid_verifier_get_key_binding_max_age:
 * @self: a #VneidVerifier
 *
 * Gets how old a KB-JWT may be, in seconds.
 *
 * Returns: how old a KB-JWT may be, in seconds
 *
 * Since: 0.1
 */
guint
vneid_verifier_get_key_binding_max_age (VneidVerifier *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIER (self), 0);
  return self->key_binding_max_age;
}

/**
 * vneid_verifier_require_key_binding:
 * @self: a #VneidVerifier
 * @nonce: (nullable): the nonce the KB-JWT must carry
 * @audience: (nullable): the audience the KB-JWT must name
 *
 * Requires key binding for [method@Vneid.Verifier.verify]: every
 * presentation must end in a KB-JWT, signed by the holder key in `cnf`,
 * over exactly the presented disclosures, with this nonce and audience and
 * a fresh `iat`. Both %NULL: key binding is not required (a KB-JWT that is
 * present is still checked).
 *
 * Since: 0.1
 */
void
vneid_verifier_require_key_binding (VneidVerifier *self,
                                    const char    *nonce,
                                    const char    *audience)
{
  g_return_if_fail (VNEID_IS_VERIFIER (self));
  g_return_if_fail ((nonce == NULL) == (audience == NULL));

  g_free (self->nonce);
  g_free (self->audience);
  self->nonce = g_strdup (nonce);
  self->audience = g_strdup (audience);
}

/**
 * vneid_verifier_set_check_status:
 * @self: a #VneidVerifier
 * @check_status: whether to check credential status
 *
 * Sets whether to check credential status.
 *
 * Since: 0.1
 */
void
vneid_verifier_set_check_status (VneidVerifier *self,
                                 gboolean       check_status)
{
  g_return_if_fail (VNEID_IS_VERIFIER (self));

  check_status = !!check_status;
  if (self->check_status == check_status)
    return;
  self->check_status = check_status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECK_STATUS]);
}

/**
 * vneid_verifier_get_check_status:
 * @self: a #VneidVerifier
 *
 * Tells whether credential status is checked.
 *
 * Returns: whether credential status is checked
 *
 * Since: 0.1
 */
gboolean
vneid_verifier_get_check_status (VneidVerifier *self)
{
  g_return_val_if_fail (VNEID_IS_VERIFIER (self), FALSE);
  return self->check_status;
}

static gint64
current_time (VneidVerifier *self)
{
  return self->time ? self->time : g_get_real_time () / G_USEC_PER_SEC;
}

/**
 * vneid_verifier_add_status_list_object:
 * @self: a #VneidVerifier
 * @list: a status list that came from a verified token (it has a URI)
 * @error: return location for a #GError
 *
 * Uses @list for credentials whose `status.status_list.uri` is its URI.
 * Of several lists for one URI the newest by `iat` is used, whatever the
 * order they were added in; two different lists with the same `iat` make
 * that URI unusable (%VNEID_CREDENTIAL_ERROR_STATUS_UNAVAILABLE) until a
 * newer list comes. A list is never used past its `exp`.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
vneid_verifier_add_status_list_object (VneidVerifier   *self,
                                       VneidStatusList *list,
                                       GError         **error)
{
  VneidStatusList *current;
  const char *uri;

  g_return_val_if_fail (VNEID_IS_VERIFIER (self), FALSE);
  g_return_val_if_fail (VNEID_IS_STATUS_LIST (list), FALSE);

  uri = vneid_status_list_get_uri (list);
  if (uri == NULL || vneid_status_list_get_issuer (list) == NULL)
    {
      g_set_error_literal (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_INVALID_ARGUMENT,
                           "the status list has no URI or issuer: only lists from verified tokens can be used");
      return FALSE;
    }

  current = g_hash_table_lookup (self->status_lists, uri);
  if (current != NULL &&
      vneid_status_list_get_issued_at (list) <= vneid_status_list_get_issued_at (current))
    {
      if (vneid_status_list_get_issued_at (list) == vneid_status_list_get_issued_at (current) &&
          !vneid_status_list_same (list, current))
        g_hash_table_add (self->ambiguous_status_uris, g_strdup (uri));
      return TRUE; /* an older list changes nothing */
    }
  g_hash_table_remove (self->ambiguous_status_uris, uri);
  g_hash_table_replace (self->status_lists, g_strdup (uri), g_object_ref (list));
  return TRUE;
}

/**
 * vneid_verifier_add_status_list:
 * @self: a #VneidVerifier
 * @token: a status list token (`statuslist+jwt`) the caller fetched
 * @error: return location for a #GError
 *
 * Verifies a status list token against the trust store, at the verifier's
 * time, and uses it for the credentials that reference its URI (`sub`).
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
vneid_verifier_add_status_list (VneidVerifier *self,
                                const char    *token,
                                GError       **error)
{
  g_autoptr(VneidStatusList) list = NULL;

  g_return_val_if_fail (VNEID_IS_VERIFIER (self), FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  list = vneid_status_list_new_from_token_full (token, self->trust_store, current_time (self),
                                                self->leeway, error);
  return list != NULL && vneid_verifier_add_status_list_object (self, list, error);
}

typedef struct {
  VneidVerifier *verifier;
  gint64         now;
  const char    *nonce;      /* NULL: key binding not required */
  const char    *audience;
  VneidSdJwt     sd;
  const char    *issuer;
  const char    *vct;
  char          *unusable_holder_key; /* why cnf names no key we can use */
  VneidVerification result;
} VerificationRun;

static gboolean
check_issuer (VerificationRun *c,
              GError         **error)
{
  JsonObject *payload = c->sd.jws.payload;
  g_autoptr(GPtrArray) keys = NULL;

  if (!vneid_json_get_string (payload, "iss", TRUE, &c->issuer, "issuer-signed JWT", error) ||
      !vneid_json_get_string (payload, "vct", TRUE, &c->vct, "issuer-signed JWT", error))
    return FALSE;

  if (!vneid_trust_store_is_allowed (c->verifier->trust_store, c->vct, c->issuer))
    {
      keys = vneid_trust_store_get_keys (c->verifier->trust_store, c->issuer);
      if (keys->len == 0)
        g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_UNTRUSTED_ISSUER,
                     "issuer %s is not in the trust store", c->issuer);
      else
        g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_UNTRUSTED_ISSUER,
                     "issuer %s is not allowed to issue credentials of type %s", c->issuer, c->vct);
      return FALSE;
    }

  c->result.issuer_key = vneid_trust_store_verify_jws (c->verifier->trust_store, c->issuer,
                                                       &c->sd.jws, "issuer-signed JWT", error);
  if (c->result.issuer_key == NULL)
    return FALSE;
  g_object_ref (c->result.issuer_key);
  return TRUE;
}

static gboolean
check_validity_period (VerificationRun *c,
                       GError         **error)
{
  JsonObject *payload = c->sd.jws.payload;
  /* `exp` and `nbf` stay in the clear; `iat` may be disclosed */
  JsonNode *iat_claim = vneid_sd_jwt_get_claim (&c->sd, "iat");
  gint64 leeway = c->verifier->leeway;
  gint64 exp = G_MAXINT64, nbf = G_MININT64, iat = 0;
  VneidJsonScalar iat_value;

  vneid_json_scalar_from_node (iat_claim, &iat_value);
  if (!vneid_json_get_numeric_date (payload, "exp", FALSE, &exp, "issuer-signed JWT", error) ||
      !vneid_json_get_numeric_date (payload, "nbf", FALSE, &nbf, "issuer-signed JWT", error) ||
      !vneid_json_scalar_get_numeric_date (&iat_value, "iat", FALSE, &iat, "issuer-signed JWT", error))
    return FALSE;
  c->result.issued_at = iat;

  /* now and leeway are small and non-negative; claims are anything */
  if (exp != G_MAXINT64 && c->now - leeway >= exp)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_EXPIRED,
                   "credential expired at %" G_GINT64_FORMAT " (now %" G_GINT64_FORMAT
                   ", leeway %" G_GINT64_FORMAT " s)", exp, c->now, leeway);
      return FALSE;
    }
  if (nbf != G_MININT64 && nbf > c->now + leeway)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_NOT_YET_VALID,
                   "credential not valid before %" G_GINT64_FORMAT " (now %" G_GINT64_FORMAT ")",
                   nbf, c->now);
      return FALSE;
    }
  if (iat_claim != NULL && iat > c->now + leeway)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_NOT_YET_VALID,
                   "credential issued in the future, at %" G_GINT64_FORMAT " (now %" G_GINT64_FORMAT ")",
                   iat, c->now);
      return FALSE;
    }
  return TRUE;
}

/* The KB-JWT claims the checks read (RFC 9901 section 4.3), read without
 * a tree. */
typedef enum { KB_SD_HASH, KB_NONCE, KB_AUD, KB_IAT, KB_EXP, KB_NBF, KB_N_CLAIMS } KbClaim;
static const char *const kb_claim_names[KB_N_CLAIMS] = { "sd_hash", "nonce", "aud", "iat", "exp", "nbf" };

/* A KB-JWT without one of its required claims is invalid as a whole; one
 * with a different value fails the rule the claim stands for. */
static gboolean
check_kb_claim (const VneidJsonScalar *kb,
                KbClaim                claim,
                const char            *expected,
                gint                   mismatch_code,
                const char            *mismatch_reason,
                GError               **error)
{
  const char *member = kb_claim_names[claim];
  const char *value = NULL;

  if (!vneid_json_scalar_get_string (&kb[claim], member, TRUE, &value, "KB-JWT", NULL))
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_KEY_BINDING_INVALID,
                   "KB-JWT: required claim “%s” is missing or not a string", member);
      return FALSE;
    }
  if (!vneid_str_equal_const_time (value, expected))
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, mismatch_code,
                   "%sKB-JWT %s “%s” is not the expected “%s”",
                   mismatch_reason, member, value, expected);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_kb_freshness (VerificationRun       *c,
                    const VneidJsonScalar *kb,
                    GError               **error)
{
  gint64 leeway = c->verifier->leeway;
  gint64 iat;

  if (!vneid_json_scalar_get_numeric_date (&kb[KB_IAT], "iat", TRUE, &iat, "KB-JWT", error))
    return FALSE;
  /* comparisons on the verifier's side only: iat is the holder's and may be anything */
  if (iat > c->now + leeway ||
      iat < c->now - (gint64) c->verifier->key_binding_max_age - leeway)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_KEY_BINDING_STALE,
                   "KB-JWT issued at %" G_GINT64_FORMAT ", outside the %u s window before now (%"
                   G_GINT64_FORMAT ")", iat, c->verifier->key_binding_max_age, c->now);
      return FALSE;
    }
  return TRUE;
}

/* RFC 9901 section 7.3 and RFC 7519 sections 4.1.4-4.1.5: whatever the
 * policy, a KB-JWT past its `exp` or before its `nbf` proves nothing. */
static gboolean
check_kb_validity (VerificationRun       *c,
                   const VneidJsonScalar *kb,
                   GError               **error)
{
  gint64 leeway = c->verifier->leeway;
  gint64 exp = G_MAXINT64, nbf = G_MININT64;

  if (!vneid_json_scalar_get_numeric_date (&kb[KB_EXP], "exp", FALSE, &exp, "KB-JWT", error) ||
      !vneid_json_scalar_get_numeric_date (&kb[KB_NBF], "nbf", FALSE, &nbf, "KB-JWT", error))
    return FALSE;
  if (exp != G_MAXINT64 && c->now - leeway >= exp)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_KEY_BINDING_STALE,
                   "KB-JWT expired at %" G_GINT64_FORMAT " (now %" G_GINT64_FORMAT ")", exp, c->now);
      return FALSE;
    }
  if (nbf != G_MININT64 && nbf > c->now + leeway)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_KEY_BINDING_STALE,
                   "KB-JWT not valid before %" G_GINT64_FORMAT " (now %" G_GINT64_FORMAT ")",
                   nbf, c->now);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_holder_key (VerificationRun *c,
                  const char      *why_needed,
                  GError         **error)
{
  if (c->result.holder.present)
    return TRUE;
  g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_KEY_BINDING_INVALID,
               "%s, but the credential names no holder key this verifier can use (%s)", why_needed,
               c->unusable_holder_key ? c->unusable_holder_key : "no “cnf”");
  return FALSE;
}

static gboolean
check_key_binding_jwt (VerificationRun       *c,
                       VneidJws              *kb,
                       const VneidJsonScalar *claims,
                       GError               **error)
{
  char sd_hash[VNEID_DIGEST_B64_LEN + 1];

  if (!check_holder_key (c, "KB-JWT present", error))
    return FALSE;
  if (!vneid_verify_detached_with (c->result.holder.public_key, kb->compact, kb->signing_input_len,
                                   kb->signature))
    {
      g_set_error_literal (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_KEY_BINDING_INVALID,
                           "KB-JWT signature does not verify with the holder key in cnf");
      return FALSE;
    }

  vneid_sha256_b64url (c->sd.text, c->sd.presented_len, sd_hash);
  if (!check_kb_claim (claims, KB_SD_HASH, sd_hash, VNEID_CREDENTIAL_ERROR_KEY_BINDING_INVALID,
                       "presented disclosures differ from those the holder signed: ", error) ||
      !check_kb_validity (c, claims, error))
    return FALSE;

  /* Without a policy of its own, a KB-JWT proves possession, but its nonce,
   * audience and age mean nothing to this verifier. */
  if (c->nonce == NULL)
    return TRUE;
  return check_kb_claim (claims, KB_NONCE, c->nonce, VNEID_CREDENTIAL_ERROR_NONCE_MISMATCH, "", error) &&
         check_kb_claim (claims, KB_AUD, c->audience, VNEID_CREDENTIAL_ERROR_AUDIENCE_MISMATCH, "", error) &&
         check_kb_freshness (c, claims, error);
}

static gboolean
check_key_binding (VerificationRun *c,
                   GError         **error)
{
  VneidJsonScalar claims[KB_N_CLAIMS];
  VneidJws kb;
  gboolean ok;

  if (c->sd.kb_len == 0)
    {
      if (c->nonce == NULL)
        return TRUE;
      g_set_error_literal (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_KEY_BINDING_REQUIRED,
                           "key binding is required, and the presentation has no KB-JWT");
      return FALSE;
    }

  if (!vneid_jws_parse_as (&kb, c->sd.kb, c->sd.kb_len, "kb+jwt", "KB-JWT",
                           (VneidJwsReading) { .payload_names = kb_claim_names,
                                               .n_payload_names = KB_N_CLAIMS,
                                               .payload_values = claims }, error))
    return FALSE;
  ok = check_key_binding_jwt (c, &kb, claims, error);
  vneid_jws_clear (&kb);
  /* key-bound means bound to this request: a KB-JWT checked without an
   * expected nonce and audience could be a replay */
  c->result.key_bound = ok && c->nonce != NULL;
  return ok;
}

static gboolean
read_status_reference (JsonObject  *payload,
                       gint64      *index,
                       const char **uri,
                       GError     **error)
{
  JsonNode *status = json_object_get_member (payload, "status");
  JsonNode *reference;

  *uri = NULL;
  if (status == NULL)
    return TRUE;
  reference = JSON_NODE_HOLDS_OBJECT (status)
    ? json_object_get_member (json_node_get_object (status), "status_list") : NULL;
  if (reference == NULL || !JSON_NODE_HOLDS_OBJECT (reference))
    {
      g_set_error_literal (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_STATUS_UNAVAILABLE,
                           "claim “status” holds no “status_list” reference, the only status mechanism supported");
      return FALSE;
    }
  if (!vneid_json_get_integer (json_node_get_object (reference), "idx", TRUE, index, "status.status_list", error) ||
      !vneid_json_get_string (json_node_get_object (reference), "uri", TRUE, uri, "status.status_list", error))
    return FALSE;
  if (*index < 0 || *index > G_MAXUINT)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "status.status_list: idx %" G_GINT64_FORMAT " is out of range", *index);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_status (VerificationRun *c,
              GError         **error)
{
  VneidStatusList *list;
  const char *uri;
  gint64 index;
  guint value;

  if (!read_status_reference (c->sd.jws.payload, &index, &uri, error))
    return FALSE;
  if (uri == NULL || !c->verifier->check_status)
    return TRUE;

  list = g_hash_table_lookup (c->verifier->status_lists, uri);
  if (list == NULL || g_hash_table_contains (c->verifier->ambiguous_status_uris, uri))
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_STATUS_UNAVAILABLE,
                   list ? "two different status lists for %s were issued at the same time"
                        : "no status list was supplied for %s", uri);
      return FALSE;
    }
  if (vneid_status_list_get_expires_at (list) != 0 &&
      c->now - c->verifier->leeway >= vneid_status_list_get_expires_at (list))
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_STATUS_UNAVAILABLE,
                   "the status list for %s expired at %" G_GINT64_FORMAT " (now %" G_GINT64_FORMAT ")",
                   uri, vneid_status_list_get_expires_at (list), c->now);
      return FALSE;
    }
  if (g_strcmp0 (vneid_status_list_get_issuer (list), c->issuer) != 0)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_STATUS_UNAVAILABLE,
                   "the status list at %s comes from %s, not from the credential's issuer %s",
                   uri, vneid_status_list_get_issuer (list), c->issuer);
      return FALSE;
    }
  if (!vneid_status_list_get (list, (guint) index, &value, error))
    return FALSE;

  c->result.status_checked = TRUE;
  switch (value)
    {
    case VNEID_STATUS_VALID:
      return TRUE;
    case VNEID_STATUS_SUSPENDED:
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_SUSPENDED,
                   "credential is suspended (status list %s, index %" G_GINT64_FORMAT ")", uri, index);
      return FALSE;
    default:
      /* INVALID, and application-specific values a strict verifier cannot accept */
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_REVOKED,
                   "credential is revoked (status %u in list %s, index %" G_GINT64_FORMAT ")",
                   value, uri, index);
      return FALSE;
    }
}

static VneidVerifiedCredential *
verify (VneidVerifier *self,
        const char    *presentation,
        const char    *nonce,
        const char    *audience,
        GError       **error)
{
  VerificationRun c = { self, current_time (self), nonce, audience, };
  gboolean ok;

  if (!vneid_sd_jwt_parse (&c.sd, presentation, strlen (presentation), error))
    return NULL;

  ok = check_issuer (&c, error) &&
       vneid_sd_jwt_process (&c.sd, VNEID_SD_JWT_PLACE_LATER, error) &&
       check_validity_period (&c, error) &&
       vneid_sd_jwt_read_holder_key (c.sd.jws.payload, &c.result.holder,
                                     &c.unusable_holder_key, error) &&
       check_key_binding (&c, error) &&
       check_status (&c, error);

  c.result.disclosure_count = c.sd.n_disclosures;
  c.result.payload = json_node_ref (c.sd.jws.payload_node);
  c.result.pending = vneid_sd_jwt_steal_pending (&c.sd);
  vneid_sd_jwt_clear (&c.sd);
  g_free (c.unusable_holder_key);

  if (!ok)
    {
      json_node_unref (c.result.payload);
      g_clear_pointer (&c.result.pending, vneid_pending_claims_free);
      g_clear_object (&c.result.issuer_key);
      return NULL;
    }
  return vneid_verified_credential_new (&c.result);
}

/**
 * vneid_verifier_verify:
 * @self: a #VneidVerifier
 * @presentation: a compact SD-JWT VC presentation
 * @error: return location for a #GError
 *
 * Verifies a presentation under the verifier's policy.
 *
 * Returns: (transfer full): the verified credential, or %NULL with @error
 *   set to a %VNEID_CREDENTIAL_ERROR that names the rule that failed
 *
 * Since: 0.1
 */
VneidVerifiedCredential *
vneid_verifier_verify (VneidVerifier *self,
                       const char    *presentation,
                       GError       **error)
{
  g_return_val_if_fail (VNEID_IS_VERIFIER (self), NULL);
  g_return_val_if_fail (presentation != NULL, NULL);

  return verify (self, presentation, self->nonce, self->audience, error);
}

/**
 * vneid_verifier_verify_with_nonce:
 * @self: a #VneidVerifier
 * @presentation: a compact SD-JWT VC presentation
 * @nonce: the nonce this request gave the holder
 * @audience: the verifier's identifier the KB-JWT must name
 * @error: return location for a #GError
 *
 * Verifies a presentation with key binding required for this @nonce and
 * @audience, whatever [method@Vneid.Verifier.require_key_binding] set: the
 * per-request form for verifiers shared between threads.
 *
 * Returns: (transfer full): the verified credential, or %NULL on error
 *
 * Since: 0.1
 */
VneidVerifiedCredential *
vneid_verifier_verify_with_nonce (VneidVerifier *self,
                                  const char    *presentation,
                                  const char    *nonce,
                                  const char    *audience,
                                  GError       **error)
{
  g_return_val_if_fail (VNEID_IS_VERIFIER (self), NULL);
  g_return_val_if_fail (presentation != NULL, NULL);
  g_return_val_if_fail (nonce != NULL, NULL);
  g_return_val_if_fail (audience != NULL, NULL);

  return verify (self, presentation, nonce, audience, error);
}
