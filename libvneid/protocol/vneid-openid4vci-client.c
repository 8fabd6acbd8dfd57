/* vneid-openid4vci-client.c: the wallet side of the pre-authorized code flow, over HTTP
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <gmodule.h>
#include <libsoup/soup.h>

#include "vneid-openid4vci-client.h"
#include "vneid-openid4vci-credential-request.h"
#include "vneid-openid4vci-credential-response.h"
#include "vneid-openid4vci-metadata.h"
#include "vneid-openid4vci-nonce.h"
#include "vneid-openid4vci-proof.h"
#include "vneid-openid4vci-token-request.h"
#include "vneid-openid4vci-token-response.h"
#include "vneid-openid4vci-private.h"
#include "vneid-credential.h"
#include "vneid-util-private.h"

/* Seconds a whole exchange with one endpoint may take. */
#define DEFAULT_TIMEOUT 30

/* libsoup 3's soname on GNU/Linux. libsoup is loaded when the first
 * request is sent rather than linked: a process that only verifies, as
 * most do, then maps neither libsoup nor the fifteen libraries it brings
 * (Kerberos, HTTP/2, brotli, psl, sqlite, …), a quarter of the start-up
 * of every `vneid` command. */
#define SOUP_LIBRARY "libsoup-3.0.so.0"

/* The libsoup functions the client calls, with their own prototypes. */
typedef struct {
  __typeof__ (soup_session_new_with_options)           *session_new_with_options;
  __typeof__ (soup_session_send)                       *session_send;
  __typeof__ (soup_message_new)                        *message_new;
  __typeof__ (soup_message_add_flags)                  *message_add_flags;
  __typeof__ (soup_message_get_request_headers)        *message_get_request_headers;
  __typeof__ (soup_message_headers_replace)            *message_headers_replace;
  __typeof__ (soup_message_get_status)                 *message_get_status;
  __typeof__ (soup_message_set_request_body_from_bytes) *message_set_request_body_from_bytes;
} Soup;

static gboolean
open_soup (Soup  *soup,
           char **failure)
{
  const struct { const char *name; gpointer *slot; } symbols[] = {
    { "soup_session_new_with_options", (gpointer *) &soup->session_new_with_options },
    { "soup_session_send", (gpointer *) &soup->session_send },
    { "soup_message_new", (gpointer *) &soup->message_new },
    { "soup_message_add_flags", (gpointer *) &soup->message_add_flags },
    { "soup_message_get_request_headers", (gpointer *) &soup->message_get_request_headers },
    { "soup_message_headers_replace", (gpointer *) &soup->message_headers_replace },
    { "soup_message_get_status", (gpointer *) &soup->message_get_status },
    { "soup_message_set_request_body_from_bytes", (gpointer *) &soup->message_set_request_body_from_bytes },
  };
  GModule *module = g_module_open (SOUP_LIBRARY, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);

  if (module == NULL)
    {
      *failure = g_strdup_printf ("the HTTP client needs %s: %s", SOUP_LIBRARY, g_module_error ());
      return FALSE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (symbols); i++)
    if (!g_module_symbol (module, symbols[i].name, symbols[i].slot))
      {
        *failure = g_strdup_printf ("%s has no %s", SOUP_LIBRARY, symbols[i].name);
        g_module_close (module);
        return FALSE;
      }
  g_module_make_resident (module);
  return TRUE;
}

/* libsoup, loaded once per process; NULL with @error set when it cannot be. */
static const Soup *
load_soup (GError **error)
{
  static Soup soup;
  static char *failure;
  static gsize state; /* 1: loaded, 2: failed */

  if (g_once_init_enter (&state))
    g_once_init_leave (&state, open_soup (&soup, &failure) ? 1 : 2);
  if (state == 2)
    {
      g_set_error_literal (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_TRANSPORT, failure);
      return NULL;
    }
  return &soup;
}

