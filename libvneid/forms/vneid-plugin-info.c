/* vneid-plugin-info.c: what a plugin's key file says about it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-error.h"
#include "vneid-form-json-private.h"
#include "vneid-plugin-info-private.h"

/**
 * VneidPluginInfo:
 *
 * What the key file of a loaded plugin says about it, as
 * [class@Vneid.PluginRegistry] describes the key file: its name, version,
 * description and forms, the folder it was loaded from and, for a C
 * plugin, its module's name. Plugins that failed to load have none: see
 * [method@Vneid.PluginRegistry.list_errors].
 *
 * Get one with [method@Vneid.PluginRegistry.get_plugin_info]. It is
 * immutable and may be shared between threads.
 *
 * Since: 0.2
 */
struct _VneidPluginInfo
{
  GObject  parent_instance;

  char    *name;
  char    *version;
  char    *description;
  GStrv    forms;
  char    *folder;
  char    *module;    /* NULL for a declarative plugin */
};

G_DEFINE_FINAL_TYPE (VneidPluginInfo, vneid_plugin_info, G_TYPE_OBJECT)

/* The most bytes a .plugin key file may have: it is a few lines. */
#define MAX_KEY_FILE_SIZE (64 * 1024)
/* The longest plugin name and module name accepted. */
#define MAX_NAME_LENGTH 64
/* The longest Version and Description, in characters. */
#define MAX_VERSION_LENGTH 64
#define MAX_DESCRIPTION_LENGTH 1024
#define PLUGIN_GROUP "Plugin"

static void
vneid_plugin_info_finalize (GObject *object)
{
  VneidPluginInfo *self = VNEID_PLUGIN_INFO (object);

  g_free (self->name);
  g_free (self->version);
  g_free (self->description);
  g_strfreev (self->forms);
  g_free (self->folder);
  g_free (self->module);

  G_OBJECT_CLASS (vneid_plugin_info_parent_class)->finalize (object);
}

static void
vneid_plugin_info_class_init (VneidPluginInfoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vneid_plugin_info_finalize;
}

static void
vneid_plugin_info_init (VneidPluginInfo *self)
{
}

/* ---- names ------------------------------------------------------------- */

static gboolean
is_name_char (char c,
              gboolean allow_dot)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-' || (allow_dot && c == '.');
}

/* A module name, `[A-Za-z0-9_-]+`: it becomes part of a file name. */
static gboolean
is_valid_module_name (const char *name)
{
  gsize len = strlen (name);

  if (len == 0 || len > MAX_NAME_LENGTH)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!is_name_char (name[i], FALSE))
      return FALSE;
  return TRUE;
}

/* A plugin name, `[A-Za-z0-9_-][A-Za-z0-9._-]*`: shown in lists and
 * messages, never used as a path, but kept plain all the same. */
static gboolean
is_valid_plugin_name (const char *name)
{
  gsize len = strlen (name);

  if (len == 0 || len > MAX_NAME_LENGTH || name[0] == '.')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!is_name_char (name[i], TRUE))
      return FALSE;
  return TRUE;
}

/* ---- the key file ------------------------------------------------------ */

/* The one `*.plugin` file of @directory. Errors say what is wrong only:
 * the caller prefixes the plugin folder. */
static char *
find_key_file (const char  *directory,
               GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *found = NULL;
  const char *entry;

  dir = g_dir_open (directory, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                   "cannot read the plugin folder: %s", local_error->message);
      return NULL;
    }

  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      if (entry[0] == '.' || !g_str_has_suffix (entry, ".plugin"))
        continue;
      if (found != NULL)
        {
          /* Report the two names in a stable order. */
          gboolean first = strcmp (found, entry) < 0;

          g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                       "more than one .plugin key file (%s, %s)",
                       first ? found : entry, first ? entry : found);
          return NULL;
        }
      found = g_strdup (entry);
    }

  if (found == NULL)
    {
      g_set_error_literal (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                           "no .plugin key file");
      return NULL;
    }
  return g_steal_pointer (&found);
}

/* What is wrong with a key file, in words of our own: GKeyFile's messages
 * quote the offending line or value, which is not ours to print (the file
 * may be anything). */
static const char *
key_file_problem (const GError *error)
{
  if (error == NULL || error->domain != G_KEY_FILE_ERROR)
    return "cannot be read";
  switch (error->code)
    {
    case G_KEY_FILE_ERROR_UNKNOWN_ENCODING:
      return "not UTF-8 text";
    case G_KEY_FILE_ERROR_PARSE:
      return "a line is neither a [group], a key=value pair nor a # comment";
    case G_KEY_FILE_ERROR_INVALID_VALUE:
      return "a value is not UTF-8 text, or has a bad escape";
    case G_KEY_FILE_ERROR_NOT_FOUND:
    case G_KEY_FILE_ERROR_KEY_NOT_FOUND:
    case G_KEY_FILE_ERROR_GROUP_NOT_FOUND:
    default:
      return "not a valid key file";
    }
}

/* @value for a message: escaped (no control or non-ASCII byte reaches a
 * terminal) and cut to 64 bytes. */
