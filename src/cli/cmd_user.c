/* cmd_user.c - `revmech user` (accounts) and `revmech audit` (the audit
 * log), issue 4. */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"
#include "store/store.h"
#include "util/util.h"
#include "audit/audit.h"
#include "access/access.h"
#include "accounts/account.h"
#include "accounts/invite_csv.h"
#include "accounts/totp_reset.h"
#include "util/buf.h"
#include "i18n/i18n.h"

static const char user_usage[] =
	"usage: revmech user add --db PATH --email E --role R [--state CODE]\n"
	"                        [--instruments LIST] --password-stdin\n"
	"       revmech user list --db PATH\n"
	"       revmech user disable|enable --db PATH --email E\n"
	"       revmech user reset-totp --db PATH --email E [--po DIR]\n"
	"       revmech user invite-csv --db PATH --base-url URL [--lang L] [--by E]\n"
	"                        [--po DIR] FILE\n\n"
	"  add      creates an account; the password is read from the first line of\n"
	"           standard input (at least 12 characters, see docs/web.md)\n"
	"  list     prints every account, disabled ones included, tab-separated\n"
	"           under a header line: id, email, role, state (- for none),\n"
	"           totp (totp or -), status (active or disabled), created (UTC)\n"
	"  disable  refuses the account's logins, ends its sessions, revokes its API\n"
	"           tokens and its open invitations (also with no account yet)\n"
	"  enable   lets a disabled account log in again\n"
	"  reset-totp  clears the account's two-step verification and ends its\n"
	"           sessions (a lost authenticator, or a lost key file: needs no key);\n"
	"           the owner is e-mailed in their language (catalogues from --po DIR,\n"
	"           default ./po or the installed ones)\n"
	"  invite-csv  invites every person of a CSV file (the nominations of a Note\n"
	"           Verbale): a header line naming the columns email, role (required),\n"
	"           state, instruments, name, organisation, language; one line per\n"
	"           person.  All or nothing: any bad line (reported as \"line N, column X:\n"
	"           reason\"), an e-mail twice in the file, with an account or with an\n"
	"           open invitation, and nothing is created (exit 2).  Each invitation\n"
	"           is e-mailed in its line's language (--lang, default en, when empty)\n"
	"           with a link under --base-url, on behalf of --by (a Secretariat\n"
	"           account; default the oldest)\n\n"
	"Roles: secretariat, focal_point, expert, observer (these three need\n"
	"--state, an ISO 3166 alpha-3 code of the parties table), stakeholder.\n"
	"An expert acts for every instrument its State is party to unless\n"
	"--instruments narrows it (a comma list of untoc, tip, som, firearms; R20).\n";

/* Opens db for writing and brings its schema up to date.  Returns the
 * store (the caller closes it), or NULL after printing why. */
static struct store *user_store_open(const char *db)
{
	char err[512];
	struct store *s = store_open(db, 0, err, sizeof err);
	if (!s) {
		cli_data_error("user", "%s", err);
		return NULL;
	}
	if (store_migrate(s) < 0) {
		cli_data_error("user", "migration failed: %s", store_errmsg(s));
		store_close(s);
		return NULL;
	}
	return s;
}

