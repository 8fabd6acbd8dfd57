/* vneid-claims.h: the credential types and claim names libvneid knows
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined(__VNEID_INSIDE__) && !defined(VNEID_COMPILATION)
#error "Only <vneid.h> can be included directly."
#endif

#include <glib.h>

#include "vneid-version.h"
#include "vneid-attribute.h"

G_BEGIN_DECLS

/**
 * VNEID_VCT_PID:
 *
 * The credential type (`vct`) of the VNeID person identification data,
 * issued from the National Population Database (docs/claims.md).
 *
 * Since: 0.2
 */
#define VNEID_VCT_PID "urn:vn:vneid:pid:1"

/**
 * VNEID_VCT_CCCD:
 *
 * The credential type (`vct`) of the electronic citizen ID card (e-CCCD),
 * the data of the card's chip; issued to level-2 accounts only.
 *
 * Since: 0.2
 */
#define VNEID_VCT_CCCD "urn:vn:vneid:cccd:1"

/**
 * VNEID_VCT_CONTACT:
 *
 * The credential type (`vct`) of the VNeID account's contact data (phone
 * number, e-mail): self-asserted, confirmed by a one-time code.
 *
 * Since: 0.2
 */
#define VNEID_VCT_CONTACT "urn:vn:vneid:contact:1"

/**
 * VNEID_VCT_BHYT:
 *
 * The credential type (`vct`) of the health insurance (BHYT) card, issued
 * by Vietnam Social Security.
 *
 * Since: 0.2
 */
#define VNEID_VCT_BHYT "urn:vn:bhyt:card:1"

VNEID_AVAILABLE_IN_ALL
const char * const *vneid_claims_list_vcts          (void);
VNEID_AVAILABLE_IN_ALL
const char * const *vneid_claims_list_paths         (void);
VNEID_AVAILABLE_IN_ALL
char              **vneid_claims_list_vcts_for_path (const char      *path);
VNEID_AVAILABLE_IN_ALL
char              **vneid_claims_list_suppliers     (const char      *path);
VNEID_AVAILABLE_IN_ALL
gboolean            vneid_claims_is_known_path      (const char      *path);
VNEID_AVAILABLE_IN_ALL
gboolean            vneid_claims_is_date            (const char      *path);
VNEID_AVAILABLE_IN_ALL
gboolean            vneid_claims_get_source_kind    (const char      *vct,
                                                     VneidSourceKind *kind);

G_END_DECLS
