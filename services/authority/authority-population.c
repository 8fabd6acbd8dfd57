/* authority-population.c: the authority's copy of the National Population
 * Database, read once from a folder of citizens (docs/authority.md)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "authority.h"

/* A record file larger than this is refused (the demo's are ~2 KiB). */
#define MAX_RECORD_FILE (256 * 1024)
/* And a population folder with more citizens than this. */
#define MAX_CITIZENS 1000000

static const char * const credential_files[] = { "pid", "cccd", "contact", "bhyt" };

struct _AuthorityPopulation {
  /* personal ID → GHashTable (credential → JsonObject) */
  GHashTable *citizens;
};

static JsonObject *
read_record (const char  *path,
             GError     **error)
{
  g_autofree char *text = NULL;
  gsize length;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  text = vneid_file_read_bounded (path, MAX_RECORD_FILE, "population record", &length, error);
  if (text == NULL)
    return NULL;
  if (!json_parser_load_from_data (parser, text, length, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: not a JSON object", path);
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static gboolean
load_citizen (AuthorityPopulation  *population,
              const char           *folder,
              GError              **error)
{
  g_autoptr(GHashTable) records = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) json_object_unref);
  g_autofree char *pid_path = g_build_filename (folder, "pid.json", NULL);
  const char *number;
  JsonObject *pid;

  for (gsize i = 0; i < G_N_ELEMENTS (credential_files); i++)
    {
      g_autofree char *name = g_strconcat (credential_files[i], ".json", NULL);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      JsonObject *record;

      if (i > 0 && !g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      record = read_record (path, error);
      if (record == NULL)
        return FALSE;
      g_hash_table_insert (records, (gpointer) credential_files[i], record);
    }

  pid = g_hash_table_lookup (records, "pid");
  number = json_object_get_string_member_with_default (pid, "personal_administrative_number", NULL);
  if (number == NULL || strlen (number) != 12 || strspn (number, "0123456789") != 12)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "%s: personal_administrative_number is not 12 digits", pid_path);
      return FALSE;
    }
  if (g_hash_table_contains (population->citizens, number))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "%s: personal ID %s appears twice in the population", pid_path, number);
      return FALSE;
    }
  g_hash_table_insert (population->citizens, g_strdup (number), g_steal_pointer (&records));
  return TRUE;
}

AuthorityPopulation *
authority_population_load (const char  *folder,
                           GError     **error)
{
  AuthorityPopulation *population = g_new0 (AuthorityPopulation, 1);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, error);
  const char *name;

  population->citizens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) g_hash_table_unref);
  if (dir == NULL)
    goto fail;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *pid_path = g_build_filename (path, "pid.json", NULL);

      if (!g_file_test (pid_path, G_FILE_TEST_IS_REGULAR))
        continue;
      if (g_hash_table_size (population->citizens) >= MAX_CITIZENS)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: more than %d citizens", folder, MAX_CITIZENS);
          goto fail;
        }
      if (!load_citizen (population, path, error))
        goto fail;
    }
  if (g_hash_table_size (population->citizens) == 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "%s: no citizen folder (NAME/pid.json) found", folder);
      goto fail;
    }
  return population;

fail:
  authority_population_free (population);
  return NULL;
}

void
authority_population_free (AuthorityPopulation *population)
{
  if (population == NULL)
    return;
  g_hash_table_unref (population->citizens);
  g_free (population);
}

guint
authority_population_get_size (AuthorityPopulation *population)
{
  return g_hash_table_size (population->citizens);
}

JsonObject *
authority_population_get_claims (AuthorityPopulation *population,
                                 const char          *personal_id,
                                 const char          *credential)
{
  GHashTable *records = g_hash_table_lookup (population->citizens, personal_id);

  return records != NULL ? g_hash_table_lookup (records, credential) : NULL;
}
