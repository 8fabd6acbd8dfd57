/* vneid-attribute.c: one verified attribute of a citizen, and who vouched for it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "vneid-attribute-private.h"
#include "vneid-util-private.h"

/**
 * VneidAttribute:
 *
 * One attribute of a [class@Vneid.Profile] — a name, a date, one part of an
 * address — with its provenance: the claim and the credential it came
 * from (`vct`, `iss`, time of issuance) and the kind of source that vouched
 * for it. When two credentials disagree about it, the values that lost the
 * merge are kept as its conflicts.
 *
 * Attributes are immutable and may be shared between threads.
 *
 * Since: 0.1
 */
struct _VneidAttribute
{
  GObject          parent_instance;

  char            *path;
  JsonNode        *value;    /* lent by the credential, which the attribute holds */
  /* the provenance: vct, iss and iat are the credential's */
  VneidVerifiedCredential *credential;
  VneidSourceKind  source_kind;
  GPtrArray       *conflicts;
};

G_DEFINE_FINAL_TYPE (VneidAttribute, vneid_attribute, G_TYPE_OBJECT)

/**
 * vneid_source_kind_to_string:
 * @kind: a #VneidSourceKind
 *
 * Gets the kind's name as docs/claims.md spells it: `population-db`,
 * `cccd-chip`, `bhyt-db` or `self-asserted`.
 *
 * Returns: the kind's name as docs/claims.md spells it: `population-db`,
 *   `cccd-chip`, `bhyt-db` or `self-asserted`
 *
 * Since: 0.1
 */
const char *
vneid_source_kind_to_string (VneidSourceKind kind)
{
  switch (kind)
    {
    case VNEID_SOURCE_KIND_POPULATION_DB:
      return "population-db";
    case VNEID_SOURCE_KIND_CCCD_CHIP:
      return "cccd-chip";
    case VNEID_SOURCE_KIND_BHYT_DB:
      return "bhyt-db";
    case VNEID_SOURCE_KIND_SELF_ASSERTED:
      return "self-asserted";
    default:
      g_return_val_if_reached ("unknown");
    }
}

static void
vneid_attribute_finalize (GObject *object)
{
  VneidAttribute *self = VNEID_ATTRIBUTE (object);

  g_free (self->path);
  g_object_unref (self->credential);
  g_ptr_array_unref (self->conflicts);

  G_OBJECT_CLASS (vneid_attribute_parent_class)->finalize (object);
}

static void
vneid_attribute_class_init (VneidAttributeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_attribute_finalize;
}

static void
vneid_attribute_init (VneidAttribute *self)
{
  self->conflicts = g_ptr_array_new_with_free_func (g_object_unref);
}

VneidAttribute *
vneid_attribute_new (const char              *path,
                     JsonNode                *value,
                     VneidVerifiedCredential *credential,
                     VneidSourceKind          source_kind)
{
  VneidAttribute *self = g_object_new (VNEID_TYPE_ATTRIBUTE, NULL);

  self->path = g_strdup (path);
  /* Not json_node_ref(): json-glib counts without atomics, and a profile
   * shared between threads may make attributes of one credential from
   * several of them (vneid_profile_lookup() makes them on first use). The
   * reference to the credential keeps the value alive. */
  self->value = value;
  self->credential = g_object_ref (credential);
  self->source_kind = source_kind;
  return self;
}

void
vneid_attribute_add_conflict (VneidAttribute *self,
                              VneidAttribute *other)
{
  g_ptr_array_add (self->conflicts, g_object_ref (other));
}

/**
 * vneid_attribute_get_path:
 * @self: a #VneidAttribute
 *
 * Gets the attribute's dotted path in the profile, such as `address.region`.
 *
 * Returns: the attribute's dotted path in the profile, such as
 *   `address.region`
 *
 * Since: 0.1
 */
const char *
vneid_attribute_get_path (VneidAttribute *self)
{
  g_return_val_if_fail (VNEID_IS_ATTRIBUTE (self), NULL);
  return self->path;
}

/**
 * vneid_attribute_get_value:
 * @self: a #VneidAttribute
 *
 * Gets the value as the credential carried it: a string, number or boolean,
 * or an array such as `nationalities`.
 *
 * Returns: (transfer none): the value as the credential carried it: a
 *   string, number or boolean, or an array such as `nationalities`
 *
 * Since: 0.1
 */
JsonNode *
vneid_attribute_get_value (VneidAttribute *self)
{
  g_return_val_if_fail (VNEID_IS_ATTRIBUTE (self), NULL);
  return self->value;
}

/**
 * vneid_attribute_get_string:
 * @self: a #VneidAttribute
 *
 * Gets the value if it is a string, else %NULL.
 *
 * Returns: (nullable): the value if it is a string, else %NULL
 *
 * Since: 0.1
 */
const char *
vneid_attribute_get_string (VneidAttribute *self)
{
  g_return_val_if_fail (VNEID_IS_ATTRIBUTE (self), NULL);

  if (JSON_NODE_HOLDS_VALUE (self->value) && json_node_get_value_type (self->value) == G_TYPE_STRING)
    return json_node_get_string (self->value);
  return NULL;
}

/**
 * vneid_attribute_to_string:
 * @self: a #VneidAttribute
 *
 * Gets the value as text: a string as it is, anything else as compact JSON.
 *
 * Returns: (transfer full): the value as text: a string as it is, anything
 *   else as compact JSON
 *
 * Since: 0.1
 */
char *
vneid_attribute_to_string (VneidAttribute *self)
{
  const char *text;

  g_return_val_if_fail (VNEID_IS_ATTRIBUTE (self), NULL);

  text = vneid_attribute_get_string (self);
  return text ? g_strdup (text) : vneid_json_to_string (self->value);
}

