/* vneid-sd-jwt.c: SD-JWT parsing and disclosure processing (RFC 9901)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-sd-jwt-private.h"

#define ISSUER_JWT_TYP "dc+sd-jwt"

gboolean
vneid_sd_jwt_is_never_disclosable (const char *name)
{
  /* SD-JWT VC section 3.2.2: these steer validation and must stay in the
   * clear; `vneid_level` gates what a portal may fill (docs/claims.md). */
  static const char *const names[] = {
    "iss", "nbf", "exp", "cnf", "vct", "vct#integrity", "status", "vneid_level",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

struct VneidDigestSlot {
  const char      *digest;      /* NULL: a free slot */
  gsize            len;
  VneidDisclosure *disclosure;  /* NULL: a digest no disclosure has */
  gboolean         seen;        /* met in the payload or a disclosed value */
};

static guint
digest_hash (const char *text,
             gsize       len)
{
  const guint64 k = G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  guint64 h = len * k;
  gsize i = 0;

  /* a word at a time: 43 characters of base64url make 6 rounds */
  for (; i + 8 <= len; i += 8)
    {
      guint64 word;

      memcpy (&word, text + i, 8);
      h = (h ^ word) * k;
      h ^= h >> 29;
    }
  for (; i < len; i++)
    h = (h ^ (guchar) text[i]) * k;
  return (guint) (h ^ (h >> 32));
}

static void
digest_table_init (VneidDigestTable *table,
                   guint             expected)
{
  guint size = 32;

  while (size < 2 * expected)
    size *= 2;
  table->slots = g_new0 (VneidDigestSlot, size);
  table->mask = size - 1;
  table->used = 0;
}

static VneidDigestSlot *
digest_table_probe (VneidDigestTable *table,
                    const char       *digest,
                    gsize             len)
{
  guint i = digest_hash (digest, len) & table->mask;

  while (table->slots[i].digest != NULL &&
         (table->slots[i].len != len || memcmp (table->slots[i].digest, digest, len) != 0))
    i = (i + 1) & table->mask;
  return &table->slots[i];
}

static void
digest_table_grow (VneidDigestTable *table)
{
  VneidDigestSlot *old = table->slots;
  guint old_size = table->mask + 1, used = table->used;

  digest_table_init (table, old_size);
  for (guint i = 0; i < old_size; i++)
    if (old[i].digest != NULL)
      *digest_table_probe (table, old[i].digest, old[i].len) = old[i];
  table->used = used;
  g_free (old);
}

/* The slot of @digest, a new one (its digest NULL) when it is not there;
 * valid until the next call. */
static VneidDigestSlot *
digest_table_lookup (VneidDigestTable *table,
                     const char       *digest,
                     gsize             len)
{
  VneidDigestSlot *slot;

  /* at most half full, so that probes stay short */
  if (2 * (table->used + 1) > table->mask + 1)
    digest_table_grow (table);
  slot = digest_table_probe (table, digest, len);
  if (slot->digest == NULL)
    {
      slot->digest = digest;
      slot->len = len;
      table->used++;
    }
  return slot;
}

static void
free_disclosures (VneidDisclosure *disclosures,
                  guint            n)
{
  for (guint i = 0; i < n; i++)
    {
      g_clear_pointer (&disclosures[i].array, json_node_unref);
      g_clear_pointer (&disclosures[i].value, json_node_unref);
      g_free (disclosures[i].path);
    }
  g_free (disclosures);
}

void
vneid_sd_jwt_clear (VneidSdJwt *sd)
{
  vneid_jws_clear (&sd->jws);
  free_disclosures (sd->disclosures, sd->n_disclosures);
  sd->disclosures = NULL;
  sd->n_disclosures = 0;
  g_clear_pointer (&sd->decoded, g_free);
  g_clear_pointer (&sd->digests.slots, g_free);
  g_clear_pointer (&sd->placements, g_free);
  sd->n_placements = 0;
  vneid_json_sd_arrays_clear (&sd->sd_arrays);
}

/* The disclosed value's node, made from its text the first time. */
static JsonNode *
disclosure_value (VneidDisclosure *d)
{
  if (d->value != NULL)
    return d->value;
  d->value = vneid_json_read_scalar (&d->scalar);
  if (d->value == NULL)
    {
      /* not reached: the same reader accepted this text with the disclosure */
      g_critical ("a disclosed value of %" G_GSIZE_FORMAT " bytes cannot be read again", d->scalar.len);
      d->value = json_node_init_null (json_node_alloc ());
    }
  return d->value;
}

static gboolean
set_disclosure_error (GError   **error,
                      gint       code,
                      guint      index,
                      const char *reason)
{
  g_set_error (error, VNEID_CREDENTIAL_ERROR, code, "disclosure %u: %s", index, reason);
  return FALSE;
}

/* The general way, for what the fast path did not accept: a full parse
 * of the decoded JSON that says what is wrong, if anything. */
static gboolean
parse_disclosure_in_full (VneidDisclosure *d,
                          guint            index,
                          GError         **error)
{
  g_autofree char *label = g_strdup_printf ("disclosure %u", index);
  g_autofree guint8 *json = NULL;
  JsonArray *array;
  JsonNode *salt;
  gsize json_len;
  guint n;

  json = vneid_b64url_decode (d->encoded, d->encoded_len, &json_len, label, error);
  if (json == NULL)
    return FALSE;
  d->array = vneid_json_parse ((const char *) json, json_len, label, error);
  if (d->array == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (d->array))
    return set_disclosure_error (error, VNEID_CREDENTIAL_ERROR_BAD_DISCLOSURE, index,
                                 "is not a JSON array");

  array = json_node_get_array (d->array);
  n = json_array_get_length (array);
  if (n != 2 && n != 3)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_BAD_DISCLOSURE,
                   "disclosure %u: has %u elements, expected 2 (array element) or 3 (object property)",
                   index, n);
      return FALSE;
    }

  salt = json_array_get_element (array, 0);
  if (!JSON_NODE_HOLDS_VALUE (salt) || json_node_get_value_type (salt) != G_TYPE_STRING)
    return set_disclosure_error (error, VNEID_CREDENTIAL_ERROR_BAD_DISCLOSURE, index,
                                 "salt is not a string");

  if (n == 3)
    {
      JsonNode *name = json_array_get_element (array, 1);

      if (!JSON_NODE_HOLDS_VALUE (name) || json_node_get_value_type (name) != G_TYPE_STRING)
        return set_disclosure_error (error, VNEID_CREDENTIAL_ERROR_BAD_DISCLOSURE, index,
                                     "claim name is not a string");
      d->name = json_node_get_string (name);
    }
  d->value = json_node_ref (json_array_get_element (array, n - 1));
  return TRUE;
}

