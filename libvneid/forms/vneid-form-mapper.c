/* vneid-form-mapper.c: the interface that turns a profile into a filled form
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "vneid-form-mapper.h"
#include "vneid-error.h"

/**
 * VneidFormMapper:
 *
 * What turns a [class@Vneid.Profile] into a [class@Vneid.FilledForm] of
 * one form. Most mappers are declarative ([class@Vneid.DeclarativeMapper],
 * a JSON mapping); a C plugin implements the interface where logic is
 * needed, and so may a Python object through GObject Introspection:
 *
 * ```python
 * class Mapper(GObject.Object, Vneid.FormMapper):
 *     def do_get_schema(self):
 *         return self.schema          # keep a reference: transfer none
 *     def do_fill(self, profile, form):
 *         form.fill("full_name", profile.get_name(), [profile.lookup("name")])
 *         return True
 * ```
 *
 * Callers use [method@Vneid.FormMapper.fill], which makes the form, applies
 * the level gating and calls the implementation.
 *
 * Since: 0.1
 */

G_DEFINE_INTERFACE (VneidFormMapper, vneid_form_mapper, G_TYPE_OBJECT)

static void
vneid_form_mapper_default_init (VneidFormMapperInterface *iface)
{
}

/**
 * VneidFormMapper::get_schema:
 * @self: a #VneidFormMapper
 *
 * Returns the schema of the form the mapper fills. The mapper keeps the
 * schema alive for as long as it lives.
 *
 * Returns: (transfer none): the schema
 *
 * Since: 0.1
 */

/**
 * VneidFormMapper::fill:
 * @self: a #VneidFormMapper
 * @profile: the verified profile to fill from
 * @form: the form to fill, made from the mapper's schema at the profile's
 *   level: every field missing, or needing a level-2 account
 * @error: return location for a #GError
 *
 * Fills @form from @profile with [method@Vneid.FilledForm.fill],
 * [method@Vneid.FilledForm.add_row] and
 * [method@Vneid.FilledForm.set_missing]. Data the profile lacks is not a
 * failure: the field stays missing.
 *
 * Returns: %TRUE, or %FALSE with @error set when the mapper itself fails
 *
 * Since: 0.1
 */

/**
 * vneid_form_mapper_get_schema: (virtual get_schema)
 * @self: a #VneidFormMapper
 *
 * Returns: (transfer none): the schema of the form the mapper fills
 *
 * Since: 0.1
 */
VneidFormSchema *
vneid_form_mapper_get_schema (VneidFormMapper *self)
{
  VneidFormMapperInterface *iface;

  g_return_val_if_fail (VNEID_IS_FORM_MAPPER (self), NULL);

  iface = VNEID_FORM_MAPPER_GET_IFACE (self);
  g_return_val_if_fail (iface->get_schema != NULL, NULL);
  return iface->get_schema (self);
}

/**
 * vneid_form_mapper_fill:
 * @self: a #VneidFormMapper
 * @profile: the verified profile to fill from
 * @error: return location for a #GError
 *
 * Fills the mapper's form from @profile: makes the form at the profile's
 * level ([ctor@Vneid.FilledForm.new]) and lets the mapper fill it. When the
 * whole form needs a level-2 account and the profile is not level 2, the
 * mapper is not called: the form comes back with every field
 * %VNEID_FIELD_STATUS_NEEDS_LEVEL_2, saying why.
 *
 * Returns: (transfer full): the filled form, or %NULL with @error set when
 *   the mapper fails (%VNEID_FORM_ERROR_FAILED when it does not say why)
 *
 * Since: 0.1
 */
VneidFilledForm *
vneid_form_mapper_fill (VneidFormMapper  *self,
                        VneidProfile     *profile,
                        GError          **error)
{
  VneidFormMapperInterface *iface;
  g_autoptr(VneidFilledForm) form = NULL;
  g_autoptr(GError) local_error = NULL;
  VneidFormSchema *schema;
  guint level;

  g_return_val_if_fail (VNEID_IS_FORM_MAPPER (self), NULL);
  g_return_val_if_fail (VNEID_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = VNEID_FORM_MAPPER_GET_IFACE (self);
  schema = iface->get_schema ? iface->get_schema (self) : NULL;
  if (!VNEID_IS_FORM_SCHEMA (schema))
    {
      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_FAILED,
                   "form mapper %s has no schema", G_OBJECT_TYPE_NAME (self));
      return NULL;
    }
  /* The schema may be the mapper's only reference: hold it while filling. */
  g_object_ref (schema);

  level = vneid_profile_get_level (profile);
  form = vneid_filled_form_new (schema, level);

  if (vneid_form_schema_get_min_level (schema) <= level)
    {
      gboolean ok = iface->fill ? iface->fill (self, profile, form, &local_error) : TRUE;

      if (!ok)
        {
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_FAILED,
                         "form mapper %s failed to fill form %s", G_OBJECT_TYPE_NAME (self),
                         vneid_form_schema_get_id (schema));
          g_object_unref (schema);
          return NULL;
        }
      /* An error set by a mapper that succeeded is dropped with local_error. */
    }

  g_object_unref (schema);
  return g_steal_pointer (&form);
}

/**
 * vneid_form_mapper_list_profile_paths: (virtual list_profile_paths)
 * @self: a #VneidFormMapper
 *
 * Says which profile paths the mapper reads, so that a portal can ask a
 * wallet for exactly those (data minimisation). Each string is a profile
 * path (`name`, `address`, `household.head_name`), or alternatives of
 * which the mapper uses the first the profile has, joined by `|`
 * (`household.head_name|name`). A mapper that does not say (a C or
 * Python mapper without the method) reads nothing that can be asked for.
 *
 * Returns: (transfer full) (array zero-terminated=1): the paths, possibly
 *   none
 *
 * Since: 0.2
 */
char **
vneid_form_mapper_list_profile_paths (VneidFormMapper *self)
{
  VneidFormMapperInterface *iface;
  char **paths;

  g_return_val_if_fail (VNEID_IS_FORM_MAPPER (self), NULL);

  iface = VNEID_FORM_MAPPER_GET_IFACE (self);
  paths = iface->list_profile_paths ? iface->list_profile_paths (self) : NULL;
  return paths != NULL ? paths : g_new0 (char *, 1);
}
