/* vneid-transforms.c: the transforms of declarative mappings, and their
 * built-in code tables
 *
 * The transforms are public (vneid_transforms_*), so that a mapper written
 * in C or Python writes values exactly as a declarative mapping would.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "vneid-form-json-private.h"
#include "vneid-transforms-private.h"
#include "vneid-claims-private.h"
#include "vneid-date.h"
#include "vneid-error.h"
#include "vneid-util-private.h"

struct _VneidTransform
{
  VneidTransformKind  kind;
  char               *description;
  char               *date_format;   /* DATE */
  VneidLookupTable    table;         /* LOOKUP */
  GHashTable         *map;           /* MAP: NFC text → text */
  VneidNamePart       part;          /* NAME_PART */
};

/* The characters that are their own NFC whatever surrounds them: ASCII,
 * U+00A0 to U+024F (Latin-1 and Latin Extended-A and -B) and the Vietnamese
 * letters of Latin Extended Additional, U+1EA0 to U+1EF9 (ạ … ỹ). All are
 * starters (combining class 0) that no character composes with, before or
 * after: test-mapping checks every one and every pair of them against
 * g_utf8_normalize(). A Vietnamese name or address in NFC is made of them. */
static gboolean
is_own_nfc (const char *text)
{
  const guchar *p = (const guchar *) text;

  while (*p != '\0')
    {
      gunichar c;

      if (*p < 0x80)
        {
          p++;
          continue;
        }
      if ((p[0] & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80)
        {
          c = ((gunichar) (p[0] & 0x1f) << 6) | (p[1] & 0x3f);
          if (c < 0xa0 || c > 0x24f)
            return FALSE;
          p += 2;
        }
      else if (p[0] == 0xe1 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80)
        {
          c = 0x1000 | ((gunichar) (p[1] & 0x3f) << 6) | (p[2] & 0x3f);
          if (c < 0x1ea0 || c > 0x1ef9)
            return FALSE;
          p += 3;
        }
      else
        return FALSE;
    }
  return TRUE;
}

/* Text already in NFC, as credentials carry Vietnamese, skips the
 * normalizer, which decodes, reorders and re-encodes every character. */
char *
vneid_form_nfc (const char *text)
{
  if (is_own_nfc (text))
    return g_strdup (text);
  return g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
}

/* ---- case and diacritics ------------------------------------------------ */

typedef gunichar (*CaseFunc) (gunichar c);

/* g_utf8_strup() and g_utf8_strdown() follow the locale (in a Turkish one,
 * `i` becomes `İ`): a form must not depend on the server's locale, so the
 * mapping is per character, through the locale-independent tables. */
static char *
map_case (const char *text,
          CaseFunc    func)
{
  g_autofree char *nfc = NULL;
  GString *out;

  /* g_utf8_normalize() lets some invalid sequences (surrogates) through */
  if (!g_utf8_validate (text, -1, NULL) ||
      (nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC)) == NULL)
    return NULL;
  out = g_string_sized_new (strlen (nfc));
  for (const char *p = nfc; *p != '\0'; p = g_utf8_next_char (p))
    g_string_append_unichar (out, func (g_utf8_get_char (p)));
  {
    char *result = g_utf8_normalize (out->str, -1, G_NORMALIZE_NFC);

    g_string_free (out, TRUE);
    return result;
  }
}

/**
 * vneid_transforms_upper:
 * @text: UTF-8 text
 *
 * Upper case, as the mapping transform `"upper"`: character by character,
 * the same in every locale (no Turkish dotted `İ`), Vietnamese letters with
 * all their marks to their precomposed capitals (`Nguyễn Văn Đức` →
 * `NGUYỄN VĂN ĐỨC`).
 *
 * Returns: (transfer full) (nullable): the text in upper case, NFC; %NULL
 *   when @text is not valid UTF-8
 *
 * Since: 0.2
 */
char *
vneid_transforms_upper (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);
  return map_case (text, g_unichar_toupper);
}

/**
 * vneid_transforms_lower:
 * @text: UTF-8 text
 *
 * Lower case, as the mapping transform `"lower"`: the same in every locale,
 * like [func@Vneid.transforms_upper].
 *
 * Returns: (transfer full) (nullable): the text in lower case, NFC; %NULL
 *   when @text is not valid UTF-8
 *
 * Since: 0.2
 */
