/* cmd_people.c - `revmech people remind`: queues the reminders due to
 * States that have not named their focal point or experts by the deadlines
 * of the cohort's launch (issue 9; paras 18, 27; review/people.h), each
 * once, in the recipient's language.  Meant to run daily (cron, systemd
 * timer); the sender of `serve` delivers them. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/remind_cmd.h"
#include "review/people.h"

static const char people_usage[] =
	"usage: revmech people remind --db PATH [--po DIR] [--now YYYY-MM-DDTHH:MM:SSZ]\n\n"
	"remind  queues, once each, the reminders to States without a focal point\n"
	"        (due two weeks after their cohort's launch) or without experts (four\n"
	"        weeks), from three days before each deadline; the messages are in\n"
	"        the recipient's language from the catalogues of --po (default po).\n";

static int run(struct store *s, const char *now, char *detail, size_t dlen, char *err,
	       size_t errlen)
{
	int n = people_remind(s, now, err, errlen);
	if (n < 0)
		return -1;
	snprintf(detail, dlen, "%d queued", n);
	printf("%d reminder%s queued\n", n, n == 1 ? "" : "s");
	return 0;
}

int cli_people(int argc, char **argv)
{
	static const struct remind_cmd r = { "people", people_usage, 0, "people.remind", run };
	return remind_cmd_main(&r, argc, argv);
}