/**
 * VneidOpenid4vciClient:
 *
 * The wallet side of OpenID4VCI 1.0's pre-authorized code flow over HTTP
 * (libsoup 3): from a credential offer, a transaction code and the
 * holder's key to an issued SD-JWT VC.
 *
 * [method@Vneid.Openid4vciClient.resolve_offer] reads an
 * `openid-credential-offer://` URI, fetching the offer when it is passed by
 * reference. [method@Vneid.Openid4vciClient.receive] then fetches the
 * credential issuer's metadata and its authorization server's (RFC 8414),
 * trades the pre-authorized code and the transaction code for an access
 * token, fetches a `c_nonce`, and posts the credential request with a key
 * proof binding @holder_key, checking every answer on the way.
 *
 * Secrets go only where the offer's issuer says: every URL must be
 * `https` (plain `http` only to this machine, for tests), redirects are
 * not followed, and answers are size-capped. The client never trusts the
 * credential it receives: verify it with a [class@Vneid.Verifier] before
 * use. This part of libvneid is built only with libsoup (meson option
 * `http_client`), which it loads when the first request is sent; the
 * verifying core never does network I/O.
 *
 * Calls block; run them in a thread when a main loop must stay live.
 *
 * Since: 0.2
 */
struct _VneidOpenid4vciClient
{
  GObject      parent_instance;

  const Soup  *soup;     /* with the session, made by the first request */
  SoupSession *session;
  guint        timeout;
};

G_DEFINE_FINAL_TYPE (VneidOpenid4vciClient, vneid_openid4vci_client, G_TYPE_OBJECT)

static void
vneid_openid4vci_client_finalize (GObject *object)
{
  VneidOpenid4vciClient *self = VNEID_OPENID4VCI_CLIENT (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (vneid_openid4vci_client_parent_class)->finalize (object);
}

static void
vneid_openid4vci_client_class_init (VneidOpenid4vciClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_openid4vci_client_finalize;
}

static void
vneid_openid4vci_client_init (VneidOpenid4vciClient *self)
{
  self->timeout = DEFAULT_TIMEOUT;
}

static gboolean
ensure_session (VneidOpenid4vciClient *self,
                GError               **error)
{
  if (self->session != NULL)
    return TRUE;
  if ((self->soup = load_soup (error)) == NULL)
    return FALSE;
  self->session = self->soup->session_new_with_options ("timeout", self->timeout,
                                                        "user-agent", "libvneid/" PACKAGE_VERSION,
                                                        NULL);
  return TRUE;
}

/**
 * vneid_openid4vci_client_new:
 *
 * Creates a wallet-side OpenID4VCI client with its own HTTP session.
 *
 * Returns: (transfer full): a client with a 30-second timeout
 *
 * Since: 0.2
 */
VneidOpenid4vciClient *
vneid_openid4vci_client_new (void)
{
  return g_object_new (VNEID_TYPE_OPENID4VCI_CLIENT, NULL);
}

/**
 * vneid_openid4vci_client_set_timeout:
 * @self: a client
 * @seconds: how long one exchange may take, 1 or more
 *
 * Sets how long one HTTP exchange with the issuer may take before it is
 * given up.
 *
 * Since: 0.2
 */
void
vneid_openid4vci_client_set_timeout (VneidOpenid4vciClient *self,
                                     guint                  seconds)
{
  g_return_if_fail (VNEID_IS_OPENID4VCI_CLIENT (self));
  g_return_if_fail (seconds > 0);
  self->timeout = seconds;
  if (self->session != NULL)
    g_object_set (self->session, "timeout", seconds, NULL);
}

/* Sends @msg and reads at most @max_size bytes of its answer as text.
 * A status over 299 becomes the error the answer names. */
static char *
exchange (VneidOpenid4vciClient *self,
          SoupMessage           *msg,
          const char            *what,
          gsize                  max_size,
          GCancellable          *cancellable,
          GError               **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autofree char *body = g_malloc (max_size + 1);
  gsize len = 0;
  GError *inner = NULL;
  guint status;

  self->soup->message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  self->soup->message_headers_replace (self->soup->message_get_request_headers (msg), "Accept",
                                       "application/json");
  stream = self->soup->session_send (self->session, msg, cancellable, &inner);
  if (stream == NULL
      || !g_input_stream_read_all (stream, body, max_size + 1, &len, cancellable, &inner))
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_TRANSPORT,
                   "%s: %s", what, inner->message);
      g_error_free (inner);
      return NULL;
    }
  if (len > max_size)
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE,
                   "%s: the answer is larger than %" G_GSIZE_FORMAT " bytes", what, max_size);
      return NULL;
    }
  body[len] = '\0';
  status = self->soup->message_get_status (msg);
  if (status >= 300)
    {
      vneid_openid4vci_set_error_from_response (status, body, len, what, error);
      return NULL;
    }
  if (memchr (body, '\0', len) != NULL)
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE,
                   "%s: the answer holds a NUL byte", what);
      return NULL;
    }
  return g_steal_pointer (&body);
}