char *
vneid_transforms_lower (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);
  return map_case (text, g_unichar_tolower);
}

/**
 * vneid_transforms_fold:
 * @text: UTF-8 text
 *
 * Removes diacritics, as the mapping transform `"fold"`, for forms that
 * want a name without them (`Nguyễn Văn Đức` → `Nguyen Van Duc`): the
 * combining marks go, `đ` becomes `d` and `Đ` `D`. Letters with no
 * decomposition (`ø`, `ß`) are kept as they are.
 *
 * Returns: (transfer full) (nullable): the folded text, NFC; %NULL when
 *   @text is not valid UTF-8
 *
 * Since: 0.2
 */
char *
vneid_transforms_fold (const char *text)
{
  g_autofree char *nfd = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL) ||
      (nfd = g_utf8_normalize (text, -1, G_NORMALIZE_NFD)) == NULL)
    return NULL;
  out = g_string_sized_new (strlen (nfd));
  for (const char *p = nfd; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      /* đ and Đ are letters of their own, with no decomposition */
      if (c == 0x0111)
        c = 'd';
      else if (c == 0x0110)
        c = 'D';
      g_string_append_unichar (out, c);
    }
  {
    char *nfc = g_utf8_normalize (out->str, -1, G_NORMALIZE_NFC);

    g_string_free (out, TRUE);
    return nfc;
  }
}

/* ---- names -------------------------------------------------------------- */

/**
 * vneid_transforms_name_part:
 * @name: a full name, such as `Trần Thị Mai`
 * @part: the part wanted
 *
 * One part of a full name split at white space, as the mapping transform
 * `{"name_part": …}`: the first word is the family name, the last word
 * the given name, the words between the middle name. A one-word name is a
 * given name only; a two-word name has no middle part.
 *
 * Returns: (transfer full) (nullable): the part, or %NULL when the name
 *   has no such part
 *
 * Since: 0.2
 */
char *
vneid_transforms_name_part (const char    *name,
                            VneidNamePart  part)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  const char *p = name;

  g_return_val_if_fail (name != NULL, NULL);

  while (*p != '\0')
    {
      const char *start;

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        break;
      start = p;
      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      g_ptr_array_add (words, g_strndup (start, p - start));
    }

  switch (part)
    {
    case VNEID_NAME_PART_GIVEN:
      return words->len >= 1 ? g_strdup (g_ptr_array_index (words, words->len - 1)) : NULL;
    case VNEID_NAME_PART_FAMILY:
      return words->len >= 2 ? g_strdup (g_ptr_array_index (words, 0)) : NULL;
    case VNEID_NAME_PART_MIDDLE:
      if (words->len < 3)
        return NULL;
      {
        GString *middle = g_string_new (g_ptr_array_index (words, 1));

        for (guint i = 2; i + 1 < words->len; i++)
          {
            g_string_append_c (middle, ' ');
            g_string_append (middle, g_ptr_array_index (words, i));
          }
        return g_string_free (middle, FALSE);
      }
    default:
      g_return_val_if_reached (NULL);
    }
}

/* ---- tables ------------------------------------------------------------- */

static const char *
lookup_sex (const char *code)
{
  /* ISO 5218: 0 not known and 9 not applicable have no name on a form */
  if (strcmp (code, "1") == 0)
    return "Nam";
  if (strcmp (code, "2") == 0)
    return "Nữ";
  return NULL;
}

/* ISO 3166-1 alpha-2 → the name Vietnamese administrative documents use
 * (Vietnam's neighbours, ASEAN, and the most common other countries). A
 * code not listed here makes the field invalid: a form that needs another
 * country, or another spelling, uses an inline {"map"}. */
static const struct { const char *code; const char *name; } countries[] = {
  { "VN", "Việt Nam" },
  { "LA", "Lào" },
  { "KH", "Campuchia" },
  { "CN", "Trung Quốc" },
  { "TH", "Thái Lan" },
  { "MM", "Mi-an-ma" },
  { "MY", "Ma-lai-xi-a" },
  { "SG", "Xin-ga-po" },
  { "ID", "In-đô-nê-xi-a" },
  { "PH", "Phi-líp-pin" },
  { "BN", "Bru-nây" },
  { "JP", "Nhật Bản" },
  { "KR", "Hàn Quốc" },
  { "KP", "Triều Tiên" },
  { "IN", "Ấn Độ" },
  { "US", "Hoa Kỳ" },
  { "GB", "Vương quốc Anh" },
  { "FR", "Pháp" },
  { "DE", "Đức" },
  { "RU", "Liên bang Nga" },
  { "AU", "Ô-xtrây-li-a" },
  { "CA", "Ca-na-đa" },
  { "IT", "I-ta-li-a" },
  { "ES", "Tây Ban Nha" },
  { "NL", "Hà Lan" },
  { "CZ", "Séc" },
  { "PL", "Ba Lan" },
};

