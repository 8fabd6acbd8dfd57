/* vneid-transforms-private.h: the transforms of declarative mappings, and
 * their built-in code tables
 *
 * docs/forms.md is the contract. Every transform works on text (UTF-8) and
 * returns NFC text; "address" works on an address object and is applied by
 * the mapper itself (vneid_transforms_address()). The transforms themselves
 * are public (vneid-transforms.h), for mappers written in C or Python.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vneid-transforms.h"

G_BEGIN_DECLS

typedef enum {
  VNEID_TRANSFORM_UPPER,
  VNEID_TRANSFORM_LOWER,
  VNEID_TRANSFORM_FOLD,
  VNEID_TRANSFORM_ADDRESS,
  VNEID_TRANSFORM_DATE,
  VNEID_TRANSFORM_LOOKUP,
  VNEID_TRANSFORM_MAP,
  VNEID_TRANSFORM_NAME_PART,
} VneidTransformKind;

typedef struct _VneidTransform VneidTransform;

/* @text in Unicode NFC (g_utf8_normalize()), ASCII text copied as it is. */
char *vneid_form_nfc (const char *text);

/* Reads one transform of a mapping: a string ("upper") or an object of one
 * member ({"date": "dd/MM/yyyy"}). The error (VNEID_FORM_ERROR_INVALID_MAPPING)
 * says what is wrong, without saying where: the caller prefixes that. */
VneidTransform     *vneid_transform_new_from_json (JsonNode              *node,
                                                   GError               **error);
void                vneid_transform_free          (VneidTransform        *self);
VneidTransformKind  vneid_transform_get_kind      (const VneidTransform  *self);
/* A short description for messages: `upper`, `lookup ethnicity`, `map`. */
const char         *vneid_transform_describe      (const VneidTransform  *self);
/* Applies a text transform ("address" passes text through: the mapper
 * formats address objects itself). NULL with VNEID_FORM_ERROR_INVALID_VALUE
 * when the transform cannot apply: a code not in its table, a date that does
 * not parse. A name part the name lacks gives empty text. */
char               *vneid_transform_apply         (const VneidTransform  *self,
                                                   const char            *text,
                                                   GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VneidTransform, vneid_transform_free)

/* The official name of the ethnic group with @code ("01" → "Kinh"); NULL
 * for an unknown code. The reverse of VNEID_LOOKUP_ETHNICITY, for the tests. */
const char         *vneid_ethnicity_name          (const char            *code);

G_END_DECLS
