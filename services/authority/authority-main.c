/* authority-main.c: the vneid-authority command (skeleton)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "authority.h"

int
main (int argc, char **argv)
{
  return 0;
}
