/* cmd_response.c - `revmech response remind`: queues the reminders of the
 * self-assessment responses due as of now -- 30 and 7 days before the
 * deadline of para 34 and once when it has passed (overdue, the
 * Secretariat told too) -- each once, in the recipient's language
 * (issue 9; R91, C12; response/submit.h), together with those of the
 * people (focal points, experts: review/people.h), as the periodic job of
 * `serve` does (cli/reminders.h).  For a deployment that runs `serve
 * --reminders-interval 0` and a cron job or systemd timer instead. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/remind_cmd.h"
#include "cli/reminders.h"

static const char response_usage[] =
	"usage: revmech response remind --db PATH [--po DIR] [--now YYYY-MM-DDTHH:MM:SSZ]\n"
	"       revmech response uncac --db PATH STATE PHASE [--set yes|no ...] (C27;\n"
	"       revmech response uncac --help)\n\n"
	"remind  queues, once each, the reminders due as of --now (default: now): to\n"
	"        the reviewed State's focal point (its Permanent Representative until\n"
	"        one is named) 30 and 7 days before the deadline of its responses, and\n"
	"        once when it has passed (the Secretariat told too); and those of\n"
	"        `revmech people remind`.  Messages are in each recipient's language\n"
	"        from the catalogues of --po (default po).  `serve` runs the same\n"
	"        every hour (--reminders-interval).\n";

static int run(struct store *s, const char *now, char *detail, size_t dlen, char *err,
	       size_t errlen)
{
	int people = 0, responses = 0;
	if (reminders_run(s, now, &people, &responses, err, errlen) < 0)
		return -1;
	snprintf(detail, dlen, "%d responses, %d people queued", responses, people);
	printf("%d response reminder%s queued, %d people reminder%s queued\n", responses,
	       responses == 1 ? "" : "s", people, people == 1 ? "" : "s");
	return 0;
}

int cli_response(int argc, char **argv)
{
	static const struct remind_cmd r = { "response", response_usage, 0, "response.remind",
					     run };
	if (argc >= 2 && !strcmp(argv[1], "uncac")) /* q9 (C27): cmd_uncac.c */
		return cli_response_uncac(argc, argv);
	return remind_cmd_main(&r, argc, argv);
}
