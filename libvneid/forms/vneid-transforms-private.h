/* vneid-transforms-private.h: the transforms of declarative mappings, and
 * their built-in code tables
 *
 * docs/forms.md is the contract. Every transform works on text (UTF-8) and
 * returns NFC text; "address" works on an address object and is applied by
 * the mapper itself (vneid_address_format()).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

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

typedef enum {
  VNEID_LOOKUP_SEX,
  VNEID_LOOKUP_COUNTRY,
  VNEID_LOOKUP_ETHNICITY,
} VneidLookupTable;

typedef enum {
  VNEID_NAME_PART_FAMILY,
  VNEID_NAME_PART_MIDDLE,
  VNEID_NAME_PART_GIVEN,
} VneidNamePart;

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

/* ---- the text functions, for the mapper and the tests ------------------- */

/* Upper / lower case, character by character on NFC text, the same in every
 * locale (no Turkish dotted I); Vietnamese letters with all their marks map
 * to their precomposed counterparts. */
char       *vneid_text_upper          (const char    *text);
char       *vneid_text_lower          (const char    *text);
/* Removes diacritics: NFD, drops combining marks, đ → d, Đ → D. Letters
 * with no decomposition (ø, ß) are kept as they are. */
char       *vneid_text_fold           (const char    *text);
/* One part of a full name split at white space: the first word (family),
 * the words between the first and the last (middle), the last word
 * (given). A one-word name is a given name only; a two-word name has no
 * middle part. Returns NULL when the name has no such part. */
char       *vneid_name_part           (const char    *name,
                                       VneidNamePart  part);

/* ISO 5218 code ("1", "2") → "Nam", "Nữ"; NULL for other codes. */
const char *vneid_lookup_sex          (const char    *code);
/* ISO 3166-1 alpha-2 code (either case) → Vietnamese name; NULL when the
 * built-in table lacks it. */
const char *vneid_lookup_country      (const char    *code);
/* Name of one of the 54 ethnic groups (or its two-digit code) → the code,
 * "01" to "54"; NULL when unknown. */
const char *vneid_lookup_ethnicity    (const char    *name);
/* The official name of the ethnic group with @code ("01" → "Kinh"). */
const char *vneid_ethnicity_name      (const char    *code);

G_END_DECLS
