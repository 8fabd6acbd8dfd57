/* bhyt-checkin.c: the BHYT check-in form, filled by a C plugin
 *
 * A clinic's reception desk checks a patient's health insurance (BHYT) card
 * on every visit: is the card valid today, what share does the fund pay,
 * has the patient five years of continuous coverage, and is this clinic the
 * one the card names for primary care? A declarative mapping can copy the
 * card's fields, but not answer those questions: they need the visit date
 * and a little logic. That is what a C plugin is for.
 *
 * This file is meant as a template for plugin authors. What a plugin does:
 *
 *   1. exports vneid_plugin_register() (the one exported symbol);
 *   2. there, loads its form schema, registers its mapper type with the
 *      GTypeModule it is given, and registers one mapper instance with
 *      vneid_plugin_registry_register_mapper();
 *   3. implements VneidFormMapper: get_schema() and fill().
 *
 * The clinic's own settings, the visit date and its facility code, are
 * construct-only properties of the mapper, not environment variables or
 * key-file entries: a registry is shared by every thread of a portal and
 * never changes after loading, so per-clinic or per-visit state must not
 * live in the registry's instance. The registry's instance uses today (in
 * Vietnam) and knows no clinic; a clinic makes its own instance of the
 * same type with its settings (see README.md). Construct-only keeps every
 * instance immutable, hence safe to share between threads.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <gmodule.h>
#include <vneid.h>

#include "bhyt-checkin-resources.h"

#define FORM_ID "vn.bhxh.bhyt-checkin"
#define SCHEMA_RESOURCE "/org/vneid/plugins/bhyt-checkin/" FORM_ID ".schema.json"

/* A BHYT facility code (mã cơ sở KCB): province (2 digits) + 3 digits. */
#define FACILITY_CODE_LENGTH 5

/* ---- the schema ------------------------------------------------------- */

/* Loaded once, when the first registry loads the plugin, and kept for the
 * life of the process like the module itself. Instances made later (a
 * clinic's own mapper) share it. */
static VneidFormSchema *form_schema;

static gboolean
load_schema (GError **error)
{
  static gsize loaded = 0;
  static GError *load_error = NULL;

  if (g_once_init_enter (&loaded))
    {
      /* The schema is built into the module (bhyt-checkin.gresource.xml),
       * so it cannot go missing or disagree with this code. A copy
       * installed beside the module is for people and tools to read. */
      GBytes *bytes = g_resource_lookup_data (bhyt_checkin_get_resource (), SCHEMA_RESOURCE,
                                              G_RESOURCE_LOOKUP_FLAGS_NONE, &load_error);

      if (bytes != NULL)
        {
          form_schema = vneid_form_schema_new_from_json (g_bytes_get_data (bytes, NULL),
                                                         FORM_ID ".schema.json (built in)",
                                                         &load_error);
          g_bytes_unref (bytes);
        }
      g_once_init_leave (&loaded, 1);
    }

  if (form_schema == NULL)
    {
      g_propagate_error (error, g_error_copy (load_error));
      return FALSE;
    }
  return TRUE;
}

/* ---- the mapper type -------------------------------------------------- */

#define BHYT_TYPE_CHECKIN_MAPPER (bhyt_checkin_mapper_get_type ())
G_DECLARE_FINAL_TYPE (BhytCheckinMapper, bhyt_checkin_mapper, BHYT, CHECKIN_MAPPER, GObject)

struct _BhytCheckinMapper
{
  GObject parent_instance;

  VneidDate *visit_date;      /* NULL: today in Vietnam, at each fill */
  char      *facility_code;   /* NULL: the clinic is not known */
};

enum {
  PROP_0,
  PROP_VISIT_DATE,
  PROP_FACILITY_CODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void bhyt_checkin_mapper_iface_init (VneidFormMapperInterface *iface);

/* A dynamic type: it belongs to the module that defines it, which is what
 * GTypeModule is for. (libvneid keeps plugin modules resident, so a static
 * type would work too, but this is the right habit.) */
G_DEFINE_DYNAMIC_TYPE_EXTENDED (BhytCheckinMapper, bhyt_checkin_mapper, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (VNEID_TYPE_FORM_MAPPER,
                                                               bhyt_checkin_mapper_iface_init))

static void
bhyt_checkin_mapper_finalize (GObject *object)
{
  BhytCheckinMapper *self = BHYT_CHECKIN_MAPPER (object);

  g_clear_pointer (&self->visit_date, vneid_date_free);
  g_free (self->facility_code);

  G_OBJECT_CLASS (bhyt_checkin_mapper_parent_class)->finalize (object);
}

static void
bhyt_checkin_mapper_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BhytCheckinMapper *self = BHYT_CHECKIN_MAPPER (object);

