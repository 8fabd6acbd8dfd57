/* vneid-tool.h: what the subcommands of the `vneid` command share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <vneid.h>

G_BEGIN_DECLS

/* Scripts depend on these three values. */
enum {
  VNEID_EXIT_OK = 0,
  VNEID_EXIT_FAILED = 1,
  VNEID_EXIT_USAGE = 2,
};

#define VNEID_TOOL_ERROR (vneid_tool_error_quark ())

typedef enum {
  VNEID_TOOL_ERROR_USAGE,       /* bad command line: exit status 2 */
  VNEID_TOOL_ERROR_HELP_SHOWN,  /* --help was printed: exit status 0 */
  VNEID_TOOL_ERROR_FAILED,      /* invalid input or a rejection: exit status 1 */
} VneidToolError;

GQuark vneid_tool_error_quark (void);

/* Times outside 0 .. 9999-12-31 are refused so that adding a leeway can never
 * overflow in the library. */
#define VNEID_TOOL_TIME_UNSET ((gint64) -1)
#define VNEID_TOOL_TIME_MAX   G_GINT64_CONSTANT (253402300799)

/* The largest input read whole (presentations, credentials, status list
 * tokens, claims): far above every limit of the library, which answers
 * with its own, more precise message; this only keeps a wrong file from
 * being read whole. */
#define VNEID_TOOL_MAX_INPUT_SIZE (16 * 1024 * 1024)

/* Options holding text: GLib converts G_OPTION_ARG_STRING from the locale's
 * character set, which in the C locale refuses every non-ASCII argument;
 * FILENAME arguments come through as bytes, and vneid_tool_parse_options()
 * checks that every argument is UTF-8, which JSON and JWTs require anyway. */
#define VNEID_TOOL_ARG_TEXT       G_OPTION_ARG_FILENAME
#define VNEID_TOOL_ARG_TEXT_ARRAY G_OPTION_ARG_FILENAME_ARRAY

typedef struct _VneidCommand VneidCommand;

struct _VneidCommand {
  const char *name;
  const char *parameter_string;
  const char *summary;       /* one line; `vneid help` lists it too */
  const char *description;   /* details and an example, shown after the options */
  /* args: the NULL-terminated arguments from the command's name on,
   * owned by the caller; option parsing removes options from it in place. */
  gboolean  (*run) (const VneidCommand *command,
                    char              **args,
                    GError            **error);
};

extern const VneidCommand vneid_command_keygen;
extern const VneidCommand vneid_command_pubkey;
extern const VneidCommand vneid_command_issuer_metadata;
extern const VneidCommand vneid_command_issue;
extern const VneidCommand vneid_command_present;
extern const VneidCommand vneid_command_verify;
extern const VneidCommand vneid_command_status_list;
extern const VneidCommand vneid_command_id;
extern const VneidCommand vneid_command_profile;
extern const VneidCommand vneid_command_forms;
extern const VneidCommand vneid_command_claims;
extern const VneidCommand vneid_command_fill;
extern const VneidCommand vneid_command_demo;
extern const VneidCommand vneid_command_attest;
extern const VneidCommand vneid_command_request;
extern const VneidCommand vneid_command_wallet;
extern const VneidCommand vneid_command_verify_response;
extern const VneidCommand vneid_command_receive;

/* A string holding private key material: wiped before it is freed. */
typedef char *VneidToolSecret;
void vneid_tool_secret_free (char *secret);
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (VneidToolSecret, vneid_tool_secret_free, NULL)

gboolean  vneid_tool_parse_options    (const VneidCommand *command,
                                       const GOptionEntry *entries,
                                       char             ***args,
                                       GError            **error);
/* Like vneid_tool_parse_options(), with @shared_entries (nullable) listed
 * before @entries. */
gboolean  vneid_tool_parse_options_with (const VneidCommand *command,
                                         const GOptionEntry *shared_entries,
                                         const GOptionEntry *entries,
                                         char             ***args,
                                         GError            **error);
gboolean  vneid_tool_check_arguments  (char              **args,
                                       int                 min,
                                       int                 max,
                                       GError            **error);
gboolean  vneid_tool_require_option   (const char         *option,
                                       gconstpointer       value,
                                       GError            **error);