/* Digests the disclosure as received, then reads its decoded JSON into
 * @decoded, which has room for it. */
static gboolean
parse_disclosure (VneidDisclosure   *d,
                  guint              index,
                  char              *decoded,
                  GString           *scratch,
                  VneidJsonSdArrays *sd_arrays,
                  GError           **error)
{
  gsize len;

  vneid_sha256_b64url (d->encoded, d->encoded_len, d->digest);
  d->parent = -1;

  if (!vneid_b64url_decode_into (d->encoded, d->encoded_len, (guint8 *) decoded, &len, NULL, NULL) ||
      !vneid_json_read_disclosure (decoded, len, scratch, sd_arrays, &d->name, &d->value, &d->scalar))
    {
      if (!parse_disclosure_in_full (d, index, error))
        return FALSE;
    }
  if (d->name != NULL && (strcmp (d->name, "_sd") == 0 || strcmp (d->name, "...") == 0))
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_RESERVED_CLAIM_NAME,
                   "disclosure %u: claim name “%s” is reserved", index, d->name);
      return FALSE;
    }
  return TRUE;
}

static guint
count_char (const char *text,
            gsize       len,
            char        c)
{
  guint n = 0;

  for (const char *p = memchr (text, c, len); p != NULL;
       p = memchr (p + 1, c, (gsize) (text + len - p - 1)))
    n++;
  return n;
}

