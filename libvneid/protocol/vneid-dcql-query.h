/* vneid-dcql-query.h: a DCQL query (OpenID4VP 1.0 section 6)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "vneid-version.h"
#include "vneid-plugin-registry.h"

G_BEGIN_DECLS

#define VNEID_TYPE_DCQL_QUERY (vneid_dcql_query_get_type ())

VNEID_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (VneidDcqlQuery, vneid_dcql_query, VNEID, DCQL_QUERY, GObject)

VNEID_AVAILABLE_IN_ALL
VneidDcqlQuery *vneid_dcql_query_new_from_json      (const char           *json,
                                                     GError              **error);
VNEID_AVAILABLE_IN_ALL
VneidDcqlQuery *vneid_dcql_query_new_from_json_node (JsonNode             *node,
                                                     GError              **error);
VNEID_AVAILABLE_IN_ALL
VneidDcqlQuery *vneid_dcql_query_new_for_paths      (const char * const   *paths,
                                                     guint                 level,
                                                     GError              **error);
VNEID_AVAILABLE_IN_ALL
VneidDcqlQuery *vneid_dcql_query_new_for_forms      (VneidPluginRegistry  *registry,
                                                     const char * const   *form_ids,
                                                     GError              **error);

VNEID_AVAILABLE_IN_ALL
char           *vneid_dcql_query_to_json            (VneidDcqlQuery       *self,
                                                     gboolean              pretty);
VNEID_AVAILABLE_IN_ALL
JsonNode       *vneid_dcql_query_to_json_node       (VneidDcqlQuery       *self);
VNEID_AVAILABLE_IN_ALL
char          **vneid_dcql_query_list_credential_ids (VneidDcqlQuery      *self);
VNEID_AVAILABLE_IN_ALL
char          **vneid_dcql_query_list_claim_paths   (VneidDcqlQuery       *self);
VNEID_AVAILABLE_IN_ALL
char          **vneid_dcql_query_list_vcts          (VneidDcqlQuery       *self);

G_END_DECLS
