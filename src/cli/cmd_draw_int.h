/* cmd_draw_int.h - what the files of `revmech draw` share (cmd_draw.c,
 * cmd_draw_redraw.c, cmd_draw_record.c): the parsed options, the helpers
 * of cmd_draw.c, and the subcommands cli_draw() dispatches to.  Nothing
 * outside src/cli/ sees it. */
#ifndef RM_CLI_CMD_DRAW_INT_H
#define RM_CLI_CMD_DRAW_INT_H

#include "core/roster.h"
#include "store/store.h"

#define MAX_FILE (64u << 20)

struct dopts {
	const char *roster, *db, *seed, *out, *draw, *reviewed, *replace, *requested_by,
		*reason, *note, *decision, *ref, *date, *title, *consent_by, *consent_date,
		*consent_ref, *by, *meeting, *file, *state, *choice, *source, *params, *effort;
	unsigned char seedb[32];
	int have_seed, supersede, json, withdraw, cohorts_only;
};

/* Parses the options of a subcommand into o; returns the index of the
 * first operand, or -1 with *rc set (--help printed: CLI_OK). */
int draw_opts_parse(const char *cmd, int argc, char **argv, struct dopts *o, int *rc);
/* Reads and parses the roster file path into r (the caller frees it with
 * roster_free); sha gets its canonical hash.  CLI_OK or an exit status. */
int draw_roster_load(const char *cmd, const char *path, struct roster *r, char sha[65]);
/* The independent verifier over a document before it is written (R68). */
int draw_check_output(const char *cmd, const struct roster *r, const char *sha,
		      const char *json);
/* json into path (written aside and renamed), or on stdout when NULL. */
int draw_write_out(const char *cmd, const char *path, const char *json);
/* Opens the store at path for a subcommand (the caller closes it); NULL
 * with *rc set when it cannot, or needs `revmech migrate`. */
struct store *draw_db_open(const char *cmd, const char *path, int *rc);
/* CLI_OK when --meeting is given (C42), else the usage error. */
int draw_need_meeting(const char *cmd, const struct dopts *o);

/* cmd_draw_redraw.c */
int cli_draw_redraw(int argc, char **argv);
/* cmd_draw_record.c */
int cli_draw_commit(int argc, char **argv);
int cli_draw_decision(int argc, char **argv);
int cli_draw_opt_out(int argc, char **argv);
int cli_draw_params(int argc, char **argv);

#endif