static gboolean
parse_disclosures (VneidSdJwt *sd,
                   guint       n_disclosures,
                   const char *start,
                   const char *end,
                   GError    **error)
{
  const char *segment = start;
  /* each disclosure takes len / 4 * 3 + 3 bytes, at most its length + 3 */
  char *decoded = sd->decoded = g_malloc ((gsize) (end - start) + 3 * n_disclosures);
  g_autoptr(GString) scratch = g_string_sized_new (64);

  sd->disclosures = g_new0 (VneidDisclosure, n_disclosures);
  sd->n_disclosures = n_disclosures;
  digest_table_init (&sd->digests, n_disclosures);

  for (guint i = 0; i < sd->n_disclosures; i++)
    {
      VneidDisclosure *d = &sd->disclosures[i];
      const char *tilde = memchr (segment, '~', (gsize) (end - segment));
      VneidDigestSlot *slot;

      d->encoded = segment;
      d->encoded_len = (gsize) (tilde - segment);
      if (d->encoded_len == 0)
        return set_disclosure_error (error, VNEID_CREDENTIAL_ERROR_MALFORMED, i,
                                     "is empty (“~~” in the SD-JWT)");
      if (!parse_disclosure (d, i, decoded, scratch, &sd->sd_arrays, error))
        return FALSE;
      slot = digest_table_lookup (&sd->digests, d->digest, VNEID_DIGEST_B64_LEN);
      if (slot->disclosure != NULL)
        return set_disclosure_error (error, VNEID_CREDENTIAL_ERROR_DUPLICATE_DISCLOSURE, i,
                                     "is presented more than once");
      slot->disclosure = d;
      decoded += d->encoded_len / 4 * 3 + 3;
      segment = tilde + 1;
    }
  return TRUE;
}

gboolean
vneid_sd_jwt_parse (VneidSdJwt *sd,
                    const char *text,
                    gsize       len,
                    GError    **error)
{
  const char *first_tilde, *last_tilde;
  guint tildes;

  memset (sd, 0, sizeof *sd);
  sd->text = text;
  sd->text_len = len;

  if (len > VNEID_MAX_PRESENTATION_SIZE)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_TOO_LARGE,
                   "presentation is %" G_GSIZE_FORMAT " bytes, over the limit of %d",
                   len, VNEID_MAX_PRESENTATION_SIZE);
      return FALSE;
    }
  first_tilde = memchr (text, '~', len);
  if (first_tilde == NULL)
    {
      g_set_error_literal (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                           "not an SD-JWT: no “~” separator");
      return FALSE;
    }
  tildes = count_char (text, len, '~');
  if (tildes - 1 > VNEID_MAX_DISCLOSURES)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_TOO_LARGE,
                   "%u disclosures, over the limit of %d", tildes - 1, VNEID_MAX_DISCLOSURES);
      return FALSE;
    }
  last_tilde = first_tilde;
  for (guint i = 1; i < tildes; i++)
    last_tilde = memchr (last_tilde + 1, '~', (gsize) (text + len - last_tilde - 1));

  sd->presented_len = (gsize) (last_tilde - text) + 1;
  sd->kb = last_tilde + 1;
  sd->kb_len = (gsize) (text + len - sd->kb);

  if (!vneid_jws_parse_as (&sd->jws, text, (gsize) (first_tilde - text), ISSUER_JWT_TYP,
                           "issuer-signed JWT", (VneidJwsReading) { .sd_arrays = &sd->sd_arrays }, error) ||
      !parse_disclosures (sd, tildes - 1, first_tilde + 1, last_tilde + 1, error))
    {
      vneid_sd_jwt_clear (sd);
      return FALSE;
    }
  return TRUE;
}

/* Where processing is: a chain of steps on the C stack, from the claim
 * being processed up to a member of the payload. It is turned into text
 * (`address.region`, `nationalities[0]`) only for an error message or a
 * recorded path, so processing allocates no path strings. */
