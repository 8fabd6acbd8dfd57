/* vneid-dcql-private.h: the parsed DCQL query, shared inside protocol/
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vneid-dcql-query.h"

G_BEGIN_DECLS

/* The credential format this library speaks. */
#define VNEID_DCQL_FORMAT_SD_JWT "dc+sd-jwt"

typedef struct {
  const char *id;       /* NULL when the query gave none */
  JsonArray  *path;     /* strings, nulls, non-negative integers */
  JsonArray  *values;   /* or NULL */
  char       *dotted;   /* the path's leading names joined with dots */
} VneidDcqlClaim;

typedef struct {
  const char  *id;
  const char  *format;
  gboolean     multiple;
  gboolean     require_binding;
  GPtrArray   *vct_values;   /* const char *; empty for other formats */
  GPtrArray   *claims;       /* VneidDcqlClaim; NULL when absent */
  GPtrArray   *claim_sets;   /* GPtrArray of const char * (claim ids); NULL when absent */
} VneidDcqlCredential;

typedef struct {
  GPtrArray *options;        /* GPtrArray of const char * (credential ids) */
  gboolean   required;
} VneidDcqlCredentialSet;

/* (transfer none) element-type VneidDcqlCredential */
GPtrArray           *vneid_dcql_query_get_credentials     (VneidDcqlQuery *self);
/* (transfer none) element-type VneidDcqlCredentialSet; NULL when absent */
GPtrArray           *vneid_dcql_query_get_credential_sets (VneidDcqlQuery *self);
VneidDcqlCredential *vneid_dcql_query_lookup_credential   (VneidDcqlQuery *self,
                                                           const char     *id);
VneidDcqlClaim      *vneid_dcql_credential_lookup_claim   (VneidDcqlCredential *credential,
                                                           const char          *id);
/* Whether @credential asks for an SD-JWT VC of type @vct. */
gboolean             vneid_dcql_credential_accepts_vct    (VneidDcqlCredential *credential,
                                                           const char          *vct);
/* Whether @credential_id lies in a required credential set (all of them
 * when the query has no credential_sets). */
gboolean             vneid_dcql_query_is_required         (VneidDcqlQuery *self,
                                                           const char     *credential_id);

/* Applies a claims path pointer to @root (section 7). Returns the selected
 * values (element-type JsonNode, not owned), or NULL when processing fails
 * or selects nothing. */
GPtrArray           *vneid_dcql_select                    (JsonObject     *root,
                                                           JsonArray      *path);
/* Whether @claim is present in @root, with a value among its `values`. */
gboolean             vneid_dcql_claim_matches             (VneidDcqlClaim *claim,
                                                           JsonObject     *root);
/* The claims (VneidDcqlClaim) of the first claim set @root satisfies, or
 * all of them without claim_sets; an empty array when the query has no
 * claims; NULL when nothing fits. (transfer container) */
GPtrArray           *vneid_dcql_credential_select_claims  (VneidDcqlCredential *credential,
                                                           JsonObject          *root);
/* @claim's path in the syntax vneid_credential_present() takes
 * (`a.b[2]`); a null stops it there (the whole array). */
char                *vneid_dcql_claim_to_present_path     (VneidDcqlClaim *claim);

G_END_DECLS
