/* vneid.h: the one public header of libvneid
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#define __VNEID_INSIDE__

#include "vneid-version.h"
#include "vneid-enums.h"
#include "vneid-error.h"
#include "vneid-file.h"
#include "vneid-key.h"
#include "vneid-date.h"
#include "vneid-personal-id.h"
#include "vneid-bhyt-number.h"
#include "vneid-credential-builder.h"
#include "vneid-credential.h"
#include "vneid-trust-store.h"
#include "vneid-status-list.h"
#include "vneid-verified-credential.h"
#include "vneid-verifier.h"
#include "vneid-jwt.h"
#include "vneid-address.h"
#include "vneid-attribute.h"
#include "vneid-claims.h"
#include "vneid-profile.h"
#include "vneid-form-field.h"
#include "vneid-form-schema.h"
#include "vneid-filled-field.h"
#include "vneid-filled-form.h"
#include "vneid-form-mapper.h"
#include "vneid-declarative-mapper.h"
#include "vneid-transforms.h"
#include "vneid-plugin-info.h"
#include "vneid-plugin-registry.h"
#include "vneid-openid4vp-error.h"
#include "vneid-dcql-query.h"
#include "vneid-verifier-attestation.h"
#include "vneid-openid4vp-request.h"
#include "vneid-openid4vp-consent.h"
#include "vneid-openid4vp-transaction.h"
#include "vneid-openid4vci-error.h"
#include "vneid-openid4vci-offer.h"
#include "vneid-openid4vci-metadata.h"
#include "vneid-openid4vci-token-request.h"
#include "vneid-openid4vci-token-response.h"
#include "vneid-openid4vci-nonce.h"
#include "vneid-openid4vci-proof.h"
#include "vneid-openid4vci-credential-request.h"
#include "vneid-openid4vci-credential-response.h"
#if VNEID_HAS_OPENID4VCI_CLIENT
#include "vneid-openid4vci-client.h"
#endif

#undef __VNEID_INSIDE__