static const char *
lookup_country (const char *code)
{
  if (strlen (code) != 2)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (countries); i++)
    if (g_ascii_strcasecmp (countries[i].code, code) == 0)
      return countries[i].name;
  return NULL;
}

/* The 54 ethnic groups of Vietnam and their codes, from the General
 * Statistics Office's "Danh mục các thành phần dân tộc Việt Nam", Quyết
 * định số 121-TCTK/PPCĐ ngày 02/03/1979 (codes by population at the time),
 * as the Da Nang statistics office publishes it
 * (https://cucthongke.danang.gov.vn/chi-tiet-tin-tuc?dinhdanh=112&cat=20,
 * codes 01–11 read there; 12–54 cross-checked against a public list of the
 * same decision). The names are the list's own spelling.
 *
 * Beware: the later GSO list, Quyết định 1019/QĐ-TCTK of 12/11/2008 (used
 * by QCVN 109:2017/BTTTT), numbers them differently (04 Mường, 05 Khơ me,
 * 06 Hoa, 11 Ê-đê, …); a form that wants those codes uses a {"map"}.
 *
 * Besides the name, a lookup accepts the spellings in `aliases`: names in
 * common official use that are certainly the same group. Case, spaces,
 * hyphens and apostrophes do not count (`Gia-rai`, `Gia Rai`, `GIA RAI`;
 * `HMông`, `H'Mông`); diacritics do (`Thai` is not `Thái`). */
static const struct { const char *code; const char *name; const char *aliases[3]; } ethnicities[] = {
  { "01", "Kinh",         { "Việt" } },
  { "02", "Tày" },
  { "03", "Thái" },
  { "04", "Hoa",          { "Hán" } },
  { "05", "Khơ-me",       { "Khmer" } },
  { "06", "Mường" },
  { "07", "Nùng" },
  { "08", "HMông",        { "Mông" } },
  { "09", "Dao" },
  { "10", "Gia-rai" },
  { "11", "Ngái" },
  { "12", "Ê-đê" },
  { "13", "Ba-na" },
  { "14", "Xơ-đăng" },
  { "15", "Sán Chay" },
  { "16", "Cơ-ho",        { "K'Ho" } },
  { "17", "Chăm" },
  { "18", "Sán Dìu" },
  { "19", "Hrê" },
  { "20", "Mnông" },
  { "21", "Ra-glai" },
  { "22", "Xtiêng" },
  { "23", "Bru-Vân Kiều" },
  { "24", "Thổ" },
  { "25", "Giáy" },
  { "26", "Cơ-tu" },
  { "27", "Gié-Triêng",   { "Giẻ-Triêng" } },
  { "28", "Mạ" },
  { "29", "Khơ-mú" },
  { "30", "Co" },
  { "31", "Tà-ôi" },
  { "32", "Chơ-ro" },
  { "33", "Kháng" },
  { "34", "Xinh-mun" },
  { "35", "Hà Nhì" },
  { "36", "Chu-ru" },
  { "37", "Lào" },
  { "38", "La Chí" },
  { "39", "La Ha" },
  { "40", "Phù Lá" },
  { "41", "La Hủ" },
  { "42", "Lự" },
  { "43", "Lô Lô" },
  { "44", "Chứt" },
  { "45", "Mảng" },
  { "46", "Pà Thẻn" },
  { "47", "Co Lao",       { "Cờ Lao" } },
  { "48", "Cống" },
  { "49", "Bố Y" },
  { "50", "Si La" },
  { "51", "Pu Péo" },
  { "52", "Brâu" },
  { "53", "Ơ-đu" },
  { "54", "Rơ-măm" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (ethnicities) == 54);

static gboolean
is_name_separator (gunichar c)
{
  return g_unichar_isspace (c) || c == '-' || c == '\'' ||
         c == 0x2010 || c == 0x2011 || c == 0x2013 ||   /* hyphens, en dash */
         c == 0x2019 || c == 0x02BC;                    /* ’ ʼ */
}

/* NFC, lower case, without separators. */
static char *
ethnicity_key (const char *name)
{
  g_autofree char *lower = vneid_transforms_lower (name);
  GString *key;

  if (lower == NULL)
    return NULL;
  key = g_string_sized_new (strlen (lower));
  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    if (!is_name_separator (g_utf8_get_char (p)))
      g_string_append_unichar (key, g_utf8_get_char (p));
  return g_string_free (key, FALSE);
}

static GHashTable *
ethnicity_index (void)
{
  static GHashTable *index;

  if (g_once_init_enter (&index))
    {
      GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (gsize i = 0; i < G_N_ELEMENTS (ethnicities); i++)
        {
          g_hash_table_insert (table, ethnicity_key (ethnicities[i].name), (gpointer) ethnicities[i].code);
          for (gsize j = 0; j < G_N_ELEMENTS (ethnicities[i].aliases) && ethnicities[i].aliases[j]; j++)
            g_hash_table_insert (table, ethnicity_key (ethnicities[i].aliases[j]),
                                 (gpointer) ethnicities[i].code);
        }
      g_once_init_leave (&index, table);
    }
  return index;
}

const char *
vneid_ethnicity_name (const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (ethnicities); i++)
    if (strcmp (ethnicities[i].code, code) == 0)
      return ethnicities[i].name;
  return NULL;
}

