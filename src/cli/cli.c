/* cli.c - helpers shared by the subcommands: error reporting, defaults. */
#include <stdarg.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "revmech %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'revmech %s --help'.\n", cmd);
	return CLI_USAGE;
}

int cli_data_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "revmech %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_DATA;
}

int cli_bad_option(const char *cmd, char **argv, int optind_now, int optopt_now)
{
	const char *arg = optind_now > 0 ? argv[optind_now - 1] : "?";
	if (arg[0] == '-' && arg[1] == '-') {
		/* getopt_long sets optopt to a known long option's value when its
		 * argument is missing, and to 0 for an unknown name. */
		int n = (int)strcspn(arg, "=");
		if (optopt_now)
			return cli_usage_error(cmd, "option '%.*s' needs a value", n, arg);
		return cli_usage_error(cmd, "unknown option '%.*s'", n, arg);
	}
	if (optopt_now)
		return cli_usage_error(cmd, "unknown option '-%c'", optopt_now);
	return cli_usage_error(cmd, "unknown option '%s'", arg);
}

const char *cli_default_datadir(void)
{
	const char *env = getenv("REVMECH_DATA");
	if (env && *env)
		return env;
	if (access("data/instruments.csv", R_OK) == 0)
		return "data";
	return RM_DATADIR;
}

void cli_actor(char *out, size_t len)
{
	const struct passwd *pw = getpwuid(getuid());
	snprintf(out, len, "cli:%s", pw && pw->pw_name ? pw->pw_name : "?");
}