typedef struct Step Step;
struct Step {
  const Step *up;          /* NULL for a member of the payload */
  const char *name;        /* NULL for an array element */
  guint       index;
  /* Below a claim that must stay in the clear, such as `cnf`: SD-JWT VC
   * section 3.2.2.2 forbids disclosing "any of their sub-claims" too. */
  gboolean    in_the_clear;
};

static Step
member_step (const Step *up,
             const char *name)
{
  return (Step) { up, name, 0, up ? up->in_the_clear : vneid_sd_jwt_is_never_disclosable (name) };
}

static Step
element_step (const Step *up,
              guint       index)
{
  return (Step) { up, NULL, index, up->in_the_clear };
}

/* The claim path of @at (`address.region`, `nationalities[0]`), or NULL
 * for the payload itself. */
static char *
step_path (const Step *at)
{
  const Step *chain[VNEID_MAX_JSON_DEPTH + 2];
  guint n = 0;
  GString *path;

  if (at == NULL)
    return NULL;
  for (; at != NULL && n < G_N_ELEMENTS (chain); at = at->up)
    chain[n++] = at;
  path = g_string_new (NULL);
  while (n-- > 0)
    {
      if (chain[n]->name == NULL)
        g_string_append_printf (path, "[%u]", chain[n]->index);
      else
        {
          if (path->len > 0)
            g_string_append_c (path, '.');
          g_string_append (path, chain[n]->name);
        }
    }
  return g_string_free (path, FALSE);
}

/* For messages: the claim path, or "the payload". */
static char *
step_where (const Step *at)
{
  return at ? step_path (at) : g_strdup ("the payload");
}

typedef struct {
  VneidSdJwt *sd;
  /* Arrays of digests taken out of the payload (`_sd` arrays, arrays that
   * were rebuilt without their `{"...": digest}` elements), kept alive
   * while sd->digests points into them. */
  GPtrArray  *detached;
  VneidSdJwtPlacing placing;
  /* With VNEID_SD_JWT_PLACE_LATER: sd->placements by object and name, so that a
   * disclosed name is found among those not yet placed without a scan.
   * Open addressing; a slot holds a placement's index + 1, or 0. */
  guint      *pending_names;
  guint       pending_mask;
} Processing;

static gboolean process_node (Processing *p, JsonNode *node, const Step *at,
                              gint parent, guint depth, GError **error);

static gboolean
claim_digest (Processing       *p,
              const char       *digest,
              gsize             len,
              const Step       *at,
              VneidDisclosure **out,
              GError          **error)
{
  VneidDigestSlot *slot = digest_table_lookup (&p->sd->digests, digest, len);

  if (slot->seen)
    {
      g_autofree char *where = step_where (at);

      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_DUPLICATE_DIGEST,
                   "digest %.*s appears more than once (again in %s)", (int) len, digest, where);
      return FALSE;
    }
  slot->seen = TRUE;
  *out = slot->disclosure;
  if (*out != NULL)
    (*out)->used = TRUE;
  return TRUE;
}

static guint
disclosure_index (Processing      *p,
                  VneidDisclosure *d)
{
  return (guint) (d - p->sd->disclosures);
}

static gboolean
set_not_disclosable_error (GError    **error,
                           const char *what,
                           const Step *at)
{
  g_autofree char *path = step_path (at);

  g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_NOT_DISCLOSABLE,
               "%s: claim “%s” must not be selectively disclosed, nor any of its sub-claims",
               what, path);
  return FALSE;
}

static guint
pending_name_hash (JsonObject *object,
                   const char *name)
{
  return digest_hash (name, strlen (name)) ^ (guint) (GPOINTER_TO_SIZE (object) >> 4);
}

/* The slot for @name in @object: a free one (0) when it is not pending. */
static guint *
pending_name_slot (Processing *p,
                   JsonObject *object,
                   const char *name)
{
  guint i = pending_name_hash (object, name) & p->pending_mask;

  for (;; i = (i + 1) & p->pending_mask)
    {
      guint at = p->pending_names[i];

      if (at == 0 || (p->sd->placements[at - 1].object == object &&
                      strcmp (p->sd->placements[at - 1].disclosure->name, name) == 0))
        return &p->pending_names[i];
    }
}