static const char *
lookup_ethnicity (const char *name)
{
  g_autofree char *key = NULL;

  /* already a code */
  for (gsize i = 0; i < G_N_ELEMENTS (ethnicities); i++)
    if (strcmp (ethnicities[i].code, name) == 0)
      return ethnicities[i].code;

  key = ethnicity_key (name);
  if (key == NULL || *key == '\0')
    return NULL;
  return g_hash_table_lookup (ethnicity_index (), key);
}

/**
 * vneid_transforms_lookup:
 * @table: a built-in code table
 * @code: what to look up: a code, or for %VNEID_LOOKUP_ETHNICITY a name
 *
 * Looks @code up in a built-in table, as the mapping transform
 * `{"lookup": …}`. %VNEID_LOOKUP_COUNTRY knows Vietnam, its neighbours,
 * ASEAN and the most common partners; %VNEID_LOOKUP_ETHNICITY ignores case,
 * spaces, hyphens and apostrophes (`Gia Rai`, `H'Mông`) but not diacritics,
 * accepts a few certain aliases (`Mông`, `Khmer`) and passes a two-digit
 * code as it is. docs/forms.md lists the tables.
 *
 * Returns: (nullable): the entry, or %NULL when the table lacks @code
 *
 * Since: 0.2
 */
const char *
vneid_transforms_lookup (VneidLookupTable  table,
                         const char       *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  switch (table)
    {
    case VNEID_LOOKUP_SEX:
      return lookup_sex (code);
    case VNEID_LOOKUP_COUNTRY:
      return lookup_country (code);
    case VNEID_LOOKUP_ETHNICITY:
      return lookup_ethnicity (code);
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * vneid_transforms_date:
 * @iso: an ISO 8601 date, as claims carry it: `YYYY-MM-DD`, `YYYY-MM` or
 *   `YYYY`
 * @format: the output format, from the tokens `dd`, `MM` and `yyyy` and
 *   literal text, such as `dd/MM/yyyy`
 * @error: return location for a #GError
 *
 * Writes a date the way a form wants it, as the mapping transform
 * `{"date": FORMAT}` ([method@Vneid.Date.format]): `1990-05-17` gives
 * `17/05/1990` for `dd/MM/yyyy`. A date known only to the month or year
 * leaves out what it does not know (`1950` stays `1950`).
 *
 * A date field of a form needs no call: [method@Vneid.FilledForm.fill]
 * writes an ISO date in the field's own format.
 *
 * Returns: (transfer full): the formatted date, or %NULL with
 *   %VNEID_FORM_ERROR_INVALID_MAPPING when @format is not a date format, or
 *   %VNEID_FORM_ERROR_INVALID_VALUE when @iso is not an ISO date
 *
 * Since: 0.2
 */
char *
vneid_transforms_date (const char  *iso,
                       const char  *format,
                       GError     **error)
{
  g_autoptr(VneidDate) date = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (iso != NULL, NULL);
  g_return_val_if_fail (format != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!vneid_form_check_date_format (format, VNEID_FORM_ERROR_INVALID_MAPPING, error))
    return NULL;
  date = vneid_date_parse (iso, &local);
  if (date == NULL)
    {
      g_set_error_literal (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_VALUE, local->message);
      return NULL;
    }
  return vneid_date_format (date, format);
}

/* ---- addresses ---------------------------------------------------------- */

/* The address object at @path gathered from the members the citizen
 * disclosed, on one line; @sources gets the members the line is made of. */
static char *
address_line (VneidProfile *profile,
              const char   *path,
              GPtrArray    *sources)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(VneidAddress) address = NULL;
  VneidAttribute *formatted = NULL;
  g_autofree char *line = NULL;
  guint before = sources->len;

  for (const char *const *m = vneid_claim_address_members (); *m != NULL; m++)
    {
      g_autofree char *member_path = g_strconcat (path, ".", *m, NULL);
      VneidAttribute *attribute = vneid_profile_lookup (profile, member_path);
      const char *text = attribute ? vneid_attribute_get_string (attribute) : NULL;

      if (text == NULL)
        continue;
      json_object_set_string_member (object, *m, text);
      /* what vneid_address_format() writes: street to province, else the
       * formatted text; never the country */
      if (strcmp (*m, "formatted") == 0)
        formatted = attribute;
      else if (strcmp (*m, "country") != 0)
        g_ptr_array_add (sources, g_object_ref (attribute));
    }
  if (json_object_get_size (object) == 0)
    return NULL;

  address = vneid_address_new_from_json (object);
  line = vneid_address_format (address);
  if (*line == '\0')
    {
      g_ptr_array_set_size (sources, before);
      return NULL;
    }
  if (sources->len == before && formatted != NULL)
    g_ptr_array_add (sources, g_object_ref (formatted));
  return vneid_form_nfc (line);
}

/* `address`, `temporary_address`, `current_address`, `place_of_birth`,
 * `place_of_origin`: a claim, not one of its members. */
static gboolean
is_address_claim (const char *path)
{
  gboolean is_member = FALSE;
  const VneidClaimInfo *info = vneid_claim_lookup (path, &is_member);

  return info != NULL && !is_member &&
         (info->kind == VNEID_CLAIM_ADDRESS || info->kind == VNEID_CLAIM_PLACE);
}

/**
 * vneid_transforms_address:
 * @profile: a profile
 * @path: an address claim: `address`, `temporary_address`,
 *   `current_address`, `place_of_birth` or `place_of_origin`
 * @sources: (out) (optional) (transfer container) (element-type VneidAttribute):
 *   the attributes the line is made of (the members the citizen
 *   disclosed), to pass to [method@Vneid.FilledForm.fill]; empty when the
 *   profile has no such address
 *
 * Writes an address of the profile on one line, as the mapping transform
 * `"address"`: street, ward or commune, district (only on a pre-2025
 * address: none is invented) and province, from the members the citizen
 * disclosed ([method@Vneid.Address.format]). A place given as plain text
 * (`place_of_birth` may be) is returned as it is.
 *
 * Returns: (transfer full) (nullable): the address on one line, NFC, or
 *   %NULL when the profile has none at @path (not disclosed, or @path is
 *   not an address claim)
 *
 * Since: 0.2
 */
char *
vneid_transforms_address (VneidProfile  *profile,
                          const char    *path,
                          GPtrArray    **sources)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  char *line = NULL;

  g_return_val_if_fail (VNEID_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (is_address_claim (path))
    {
      /* a place may be plain text: then that is the line */
      VneidAttribute *whole = vneid_profile_lookup (profile, path);
      const char *text = whole != NULL ? vneid_attribute_get_string (whole) : NULL;

      if (text != NULL && *text != '\0')
        {
          line = vneid_form_nfc (text);
          g_ptr_array_add (found, g_object_ref (whole));
        }
      else if (whole == NULL)
        line = address_line (profile, path, found);
    }
  if (sources != NULL)
    *sources = g_steal_pointer (&found);
  return line;
}

/* ---- reading transforms ------------------------------------------------- */

void
vneid_transform_free (VneidTransform *self)
{
  if (self == NULL)
    return;
  g_free (self->description);
  g_free (self->date_format);
  g_clear_pointer (&self->map, g_hash_table_unref);
  g_free (self);
}

VneidTransformKind
vneid_transform_get_kind (const VneidTransform *self)
{
  return self->kind;
}

const char *
vneid_transform_describe (const VneidTransform *self)
{
  return self->description;
}

static VneidTransform *
transform_new (VneidTransformKind  kind,
               const char         *description)
{
  VneidTransform *self = g_new0 (VneidTransform, 1);

  self->kind = kind;
  self->description = g_strdup (description);
  return self;
}

static gboolean
member_string (JsonNode    *node,
               const char  *transform,
               const char **out,
               GError     **error)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_MAPPING,
                   "transform “%s” takes a string", transform);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static VneidTransform *
