/* cli.c - helpers shared by the subcommands: error reporting, defaults. */
#include <stdarg.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "archive/archive.h"
#include "response/seal.h"
#include "store/store.h"

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

/* See cli.h. */
int cli_seal_key_open(const char *db, const char *key_file, char *err, size_t errlen)
{
	char tk[4096], ak[4200];
	if (respseal_key_loaded())
		return 0;
	if (!key_file && store_is_url(db))
		return 1;
	if ((size_t)snprintf(tk, sizeof tk, "%s%s", key_file ? key_file : db,
			     key_file ? "" : ".key") >= sizeof tk ||
	    archive_key_path(tk, ak, sizeof ak) < 0) {
		snprintf(err, errlen, "key file path too long");
		return -1;
	}
	if (archive_key_load(ak, 1, err, errlen) < 0 || respseal_load_key(ak, err, errlen) < 0)
		return -1;
	return 0;
}