static char *
quote_value (const char *value)
{
  g_autofree char *escaped = g_strescape (value, NULL);

  if (strlen (escaped) <= 64)
    return g_steal_pointer (&escaped);
  return g_strdup_printf ("%.64s…", escaped);
}

/* One line of text a person reads: no control, format or separator
 * characters (which could clear a terminal, reorder text or forge a line),
 * at most @max characters. */
static gboolean
is_plain_line (const char *text,
               glong       max)
{
  glong n = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), n++)
    switch (g_unichar_type (g_utf8_get_char (p)))
      {
      case G_UNICODE_CONTROL:
      case G_UNICODE_FORMAT:
      case G_UNICODE_LINE_SEPARATOR:
      case G_UNICODE_PARAGRAPH_SEPARATOR:
      case G_UNICODE_UNASSIGNED:
      case G_UNICODE_PRIVATE_USE:
      case G_UNICODE_SURROGATE:
        return FALSE;
      default:
        break;
      }
  return n <= max;
}

static char *
get_required_string (GKeyFile    *key_file,
                     const char  *file_name,
                     const char  *key,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *value = g_key_file_get_string (key_file, PLUGIN_GROUP, key, &local_error);

  if (value == NULL)
    {
      if (g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
        g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                     "%s: [%s] has no %s key", file_name, PLUGIN_GROUP, key);
      else
        g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                     "%s: [%s] %s: %s", file_name, PLUGIN_GROUP, key,
                     key_file_problem (local_error));
      return NULL;
    }
  g_strstrip (value);
  if (value[0] == '\0')
    {
      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                   "%s: [%s] %s is empty", file_name, PLUGIN_GROUP, key);
      g_free (value);
      return NULL;
    }
  return value;
}

static gboolean
read_forms (GKeyFile         *key_file,
            const char       *file_name,
            VneidPluginInfo  *info,
            GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) forms = NULL;
  gsize n_forms = 0;

  forms = g_key_file_get_string_list (key_file, PLUGIN_GROUP, "Forms", &n_forms, &local_error);
  if (forms == NULL && !g_error_matches (local_error, G_KEY_FILE_ERROR,
                                         G_KEY_FILE_ERROR_INVALID_VALUE))
    {
      if (g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
        g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                     "%s: [%s] has no Forms key", file_name, PLUGIN_GROUP);
      else
        g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                     "%s: [%s] Forms: %s", file_name, PLUGIN_GROUP,
                     key_file_problem (local_error));
      return FALSE;
    }

  if (n_forms == 0)
    {
      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                   "%s: [%s] Forms lists no form", file_name, PLUGIN_GROUP);
      return FALSE;
    }

  for (gsize i = 0; i < n_forms; i++)
    {
      g_strstrip (forms[i]);
      /* A form id becomes part of a file name: only [a-z0-9.-], no "..",
       * no "/", no leading dot (vneid_form_is_valid_id). */
      if (!vneid_form_is_valid_id (forms[i]))
        {
          g_autofree char *shown = quote_value (forms[i]);

          g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                       "%s: [%s] Forms: “%s” is not a form id "
                       "(lower-case letters, digits, dots and dashes, such as vn.bca.ct01)",
                       file_name, PLUGIN_GROUP, shown);
          return FALSE;
        }
      for (gsize j = 0; j < i; j++)
        if (strcmp (forms[i], forms[j]) == 0)
          {
            g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                         "%s: [%s] Forms lists %s twice", file_name, PLUGIN_GROUP, forms[i]);
            return FALSE;
          }
    }

  info->forms = g_steal_pointer (&forms);
  return TRUE;
}