static int user_add(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "email", required_argument, NULL, 'e' },
		{ "role", required_argument, NULL, 'r' },
		{ "state", required_argument, NULL, 's' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "instruments", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *email = NULL, *role = NULL, *state = NULL, *instr = NULL;
	int pw_stdin = 0, c, rc = CLI_DATA;
	char pw[1024], err[512], actor[64];
	struct store *s = NULL;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'e': email = optarg; break;
		case 'r': role = optarg; break;
		case 's': state = optarg; break;
		case 'p': pw_stdin = 1; break;
		case 'i': instr = optarg; break;
		case 'h': fputs(user_usage, stdout); return CLI_OK;
		default: return cli_bad_option("user", argv, optind, optopt);
		}
	}
	if (optind < argc)
		return cli_usage_error("user", "unexpected argument '%s'", argv[optind]);
	if (!db)
		return cli_usage_error("user", "--db PATH is required");
	if (!email)
		return cli_usage_error("user", "--email E is required");
	if (!role)
		return cli_usage_error("user", "--role R is required");
	if (account_role_parse(role) == ROLE_NONE)
		return cli_usage_error("user", "--role '%s' is not one of secretariat, focal_point, "
				       "expert, observer, stakeholder", role);
	/* Which roles act for a State is a rule of the command line's grammar,
	 * so its breach is a usage error (1), like a wrong --role. */
	if (account_role_has_state(account_role_parse(role)) && !state)
		return cli_usage_error("user", "--role %s needs --state CODE (the State it acts "
				       "for, e.g. FRA)", role);
	if (!account_role_has_state(account_role_parse(role)) && state)
		return cli_usage_error("user", "--role %s takes no --state", role);
	if (instr && account_role_parse(role) != ROLE_EXPERT)
		return cli_usage_error("user", "--instruments is for --role expert only (R20)");
	if (!pw_stdin)
		return cli_usage_error("user", "--password-stdin is required (passwords are never "
				       "taken from the command line)");
	if (!fgets(pw, sizeof pw, stdin))
		return cli_data_error("user", "no password on standard input");
	pw[strcspn(pw, "\r\n")] = '\0';
	if ((s = user_store_open(db)) == NULL)
		goto out; /* rc is CLI_DATA */
	/* The account and its instruments in one transaction: a bad list
	 * leaves no half-made expert behind. */
	if (store_begin(s) < 0) {
		rc = cli_data_error("user", "%s", store_errmsg(s));
		goto out;
	}
	int64_t id = account_create(s, email, role, state, pw, err, sizeof err);
	if (id < 0 || (instr && account_set_instruments(s, id, instr, err, sizeof err) < 0)) {
		store_rollback(s);
		rc = cli_data_error("user", "%s", err);
		goto out;
	}
	cli_actor(actor, sizeof actor);
	audit_log(s, actor, "local", "user.create", email, role);
	if (store_commit(s) < 0) {
		rc = cli_data_error("user", "%s", store_errmsg(s));
		goto out;
	}
	printf("created account %lld for %s (%s%s%s%s%s)\n", (long long)id, email, role,
	       state ? ", " : "", state ? state : "", instr ? ", instruments " : "",
	       instr ? instr : "");
	rc = CLI_OK;
out:
	sodium_memzero(pw, sizeof pw);
	store_close(s);
	return rc;
}

static int user_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL;
	char err[512];
	int c, rc = CLI_DATA;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h': fputs(user_usage, stdout); return CLI_OK;
		default: return cli_bad_option("user", argv, optind, optopt);
		}
	}
	if (!db)
		return cli_usage_error("user", "--db PATH is required");
	struct store *s = store_open(db, STORE_READONLY, err, sizeof err);
	if (!s)
		return cli_data_error("user", "%s", err);
	struct account *users = NULL;
	size_t n = 0;
	if (account_list(s, ACCOUNT_BY_ID, &users, &n) < 0) {
		rc = cli_data_error("user", "%s", store_errmsg(s));
		goto out;
	}
	/* Every account, disabled ones included (status says which). */
	puts("id\temail\trole\tstate\ttotp\tstatus\tcreated");
	for (size_t i = 0; i < n; i++)
		printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\n", (long long)users[i].id, users[i].email,
		       users[i].role_name, users[i].state[0] ? users[i].state : "-",
		       users[i].totp_enabled ? "totp" : "-",
		       users[i].disabled ? "disabled" : "active", users[i].created);
	free(users);
	rc = CLI_OK;
out:
	store_close(s);
	return rc;
}

static int user_disable(int argc, char **argv, int disable)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "email", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *email = NULL;
	char actor[64];
	int c, rc = CLI_DATA;
	struct store *s = NULL;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'e': email = optarg; break;
		case 'h': fputs(user_usage, stdout); return CLI_OK;
		default: return cli_bad_option("user", argv, optind, optopt);
		}
	}
	if (optind < argc)
		return cli_usage_error("user", "unexpected argument '%s'", argv[optind]);
	if (!db)
		return cli_usage_error("user", "--db PATH is required");
	if (!email)
		return cli_usage_error("user", "--email E is required");
	if ((s = user_store_open(db)) == NULL)
		goto out; /* rc is CLI_DATA */
	int r = account_set_disabled(s, email, disable);
	if (r < 0) {
		rc = cli_data_error("user", "%s", store_errmsg(s));
		goto out;
	}
	if (r == 0) {
		rc = cli_data_error("user", "no account or open invitation for %s", email);
		goto out;
	}
	cli_actor(actor, sizeof actor);
	audit_log(s, actor, "local", disable ? "user.disable" : "user.enable", email, "");
	printf("%s %s\n", disable ? "disabled (sessions ended, tokens and invitations revoked):"
		: "enabled:", email);
	rc = CLI_OK;
