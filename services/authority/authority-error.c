/* authority-error.c: refusals, their JSON "error" words and HTTP statuses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "authority.h"

G_DEFINE_QUARK (authority-error-quark, authority_error)

static const struct {
  const char *name;
  guint       status;
} error_table[] = {
  [AUTHORITY_ERROR_INVALID_REQUEST]     = { "invalid_request", 400 },
  [AUTHORITY_ERROR_UNKNOWN_CITIZEN]     = { "unknown_citizen", 404 },
  [AUTHORITY_ERROR_TOO_YOUNG]           = { "too_young", 422 },
  [AUTHORITY_ERROR_ALREADY_REGISTERED]  = { "already_registered", 409 },
  [AUTHORITY_ERROR_PHONE_TAKEN]         = { "phone_taken", 409 },
  [AUTHORITY_ERROR_NOT_FOUND]           = { "not_found", 404 },
  [AUTHORITY_ERROR_WRONG_STATE]         = { "wrong_state", 409 },
  [AUTHORITY_ERROR_INVALID_OTP]         = { "invalid_otp", 401 },
  [AUTHORITY_ERROR_WEAK_PASSWORD]       = { "weak_password", 422 },
  [AUTHORITY_ERROR_INVALID_CREDENTIALS] = { "invalid_credentials", 401 },
  [AUTHORITY_ERROR_THROTTLED]           = { "throttled", 429 },
  [AUTHORITY_ERROR_LOCKED]              = { "account_locked", 423 },
  [AUTHORITY_ERROR_UNAUTHORIZED]        = { "unauthorized", 401 },
  [AUTHORITY_ERROR_FORBIDDEN]           = { "forbidden", 403 },
  [AUTHORITY_ERROR_TOO_LARGE]           = { "too_large", 413 },
  [AUTHORITY_ERROR_UNSUPPORTED_MEDIA]   = { "unsupported_media_type", 415 },
  [AUTHORITY_ERROR_INTERNAL]            = { "internal_error", 500 },
  [AUTHORITY_ERROR_LEVEL_REQUIRED]      = { "level_2_required", 403 },
};

const char *
authority_error_name (int code)
{
  if (code < 0 || (gsize) code >= G_N_ELEMENTS (error_table))
    return "internal_error";
  return error_table[code].name;
}

guint
authority_error_http_status (int code)
{
  if (code < 0 || (gsize) code >= G_N_ELEMENTS (error_table))
    return 500;
  return error_table[code].status;
}
