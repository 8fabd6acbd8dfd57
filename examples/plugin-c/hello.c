/* hello.c: the smallest C form plugin
 *
 * A mapper for the form org.example.hello: the citizen's name, and a
 * greeting that no declarative mapping could write (it picks the given
 * name and an honorific from the sex). Build it as a module named
 * libhello.so, put it beside hello.plugin, and the registry does the rest.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gmodule.h>
#include <vneid.h>

/* The schema could live in a file beside the module; a small one is as
 * well kept here, where it cannot get lost. (plugins/bhyt-checkin shows
 * the GResource way, for larger schemas.) */
static const char schema_json[] =
  "{ \"id\": \"org.example.hello\", \"version\": \"1\", \"title\": \"Lời chào\","
  "  \"authority\": \"libvneid examples\","
  "  \"fields\": ["
  "    { \"name\": \"full_name\", \"label\": \"Họ và tên\", \"type\": \"string\", \"required\": true },"
  "    { \"name\": \"greeting\", \"label\": \"Lời chào\", \"type\": \"string\" } ] }";

/* The mapper: no state at all, so one instance serves every thread. */
#define HELLO_TYPE_MAPPER (hello_mapper_get_type ())
G_DECLARE_FINAL_TYPE (HelloMapper, hello_mapper, HELLO, MAPPER, GObject)

struct _HelloMapper
{
  GObject parent_instance;
};

static VneidFormSchema *schema;   /* loaded once, by vneid_plugin_register() */

static void hello_mapper_iface_init (VneidFormMapperInterface *iface);

/* A dynamic type: registered with the plugin's GTypeModule. */
G_DEFINE_DYNAMIC_TYPE_EXTENDED (HelloMapper, hello_mapper, G_TYPE_OBJECT, G_TYPE_FLAG_FINAL,
                                G_IMPLEMENT_INTERFACE_DYNAMIC (VNEID_TYPE_FORM_MAPPER,
                                                               hello_mapper_iface_init))

static void hello_mapper_class_init (HelloMapperClass *klass) { }
static void hello_mapper_class_finalize (HelloMapperClass *klass) { }
static void hello_mapper_init (HelloMapper *self) { }

static VneidFormSchema *
hello_mapper_get_schema (VneidFormMapper *mapper)
{
  return schema;
}

static gboolean
hello_mapper_fill (VneidFormMapper *mapper,
                   VneidProfile    *profile,
                   VneidFilledForm *form,
                   GError         **error)
{
  VneidAttribute *name = vneid_profile_lookup (profile, "name");
  VneidAttribute *given = vneid_profile_lookup (profile, "given_name");
  VneidAttribute *sex = vneid_profile_lookup (profile, "sex");
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  g_autofree char *greeting = NULL;
  const char *honorific;

  /* Absent data leaves a field missing: the citizen types it. */
  if (name != NULL)
    {
      g_autoptr(GPtrArray) name_sources = g_ptr_array_new ();

      g_ptr_array_add (name_sources, name);
      if (!vneid_filled_form_fill (form, "full_name", vneid_attribute_get_string (name),
                                   name_sources, error))
        return FALSE;
    }
  if (given == NULL || sex == NULL)
    return TRUE;

  /* The sources make the greeting verified when they all are. */
  g_ptr_array_add (sources, given);
  g_ptr_array_add (sources, sex);
  honorific = vneid_profile_get_sex (profile) == VNEID_SEX_FEMALE ? "chị" : "anh";
  greeting = g_strdup_printf ("Xin chào %s %s!", honorific, vneid_attribute_get_string (given));
  return vneid_filled_form_fill (form, "greeting", greeting, sources, error);
}

static void
hello_mapper_iface_init (VneidFormMapperInterface *iface)
{
  iface->get_schema = hello_mapper_get_schema;
  iface->fill = hello_mapper_fill;
}

/* The entry point, the module's only exported symbol. */
G_MODULE_EXPORT gboolean vneid_plugin_register (VneidPluginRegistry *registry,
                                                GTypeModule         *module,
                                                GError             **error);

G_MODULE_EXPORT gboolean
vneid_plugin_register (VneidPluginRegistry *registry,
                       GTypeModule         *module,
                       GError             **error)
{
  g_autoptr(GObject) mapper = NULL;

  /* Another registry in the same process calls this again: load once. */
  if (schema == NULL)
    schema = vneid_form_schema_new_from_json (schema_json, "hello.c", error);
  if (schema == NULL)
    return FALSE;

  hello_mapper_register_type (module);
  mapper = g_object_new (HELLO_TYPE_MAPPER, NULL);
  return vneid_plugin_registry_register_mapper (registry, VNEID_FORM_MAPPER (mapper), error);
}