date_transform_new (JsonNode  *arg,
                    GError   **error)
{
  const char *format;
  VneidTransform *self;

  if (!member_string (arg, "date", &format, error) || !vneid_form_check_date_format (format, VNEID_FORM_ERROR_INVALID_MAPPING, error))
    return NULL;
  self = transform_new (VNEID_TRANSFORM_DATE, "date");
  self->date_format = g_strdup (format);
  return self;
}

static VneidTransform *
lookup_transform_new (JsonNode  *arg,
                      GError   **error)
{
  static const char *const tables[] = { "sex", "country", "ethnicity" };
  const char *table;

  if (!member_string (arg, "lookup", &table, error))
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (tables); i++)
    if (strcmp (table, tables[i]) == 0)
      {
        g_autofree char *description = g_strconcat ("lookup ", table, NULL);
        VneidTransform *self = transform_new (VNEID_TRANSFORM_LOOKUP, description);

        self->table = (VneidLookupTable) i;
        return self;
      }
  g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_MAPPING,
               "unknown lookup table “%s” (known: sex, country, ethnicity)", table);
  return NULL;
}

static VneidTransform *
map_transform_new (JsonNode  *arg,
                   GError   **error)
{
  g_autoptr(GHashTable) map = NULL;
  JsonObjectIter iter;
  const char *from;
  JsonNode *to;
  VneidTransform *self;

  if (!JSON_NODE_HOLDS_OBJECT (arg))
    {
      g_set_error_literal (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_MAPPING,
                           "transform “map” takes an object of strings");
      return NULL;
    }
  if (json_object_get_size (json_node_get_object (arg)) == 0)
    {
      g_set_error_literal (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_MAPPING,
                           "transform “map” is empty");
      return NULL;
    }

  map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  json_object_iter_init (&iter, json_node_get_object (arg));
  while (json_object_iter_next (&iter, &from, &to))
    {
      char *key;

      if (!JSON_NODE_HOLDS_VALUE (to) || json_node_get_value_type (to) != G_TYPE_STRING)
        {
          g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_MAPPING,
                       "transform “map”: the value for “%s” is not a string", from);
          return NULL;
        }
      key = g_utf8_normalize (from, -1, G_NORMALIZE_NFC);
      if (g_hash_table_contains (map, key))
        {
          g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_MAPPING,
                       "transform “map”: “%s” appears twice (once decomposed)", from);
          g_free (key);
          return NULL;
        }
      g_hash_table_insert (map, key, g_utf8_normalize (json_node_get_string (to), -1, G_NORMALIZE_NFC));
    }
  self = transform_new (VNEID_TRANSFORM_MAP, "map");
  self->map = g_steal_pointer (&map);
  return self;
}

