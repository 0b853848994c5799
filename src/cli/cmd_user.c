/* cmd_user.c - placeholder until issue 4 lands. */
#include <stdio.h>

#include "cli/cli.h"

int cli_user(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "revmech user: this command is not built yet (issue 4)\n");
	return CLI_DATA;
}

int cli_audit(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "revmech audit: this command is not built yet (issue 4)\n");
	return CLI_DATA;
}
