/* vneid-profile.c: a citizen's verified profile, merged from credentials
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "vneid-profile.h"
#include "vneid-attribute-private.h"
#include "vneid-claims-private.h"
#include "vneid-error.h"
#include "vneid-util-private.h"

/**
 * VneidProfile:
 *
 * One citizen's verified profile: the merge of the verified credentials a
 * citizen presented — the PID from the National Population Database, the
 * e-CCCD from the card's chip (level-2 accounts), the health insurance card
 * from Vietnam Social Security, the account's contact data — in which
 * every attribute says who vouched for it ([class@Vneid.Attribute]).
 *
 * Attributes are reached by the claim path (`address.region`,
 * `household.head_name`, `registered_facility.code`); what the holder did
 * not disclose is simply absent, and nothing is guessed.
 *
 * ## Building a profile
 *
 * The credentials must be about one person: those that disclose
 * `personal_administrative_number` must agree on it, and one that does not
 * (a contact credential) must be bound to the same holder key as the first
 * one that does. The identity claims two credentials both disclose
 * (`personal_administrative_number`, `birthdate`, `sex`, the names) must
 * agree, names compared as a clerk would (Unicode NFC, letter case and
 * spacing ignored, and diacritics when one side has none); a disagreement
 * is %VNEID_PROFILE_ERROR_SUBJECT_MISMATCH, not a conflict. A credential
 * type may come once. The profile's level is
 * the PID's `vneid_level`, 0 without a PID; an e-CCCD beside a level-1 PID
 * is an error. The personal identification number must agree with every
 * disclosed `birthdate` and `sex`, and the BHYT number with `benefit_level`
 * (docs/claims.md, "Profile paths"); a contradiction fails the construction with a
 * %VNEID_IDENTITY_ERROR.
 *
 * ## When two credentials disagree
 *
 * Each top-level claim comes whole from one credential, so that two shapes
 * of an address are never mixed. For the data printed on the card, the
 * e-CCCD chip wins over the PID, which wins over the BHYT card, which wins
 * over self-asserted data. For the addresses (`address`,
 * `temporary_address`, `current_address`) the PID wins over the chip: the
 * population database follows a move, the chip keeps what was printed when
 * the card was made. Every differing value that lost is kept: on the
 * winning attribute ([method@Vneid.Attribute.get_conflicts]) and in
 * [method@Vneid.Profile.list_conflicts].
 *
 * ## Ownership and threads
 *
 * The profile keeps references to the verified credentials it was built
 * from and owns its attributes. Strings, attributes and objects the getters
 * return are lent, valid as long as the profile is; dates, addresses, the
 * `list_*` arrays and the JSON text are new copies the caller frees (each
 * method's "transfer" annotation says which).
 *
 * A profile is immutable and may be shared between threads. JSON it lends
 * is read-only: from several threads it must not be ref'd, copied or
 * serialized with json-glib, which counts those references without atomics
 * (docs/threads.md).
 *
 * Since: 0.1
 */
struct _VneidProfile
{
  GObject          parent_instance;

  GPtrArray       *credentials;   /* VneidVerifiedCredential */
  GPtrArray       *slots;         /* Slot, sorted by path (strcmp) to be searched */
  GPtrArray       *paths;         /* sorted, owned by the slots */
  JsonArray       *conflicts;
  guint            level;
  VneidPersonalId *personal_id;
  VneidBhytNumber *bhyt_number;
};

G_DEFINE_FINAL_TYPE (VneidProfile, vneid_profile, G_TYPE_OBJECT)

#define PAN_CLAIM   "personal_administrative_number"

/* Claims about the credential rather than the citizen. */
static const char *const credential_claims[] = {
  "iss", "iat", "nbf", "exp", "vct", "vct#integrity", "cnf", "status", "sub", "jti", "aud",
};

/* One attribute as the merge found it. Its VneidAttribute object is made
 * on the first lookup: a caller (a form, a check) reads a few attributes
 * of the twenty-five or so a PID gives, and making and freeing a GObject
 * for each cost more than the rest of building the profile. */
typedef struct {
  char                    *path;
  JsonNode                *value;       /* lent by the credential */
  VneidVerifiedCredential *credential;  /* lent: the profile holds it */
  VneidSourceKind          kind;
  GPtrArray               *lost;        /* VneidAttribute values that lost the merge, or NULL */
  VneidAttribute          *attribute;   /* NULL until looked up; set once, atomically */
} Slot;

static void
slot_free (gpointer data)
{
  Slot *slot = data;

  g_free (slot->path);
  g_clear_pointer (&slot->lost, g_ptr_array_unref);
  g_clear_object (&slot->attribute);
  g_free (slot);
}

/* Two threads may look up the same attribute of a shared profile at once:
 * both make one, the first stored wins and the other is dropped. */
static VneidAttribute *
slot_attribute (Slot *slot)
{
  VneidAttribute *attribute = g_atomic_pointer_get (&slot->attribute);

  if (attribute != NULL)
    return attribute;
  attribute = vneid_attribute_new (slot->path, slot->value, slot->credential, slot->kind);
  for (guint i = 0; slot->lost != NULL && i < slot->lost->len; i++)
    vneid_attribute_add_conflict (attribute, g_ptr_array_index (slot->lost, i));
  return vneid_publish_once ((gpointer *) &slot->attribute, attribute, g_object_unref);
}

static gint
compare_slot_paths (gconstpointer a,
                    gconstpointer b)
{
  return strcmp ((*(Slot *const *) a)->path, (*(Slot *const *) b)->path);
}

/* A binary search: a profile has a few dozen attributes, fewer than a hash
 * table's costs (hashing, growing, freeing) pay for. */
static Slot *
find_slot (VneidProfile *self,
           const char   *path)
{
  guint low = 0, high = self->slots->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      Slot *slot = g_ptr_array_index (self->slots, middle);
      int order = strcmp (path, slot->path);

      if (order == 0)
        return slot;
      if (order < 0)
        high = middle;
      else
        low = middle + 1;
    }
  return NULL;
}

/* The value at @path without making its attribute object, or NULL. */
static JsonNode *
lookup_value (VneidProfile *self,
              const char   *path)
{
  Slot *slot = find_slot (self, path);

  return slot ? slot->value : NULL;
}

