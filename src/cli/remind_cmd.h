/* remind_cmd.h - the frame the `remind` subcommands share (`revmech people
 * remind`, `response remind`, `dialogue remind`; issues 9 and 10): the
 * options --db, --po and one moment (--now an ISO time, or --today a
 * date), the catalogues, the store opened and migrated, the audit entry
 * and the exit status.  Each command gives what it runs. */
#ifndef RM_CLI_REMIND_CMD_H
#define RM_CLI_REMIND_CMD_H

#include <stddef.h>

struct store;

struct remind_cmd {
	const char *cmd;     /* "people": the word of the messages and usage */
	const char *usage;   /* printed for --help, and on a missing subcommand */
	int by_day;          /* 1: --today YYYY-MM-DD; 0: --now YYYY-MM-DDTHH:MM:SSZ */
	const char *action;  /* the audit action, e.g. "people.remind" */
	/* Queues the reminders due at when (the normalised --now or --today;
	 * NULL for --today not given: today), prints its line and writes the
	 * audit detail into detail.  Returns 0, or -1 with err set. */
	int (*run)(struct store *s, const char *when, char *detail, size_t dlen, char *err,
		   size_t errlen);
};

/* Runs `revmech CMD remind ...` (argv[0] is CMD).  Returns the exit
 * status: 0, CLI_USAGE or CLI_DATA. */
int remind_cmd_main(const struct remind_cmd *r, int argc, char **argv);

#endif