gboolean  vneid_tool_require_together (const char         *option,
                                       gconstpointer       value,
                                       const char         *other_option,
                                       gconstpointer       other_value,
                                       GError            **error);
gboolean  vneid_tool_parse_time       (const char         *option,
                                       const char         *text,
                                       gint64             *out,
                                       GError            **error);
gboolean  vneid_tool_parse_uint       (const char         *option,
                                       const char         *text,
                                       guint64             min,
                                       guint64             max,
                                       guint64            *out,
                                       GError            **error);
gboolean  vneid_tool_split_assignment (const char         *option,
                                       const char         *text,
                                       char              **name,
                                       char              **value,
                                       GError            **error);

/* Input paths: "-" is standard input. */
gboolean    vneid_tool_is_standard_input (const char      *path);
/* @path as messages name it: "standard input" for "-". */
const char *vneid_tool_input_name        (const char      *path);
char     *vneid_tool_read_text        (const char         *path,
                                       GError            **error);
GInputStream *vneid_tool_open_input   (const char         *path,
                                       GError            **error);

void      vneid_tool_print_line       (const char         *text);
void      vneid_tool_print_json       (JsonNode           *node);
char     *vneid_tool_json_to_line     (JsonNode           *node);
gint64    vneid_tool_now              (void);
/* "male", "female" or "unknown" */

/* The options of the commands that verify presentations (`verify`,
 * `profile`): --trust, --allow, --status-list, --skip-status, --nonce,
 * --audience, --at. Zero-initialize, then let
 * vneid_tool_parse_verifier_options() fill it in. */
typedef struct {
  char      **trust_paths;
  char      **status_list_paths;
  char      **allowed;
  char       *nonce;
  char       *audience;
  char       *at_text;
  gboolean    skip_status;
  /* set by vneid_tool_parse_verifier_options() */
  gint64      at;             /* or VNEID_TOOL_TIME_UNSET */
  GPtrArray  *allowed_pairs;  /* of GStrv { vct, issuer } */
} VneidToolVerifierOptions;

void      vneid_tool_verifier_options_clear (VneidToolVerifierOptions *options);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VneidToolVerifierOptions, vneid_tool_verifier_options_clear)

/* Parses the verifier options, then @entries (the command's own), and
 * checks the verifier options: --trust is required, --nonce and --audience
 * go together, --at is a Unix time, --allow is VCT=ISSUER. */
gboolean       vneid_tool_parse_verifier_options (const VneidCommand        *command,
                                                  VneidToolVerifierOptions  *options,
                                                  const GOptionEntry        *entries,
                                                  char                    ***args,
                                                  GError                   **error);
/* A verifier trusting the --trust issuers (each for any vct without
 * --allow, else only the --allow pairs), with the --at clock, the status
 * lists, and key binding required when --nonce and --audience are given. */
VneidVerifier *vneid_tool_make_verifier          (VneidToolVerifierOptions  *options,
                                                  GError                   **error);

/* Verifies @paths (files, or "-" once for standard input) with a verifier
 * made from @options and merges them into one profile, as `vneid profile`
 * does; a rejected presentation is named by its file in the error. */
VneidProfile  *vneid_tool_load_profile           (VneidToolVerifierOptions  *options,
                                                  char                     **paths,
                                                  GError                   **error);
/* @text (the value of @option: YYYY-MM-DD, a whole day), else the day of
 * @at (or of now, when VNEID_TOOL_TIME_UNSET) in Vietnam. */
VneidDate     *vneid_tool_parse_day              (const char                *option,
                                                  const char                *text,
                                                  gint64                     at,
                                                  GError                   **error);

/* ---- text cells and tables (vneid-tool-table.c) ---- */

/* Terminal columns @text takes (wide characters two, combining marks none). */
guint     vneid_tool_display_width    (const char         *text);
/* @text (UTF-8) made printable (no control or bidi characters, line breaks
 * become spaces) and cut with "…" to at most @max_width columns. */
char     *vneid_tool_make_cell        (const char         *text,
                                       guint               max_width);