  switch (prop_id)
    {
    case PROP_VISIT_DATE:
      g_value_set_boxed (value, self->visit_date);
      break;
    case PROP_FACILITY_CODE:
      g_value_set_string (value, self->facility_code);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bhyt_checkin_mapper_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BhytCheckinMapper *self = BHYT_CHECKIN_MAPPER (object);

  switch (prop_id)
    {
    case PROP_VISIT_DATE:
      self->visit_date = g_value_dup_boxed (value);
      break;
    case PROP_FACILITY_CODE:
      self->facility_code = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bhyt_checkin_mapper_class_init (BhytCheckinMapperClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bhyt_checkin_mapper_finalize;
  object_class->get_property = bhyt_checkin_mapper_get_property;
  object_class->set_property = bhyt_checkin_mapper_set_property;

  /* The day of the visit; unset means today in Asia/Ho_Chi_Minh, taken
   * when the form is filled. A clinic sets it to fill a form for another
   * day (a visit recorded after the fact); tests set it to stay
   * reproducible. */
  properties[PROP_VISIT_DATE] =
    g_param_spec_boxed (VNEID_FORM_MAPPER_PROP_VISIT_DATE, NULL, NULL, VNEID_TYPE_DATE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* The 5-digit BHYT code of the clinic filling the form. Unset, the
   * mapper cannot tell whether this is the card's registered facility and
   * leaves at_registered_facility for the desk to tick. */
  properties[PROP_FACILITY_CODE] =
    g_param_spec_string (VNEID_FORM_MAPPER_PROP_FACILITY_CODE, NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* Needed by G_DEFINE_DYNAMIC_TYPE; nothing to undo. */
static void
bhyt_checkin_mapper_class_finalize (BhytCheckinMapperClass *klass)
{
}

static void
bhyt_checkin_mapper_init (BhytCheckinMapper *self)
{
}

/* ---- filling: small helpers -------------------------------------------- */

static VneidDate *
today_in_vietnam (void)
{
  /* Reception works on Vietnamese days, whatever the server's zone. */
  GTimeZone *zone = g_time_zone_new_identifier ("Asia/Ho_Chi_Minh");
  GDateTime *now;
  VneidDate *today;

  if (zone == NULL)  /* no tzdata: Vietnam has no daylight saving time */
    zone = g_time_zone_new_offset (7 * 3600);
  now = g_date_time_new_now (zone);
  today = vneid_date_new (g_date_time_get_year (now), g_date_time_get_month (now),
                          g_date_time_get_day_of_month (now), NULL);
  g_date_time_unref (now);
  g_time_zone_unref (zone);
  return today;
}

/* The sources argument of vneid_filled_form_fill(): the attributes the
 * value was derived from, so that the form shows where it came from (and
 * marks it verified when they all are). NULL entries are left out. */
static GPtrArray *
sources_of (VneidAttribute *first,
            ...)
{
  GPtrArray *sources = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (VneidAttribute *attribute = first; ; attribute = va_arg (args, VneidAttribute *))
    {
      if (attribute == NULL)
        break;
      g_ptr_array_add (sources, attribute);
    }
  va_end (args);
  return sources;
}

static gboolean
fill (VneidFilledForm *form,
      const char      *name,
      const char      *value,
      GPtrArray       *sources,
      GError         **error)
{
  gboolean ok = vneid_filled_form_fill (form, name, value, sources, error);

  g_clear_pointer (&sources, g_ptr_array_unref);
  return ok;
}

/* The citizen chose not to disclose @path: the field says so, in the words
 * of the declarative mappers. */
static gboolean
set_not_disclosed (VneidFilledForm *form,
                   const char      *name,
                   const char      *path,
                   GError         **error)
{
  g_autofree char *reason = g_strconcat ("not disclosed: ", path, NULL);

  return vneid_filled_form_set_missing (form, name, reason, error);
}

/* Copies a profile attribute as it is; an absent one stays missing. */
static gboolean
fill_text (VneidFilledForm *form,
           VneidProfile    *profile,
           const char      *name,
           const char      *path,
           GError         **error)
{
  VneidAttribute *attribute = vneid_profile_lookup (profile, path);
  g_autofree char *value = NULL;

  if (attribute == NULL)
    return set_not_disclosed (form, name, path, error);
  value = vneid_attribute_to_string (attribute);
  return fill (form, name, value, sources_of (attribute, NULL), error);
}

/* A date field prints in its schema's format (dd/MM/yyyy here). */
static char *
format_for_field (VneidFilledForm *form,
                  const char      *name,
                  const VneidDate *date)
{
  VneidFormField *field = vneid_form_schema_lookup_field (vneid_filled_form_get_schema (form), name);

  return vneid_date_format (date, vneid_form_field_get_date_format (field));
}

static gboolean
fill_date (VneidFilledForm *form,
           VneidProfile    *profile,
           const char      *name,
           const char      *path,
           GError         **error)
{
  VneidAttribute *attribute = vneid_profile_lookup (profile, path);
  g_autoptr(VneidDate) date = NULL;
  g_autofree char *value = NULL;
  const char *iso;

  if (attribute == NULL)
    return set_not_disclosed (form, name, path, error);
  iso = vneid_attribute_get_string (attribute);
  /* The profile checked its dates; one that does not parse is left for
   * the desk rather than guessed. */
  if (iso == NULL || (date = vneid_date_parse (iso, NULL)) == NULL)
    return vneid_filled_form_set_missing (form, name, "the date on the card does not parse", error);
  value = format_for_field (form, name, date);
  return fill (form, name, value, sources_of (attribute, NULL), error);
}

/* ---- filling: the questions the desk asks ------------------------------- */

/* Is the card valid on the visit day? Needs valid_from or valid_until. */
static gboolean
fill_card_validity (VneidFilledForm *form,
                    VneidProfile    *profile,
                    const VneidDate *visit,
                    GError         **error)
{
  static const char *const codes[] = {
    [VNEID_BHYT_VALIDITY_VALID] = "valid",
    [VNEID_BHYT_VALIDITY_EXPIRED] = "expired",
    [VNEID_BHYT_VALIDITY_NOT_YET_VALID] = "not-yet-valid",
  };
  VneidBhytValidity validity = vneid_profile_get_bhyt_validity (profile, visit);

  if (validity == VNEID_BHYT_VALIDITY_NO_CARD)
    return vneid_filled_form_set_missing (form, "card_validity",
                                          "the card's validity dates were not disclosed", error);

  return fill (form, "card_validity", codes[validity],
               sources_of (vneid_profile_lookup (profile, "valid_from"),
                           vneid_profile_lookup (profile, "valid_until"), NULL),
               error);
}

/* The benefit level is the card number's third character; the disclosed
 * benefit_level claim says the same (the profile checks they agree). */
static gboolean
fill_benefit (VneidFilledForm *form,
              VneidProfile    *profile,
              GError         **error)
{
  VneidBhytNumber *number = vneid_profile_get_bhyt_number (profile);
  VneidAttribute *source = vneid_profile_lookup (profile, "benefit_level");
  g_autofree char *level_text = NULL;
  g_autofree char *percentage_text = NULL;
  int level, percentage;

  if (source == NULL)
    source = vneid_profile_lookup (profile, "bhyt_number");
  if (number == NULL || source == NULL)
    return set_not_disclosed (form, "benefit_level", "bhyt_number", error) &&
           set_not_disclosed (form, "benefit_percentage", "bhyt_number", error);

  level = vneid_bhyt_number_get_benefit_level (number);
  percentage = vneid_bhyt_benefit_percentage (level);
  level_text = g_strdup_printf ("%d", level);
  if (!fill (form, "benefit_level", level_text, sources_of (source, NULL), error))
    return FALSE;

  /* The share the fund pays on the correct route (đúng tuyến); other
   * routes and the co-payment cap are the clinic's billing rules. */
  if (percentage < 0)
    return TRUE;
  percentage_text = g_strdup_printf ("%d", percentage);
  return fill (form, "benefit_percentage", percentage_text, sources_of (source, NULL), error);
}

/* Five years of continuous coverage by the visit day: from then on the
 * patient may be exempt from co-payment, so the desk wants to know. */
static gboolean
fill_five_years (VneidFilledForm *form,
                 VneidProfile    *profile,
                 const VneidDate *visit,
                 GError         **error)
{
  VneidAttribute *attribute = vneid_profile_lookup (profile, "five_year_continuous_from");
  g_autoptr(VneidDate) since = NULL;
  const char *iso;

  if (!fill_date (form, profile, "five_year_continuous_from", "five_year_continuous_from", error))
    return FALSE;
  if (attribute == NULL)
    return set_not_disclosed (form, "five_year_continuous", "five_year_continuous_from", error);
  if ((iso = vneid_attribute_get_string (attribute)) == NULL ||
      (since = vneid_date_parse (iso, NULL)) == NULL)
    return TRUE;

  return fill (form, "five_year_continuous",
               vneid_date_compare (since, visit) <= 0 ? "true" : "false",
               sources_of (attribute, NULL), error);
}

static gboolean
is_facility_code (const char *code)
{
  if (code == NULL || strlen (code) != FACILITY_CODE_LENGTH)
    return FALSE;
  for (gsize i = 0; i < FACILITY_CODE_LENGTH; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;
  return TRUE;
}

/* Is this clinic the card's registered facility? Only the clinic knows who
 * it is: without the facility-code property the desk answers. */
static gboolean
fill_at_registered_facility (BhytCheckinMapper *self,
                             VneidFilledForm   *form,
                             VneidProfile      *profile,
                             GError           **error)
{
  VneidAttribute *attribute = vneid_profile_lookup (profile, "registered_facility.code");
  const char *registered;

  if (attribute == NULL)
    return set_not_disclosed (form, "at_registered_facility", "registered_facility.code", error);
  if ((registered = vneid_attribute_get_string (attribute)) == NULL)
    return TRUE;
  if (self->facility_code == NULL)
    return vneid_filled_form_set_missing (form, "at_registered_facility",
                                          "the clinic's facility code is not set "
                                          "(the mapper's facility-code property)", error);
  if (!is_facility_code (self->facility_code))
    return vneid_filled_form_set_missing (form, "at_registered_facility",
                                          "the clinic's facility code is not a 5-digit BHYT "
                                          "facility code", error);

  return fill (form, "at_registered_facility",
               strcmp (registered, self->facility_code) == 0 ? "true" : "false",
               sources_of (attribute, NULL), error);
}

/* ---- VneidFormMapper ------------------------------------------------------ */

static VneidFormSchema *
bhyt_checkin_mapper_get_schema (VneidFormMapper *mapper)
{
  return form_schema;
}

static gboolean
bhyt_checkin_mapper_fill (VneidFormMapper *mapper,
                          VneidProfile    *profile,
                          VneidFilledForm *form,
                          GError         **error)
{
  BhytCheckinMapper *self = BHYT_CHECKIN_MAPPER (mapper);
  g_autoptr(VneidDate) today = NULL;
  g_autofree char *visit_text = NULL;
  const VneidDate *visit = self->visit_date;

  if (visit == NULL)
    visit = today = today_in_vietnam ();
  if (visit == NULL || !vneid_date_is_complete (visit))
    {
      g_set_error_literal (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_FAILED,
                           "bhyt-checkin: the visit date must be a whole date (year, month and day)");
      return FALSE;
    }

  /* The visit date is the clinic's, not the citizen's: no source. */
  visit_text = format_for_field (form, "visit_date", visit);

  return fill_text (form, profile, "bhyt_number", "bhyt_number", error) &&
         fill_text (form, profile, "full_name", "name", error) &&
         fill_date (form, profile, "birth_date", "birthdate", error) &&
         fill_text (form, profile, "sex", "sex", error) &&
         fill_text (form, profile, "registered_facility_code", "registered_facility.code", error) &&
         fill_text (form, profile, "registered_facility_name", "registered_facility.name", error) &&
         fill_date (form, profile, "card_valid_from", "valid_from", error) &&
         fill_date (form, profile, "card_valid_until", "valid_until", error) &&
         fill (form, "visit_date", visit_text, NULL, error) &&
         fill_card_validity (form, profile, visit, error) &&
         fill_benefit (form, profile, error) &&
         fill_five_years (form, profile, visit, error) &&
         fill_at_registered_facility (self, form, profile, error);
}

/* Every path bhyt_checkin_mapper_fill() looks up. */
static char **
bhyt_checkin_mapper_list_profile_paths (VneidFormMapper *mapper)
{
  static const char *const paths[] = {
    "bhyt_number", "name", "birthdate", "sex", "registered_facility.code",
    "registered_facility.name", "valid_from", "valid_until", "benefit_level",
    "five_year_continuous_from", NULL,
  };

  return g_strdupv ((char **) paths);
}

static void
bhyt_checkin_mapper_iface_init (VneidFormMapperInterface *iface)
{
  iface->get_schema = bhyt_checkin_mapper_get_schema;
  iface->fill = bhyt_checkin_mapper_fill;
  iface->list_profile_paths = bhyt_checkin_mapper_list_profile_paths;
}

/* ---- the entry point ------------------------------------------------------- */

/* The one symbol the module exports (the build hides all others). A
 * registry calls it once; another registry in the same process calls it
 * again with the same module, which is harmless: types are registered with
 * the module once, the schema is loaded once. */
G_MODULE_EXPORT gboolean vneid_plugin_register (VneidPluginRegistry *registry,
                                                GTypeModule         *module,
                                                GError             **error);

G_MODULE_EXPORT gboolean
vneid_plugin_register (VneidPluginRegistry *registry,
                       GTypeModule         *module,
                       GError             **error)
{
  g_autoptr(GObject) mapper = NULL;

  if (!load_schema (error))
    return FALSE;

  bhyt_checkin_mapper_register_type (module);

  /* The registry's instance: today's date, no clinic. */
  mapper = g_object_new (BHYT_TYPE_CHECKIN_MAPPER, NULL);
  return vneid_plugin_registry_register_mapper (registry, VNEID_FORM_MAPPER (mapper), error);
}
