/* portal-response.c: POST /openid4vp/response, the wallet's direct_post: the
 * transaction claimed once in the database, the vp_token verified, the form
 * filled, or the citizen told why not
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "portal-server-private.h"

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);

  service_set_common_headers (msg);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

static void
reply_refusal (SoupServerMessage *msg,
               const char        *error_name,
               const char        *message_vi,
               const char        *message_en)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *description = g_strconcat (message_vi, " / ", message_en, NULL);

  json_object_set_string_member (object, "error", error_name);
  json_object_set_string_member (object, "error_description", description);
  reply_json (msg, 400, object);
}

/* The citizen-readable reason a response was refused. */
typedef struct {
  const char *error;
  const char *vi;
  const char *en;
} Refusal;

static const Refusal refusal_replay = {
  "invalid_request",
  "Yêu cầu này đã được trả lời; một phản hồi chỉ được dùng một lần. Vui lòng bắt đầu lại từ biểu mẫu.",
  "This request was already answered; a response is accepted only once. Please start again from the form.",
};
static const Refusal refusal_expired = {
  "invalid_request",
  "Yêu cầu điền từ VNeID đã hết hạn. Vui lòng bắt đầu lại từ biểu mẫu.",
  "The VNeID request expired. Please start again from the form.",
};
static const Refusal refusal_revoked = {
  "invalid_request",
  "Giấy tờ trong ví đã bị thu hồi hoặc tạm khóa (ví dụ tài khoản định danh đã bị khóa), nên không thể dùng để điền biểu mẫu.",
  "A credential in the wallet has been revoked or suspended (for example, the VNeID account was locked), so it cannot fill the form.",
};
static const Refusal refusal_level2 = {
  "invalid_request",
  "Biểu mẫu này cần tài khoản định danh điện tử mức 2 (thẻ Căn cước điện tử); ví của bạn chưa gửi thẻ này.",
  "This form needs a level-2 VNeID account (the electronic ID card); your wallet did not send it.",
};
static const Refusal refusal_missing = {
  "invalid_request",
  "Ví chưa gửi đủ dữ liệu biểu mẫu cần.",
  "The wallet did not send all the data the form needs.",
};
static const Refusal refusal_invalid = {
  "invalid_request",
  "Dữ liệu ví gửi không kiểm tra được (chữ ký, thời hạn hoặc nguồn cấp không hợp lệ).",
  "The data the wallet sent could not be verified (signature, validity or issuer).",
};
static const Refusal refusal_status = {
  "server_error",
  "Không kiểm tra được tình trạng thu hồi của giấy tờ lúc này. Vui lòng thử lại sau.",
  "The credential's revocation status cannot be checked right now. Please try again later.",
};

/* @lists_available: whether every status list the response refers to
 * could be fetched; when not, a presentation refused for another reason
 * than those below was refused for its unknown status. */
static const Refusal *
classify_refusal (const GError    *error,
                  VneidFormSchema *schema,
                  gboolean         lists_available)
{
  if (g_error_matches (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_REPLAY))
    return &refusal_replay;
  if (g_error_matches (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_EXPIRED))
    return &refusal_expired;
  if (g_error_matches (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_REVOKED))
    return &refusal_revoked;
  if (g_error_matches (error, VNEID_OPENID4VP_ERROR, VNEID_OPENID4VP_ERROR_MISSING_CREDENTIAL))
    return vneid_form_schema_get_min_level (schema) >= 2 ? &refusal_level2 : &refusal_missing;
  if (!lists_available)
    return &refusal_status;
  return &refusal_invalid;
}

static char *
redirect_after_answer (PortalServer      *server,
                       PortalTransaction *tx)
{
  g_autofree char *code = service_random_token (32);

  tx->response_code_hash = portal_hash_text (code);
  return g_strconcat (server->config->public_url, "/tx/", tx->tx_id, "/form?response_code=", code, NULL);
}

static void
reply_redirect_uri (SoupServerMessage *msg,
                    const char        *redirect_uri)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_string_member (object, "redirect_uri", redirect_uri);
  reply_json (msg, 200, object);
}

static VneidFilledForm *
fill_form (PortalServer  *server,
           const char    *form_id,
           VneidProfile  *profile,
           GError       **error)
{
  VneidFormMapper *shared = portal_lookup_form (server, form_id);
  g_autoptr(VneidFormMapper) mapper = NULL;
  GParamSpec *facility;

  if (shared == NULL)
    {
      g_set_error (error, SERVICE_ERROR, SERVICE_ERROR_NOT_FOUND, "no plugin fills %s any more", form_id);
      return NULL;
    }
  /* The BHYT check-in takes the clinic's own facility code (the visit is
   * today, the mapper's default). */
  facility = g_object_class_find_property (G_OBJECT_GET_CLASS (shared), VNEID_FORM_MAPPER_PROP_FACILITY_CODE);
  if (facility != NULL && server->config->facility_code != NULL)
    mapper = g_object_new (G_OBJECT_TYPE (shared), VNEID_FORM_MAPPER_PROP_FACILITY_CODE,
                           server->config->facility_code, NULL);
  else
    mapper = g_object_ref (shared);
  return vneid_form_mapper_fill (mapper, profile, error);
}