out:
	store_close(s);
	return rc;
}

/* Loads the catalogues for the e-mails a command queues (the owner's
 * language): --po DIR, else $REVMECH_PO, else ./po, else the installed
 * ones.  Without them the e-mails are in English; the command says so. */
static void user_load_po(const char *dir)
{
	char err[512], probe[600];
	if (!dir || !*dir)
		dir = getenv("REVMECH_PO");
	if (!dir || !*dir) {
		snprintf(probe, sizeof probe, "po/en.po");
		dir = access(probe, R_OK) == 0 ? "po" : RM_DATADIR "/po";
	}
	if (i18n_load(dir, err, sizeof err) != 0)
		fprintf(stderr, "revmech: e-mails in English only: %s\n", err);
}

static int user_reset_totp(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "email", required_argument, NULL, 'e' },
		{ "po", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *email = NULL, *po = NULL;
	char actor[64];
	int c, rc = CLI_DATA;
	struct store *s = NULL;
	struct account u;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'e': email = optarg; break;
		case 'p': po = optarg; break;
		case 'h': fputs(user_usage, stdout); return CLI_OK;
		default: return cli_bad_option("user", argv, optind, optopt);
		}
	}
	if (optind < argc)
		return cli_usage_error("user", "unexpected argument '%s'", argv[optind]);
	if (!db)
		return cli_usage_error("user", "--db PATH is required");
	if (!email)
		return cli_usage_error("user", "--email E is required");
	if ((s = user_store_open(db)) == NULL)
		goto out; /* rc is CLI_DATA */
	cli_actor(actor, sizeof actor);
	user_load_po(po);
	int r = account_reset_totp(s, email, actor, "local", &u);
	if (r < 0) {
		rc = cli_data_error("user", "%s", store_errmsg(s));
		goto out;
	}
	if (r == 0) {
		rc = cli_data_error("user", "no account for %s", email);
		goto out;
	}
	printf("two-step verification reset (sessions ended, owner e-mailed): %s\n", u.email);
	rc = CLI_OK;
out:
	i18n_free();
	store_close(s);
	return rc;
}

/* The Secretariat account invitations are made on behalf of: by (an
 * e-mail), else the oldest Secretariat account.  Returns its id, 0 when
 * there is none, -1 on a store error. */
static int64_t inviter(struct store *s, const char *by)
{
	struct account u;
	if (by) {
		int r = account_by_email(s, by, &u);
		if (r < 0)
			return -1;
		if (r == 0)
			return 0;
		/* Whose name an invitation may carry is the access module's. */
		struct access_actor a = { ACCESS_ANONYMOUS, NULL, 0 };
		struct access_object o = { .account = &u };
		return access_allowed(&a, ACCESS_INVITE_ON_BEHALF, &o) ? u.id : 0;
	}
	int r = account_oldest_enabled(s, "secretariat", &u);
	return r < 0 ? -1 : r == 1 ? u.id : 0;
}

