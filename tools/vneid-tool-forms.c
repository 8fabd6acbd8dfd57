/* vneid-tool-forms.c: what `vneid forms`, `vneid fill` and `vneid demo`
 * share: loading the form plugins, configuring a mapper, and the fields of a
 * filled form written for people
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>

#include "vneid-tool.h"

/* ---- plugins ------------------------------------------------------------ */

VneidPluginRegistry *
vneid_tool_load_plugins (const char  *folder,
                         GError     **error)
{
  return vneid_tool_load_plugins_full (folder, FALSE, error);
}

VneidPluginRegistry *
vneid_tool_load_plugins_full (const char  *folder,
                              gboolean     declarative_only,
                              GError     **error)
{
  g_autoptr(VneidPluginRegistry) registry = vneid_plugin_registry_new ();
  g_auto(GStrv) errors = NULL;
  g_auto(GStrv) plugins = NULL;

  vneid_plugin_registry_set_declarative_only (registry, declarative_only);
  if (folder != NULL)
    {
      if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED,
                       "%s: not a folder of form plugins", folder);
          return NULL;
        }
      vneid_plugin_registry_load_path (registry, folder);
    }
  else
    vneid_plugin_registry_load_default (registry);

  errors = vneid_plugin_registry_list_errors (registry);
  for (char **message = errors; *message != NULL; message++)
    {
      g_autofree char *line = vneid_tool_printable (*message);

      fprintf (stderr, "vneid: warning: plugin skipped: %s\n", line);
    }

  plugins = vneid_plugin_registry_list_plugins (registry);
  if (plugins[0] == NULL)
    {
      if (folder != NULL)
        g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED,
                     "no form plugin loaded from %s", folder);
      else
        g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED,
                     "no form plugin loaded from VNEID_PLUGIN_PATH (%s) nor from the installed "
                     "plugin folder", g_getenv ("VNEID_PLUGIN_PATH") ? g_getenv ("VNEID_PLUGIN_PATH") : "unset");
      return NULL;
    }
  return g_steal_pointer (&registry);
}

VneidFormMapper *
vneid_tool_lookup_mapper (VneidPluginRegistry  *registry,
                          const char           *form_id,
                          GError              **error)
{
  VneidFormMapper *mapper = vneid_plugin_registry_lookup (registry, form_id);
  g_auto(GStrv) forms = NULL;
  g_autofree char *known = NULL;

  if (mapper != NULL)
    return mapper;
  forms = vneid_plugin_registry_list_forms (registry);
  known = g_strjoinv (", ", forms);
  g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_FAILED,
               "no plugin fills the form “%s” (known forms: %s)", form_id, known);
  return NULL;
}

static GParamSpec *
find_construct_property (VneidFormMapper *mapper,
                         const char      *name,
                         GType            value_type)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (mapper), name);

  if (pspec == NULL || !(pspec->flags & G_PARAM_WRITABLE) ||
      !(pspec->flags & (G_PARAM_CONSTRUCT | G_PARAM_CONSTRUCT_ONLY)) ||
      !g_type_is_a (value_type, G_PARAM_SPEC_VALUE_TYPE (pspec)))
    return NULL;
  return pspec;
}

gboolean
vneid_tool_has_visit_date (VneidFormMapper *mapper)
{
  return find_construct_property (mapper, VNEID_FORM_MAPPER_PROP_VISIT_DATE, VNEID_TYPE_DATE) != NULL;
}

gboolean
vneid_tool_has_facility_code (VneidFormMapper *mapper)
{
  return find_construct_property (mapper, VNEID_FORM_MAPPER_PROP_FACILITY_CODE, G_TYPE_STRING) != NULL;
}

VneidFormMapper *
vneid_tool_configure_mapper (VneidPluginRegistry  *registry,
                             const char           *form_id,
                             const char           *facility_code,
                             const VneidDate      *visit_date,
                             GError              **error)
{
  VneidFormMapper *mapper = vneid_tool_lookup_mapper (registry, form_id, error);
  const char *names[2];
  GValue values[2] = { G_VALUE_INIT, G_VALUE_INIT };
  guint n = 0;
  GObject *configured;

  if (mapper == NULL)
    return NULL;
  if (facility_code == NULL && visit_date == NULL)
    return g_object_ref (mapper);

  /* Construct-only properties: a mapper never changes once made, so the
   * registry's instance is left alone and a configured one made beside it
   * (plugins/bhyt-checkin/README.md). */
  if (facility_code != NULL)
    {
      if (!vneid_tool_has_facility_code (mapper))
        {
          g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                       "--facility-code: the form %s has no facility code to set", form_id);
          return NULL;
        }
      names[n] = VNEID_FORM_MAPPER_PROP_FACILITY_CODE;
      g_value_init (&values[n], G_TYPE_STRING);
      g_value_set_string (&values[n], facility_code);
      n++;
    }
  if (visit_date != NULL)
    {
      if (!vneid_tool_has_visit_date (mapper))
        {
          g_set_error (error, VNEID_TOOL_ERROR, VNEID_TOOL_ERROR_USAGE,
                       "--visit-date: the form %s has no visit date to set", form_id);
          for (guint i = 0; i < n; i++)
            g_value_unset (&values[i]);
          return NULL;
        }
      names[n] = VNEID_FORM_MAPPER_PROP_VISIT_DATE;
      g_value_init (&values[n], VNEID_TYPE_DATE);
      g_value_set_boxed (&values[n], visit_date);
      n++;
    }

  configured = g_object_new_with_properties (G_OBJECT_TYPE (mapper), n, names, values);
  for (guint i = 0; i < n; i++)
    g_value_unset (&values[i]);
  return VNEID_FORM_MAPPER (configured);
}

