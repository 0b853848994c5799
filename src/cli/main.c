/* main.c - dispatch to the subcommands of revmech. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const struct command {
	const char *name;
	int (*fn)(int, char **);
	const char *summary;
} commands[] = {
	{ "init", cli_init, "create a database with the reference data (and a demo)" },
	{ "migrate", cli_migrate, "upgrade an existing database's schema in place" },
	{ "roster", cli_roster, "export or import the parties (CSV)" },
	{ "clusters", cli_clusters, "print table 1 of the appendix (CSV)" },
	{ "draw", cli_draw, "drawing of lots: draw, verify, redraw" },
	{ "programme", cli_programme, "drawing events as published: list, record meeting" },
	{ "serve", cli_serve, "run the web platform" },
	{ "user", cli_user, "manage accounts" },
	{ "audit", cli_audit, "print the audit log" },
	{ "phase", cli_phase, "review phases: status, open, move a review (70 % gate)" },
	{ "people", cli_people, "country reviews: remind States to name focal points and experts" },
	{ "response", cli_response, "self-assessment responses: reminders before the deadline, overdue" },
	{ "backup", cli_backup, "copy the database and its key while the server runs" },
	{ "restore", cli_restore, "put a backup in place of a database" },
	{ "db", cli_db, "copy a whole database (SQLite <-> PostgreSQL)" },
	{ "questionnaire", cli_questionnaire, "validate questionnaire definitions" },
	{ "mail", cli_mail, "the outbox: list, retry, send a test message" },
	{ "archive", cli_archive, "the archive of the dialogue: verify, signed head" },
	{ "summary", cli_summary, "phase summaries: count words, agree, render PDF, verify" },
	{ "dialogue", cli_dialogue, "the written dialogue: remind reviewers of observations due" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: revmech COMMAND [OPTIONS]\n\n"
		   "The Mechanism for the Review of the Implementation of UNTOC and its Protocols.\n\n"
		   "Commands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nRun 'revmech COMMAND --help' for the options of a command.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CLI_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return CLI_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		puts("revmech 0.1");
		return CLI_OK;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "revmech: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return CLI_USAGE;
}
