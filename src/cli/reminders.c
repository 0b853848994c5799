/* reminders.c - see reminders.h. */
#include "cli/reminders.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "dialogue/observation.h"
#include "response/submit.h"
#include "review/people.h"
#include "store/store.h"
#include "util/util.h"

int reminders_run(struct store *s, const char *now, int *people, int *responses, char *err,
		  size_t errlen)
{
	char at[32], day[11];
	*people = *responses = 0;
	if (now)
		util_strlcpy(at, now, sizeof at);
	else
		util_now_iso(at, sizeof at);
	snprintf(day, sizeof day, "%.10s", at);
	int p = people_remind(s, at, err, errlen);
	if (p < 0)
		return -1;
	*people = p;
	int r = response_remind(s, day, err, errlen);
	if (r < 0)
		return -1;
	*responses = r;
	return 0;
}

/* ---- The thread of `serve` ---- */

static struct {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int running, stop;
	const char *db_path;
	long interval;
} job = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

/* One run on s, audited when it queued something or failed. */
static void run_audited(struct store *s)
{
	char err[512], detail[128];
	int p = 0, r = 0, o;
	if (reminders_run(s, NULL, &p, &r, err, sizeof err) < 0 ||
	    (o = observation_remind_all(s, NULL, err, sizeof err)) < 0) {
		fprintf(stderr, "revmech serve: reminders: %s\n", err);
		snprintf(detail, sizeof detail, "failed: %.80s", err);
		audit_log(s, "revmech serve", "-", "reminders.run", "-", detail);
		return;
	}
	if (p + r + o > 0) {
		snprintf(detail, sizeof detail, "%d people, %d responses, %d observations queued", p,
			 r, o);
		audit_log(s, "revmech serve", "-", "reminders.run", "-", detail);
	}
}

static void *job_main(void *arg)
{
	(void)arg;
	char err[512];
	struct store *s = store_open(job.db_path, 0, err, sizeof err);
	if (!s)
		fprintf(stderr, "revmech serve: reminders: %s\n", err);
	pthread_mutex_lock(&job.mu);
	while (!job.stop) {
		pthread_mutex_unlock(&job.mu);
		if (s)
			run_audited(s);
		pthread_mutex_lock(&job.mu);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += job.interval;
		while (!job.stop) {
			int rc = pthread_cond_timedwait(&job.cv, &job.mu, &until);
			if (rc == ETIMEDOUT)
				break;
		}
	}
	pthread_mutex_unlock(&job.mu);
	if (s)
		store_close(s);
	return NULL;
}

int reminders_start(const char *db_path, long interval, char *err, size_t errlen)
{
	sigset_t block, old;
	if (!db_path || interval < 1) {
		snprintf(err, errlen, "reminders: a database and an interval are needed");
		return -1;
	}
	job.db_path = db_path;
	job.interval = interval;
	job.stop = 0;
	/* The thread inherits the mask: termination signals go to sigwait(). */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	int rc = pthread_create(&job.thread, NULL, job_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		snprintf(err, errlen, "reminders: cannot start the thread: %s", strerror(rc));
		return -1;
	}
	job.running = 1;
	return 0;
}

void reminders_stop(void)
{
	if (!job.running)
		return;
	pthread_mutex_lock(&job.mu);
	job.stop = 1;
	pthread_cond_signal(&job.cv);
	pthread_mutex_unlock(&job.mu);
	pthread_join(job.thread, NULL);
	job.running = 0;
}
