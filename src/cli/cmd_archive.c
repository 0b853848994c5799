/* cmd_archive.c - `revmech archive verify|head|append`: the check of the
 * archive of the dialogue against its Merkle tree and signed heads, its
 * current signed head, and archiving a file (notes of a call or meeting,
 * para 36) from the command line (issue 10; R94, R97).  verify and head
 * only read. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "archive/archive.h"
#include "archive/verify.h"
#include "audit/audit.h"
#include "cli/cli.h"
#include "dialogue/observation.h"
#include "store/store.h"
#include "util/util.h"

static const char archive_usage[] =
	"usage: revmech archive verify --db PATH [--key-file F] [--quick] [--content]\n"
	"       revmech archive head --db PATH [--key-file F]\n"
	"       revmech archive append --db PATH [--key-file F] --author EMAIL --title T\n"
	"                              --file F [--kind K] [--media-type TYPE]\n"
	"                              (--thread ID | --reviewed CODE --phase N\n"
	"                               --instrument CODE [--reviewers CODE,CODE])\n\n"
	"verify  checks every archived record against the Merkle tree and every signed\n"
	"        tree head, and every stored tree node; names the first record altered,\n"
	"        removed or reordered (exit 2).  --quick checks the signature of the\n"
	"        latest head only (every head's root is still compared).  Then every\n"
	"        thread (archive_threads) and observation's metadata\n"
	"        (dialogue_observations) against the record that archived it.\n"
	"        --content also opens every record and checks its content against\n"
	"        its commitment (nothing is shown).\n"
	"head    prints the current signed tree head as JSON.\n"
	"append  archives the file F (e.g. the notes of a call or meeting, para 36) in\n"
	"        thread ID or in a new thread of a review, phase and instrument; K is\n"
	"        message, attachment, call_record (default) or agreement.  Prints the\n"
	"        record's id and thread as JSON.  Archived records are never changed.\n\n"
	"--key-file F is the TOTP key file of serve (default PATH.key); the archive\n"
	"keys are read from the archive key file beside it (F without .key, then\n"
	".archive.key), which only append creates when missing.\n";

static void print_head(const struct archive_head *h, const uint8_t pk[32])
{
	char root[65], sig[129], key[65];
	sodium_bin2hex(root, sizeof root, h->root, sizeof h->root);
	sodium_bin2hex(sig, sizeof sig, h->sig, sizeof h->sig);
	sodium_bin2hex(key, sizeof key, pk, 32);
	printf("{\"tree_size\": %llu, \"timestamp\": \"%s\", \"root_hash\": \"%s\", "
	       "\"signature\": \"%s\", \"public_key\": \"%s\"}\n", (unsigned long long)h->size,
	       h->at, root, sig, key);
}

struct append_opts {
	const char *author, *title, *file, *kind, *media_type, *thread, *reviewed, *phase;
	const char *instrument, *reviewers;
};

/* One record in one transaction, with its audit entry. */
static int append_cmd(struct store *s, const struct append_opts *o)
{
	char err[512], actor[64], obj[48];
	char *body = NULL;
	size_t len = 0;
	long v = 0;
	int64_t thread = 0, id = -1;
	int rc = CLI_DATA;
	if (util_read_file(o->file, 64u << 20, &body, &len, err, sizeof err) < 0)
		return cli_data_error("archive", "%s", err);
	if (store_begin(s) != 0) {
		rc = cli_data_error("archive", "%s", store_errmsg(s));
		goto out;
	}
	if (o->thread) {
		if (util_parse_long(o->thread, 1, 1L << 62, &v) < 0) {
			rc = cli_usage_error("archive", "--thread '%s' is not a thread id", o->thread);
			goto rollback;
		}
		thread = v;
	} else {
		if (util_parse_long(o->phase, 1, 4, &v) < 0) {
			rc = cli_usage_error("archive", "--phase '%s' is not 1 to 4", o->phase);
			goto rollback;
		}
		thread = archive_thread_open(s, o->reviewed, (int)v, o->instrument,
					     o->reviewers ? o->reviewers : "", err, sizeof err);
		if (thread < 0) {
			rc = cli_data_error("archive", "%s", err);
			goto rollback;
		}
	}
	struct archive_item it = { o->kind ? o->kind : ARCHIVE_KIND_CALL, thread, o->author,
				   o->title, o->media_type ? o->media_type : "text/plain", body,
				   len };
	id = archive_append(s, &it, err, sizeof err);
	if (id < 0) {
		rc = cli_data_error("archive", "%s", err);
		goto rollback;
	}
	cli_actor(actor, sizeof actor);
	snprintf(obj, sizeof obj, "archive %lld", (long long)id);
	if (audit_log(s, actor, "-", "archive.append", obj, it.kind) < 0 || store_commit(s) != 0) {
		rc = cli_data_error("archive", "%s", store_errmsg(s));
		goto rollback;
	}
	printf("{\"id\": %lld, \"thread\": %lld}\n", (long long)id, (long long)thread);
	rc = CLI_OK;
	goto out;
rollback:
	store_rollback(s);
out:
	free(body);
	return rc;
}