static SoupMessage *
new_message (VneidOpenid4vciClient *self,
             const char            *method,
             const char            *url,
             const char            *what,
             GError               **error)
{
  SoupMessage *msg;

  if (!vneid_openid4vci_check_url (url, what, VNEID_OPENID4VCI_ERROR_TRANSPORT, error) ||
      !ensure_session (self, error))
    return NULL;
  msg = self->soup->message_new (method, url);
  if (msg == NULL)
    g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_TRANSPORT,
                 "%s: cannot send to this URL", what);
  return msg;
}

static char *
get (VneidOpenid4vciClient *self,
     const char            *url,
     const char            *what,
     GCancellable          *cancellable,
     GError               **error)
{
  g_autoptr(SoupMessage) msg = new_message (self, "GET", url, what, error);

  return msg ? exchange (self, msg, what, VNEID_OPENID4VCI_MAX_MESSAGE_SIZE, cancellable, error) : NULL;
}

static char *
post (VneidOpenid4vciClient *self,
      const char            *url,
      const char            *content_type,
      const char            *body,
      const char            *access_token,
      const char            *what,
      gsize                  max_size,
      GCancellable          *cancellable,
      GError               **error)
{
  g_autoptr(SoupMessage) msg = new_message (self, "POST", url, what, error);
  g_autoptr(GBytes) bytes = NULL;

  if (msg == NULL)
    return NULL;
  if (body != NULL)
    {
      bytes = g_bytes_new (body, strlen (body));
      self->soup->message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  if (access_token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", access_token, NULL);
      self->soup->message_headers_replace (self->soup->message_get_request_headers (msg),
                                           "Authorization", authorization);
    }
  return exchange (self, msg, what, max_size, cancellable, error);
}

/**
 * vneid_openid4vci_client_resolve_offer:
 * @self: a client
 * @offer_uri: the offer URI the wallet was handed
 * @cancellable: (nullable): a #GCancellable
 *
 * Reads a credential offer URI (see [func@Vneid.Openid4vciOffer.parse_uri]),
 * fetching the offer from its `credential_offer_uri` when it is passed by
 * reference.
 *
 * Returns: (transfer full): the offer, or %NULL with @error set
 *
 * Since: 0.2
 */
VneidOpenid4vciOffer *
vneid_openid4vci_client_resolve_offer (VneidOpenid4vciClient *self,
                                       const char            *offer_uri,
                                       GCancellable          *cancellable,
                                       GError               **error)
{
  VneidOpenid4vciOffer *offer = NULL;
  g_autofree char *offer_url = NULL;
  g_autofree char *json = NULL;

  g_return_val_if_fail (VNEID_IS_OPENID4VCI_CLIENT (self), NULL);
  g_return_val_if_fail (offer_uri != NULL, NULL);

  if (!vneid_openid4vci_offer_parse_uri (offer_uri, &offer, &offer_url, error))
    return NULL;
  if (offer != NULL)
    return offer;
  json = get (self, offer_url, "credential offer", cancellable, error);
  return json ? vneid_openid4vci_offer_new_from_json (json, error) : NULL;
}

static VneidOpenid4vciMetadata *
fetch_metadata (VneidOpenid4vciClient *self,
                const char            *issuer,
                GCancellable          *cancellable,
                GError               **error)
{
  g_autoptr(VneidOpenid4vciMetadata) metadata = NULL;
  g_autofree char *url = NULL, *json = NULL, *as_url = NULL, *as_json = NULL;

  url = vneid_openid4vci_metadata_build_well_known_url (issuer, VNEID_OPENID4VCI_WELL_KNOWN_ISSUER, error);
  if (url == NULL || (json = get (self, url, "credential issuer metadata", cancellable, error)) == NULL)
    return NULL;
  metadata = vneid_openid4vci_metadata_new_from_json (json, issuer, error);
  if (metadata == NULL)
    return NULL;

  as_url = vneid_openid4vci_metadata_build_well_known_url (vneid_openid4vci_metadata_get_authorization_server (metadata),
                                                          VNEID_OPENID4VCI_WELL_KNOWN_AUTHORIZATION_SERVER, error);
  if (as_url == NULL
      || (as_json = get (self, as_url, "authorization server metadata", cancellable, error)) == NULL
      || !vneid_openid4vci_metadata_read_authorization_server (metadata, as_json, error))
    return NULL;
  return g_steal_pointer (&metadata);
}

static char *
obtain_access_token (VneidOpenid4vciClient   *self,
                     VneidOpenid4vciMetadata *metadata,
                     VneidOpenid4vciOffer    *offer,
                     const char              *tx_code,
                     GCancellable            *cancellable,
                     GError                 **error)
{
  g_autoptr(VneidOpenid4vciTokenRequest) request = NULL;
  g_autoptr(VneidOpenid4vciTokenResponse) response = NULL;
  g_autofree char *form = NULL, *json = NULL;

  request = vneid_openid4vci_token_request_new (vneid_openid4vci_offer_get_pre_authorized_code (offer), tx_code);
  form = vneid_openid4vci_token_request_to_form (request);
  json = post (self, vneid_openid4vci_metadata_get_token_endpoint (metadata), "application/x-www-form-urlencoded",
               form, NULL, "token endpoint", VNEID_OPENID4VCI_MAX_MESSAGE_SIZE, cancellable, error);
  sodium_memzero (form, strlen (form));
  if (json == NULL || (response = vneid_openid4vci_token_response_new_from_json (json, error)) == NULL)
    return NULL;
  return g_strdup (vneid_openid4vci_token_response_get_access_token (response));
}

static char *
obtain_nonce (VneidOpenid4vciClient   *self,
              VneidOpenid4vciMetadata *metadata,
              GCancellable            *cancellable,
              GError                 **error)
{
  g_autofree char *json = NULL;

  if (vneid_openid4vci_metadata_get_nonce_endpoint (metadata) == NULL)
    return g_strdup ("");  /* the issuer asks for no nonce */
  json = post (self, vneid_openid4vci_metadata_get_nonce_endpoint (metadata), NULL, NULL, NULL,
               "nonce endpoint", VNEID_OPENID4VCI_MAX_MESSAGE_SIZE, cancellable, error);
  return json ? vneid_openid4vci_nonce_response_parse (json, error) : NULL;
}

/* The credential must be of the configuration's vct; whether it is genuine
 * is the verifier's job, not the transport's. */
static gboolean
check_credential (const char *compact,
                  const char *vct,
                  GError    **error)
{
  g_autoptr(GError) inner = NULL;
  g_autoptr(VneidCredential) credential = vneid_credential_new (compact, &inner);

  if (credential == NULL)
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE,
                   "credential response: the credential is not an SD-JWT VC: %s", inner->message);
      return FALSE;
    }
  if (g_strcmp0 (vneid_credential_get_vct (credential), vct) != 0)
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_RESPONSE,
                   "credential response: the credential's vct is not %s", vct);
      return FALSE;
    }
  return TRUE;
}