static VneidTransform *
name_part_transform_new (JsonNode  *arg,
                         GError   **error)
{
  static const char *const parts[] = { "family", "middle", "given" };
  const char *part;

  if (!member_string (arg, "name_part", &part, error))
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (parts); i++)
    if (strcmp (part, parts[i]) == 0)
      {
        g_autofree char *description = g_strconcat ("name_part ", part, NULL);
        VneidTransform *self = transform_new (VNEID_TRANSFORM_NAME_PART, description);

        self->part = (VneidNamePart) i;
        return self;
      }
  g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_MAPPING,
               "unknown name part “%s” (known: family, middle, given)", part);
  return NULL;
}

/* "unknown transform “uper”: did you mean “upper”? (the transforms: …)" */
static VneidTransform *
unknown_transform (const char  *name,
                   GError     **error)
{
  static const char *const names[] = {
    "upper", "lower", "fold", "address", "date", "lookup", "map", "name_part", NULL,
  };
  const char *nearest = vneid_nearest_string (name, names);
  g_autofree char *hint = nearest != NULL ? g_strdup_printf (": did you mean “%s”?", nearest)
                                          : g_strdup ("");

  g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_MAPPING,
               "unknown transform “%s”%s (the transforms: \"upper\", \"lower\", \"fold\", "
               "\"address\", {\"date\": FORMAT}, {\"lookup\": \"sex\"|\"country\"|\"ethnicity\"}, "
               "{\"map\": {…}}, {\"name_part\": \"family\"|\"middle\"|\"given\"})", name, hint);
  return NULL;
}