/* Verifies the vp_token of a claimed transaction and records the outcome. */
static void
verify_answer (PortalServer      *server,
               SoupServerMessage *msg,
               PortalTransaction *tx,
               const char        *vp_token)
{
  g_autoptr(VneidVerifier) verifier = vneid_verifier_new (server->config->trust);
  g_autoptr(VneidOpenid4vpRequest) request = NULL;
  g_autoptr(VneidOpenid4vpTransaction) transaction = NULL;
  g_autoptr(VneidProfile) profile = NULL;
  g_autoptr(VneidFilledForm) filled = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *redirect = NULL;
  VneidFormMapper *mapper = portal_lookup_form (server, tx->form_id);
  gboolean lists_available = portal_status_add_lists (server->status, verifier, vp_token);

  request = vneid_openid4vp_request_parse (tx->request_object, &error);
  if (request != NULL)
    {
      transaction = vneid_openid4vp_transaction_new (request);
      profile = vneid_openid4vp_transaction_verify_response (transaction, verifier, vp_token, tx->tx_id, &error);
    }
  if (profile != NULL)
    filled = fill_form (server, tx->form_id, profile, &error);
  if (filled == NULL)
    {
      const Refusal *refusal = mapper != NULL ? classify_refusal (error, vneid_form_mapper_get_schema (mapper),
                                                                  lists_available)
                                              : &refusal_invalid;
      g_autofree char *shown = service_clean_for_log (error->message);

      g_message ("%s: refused the response to %s: %s", PORTAL_NAME, tx->tx_id, shown);
      tx->outcome = PORTAL_OUTCOME_REFUSED;
      tx->message_vi = g_strdup (refusal->vi);
      tx->message_en = g_strdup (refusal->en);
      g_clear_error (&error);
      if (!portal_store_set_outcome (server->store, tx, &error))
        portal_reply_internal (msg, error);
      else
        reply_refusal (msg, refusal->error, refusal->vi, refusal->en);
      return;
    }
  tx->outcome = PORTAL_OUTCOME_VERIFIED;
  tx->level = vneid_profile_get_level (profile);
  tx->holder_name = g_strdup (vneid_profile_get_name (profile));
  tx->filled_form = vneid_filled_form_to_json (filled, FALSE);
  redirect = redirect_after_answer (server, tx);
  if (!portal_store_set_outcome (server->store, tx, &error))
    portal_reply_internal (msg, error);
  else
    reply_redirect_uri (msg, redirect);
}

static void
record_declined (PortalServer      *server,
                 SoupServerMessage *msg,
                 PortalTransaction *tx)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *redirect = NULL;

  tx->outcome = PORTAL_OUTCOME_DECLINED;
  tx->message_vi = g_strdup ("Bạn đã từ chối chia sẻ dữ liệu từ ví VNeID. Bạn vẫn có thể tự điền biểu mẫu.");
  tx->message_en = g_strdup ("You declined to share data from the VNeID wallet. You can still fill the form yourself.");
  redirect = redirect_after_answer (server, tx);
  if (!portal_store_set_outcome (server->store, tx, &error))
    portal_reply_internal (msg, error);
  else
    reply_redirect_uri (msg, redirect);
}

void
portal_handle_response (SoupServer        *soup,
                        SoupServerMessage *msg,
                        const char        *path,
                        GHashTable        *query,
                        gpointer           data)
{
  PortalServer *server = data;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(PortalTransaction) tx = NULL;
  g_autoptr(GError) error = NULL;
  const char *state, *vp_token, *answer_error;
  gboolean claimed = FALSE;

  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
      reply_refusal (msg, "invalid_request", "Chỉ nhận POST.", "Use POST (direct_post).");
      soup_server_message_set_status (msg, 405, NULL);
      return;
    }
  form = service_read_form (msg, PORTAL_MAX_RESPONSE_BODY, &error);
  if (form == NULL)
    {
      reply_refusal (msg, "invalid_request", "Phản hồi của ví không đọc được.",
                     "The wallet's response could not be read (application/x-www-form-urlencoded).");
      soup_server_message_set_status (msg, service_error_http_status (error), NULL);
      return;
    }
  state = g_hash_table_lookup (form, "state");
  vp_token = g_hash_table_lookup (form, "vp_token");
  answer_error = g_hash_table_lookup (form, "error");
  if (state != NULL && strlen (state) <= 128)
    tx = portal_store_get_transaction (server->store, state, &error);
  if (error != NULL)
    {
      portal_reply_internal (msg, error);
      return;
    }
  if (tx == NULL || (vp_token == NULL && answer_error == NULL))
    {
      reply_refusal (msg, "invalid_request", "Phản hồi không thuộc yêu cầu nào đang chờ.",
                     "The response belongs to no pending request (state, vp_token or error missing or unknown).");
      return;
    }
  if (!portal_store_claim_response (server->store, tx->tx_id, portal_now (), &claimed, &error))
    {
      portal_reply_internal (msg, error);
      return;
    }
  if (!claimed)
    {
      const Refusal *refusal = tx->used ? &refusal_replay : &refusal_expired;

      reply_refusal (msg, refusal->error, refusal->vi, refusal->en);
      return;
    }
  if (answer_error != NULL)
    record_declined (server, msg, tx);
  else
    verify_answer (server, msg, tx, vp_token);
}