/* Reads and checks the key file @file_name of @directory into @info. */
static gboolean
read_key_file (const char       *directory,
               const char       *file_name,
               VneidPluginInfo  *info,
               GError          **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;

  text = vneid_form_read_plugin_file (directory, file_name, VNEID_FORM_ERROR_INVALID_PLUGIN,
                                      &len, error);
  if (text == NULL)
    return FALSE;
  /* Small files only: a key file is a few lines. */
  if (len > MAX_KEY_FILE_SIZE)
    {
      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                   "%s: larger than %d KiB", file_name, MAX_KEY_FILE_SIZE / 1024);
      return FALSE;
    }
  /* GKeyFile would stop a value at a NUL and load the rest. */
  if (memchr (text, '\0', len) != NULL)
    {
      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                   "%s: holds a NUL byte: not a text file", file_name);
      return FALSE;
    }
  if (!g_key_file_load_from_data (key_file, text, len, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                   "%s: not a key file: %s", file_name, key_file_problem (local_error));
      return FALSE;
    }
  if (!g_key_file_has_group (key_file, PLUGIN_GROUP))
    {
      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                   "%s: no [%s] group", file_name, PLUGIN_GROUP);
      return FALSE;
    }

  if ((info->name = get_required_string (key_file, file_name, "Name", error)) == NULL ||
      (info->version = get_required_string (key_file, file_name, "Version", error)) == NULL ||
      (info->description = get_required_string (key_file, file_name, "Description", error)) == NULL ||
      !read_forms (key_file, file_name, info, error))
    return FALSE;

  if (!is_plain_line (info->version, MAX_VERSION_LENGTH) ||
      !is_plain_line (info->description, MAX_DESCRIPTION_LENGTH))
    {
      gboolean version = !is_plain_line (info->version, MAX_VERSION_LENGTH);

      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                   "%s: [%s] %s must be one line of text of at most %d characters, "
                   "with no control or formatting characters", file_name, PLUGIN_GROUP,
                   version ? "Version" : "Description",
                   version ? MAX_VERSION_LENGTH : MAX_DESCRIPTION_LENGTH);
      return FALSE;
    }

  if (!is_valid_plugin_name (info->name))
    {
      g_autofree char *shown = quote_value (info->name);

      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                   "%s: [%s] Name “%s” is not a plugin name "
                   "(letters, digits, “.”, “_” and “-”, at most %d)",
                   file_name, PLUGIN_GROUP, shown, MAX_NAME_LENGTH);
      return FALSE;
    }

  if (g_key_file_has_key (key_file, PLUGIN_GROUP, "Module", NULL))
    {
      info->module = get_required_string (key_file, file_name, "Module", error);
      if (info->module == NULL)
        return FALSE;
      /* The module name becomes part of a file name: no "/", no "..". */
      if (!is_valid_module_name (info->module))
        {
          g_autofree char *shown = quote_value (info->module);

          g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_PLUGIN,
                       "%s: [%s] Module “%s” is not a module name "
                       "(letters, digits, “_” and “-”, at most %d)",
                       file_name, PLUGIN_GROUP, shown, MAX_NAME_LENGTH);
          return FALSE;
        }
    }

  return TRUE;
}


VneidPluginInfo *
vneid_plugin_info_new_from_folder (const char  *directory,
                                   GError     **error)
{
  g_autoptr(VneidPluginInfo) self = g_object_new (VNEID_TYPE_PLUGIN_INFO, NULL);
  g_autofree char *key_file = find_key_file (directory, error);

  if (key_file == NULL || !read_key_file (directory, key_file, self, error))
    return NULL;
  self->folder = g_strdup (directory);
  return g_steal_pointer (&self);
}

/* ---- getters -------------------------------------------------------------- */

/**
 * vneid_plugin_info_get_name:
 * @self: a #VneidPluginInfo
 *
 * Returns: the plugin's `Name`, unique in its registry
 *
 * Since: 0.2
 */
const char *
vneid_plugin_info_get_name (VneidPluginInfo *self)
{
  g_return_val_if_fail (VNEID_IS_PLUGIN_INFO (self), NULL);

  return self->name;
}

/**
 * vneid_plugin_info_get_version:
 * @self: a #VneidPluginInfo
 *
 * Returns: the plugin's `Version`, as its key file writes it
 *
 * Since: 0.2
 */
const char *
vneid_plugin_info_get_version (VneidPluginInfo *self)
{
  g_return_val_if_fail (VNEID_IS_PLUGIN_INFO (self), NULL);

  return self->version;
}

/**
 * vneid_plugin_info_get_description:
 * @self: a #VneidPluginInfo
 *
 * Returns: the plugin's `Description`, one line of text written by the
 *   plugin's author: clean it before printing it to a terminal
 *
 * Since: 0.2
 */
const char *
vneid_plugin_info_get_description (VneidPluginInfo *self)
{
  g_return_val_if_fail (VNEID_IS_PLUGIN_INFO (self), NULL);

  return self->description;
}

/**
 * vneid_plugin_info_get_forms:
 * @self: a #VneidPluginInfo
 *
 * Returns: (transfer none) (array zero-terminated=1): the ids of the forms
 *   the plugin fills, in the order of its `Forms` key
 *
 * Since: 0.2
 */
const char * const *
vneid_plugin_info_get_forms (VneidPluginInfo *self)
{
  g_return_val_if_fail (VNEID_IS_PLUGIN_INFO (self), NULL);

  return (const char * const *) self->forms;
}

/**
 * vneid_plugin_info_get_folder:
 * @self: a #VneidPluginInfo
 *
 * Returns: (type filename): the folder the plugin was loaded from, as the
 *   registry was given it
 *
 * Since: 0.2
 */
const char *
vneid_plugin_info_get_folder (VneidPluginInfo *self)
{
  g_return_val_if_fail (VNEID_IS_PLUGIN_INFO (self), NULL);

  return self->folder;
}

/**
 * vneid_plugin_info_get_module_name:
 * @self: a #VneidPluginInfo
 *
 * Returns: (nullable): the `Module` of a C plugin (its module file is
 *   `libNAME.so` in the plugin's folder), or %NULL for a declarative one
 *
 * Since: 0.2
 */
const char *
vneid_plugin_info_get_module_name (VneidPluginInfo *self)
{
  g_return_val_if_fail (VNEID_IS_PLUGIN_INFO (self), NULL);

  return self->module;
}