/* ---- fields, for people ------------------------------------------------- */

/* "household_members[0].full_name" → 0, or -1 for a field outside rows */
int
vneid_tool_field_row (VneidFilledField *field)
{
  const char *bracket = strchr (vneid_filled_field_get_name (field), '[');

  return bracket != NULL ? (int) g_ascii_strtoull (bracket + 1, NULL, 10) : -1;
}

gboolean
vneid_tool_field_is_group (VneidFilledField *field)
{
  return vneid_form_field_get_field_type (vneid_filled_field_get_field (field)) == VNEID_FIELD_TYPE_GROUP;
}

char *
vneid_tool_field_label (VneidFilledField *field)
{
  const char *label = vneid_form_field_get_label (vneid_filled_field_get_field (field));
  int row = vneid_tool_field_row (field);

  if (row < 0)
    return g_strdup (label);
  return g_strdup_printf ("  #%d %s", row + 1, label);
}

/* The value as printed on the form, an enum's code with its label. */
char *
vneid_tool_field_value (VneidFilledField *field)
{
  VneidFormField *schema_field = vneid_filled_field_get_field (field);
  const char *value = vneid_filled_field_get_value (field);
  const char *label;

  if (value == NULL)
    return g_strdup ("");
  if (vneid_form_field_get_field_type (schema_field) == VNEID_FIELD_TYPE_ENUM &&
      (label = vneid_form_field_get_enum_label (schema_field, value)) != NULL)
    return g_strdup_printf ("%s (%s)", value, label);
  return g_strdup (value);
}

char *
vneid_tool_field_source (VneidFilledField *field,
                         gboolean          with_vct)
{
  GPtrArray *sources = vneid_filled_field_get_sources (field);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; sources != NULL && i < sources->len; i++)
    {
      VneidAttribute *attribute = g_ptr_array_index (sources, i);
      const char *kind = vneid_source_kind_to_string (vneid_attribute_get_source_kind (attribute));
      char *part = with_vct ? g_strdup_printf ("%s %s", kind, vneid_attribute_get_vct (attribute))
                            : g_strdup (kind);

      if (g_ptr_array_find_with_equal_func (parts, part, g_str_equal, NULL))
        g_free (part);
      else
        g_ptr_array_add (parts, part);
    }
  if (parts->len > 0)
    {
      g_ptr_array_add (parts, NULL);
      return g_strjoinv (", ", (char **) parts->pdata);
    }

  switch (vneid_filled_field_get_status (field))
    {
    case VNEID_FIELD_STATUS_SELF_ASSERTED:
      /* A value with no profile attribute behind it: the mapper's own. */
      return g_strdup ("constant");
    case VNEID_FIELD_STATUS_NEEDS_LEVEL_2:
      return g_strdup ("level-2 account needed");
    case VNEID_FIELD_STATUS_MISSING:
      /* Nobody has typed it yet: the citizen still has to. */
      return g_strdup ("to be typed by the citizen");
    case VNEID_FIELD_STATUS_VERIFIED:
    case VNEID_FIELD_STATUS_INVALID:
    default:
      return g_strdup ("");
    }
}

char *
vneid_tool_missing_labels (VneidFilledForm *form)
{
  g_auto(GStrv) missing = vneid_filled_form_list_missing (form);
  g_autoptr(GString) text = g_string_new (NULL);

  for (char **name = missing; *name != NULL; name++)
    {
      VneidFilledField *field = vneid_filled_form_lookup (form, *name);
      g_autofree char *label = field != NULL ? vneid_tool_field_label (field) : g_strdup (*name);

      g_strstrip (label);
      /* Labels hold commas ("Họ, chữ đệm, tên"): "; " keeps them apart. */
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append (text, label);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

int
vneid_tool_percent (double share)
{
  return (int) (share * 100 + 0.5);
}
