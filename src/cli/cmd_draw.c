/* cmd_draw.c - placeholder until issue 3 lands: the command exists in the
 * dispatch table so that the CLI's shape is fixed from the start. */
#include <stdio.h>

#include "cli/cli.h"

int cli_draw(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "revmech draw: this command is not built yet (issue 3)\n");
	return CLI_DATA;
}
