/* cli.h - subcommands of the revmech binary.
 *
 * Each subcommand gets argv with argv[0] set to its own name and returns the
 * process exit status: 0 success, CLI_USAGE (1) for a usage error naming the
 * wrong argument, CLI_DATA (2) for bad data or a failed operation. */
#ifndef RM_CLI_CLI_H
#define RM_CLI_CLI_H

#include <getopt.h>

enum { CLI_OK = 0, CLI_USAGE = 1, CLI_DATA = 2 };

int cli_init(int argc, char **argv);      /* cmd_init.c */
int cli_migrate(int argc, char **argv);   /* cmd_init.c */
int cli_roster(int argc, char **argv);    /* cmd_roster.c */
int cli_clusters(int argc, char **argv);  /* cmd_roster.c */
int cli_draw(int argc, char **argv);      /* cmd_draw.c (lots) */
int cli_programme(int argc, char **argv); /* cmd_programme.c (review) */
int cli_serve(int argc, char **argv);     /* cmd_serve.c (web) */
int cli_user(int argc, char **argv);      /* cmd_user.c (web) */
int cli_audit(int argc, char **argv);     /* cmd_user.c (web) */
int cli_phase(int argc, char **argv);     /* cmd_phase.c (review) */
int cli_backup(int argc, char **argv);    /* cmd_backup.c (store) */
int cli_restore(int argc, char **argv);   /* cmd_backup.c (store) */
int cli_db(int argc, char **argv);        /* cmd_db.c (store) */
int cli_questionnaire(int argc, char **argv); /* cmd_questionnaire.c */

/* Prints "revmech CMD: message" and the --help hint to stderr; returns
 * CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints "revmech CMD: message" to stderr; returns CLI_DATA. */
int cli_data_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Reports the option getopt_long() rejected (opterr must be 0). Returns
 * CLI_USAGE. */
int cli_bad_option(const char *cmd, char **argv, int optind_now, int optopt_now);

/* Who ran the command, for the audit log: "cli:" and the login name. */
void cli_actor(char *out, size_t len);

/* Default data directory: $REVMECH_DATA, else ./data if present, else the
 * installed one.  Returned string is static. */
const char *cli_default_datadir(void);

#endif