static char *
request_credential (VneidOpenid4vciClient   *self,
                    VneidOpenid4vciMetadata *metadata,
                    const char              *configuration_id,
                    const char              *access_token,
                    VneidKey                *holder_key,
                    GCancellable            *cancellable,
                    GError                 **error)
{
  g_autofree char *nonce = NULL, *proof = NULL, *body = NULL, *json = NULL;
  g_autoptr(VneidOpenid4vciCredentialRequest) request = NULL;
  g_autoptr(VneidOpenid4vciCredentialResponse) response = NULL;

  nonce = obtain_nonce (self, metadata, cancellable, error);
  if (nonce == NULL)
    return NULL;
  proof = vneid_openid4vci_proof_build (holder_key, vneid_openid4vci_metadata_get_credential_issuer (metadata),
                                        nonce[0] ? nonce : NULL, g_get_real_time () / G_USEC_PER_SEC, error);
  if (proof == NULL)
    return NULL;
  request = vneid_openid4vci_credential_request_new (configuration_id, proof);
  body = vneid_openid4vci_credential_request_to_json (request);
  json = post (self, vneid_openid4vci_metadata_get_credential_endpoint (metadata), "application/json", body,
               access_token, "credential endpoint", VNEID_OPENID4VCI_MAX_RESPONSE_SIZE, cancellable, error);
  if (json == NULL || (response = vneid_openid4vci_credential_response_new_from_json (json, error)) == NULL
      || !check_credential (vneid_openid4vci_credential_response_get_credential (response),
                            vneid_openid4vci_metadata_get_configuration_vct (metadata, configuration_id), error))
    return NULL;
  return g_strdup (vneid_openid4vci_credential_response_get_credential (response));
}

