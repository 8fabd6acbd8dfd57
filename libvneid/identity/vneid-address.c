/* vneid-address.c: a Vietnamese address, before or after the 2025 reform
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "vneid-address.h"

/**
 * VneidAddress:
 *
 * An address as a PID credential carries it (docs/claims.md, "Addresses"):
 * `formatted`, `street_address`, `locality` (ward or commune), `district`,
 * `region` (province or city) and `country`.
 *
 * Since 2025-07-01 Vietnam has two levels of local government: 34
 * provinces, and wards and communes below them, with no district. Addresses
 * recorded before keep their district; both shapes live side by side, and a
 * district is never invented for an address that has none.
 *
 * Since: 0.1
 */
struct _VneidAddress
{
  char *formatted;
  char *street_address;
  char *locality;
  char *district;
  char *region;
  char *country;
};

G_DEFINE_BOXED_TYPE (VneidAddress, vneid_address, vneid_address_copy, vneid_address_free)

static char *
dup_string_member (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

/**
 * vneid_address_new_from_json:
 * @object: an address object
 *
 * Reads the address members that are strings; others are left unset.
 *
 * Returns: (transfer full): the address
 *
 * Since: 0.1
 */
VneidAddress *
vneid_address_new_from_json (JsonObject *object)
{
  VneidAddress *self;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_new0 (VneidAddress, 1);
  self->formatted = dup_string_member (object, "formatted");
  self->street_address = dup_string_member (object, "street_address");
  self->locality = dup_string_member (object, "locality");
  self->district = dup_string_member (object, "district");
  self->region = dup_string_member (object, "region");
  self->country = dup_string_member (object, "country");
  return self;
}

/**
 * vneid_address_copy:
 * @self: a #VneidAddress
 *
 * Gets a copy of @self.
 *
 * Returns: (transfer full): a copy of @self
 *
 * Since: 0.1
 */
VneidAddress *
vneid_address_copy (const VneidAddress *self)
{
  VneidAddress *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (VneidAddress, 1);
  copy->formatted = g_strdup (self->formatted);
  copy->street_address = g_strdup (self->street_address);
  copy->locality = g_strdup (self->locality);
  copy->district = g_strdup (self->district);
  copy->region = g_strdup (self->region);
  copy->country = g_strdup (self->country);
  return copy;
}

/**
 * vneid_address_free:
 * @self: a #VneidAddress
 *
 * Frees @self.
 *
 * Since: 0.1
 */
void
vneid_address_free (VneidAddress *self)
{
  if (self == NULL)
    return;
  g_free (self->formatted);
  g_free (self->street_address);
  g_free (self->locality);
  g_free (self->district);
  g_free (self->region);
  g_free (self->country);
  g_free (self);
}

/**
 * vneid_address_get_formatted:
 * @self: a #VneidAddress
 *
 * Gets the whole address on one line, as recorded.
 *
 * Returns: (nullable): the whole address on one line, as recorded
 *
 * Since: 0.1
 */
const char *
vneid_address_get_formatted (const VneidAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->formatted;
}

/**
 * vneid_address_get_street_address:
 * @self: a #VneidAddress
 *
 * Gets house number, street, hamlet or village.
 *
 * Returns: (nullable): house number, street, hamlet or village
 *
 * Since: 0.1
 */
const char *
vneid_address_get_street_address (const VneidAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->street_address;
}

/**
 * vneid_address_get_locality:
 * @self: a #VneidAddress
 *
 * Gets the ward or commune (phường, xã, đặc khu).
 *
 * Returns: (nullable): the ward or commune (phường, xã, đặc khu)
 *
 * Since: 0.1
 */
const char *
vneid_address_get_locality (const VneidAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->locality;
}

/**
 * vneid_address_get_district:
 * @self: a #VneidAddress
 *
 * Gets the district (quận, huyện, thị xã), which only addresses recorded
 * before 2025-07-01 have.
 *
 * Returns: (nullable): the district (quận, huyện, thị xã), which only
 *   addresses recorded before 2025-07-01 have
 *
 * Since: 0.1
 */
const char *
vneid_address_get_district (const VneidAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->district;
}

/**
 * vneid_address_get_region:
 * @self: a #VneidAddress
 *
 * Gets the province or centrally run city.
 *
 * Returns: (nullable): the province or centrally run city
 *
 * Since: 0.1
 */
const char *
vneid_address_get_region (const VneidAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->region;
}

/**
 * vneid_address_get_country:
 * @self: a #VneidAddress
 *
 * Gets the ISO 3166-1 country code, `VN`.
 *
 * Returns: (nullable): the ISO 3166-1 country code, `VN`
 *
 * Since: 0.1
 */
const char *
vneid_address_get_country (const VneidAddress *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->country;
}

/**
 * vneid_address_is_pre_2025:
 * @self: a #VneidAddress
 *
 * Tells whether the address has the three-level shape of before 2025-07-01,
 * that is, a district.
 *
 * Returns: whether the address has the three-level shape of before
 *   2025-07-01, that is, a district
 *
 * Since: 0.1
 */
gboolean
vneid_address_is_pre_2025 (const VneidAddress *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->district != NULL;
}

/**
 * vneid_address_format:
 * @self: a #VneidAddress
 *
 * Joins the parts the address has, from the street to the province, with
 * “, ” — the way Vietnamese forms write an address. The district appears
 * only where the address has one. An address with none of these parts
 * gives its `formatted` text.
 *
 * Returns: (transfer full): the address on one line, possibly empty
 *
 * Since: 0.1
 */
char *
vneid_address_format (const VneidAddress *self)
{
  const char *parts[] = { NULL, NULL, NULL, NULL, NULL };
  guint n = 0;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->street_address != NULL)
    parts[n++] = self->street_address;
  if (self->locality != NULL)
    parts[n++] = self->locality;
  if (self->district != NULL)
    parts[n++] = self->district;
  if (self->region != NULL)
    parts[n++] = self->region;
  if (n == 0)
    return g_strdup (self->formatted ? self->formatted : "");
  return g_strjoinv (", ", (char **) parts);
}
