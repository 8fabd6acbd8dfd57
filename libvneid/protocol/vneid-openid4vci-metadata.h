/* vneid-openid4vci-metadata.h: credential issuer and authorization server metadata
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib-object.h>

#include "vneid-version.h"

G_BEGIN_DECLS

/**
 * VNEID_OPENID4VCI_FORMAT_SD_JWT_VC:
 *
 * The credential format identifier of SD-JWT VC, the only format libvneid
 * issues.
 *
 * Since: 0.2
 */
#define VNEID_OPENID4VCI_FORMAT_SD_JWT_VC "dc+sd-jwt"

/**
 * VNEID_OPENID4VCI_WELL_KNOWN_ISSUER:
 *
 * The well-known name of credential issuer metadata.
 *
 * Since: 0.2
 */
#define VNEID_OPENID4VCI_WELL_KNOWN_ISSUER "openid-credential-issuer"

/**
 * VNEID_OPENID4VCI_WELL_KNOWN_AUTHORIZATION_SERVER:
 *
 * The well-known name of OAuth authorization server metadata (RFC 8414).
 *
 * Since: 0.2
 */
#define VNEID_OPENID4VCI_WELL_KNOWN_AUTHORIZATION_SERVER "oauth-authorization-server"

#define VNEID_TYPE_OPENID4VCI_METADATA (vneid_openid4vci_metadata_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidOpenid4vciMetadata, vneid_openid4vci_metadata, VNEID, OPENID4VCI_METADATA, GObject)

VNEID_AVAILABLE_IN_ALL
VneidOpenid4vciMetadata *vneid_openid4vci_metadata_new           (const char *credential_issuer);
VNEID_AVAILABLE_IN_ALL
VneidOpenid4vciMetadata *vneid_openid4vci_metadata_new_from_json (const char *json,
                                                                  const char *expected_issuer,
                                                                  GError    **error);
VNEID_AVAILABLE_IN_ALL
char       *vneid_openid4vci_metadata_build_well_known_url      (const char *identifier,
                                                                  const char *well_known_name,
                                                                  GError    **error);

VNEID_AVAILABLE_IN_ALL
void        vneid_openid4vci_metadata_set_credential_endpoint   (VneidOpenid4vciMetadata *self,
                                                                  const char              *url);
VNEID_AVAILABLE_IN_ALL
void        vneid_openid4vci_metadata_set_nonce_endpoint        (VneidOpenid4vciMetadata *self,
                                                                  const char              *url);
VNEID_AVAILABLE_IN_ALL
void        vneid_openid4vci_metadata_set_token_endpoint        (VneidOpenid4vciMetadata *self,
                                                                  const char              *url);
VNEID_AVAILABLE_IN_ALL
void        vneid_openid4vci_metadata_add_configuration         (VneidOpenid4vciMetadata *self,
                                                                  const char              *id,
                                                                  const char              *vct,
                                                                  const char              *display_name);
VNEID_AVAILABLE_IN_ALL
gboolean    vneid_openid4vci_metadata_read_authorization_server (VneidOpenid4vciMetadata *self,
                                                                  const char              *json,
                                                                  GError                 **error);

VNEID_AVAILABLE_IN_ALL
const char *vneid_openid4vci_metadata_get_credential_issuer     (VneidOpenid4vciMetadata *self);
VNEID_AVAILABLE_IN_ALL
const char *vneid_openid4vci_metadata_get_authorization_server  (VneidOpenid4vciMetadata *self);
VNEID_AVAILABLE_IN_ALL
const char *vneid_openid4vci_metadata_get_credential_endpoint   (VneidOpenid4vciMetadata *self);
VNEID_AVAILABLE_IN_ALL
const char *vneid_openid4vci_metadata_get_nonce_endpoint        (VneidOpenid4vciMetadata *self);
VNEID_AVAILABLE_IN_ALL
const char *vneid_openid4vci_metadata_get_token_endpoint        (VneidOpenid4vciMetadata *self);
VNEID_AVAILABLE_IN_ALL
const char *vneid_openid4vci_metadata_get_configuration_vct     (VneidOpenid4vciMetadata *self,
                                                                  const char              *id);

VNEID_AVAILABLE_IN_ALL
char       *vneid_openid4vci_metadata_to_json                   (VneidOpenid4vciMetadata *self);
VNEID_AVAILABLE_IN_ALL
char       *vneid_openid4vci_metadata_to_authorization_server_json (VneidOpenid4vciMetadata *self);

G_END_DECLS