static const char *
choose_configuration (VneidOpenid4vciOffer    *offer,
                      VneidOpenid4vciMetadata *metadata,
                      const char              *wanted,
                      GError                 **error)
{
  const char * const *offered = vneid_openid4vci_offer_get_credential_configuration_ids (offer);
  const char *id = wanted ? wanted : offered[0];

  if (!g_strv_contains (offered, id))
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_OFFER,
                   "the offer does not include the credential configuration “%s”", id);
      return NULL;
    }
  if (vneid_openid4vci_metadata_get_configuration_vct (metadata, id) == NULL)
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_METADATA,
                   "the issuer's metadata has no usable configuration “%s” (SD-JWT VC, EdDSA jwt proofs)", id);
      return NULL;
    }
  return id;
}

/**
 * vneid_openid4vci_client_receive:
 * @self: a client
 * @offer: a credential offer with a pre-authorized code grant
 * @credential_configuration_id: (nullable): the configuration to obtain,
 *   one of the offer's; %NULL for its first
 * @tx_code: (nullable): the transaction code the holder received, when the
 *   offer asks for one
 * @holder_key: the wallet's key, with its private part; the credential is
 *   bound to it
 * @cancellable: (nullable): a #GCancellable
 *
 * Obtains a credential with the pre-authorized code flow: issuer and
 * authorization server metadata, token request, nonce, credential request
 * with a key proof. The offer's code is single use at the issuer: after
 * a failure past the token request, ask for a new offer.
 *
 * Returns: (transfer full): the issued SD-JWT VC (not yet verified), or
 *   %NULL with @error set: %VNEID_OPENID4VCI_ERROR_INVALID_GRANT for a
 *   wrong transaction code or a used or expired offer, another
 *   [error@Vneid.Openid4vciError] for what else went wrong
 *
 * Since: 0.2
 */
char *
vneid_openid4vci_client_receive (VneidOpenid4vciClient *self,
                                 VneidOpenid4vciOffer  *offer,
                                 const char            *credential_configuration_id,
                                 const char            *tx_code,
                                 VneidKey              *holder_key,
                                 GCancellable          *cancellable,
                                 GError               **error)
{
  g_autoptr(VneidOpenid4vciMetadata) metadata = NULL;
  g_autofree char *access_token = NULL;
  const char *id;
  char *credential;

  g_return_val_if_fail (VNEID_IS_OPENID4VCI_CLIENT (self), NULL);
  g_return_val_if_fail (VNEID_IS_OPENID4VCI_OFFER (offer), NULL);
  g_return_val_if_fail (VNEID_IS_KEY (holder_key), NULL);

  if (vneid_openid4vci_offer_get_pre_authorized_code (offer) == NULL)
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_OFFER,
                   "the offer has no pre-authorized code grant");
      return NULL;
    }
  if (vneid_openid4vci_offer_get_tx_code_required (offer) && (tx_code == NULL || tx_code[0] == '\0'))
    {
      g_set_error (error, VNEID_OPENID4VCI_ERROR, VNEID_OPENID4VCI_ERROR_INVALID_REQUEST,
                   "the offer asks for a transaction code (tx_code); none was given");
      return NULL;
    }
  if (!vneid_openid4vci_offer_get_tx_code_required (offer))
    tx_code = NULL;

  metadata = fetch_metadata (self, vneid_openid4vci_offer_get_credential_issuer (offer), cancellable, error);
  if (metadata == NULL
      || (id = choose_configuration (offer, metadata, credential_configuration_id, error)) == NULL)
    return NULL;
  access_token = obtain_access_token (self, metadata, offer, tx_code, cancellable, error);
  if (access_token == NULL)
    return NULL;
  credential = request_credential (self, metadata, id, access_token, holder_key, cancellable, error);
  sodium_memzero (access_token, strlen (access_token));
  return credential;
}
