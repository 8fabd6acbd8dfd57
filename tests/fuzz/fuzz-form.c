/* fuzz-form.c: form schemas and declarative mappings
 *
 * Each input is read as a form schema; when it parses, its fields are
 * walked. Then it is read as a declarative mapping against a fixed valid
 * schema (the bundled CT01 residence form), and, when the input parsed as
 * a schema, against itself too.
 *
 * FUZZ_PLUGINS (a -D from run-fuzzers.sh) is plugins/ of the source tree.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "fuzz-common.h"

#ifndef FUZZ_PLUGINS
#error "FUZZ_PLUGINS must name plugins/ of the source tree"
#endif

static VneidFormSchema *ct01;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autofree char *path = g_build_filename (FUZZ_PLUGINS, "ct01", "vn.bca.ct01.schema.json", NULL);
  g_autoptr(GError) error = NULL;

  fuzz_init_glib ();
  ct01 = vneid_form_schema_new_from_file (path, &error);
  if (ct01 == NULL)
    fuzz_die ("loading the CT01 schema", error->message);
  return 0;
}

static void
walk_fields (GPtrArray *fields,
             guint      depth)
{
  if (depth > 64)
    fuzz_die ("a schema's fields", "nest deeper than any JSON the library accepts");
  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      VneidFormField *field = g_ptr_array_index (fields, i);
      g_auto(GStrv) codes = vneid_form_field_get_enum_codes (field);

      if (vneid_form_field_get_name (field) == NULL)
        fuzz_die ("a schema's field", "has no name");
      for (guint j = 0; codes != NULL && codes[j] != NULL; j++)
        (void) vneid_form_field_get_enum_label (field, codes[j]);
      walk_fields (vneid_form_field_get_fields (field), depth + 1);
    }
}

static void
map (VneidFormSchema *schema,
     const char      *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidDeclarativeMapper) mapper =
    vneid_declarative_mapper_new_from_json (schema, text, "fuzz.mapping.json", &error);

  fuzz_check_result ("vneid_declarative_mapper_new_from_json", mapper, error);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_text (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(VneidFormSchema) schema =
    vneid_form_schema_new_from_json (text, "fuzz.schema.json", &error);

  fuzz_check_result ("vneid_form_schema_new_from_json", schema, error);
  if (schema != NULL)
    {
      if (vneid_form_schema_get_id (schema) == NULL)
        fuzz_die ("a schema", "has no id");
      walk_fields (vneid_form_schema_get_fields (schema), 0);
      map (schema, text);
    }
  map (ct01, text);
  return 0;
}