static void
vneid_profile_finalize (GObject *object)
{
  VneidProfile *self = VNEID_PROFILE (object);

  g_ptr_array_unref (self->credentials);
  g_ptr_array_unref (self->paths);
  g_ptr_array_unref (self->slots);
  json_array_unref (self->conflicts);
  g_clear_object (&self->personal_id);
  g_clear_object (&self->bhyt_number);

  G_OBJECT_CLASS (vneid_profile_parent_class)->finalize (object);
}

static void
vneid_profile_class_init (VneidProfileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_profile_finalize;
}

static void
vneid_profile_init (VneidProfile *self)
{
  self->credentials = g_ptr_array_new_with_free_func (g_object_unref);
  self->slots = g_ptr_array_new_with_free_func (slot_free);
  self->paths = g_ptr_array_new ();
  self->conflicts = json_array_new ();
}

static gboolean
is_credential_claim (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (credential_claims); i++)
    if (strcmp (name, credential_claims[i]) == 0)
      return TRUE;
  return FALSE;
}

static const VneidCredentialType *
credential_type_for (VneidVerifiedCredential  *credential,
                     GError                  **error)
{
  const char *vct = vneid_verified_credential_get_vct (credential);
  const VneidCredentialType *type = vneid_credential_type_lookup (vct);

  if (type == NULL)
    g_set_error (error, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_UNSUPPORTED_CREDENTIAL,
                 "credential type %s has no place in a citizen profile", vct);
  return type;
}

typedef struct {
  VneidProfile              *profile;
  VneidVerifiedCredential   *credential;
  const VneidCredentialType *type;
  VneidSourceKind            kind;
} Source;

typedef void (*LeafFunc) (Source *source, const char *path, JsonNode *value, gpointer data);

/* Calls @func for every value below @node that is not an object, @path
 * (which it extends and restores) naming the value. */
static void
for_each_leaf (Source     *source,
               JsonNode   *node,
               GString    *path,
               LeafFunc    func,
               gpointer    data)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  gsize length = path->len;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      func (source, path->str, node, data);
      return;
    }
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &name, &member))
    {
      g_string_append_c (path, '.');
      g_string_append (path, name);
      for_each_leaf (source, member, path, func, data);
      g_string_truncate (path, length);
    }
}

static void
add_attribute (Source     *source,
               const char *path,
               JsonNode   *value,
               gpointer    data)
{
  Slot *slot = g_new0 (Slot, 1);

  slot->path = g_strdup (path);
  slot->value = value;
  slot->credential = source->credential;
  slot->kind = source->kind;
  g_ptr_array_add (source->profile->slots, slot);
  g_ptr_array_add (source->profile->paths, slot->path);
}

static void
record_conflict (Source     *loser,
                 const char *path,
                 JsonNode   *value,
                 gpointer    data)
{
  Slot *kept = find_slot (loser->profile, path);
  g_autoptr(VneidAttribute) lost = NULL;
  JsonObject *entry;

  if (kept != NULL && json_node_equal (kept->value, value))
    return;

  lost = vneid_attribute_new (path, value, loser->credential, loser->kind);
  if (kept != NULL)
    {
      if (kept->lost == NULL)
        kept->lost = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (kept->lost, g_object_ref (lost));
    }

  entry = vneid_attribute_to_json (lost);
  json_object_set_string_member (entry, "path", path);
  if (kept != NULL)
    json_object_set_member (entry, "kept", vneid_json_deep_copy (kept->value));
  else
    json_object_set_null_member (entry, "kept");
  json_array_add_object_element (loser->profile->conflicts, entry);
}

/* Profile paths join claim names with dots, so a name holding one could not
 * be told from a nested claim. Takes the object itself, not a node made
 * around it: a node would ref the credential's payload, and json-glib's
 * object reference counts are not atomic (credentials are shared between
 * threads). */