int cli_archive(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "key-file", required_argument, NULL, 'k' },
		{ "author", required_argument, NULL, 'a' },
		{ "title", required_argument, NULL, 't' },
		{ "file", required_argument, NULL, 'f' },
		{ "kind", required_argument, NULL, 'K' },
		{ "media-type", required_argument, NULL, 'm' },
		{ "thread", required_argument, NULL, 'T' },
		{ "reviewed", required_argument, NULL, 'r' },
		{ "phase", required_argument, NULL, 'p' },
		{ "instrument", required_argument, NULL, 'i' },
		{ "reviewers", required_argument, NULL, 'R' },
		{ "quick", no_argument, NULL, 'Q' },
		{ "content", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *key_file = NULL;
	struct append_opts ao = { 0 };
	char err[512], totp_key[1024], akey[1100];
	uint8_t pk[32];
	int c, rc = CLI_DATA, quick = 0, content = 0;
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(archive_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	const char *sub = argv[1];
	int append = !strcmp(sub, "append");
	if (strcmp(sub, "verify") && strcmp(sub, "head") && !append)
		return cli_usage_error("archive", "unknown subcommand '%s' (verify, head, append)",
				       sub);
	opterr = 0;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'k': key_file = optarg; break;
		case 'a': ao.author = optarg; break;
		case 't': ao.title = optarg; break;
		case 'f': ao.file = optarg; break;
		case 'K': ao.kind = optarg; break;
		case 'm': ao.media_type = optarg; break;
		case 'T': ao.thread = optarg; break;
		case 'r': ao.reviewed = optarg; break;
		case 'p': ao.phase = optarg; break;
		case 'i': ao.instrument = optarg; break;
		case 'R': ao.reviewers = optarg; break;
		case 'Q': quick = 1; break;
		case 'C': content = 1; break;
		case 'h': fputs(archive_usage, stdout); return CLI_OK;
		default: return cli_bad_option("archive", argv, optind, optopt);
		}
	}
	if (optind < argc)
		return cli_usage_error("archive", "unexpected argument '%s'", argv[optind]);
	if (!db)
		return cli_usage_error("archive", "--db PATH is required");
	if (append && (!ao.author || !ao.title || !ao.file))
		return cli_usage_error("archive", "append needs --author, --title and --file");
	if (append && !ao.thread == !(ao.reviewed && ao.phase && ao.instrument))
		return cli_usage_error("archive", "append needs --thread ID, or --reviewed, --phase "
				       "and --instrument for a new thread");
	if (!append && (ao.author || ao.title || ao.file || ao.thread || ao.reviewed))
		return cli_usage_error("archive", "--author, --title, --file, --thread and "
				       "--reviewed belong to append");
	if (!key_file && store_is_url(db))
		return cli_usage_error("archive", "--key-file F is required with a PostgreSQL --db");
	if (!key_file) {
		if ((size_t)snprintf(totp_key, sizeof totp_key, "%s.key", db) >= sizeof totp_key)
			return cli_usage_error("archive", "--db path too long for its key file");
		key_file = totp_key;
	}
	if (archive_key_path(key_file, akey, sizeof akey) < 0)
		return cli_usage_error("archive", "--key-file path too long");
	if (archive_key_load(akey, append, err, sizeof err) < 0)
		return cli_data_error("archive", "%s", err);
	if (archive_public_key(pk) < 0)
		return cli_data_error("archive", "no archive key");
	struct store *s = store_open(db, store_is_url(db) || append ? 0 : STORE_READONLY, err,
				     sizeof err);
	if (!s) {
		archive_key_unload();
		return cli_data_error("archive", "%s", err);
	}
	if (append) {
		rc = store_migrate(s) < 0 ? cli_data_error("archive", "%s", store_errmsg(s))
					  : append_cmd(s, &ao);
		goto out;
	}
	if (!strcmp(sub, "head")) {
		struct archive_head h;
		if (archive_head_latest(s, &h) < 0)
			rc = cli_data_error("archive", "no head: %s", store_errmsg(s));
		else {
			print_head(&h, pk);
			rc = CLI_OK;
		}
		goto out;
	}
	struct archive_verify_result res;
	if (archive_verify(s, pk, !quick, &res) < 0) {
		rc = cli_data_error("archive", "%s", res.what);
		goto out;
	}
	if (!res.ok) {
		rc = cli_data_error("archive", "verify failed: %s", res.what);
		goto out;
	}
	/* Beside the tree (migration 0053): the rows the records archive,
	 * and with --content every record's content. */
	struct archive_verify_result rt, ro, rcn;
	if (archive_verify_threads(s, &rt) < 0 || observation_meta_verify(s, &ro) < 0) {
		rc = cli_data_error("archive", "%s", rt.ok ? ro.what : rt.what);
		goto out;
	}
	if (!rt.ok || !ro.ok) {
		rc = cli_data_error("archive", "verify failed: %s", !rt.ok ? rt.what : ro.what);
		goto out;
	}
	if (content) {
		if (archive_verify_content(s, &rcn) < 0) {
			rc = cli_data_error("archive", "%s", rcn.what);
			goto out;
		}
		if (!rcn.ok) {
			rc = cli_data_error("archive", "verify failed: %s", rcn.what);
			goto out;
		}
	}
	printf("archive verify: ok: %s; %s; %s%s%s\n", res.what, rt.what, ro.what,
	       content ? "; " : "", content ? rcn.what : "");
	rc = CLI_OK;
out:
	store_close(s);
	archive_key_unload();
	return rc;
}