/**
 * vneid_attribute_get_claim:
 * @self: a #VneidAttribute
 *
 * Gets the claim path in the credential the value came from.
 *
 * Returns: the claim path in the credential the value came from; profile
 *   paths are claim paths, so this equals the attribute's path
 *
 * Since: 0.1
 */
const char *
vneid_attribute_get_claim (VneidAttribute *self)
{
  g_return_val_if_fail (VNEID_IS_ATTRIBUTE (self), NULL);
  return self->path;
}

/**
 * vneid_attribute_get_vct:
 * @self: a #VneidAttribute
 *
 * Gets the type of the credential the value came from.
 *
 * Returns: the type of the credential the value came from
 *
 * Since: 0.1
 */
const char *
vneid_attribute_get_vct (VneidAttribute *self)
{
  g_return_val_if_fail (VNEID_IS_ATTRIBUTE (self), NULL);
  return vneid_verified_credential_get_vct (self->credential);
}

/**
 * vneid_attribute_get_issuer:
 * @self: a #VneidAttribute
 *
 * Gets the issuer (`iss`) of the credential the value came from.
 *
 * Returns: the issuer (`iss`) of the credential the value came from
 *
 * Since: 0.1
 */
const char *
vneid_attribute_get_issuer (VneidAttribute *self)
{
  g_return_val_if_fail (VNEID_IS_ATTRIBUTE (self), NULL);
  return vneid_verified_credential_get_issuer (self->credential);
}

/**
 * vneid_attribute_get_issued_at:
 * @self: a #VneidAttribute
 *
 * Gets when that credential was issued (`iat`), in seconds since the epoch,
 * or 0 if it does not say.
 *
 * Returns: when that credential was issued (`iat`), in seconds since the
 *   epoch, or 0 if it does not say
 *
 * Since: 0.1
 */
gint64
vneid_attribute_get_issued_at (VneidAttribute *self)
{
  g_return_val_if_fail (VNEID_IS_ATTRIBUTE (self), 0);
  return vneid_verified_credential_get_issued_at (self->credential);
}

/**
 * vneid_attribute_get_source_kind:
 * @self: a #VneidAttribute
 *
 * Gets the kind of source that vouched for the value.
 *
 * Returns: the kind of source that vouched for the value
 *
 * Since: 0.1
 */
VneidSourceKind
vneid_attribute_get_source_kind (VneidAttribute *self)
{
  g_return_val_if_fail (VNEID_IS_ATTRIBUTE (self), VNEID_SOURCE_KIND_SELF_ASSERTED);
  return self->source_kind;
}

/**
 * vneid_attribute_get_verified:
 * @self: a #VneidAttribute
 *
 * Tells whether a government register vouched for the value (every source but
 * %VNEID_SOURCE_KIND_SELF_ASSERTED).
 *
 * Returns: whether a government register vouched for the value (every
 *   source but %VNEID_SOURCE_KIND_SELF_ASSERTED); a form shows such values
 *   read-only
 *
 * Since: 0.1
 */
gboolean
vneid_attribute_get_verified (VneidAttribute *self)
{
  g_return_val_if_fail (VNEID_IS_ATTRIBUTE (self), FALSE);
  return self->source_kind != VNEID_SOURCE_KIND_SELF_ASSERTED;
}

/**
 * vneid_attribute_get_conflicts:
 * @self: a #VneidAttribute
 *
 * Gets the differing values other credentials gave for this attribute, which
 * lost the merge.
 *
 * Returns: (transfer none) (element-type VneidAttribute): the differing
 *   values other credentials gave for this attribute, which lost the merge;
 *   usually none
 *
 * Since: 0.1
 */
GPtrArray *
vneid_attribute_get_conflicts (VneidAttribute *self)
{
  g_return_val_if_fail (VNEID_IS_ATTRIBUTE (self), NULL);
  return self->conflicts;
}

static JsonObject *
provenance_to_json (VneidAttribute *self)
{
  JsonObject *object = json_object_new ();

  json_object_set_member (object, "value", vneid_json_deep_copy (self->value));
  json_object_set_string_member (object, "source", vneid_source_kind_to_string (self->source_kind));
  json_object_set_boolean_member (object, "verified", vneid_attribute_get_verified (self));
  json_object_set_string_member (object, "claim", self->path);
  json_object_set_string_member (object, "vct", vneid_attribute_get_vct (self));
  json_object_set_string_member (object, "iss", vneid_attribute_get_issuer (self));
  if (vneid_attribute_get_issued_at (self) != 0)
    json_object_set_int_member (object, "iat", vneid_attribute_get_issued_at (self));
  return object;
}

/**
 * vneid_attribute_to_json:
 * @self: a #VneidAttribute
 *
 * Gets `{"value", "source", "verified", "claim", "vct", "iss", "iat"}`, with
 * `"conflicts"`, a list of such objects, when other credentials disagreed.
 *
 * Returns: (transfer full): `{"value", "source", "verified", "claim", "vct",
 *   "iss", "iat"}`, with `"conflicts"`, a list of such objects, when other
 *   credentials disagreed
 *
 * Since: 0.1
 */
JsonObject *
vneid_attribute_to_json (VneidAttribute *self)
{
  JsonObject *object;

  g_return_val_if_fail (VNEID_IS_ATTRIBUTE (self), NULL);

  object = provenance_to_json (self);
  if (self->conflicts->len > 0)
    {
      JsonArray *conflicts = json_array_new ();

      for (guint i = 0; i < self->conflicts->len; i++)
        json_array_add_object_element (conflicts,
                                       provenance_to_json (g_ptr_array_index (self->conflicts, i)));
      json_object_set_array_member (object, "conflicts", conflicts);
    }
  return object;
}