static gboolean
check_claim_names (JsonObject *object,
                   const char *path,
                   const char *vct,
                   GError    **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    {
      g_autofree char *child = NULL;

      if (name[0] != '\0' && strchr (name, '.') == NULL && !JSON_NODE_HOLDS_OBJECT (member))
        continue;
      child = path ? g_strconcat (path, ".", name, NULL) : g_strdup (name);
      if (name[0] == '\0' || strchr (name, '.') != NULL)
        {
          g_set_error (error, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_INVALID_CLAIM_NAME,
                       "%s: claim name “%s” cannot be a profile path (empty, or holds a dot)",
                       vct, child);
          return FALSE;
        }
      if (JSON_NODE_HOLDS_OBJECT (member) &&
          !check_claim_names (json_node_get_object (member), child, vct, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_all_claim_names (Source  *sources,
                       gsize    n,
                       GError **error)
{
  for (gsize i = 0; i < n; i++)
    {
      JsonObject *payload = vneid_verified_credential_get_payload (sources[i].credential);

      if (!check_claim_names (payload, NULL, vneid_verified_credential_get_vct (sources[i].credential), error))
        return FALSE;
    }
  return TRUE;
}

/* Whether @claim of sources[@i] wins the merge: no other source has it
 * with a higher precedence, nor an earlier one with the same. */
static gboolean
wins (Source     *sources,
      gsize       n,
      gsize       i,
      const char *claim)
{
  int mine;

  if (n == 1)
    return TRUE;
  mine = vneid_credential_type_precedence (sources[i].type, claim);
  for (gsize j = 0; j < n; j++)
    if (j != i &&
        json_object_has_member (vneid_verified_credential_get_payload (sources[j].credential), claim))
      {
        int theirs = vneid_credential_type_precedence (sources[j].type, claim);

        if (theirs > mine || (theirs == mine && j < i))
          return FALSE;
      }
  return TRUE;
}

/* Calls @func on the leaves of each claim about the citizen that wins the
 * merge (@winners) or loses it. */
static void
for_each_claim (Source   *sources,
                gsize     n,
                gboolean  winners,
                LeafFunc  func)
{
  g_autoptr(GString) path = g_string_sized_new (64);

  for (gsize i = 0; i < n; i++)
    {
      JsonObjectIter iter;
      const char *claim;
      JsonNode *value;

      json_object_iter_init (&iter, vneid_verified_credential_get_payload (sources[i].credential));
      while (json_object_iter_next (&iter, &claim, &value))
        if (!is_credential_claim (claim) && wins (sources, n, i, claim) == winners)
          {
            g_string_assign (path, claim);
            for_each_leaf (&sources[i], value, path, func, NULL);
          }
    }
}

/* The winners first, so that each loser finds the attribute it lost to. */
static gboolean
merge_credentials (VneidProfile *self,
                   Source       *sources,
                   gsize         n)
{
  for_each_claim (sources, n, TRUE, add_attribute);
  g_ptr_array_sort (self->slots, compare_slot_paths);
  if (n > 1)
    for_each_claim (sources, n, FALSE, record_conflict);
  return TRUE;
}

/* The claim registry's order segment by segment, then alphabetical. */
static gint
compare_paths (gconstpointer a,
               gconstpointer b)
{
  const char *x = *(const char *const *) a, *y = *(const char *const *) b;
  gboolean top = TRUE;

  while (*x != '\0' && *y != '\0')
    {
      gsize x_len = strcspn (x, "."), y_len = strcspn (y, ".");
      guint x_order = top ? vneid_claim_rank (x, x_len) : vneid_claim_member_rank (x, x_len);
      guint y_order = top ? vneid_claim_rank (y, y_len) : vneid_claim_member_rank (y, y_len);
      int by_name;

      if (x_order != y_order)
        return x_order < y_order ? -1 : 1;
      by_name = strncmp (x, y, MIN (x_len, y_len));
      if (by_name != 0 || x_len != y_len)
        return by_name != 0 ? by_name : (x_len < y_len ? -1 : 1);
      x += x_len + (x[x_len] == '.');
      y += y_len + (y[y_len] == '.');
      top = FALSE;
    }
  return (*x != '\0') - (*y != '\0');
}

typedef struct {
  const char *path;
  guint       top;     /* order of the first segment */
  guint       member;  /* order of the second, if any */
} SortKey;

static gint
compare_sort_keys (gconstpointer a,
                   gconstpointer b)
{
  const SortKey *x = a, *y = b;

  if (x->top != y->top)
    return x->top < y->top ? -1 : 1;
  if (x->member != y->member)
    return x->member < y->member ? -1 : 1;
  return compare_paths (&x->path, &y->path);
}

/* Sorts with each path's place in the orders looked up once, not at every
 * comparison: the lookups dominated building a profile. */
static void
sort_paths (GPtrArray *paths)
{
  g_autofree SortKey *keys = g_new (SortKey, paths->len);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      gsize len = strcspn (path, ".");

      keys[i].path = path;
      keys[i].top = vneid_claim_rank (path, len);
      keys[i].member = path[len] == '\0' ? 0
        : vneid_claim_member_rank (path + len + 1, strcspn (path + len + 1, "."));
    }
  qsort (keys, paths->len, sizeof *keys, compare_sort_keys);
  for (guint i = 0; i < paths->len; i++)
    g_ptr_array_index (paths, i) = (gpointer) keys[i].path;
}

static gint
compare_conflicts (gconstpointer a,
                   gconstpointer b)
{
  const char *x = json_object_get_string_member (*(JsonObject *const *) a, "path");
  const char *y = json_object_get_string_member (*(JsonObject *const *) b, "path");

  return compare_paths (&x, &y);
}

/* Conflicts are found in hash table order; list them in path order. */
static void
sort_conflicts (VneidProfile *self)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonArray *sorted;

  for (guint i = 0; i < json_array_get_length (self->conflicts); i++)
    g_ptr_array_add (entries, json_object_ref (json_array_get_object_element (self->conflicts, i)));
  g_ptr_array_sort (entries, compare_conflicts);

  sorted = json_array_sized_new (entries->len);
  for (guint i = 0; i < entries->len; i++)
    json_array_add_object_element (sorted, json_object_ref (g_ptr_array_index (entries, i)));
  json_array_unref (self->conflicts);
  self->conflicts = sorted;
}

static const char *
string_claim (VneidVerifiedCredential *credential,
              const char              *name)
{
  JsonNode *node = json_object_get_member (vneid_verified_credential_get_payload (credential), name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A claim that must be a string when it is present at all. */
static gboolean
optional_string_claim (VneidVerifiedCredential *credential,
                       const char              *name,
                       gint                     code,
                       const char             **out,
                       GError                 **error)
{
  JsonObject *payload = vneid_verified_credential_get_payload (credential);

  *out = string_claim (credential, name);
  if (*out == NULL && json_object_has_member (payload, name))
    {
      g_set_error (error, VNEID_IDENTITY_ERROR, code, "%s: %s is not a string",
                   vneid_verified_credential_get_vct (credential), name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_number_types (Source  *sources,
                    gsize    n,
                    GError **error)
{
  const char *ignored;

  for (gsize i = 0; i < n; i++)
    if (!optional_string_claim (sources[i].credential, PAN_CLAIM,
                                VNEID_IDENTITY_ERROR_INVALID_PERSONAL_ID, &ignored, error) ||
        !optional_string_claim (sources[i].credential, "bhyt_number",
                                VNEID_IDENTITY_ERROR_INVALID_BHYT_NUMBER, &ignored, error))
      return FALSE;
  return TRUE;
}

static gboolean
check_one_of_each_type (Source  *sources,
                        gsize    n,
                        GError **error)
{
  for (gsize i = 0; i < n; i++)
    for (gsize j = 0; j < i; j++)
      if (sources[i].kind == sources[j].kind)
        {
          g_set_error (error, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_DUPLICATE_CREDENTIAL,
                       "credentials %" G_GSIZE_FORMAT " and %" G_GSIZE_FORMAT " are both of type %s",
                       j, i, vneid_verified_credential_get_vct (sources[i].credential));
          return FALSE;
        }
  return TRUE;
}

/* A name as a clerk compares it: Unicode NFC, letter case and runs of
 * spaces ignored, so that a card printing "TRẦN THỊ MAI" names Trần Thị
 * Mai. A name written without any diacritics (older card systems) is
 * compared with the diacritics of the other taken off. */
static char *
clerk_name (const char *name,
            gboolean    strip_marks)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);
  g_autofree char *decomposed = g_utf8_normalize (folded, -1, strip_marks ? G_NORMALIZE_NFD
                                                                          : G_NORMALIZE_NFC);
  GString *out = g_string_new (NULL);

  for (const char *p = decomposed; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
          continue;
        }
      if (strip_marks && g_unichar_ismark (c))
        continue;
      g_string_append_unichar (out, strip_marks && c == 0x0111 /* đ */ ? 'd' : c);
    }
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static gboolean
is_ascii (const char *text)
{
  for (; *text != '\0'; text++)
    if ((guchar) *text >= 0x80)
      return FALSE;
  return TRUE;
}

static gboolean
same_identity_claim (const char *claim,
                     JsonNode   *a,
                     JsonNode   *b)
{
  const char *sa, *sb;

  if (!JSON_NODE_HOLDS_VALUE (a) || !JSON_NODE_HOLDS_VALUE (b) ||
      json_node_get_value_type (a) != G_TYPE_STRING || json_node_get_value_type (b) != G_TYPE_STRING)
    return json_node_equal (a, b);
  sa = json_node_get_string (a);
  sb = json_node_get_string (b);
  if (strcmp (claim, "birthdate") == 0)
    {
      /* a year-only date ("1950") agrees with a full date of that year */
      gsize la = strlen (sa), lb = strlen (sb), shorter = MIN (la, lb);

      return strncmp (sa, sb, shorter) == 0 && (la == lb || (la > lb ? sa : sb)[shorter] == '-');
    }
  {
    gboolean strip = is_ascii (sa) || is_ascii (sb);
    g_autofree char *ca = clerk_name (sa, strip);
    g_autofree char *cb = clerk_name (sb, strip);

    return strcmp (ca, cb) == 0;
  }
}

/* A profile is one person: the identity claims two credentials both
 * disclose must agree; attributes that change (addresses, contact) may
 * differ and become conflicts instead. */
static gboolean
check_same_identity (Source  *a,
                     Source  *b,
                     GError **error)
{
  static const char *const identity_claims[] = {
    PAN_CLAIM, "birthdate", "sex", "name", "family_name", "middle_name", "given_name",
  };
  JsonObject *pa = vneid_verified_credential_get_payload (a->credential);
  JsonObject *pb = vneid_verified_credential_get_payload (b->credential);

  for (gsize i = 0; i < G_N_ELEMENTS (identity_claims); i++)
    {
      JsonNode *va = json_object_get_member (pa, identity_claims[i]);
      JsonNode *vb = json_object_get_member (pb, identity_claims[i]);

      if (va != NULL && vb != NULL && !same_identity_claim (identity_claims[i], va, vb))
        {
          g_autofree char *ta = vneid_json_to_string (va);
          g_autofree char *tb = vneid_json_to_string (vb);
          g_autofree char *shown_a = vneid_shorten_for_message (ta, 64);
          g_autofree char *shown_b = vneid_shorten_for_message (tb, 64);

          g_set_error (error, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_SUBJECT_MISMATCH,
                       "not the same person: %s is %s in the %s credential and %s in the %s credential",
                       identity_claims[i], shown_a, vneid_verified_credential_get_vct (a->credential),
                       shown_b, vneid_verified_credential_get_vct (b->credential));
          return FALSE;
        }
    }
  return TRUE;
}

/* Runs after each credential's own identity data were checked, so that a
 * number that contradicts its own birth date is reported as such. */
static gboolean
check_same_identities (Source  *sources,
                       gsize    n,
                       GError **error)
{
  for (gsize i = 0; i < n; i++)
    for (gsize j = 0; j < i; j++)
      if (!check_same_identity (&sources[j], &sources[i], error))
        return FALSE;
  return TRUE;
}

static gboolean
check_same_person (Source  *sources,
                   gsize    n,
                   GError **error)
{
  Source *anchor = NULL;
  const char *number = NULL;

  for (gsize i = 0; i < n && anchor == NULL; i++)
    if ((number = string_claim (sources[i].credential, PAN_CLAIM)) != NULL)
      anchor = &sources[i];
  if (anchor == NULL)
    anchor = &sources[0];

  for (gsize i = 0; i < n; i++)
    {
      VneidVerifiedCredential *credential = sources[i].credential;
      const char *other = string_claim (credential, PAN_CLAIM);
      VneidKey *key, *anchor_key;

      if (&sources[i] == anchor)
        continue;
      key = vneid_verified_credential_get_holder_key (credential);
      anchor_key = vneid_verified_credential_get_holder_key (anchor->credential);
      if (other != NULL && number != NULL && strcmp (other, number) != 0)
        {
          g_set_error (error, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_SUBJECT_MISMATCH,
                       "not the same person: the %s credential is about %s, the %s credential about %s",
                       vneid_verified_credential_get_vct (credential), other,
                       vneid_verified_credential_get_vct (anchor->credential), number);
          return FALSE;
        }
      if (other == NULL && (key == NULL || anchor_key == NULL || !vneid_key_equal (key, anchor_key)))
        {
          g_set_error (error, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_SUBJECT_MISMATCH,
                       "the %s credential discloses no %s and is bound to another holder key, "
                       "so nothing ties it to the same person",
                       vneid_verified_credential_get_vct (credential), PAN_CLAIM);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
read_level (VneidProfile *self,
            Source       *sources,
            gsize         n,
            GError      **error)
{
  Source *pid = NULL, *cccd = NULL;

  for (gsize i = 0; i < n; i++)
    {
      if (sources[i].kind == VNEID_SOURCE_KIND_POPULATION_DB)
        pid = &sources[i];
      else if (sources[i].kind == VNEID_SOURCE_KIND_CCCD_CHIP)
        cccd = &sources[i];
    }
  if (pid == NULL)
    return TRUE;

  {
    JsonNode *level = json_object_get_member (vneid_verified_credential_get_payload (pid->credential),
                                              "vneid_level");

    if (level == NULL || !JSON_NODE_HOLDS_VALUE (level) ||
        json_node_get_value_type (level) != G_TYPE_INT64 ||
        (json_node_get_int (level) != 1 && json_node_get_int (level) != 2))
      {
        g_set_error_literal (error, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_LEVEL,
                             "the PID's vneid_level is missing or not 1 or 2");
        return FALSE;
      }
    self->level = (guint) json_node_get_int (level);
  }
  if (cccd != NULL && self->level < 2)
    {
      g_set_error_literal (error, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_LEVEL,
                           "an e-CCCD credential came with the PID of a level-1 account; "
                           "e-CCCDs are issued to level-2 accounts only");
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_dates_and_identity (VneidProfile *self,
                          Source       *sources,
                          gsize         n,
                          GError      **error)
{
  for (gsize i = 0; i < n; i++)
    {
      VneidVerifiedCredential *credential = sources[i].credential;
      JsonObject *payload = vneid_verified_credential_get_payload (credential);
      const char *vct = vneid_verified_credential_get_vct (credential);
      JsonNode *sex;

      for (const char *const *d = vneid_claim_list_dates (); *d != NULL; d++)
        {
          const char *text = string_claim (credential, *d);
          g_autoptr(VneidDate) date = NULL;

          if (text == NULL)
            {
              if (json_object_has_member (payload, *d))
                {
                  g_set_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_INVALID_DATE,
                               "%s: %s is not a date string", vct, *d);
                  return FALSE;
                }
              continue;
            }
          date = vneid_date_parse (text, error);
          if (date == NULL ||
              (strcmp (*d, "birthdate") == 0 && self->personal_id != NULL &&
               !vneid_personal_id_check_birthdate (self->personal_id, date, error)))
            {
              g_prefix_error (error, "%s: %s: ", vct, *d);
              return FALSE;
            }
        }

      sex = json_object_get_member (payload, "sex");
      if (sex != NULL && self->personal_id != NULL &&
          (!JSON_NODE_HOLDS_VALUE (sex) || json_node_get_value_type (sex) != G_TYPE_INT64 ||
           !vneid_personal_id_check_sex (self->personal_id, (VneidSex) json_node_get_int (sex), error)))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_MISMATCH,
                         "sex is not an ISO 5218 code");
          g_prefix_error (error, "%s: sex: ", vct);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
parse_numbers (VneidProfile *self,
               GError      **error)
{
  const char *pan = vneid_profile_get_string (self, PAN_CLAIM);
  const char *bhyt = vneid_profile_get_string (self, "bhyt_number");
  JsonNode *benefit = lookup_value (self, "benefit_level");

  if (pan != NULL && (self->personal_id = vneid_personal_id_parse (pan, error)) == NULL)
    {
      g_prefix_error (error, "%s: ", PAN_CLAIM);
      return FALSE;
    }
  if (bhyt != NULL && (self->bhyt_number = vneid_bhyt_number_parse (bhyt, error)) == NULL)
    {
      g_prefix_error (error, "bhyt_number: ");
      return FALSE;
    }
  if (self->bhyt_number != NULL && benefit != NULL)
    {
      JsonNode *value = benefit;

      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64)
        {
          g_set_error_literal (error, VNEID_IDENTITY_ERROR, VNEID_IDENTITY_ERROR_MISMATCH,
                               "benefit_level is not a number");
          return FALSE;
        }
      if (!vneid_bhyt_number_check_benefit_level (self->bhyt_number,
                                                  (int) json_node_get_int (value), error))
        return FALSE;
    }
  return TRUE;
}

/**
 * vneid_profile_new:
 * @credentials: (array length=n_credentials): verified credentials about
 *   one citizen
 * @n_credentials: the number of @credentials
 * @error: return location for a #GError
 *
 * Merges verified credentials into a profile, checking that they are about
 * one person and that their identity data agree (see the class
 * documentation).
 *
 * Returns: (transfer full): the profile, or %NULL with @error set
 *
 * Since: 0.1
 */
VneidProfile *
vneid_profile_new (VneidVerifiedCredential * const *credentials,
                   gsize                            n_credentials,
                   GError                         **error)
{
  g_autoptr(VneidProfile) self = NULL;
  g_autofree Source *sources = NULL;

  g_return_val_if_fail (credentials != NULL || n_credentials == 0, NULL);

  if (n_credentials == 0)
    {
      g_set_error_literal (error, VNEID_PROFILE_ERROR, VNEID_PROFILE_ERROR_NO_CREDENTIALS,
                           "a profile needs at least one verified credential");
      return NULL;
    }

  self = g_object_new (VNEID_TYPE_PROFILE, NULL);
  sources = g_new0 (Source, n_credentials);
  for (gsize i = 0; i < n_credentials; i++)
    {
      g_return_val_if_fail (VNEID_IS_VERIFIED_CREDENTIAL (credentials[i]), NULL);

      sources[i].profile = self;
      sources[i].credential = credentials[i];
      g_ptr_array_add (self->credentials, g_object_ref (credentials[i]));
      if ((sources[i].type = credential_type_for (credentials[i], error)) == NULL)
        return NULL;
      sources[i].kind = sources[i].type->source_kind;
    }

  if (!check_one_of_each_type (sources, n_credentials, error) ||
      !check_all_claim_names (sources, n_credentials, error) ||
      !check_number_types (sources, n_credentials, error) ||
      !check_same_person (sources, n_credentials, error) ||
      !read_level (self, sources, n_credentials, error) ||
      !merge_credentials (self, sources, n_credentials))
    return NULL;
  sort_paths (self->paths);
  sort_conflicts (self);

  if (!parse_numbers (self, error) ||
      !check_dates_and_identity (self, sources, n_credentials, error) ||
      !check_same_identities (sources, n_credentials, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * vneid_profile_new_from_presentations:
 * @verifier: the verifier to check the presentations with
 * @presentations: (array zero-terminated=1): the citizen's presentations
 * @nonce: (nullable): the nonce of this request, or %NULL for the
 *   verifier's own key binding policy
 * @audience: (nullable): the audience the KB-JWTs must name, with @nonce
 * @error: return location for a #GError
 *
 * Verifies each presentation and merges them into a profile. A rejected
 * presentation fails the whole profile, its error prefixed with its
 * position.
 *
 * Returns: (transfer full): the profile, or %NULL with @error set
 *
 * Since: 0.1
 */
VneidProfile *
vneid_profile_new_from_presentations (VneidVerifier      *verifier,
                                      const char * const *presentations,
                                      const char         *nonce,
                                      const char         *audience,
                                      GError            **error)
{
  g_autoptr(GPtrArray) verified = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (VNEID_IS_VERIFIER (verifier), NULL);
  g_return_val_if_fail (presentations != NULL, NULL);
  g_return_val_if_fail ((nonce == NULL) == (audience == NULL), NULL);

  for (gsize i = 0; presentations[i] != NULL; i++)
    {
      VneidVerifiedCredential *credential = nonce
        ? vneid_verifier_verify_with_nonce (verifier, presentations[i], nonce, audience, error)
        : vneid_verifier_verify (verifier, presentations[i], error);

      if (credential == NULL)
        {
          g_prefix_error (error, "presentation %" G_GSIZE_FORMAT ": ", i);
          return NULL;
        }
      g_ptr_array_add (verified, credential);
    }
  return vneid_profile_new ((VneidVerifiedCredential * const *) verified->pdata, verified->len, error);
}

/**
 * vneid_profile_lookup:
 * @self: a #VneidProfile
 * @path: a dotted attribute path, such as `address.region`
 *
 * Gets the attribute, or %NULL if the citizen did not disclose it.
 *
 * Returns: (transfer none) (nullable): the attribute, or %NULL if the
 *   citizen did not disclose it
 *
 * Since: 0.1
 */
VneidAttribute *
vneid_profile_lookup (VneidProfile *self,
                      const char   *path)
{
  Slot *slot;

  g_return_val_if_fail (VNEID_IS_PROFILE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  slot = find_slot (self, path);
  return slot ? slot_attribute (slot) : NULL;
}

/**
 * vneid_profile_get_string:
 * @self: a #VneidProfile
 * @path: a dotted attribute path
 *
 * Gets the attribute's value if it is present and a string.
 *
 * Returns: (nullable): the attribute's value if it is present and a string
 *
 * Since: 0.1
 */
const char *
vneid_profile_get_string (VneidProfile *self,
                          const char   *path)
{
  JsonNode *value;

  g_return_val_if_fail (VNEID_IS_PROFILE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  value = lookup_value (self, path);
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (value);
}

/**
 * vneid_profile_list_paths:
 * @self: a #VneidProfile
 *
 * Gets the paths of all attributes present, in the order of docs/claims.md.
 *
 * Returns: (transfer full) (array zero-terminated=1): the paths of all
 *   attributes present, in the order of docs/claims.md
 *
 * Since: 0.1
 */
char **
vneid_profile_list_paths (VneidProfile *self)
{
  char **paths;

  g_return_val_if_fail (VNEID_IS_PROFILE (self), NULL);

  paths = g_new0 (char *, self->paths->len + 1);
  for (guint i = 0; i < self->paths->len; i++)
    paths[i] = g_strdup (g_ptr_array_index (self->paths, i));
  return paths;
}

/**
 * vneid_profile_get_credentials:
 * @self: a #VneidProfile
 *
 * Gets the verified credentials the profile was built from.
 *
 * Returns: (transfer none) (element-type VneidVerifiedCredential): the
 *   verified credentials the profile was built from
 *
 * Since: 0.1
 */
GPtrArray *
vneid_profile_get_credentials (VneidProfile *self)
{
  g_return_val_if_fail (VNEID_IS_PROFILE (self), NULL);
  return self->credentials;
}

/**
 * vneid_profile_list_conflicts:
 * @self: a #VneidProfile
 *
 * Gets the paths on which two credentials disagreed, one entry per differing
 * value that lost the merge.
 *
 * Returns: (transfer full) (array zero-terminated=1): the paths on which
 *   two credentials disagreed, one entry per differing value that lost the
 *   merge
 *
 * Since: 0.1
 */
char **
vneid_profile_list_conflicts (VneidProfile *self)
{
  guint n;
  char **paths;

  g_return_val_if_fail (VNEID_IS_PROFILE (self), NULL);

  n = json_array_get_length (self->conflicts);
  paths = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    paths[i] = g_strdup (json_object_get_string_member (json_array_get_object_element (self->conflicts, i),
                                                        "path"));
  return paths;
}

/**
 * vneid_profile_get_level:
 * @self: a #VneidProfile
 *
 * Gets the VNeID account level, 1 or 2, from the PID.
 *
 * Returns: the VNeID account level, 1 or 2, from the PID; 0 when the
 *   profile has no PID
 *
 * Since: 0.1
 */
guint
vneid_profile_get_level (VneidProfile *self)
{
  g_return_val_if_fail (VNEID_IS_PROFILE (self), 0);
  return self->level;
}

/**
 * vneid_profile_get_personal_administrative_number:
 * @self: a #VneidProfile
 *
 * Gets the 12-digit personal identification number.
 *
 * Returns: (nullable): the 12-digit personal identification number
 *
 * Since: 0.1
 */
const char *
vneid_profile_get_personal_administrative_number (VneidProfile *self)
{
  return vneid_profile_get_string (self, PAN_CLAIM);
}

/**
 * vneid_profile_get_personal_id:
 * @self: a #VneidProfile
 *
 * Gets the personal identification number, decoded.
 *
 * Returns: (transfer none) (nullable): the personal identification number,
 *   decoded
 *
 * Since: 0.1
 */
VneidPersonalId *
vneid_profile_get_personal_id (VneidProfile *self)
{
  g_return_val_if_fail (VNEID_IS_PROFILE (self), NULL);
  return self->personal_id;
}

/**
 * vneid_profile_get_name:
 * @self: a #VneidProfile
 *
 * Gets the full name, as in `Nguyễn Văn An`.
 *
 * Returns: (nullable): the full name, as in `Nguyễn Văn An`
 *
 * Since: 0.1
 */
const char *
vneid_profile_get_name (VneidProfile *self)
{
  return vneid_profile_get_string (self, "name");
}

/**
 * vneid_profile_get_family_name:
 * @self: a #VneidProfile
 *
 * Gets the family name (họ).
 *
 * Returns: (nullable): the family name (họ)
 *
 * Since: 0.1
 */
const char *
vneid_profile_get_family_name (VneidProfile *self)
{
  return vneid_profile_get_string (self, "family_name");
}

/**
 * vneid_profile_get_middle_name:
 * @self: a #VneidProfile
 *
 * Gets the middle name (tên đệm).
 *
 * Returns: (nullable): the middle name (tên đệm)
 *
 * Since: 0.1
 */
const char *
vneid_profile_get_middle_name (VneidProfile *self)
{
  return vneid_profile_get_string (self, "middle_name");
}

/**
 * vneid_profile_get_given_name:
 * @self: a #VneidProfile
 *
 * Gets the given name (tên).
 *
 * Returns: (nullable): the given name (tên)
 *
 * Since: 0.1
 */
const char *
vneid_profile_get_given_name (VneidProfile *self)
{
  return vneid_profile_get_string (self, "given_name");
}

/* Dates were checked when the profile was built. */
static VneidDate *
get_date (VneidProfile *self,
          const char   *path)
{
  const char *text = vneid_profile_get_string (self, path);

  return text ? vneid_date_parse (text, NULL) : NULL;
}

/**
 * vneid_profile_dup_birthdate:
 * @self: a #VneidProfile
 *
 * Gets the date of birth, which may be year-only or year-month.
 *
 * Returns: (transfer full) (nullable): the date of birth, which may be
 *   year-only or year-month
 *
 * Since: 0.2
 */
VneidDate *
vneid_profile_dup_birthdate (VneidProfile *self)
{
  return get_date (self, "birthdate");
}

/**
 * vneid_profile_get_sex:
 * @self: a #VneidProfile
 *
 * Gets the sex (ISO 5218), %VNEID_SEX_UNKNOWN if not disclosed.
 *
 * Returns: the sex (ISO 5218), %VNEID_SEX_UNKNOWN if not disclosed
 *
 * Since: 0.1
 */
VneidSex
vneid_profile_get_sex (VneidProfile *self)
{
  JsonNode *value;

  g_return_val_if_fail (VNEID_IS_PROFILE (self), VNEID_SEX_UNKNOWN);

  value = lookup_value (self, "sex");
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64)
    return VNEID_SEX_UNKNOWN;
  switch (json_node_get_int (value))
    {
    case VNEID_SEX_MALE:
      return VNEID_SEX_MALE;
    case VNEID_SEX_FEMALE:
      return VNEID_SEX_FEMALE;
    default:
      return VNEID_SEX_UNKNOWN;
    }
}

/**
 * vneid_profile_get_nationality:
 * @self: a #VneidProfile
 *
 * Gets the first of `nationalities`, such as `VN`.
 *
 * Returns: (nullable): the first of `nationalities`, such as `VN`
 *
 * Since: 0.1
 */
const char *
vneid_profile_get_nationality (VneidProfile *self)
{
  JsonNode *value, *first;

  g_return_val_if_fail (VNEID_IS_PROFILE (self), NULL);

  value = lookup_value (self, "nationalities");
  if (value == NULL || !JSON_NODE_HOLDS_ARRAY (value) || json_array_get_length (json_node_get_array (value)) == 0)
    return NULL;
  first = json_array_get_element (json_node_get_array (value), 0);
  if (!JSON_NODE_HOLDS_VALUE (first) || json_node_get_value_type (first) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (first);
}

/**
 * vneid_profile_dup_address:
 * @self: a #VneidProfile
 * @kind: which address
 *
 * Gets the address, with the parts the citizen disclosed.
 *
 * Returns: (transfer full) (nullable): the address, with the parts the
 *   citizen disclosed
 *
 * Since: 0.2
 */
VneidAddress *
vneid_profile_dup_address (VneidProfile     *self,
                           VneidAddressKind  kind)
{
  const char *claim;
  g_autoptr(JsonObject) object = NULL;

  g_return_val_if_fail (VNEID_IS_PROFILE (self), NULL);
  g_return_val_if_fail (kind <= VNEID_ADDRESS_CURRENT, NULL);

  claim = vneid_claim_address_name (kind);
  object = json_object_new ();
  for (const char *const *member = vneid_claim_address_members (); *member != NULL; member++)
    {
      g_autofree char *path = g_strconcat (claim, ".", *member, NULL);
      const char *value = vneid_profile_get_string (self, path);

      if (value != NULL)
        json_object_set_string_member (object, *member, value);
    }
  return json_object_get_size (object) > 0 ? vneid_address_new_from_json (object) : NULL;
}

/**
 * vneid_profile_get_cccd_number:
 * @self: a #VneidProfile
 *
 * Gets the citizen ID card's number (`document_number`).
 *
 * Returns: (nullable): the citizen ID card's number (`document_number`)
 *
 * Since: 0.1
 */
const char *
vneid_profile_get_cccd_number (VneidProfile *self)
{
  return vneid_profile_get_string (self, "document_number");
}

/**
 * vneid_profile_dup_cccd_date_of_issuance:
 * @self: a #VneidProfile
 *
 * Gets when the card was issued.
 *
 * Returns: (transfer full) (nullable): when the card was issued
 *
 * Since: 0.2
 */
VneidDate *
vneid_profile_dup_cccd_date_of_issuance (VneidProfile *self)
{
  return get_date (self, "date_of_issuance");
}

/**
 * vneid_profile_dup_cccd_date_of_expiry:
 * @self: a #VneidProfile
 *
 * Gets when the card expires.
 *
 * Returns: (transfer full) (nullable): when the card expires; cards issued
 *   after the age of 60 have no expiry
 *
 * Since: 0.2
 */
VneidDate *
vneid_profile_dup_cccd_date_of_expiry (VneidProfile *self)
{
  return get_date (self, "date_of_expiry");
}

/**
 * vneid_profile_get_bhyt_number:
 * @self: a #VneidProfile
 *
 * Gets the health insurance card number, decoded.
 *
 * Returns: (transfer none) (nullable): the health insurance card number,
 *   decoded
 *
 * Since: 0.1
 */
VneidBhytNumber *
vneid_profile_get_bhyt_number (VneidProfile *self)
{
  g_return_val_if_fail (VNEID_IS_PROFILE (self), NULL);
  return self->bhyt_number;
}

/**
 * vneid_profile_dup_bhyt_valid_from:
 * @self: a #VneidProfile
 *
 * Gets the first day the card is valid.
 *
 * Returns: (transfer full) (nullable): the first day the card is valid
 *
 * Since: 0.2
 */
VneidDate *
vneid_profile_dup_bhyt_valid_from (VneidProfile *self)
{
  return get_date (self, "valid_from");
}

/**
 * vneid_profile_dup_bhyt_valid_until:
 * @self: a #VneidProfile
 *
 * Gets the last day the card is valid.
 *
 * Returns: (transfer full) (nullable): the last day the card is valid
 *
 * Since: 0.2
 */
VneidDate *
vneid_profile_dup_bhyt_valid_until (VneidProfile *self)
{
  return get_date (self, "valid_until");
}

/**
 * vneid_profile_get_registered_facility_code:
 * @self: a #VneidProfile
 *
 * Gets the code of the clinic the card is registered at (nơi đăng ký khám
 * chữa bệnh ban đầu).
 *
 * Returns: (nullable): the code of the clinic the card is registered at
 *   (nơi đăng ký khám chữa bệnh ban đầu)
 *
 * Since: 0.1
 */
const char *
vneid_profile_get_registered_facility_code (VneidProfile *self)
{
  return vneid_profile_get_string (self, "registered_facility.code");
}

/**
 * vneid_profile_get_registered_facility_name:
 * @self: a #VneidProfile
 *
 * Gets the name of that clinic.
 *
 * Returns: (nullable): the name of that clinic
 *
 * Since: 0.1
 */
const char *
vneid_profile_get_registered_facility_name (VneidProfile *self)
{
  return vneid_profile_get_string (self, "registered_facility.name");
}

/**
 * vneid_profile_get_bhyt_validity:
 * @self: a #VneidProfile
 * @day: (nullable): the day to judge, or %NULL for today in Vietnam
 *
 * Whether the health insurance card is valid on @day: from `valid_from` to
 * `valid_until`, both included.
 *
 * Returns: the card's validity on that day
 *
 * Since: 0.1
 */
VneidBhytValidity
vneid_profile_get_bhyt_validity (VneidProfile    *self,
                                 const VneidDate *day)
{
  g_autoptr(VneidDate) from = NULL;
  g_autoptr(VneidDate) until = NULL;
  g_autoptr(VneidDate) today = NULL;

  g_return_val_if_fail (VNEID_IS_PROFILE (self), VNEID_BHYT_VALIDITY_NO_CARD);

  from = vneid_profile_dup_bhyt_valid_from (self);
  until = vneid_profile_dup_bhyt_valid_until (self);
  if (from == NULL && until == NULL)
    return VNEID_BHYT_VALIDITY_NO_CARD;
  if (day == NULL)
    day = today = vneid_date_new_in_vietnam (g_get_real_time () / G_USEC_PER_SEC);

  if (from != NULL && vneid_date_compare (day, from) < 0)
    return VNEID_BHYT_VALIDITY_NOT_YET_VALID;
  if (until != NULL && vneid_date_compare (day, until) > 0)
    return VNEID_BHYT_VALIDITY_EXPIRED;
  return VNEID_BHYT_VALIDITY_VALID;
}

/**
 * vneid_profile_to_json_object:
 * @self: a #VneidProfile
 *
 * The profile for portals and logs: `personal_administrative_number`,
 * `level`, `attributes` (each path with its value and provenance, see
 * [method@Vneid.Attribute.to_json]), `conflicts` (the values that lost the
 * merge, each with the `path` and the value `kept`), and `credentials`
 * (`vct`, `iss`, `iat`, `source` of each).
 *
 * Returns: (transfer full): the profile as a JSON object
 *
 * Since: 0.1
 */
JsonObject *
vneid_profile_to_json_object (VneidProfile *self)
{
  JsonObject *object, *attributes;
  JsonArray *credentials;
  const char *pan;

  g_return_val_if_fail (VNEID_IS_PROFILE (self), NULL);

  object = json_object_new ();
  pan = vneid_profile_get_personal_administrative_number (self);
  if (pan != NULL)
    json_object_set_string_member (object, PAN_CLAIM, pan);
  else
    json_object_set_null_member (object, PAN_CLAIM);
  json_object_set_int_member (object, "level", self->level);

  attributes = json_object_new ();
  for (guint i = 0; i < self->paths->len; i++)
    json_object_set_object_member (attributes, g_ptr_array_index (self->paths, i),
                                   vneid_attribute_to_json (vneid_profile_lookup (self, g_ptr_array_index (self->paths, i))));
  json_object_set_object_member (object, "attributes", attributes);
  {
    /* a copy: the profile stays immutable whatever the caller does with it;
     * element by element, since a node around self->conflicts would ref it
     * (not atomically: the profile may be shared between threads) */
    JsonArray *conflicts = json_array_sized_new (json_array_get_length (self->conflicts));

    for (guint i = 0; i < json_array_get_length (self->conflicts); i++)
      json_array_add_element (conflicts, vneid_json_deep_copy (json_array_get_element (self->conflicts, i)));
    json_object_set_array_member (object, "conflicts", conflicts);
  }

  credentials = json_array_new ();
  for (guint i = 0; i < self->credentials->len; i++)
    {
      VneidVerifiedCredential *credential = g_ptr_array_index (self->credentials, i);
      JsonObject *entry = json_object_new ();
      VneidSourceKind kind = VNEID_SOURCE_KIND_SELF_ASSERTED;

      vneid_claims_get_source_kind (vneid_verified_credential_get_vct (credential), &kind);
      json_object_set_string_member (entry, "vct", vneid_verified_credential_get_vct (credential));
      json_object_set_string_member (entry, "iss", vneid_verified_credential_get_issuer (credential));
      json_object_set_int_member (entry, "iat", vneid_verified_credential_get_issued_at (credential));
      json_object_set_string_member (entry, "source", vneid_source_kind_to_string (kind));
      json_array_add_object_element (credentials, entry);
    }
  json_object_set_array_member (object, "credentials", credentials);
  return object;
}

/**
 * vneid_profile_to_json:
 * @self: a #VneidProfile
 * @pretty: whether to indent the output
 *
 * Gets [method@Vneid.Profile.to_json_object] as text.
 *
 * Returns: (transfer full): [method@Vneid.Profile.to_json_object] as text
 *
 * Since: 0.1
 */
char *
vneid_profile_to_json (VneidProfile *self,
                       gboolean      pretty)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (VNEID_IS_PROFILE (self), NULL);

  object = vneid_profile_to_json_object (self);
  node = json_node_init_object (json_node_alloc (), object);
  return json_to_string (node, pretty);
}
