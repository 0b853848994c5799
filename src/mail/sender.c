/* sender.c - see sender.h. */
#include "mail/sender.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mail/outbox.h"
#include "store/store.h"

static struct {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int running, stop;
	struct mail_sender_config cfg;
} sender = { .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };

void mail_sender_config_default(struct mail_sender_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->retry_base = 30;
	cfg->lease = 300;
	cfg->poll_ms = 1000;
	cfg->smtp.from = "revmech@localhost";
	cfg->smtp.timeout = 60;
}

/* One message: 1 delivered, 0 none due or not delivered, -1 store error. */
static int deliver_one(const struct mail_sender_config *cfg, struct store *s)
{
	struct outbox_msg m;
	char err[256];
	int c = outbox_claim(s, &m), rc = 0;
	if (c <= 0)
		return c;
	enum smtp_result r = smtp_deliver(&cfg->smtp, &m, err, sizeof err);
	if (r == SMTP_SENT) {
		/* Right after the acceptance: from here on it is never sent
		 * again.  A crash between the two leaves the claim, which
		 * comes back after the lease: the one window for a copy,
		 * recognisable by its Message-ID. */
		rc = outbox_mark_sent(s, &m) == 0 ? 1 : -1;
	} else {
		fprintf(stderr, "revmech mail: message %lld to %s not delivered: %s\n",
			(long long)m.id, m.recipient, err);
		rc = outbox_mark_failed(s, &m, err, r == SMTP_PERMANENT, cfg->retry_base) == 0 ? 0 : -1;
	}
	outbox_msg_free(&m);
	return rc;
}

int mail_sender_run_once(const struct mail_sender_config *cfg, struct store *s)
{
	int n = 0, r;
	if (outbox_recover(s, cfg->lease) < 0)
		return -1;
	/* Bounded: a message that fails is re-queued with a later time and
	 * is not due again in this pass. */
	while ((r = deliver_one(cfg, s)) != 0) {
		if (r < 0)
			return -1;
		n++;
	}
	return n;
}

static int should_stop(long wait_ms)
{
	struct timespec ts;
	int stop;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += wait_ms / 1000;
	ts.tv_nsec += (wait_ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&sender.lock);
	if (!sender.stop && wait_ms > 0)
		pthread_cond_timedwait(&sender.cond, &sender.lock, &ts);
	stop = sender.stop;
	pthread_mutex_unlock(&sender.lock);
	return stop;
}

static void *sender_main(void *arg)
{
	(void)arg;
	char err[256];
	struct store *s = store_open(sender.cfg.db_path, 0, err, sizeof err);
	if (!s) {
		fprintf(stderr, "revmech mail: sender stopped: %s\n", err);
		return NULL;
	}
	while (!should_stop(0)) {
		int r;
		if (outbox_recover(s, sender.cfg.lease) < 0)
			r = -1;
		else
			r = deliver_one(&sender.cfg, s);
		store_end_work(s);
		if (r < 0)
			fprintf(stderr, "revmech mail: store error: %s\n", store_errmsg(s));
		if (r != 1 && should_stop(r < 0 ? 5000 : sender.cfg.poll_ms))
			break;
	}
	store_close(s);
	return NULL;
}

int mail_sender_start(const struct mail_sender_config *cfg, char *err, size_t errlen)
{
	sigset_t set, old;
	int rc;
	sender.cfg = *cfg;
	sender.stop = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, &old); /* the new thread inherits it */
	rc = pthread_create(&sender.thread, NULL, sender_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		snprintf(err, errlen, "cannot start the mail sender thread");
		return -1;
	}
	sender.running = 1;
	return 0;
}

void mail_sender_stop(void)
{
	if (!sender.running)
		return;
	pthread_mutex_lock(&sender.lock);
	sender.stop = 1;
	pthread_cond_signal(&sender.cond);
	pthread_mutex_unlock(&sender.lock);
	pthread_join(sender.thread, NULL);
	sender.running = 0;
}
