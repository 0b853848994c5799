/* cmd_archive.c - `revmech archive verify|head`: the check of the archive of
 * the dialogue against its Merkle tree and signed heads, and its current
 * signed head (issue 10; R94, R97).  Reads only. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "archive/archive.h"
#include "archive/verify.h"
#include "cli/cli.h"
#include "store/store.h"

static const char archive_usage[] =
	"usage: revmech archive verify --db PATH [--key-file F]\n"
	"       revmech archive head --db PATH [--key-file F]\n\n"
	"verify  checks every archived record against the Merkle tree and every signed\n"
	"        tree head, and every stored tree node; names the first record altered,\n"
	"        removed or reordered (exit 2).\n"
	"head    prints the current signed tree head as JSON.\n\n"
	"--key-file F is the TOTP key file of serve (default PATH.key); the archive\n"
	"keys are read from the archive key file beside it (F without .key, then\n"
	".archive.key), which is never created here.\n";

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

int cli_archive(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "key-file", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *key_file = NULL;
	char err[512], totp_key[1024], akey[1100];
	uint8_t pk[32];
	int c, rc = CLI_DATA;
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(archive_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "verify") && strcmp(sub, "head"))
		return cli_usage_error("archive", "unknown subcommand '%s' (verify, head)", sub);
	opterr = 0;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'k': key_file = optarg; break;
		case 'h': fputs(archive_usage, stdout); return CLI_OK;
		default: return cli_bad_option("archive", argv, optind, optopt);
		}
	}
	if (optind < argc)
		return cli_usage_error("archive", "unexpected argument '%s'", argv[optind]);
	if (!db)
		return cli_usage_error("archive", "--db PATH is required");
	if (!key_file && store_is_url(db))
		return cli_usage_error("archive", "--key-file F is required with a PostgreSQL --db");
	if (!key_file) {
		if ((size_t)snprintf(totp_key, sizeof totp_key, "%s.key", db) >= sizeof totp_key)
			return cli_usage_error("archive", "--db path too long for its key file");
		key_file = totp_key;
	}
	if (archive_key_path(key_file, akey, sizeof akey) < 0)
		return cli_usage_error("archive", "--key-file path too long");
	if (archive_key_load(akey, 0, err, sizeof err) < 0)
		return cli_data_error("archive", "%s", err);
	if (archive_public_key(pk) < 0)
		return cli_data_error("archive", "no archive key");
	struct store *s = store_open(db, store_is_url(db) ? 0 : STORE_READONLY, err, sizeof err);
	if (!s) {
		archive_key_unload();
		return cli_data_error("archive", "%s", err);
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
	if (archive_verify(s, pk, &res) < 0) {
		rc = cli_data_error("archive", "%s", res.what);
		goto out;
	}
	if (!res.ok) {
		rc = cli_data_error("archive", "verify failed: %s", res.what);
		goto out;
	}
	printf("archive verify: ok: %s\n", res.what);
	rc = CLI_OK;
out:
	store_close(s);
	archive_key_unload();
	return rc;
}
