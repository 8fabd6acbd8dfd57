/* test-module-constructor.c: a "JSON" plugin's hidden code
 *
 * Its constructor runs the moment the library is opened, before any entry
 * point is looked up: it sets VNEID_TEST_CONSTRUCTOR_RAN in the process's
 * environment. test-plugins checks that a declarative-only registry never
 * opens it (and that an ordinary one does, so the check can fail).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>

__attribute__((constructor)) static void
run_at_open (void)
{
  setenv ("VNEID_TEST_CONSTRUCTOR_RAN", "1", 1);
}