static gboolean
has_claim (Processing *p,
           JsonObject *object,
           const char *name)
{
  return json_object_has_member (object, name) ||
         (p->placing == VNEID_SD_JWT_PLACE_LATER && *pending_name_slot (p, object, name) != 0);
}

/* Puts the disclosed claim in @object, or with PLACE_LATER records where
 * it goes; each disclosure is placed once, so there is room for it. */
static void
place_claim (Processing      *p,
             JsonObject      *object,
             VneidDisclosure *d)
{
  if (p->placing == VNEID_SD_JWT_PLACE_WITH_PATHS)
    {
      json_object_set_member (object, d->name, json_node_ref (disclosure_value (d)));
      return;
    }
  p->sd->placements[p->sd->n_placements++] = (VneidPlacement) { object, d };
  *pending_name_slot (p, object, d->name) = p->sd->n_placements;
}

/* RFC 9901 section 7.1, step 3.3.2.3 first: a disclosed name already
 * present at its level is a collision, even `_sd_alg` beside the plain one;
 * then `_sd_alg`, which only the issuer may set at the top level, is no
 * claim a disclosure can add (section 4.1.1). */
static gboolean
check_disclosed_name (Processing      *p,
                      JsonObject      *object,
                      VneidDisclosure *d,
                      const Step      *at,
                      GError         **error)
{
  if (has_claim (p, object, d->name))
    {
      g_autofree char *where = step_where (at);

      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_CLAIM_COLLISION,
                   "disclosure %u: claim “%s” is already present in %s",
                   disclosure_index (p, d), d->name, where);
      return FALSE;
    }
  if (strcmp (d->name, "_sd_alg") == 0)
    {
      g_autofree char *where = step_where (at);

      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_RESERVED_CLAIM_NAME,
                   "disclosure %u: claim name “_sd_alg” is reserved for the issuer payload (in %s)",
                   disclosure_index (p, d), where);
      return FALSE;
    }
  return TRUE;
}

static gboolean
disclose_member (Processing      *p,
                 JsonObject      *object,
                 VneidDisclosure *d,
                 const Step      *at,
                 gint             parent,
                 guint            depth,
                 GError         **error)
{
  Step child;

  if (d->name == NULL)
    return set_disclosure_error (error, VNEID_CREDENTIAL_ERROR_BAD_DISCLOSURE,
                                 disclosure_index (p, d),
                                 "is an array element, but its digest is in an object's “_sd”");
  child = member_step (at, d->name);
  if (child.in_the_clear)
    {
      g_autofree char *what = g_strdup_printf ("disclosure %u", disclosure_index (p, d));

      return set_not_disclosable_error (error, what, &child);
    }
  if (!check_disclosed_name (p, object, d, at, error))
    return FALSE;

  place_claim (p, object, d);
  if (p->placing == VNEID_SD_JWT_PLACE_WITH_PATHS)
    {
      d->path = step_path (&child);
      d->parent = parent;
    }
  return process_node (p, d->value, &child, (gint) disclosure_index (p, d), depth + 1, error);
}

/* An object's `_sd` digests: the array the reader left out as spans, or
 * the member, taken out of the object (RFC 9901 section 7.1, step 3.3.3). */
typedef struct {
  gboolean             present;
  const VneidJsonSpan *spans;
  JsonArray           *array;
  guint                n;
} SdDigests;

static void
keep_detached (Processing *p,
               JsonArray  *array)
{
  if (p->detached == NULL)
    p->detached = g_ptr_array_new_with_free_func ((GDestroyNotify) json_array_unref);
  g_ptr_array_add (p->detached, json_array_ref (array));
}