VneidTransform *
vneid_transform_new_from_json (JsonNode  *node,
                               GError   **error)
{
  static const struct { const char *name; VneidTransformKind kind; } simple[] = {
    { "upper", VNEID_TRANSFORM_UPPER },
    { "lower", VNEID_TRANSFORM_LOWER },
    { "fold", VNEID_TRANSFORM_FOLD },
    { "address", VNEID_TRANSFORM_ADDRESS },
  };

  g_return_val_if_fail (node != NULL, NULL);

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *name = json_node_get_string (node);

      for (gsize i = 0; i < G_N_ELEMENTS (simple); i++)
        if (strcmp (name, simple[i].name) == 0)
          return transform_new (simple[i].kind, name);
      return unknown_transform (name, error);
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObjectIter iter;
      const char *name;
      JsonNode *arg;

      if (json_object_get_size (object) != 1)
        {
          g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_MAPPING,
                       "a transform object has exactly one member, this one has %u",
                       json_object_get_size (object));
          return NULL;
        }
      json_object_iter_init (&iter, object);
      json_object_iter_next (&iter, &name, &arg);
      if (strcmp (name, "date") == 0)
        return date_transform_new (arg, error);
      if (strcmp (name, "lookup") == 0)
        return lookup_transform_new (arg, error);
      if (strcmp (name, "map") == 0)
        return map_transform_new (arg, error);
      if (strcmp (name, "name_part") == 0)
        return name_part_transform_new (arg, error);
      for (gsize i = 0; i < G_N_ELEMENTS (simple); i++)
        if (strcmp (name, simple[i].name) == 0)
          {
            g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_MAPPING,
                         "transform “%s” takes no argument: write it as a string", name);
            return NULL;
          }
      return unknown_transform (name, error);
    }

  g_set_error_literal (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_MAPPING,
                       "a transform is a string or an object of one member");
  return NULL;
}

/* ---- applying ----------------------------------------------------------- */

static char *
not_in_table (const char  *what,
              const char  *text,
              GError     **error)
{
  g_set_error (error, VNEID_FORM_ERROR, VNEID_FORM_ERROR_INVALID_VALUE,
               "%s: “%s” is not in the table", what, text);
  return NULL;
}

char *
vneid_transform_apply (const VneidTransform  *self,
                       const char            *text,
                       GError               **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  switch (self->kind)
    {
    case VNEID_TRANSFORM_UPPER:
      return vneid_transforms_upper (text);
    case VNEID_TRANSFORM_LOWER:
      return vneid_transforms_lower (text);
    case VNEID_TRANSFORM_FOLD:
      return vneid_transforms_fold (text);
    case VNEID_TRANSFORM_ADDRESS:
      /* an address already written as one line */
      return g_strdup (text);
    case VNEID_TRANSFORM_DATE:
      {
        char *date = vneid_transforms_date (text, self->date_format, error);

        if (date == NULL)
          g_prefix_error (error, "date: ");
        return date;
      }
    case VNEID_TRANSFORM_LOOKUP:
      {
        const char *found = vneid_transforms_lookup (self->table, text);

        return found ? g_strdup (found) : not_in_table (self->description, text, error);
      }
    case VNEID_TRANSFORM_MAP:
      {
        g_autofree char *key = vneid_form_nfc (text);
        const char *found = key ? g_hash_table_lookup (self->map, key) : NULL;

        return found ? g_strdup (found) : not_in_table ("map", text, error);
      }
    case VNEID_TRANSFORM_NAME_PART:
      {
        /* a name without that part gives empty text: the mapper leaves the
         * field missing */
        char *part = vneid_transforms_name_part (text, self->part);

        return part ? part : g_strdup ("");
      }
    default:
      g_assert_not_reached ();
    }
  return NULL;
}
