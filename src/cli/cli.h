/* cli.h - subcommands of the revmech binary.
 *
 * Each subcommand gets argv with argv[0] set to its own name and returns the
 * process exit status: 0 success, CLI_USAGE (1) for a usage error naming the
 * wrong argument, CLI_DATA (2) for bad data or a failed operation. */
#ifndef RM_CLI_CLI_H
#define RM_CLI_CLI_H

#include <getopt.h>
#include <stddef.h>

enum { CLI_OK = 0, CLI_USAGE = 1, CLI_DATA = 2 };

int cli_init(int argc, char **argv);      /* cmd_init.c */
int cli_migrate(int argc, char **argv);   /* cmd_init.c */
int cli_roster(int argc, char **argv);    /* cmd_roster.c */
int cli_clusters(int argc, char **argv);  /* cmd_roster.c */
int cli_draw(int argc, char **argv);      /* cmd_draw.c (lots) */
/* cmd_drawev.c: `draw meeting|event|join|protocol|open|ops` (the programme
 * over time, issue 12); known says whether sub is one of them. */
int cli_draw_ev_known(const char *sub);
int cli_draw_ev(int argc, char **argv);
int cli_programme(int argc, char **argv); /* cmd_programme.c (review) */
/* `programme workplan` (cmd_workplan.c): argv[0] is "workplan". */
int cli_programme_workplan(int argc, char **argv);
int cli_serve(int argc, char **argv);     /* cmd_serve.c (web) */
int cli_user(int argc, char **argv);      /* cmd_user.c (web) */
int cli_audit(int argc, char **argv);     /* cmd_user.c (web) */
int cli_phase(int argc, char **argv);     /* cmd_phase.c (review) */
int cli_people(int argc, char **argv);    /* cmd_people.c (review) */
int cli_response(int argc, char **argv);  /* cmd_response.c (response) */
int cli_response_uncac(int argc, char **argv); /* cmd_uncac.c (response uncac, C27) */
int cli_backup(int argc, char **argv);    /* cmd_backup.c (store) */
int cli_restore(int argc, char **argv);   /* cmd_backup.c (store) */
int cli_db(int argc, char **argv);        /* cmd_db.c (store) */
int cli_questionnaire(int argc, char **argv); /* cmd_questionnaire.c */
int cli_mail(int argc, char **argv);      /* cmd_mail.c (mail) */
int cli_archive(int argc, char **argv);   /* cmd_archive.c (archive) */
int cli_summary(int argc, char **argv);   /* cmd_summary.c (output) */
int cli_dialogue(int argc, char **argv);  /* cmd_dialogue.c (dialogue) */

/* The mail options shared by serve and mail (cmd_mail.c): CLI_MAIL_OPTS
 * goes into a getopt_long table; cli_mail_opt() takes one of their codes
 * (1 handled, 0 not a mail option, CLI_USAGE after printing why), and
 * cli_mail_finish() reads the password (file, or REVMECH_SMTP_PASSWORD:
 * never the command line) and the default mail file beside db. */
struct mail_sender_config;
#define CLI_MAIL_HELP \
	"  --smtp-url URL       smtp://HOST:PORT (or smtps://); without it messages go\n" \
	"                       to the mail file\n" \
	"  --smtp-user USER     SMTP AUTH user (password: --smtp-password-file FILE,\n" \
	"                       mode 600, or REVMECH_SMTP_PASSWORD in the environment)\n" \
	"  --smtp-tls MODE      starttls (default, required), implicit or none\n" \
	"  --mail-from ADDR     sender address (revmech@localhost)\n" \
	"  --mail-file PATH     mailbox file without SMTP (mail.log beside the database)\n" \
	"  --mail-retry SECS    first retry delay, doubled each time (30)\n" \
	"  --mail-lease SECS    claim of a dead sender taken back after (300)\n"
#define CLI_MAIL_OPTS \
	{ "smtp-url", 1, NULL, 1001 }, { "smtp-user", 1, NULL, 1002 }, \
	{ "smtp-password-file", 1, NULL, 1003 }, { "smtp-tls", 1, NULL, 1004 }, \
	{ "mail-from", 1, NULL, 1005 }, { "mail-file", 1, NULL, 1006 }, \
	{ "mail-retry", 1, NULL, 1007 }, { "mail-lease", 1, NULL, 1008 }
int cli_mail_opt(const char *cmd, int code, const char *arg, struct mail_sender_config *m);
int cli_mail_finish(const char *cmd, const char *db, struct mail_sender_config *m);

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

/* Loads the key that seals the answers and documents (response/seal.h):
 * from the archive key file beside key_file, or, when key_file is NULL,
 * beside the SQLite file db ("db.key" as `serve` uses it); the archive key
 * file is created (mode 0600) when missing, as `serve` does.  Returns 0,
 * 1 when db is PostgreSQL and no key_file was given (nothing loaded), or
 * -1 with err set. */
int cli_seal_key_open(const char *db, const char *key_file, char *err, size_t errlen);

#endif