static gboolean
take_sd_digests (Processing *p,
                 JsonObject *object,
                 const Step *at,
                 SdDigests  *digests,
                 GError    **error)
{
  const VneidJsonSdArray *left_out = vneid_json_sd_arrays_find (&p->sd->sd_arrays, object);
  JsonNode *member;

  *digests = (SdDigests) { FALSE, NULL, NULL, 0 };
  if (left_out != NULL)
    {
      *digests = (SdDigests) { TRUE, p->sd->sd_arrays.spans + left_out->first, NULL, left_out->n };
      return TRUE;
    }
  if ((member = json_object_get_member (object, "_sd")) == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (member))
    {
      g_autofree char *where = step_where (at);

      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "“_sd” in %s is not an array", where);
      return FALSE;
    }
  digests->present = TRUE;
  digests->array = json_node_get_array (member);
  digests->n = json_array_get_length (digests->array);
  keep_detached (p, digests->array);
  json_object_remove_member (object, "_sd");
  return TRUE;
}

/* The digest string at @i, or FALSE for anything else. */
static gboolean
sd_digest_at (const SdDigests *digests,
              guint            i,
              const char     **digest,
              gsize           *len)
{
  JsonNode *element;

  if (digests->spans != NULL)
    {
      *digest = digests->spans[i].text;
      *len = digests->spans[i].len;
      return TRUE;
    }
  element = json_array_get_element (digests->array, i);
  if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
    return FALSE;
  *digest = json_node_get_string (element);
  *len = strlen (*digest);
  return TRUE;
}

static gboolean
process_object (Processing *p,
                JsonObject *object,
                const Step *at,
                gint        parent,
                guint       depth,
                GError    **error)
{
  SdDigests digests;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (!take_sd_digests (p, object, at, &digests, error))
    return FALSE;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    {
      Step child = member_step (at, name);

      if (at != NULL && strcmp (name, "_sd_alg") == 0)
        {
          g_autofree char *where = step_path (at);

          g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_RESERVED_CLAIM_NAME,
                       "“_sd_alg” may appear only at the top level of the payload, not in %s", where);
          return FALSE;
        }
      if (!process_node (p, member, &child, parent, depth + 1, error))
        return FALSE;
    }

  for (guint i = 0; i < digests.n; i++)
    {
      VneidDisclosure *d;
      const char *digest;
      gsize len;

      if (!sd_digest_at (&digests, i, &digest, &len))
        {
          g_autofree char *where = step_where (at);

          g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                       "“_sd” in %s holds something other than a digest string", where);
          return FALSE;
        }
      if (!claim_digest (p, digest, len, at, &d, error))
        return FALSE;
      if (d != NULL && !disclose_member (p, object, d, at, parent, depth, error))
        return FALSE;
    }
  /* digests the holder withheld, or decoys, where nothing may be concealed */
  if (digests.present && at != NULL && at->in_the_clear)
    return set_not_disclosable_error (error, "“_sd”", at);
  return TRUE;
}

/* The digest of an array element `{"...": digest}`, or NULL for an
 * ordinary element. */
static gboolean
array_element_digest (JsonNode    *element,
                      const Step  *at,
                      const char **digest,
                      GError     **error)
{
  JsonObject *object;
  JsonNode *value;

  *digest = NULL;
  if (!JSON_NODE_HOLDS_OBJECT (element))
    return TRUE;
  object = json_node_get_object (element);
  if (json_object_get_size (object) != 1 || (value = json_object_get_member (object, "...")) == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
    {
      g_autofree char *where = step_path (at);

      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "array element digest in %s is not a string", where);
      return FALSE;
    }
  if (at->in_the_clear)
    return set_not_disclosable_error (error, "array element digest", at);
  *digest = json_node_get_string (value);
  return TRUE;
}