/* @text made printable as vneid_tool_make_cell() does, whole, invalid
 * UTF-8 replaced too: for every text from a plugin, a claim or a message
 * quoting them, wherever it is printed. */
char     *vneid_tool_printable        (const char         *text);

/* A table printed with aligned columns: a heading row, then the rows added,
 * each cell made with vneid_tool_make_cell() and that column's max width. */
typedef struct _VneidToolTable VneidToolTable;

VneidToolTable *vneid_tool_table_new     (const char * const *headings,
                                          const guint        *max_widths,
                                          guint               n_columns);
void            vneid_tool_table_free    (VneidToolTable     *table);
/* @cells: n_columns texts, NULL for an empty cell */
void            vneid_tool_table_add_row (VneidToolTable     *table,
                                          const char * const *cells);
void            vneid_tool_table_print   (VneidToolTable     *table,
                                          const char         *indent);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VneidToolTable, vneid_tool_table_free)

/* ---- forms (vneid-tool-forms.c, vneid-fill-html.c) ---- */

/* A registry holding the plugins of @folder, or with @folder NULL of
 * VNEID_PLUGIN_PATH and the installed plugin folder; each broken plugin is
 * reported on standard error as "vneid: warning: …". Fails when no plugin
 * loaded at all. */
VneidPluginRegistry *vneid_tool_load_plugins     (const char            *folder,
                                                  GError               **error);
/* vneid_tool_load_plugins(), refusing plugins with code (Module=) when
 * @declarative_only: --declarative-only. */
VneidPluginRegistry *vneid_tool_load_plugins_full (const char           *folder,
                                                   gboolean              declarative_only,
                                                   GError              **error);
/* The registry's mapper of @form_id; the error lists the known forms.
 * (transfer none) */
VneidFormMapper     *vneid_tool_lookup_mapper    (VneidPluginRegistry   *registry,
                                                  const char            *form_id,
                                                  GError               **error);
/* Whether @mapper takes the day of the visit
 * (VNEID_FORM_MAPPER_PROP_VISIT_DATE). */
gboolean             vneid_tool_has_visit_date   (VneidFormMapper       *mapper);
/* Whether @mapper takes the clinic's BHYT facility code
 * (VNEID_FORM_MAPPER_PROP_FACILITY_CODE). */
gboolean             vneid_tool_has_facility_code (VneidFormMapper      *mapper);
/* The mapper of @form_id, configured with the construct-only properties
 * VNEID_FORM_MAPPER_PROP_FACILITY_CODE (@facility_code) and
 * VNEID_FORM_MAPPER_PROP_VISIT_DATE (@visit_date) where they are not NULL;
 * fails when the mapper has no such property. A new reference. */
VneidFormMapper     *vneid_tool_configure_mapper (VneidPluginRegistry   *registry,
                                                  const char            *form_id,
                                                  const char            *facility_code,
                                                  const VneidDate       *visit_date,
                                                  GError               **error);
/* Where a field's value came from, for people: "population-db
 * urn:vn:vneid:pid:1", "constant", "to be typed by the citizen", … */
char                *vneid_tool_field_source     (VneidFilledField      *field,
                                                  gboolean               with_vct);
/* The field's value as printed on the form, an enum's code followed by its
 * label: "2 (Nữ)"; "" when the field holds none. */
char                *vneid_tool_field_value      (VneidFilledField      *field);
/* The field's label; a row's field is numbered, "  #1 label". */
char                *vneid_tool_field_label      (VneidFilledField      *field);
/* The row of a group's field ("members[0].full_name" → 0), or -1 for a
 * field outside rows. */
int                  vneid_tool_field_row        (VneidFilledField      *field);
gboolean             vneid_tool_field_is_group   (VneidFilledField      *field);
/* The labels of the required fields still to type, "; "-separated. */
char                *vneid_tool_missing_labels   (VneidFilledForm       *form);
/* @share (0 to 1) as a whole percentage. */
int                  vneid_tool_percent          (double                 share);
/* Writes the static HTML page of @form to @path, "-" for standard output. */
gboolean             vneid_tool_write_form_html  (const char            *path,
                                                  VneidFilledForm       *form,
                                                  VneidProfile          *profile,
                                                  GError               **error);

G_END_DECLS
