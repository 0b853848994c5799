/* cmd_serve.c - placeholder until issue 4 lands: the command exists in the
 * dispatch table so that the CLI's shape is fixed from the start. */
#include <stdio.h>

#include "cli/cli.h"

int cli_serve(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "revmech serve: this command is not built yet (issue 4)\n");
	return CLI_DATA;
}