static gboolean
process_array (Processing *p,
               JsonNode   *node,
               const Step *at,
               gint        parent,
               guint       depth,
               GError    **error)
{
  JsonArray *array = json_node_get_array (node);
  guint n = json_array_get_length (array);
  /* built only once an element turns out to be a digest */
  g_autoptr(JsonArray) rebuilt = NULL;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      Step child = element_step (at, i);
      gint element_parent = parent;
      const char *digest;
      VneidDisclosure *d = NULL;

      if (!array_element_digest (element, at, &digest, error))
        return FALSE;

      if (digest != NULL)
        {
          if (rebuilt == NULL)
            {
              rebuilt = json_array_sized_new (n);
              for (guint j = 0; j < i; j++)
                json_array_add_element (rebuilt, json_node_ref (json_array_get_element (array, j)));
            }
          if (!claim_digest (p, digest, strlen (digest), at, &d, error))
            return FALSE;
          if (d == NULL)
            continue; /* a decoy, or an element the holder did not disclose */
          if (d->name != NULL)
            return set_disclosure_error (error, VNEID_CREDENTIAL_ERROR_BAD_DISCLOSURE,
                                         disclosure_index (p, d),
                                         "is an object property, but its digest stands in an array");
          element = disclosure_value (d);
          element_parent = (gint) disclosure_index (p, d);
          if (p->placing == VNEID_SD_JWT_PLACE_WITH_PATHS)
            {
              d->path = step_path (&child);
              d->parent = parent;
            }
        }

      if (rebuilt != NULL)
        json_array_add_element (rebuilt, json_node_ref (element));
      if (!process_node (p, element, &child, element_parent, depth + 1, error))
        return FALSE;
    }

  if (rebuilt != NULL)
    {
      keep_detached (p, array);
      json_node_take_array (node, g_steal_pointer (&rebuilt));
    }
  return TRUE;
}

/* @node is NULL for a disclosed value kept as text: a scalar, which
 * counts for the depth and has nothing below it. */
static gboolean
process_node (Processing *p,
              JsonNode   *node,
              const Step *at,
              gint        parent,
              guint       depth,
              GError    **error)
{
  if (depth > VNEID_MAX_JSON_DEPTH)
    {
      g_autofree char *where = step_where (at);

      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_TOO_LARGE,
                   "claims nest deeper than %d levels at %s", VNEID_MAX_JSON_DEPTH, where);
      return FALSE;
    }
  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return process_object (p, json_node_get_object (node), at, parent, depth, error);
  if (JSON_NODE_HOLDS_ARRAY (node))
    return process_array (p, node, at, parent, depth, error);
  return TRUE;
}

static gboolean
check_all_used (VneidSdJwt *sd,
                GError    **error)
{
  for (guint i = 0; i < sd->n_disclosures; i++)
    if (!sd->disclosures[i].used)
      {
        g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_UNREFERENCED_DISCLOSURE,
                     "disclosure %u (%s%s%s) is not referenced by any digest in the credential",
                     i, sd->disclosures[i].name ? "claim “" : "an array element",
                     sd->disclosures[i].name ? sd->disclosures[i].name : "",
                     sd->disclosures[i].name ? "”" : "");
        return FALSE;
      }
  return TRUE;
}

/* Room for every disclosure's placement, and the table of their names
 * at most half full. */
static void
prepare_placements (Processing *p)
{
  guint n = p->sd->n_disclosures, size = 16;

  while (size < 2 * n)
    size *= 2;
  p->sd->placements = g_new (VneidPlacement, MAX (n, 1));
  p->sd->n_placements = 0;
  p->pending_names = g_new0 (guint, size);
  p->pending_mask = size - 1;
}

gboolean
vneid_sd_jwt_process (VneidSdJwt        *sd,
                      VneidSdJwtPlacing  placing,
                      GError           **error)
{
  JsonObject *payload = sd->jws.payload;
  Processing p = { sd, NULL, placing, NULL, 0 };
  const char *sd_alg = NULL;
  gboolean ok;

  if (!vneid_json_get_string (payload, "_sd_alg", FALSE, &sd_alg, "issuer-signed JWT", error))
    return FALSE;
  if (sd_alg != NULL && strcmp (sd_alg, "sha-256") != 0)
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_UNSUPPORTED_ALGORITHM,
                   "_sd_alg “%s” is not accepted (only sha-256)", sd_alg);
      return FALSE;
    }

  /* `_sd_alg` stays while disclosures are checked for collisions, and goes
   * afterwards (RFC 9901 section 7.1, steps 3.3.2.3 and 3.6) */
  if (placing == VNEID_SD_JWT_PLACE_LATER)
    prepare_placements (&p);
  ok = process_object (&p, payload, NULL, -1, 0, error) && check_all_used (sd, error);
  json_object_remove_member (payload, "_sd_alg");

  g_clear_pointer (&p.detached, g_ptr_array_unref);
  g_free (p.pending_names);
  return ok;
}

