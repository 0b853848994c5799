/* cmd_dialogue.c - `revmech dialogue remind`: queues the reminders of the
 * written observations due (issue 10; para 35, R86; dialogue/observation.h):
 * for every review whose phase stands at responses_submitted, each
 * reviewing State that has made no observation yet is reminded 30 and 7
 * days before the deadline (six months after the receipt of the
 * responses) and once when it has passed (the Secretariat too), each once,
 * in the recipient's language.  Meant to run daily (cron, systemd timer);
 * the sender of `serve` delivers them. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/remind_cmd.h"
#include "dialogue/observation.h"

static const char dialogue_usage[] =
	"usage: revmech dialogue remind --db PATH [--po DIR] [--today YYYY-MM-DD]\n\n"
	"remind  queues, once each, the reminders to reviewing States that have made\n"
	"        no written observation on the submitted responses of the State they\n"
	"        review: 30 and 7 days before the deadline (six months after receipt,\n"
	"        para 35) and when it has passed; in the recipient's language from the\n"
	"        catalogues of --po (default po).\n";

static int run(struct store *s, const char *today, char *detail, size_t dlen, char *err,
	       size_t errlen)
{
	int sent = observation_remind_all(s, today, err, errlen);
	if (sent < 0)
		return -1;
	snprintf(detail, dlen, "%d queued", sent);
	printf("%d reminder%s queued\n", sent, sent == 1 ? "" : "s");
	return 0;
}

int cli_dialogue(int argc, char **argv)
{
	static const struct remind_cmd r = { "dialogue", dialogue_usage, 1, "observation.remind",
					     run };
	return remind_cmd_main(&r, argc, argv);
}