static int user_invite_csv(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "base-url", required_argument, NULL, 'b' },
		{ "lang", required_argument, NULL, 'l' },
		{ "by", required_argument, NULL, 'y' },
		{ "po", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *base = NULL, *lang = "en", *by = NULL, *po = NULL;
	char err[512], actor[64], detail[64], url[256];
	char *data = NULL;
	size_t len = 0;
	int c, rc = CLI_DATA;
	struct store *s = NULL;
	struct buf errors = { 0 };
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'b': base = optarg; break;
		case 'l': lang = optarg; break;
		case 'y': by = optarg; break;
		case 'p': po = optarg; break;
		case 'h': fputs(user_usage, stdout); return CLI_OK;
		default: return cli_bad_option("user", argv, optind, optopt);
		}
	}
	if (!db)
		return cli_usage_error("user", "--db PATH is required");
	if (optind + 1 != argc)
		return cli_usage_error("user", "invite-csv takes one FILE (the CSV of nominations)");
	if (!base)
		return cli_usage_error("user", "--base-url URL is required (the public address the "
				       "invitation links start with, as for serve)");
	if (strncmp(base, "http://", 7) != 0 && strncmp(base, "https://", 8) != 0)
		return cli_usage_error("user", "--base-url must start with http:// or https://");
	if (strpbrk(base, " \t\r\n\"'<>\\?#") || util_strlcpy(url, base, sizeof url) < 0)
		return cli_usage_error("user", "--base-url '%s' is not a plain address", base);
	for (size_t n = strlen(url); n > 0 && url[n - 1] == '/'; n--)
		url[n - 1] = '\0';
	if (!i18n_find(lang))
		return cli_usage_error("user", "--lang '%s' is not one of ar, zh, en, fr, ru, es", lang);
	if (util_read_file(argv[optind], 4u << 20, &data, &len, err, sizeof err) < 0) {
		rc = cli_data_error("user", "%s", err);
		goto out;
	}
	if ((s = user_store_open(db)) == NULL)
		goto out; /* rc is CLI_DATA */
	int64_t uid = inviter(s, by);
	if (uid <= 0) {
		if (uid < 0)
			rc = cli_data_error("user", "%s", store_errmsg(s));
		else if (by)
			rc = cli_data_error("user", "%s is not an enabled Secretariat account", by);
		else
			rc = cli_data_error("user", "no enabled Secretariat account to invite on "
					    "behalf of (revmech user add --role secretariat)");
		goto out;
	}
	user_load_po(po);
	long n = invite_csv_import(s, data, len, lang, url, uid, &errors);
	if (n < 0) {
		rc = cli_data_error("user", "%s (nothing created)", store_errmsg(s));
		goto out;
	}
	if (n == 0) {
		fprintf(stderr, "revmech user: %s: nothing created:\n%s", argv[optind],
			buf_str(&errors));
		goto out;
	}
	cli_actor(actor, sizeof actor);
	snprintf(detail, sizeof detail, "%ld invitations from a CSV file", n);
	audit_log(s, actor, "local", "invite.csv", argv[optind], detail);
	printf("%ld invitations created and e-mailed (through the outbox)\n", n);
	rc = CLI_OK;
out:
	buf_free(&errors);
	free(data);
	i18n_free();
	store_close(s);
	return rc;
}

int cli_user(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("user", "missing subcommand (add, list, disable or enable)");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(user_usage, stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "add") == 0)
		return user_add(argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return user_list(argc - 1, argv + 1);
	if (strcmp(argv[1], "disable") == 0 || strcmp(argv[1], "enable") == 0)
		return user_disable(argc - 1, argv + 1, argv[1][0] == 'd');
	if (strcmp(argv[1], "invite-csv") == 0)
		return user_invite_csv(argc - 1, argv + 1);
	if (strcmp(argv[1], "reset-totp") == 0)
		return user_reset_totp(argc - 1, argv + 1);
	return cli_usage_error("user", "unknown subcommand '%s' (add, list, disable, enable, reset-totp or invite-csv)",
			       argv[1]);
}

static const char audit_usage[] =
	"usage: revmech audit --db PATH [--since T] [--user E]\n\n"
	"Prints the audit log, oldest first, one entry a line, tab-separated:\n"
	"time (UTC), who, from where, action, object, detail.\n\n"
	"  --since T   entries at or after T (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)\n"
	"  --user E    entries of one account (e-mail) or actor (e.g. cli:root)\n";

static int since_ok(const char *t)
{
	size_t n = strlen(t);
	if (n != 10 && n != 20)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char want = "dddd-dd-ddTdd:dd:ddZ"[i];
		if (want == 'd' ? !(t[i] >= '0' && t[i] <= '9') : t[i] != want)
			return 0;
	}
	return 1;
}

int cli_audit(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "since", required_argument, NULL, 's' },
		{ "user", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *since = NULL, *user = NULL;
	char err[512];
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 's': since = optarg; break;
		case 'u': user = optarg; break;
		case 'h': fputs(audit_usage, stdout); return CLI_OK;
		default: return cli_bad_option("audit", argv, optind, optopt);
		}
	}
	if (optind < argc)
		return cli_usage_error("audit", "unexpected argument '%s'", argv[optind]);
	if (!db)
		return cli_usage_error("audit", "--db PATH is required");
	if (since && !since_ok(since))
		return cli_usage_error("audit", "--since '%s' is not YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ", since);
	struct store *s = store_open(db, STORE_READONLY, err, sizeof err);
	if (!s)
		return cli_data_error("audit", "%s", err);
	long n = audit_print(s, since, user, stdout);
	int rc = CLI_OK;
	if (n < 0)
		rc = cli_data_error("audit", "%s (is the schema up to date? revmech migrate)",
				    store_errmsg(s));
	store_close(s);
	return rc;
}