JsonNode *
vneid_sd_jwt_get_claim (VneidSdJwt *sd,
                        const char *name)
{
  JsonNode *claim = json_object_get_member (sd->jws.payload, name);

  for (guint i = 0; claim == NULL && i < sd->n_placements; i++)
    if (sd->placements[i].object == sd->jws.payload &&
        strcmp (sd->placements[i].disclosure->name, name) == 0)
      claim = disclosure_value (sd->placements[i].disclosure);
  return claim;
}

VneidPendingClaims *
vneid_sd_jwt_steal_pending (VneidSdJwt *sd)
{
  VneidPendingClaims *pending;

  if (sd->n_placements == 0)
    return NULL;
  pending = g_new (VneidPendingClaims, 1);
  *pending = (VneidPendingClaims) { g_steal_pointer (&sd->disclosures), sd->n_disclosures,
                                    g_steal_pointer (&sd->decoded),
                                    g_steal_pointer (&sd->placements), sd->n_placements };
  sd->n_disclosures = 0;
  sd->n_placements = 0;
  return pending;
}

void
vneid_pending_claims_place (VneidPendingClaims *pending)
{
  for (guint i = 0; i < pending->n_placements; i++)
    {
      const VneidPlacement *at = &pending->placements[i];

      json_object_set_member (at->object, at->disclosure->name,
                              json_node_ref (disclosure_value (at->disclosure)));
    }
  vneid_pending_claims_free (pending);
}

void
vneid_pending_claims_free (VneidPendingClaims *pending)
{
  free_disclosures (pending->disclosures, pending->n_disclosures);
  g_free (pending->decoded);
  g_free (pending->placements);
  g_free (pending);
}

gboolean
vneid_sd_jwt_read_holder_key (JsonObject     *payload,
                              VneidHolderKey *key,
                              char          **unusable,
                              GError        **error)
{
  JsonNode *cnf = json_object_get_member (payload, "cnf");
  JsonNode *jwk;
  g_autoptr(GError) local_error = NULL;

  memset (key, 0, sizeof *key);
  *unusable = NULL;
  if (cnf == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (cnf))
    {
      g_set_error_literal (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                           "claim “cnf” is not a JSON object");
      return FALSE;
    }
  /* SD-JWT VC section 3.2.2.2 only recommends `jwk`: a `kid` or a key of
   * another kind is a confirmation method this verifier cannot use, which
   * matters only when key binding is checked. */
  jwk = json_object_get_member (json_node_get_object (cnf), "jwk");
  if (jwk == NULL)
    {
      *unusable = g_strdup ("claim “cnf” holds no “jwk”");
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (jwk))
    {
      g_set_error_literal (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                           "cnf.jwk is not a JSON object");
      return FALSE;
    }
  /* RFC 7800 section 3.2: the member is the holder's public key */
  if (json_object_has_member (json_node_get_object (jwk), "d"))
    {
      g_set_error_literal (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                           "cnf.jwk holds a private key (“d”); it must be the holder's public key");
      return FALSE;
    }
  if ((*unusable = vneid_jwk_why_unusable (json_node_get_object (jwk))) != NULL)
    {
      g_autofree char *why = *unusable;

      *unusable = g_strdup_printf ("cnf.jwk is %s", why);
      return TRUE;
    }
  if (!vneid_jwk_read_public (json_node_get_object (jwk), key->public_key, &key->kid, &local_error))
    {
      g_set_error (error, VNEID_CREDENTIAL_ERROR, VNEID_CREDENTIAL_ERROR_MALFORMED,
                   "cnf.jwk: %s", local_error->message);
      return FALSE;
    }
  key->present = TRUE;
  return TRUE;
}
